/**
 * `nodeflow decode`: OpenFlow bytes → one JSON object per message per line
 * (NDJSON, the JSON form of codec/schema/json.ts). Input is a byte stream of
 * concatenated messages (a file, standard input or --hex), or a pcap/pcapng
 * capture (--pcap, or recognised by its magic number), whose TCP streams on
 * the OpenFlow ports are reassembled. Input is read and decoded as it comes,
 * so memory stays bounded and the first lines are out before the input ends.
 */
import { InvalidArgumentError, type Command } from 'commander';
import { decodeMessage, MessageFramer, messageToJSON, shiftError, writeMessageJSON, type JsonOut } from '../../codec/index.js';
import { jsonWriters } from '../../codec/schema/compile/ndjson.js';
import { InputError, openInput, Output, parseHex, run } from '../io.js';
import { CaptureDecoder, CaptureError, CaptureReader, detectFormat, DEFAULT_PORTS, type FastFrom, type PcapMeta, type PcapProgress, type PcapSummary } from '../pcap/index.js';

interface DecodeOptions {
  hex?: string;
  pcap?: string;
  port?: number[];
}

function parsePort(v: string, prev: number[] | undefined): number[] {
  const out = [...(prev ?? [])];
  for (const p of v.split(',')) {
    const n = Number(p);
    if (!/^\d+$/.test(p) || n < 1 || n > 65535) throw new InvalidArgumentError(`'${p}' is not a TCP port number`);
    out.push(n);
  }
  return out;
}

/** The JSON line that stands for a message that could not be decoded. */
export function errorLine(index: number, offset: number, length: number, error: { code: string; field: string; offset: number; message: string }, pcap?: PcapMeta): string {
  return JSON.stringify({
    ...(pcap ? { pcap: { ...pcap } } : {}),
    decode_error: { message: index, offset, length, code: error.code, field: error.field, at: error.offset, reason: error.message },
  });
}

/**
 * Decodes a stream of concatenated messages; returns the exit status (1 when any message failed).
 * Each line is written straight from the message's bytes (writeMessageJSON) where it can be, as
 * for captures; a message that fails takes the value path, for its error line.
 */
export async function decodeChunks(chunks: AsyncIterable<Buffer>, out: Output, stop: () => void = () => {}): Promise<number> {
  let errors = 0;
  const lines = new LineWriter(out);
  const framer = new MessageFramer();
  const each = (index: number, offset: number, bytes: Buffer): void => {
    if (lines.plain(bytes, 0, bytes.length)) return;
    lines.flush(); // what the fast path wrote comes first
    const r = decodeMessage(bytes);
    if (r.ok) {
      out.line(messageToJSON(r.value));
      return;
    }
    errors++;
    const error = shiftError(r.error, offset);
    out.line(errorLine(index, offset, bytes.length, error));
    process.stderr.write(`nodeflow decode: message ${index} of the input (byte ${offset}): ${error.message}\n`);
  };
  // The messages of one chunk (views into it: valid until the next chunk is asked for), written
  // one by one with the output's backpressure between them: a MiB of input is several MiB of text.
  const framed: { index: number; offset: number; bytes: Buffer }[] = [];
  const collect = (index: number, offset: number, bytes: Buffer): void => {
    framed.push({ index, offset, bytes });
  };
  for await (const chunk of chunks) {
    framer.push(chunk, collect);
    for (const m of framed) {
      each(m.index, m.offset, m.bytes);
      const wait = out.ready();
      if (wait) await wait;
    }
    framed.length = 0;
    lines.flush();
    if (out.closed) {
      stop();
      break;
    }
    if (framer.broken) break;
    const wait = out.ready();
    if (wait) await wait;
  }
  if (!out.closed) framer.end(each);
  lines.flush();
  await out.end();
  return errors > 0 ? 1 : 0;
}

/** Decodes a byte buffer of concatenated messages; returns the exit status. */
export async function decodeBytes(bytes: Buffer, out: Output): Promise<number> {
  return decodeChunks([bytes] as unknown as AsyncIterable<Buffer>, out);
}

/** A progress line on standard error, only when it is a terminal (never in pipes or CI). */
function progressLine(size: number | undefined): ((p: PcapProgress) => void) | undefined {
  if (!process.stderr.isTTY) return undefined;
  const start = Date.now();
  let last = 0;
  return (p) => {
    const now = Date.now();
    if (now - last < 250) return;
    last = now;
    const s = (now - start) / 1000;
    const rate = p.messages / Math.max(s, 0.001);
    const mib = (n: number) => (n / 1048576).toFixed(1);
    const eta = size && p.bytes > 0 ? ` ETA ${Math.max(0, ((size - p.bytes) / p.bytes) * s).toFixed(0)} s` : '';
    process.stderr.write(`\r\x1b[Knodeflow decode: ${mib(p.bytes)}${size ? ` of ${mib(size)}` : ''} MiB, ${p.frames} frames, ${p.messages} messages, ${Math.round(rate)} msg/s${eta}`);
  };
}

