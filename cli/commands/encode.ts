/**
 * `nodeflow encode`: the NDJSON that `nodeflow decode` prints → OpenFlow
 * bytes. Each line is one message in the JSON form (64-bit fields as decimal
 * strings, byte fields as hex); a `pcap` member (capture metadata) is
 * ignored, and length fields are recomputed.
 */
import type { Command } from 'commander';
import { tryEncodeMessage } from '../../codec/index.js';
import { InputError, Output, readInput, run } from '../io.js';

interface EncodeOptions {
  hex?: boolean;
}

/** Encodes NDJSON text; writes bytes (or hex lines) to `out`. Returns the exit status. */
export async function encodeLines(text: string, hex: boolean, out: Output): Promise<number> {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    const where = `line ${i + 1}`;
    let value: unknown;
    let unsafe: string | undefined;
    try {
      // A JSON number above 2^53 has already lost digits: refuse it rather than encode a wrong value.
      value = JSON.parse(line, (key, v: unknown) => {
        if (unsafe === undefined && typeof v === 'number' && Number.isInteger(v) && !Number.isSafeInteger(v)) unsafe = key;
        return v;
      });
    } catch (e) {
      await out.end();
      throw new InputError(`${where}: not valid JSON: ${(e as Error).message}`);
    }
    if (unsafe !== undefined) {
      await out.end();
      throw new InputError(`${where}: field ${unsafe}: a number this large loses precision in JSON; write 64-bit values as decimal strings`);
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      await out.end();
      throw new InputError(`${where}: needs a JSON object (one message per line), got ${Array.isArray(value) ? 'an array' : JSON.stringify(value)}`);
    }
    const { pcap: _meta, ...message } = value as Record<string, unknown>;
    if ('decode_error' in message) {
      await out.end();
      throw new InputError(`${where}: is a decode_error line (a message \`nodeflow decode\` could not decode), not a message to encode`);
    }
    const r = tryEncodeMessage(message);
    if (!r.ok) {
      await out.end();
      throw new InputError(`${where}: ${r.error.message}`);
    }
    if (hex) out.line(r.bytes.toString('hex'));
    else out.write(r.bytes);
  }
  await out.end();
  return 0;
}

export function registerEncode(program: Command): void {
  program
    .command('encode')
    .description('encode NDJSON (as printed by `nodeflow decode`) back to OpenFlow bytes')
    .argument('[file]', 'NDJSON file, one message per line; - or nothing for standard input')
    .option('--hex', 'write one line of hex per message instead of binary')
    .addHelpText('after', `
Examples:
  nodeflow decode --hex 0100000800000001 | nodeflow encode --hex
  nodeflow decode messages.bin | nodeflow encode > same.bin

Binary output is refused when standard output is a terminal (use --hex or
a redirect). Fields the message does not have are errors; fields with a
spec default (cookie, priority, buffer_id, ...) may be left out.

Bad input: the messages before it are written, then one line on standard
error names the line and the field; the exit status is 1.`)
    .action(async (file: string | undefined, opts: EncodeOptions) => {
      await run('encode', async () => {
        // Like gzip: binary on a terminal is garbage to the reader and can upset the terminal.
        if (opts.hex !== true && process.stdout.isTTY) {
          throw new InputError('refusing to write binary OpenFlow messages to a terminal; use --hex, or redirect standard output to a file or a pipe');
        }
        return encodeLines((await readInput(file)).toString('utf8'), opts.hex === true, new Output());
      });
    });
}
