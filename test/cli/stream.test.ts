/**
 * The command line's streaming and rough edges: a failed message in the
 * middle of a stream is reported (JSON line + stderr) and decoding goes on;
 * output starts before input ends (a live pipe); a capture is recognised
 * without --pcap; a terminal on standard input gets a hint, binary output
 * to a terminal is refused; empty input exits 0. The library's stream
 * functions (decodeStream, decodeMessages, decodePcapStream) likewise.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeMessages, decodeStream, type StreamItem } from '../../codec/index.js';
import { decodePcapStream, type PcapMessage } from '../../cli/pcap/index.js';
import { FIXTURES, ROOT } from '../support/fixtures.js';
import { CLI, nodeflow, nodeflowAll, toolOrSkip, type RunResult as R } from './support.js';

const HELLO = '0100000800000001';
const ECHO = '0102000c0000000261626364';
const UNKNOWN_TYPE = '0163000800000003'; // 1.0 header, type 99: framed, not decodable
const TMP = mkdtempSync(join(tmpdir(), 'nodeflow-stream-'));
const lines = (b: Buffer) => b.toString('utf8').split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as Record<string, unknown>);

test('decodeStream goes on after a message that fails; a length under 8 stops it', () => {
  const r = decodeStream(Buffer.from(HELLO + UNKNOWN_TYPE + ECHO, 'hex'));
  assert.equal(r.messages.map((m) => [m.index, m.offset, m.value.type]), [[1, 0, 'OFPT_HELLO'], [3, 16, 'OFPT_ECHO_REQUEST']]);
  assert.equal(r.errors.map((e) => [e.index, e.offset, e.error.code, e.error.offset]), [[2, 8, 'unknown_type', 9]]);
  assert.is(r.error?.code, 'unknown_type');
  const s = decodeStream(Buffer.from(HELLO + '0100000400000001' + HELLO, 'hex'));
  assert.is(s.messages.length, 1);
  assert.equal(s.errors.map((e) => e.error.code), ['bad_length']);
});

test('decodeMessages: the same over chunks of any size (one byte at a time)', async () => {
  const bytes = Buffer.from(HELLO + UNKNOWN_TYPE + ECHO + ECHO.slice(0, 10), 'hex');
  async function* bytewise(): AsyncGenerator<Buffer> {
    for (let i = 0; i < bytes.length; i++) yield bytes.subarray(i, i + 1);
  }
  const items: StreamItem[] = [];
  for await (const it of decodeMessages(bytewise())) items.push(it);
  assert.equal(items.map((i) => [i.index, i.offset, i.result.ok ? i.result.value.type : i.result.error.code]),
    [[1, 0, 'OFPT_HELLO'], [2, 8, 'unknown_type'], [3, 16, 'OFPT_ECHO_REQUEST'], [4, 28, 'truncated']]);
});

test('nodeflow decode: a failed message is a decode_error line and a stderr line; the rest decodes; exit 1', () => {
  const r = nodeflow(['decode', '-'], Buffer.from(HELLO + UNKNOWN_TYPE + ECHO, 'hex'));
  assert.is(r.status, 1);
  const out = lines(r.stdout);
  assert.equal(out.map((l) => l['type'] ?? 'error'), ['OFPT_HELLO', 'error', 'OFPT_ECHO_REQUEST']);
  assert.equal(out[1], { decode_error: { message: 2, offset: 8, length: 8, code: 'unknown_type', field: 'ofp10_message.type', at: 9, reason: 'unknown_type: ofp10_message.type at offset 9 has unknown value 99' } });
  assert.equal(r.stderr.trim().split('\n'), ['nodeflow decode: message 2 of the input (byte 8): unknown_type: ofp10_message.type at offset 9 has unknown value 99']);
  // encode refuses the error line rather than dropping a message silently
  const e = nodeflow(['encode', '--hex'], r.stdout);
  assert.is(e.status, 1);
  assert.match(e.stderr, /line 2: is a decode_error line/);
});

test('nodeflow decode --pcap: a failed message in a session, and decoding goes on in its direction', () => {
  const file = readFileSync(join(FIXTURES, 'pcap', 'of10-session.pcap'));
  const good = lines(nodeflow(['decode', '--pcap', join(FIXTURES, 'pcap', 'of10-session.pcap')]).stdout);
  // Set the type byte of the FEATURES_REQUEST (01 05 00 08) to 99: framed by its header, not decodable.
  const at = file.indexOf(Buffer.from('01050008', 'hex'));
  assert.ok(at > 0);
  const bad = Buffer.from(file);
  bad[at + 1] = 99;
  const path = join(TMP, 'bad-type.pcap');
  writeFileSync(path, bad);
  const r = nodeflow(['decode', '--pcap', path]);
  assert.is(r.status, 1);
  const out = lines(r.stdout);
  assert.is(out.length, good.length, 'one line per message, the failed one included');
  const i = out.findIndex((l) => 'decode_error' in l);
  assert.ok(i >= 0 && 'pcap' in out[i]!, 'the error line says which frame and direction');
  assert.is((out[i]!['decode_error'] as { code: string }).code, 'unknown_type');
  assert.equal(out.filter((_, k) => k !== i), good.filter((_, k) => k !== i), 'every other message decodes as before');
  assert.match(r.stderr, /unknown_type/);
});

test('nodeflow decode recognises a capture without --pcap and decodes it the same', async () => {
  const [a, b, c] = await nodeflowAll([
    [['decode', '--pcap', join(FIXTURES, 'pcap', 'of13-session.pcapng')]],
    [['decode', join(FIXTURES, 'pcap', 'of13-session.pcapng')]],
    [['decode'], readFileSync(join(FIXTURES, 'pcap', 'of10-session.pcap'))],
  ]) as [R, R, R];
  assert.is(b.status, 0, b.stderr);
  assert.ok(a.stdout.length > 1000 && a.stdout.equals(b.stdout));
  assert.is(c.status, 0, c.stderr);
  assert.ok(lines(c.stdout).length > 100 && 'pcap' in lines(c.stdout)[0]!);
});

test('empty input: nothing printed, exit 0 (documented in --help)', async () => {
  const [e, h] = await nodeflowAll([[['decode'], ''], [['decode', '--help']]]) as [R, R];
  assert.is(e.status, 0);
  assert.is(e.stdout.length, 0);
  assert.is(e.stderr, '');
  assert.match(h.stdout.toString(), /Empty input prints nothing and exits 0/);
});

/** Runs the CLI with a pseudo-terminal as its standard input and output (util-linux `script`). */
function onTerminal(args: string, input: string): { status: number | null; text: string } {
  const r = spawnSync('script', ['-qec', `${process.execPath} ${CLI} ${args}`, '/dev/null'], { cwd: ROOT, input, timeout: 60_000 });
  return { status: r.status, text: r.stdout.toString('utf8') };
}

