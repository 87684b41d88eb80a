/**
 * Input and output helpers shared by the codec commands: read a file or
 * standard input, parse hex text, write to standard output without losing
 * data when the process ends, and report bad input as one clear line on
 * standard error (never a stack trace).
 */
import { open, readFile, type FileHandle } from 'node:fs/promises';

/** Bad input or an unreadable file: reported as `nodeflow <cmd>: <message>`, exit 1. */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}

function unreadable(path: string, e: unknown): InputError {
  const code = (e as NodeJS.ErrnoException).code;
  const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : code === 'EACCES' ? 'permission denied' : String((e as Error).message);
  return new InputError(`cannot read ${path}: ${why}`);
}

/** Reads a whole file, or standard input for `-` or no name. */
export async function readInput(path: string | undefined): Promise<Buffer> {
  if (path === undefined || path === '-') {
    const chunks: Buffer[] = [];
    for await (const c of process.stdin) chunks.push(c as Buffer);
    return Buffer.concat(chunks);
  }
  try {
    return await readFile(path);
  } catch (e) {
    throw unreadable(path, e);
  }
}

/** An input opened for streaming: its chunks, and its size when known (a regular file). */
export interface InputStream {
  /**
   * The input's bytes, chunk by chunk. A file's chunks live in two buffers read into in turn: a
   * chunk is valid only until the next one is asked for (copy what must outlive it).
   */
  readonly chunks: AsyncIterable<Buffer>;
  readonly size: number | undefined;
  /** Stop reading (the output went away). */
  close(): void;
}

/** Bytes per read of a file. */
export const READ_CHUNK = 1 << 20;

/**
 * The chunks of an open file (or FIFO), read into two buffers in turn: the
 * next read runs while the caller works on the chunk it was given, and no
 * buffer is allocated per read (a fresh MiB per read is garbage that V8
 * frees only at its next full GC, which is where the RSS of a long decode
 * went: tens of MiB of dead chunks and output blocks).
 */
async function* fileChunks(h: FileHandle, state: { closed: boolean }): AsyncGenerator<Buffer> {
  const bufs = [Buffer.allocUnsafe(READ_CHUNK), Buffer.allocUnsafe(READ_CHUNK)];
  // A read that fails while the caller is busy with the last chunk is reported when it is awaited
  // (the empty handler keeps it from counting as an unhandled rejection in between).
  const read = (b: Buffer): Promise<{ bytesRead: number }> => {
    const p = h.read(b, 0, READ_CHUNK, null);
    p.catch(() => {});
    return p;
  };
  let i = 0;
  let next = read(bufs[0]!);
  try {
    for (;;) {
      const { bytesRead } = await next;
      if (bytesRead === 0 || state.closed) return;
      const chunk = bufs[i]!.subarray(0, bytesRead);
      i ^= 1;
      next = read(bufs[i]!);
      yield chunk;
    }
  } finally {
    state.closed = true;
    // A read still in flight when the caller stops: let it end before the file is closed.
    await next.catch(() => undefined);
    await h.close().catch(() => {});
  }
}

