/**
 * The caller-owned output buffer every hot-path writer appends to.
 *
 * Usage: allocate one OutBuffer per connection (or per batch), call writers
 * (each appends one message at `pos` and advances `pos`), hand
 * `out.buf.subarray(0, out.pos)` to the socket, and `reset()` once the socket
 * is done with those bytes (socket.write's callback: it keeps using the
 * buffer until then). Writers never allocate; the buffer grows (by copying)
 * only when a message would not fit, so size it for a burst.
 *
 * Writers write every byte of what they append (pads included), so a reused
 * buffer never leaks old bytes into a message.
 */
export class OutBuffer {
  buf: Buffer;
  pos = 0;
  constructor(size = 64 * 1024) {
    this.buf = Buffer.alloc(size);
  }
  /** Make room for n more bytes at pos (may replace `buf`: re-read it after calling). */
  ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let size = this.buf.length * 2 || 256;
    while (size < this.pos + n) size *= 2;
    const next = Buffer.alloc(size);
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }
  reset(): void {
    this.pos = 0;
  }
  /** What was written since the last reset (a view, not a copy). */
  bytes(): Buffer {
    return this.buf.subarray(0, this.pos);
  }
}

/** Patch a u16 length field at `at` with the bytes written since `start`. */
export function patchLength16(out: OutBuffer, at: number, start: number): void {
  const n = out.pos - start;
  if (n > 0xffff) throw new RangeError(`writer: ${n}-byte message is over the 65535-byte OpenFlow limit`);
  out.buf.writeUInt16BE(n, at);
}

/** Append zero bytes so the region since `start` is a multiple of `to`. Returns the pad size. */
export function padTo(out: OutBuffer, start: number, to: number): number {
  const p = (to - ((out.pos - start) % to)) % to;
  if (p) {
    out.ensure(p);
    out.buf.fill(0, out.pos, out.pos + p);
    out.pos += p;
  }
  return p;
}

/** Append bytes copied from src[off, off + len). */
export function copyIn(out: OutBuffer, src: Buffer, off: number, len: number): void {
  if (len <= 0) return;
  out.ensure(len);
  src.copy(out.buf, out.pos, off, off + len);
  out.pos += len;
}