test('a terminal on standard input gets a one-line hint; binary to a terminal is refused (use --hex or a redirect)', () => {
  if (!toolOrSkip('script')) return;
  const d = onTerminal('decode', '\x04');
  assert.is(d.status, 0);
  assert.match(d.text, /nodeflow decode: reading OpenFlow bytes from standard input \(a terminal\)/);
  const f = join(TMP, 'hello.ndjson');
  writeFileSync(f, '{"version":1,"type":"OFPT_HELLO"}\n');
  const e = onTerminal(`encode ${f}`, '');
  assert.is(e.status, 1);
  assert.match(e.text, /refusing to write binary OpenFlow messages to a terminal; use --hex, or redirect/);
  const h = onTerminal(`encode --hex ${f}`, '');
  assert.is(h.status, 0);
  assert.match(h.text, /0100000800000000/);
  // Piped, no hint and no refusal.
  const p = nodeflow(['encode', f]);
  assert.is(p.status, 0);
  assert.is(p.stdout.toString('hex'), '0100000800000000');
});

/** Spawns the CLI, writes `first` to its standard input and resolves with the first stdout line while stdin stays open. */
function firstLineWhileOpen(args: string[], first: Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [CLI, ...args], { cwd: ROOT });
    let out = '';
    p.on('error', reject);
    p.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      const nl = out.indexOf('\n');
      if (nl >= 0) {
        resolve(out.slice(0, nl));
        p.stdin.end();
      }
    });
    p.on('close', () => reject(new Error(`exited before a line: ${out}`)));
    p.stdin.write(first);
  });
}

test('streaming: the first line is out while the input is still open (a live pipe), for bytes and for captures', async () => {
  const line = await firstLineWhileOpen(['decode', '-'], Buffer.from(HELLO + ECHO.slice(0, 6), 'hex'));
  assert.is((JSON.parse(line) as { type: string }).type, 'OFPT_HELLO');
  const cap = readFileSync(join(FIXTURES, 'pcap', 'of10-session.pcap'));
  const pl = await firstLineWhileOpen(['decode', '--pcap', '-'], cap.subarray(0, cap.length >> 1));
  assert.ok('pcap' in (JSON.parse(pl) as object));
});

test('decodePcapStream: a capture in small chunks gives the same messages as the whole file', async () => {
  const cap = readFileSync(join(FIXTURES, 'pcap', 'of13-session.pcapng'));
  async function* chunks(): AsyncGenerator<Buffer> {
    for (let i = 0; i < cap.length; i += 97) yield cap.subarray(i, i + 97);
  }
  const got: PcapMessage[] = [];
  const it = decodePcapStream(chunks(), [6653, 6633]);
  let r = await it.next();
  for (; !r.done; r = await it.next()) got.push(r.value);
  const whole = lines(nodeflow(['decode', '--pcap', join(FIXTURES, 'pcap', 'of13-session.pcapng')]).stdout);
  assert.is(got.length, whole.length);
  assert.equal(got.map((m) => m.meta), whole.map((l) => l['pcap']));
  assert.is(r.value.warnings.length, 0);
});

test.run();