/** Opens a file, or standard input for `-` or no name, to be read chunk by chunk (1 MiB reads). */
export async function openInput(path: string | undefined): Promise<InputStream> {
  if (path === undefined || path === '-') {
    return { chunks: process.stdin as AsyncIterable<Buffer>, size: undefined, close: () => process.stdin.destroy() };
  }
  let h: FileHandle | undefined;
  try {
    h = await open(path, 'r');
    const st = await h.stat();
    if (st.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    const state = { closed: false };
    return { chunks: fileChunks(h, state), size: st.isFile() ? st.size : undefined, close: () => { state.closed = true; } };
  } catch (e) {
    await h?.close().catch(() => {});
    throw unreadable(path, e);
  }
}

/**
 * Hex text to bytes. Whitespace, colons and a leading `0x` are allowed
 * between bytes (`01 00 00 08`, `01:00:00:08`, `0x01000008`).
 */
export function parseHex(text: string): Buffer {
  const clean = text.replace(/0x/gi, '').replace(/[\s:]+/g, '');
  const bad = clean.search(/[^0-9a-f]/i);
  if (bad >= 0) throw new InputError(`hex input: '${clean[bad]}' is not a hex digit (hex digit ${bad + 1})`);
  if (clean.length % 2 !== 0) throw new InputError(`hex input: ${clean.length} hex digits is an odd number; bytes need two each`);
  return Buffer.from(clean, 'hex');
}

/** Writes handed to the output stream and not yet done before a producer waits (ready()): about 1 MiB of 256 KiB blocks. */
export const WRITES_IN_FLIGHT = 4;

/**
 * Buffers output and writes it in large chunks; `end()` resolves once it is
 * flushed. `ready()` waits while the reader is behind (so a fast producer
 * keeps memory bounded); `closed` turns true when the reader went away
 * (`| head -1`), and the producer should stop.
 *
 * Behind is counted in writes the stream has not finished (their callbacks),
 * not in its buffered bytes: waiting for 'drain' would stop the producer
 * until the pipe is empty after every write, while a few writes in flight
 * keep the reader busy and the memory they hold fixed.
 */
export class Output {
  private parts: (string | Buffer)[] = [];
  private size = 0;
  closed = false;
  private scheduled = false;
  /** Writes handed to the stream whose callback has not run. */
  private inFlight = 0;
  /** The producer waiting in ready(). */
  private waiting: (() => void) | undefined;
  /** Written blocks, for takeBlock to reuse. */
  private readonly pool: Buffer[] = [];

  constructor(private readonly stream: NodeJS.WritableStream = process.stdout, private readonly chunk = 1 << 16) {
    // A reader that goes away (`| head`) is not an error of ours.
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code !== 'EPIPE') throw e;
      this.closed = true;
      this.wake();
    });
    stream.on('close', () => this.wake());
  }

  write(data: string | Buffer): void {
    this.parts.push(data);
    this.size += data.length;
    if (this.size >= this.chunk) this.flush();
  }

  line(s: string): void {
    this.write(s + '\n');
    // Flush once the producer stops to wait for input (a live pipe): the lines are out without waiting for 64 KiB.
    if (!this.scheduled && this.parts.length > 0) {
      this.scheduled = true;
      setImmediate(() => {
        this.scheduled = false;
        this.flush();
      });
    }
  }

  /** Write what is buffered now (a streaming producer calls this when its input pauses). */
  flush(): void {
    if (this.parts.length === 0 || this.closed) {
      this.parts = [];
      this.size = 0;
      return;
    }
    const strings = this.parts.every((p) => typeof p === 'string');
    const data = strings ? (this.parts as string[]).join('') : Buffer.concat(this.parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : p)));
    this.parts = [];
    this.size = 0;
    this.send(data, undefined);
  }

  /**
   * Hand over a block of finished lines (after what is buffered): written as it is, not copied, so
   * the caller must not change it afterwards. `owner` (the buffer the block is a view of) goes back
   * to the pool once the stream has written it (see takeBlock).
   */
  block(b: Buffer, owner?: Buffer): void {
    this.flush();
    if (this.closed || b.length === 0) {
      if (owner) this.giveBack(owner);
      return;
    }
    this.send(b, owner);
  }

  /**
   * A buffer of at least `size` bytes for a block: one the stream has finished writing, or a new
   * one. With ready() bounding the writes in flight, a long run cycles through a handful of them
   * (a new buffer per block would be garbage that V8 frees only at its next full GC).
   */
  takeBlock(size: number): Buffer {
    const b = this.pool.pop();
    return b !== undefined && b.length >= size ? b : Buffer.allocUnsafe(size);
  }

  /**
   * Resolves once at most WRITES_IN_FLIGHT writes wait to be done (undefined when that holds now,
   * or the reader went away).
   */
  ready(): Promise<void> | undefined {
    if (this.inFlight <= WRITES_IN_FLIGHT || this.closed) return undefined;
    return new Promise<void>((resolve) => {
      this.waiting = resolve;
    });
  }

  async end(): Promise<void> {
    this.flush();
    if (this.closed) return;
    // The callback runs once everything before it is flushed, or with the error that stopped it (EPIPE).
    await new Promise<void>((resolve) => {
      this.stream.write('', () => resolve());
    });
  }

  private send(data: string | Buffer, owner: Buffer | undefined): void {
    this.inFlight++;
    this.stream.write(data, () => {
      this.inFlight--;
      if (owner) this.giveBack(owner);
      if (this.inFlight <= WRITES_IN_FLIGHT) this.wake();
    });
  }

  private wake(): void {
    const w = this.waiting;
    this.waiting = undefined;
    w?.();
  }

  private giveBack(b: Buffer): void {
    // Room for every block that can be in flight: between two ready() checks a producer may hand
    // over a few more than WRITES_IN_FLIGHT, and a block dropped here is a new one allocated later.
    if (this.pool.length < 4 * WRITES_IN_FLIGHT) this.pool.push(b);
  }
}

/** Runs a command body: InputError → one stderr line and exit status 1. */
export async function run(cmd: string, body: () => Promise<number>): Promise<void> {
  try {
    process.exitCode = await body();
  } catch (e) {
    if (e instanceof InputError) {
      process.stderr.write(`nodeflow ${cmd}: ${e.message}\n`);
      process.exitCode = 1;
      return;
    }
    throw e;
  }
}
