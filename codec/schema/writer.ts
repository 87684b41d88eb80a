/**
 * A growable output buffer for the generic encoder (the hot-path writers in
 * codec/ofNN/writers write into caller-owned buffers instead).
 */
export class GrowBuffer {
  buf: Buffer;
  pos = 0;
  /**
   * `pooled`: take the first block from Node's shared allocation pool
   * (uninitialised; both encoders write every byte, padding included).
   */
  constructor(initial = 256, pooled = false) {
    this.buf = pooled ? Buffer.allocUnsafe(initial) : Buffer.alloc(initial);
  }
  ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + n) size *= 2;
    const next = Buffer.alloc(size);
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }
  zeros(n: number): void {
    this.ensure(n);
    this.buf.fill(0, this.pos, this.pos + n);
    this.pos += n;
  }
  bytes(src: Uint8Array): void {
    this.ensure(src.length);
    this.buf.set(src, this.pos);
    this.pos += src.length;
  }
  /** A copy of what was written. */
  result(): Buffer {
    return Buffer.from(this.buf.subarray(0, this.pos));
  }
}
