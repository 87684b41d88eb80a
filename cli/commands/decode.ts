/**
 * `nodeflow decode`: OpenFlow bytes → one JSON object per message per line
 * (NDJSON, the JSON form of codec/schema/json.ts). Input is a byte stream of
 * concatenated messages (a file, standard input or --hex), or a pcap/pcapng
 * capture (--pcap), whose TCP streams on the OpenFlow ports are reassembled.
 */
import { InvalidArgumentError, type Command } from 'commander';
import { decodeStream, toJSONValue } from '../../codec/index.js';
import { InputError, Output, parseHex, readInput, run } from '../io.js';
import { CaptureError, decodeCapture, DEFAULT_PORTS } from '../pcap/index.js';

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

/** Decodes a byte stream; returns the exit status. */
export async function decodeBytes(bytes: Buffer, out: Output): Promise<number> {
  const r = decodeStream(bytes);
  for (const m of r.messages) out.line(JSON.stringify(toJSONValue(m.value)));
  await out.end();
  if (r.error) {
    process.stderr.write(`nodeflow decode: message ${r.messages.length + 1} of the input (byte ${messageStart(r)}): ${r.error.message}\n`);
    return 1;
  }
  return 0;
}

function messageStart(r: ReturnType<typeof decodeStream>): number {
  const last = r.messages[r.messages.length - 1];
  return last ? last.offset + (last.value.length as number) : 0;
}

/** Decodes the OpenFlow messages of a capture file; returns the exit status. */
export async function decodePcapFile(file: Buffer, ports: readonly number[], out: Output): Promise<number> {
  let errors = 0;
  let summary;
  try {
    summary = decodeCapture(file, ports, (m) => {
      if (m.result.ok) {
        out.line(JSON.stringify({ pcap: m.meta, ...(toJSONValue(m.result.value) as object) }));
      } else {
        errors++;
        process.stderr.write(`nodeflow decode: frame ${m.meta.frame}, ${m.meta.src} → ${m.meta.dst}, message at stream offset ${m.meta.offset} (error offsets count from the message start): ${m.result.error.message}\n`);
      }
    });
  } catch (e) {
    await out.end();
    if (e instanceof CaptureError) throw new InputError(e.message);
    throw e;
  }
  await out.end();
  for (const w of summary.warnings) process.stderr.write(`nodeflow decode: warning: ${w}\n`);
  if (summary.segments === 0) process.stderr.write(`nodeflow decode: warning: no TCP segments on port ${ports.join(' or ')} in ${summary.frames} frames (try --port)\n`);
  return errors > 0 ? 1 : 0;
}

export function registerDecode(program: Command): void {
  program
    .command('decode')
    .argument('[file]', 'file of concatenated OpenFlow messages; - or nothing for standard input')
    .option('--hex <hex>', 'decode these bytes given as hex (spaces and colons allowed)')
    .option('--pcap <file>', 'decode the OpenFlow TCP streams of a pcap or pcapng capture (- for standard input)')
    .option('--port <n>', `OpenFlow TCP port for --pcap; repeat or comma-separate for several (default ${DEFAULT_PORTS.join(', ')})`, parsePort)
    .addHelpText('after', `
Examples:
  nodeflow decode --hex '01 00 00 08 00 00 00 01'
  nodeflow decode messages.bin
  nodeflow decode --pcap session.pcapng --port 6653
  nodeflow decode messages.bin | nodeflow encode > same.bin

With --pcap each line has a "pcap" member: the frame that completed the
message, its time, the sender and receiver (ip:port) and the stream offset.
Bad input: the messages before it are printed, then one line on standard
error names the byte offset and the field; the exit status is 1.`)
    .action(async (file: string | undefined, opts: DecodeOptions, cmd: Command) => {
      const given = [file !== undefined, opts.hex !== undefined, opts.pcap !== undefined].filter(Boolean).length;
      if (given > 1) cmd.error('nodeflow decode: give one input: a file, --hex or --pcap', { exitCode: 2 });
      if (opts.port && opts.pcap === undefined) cmd.error('nodeflow decode: --port applies to --pcap only', { exitCode: 2 });
      await run('decode', async () => {
        const out = new Output();
        if (opts.pcap !== undefined) return decodePcapFile(await readInput(opts.pcap), opts.port ?? DEFAULT_PORTS, out);
        const bytes = opts.hex !== undefined ? parseHex(opts.hex) : await readInput(file);
        return decodeBytes(bytes, out);
      });
    });
}
