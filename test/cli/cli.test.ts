/**
 * `nodeflow decode` / `nodeflow encode` as a user runs them: the real CLI
 * (next to the compiled tests) in a child process, checking output, the
 * error lines on standard error and exit statuses.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeCapture, DEFAULT_PORTS } from '../../cli/pcap/index.js';
import { FIXTURES } from '../support/fixtures.js';
import { nodeflow, nodeflowAll, type RunResult as R } from './support.js';

const HELLO = '0100000800000001';
const ECHO = '0102000c0000000261626364'; // OFPT_ECHO_REQUEST with 4 bytes of data
const TMP = mkdtempSync(join(tmpdir(), 'nodeflow-cli-'));

const lines = (b: Buffer) => b.toString('utf8').split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as Record<string, unknown>);
const noStack = (s: string) => !/\n\s+at /.test(s) && !/Error: /.test(s.replace(/^nodeflow \w+: .*$/gm, ''));

test('decode --hex: spaces and colons between bytes, one JSON object per message per line', () => {
  const r = nodeflow(['decode', '--hex', '01 00 00 08 00:00:00:01\n' + ECHO]);
  assert.is(r.status, 0, r.stderr);
  const out = lines(r.stdout);
  assert.is(out.length, 2);
  assert.equal(out[0], { version: 1, type: 'OFPT_HELLO', length: 8, xid: 1, ...(out[0]!['data'] !== undefined ? { data: '' } : {}) });
  assert.is(out[1]!['type'], 'OFPT_ECHO_REQUEST');
  assert.is(out[1]!['xid'], 2);
  assert.is(out[1]!['data'], '61626364');
});

test('decode reads a file, or standard input (- or nothing), with the same output', async () => {
  const f = join(TMP, 'two.bin');
  writeFileSync(f, Buffer.from(HELLO + ECHO, 'hex'));
  const [a, b, c] = await nodeflowAll([[['decode', f]], [['decode', '-'], Buffer.from(HELLO + ECHO, 'hex')], [['decode'], Buffer.from(HELLO + ECHO, 'hex')]]) as [R, R, R];
  assert.is(a.status, 0);
  assert.ok(a.stdout.length > 0);
  assert.ok(a.stdout.equals(b.stdout) && a.stdout.equals(c.stdout));
});

test('decode of bad input prints what decoded, then one line naming the offset and field; exit 1', () => {
  // A whole HELLO, then an ECHO_REQUEST whose header claims 12 bytes with only 10 present.
  const r = nodeflow(['decode', '--hex', HELLO + ECHO.slice(0, 20)]);
  assert.is(r.status, 1);
  const out = lines(r.stdout);
  assert.is(out.length, 2);
  assert.equal(Object.keys(out[1]!), ['decode_error'], 'the failed message is a JSON line saying which and why');
  const de = out[1]!['decode_error'] as Record<string, unknown>;
  assert.equal([de['message'], de['offset'], de['length'], de['code'], de['at']], [2, 8, 10, 'truncated', 8]);
  const err = r.stderr.trim().split('\n');
  assert.is(err.length, 1, r.stderr);
  assert.match(err[0]!, /^nodeflow decode: message 2 of the input \(byte 8\): truncated: ofp_\w+(\.\w+)? at offset 8 /);
  assert.ok(noStack(r.stderr));
});

test('decode names a bad header field: length under 8, unknown version', async () => {
  const [short, v] = await nodeflowAll([[['decode', '--hex', '01000004 00000001']], [['decode', '--hex', HELLO + '7f00000800000001']]]) as [R, R];
  assert.is(short.status, 1);
  assert.match(short.stderr, /ofp_header\.length at offset 2/);
  assert.is(v.status, 1);
  assert.is(lines(v.stdout).length, 2);
  assert.is((lines(v.stdout)[1]!['decode_error'] as { code: string }).code, 'bad_version');
  assert.match(v.stderr, /byte 8\): bad_version: ofp_header\.version at offset 8 is 127/);
  assert.ok(noStack(short.stderr) && noStack(v.stderr));
});

test('decode: bad hex, a missing file and two inputs are clear one-line errors', async () => {
  const [h, odd, m, two] = await nodeflowAll([[['decode', '--hex', '0100zz']], [['decode', '--hex', '010']], [['decode', join(TMP, 'does-not-exist')]], [['decode', 'x', '--hex', '00']]]) as [R, R, R, R];
  assert.is(h.status, 1);
  assert.match(h.stderr, /^nodeflow decode: hex input: 'z' is not a hex digit/);
  assert.is(odd.status, 1);
  assert.match(odd.stderr, /odd number/);
  assert.is(m.status, 1);
  assert.match(m.stderr, /^nodeflow decode: cannot read .*does-not-exist: no such file\n$/);
  assert.is(two.status, 2);
  for (const r of [h, odd, m]) assert.ok(noStack(r.stderr), r.stderr);
});

test('encode: NDJSON back to bytes, binary or one hex line per message', () => {
  const json = nodeflow(['decode', '--hex', HELLO + ECHO]).stdout;
  const bin = nodeflow(['encode'], json);
  assert.is(bin.status, 0, bin.stderr);
  assert.is(bin.stdout.toString('hex'), HELLO + ECHO);
  const hex = nodeflow(['encode', '--hex', '-'], json);
  assert.is(hex.stdout.toString(), `${HELLO}\n${ECHO}\n`);
});

test('encode recomputes lengths and accepts names or numbers for enums', () => {
  const r = nodeflow(['encode', '--hex'], '{"version":1,"type":"OFPT_ECHO_REQUEST","length":999,"xid":2,"data":"61626364"}\n{"version":1,"type":2,"xid":3}\n');
  assert.is(r.status, 0, r.stderr);
  assert.is(r.stdout.toString(), `${ECHO}\n0102000800000003\n`);
});

test('encode errors name the line and the field, after writing the lines before; exit 1', async () => {
  const good = `{"version":1,"type":"OFPT_HELLO","xid":1}`;
  const [badJson, badField, missing, notObject, version, big] = await nodeflowAll([
    [['encode', '--hex'], `${good}\n{"version":1,\n`],
    [['encode'], `${good}\n\n{"version":1,"type":"OFPT_ECHO_REQUEST","xid":"seven"}\n`],
    [['encode'], `{"version":1,"type":"OFPT_PACKET_IN","xid":1}`],
    [['encode'], `[1,2]`],
    [['encode'], `{"version":9,"type":0,"xid":1}`],
    [['encode'], `{"version":4,"type":"OFPT_FEATURES_REPLY","xid":1,"datapath_id":18446744073709551615,"n_buffers":0,"n_tables":1,"auxiliary_id":0,"capabilities":0,"reserved":0}`],
  ]) as [R, R, R, R, R, R];
  assert.is(badJson.status, 1);
  assert.is(badJson.stdout.toString(), `${HELLO}\n`);
  assert.match(badJson.stderr, /^nodeflow encode: line 2: not valid JSON: /);
  assert.is(badField.status, 1);
  assert.is(badField.stdout.toString('hex'), HELLO);
  assert.match(badField.stderr, /^nodeflow encode: line 3: bad_value: message\.xid /);
  assert.match(missing.stderr, /^nodeflow encode: line 1: bad_value: message\.buffer_id .*missing/);
  assert.match(notObject.stderr, /^nodeflow encode: line 1: needs a JSON object/);
  assert.match(version.stderr, /^nodeflow encode: line 1: bad_version: message\.version/);
  assert.match(big.stderr, /^nodeflow encode: line 1: field datapath_id: a number this large loses precision/);
  for (const r of [badJson, badField, missing, notObject, version, big]) {
    assert.is(r.status, 1);
    assert.ok(noStack(r.stderr), r.stderr);
  }
});

test('decode --pcap: each line carries frame, time, direction and stream offset; encode ignores them', () => {
  const file = join(FIXTURES, 'pcap', 'of13-session.pcapng');
  const r = nodeflow(['decode', '--pcap', file]);
  assert.is(r.status, 0, r.stderr);
  const out = lines(r.stdout);
  const want: Buffer[] = [];
  decodeCapture(readFileSync(file), DEFAULT_PORTS, (m) => want.push(m.bytes));
  assert.is(out.length, want.length);
  const meta = out[0]!['pcap'] as Record<string, unknown>;
  assert.equal(Object.keys(meta), ['frame', 'time', 'src', 'dst', 'offset']);
  assert.match(String(meta['src']), /^127\.0\.0\.1:\d+$/);
  assert.ok(Object.keys(out[0]!)[0] === 'pcap');
  const back = nodeflow(['encode'], r.stdout);
  assert.is(back.status, 0, back.stderr);
  assert.ok(back.stdout.equals(Buffer.concat(want)));
});

test('decode --pcap: the 1.5 HELLO that opens a real session decodes (negotiation-only version)', () => {
  // The 1.0 session opens with ovs-testcontroller's OpenFlow 1.5 HELLO (frame 4).
  const r = nodeflow(['decode', '--pcap', join(FIXTURES, 'pcap', 'of10-session.pcap')]);
  assert.is(r.status, 0, r.stderr);
  const first = lines(r.stdout)[0] as unknown as { pcap: { frame: number }; version: number; type: string; length: number; elements: unknown[] };
  assert.is(first.pcap.frame, 4);
  assert.is(first.version, 6);
  assert.is(first.type, 'OFPT_HELLO');
  assert.is(first.length, 8);
  assert.equal(first.elements, [], 'a plain HELLO: no version bitmap');
});

test('decode --pcap: an undecodable message is one stderr line with frame and direction; exit 1', () => {
  // Corrupt the version byte of that first HELLO: an unknown version is reported with frame and direction.
  const file = readFileSync(join(FIXTURES, 'pcap', 'of10-session.pcap'));
  const at = file.indexOf(Buffer.from([0x06, 0x00, 0x00, 0x08]));
  assert.ok(at > 0);
  const bad = Buffer.from(file);
  bad[at] = 0x7f;
  const path = join(TMP, 'bad-version.pcap');
  writeFileSync(path, bad);
  const r = nodeflow(['decode', '--pcap', path]);
  assert.is(r.status, 1);
  assert.ok(lines(r.stdout).length > 100);
  assert.match(r.stderr, /^nodeflow decode: frame 4, 127\.0\.0\.1:6633 → 127\.0\.0\.1:\d+, message at stream offset 0 .*bad_version: ofp_header\.version at offset 0 is 127/);
  assert.ok(noStack(r.stderr));
});

test('decode --pcap: --port picks the ports; a capture with none says so; a bad file is one line', async () => {
  const file = join(FIXTURES, 'pcap', 'of13-session.pcap');
  const cut = join(TMP, 'cut.pcap');
  writeFileSync(cut, readFileSync(file).subarray(0, 1000));
  const [none, some, badPort, bad] = await nodeflowAll([
    [['decode', '--pcap', file, '--port', '9']], [['decode', '--pcap', file, '--port', '1,6653']],
    [['decode', '--pcap', file, '--port', '70000']], [['decode', '--pcap', cut]],
  ]) as [R, R, R, R];
  assert.is(none.status, 0);
  assert.is(none.stdout.length, 0);
  assert.match(none.stderr, /no TCP segments on port 9/);
  assert.ok(lines(some.stdout).length > 100);
  assert.is(badPort.status, 2);
  assert.is(bad.status, 1);
  assert.match(bad.stderr, /nodeflow decode: capture file: .* \(at byte \d+\)\n$/);
  assert.ok(noStack(bad.stderr));
});

test.after(() => rmSync(TMP, { recursive: true, force: true }));
test.run();
