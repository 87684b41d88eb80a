/**
 * Input and output helpers shared by the codec commands: read a file or
 * standard input, parse hex text, write to standard output without losing
 * data when the process ends, and report bad input as one clear line on
 * standard error (never a stack trace).
 */
import { readFile } from 'node:fs/promises';

/** Bad input or an unreadable file: reported as `nodeflow <cmd>: <message>`, exit 1. */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
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
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : code === 'EACCES' ? 'permission denied' : String((e as Error).message);
    throw new InputError(`cannot read ${path}: ${why}`);
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

/** Buffers output and writes it in large chunks; `end()` resolves once it is flushed. */
export class Output {
  private parts: (string | Buffer)[] = [];
  private size = 0;
  private closed = false;

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
  }

  private flush(): void {
    if (this.parts.length === 0 || this.closed) return;
    const strings = this.parts.every((p) => typeof p === 'string');
    this.stream.write(strings ? (this.parts as string[]).join('') : Buffer.concat(this.parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : p))));
    this.parts = [];
    this.size = 0;
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
