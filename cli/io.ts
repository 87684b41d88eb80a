/**
 * Input and output helpers shared by the codec commands: read a file or
 * standard input, parse hex text, write to standard output without losing
 * data when the process ends, and report bad input as one clear line on
 * standard error (never a stack trace).
 */
import { createReadStream } from 'node:fs';
import { open, readFile } from 'node:fs/promises';

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
  readonly chunks: AsyncIterable<Buffer>;
  readonly size: number | undefined;
  /** Stop reading (the output went away). */
  close(): void;
}

/** Opens a file, or standard input for `-` or no name, to be read chunk by chunk (1 MiB reads). */
export async function openInput(path: string | undefined): Promise<InputStream> {
  if (path === undefined || path === '-') {
    return { chunks: process.stdin as AsyncIterable<Buffer>, size: undefined, close: () => process.stdin.destroy() };
  }
  let size: number | undefined;
  try {
    const h = await open(path, 'r');
    const st = await h.stat();
    if (st.isDirectory()) {
      await h.close();
      throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    }
    size = st.isFile() ? st.size : undefined;
    const stream = createReadStream('', { fd: h, highWaterMark: 1 << 20 });
    return { chunks: stream as AsyncIterable<Buffer>, size, close: () => stream.destroy() };
  } catch (e) {
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

/**
 * Buffers output and writes it in large chunks; `end()` resolves once it is
 * flushed. `ready()` waits while the reader is behind (so a fast producer
 * keeps memory bounded); `closed` turns true when the reader went away
 * (`| head -1`), and the producer should stop.
 */
export class Output {
  private parts: (string | Buffer)[] = [];
  private size = 0;
  closed = false;
  private drained: Promise<void> | undefined;
  private scheduled = false;

  constructor(private readonly stream: NodeJS.WritableStream = process.stdout, private readonly chunk = 1 << 16) {
    // A reader that goes away (`| head`) is not an error of ours.
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') this.closed = true;
      else throw e;
    });
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
    const ok = this.stream.write(strings ? (this.parts as string[]).join('') : Buffer.concat(this.parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : p))));
    this.parts = [];
    this.size = 0;
    this.wrote(ok);
  }

  /**
   * Hand over a block of finished lines (after what is buffered): written as it is, not copied, so
   * the caller must not change it afterwards.
   */
  block(b: Buffer): void {
    this.flush();
    if (this.closed || b.length === 0) return;
    this.wrote(this.stream.write(b));
  }

  private wrote(ok: boolean): void {
    if (!ok && !this.drained) {
      this.drained = new Promise<void>((resolve) => {
        const done = (): void => {
          this.drained = undefined;
          this.stream.removeListener('drain', done);
          this.stream.removeListener('close', done);
          resolve();
        };
        this.stream.once('drain', done);
        this.stream.once('close', done);
      });
    }
  }

  /** Resolves when the reader has caught up (immediately when it has). */
  ready(): Promise<void> | undefined {
    return this.drained;
  }

  async end(): Promise<void> {
    this.flush();
    if (this.closed) return;
    // The callback runs once everything before it is flushed, or with the error that stopped it (EPIPE).
    await new Promise<void>((resolve) => {
      this.stream.write('', () => resolve());
    });
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
