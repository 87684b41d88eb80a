/**
 * Per-connection byte handling without copies on the common path.
 *
 * Framer: reads land in one buffer the connection owns (net `onread`); every
 * complete OpenFlow message is handed to the sink in place (buffer, offset,
 * length); only a partial tail is kept, moved to the front, and the next read
 * lands right after it. The buffer starts small (a connection still in the
 * handshake costs a few KiB) and grows, by one copy of the tail, when a
 * message longer than it arrives or when the switch comes up.
 *
 * Output: outgoing messages are written into a per-connection buffer and the
 * filled slice is written to the socket once per read batch. A buffer handed
 * to socket.write is reused only after its callback; while writes are in
 * flight the next one comes from a small free list (allocated only when the
 * socket is backed up). Pending bytes are bounded by the owner (backpressure).
 */
import type { Socket } from 'node:net';
import { OutBuffer } from '../codec/writers/out.js';

/**
 * Buffers of closed connections, kept for new ones (per size, at most
 * POOL_MAX each): connection churn reuses memory instead of leaving freed
 * chunks to the C allocator, which does not hand them back to the OS.
 */
const POOL_MAX = 64;
const pool = new Map<number, Buffer[]>();

export function takeBuffer(size: number): Buffer {
  const b = pool.get(size)?.pop();
  return b !== undefined ? b : Buffer.allocUnsafe(size);
}

export function giveBuffer(b: Buffer): void {
  if (b.byteOffset !== 0 || b.length !== b.buffer.byteLength) return; // only whole allocations
  let l = pool.get(b.length);
  if (l === undefined) {
    if (pool.size >= 8) return; // a few distinct sizes only
    l = [];
    pool.set(b.length, l);
  }
  if (l.length < POOL_MAX) l.push(b);
}

/** Receives framed messages. `buf` is only valid during the call. */
export interface FrameSink {
  message(buf: Buffer, off: number, len: number): void;
  /** A header with length < 8: the stream cannot be framed any more. */
  badFrame(buf: Buffer, off: number, len: number): void;
}

const EMPTY = Buffer.alloc(0);

/** Largest possible OpenFlow message (16-bit length). */
export const MAX_MESSAGE = 0xffff;

export class Framer {
  buf: Buffer;
  /** Bytes in buf[0, filled) not yet consumed (a partial message). */
  filled = 0;
  /** Set by the sink (through stop()) to end the current batch (connection closing). */
  stopped = false;
  private views: (Buffer | undefined)[] = [];
  private inPush = false;
  private want = 0;

  constructor(private readonly sink: FrameSink, size = 64 * 1024) {
    this.buf = takeBuffer(Math.max(size, 64));
  }

  /** Stop for good and hand the buffer back to the pool (the socket is closed: no more reads). */
  release(): void {
    this.stopped = true;
    this.filled = 0;
    const b = this.buf;
    this.buf = EMPTY;
    this.views = [];
    if (b !== EMPTY) giveBuffer(b);
  }

  /** Make the buffer at least `size` bytes (keeps the pending tail; during push() it happens at its end). */
  resize(size: number): void {
    if (size <= this.buf.length) return;
    if (this.inPush) {
      if (size > this.want) this.want = size;
      return;
    }
    const next = takeBuffer(size);
    this.buf.copy(next, 0, 0, this.filled);
    giveBuffer(this.buf);
    this.buf = next;
    this.views = [];
  }

  /** Where the next read must land (a cached view: no allocation in steady state). */
  readTarget(): Buffer {
    const f = this.filled;
    let v = this.views[f];
    if (v === undefined) {
      v = this.buf.subarray(f);
      if (f < 4096) this.views[f] = v;
    }
    return v;
  }

  stop(): void {
    this.stopped = true;
  }