/** The "pcap" member's text (addresses and times need no escaping). */
function metaJSON(m: PcapMeta): string {
  return `{"frame":${m.frame}${m.time !== undefined ? `,"time":"${m.time}"` : ''},"src":"${m.src}","dst":"${m.dst}","offset":${m.offset}}`;
}

const ascii = (t: string): Uint8Array => Uint8Array.from(t, (c) => c.charCodeAt(0));
const PCAP_FRAME = ascii('{"pcap":{"frame":');
const BLOCK = 1 << 18;

/**
 * Lines of capture messages written as bytes: the "pcap" member from cached
 * pieces, the message's own text straight from its bytes (writeMessageJSON),
 * into blocks of 256 KiB handed to the output whole. The same text as the
 * value path below (tests compare the two on every capture fixture).
 */
class LineWriter {
  private json: JsonOut;
  private timeText: string | undefined;
  private timeBytes: Uint8Array = new Uint8Array(0);
  constructor(private readonly out: Output) {
    this.json = { buf: out.takeBlock(BLOCK), pos: 0 };
  }

  /** Writes the line of the message in buf[start, end); false when it must take the value path. */
  message(buf: Buffer, start: number, end: number, frame: number, time: string | undefined, from: FastFrom, offset: number): boolean {
    // A new block before this one is full: growing a block would copy it.
    if (this.json.pos > BLOCK - (BLOCK >> 3)) this.flush();
    const o = this.json;
    if (time !== this.timeText) {
      this.timeText = time;
      this.timeBytes = time === undefined ? new Uint8Array(0) : ascii(`,"time":"${time}"`);
    }
    let dir = from.text;
    if (dir === undefined) from.text = dir = ascii(`,"src":"${from.src}","dst":"${from.dst}","offset":`);
    jsonWriters.grow(o, 64 + this.timeBytes.length + dir.length);
    const line = o.pos;
    let q = jsonWriters.K(o.buf, o.pos, PCAP_FRAME);
    q = jsonWriters.N(o.buf, q, frame);
    q = jsonWriters.K(o.buf, q, this.timeBytes);
    q = jsonWriters.K(o.buf, q, dir);
    q = jsonWriters.N(o.buf, q, offset);
    o.buf[q++] = 125;
    o.pos = q;
    if (!writeMessageJSON(buf, start, end, o)) {
      o.pos = line;
      return false;
    }
    // {"pcap": meta, ...message}: the message's own opening brace becomes the comma after meta.
    jsonWriters.grow(o, 2);
    if (o.pos - q === 2) {
      o.pos = q; // an empty message, {}: only the outer object's closing brace
      o.buf[o.pos++] = 125;
    } else {
      o.buf[q] = 44;
    }
    o.buf[o.pos++] = 10;
    return true;
  }

  /** Writes the line of the message in buf[start, end) alone (a message stream); false when it must take the value path. */
  plain(buf: Buffer, start: number, end: number): boolean {
    if (this.json.pos > BLOCK - (BLOCK >> 3)) this.flush();
    if (!writeMessageJSON(buf, start, end, this.json)) return false;
    jsonWriters.grow(this.json, 1);
    this.json.buf[this.json.pos++] = 10;
    return true;
  }

  /** Hands what was written to the output. */
  flush(): void {
    if (this.json.pos === 0) return;
    // The block goes back to the output's pool once written; the next comes from there.
    this.out.block(this.json.buf.subarray(0, this.json.pos), this.json.buf);
    this.json = { buf: this.out.takeBlock(BLOCK), pos: 0 };
  }
}

/**
 * Decodes the OpenFlow messages of a capture arriving in chunks; returns the
 * exit status. Each chunk is read, decoded and written out before the next
 * is read (the output's backpressure slows the reading).
 */
export async function decodePcapChunks(chunks: AsyncIterable<Buffer>, ports: readonly number[], out: Output, size?: number, stop: () => void = () => {}): Promise<number> {
  let errors = 0;
  let messages = 0;
  const progress = progressLine(size);
  const reader = new CaptureReader();
  const lines = new LineWriter(out);
  const dec = new CaptureDecoder(ports, (m) => {
    lines.flush(); // what the fast path wrote comes first
    messages++;
    if (m.result.ok) {
      // {"pcap": meta, ...message}: the message's own text after the meta member.
      const body = messageToJSON(m.result.value);
      out.line(`{"pcap":${metaJSON(m.meta)}${body.length > 2 ? `,${body.slice(1)}` : '}'}`);
    } else {
      errors++;
      out.line(errorLine(m.index, m.meta.offset, m.bytes.length, m.result.error, m.meta));
      process.stderr.write(`nodeflow decode: frame ${m.meta.frame}, ${m.meta.src} → ${m.meta.dst}, message at stream offset ${m.meta.offset} (error offsets count from the message start): ${m.result.error.message}\n`);
    }
  }, (buf, start, end, frame, time, from, offset) => {
    if (!lines.message(buf, start, end, frame, time, from, offset)) return false;
    messages++;
    return true;
  });
  let bytes = 0;
  let summary: PcapSummary;
  try {
    for await (const chunk of chunks) {
      bytes += chunk.length;
      for (const f of reader.push(chunk)) {
        dec.frame(f);
        // Backpressure between frames, not chunks: a MiB of small messages makes 10-20 MiB of
        // text, and what waits for a slow reader should stay a few blocks.
        const wait = out.ready();
        if (wait) await wait;
      }
      lines.flush();
      progress?.({ bytes, frames: reader.frames, messages });
      if (out.closed) {
        stop();
        await out.end();
        return errors > 0 ? 1 : 0;
      }
      const wait = out.ready();
      if (wait) await wait;
    }
    reader.end();
    summary = dec.finish(reader.format!, reader.frames);
    lines.flush();
  } catch (e) {
    await out.end();
    if (progress) process.stderr.write('\r\x1b[K');
    if (e instanceof CaptureError) throw new InputError(e.message);
    throw e;
  }
  await out.end();
  if (progress) process.stderr.write('\r\x1b[K');
  for (const w of summary.warnings) process.stderr.write(`nodeflow decode: warning: ${w}\n`);
  if (summary.segments === 0) process.stderr.write(`nodeflow decode: warning: no TCP segments on port ${ports.join(' or ')} in ${summary.frames} frames (try --port)\n`);
  return errors > 0 ? 1 : 0;
}