  /** `nread` new bytes were written at readTarget(): frame and deliver them. */
  push(nread: number): void {
    const buf = this.buf;
    const end = this.filled + nread;
    let off = 0;
    this.inPush = true;
    try {
      while (end - off >= 8 && !this.stopped) {
        const len = (buf[off + 2]! << 8) | buf[off + 3]!;
        if (len < 8) {
          this.stopped = true;
          this.sink.badFrame(buf, off, end - off);
          break;
        }
        if (off + len > end) break;
        this.sink.message(buf, off, len);
        off += len;
      }
    } catch (e) {
      // a sink must not throw (the controller's catches per message); if one does, framing stops
      this.inPush = false;
      this.stopped = true;
      this.filled = 0;
      throw e;
    }
    this.inPush = false;
    if (this.stopped) {
      this.filled = 0;
      return;
    }
    if (off > 0 && off < end) buf.copyWithin(0, off, end);
    this.filled = end - off;
    // a message longer than the buffer: grow it so the whole message fits
    if (this.filled >= 4) {
      const need = (buf[2]! << 8) | buf[3]!;
      if (need > buf.length) this.resize(Math.max(need, Math.min(2 * buf.length, MAX_MESSAGE + 1)));
    }
    if (this.want > 0) {
      const w = this.want;
      this.want = 0;
      this.resize(w);
    }
  }

  /** Copy bytes in as if they had been read (tests, and sockets without onread). */
  feed(chunk: Uint8Array): void {
    let i = 0;
    while (i < chunk.length && !this.stopped) {
      const t = this.readTarget();
      const n = Math.min(t.length, chunk.length - i);
      t.set(chunk.subarray(i, i + n), 0);
      i += n;
      this.push(n);
    }
  }
}

/** Notified when pending output crosses the limits. */
export interface OutputOwner {
  /** Pending bytes went over the high-water mark (pause reading). */
  outputHigh(pending: number): void;
  /** Pending bytes fell under the low-water mark again (resume reading). */
  outputLow(pending: number): void;
}

/**
 * A connection's output. It is a codec OutBuffer, so every codec/writers
 * function can append to it directly (their `ensure` takes a buffer when
 * there is none and grows the current one by copying when a message does
 * not fit); the controller's own writers use reserve(), which flushes at a
 * message boundary instead.
 *
 * A connection holds an output buffer only between its first write and the
 * flush. Buffers come from the process-wide pool (takeBuffer, last in first
 * out) and go back to it as soon as the kernel has the bytes: on a plain TCP
 * socket a write the kernel takes whole completes before socket.write
 * returns (Node then has nothing buffered: writableLength is 0), so the
 * next connection to write, usually the next one read, reuses the same
 * buffer while it is still in the CPU cache. With a buffer per connection,
 * 16 switches cycled through 16 x 256 KiB of output buffers and every
 * FLOW_MOD written was a cache miss (issue 16: the per-PACKET_IN cost fell
 * by about a third). A write the kernel does not take whole (a peer not
 * reading, or TLS, which encrypts later) keeps its buffer until its
 * callback. Pending bytes are bounded by the owner (backpressure).
 */
export class Output extends OutBuffer {
  /** Bytes handed to socket.write whose callbacks have not run yet. */
  pending = 0;
  high = false;
  private released = false;
  /** Buffers of writes in flight, in order (null: the kernel took the bytes at once and the buffer went back to the pool). */
  private readonly inflight: (Buffer | null)[] = [];
  private readonly inflightLen: number[] = [];
  private readonly onWritten: (err?: Error | null) => void;
  private socket: Socket | null = null;
  /** Whether a write that Node reports done at once has really left our buffer (plain TCP, not TLS). */
  private syncReuse = false;

  constructor(
    private readonly owner: OutputOwner,
    private size = 64 * 1024,
    private readonly highWater = 8 * 1024 * 1024,
  ) {
    super(0);
    this.buf = EMPTY;
    this.onWritten = this.written.bind(this);
  }

  attach(socket: Socket): void {
    this.socket = socket;
    this.syncReuse = (socket as { encrypted?: boolean }).encrypted !== true;
  }

  /** Use buffers of `size` bytes from now on (switch up: small handshake buffers become batch-sized). */
  resize(size: number): void {
    if (size <= this.size) return;
    this.size = size;
    if (this.pos === 0 && this.buf !== EMPTY) {
      giveBuffer(this.buf);
      this.buf = EMPTY;
    } else if (this.pos > 0) this.ensure(size - this.pos);
  }