/** Decodes the OpenFlow messages of a capture file held in memory; returns the exit status. */
export async function decodePcapFile(file: Buffer, ports: readonly number[], out: Output): Promise<number> {
  return decodePcapChunks([file] as unknown as AsyncIterable<Buffer>, ports, out, file.length);
}

/** The chunks of a stream with the first few put back after peeking at them. */
async function* prepend(first: Buffer[], rest: AsyncIterator<Buffer>): AsyncGenerator<Buffer> {
  yield* first;
  for (let r = await rest.next(); !r.done; r = await rest.next()) yield r.value;
}

export function registerDecode(program: Command): void {
  program
    .command('decode')
    .argument('[file]', 'file of concatenated OpenFlow messages (or a pcap/pcapng capture); - or nothing for standard input')
    .option('--hex <hex>', 'decode these bytes given as hex (spaces and colons allowed)')
    .option('--pcap <file>', 'decode the OpenFlow TCP streams of a pcap or pcapng capture (- for standard input)')
    .option('--port <n>', `OpenFlow TCP port for captures; repeat or comma-separate for several (default ${DEFAULT_PORTS.join(', ')})`, parsePort)
    .addHelpText('after', `
Examples:
  nodeflow decode --hex '01 00 00 08 00 00 00 01'
  nodeflow decode messages.bin
  nodeflow decode --pcap session.pcapng --port 6653
  tcpdump -i lo -w - 'tcp port 6653' | nodeflow decode --pcap -
  nodeflow decode messages.bin | nodeflow encode > same.bin

A capture given without --pcap is recognised by its magic number and
decoded as with --pcap. With a capture each line has a "pcap" member: the
frame that completed the message, its time, the sender and receiver
(ip:port) and the stream offset.

Input is decoded as it is read: the first lines are out before the input
ends, and memory stays bounded. Empty input prints nothing and exits 0.

Bad input: a message that cannot be decoded but whose header gives its
length is printed as a line {"decode_error": {message, offset, length,
code, field, at, reason}} and named on standard error, and decoding goes
on with the next message; the exit status is then 1. A header with a
length under 8 ends its stream (nothing after it can be framed).`)
    .action(async (file: string | undefined, opts: DecodeOptions, cmd: Command) => {
      const given = [file !== undefined, opts.hex !== undefined, opts.pcap !== undefined].filter(Boolean).length;
      if (given > 1) cmd.error('nodeflow decode: give one input: a file, --hex or --pcap', { exitCode: 2 });
      await run('decode', async () => {
        const out = new Output();
        if (opts.hex !== undefined) {
          if (opts.port) throw new InputError('--port applies to captures only');
          return decodeBytes(parseHex(opts.hex), out);
        }
        const path = opts.pcap ?? file;
        if ((path === undefined || path === '-') && process.stdin.isTTY) {
          process.stderr.write('nodeflow decode: reading OpenFlow bytes from standard input (a terminal); end with Ctrl-D, or give a file, --hex or --pcap (see --help)\n');
        }
        const input = await openInput(path);
        if (opts.pcap !== undefined) return decodePcapChunks(input.chunks, opts.port ?? DEFAULT_PORTS, out, input.size, () => input.close());
        // Peek at the first bytes: a capture file is decoded as one (with --pcap's defaults).
        const it = input.chunks[Symbol.asyncIterator]();
        const first: Buffer[] = [];
        let seen = 0;
        while (seen < 4) {
          const r = await it.next();
          if (r.done) break;
          first.push(Buffer.from(r.value)); // a copy: the reader reuses its buffers
          seen += r.value.length;
        }
        const head = Buffer.concat(first);
        if (detectFormat(head) !== undefined) {
          return decodePcapChunks(prepend(first, it), opts.port ?? DEFAULT_PORTS, out, input.size, () => input.close());
        }
        if (opts.port) throw new InputError('--port applies to captures only (this input is not a pcap or pcapng file)');
        return decodeChunks(prepend(first, it), out, () => input.close());
      });
    });
}