  /** The connection is closed: hand the buffer back (in-flight ones follow from their write callbacks). */
  release(): void {
    if (this.released) return;
    this.released = true;
    this.pos = 0;
    if (this.buf !== EMPTY) giveBuffer(this.buf);
    this.buf = EMPTY;
    this.socket = null;
  }

  /** Take a buffer for at least n bytes (none is held: pos is 0). */
  private acquire(n: number): void {
    this.buf = n <= this.size ? takeBuffer(this.size) : Buffer.allocUnsafe(n);
  }

  override ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    if (this.pos === 0) this.acquire(n);
    else super.ensure(n);
  }

  /** Make room for n bytes at buf[pos]; returns pos. */
  reserve(n: number): number {
    if (this.pos + n > this.buf.length) {
      if (this.pos !== 0) this.flush();
      if (this.pos + n > this.buf.length) this.acquire(n);
    }
    return this.pos;
  }

  commit(n: number): void {
    this.pos += n;
  }

  /** Hand the filled slice to the socket; the buffer goes back to the pool as soon as the socket is done with it. */
  flush(): void {
    const n = this.pos;
    if (n === 0) return;
    const s = this.socket;
    const b = this.buf;
    this.pos = 0;
    this.buf = EMPTY;
    if (s === null || s.destroyed || !s.writable) {
      giveBuffer(b);
      return;
    }
    const i = this.inflight.length;
    this.inflight.push(b);
    this.inflightLen.push(n);
    this.pending += n;
    s.write(b.subarray(0, n), this.onWritten);
    // callbacks run later (never inside write), so entry i is still this write's
    if (this.syncReuse && s.writableLength === 0 && this.inflight[i] === b) {
      this.inflight[i] = null;
      giveBuffer(b);
    }
    if (!this.high && this.pending > this.highWater) {
      this.high = true;
      this.owner.outputHigh(this.pending);
    }
  }

  private written(): void {
    if (this.inflight.length === 0) return;
    const b = this.inflight.shift();
    const n = this.inflightLen.shift()!;
    this.pending -= n;
    if (b != null) giveBuffer(b);
    if (this.high && this.pending <= this.highWater >>> 2) {
      this.high = false;
      this.owner.outputLow(this.pending);
    }
  }

  /** Buffers currently owned (for tests and stats). */
  get buffers(): number {
    let n = this.buf !== EMPTY ? 1 : 0;
    for (const b of this.inflight) if (b !== null) n++;
    return n;
  }
}

interface OnreadSymbols {
  kBuffer: symbol;
  kBufferCb: symbol;
  kBufferGen: symbol;
}
let onreadSymbols: OnreadSymbols | null | undefined;

/**
 * Make an accepted socket (created paused) read into buffers we supply.
 * Node's `onread` option is only accepted by `new Socket()`/`net.connect()`,
 * not by servers; accepted sockets carry the same internal slots, so we set
 * them before reading starts. Returns false when that is not possible (then
 * the caller falls back to 'data' events and one copy per read).
 */
export function attachUserBuffer(
  socket: Socket, gen: () => Buffer, callback: (nread: number, buf: Buffer) => boolean,
): boolean {
  const sock = socket as unknown as Record<symbol, unknown> & { _handle?: { useUserBuffer?: (b: Buffer) => void } };
  if (onreadSymbols === undefined) {
    const syms = Object.getOwnPropertySymbols(socket);
    const find = (d: string) => syms.find((s) => s.description === d);
    const kBuffer = find('kBuffer');
    const kBufferCb = find('kBufferCb');
    const kBufferGen = find('kBufferGen');
    onreadSymbols = kBuffer && kBufferCb && kBufferGen ? { kBuffer, kBufferCb, kBufferGen } : null;
  }
  const h = sock._handle;
  if (onreadSymbols === null || !h || typeof h.useUserBuffer !== 'function') return false;
  const first = gen();
  sock[onreadSymbols.kBuffer] = first;
  sock[onreadSymbols.kBufferGen] = gen;
  sock[onreadSymbols.kBufferCb] = callback;
  h.useUserBuffer(first);
  return true;
}
