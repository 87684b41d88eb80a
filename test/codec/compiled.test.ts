/**
 * The compiled codec against the interpreter it is generated from (the
 * oracle): the same value for every fixture and every fuzzer input, the same
 * error (code, field, offset, text) when there is one, the same bytes when
 * encoding; valid messages take the compiled straight-line path (they are not
 * quietly handed to the interpreter); which structs compile, and that a
 * member kind the compiler does not know leaves its struct to the interpreter.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { isDeepStrictEqual } from 'node:util';
import {
  CodecError, compiledFor, decodeMessage, decodeMessageInterpreted, decodeDef, encodeDef, encodeMessage, encodeMessageInterpreted, encodeMessageInto,
  GrowBuffer, messageToJSON, writeMessageJSON, schemaFor, struct, supportedVersions, toJSONValue, tryEncodeMessage, u8, u16, len, align, rest, type Def, type Member,
} from '../../codec/index.js';
import { compileDecoder, compileEncoder, fastIpv6, SLOW } from '../../codec/schema/compile/index.js';
import { formatIpv6 } from '../../codec/schema/scalars.js';
import { fastU64, helpers } from '../../codec/schema/compile/support.js';
import { FIXTURES, listFixtures } from '../support/fixtures.js';
import { decodeCapture } from '../../cli/pcap/index.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCorpus } from '../fuzz/corpus.js';
import { makeInput } from '../fuzz/run.js';
import { Rng } from '../fuzz/prng.js';

const fixtures: { id: string; bytes: Buffer }[] = ['of10', 'of13', 'of14', 'of15'].flatMap((v) => listFixtures(v));
// The Open vSwitch dialect capture (Nicira messages and actions, 1.0 to 1.5): every message of it too.
decodeCapture(readFileSync(join(FIXTURES, 'ovs-dialect', 'ovs-dialect.pcap')), [6653], (m) => fixtures.push({ id: `ovs-dialect frame ${m.meta.frame}`, bytes: m.bytes }));

/** The fixtures holding a Nicira action with a `count` member, from Open vSwitch (ovs-ofctl and the dialect capture). */
function countFixtures(): { id: string; bytes: Buffer }[] {
  const found = fixtures.filter((f) => {
    const r = decodeMessageInterpreted(f.bytes);
    return r.ok && /"subtype":"NXAST_(BUNDLE|BUNDLE_LOAD|DEC_TTL_CNT_IDS)"/.test(JSON.stringify(toJSONValue(r.value)));
  });
  const text = found.map((f) => JSON.stringify(toJSONValue(decodeMessageInterpreted(f.bytes)))).join('');
  for (const sub of ['NXAST_BUNDLE"', 'NXAST_BUNDLE_LOAD"', 'NXAST_DEC_TTL_CNT_IDS"']) assert.ok(text.includes(sub), `a fixture has ${sub}`);
  return found;
}

function rawDecode(b: Buffer): 'fast' | 'slow' {
  try {
    compiledFor(b[0]!)!.decoder.decode(b, 0, b.length);
    return 'fast';
  } catch (e) {
    // SLOW, or a CodecError from a custom element (OXM): either way the entry point asks the interpreter.
    if (e !== SLOW && !(e instanceof CodecError)) throw e;
    return 'slow';
  }
}

test('every fixture: compiled decode == interpreter (values and errors), valid ones on the fast path', () => {
  let valid = 0, errors = 0;
  for (const f of fixtures) {
    const c = decodeMessage(f.bytes);
    const i = decodeMessageInterpreted(f.bytes);
    assert.ok(isDeepStrictEqual(c, i), f.id);
    assert.is(JSON.stringify(toJSONValue(c)), JSON.stringify(toJSONValue(i)), `${f.id}: same key order`);
    if (i.ok) {
      valid++;
      assert.is(rawDecode(f.bytes), 'fast', `${f.id} decodes without the interpreter`);
    } else {
      errors++;
    }
  }
  assert.ok(valid > 300 && errors > 0, `${valid} valid, ${errors} bad fixtures`);
});

test('every fixture: compiled encode == interpreter, from the decoded value and from its JSON form, on the fast path', () => {
  for (const f of fixtures) {
    const d = decodeMessageInterpreted(f.bytes);
    if (!d.ok) continue;
    const asJson = JSON.parse(JSON.stringify(toJSONValue(d.value))) as Record<string, unknown>;
    for (const v of [d.value, asJson]) {
      assert.ok(encodeMessage(v).equals(encodeMessageInterpreted(v)), f.id);
      const w = new GrowBuffer(16);
      compiledFor(f.bytes[0]!)!.encoder.encode(v, w); // throws SLOW if it left the fast path
      assert.ok(w.result().equals(f.bytes), `${f.id}: byte-exact`);
    }
  }
});

test('40000 fuzzer inputs: compiled decode == interpreter; the compiled path accepts nothing the interpreter rejects', () => {
  const corpus = loadCorpus(new Rng(7));
  let fast = 0, okI = 0;
  for (let n = 0; n < 40000; n++) {
    const { bytes } = makeInput(7, n, corpus);
    const c = decodeMessage(bytes);
    const i = decodeMessageInterpreted(bytes);
    if (!isDeepStrictEqual(c, i)) assert.unreachable(`input ${n} (${bytes.toString('hex').slice(0, 120)}): ${JSON.stringify(toJSONValue(c)).slice(0, 300)} vs ${JSON.stringify(toJSONValue(i)).slice(0, 300)}`);
    if (bytes.length >= 8 && bytes.readUInt16BE(2) >= 8 && compiledFor(bytes[0]!) && rawDecode(bytes.subarray(0, Math.min(bytes.length, bytes.readUInt16BE(2)))) === 'fast') {
      fast++;
      assert.ok(i.ok, `input ${n}: the compiled path accepted what the interpreter rejects`);
    }
    if (i.ok) {
      okI++;
      const a = tryEncodeMessage(i.value);
      let b: Buffer | undefined;
      try { b = encodeMessageInterpreted(i.value); } catch { b = undefined; }
      assert.is(a.ok ? a.bytes.toString('hex') : undefined, b?.toString('hex'), `input ${n}: encoders agree`);
    }
  }
  assert.ok(okI > 2000 && fast >= okI, `${okI} inputs decoded, ${fast} on the compiled path`);
});

test('the compiled JSON writer gives the text of JSON.stringify(toJSONValue(v)) for every fixture and 20000 fuzzer inputs', () => {
  let n = 0;
  const check = (b: Buffer, what: string): void => {
    const r = decodeMessage(b);
    if (!r.ok) return;
    n++;
    assert.is(messageToJSON(r.value), JSON.stringify(toJSONValue(r.value)), what);
  };
  for (const f of fixtures) check(f.bytes, f.id);
  const corpus = loadCorpus(new Rng(11));
  for (let i = 0; i < 20000; i++) check(makeInput(11, i, corpus).bytes, `fuzz input ${i}`);
  assert.ok(n > 1000, `${n} decoded values compared`);
  // A value that is not the decoders' (an extra key) is written the generic way, still right.
  const v = { ...(decodeMessage(fixtures[0]!.bytes) as { value: Record<string, unknown> }).value, extra: 1n };
  assert.is(messageToJSON(v), JSON.stringify(toJSONValue(v)));
});

test('bytes straight to JSON text (writeMessageJSON) == messageToJSON of the decoded value, for every fixture and 20000 fuzzer inputs', () => {
  // A small starting buffer, so that growing it is exercised too; text is appended after earlier text.
  const out = { buf: Buffer.alloc(16), pos: 0 };
  let n = 0, written = 0;
  const check = (b: Buffer, what: string): void => {
    const len = b.length >= 4 ? b.readUInt16BE(2) : 0;
    const bytes = len >= 8 && len <= b.length ? b.subarray(0, len) : b;
    const r = decodeMessage(bytes);
    const before = out.pos;
    const ok = writeMessageJSON(bytes, 0, bytes.length, out);
    if (!r.ok) {
      assert.not.ok(ok, `${what}: written although it does not decode`);
      assert.is(out.pos, before);
      return;
    }
    n++;
    if (ok) {
      written++;
      assert.is(out.buf.toString('utf8', before, out.pos), messageToJSON(r.value), what);
    }
    if (out.pos > 1 << 20) out.pos = 0;
  };
  for (const f of fixtures) check(f.bytes, f.id);
  const corpus = loadCorpus(new Rng(13));
  for (let i = 0; i < 20000; i++) check(makeInput(13, i, corpus).bytes, `fuzz input ${i}`);
  assert.ok(n > 1000 && written > 0.99 * n, `${n} decoded, ${written} written straight from the bytes`);
  // Messages with `count` members (Nicira bundle, bundle_load, dec_ttl_cnt_ids) are written straight from the bytes too.
  for (const f of countFixtures()) {
    out.pos = 0;
    assert.ok(writeMessageJSON(f.bytes, 0, f.bytes.length, out), f.id);
    assert.is(out.buf.toString('utf8', 0, out.pos), messageToJSON((decodeMessage(f.bytes) as { value: Record<string, unknown> }).value), f.id);
  }
});

test('encode errors: the same error from the compiled entry point and the interpreter (missing, unknown and bad fields)', () => {
  const cases: Record<string, unknown>[] = [
    { version: 1, type: 'OFPT_PACKET_OUT', xid: 1, in_port: 1, actions: [{ type: 'OFPAT_OUTPUT', port: 'nope' }] },
    { version: 1, type: 'OFPT_FLOW_MOD', xid: 1, command: 'OFPFC_ADD', bogus_field: 5 },
    { version: 4, type: 'OFPT_FLOW_MOD', xid: 1, command: 'OFPFC_ADD', priority: 70000 },
    { version: 4, type: 'OFPT_NOPE', xid: 1 },
    { version: 4, type: 'OFPT_ECHO_REQUEST', xid: 1, data: 'abc' },
  ];
  for (const v of cases) {
    let ce: unknown, ie: unknown;
    try { encodeMessage(v); } catch (e) { ce = e; }
    try { encodeMessageInterpreted(v); } catch (e) { ie = e; }
    assert.ok(ce instanceof Error && ie instanceof Error, JSON.stringify(v));
    assert.is((ce as Error).message, (ie as Error).message);
  }
});

test('encode errors in the compiled twins and the count structs: the interpreter\'s error, whatever pass found it', () => {
  const nx = { type: 'OFPAT_VENDOR', vendor: 8992 };
  const fm = (actions: unknown[]) => ({ version: 1, type: 'OFPT_FLOW_MOD', xid: 1, match: {}, command: 'OFPFC_ADD', actions });
  const oxm = (x: Record<string, unknown>) => ({ version: 4, type: 'OFPT_FLOW_MOD', xid: 1, match: { type: 'OFPMT_OXM', oxm_fields: [x] } });
  const cases: Record<string, unknown>[] = [
    // bundle: members must be ports; a count given is overwritten, a wrong one is no error (as for lengths)
    fm([{ ...nx, subtype: 'NXAST_BUNDLE', algorithm: 0, fields: 0, basis: 0, member_type: 0, ofs_nbits: 0, dst: 0, members: [1, 'nope'] }]),
    fm([{ ...nx, subtype: 'NXAST_BUNDLE', algorithm: 0, fields: 0, basis: 0, member_type: 0, ofs_nbits: 0, dst: 0, members: 5 }]),
    fm([{ ...nx, subtype: 'NXAST_DEC_TTL_CNT_IDS', cnt_ids: [70000] }]),
    // NAT: a range field that range_present does not announce; learn2: a result field without its flag
    fm([{ ...nx, subtype: 'NXAST_NAT', flags: 1, range_present: 1, range: { ipv4_min: '10.0.0.1', proto_min: 5 } }]),
    fm([{ ...nx, subtype: 'NXAST_NAT', flags: 1, range_present: 1, range: { bogus: 1 } }]),
    fm([{ ...nx, subtype: 'NXAST_LEARN', idle_timeout: 0, hard_timeout: 0, priority: 1, cookie: 0n, flags: 0, table_id: 1, fin_idle_timeout: 0, fin_hard_timeout: 0,
      specs: [{ src: 'immediate', dst: 'match', n_bits: 16, value: '08', dst_field: { class: 'OFPXMC_NXM_0', field: 3, hasmask: false, oxm_length: 2 }, dst_ofs: 0 }] }]),
    // OXM: a basic field with a bad value, an opaque body that is not hex, an unknown class name
    oxm({ class: 'OFPXMC_OPENFLOW_BASIC', field: 'OFPXMT_OFB_ETH_DST', hasmask: false, value: 'aa:bb:cc:dd:ee:zz' }),
    oxm({ class: 'OFPXMC_NXM_1', field: 31, hasmask: false, body: 'c0a8020' }),
    oxm({ class: 'OFPXMC_NOPE', field: 31, hasmask: false, body: 'c0a80203' }),
    // unknown fields, nested; a bad MAC and a bad 64-bit value in a plain struct
    fm([{ type: 'OFPAT_OUTPUT', port: 1, max_len: 0, colour: 'red' }]),
    { version: 1, type: 'OFPT_FLOW_MOD', xid: 1, match: { dl_src: '00:11:22:33:44' }, command: 'OFPFC_ADD' },
    { version: 4, type: 'OFPT_FLOW_MOD', xid: 1, cookie: -1n, command: 'OFPFC_ADD' },
  ];
  for (const v of cases) {
    let ce: unknown, ie: unknown, te: unknown;
    try { encodeMessage(v); } catch (e) { ce = e; }
    try { encodeMessageInterpreted(v); } catch (e) { ie = e; }
    try { encodeMessageInto(v, Buffer.alloc(1024), 3); } catch (e) { te = e; }
    assert.ok(ie instanceof CodecError, `${JSON.stringify(v, (_, x) => (typeof x === 'bigint' ? String(x) : x))}: the interpreter refuses it`);
    assert.is((ce as Error).message, (ie as Error).message);
    assert.is((te as Error).message, (ie as Error).message);
  }
});

test('encodeMessageInto: the bytes of encodeMessage at the offset, nothing else touched; a RangeError, nothing written, when they do not fit', () => {
  const buf = Buffer.alloc(70000, 0xee);
  let n = 0;
  for (const f of fixtures) {
    const d = decodeMessageInterpreted(f.bytes);
    if (!d.ok) continue;
    buf.fill(0xee);
    const at = n++ % 7;
    const written = encodeMessageInto(d.value, buf, at);
    assert.is(written, f.bytes.length, f.id);
    assert.ok(buf.subarray(at, at + written).equals(f.bytes), `${f.id}: same bytes`);
    assert.ok(buf[at + written] === 0xee && (at === 0 || buf[at - 1] === 0xee), `${f.id}: nothing written around`);
    // One byte short: refused before anything is written.
    const small = Buffer.alloc(at + written - 1, 0xee);
    assert.throws(() => encodeMessageInto(d.value, small, at), (e: unknown) => e instanceof RangeError);
    assert.ok(small.every((x) => x === 0xee), `${f.id}: nothing written when it does not fit`);
  }
  assert.ok(n > 300);
  // A value only the interpreter takes (a MAC with dashes) is written too, and a bad offset is refused.
  const v = { version: 1, type: 'OFPT_FLOW_MOD', xid: 1, match: { dl_src: '00-11-22-33-44-55' }, command: 'OFPFC_ADD' };
  const k = encodeMessageInto(v, buf, 5);
  assert.ok(buf.subarray(5, 5 + k).equals(encodeMessageInterpreted(v)));
  assert.throws(() => encodeMessageInto(v, buf, -1), (e: unknown) => e instanceof RangeError);
  assert.throws(() => encodeMessageInto(v, buf, 1.5), (e: unknown) => e instanceof RangeError);
});

test('encodeMessage results are independent: 3000 kept messages of every size (short ones share 8 KiB blocks) keep their bytes', () => {
  const kept: [Buffer, Buffer][] = [];
  const valid = fixtures.map((f) => decodeMessageInterpreted(f.bytes)).filter((d) => d.ok) as { value: Record<string, unknown> }[];
  for (let i = 0; i < 3000; i++) {
    const v = valid[(i * 7) % valid.length]!.value;
    kept.push([encodeMessage(v), encodeMessageInterpreted(v)]);
  }
  for (const [got, want] of kept) assert.ok(got.equals(want) && got.length === want.length);
  // Writing into one result leaves its neighbours in the block alone.
  const [a, b] = [encodeMessage({ version: 1, type: 'OFPT_BARRIER_REQUEST', xid: 1 }), encodeMessage({ version: 1, type: 'OFPT_BARRIER_REQUEST', xid: 2 })];
  a.fill(0xff);
  assert.ok(b.equals(encodeMessageInterpreted({ version: 1, type: 'OFPT_BARRIER_REQUEST', xid: 2 })));
});

test('MAC and IPv4 addresses as numbers or bytes: the bytes of their text on the compiled path and in the interpreter; bad ones the same error', () => {
  const fm10 = (m: Record<string, unknown>) => ({ version: 1, type: 'OFPT_FLOW_MOD', xid: 1, command: 'OFPFC_ADD', match: m });
  const fm13 = (fields: Record<string, unknown>[]) => ({ version: 4, type: 'OFPT_FLOW_MOD', xid: 1, match: { type: 'OFPMT_OXM', oxm_fields: fields } });
  const f = (field: string, value: unknown, mask?: unknown) => ({ field: `OFPXMT_OFB_${field}`, value, ...(mask === undefined ? {} : { mask }) });
  const same: [Record<string, unknown>, Record<string, unknown>][] = [
    [fm10({ dl_src: '80:00:00:00:00:01', dl_dst: 'ff:ff:ff:ff:ff:fe', nw_src: '10.1.2.3', nw_dst: '255.255.255.255' }),
      fm10({ dl_src: 0x800000000001, dl_dst: 0xfffffffffffe, nw_src: 0x0a010203, nw_dst: 0xffffffff })],
    [fm10({ dl_src: '00:00:00:00:00:00', dl_dst: '01:02:03:04:05:06', nw_src: '0.0.0.0', nw_dst: '192.168.0.1' }),
      fm10({ dl_src: 0, dl_dst: new Uint8Array([1, 2, 3, 4, 5, 6]), nw_src: new Uint8Array(4), nw_dst: Buffer.from([192, 168, 0, 1]) })],
    [fm13([f('ETH_SRC', 'de:ad:be:ef:00:01', 'ff:ff:ff:00:00:00'), f('ETH_TYPE', 0x800), f('IPV4_DST', '10.0.0.0', '255.0.0.0'), f('ARP_TPA', '1.2.3.4')]),
      fm13([f('ETH_SRC', 0xdeadbeef0001, new Uint8Array([255, 255, 255, 0, 0, 0])), f('ETH_TYPE', 0x800), f('IPV4_DST', 0x0a000000, 0xff000000), f('ARP_TPA', new Uint8Array([1, 2, 3, 4]))])],
  ];
  for (const [text, other] of same) {
    const want = encodeMessageInterpreted(text);
    assert.ok(encodeMessageInterpreted(other).equals(want), 'the interpreter: same bytes as the text');
    assert.ok(encodeMessage(other).equals(want), 'encodeMessage: same bytes');
    const w = new GrowBuffer(16);
    compiledFor(other['version'] as number)!.encoder.encode(other, w); // throws SLOW if it left the fast path
    assert.ok(w.result().equals(want), 'on the compiled path');
  }
  const bad: unknown[] = [-1, 2 ** 48, 1.5, NaN, Infinity, 5n, true, new Uint8Array(5), new Uint8Array(7), [0, 0, 0, 0, 0, 1], null];
  const cases: Record<string, unknown>[] = [
    ...bad.map((x) => fm10({ dl_src: x })),
    ...[...bad, 2 ** 32, new Uint8Array(6)].map((x) => fm10({ nw_dst: x })),
    ...bad.map((x) => fm13([f('ETH_DST', x)])),
    ...[2 ** 32, new Uint8Array(3)].map((x) => fm13([f('IPV4_SRC', '10.0.0.0', x)])),
  ];
  for (const v of cases) {
    let ce: unknown, ie: unknown, te: unknown;
    try { encodeMessage(v); } catch (e) { ce = e; }
    try { encodeMessageInterpreted(v); } catch (e) { ie = e; }
    try { encodeMessageInto(v, Buffer.alloc(70000), 3); } catch (e) { te = e; }
    assert.ok(ie instanceof CodecError, `${String((v['match'] as Record<string, unknown>)['dl_src'])}: the interpreter refuses it`);
    assert.is((ce as Error).message, (ie as Error).message);
    assert.is((te as Error).message, (ie as Error).message);
  }
});

test('which structs compile: every struct of every version; a struct with an unknown member kind falls back to the interpreter', () => {
  // The structs with a `count` member (the number of elements of a later list: Nicira bundle members,
  // dec_ttl controller ids) compile for decoding; the encoder leaves them to the interpreter still.
  const counted = ['nx_action_bundle', 'nx_action_bundle_load', 'nx_action_dec_ttl_cnt_ids'];
  for (const wire of supportedVersions()) {
    const c = compiledFor(wire)!;
    assert.equal([...c.decoder.interpreted], [], `${schemaFor(wire)!.label}: ${c.decoder.interpreted.join(', ')}`);
    // The encoder writes `count` members itself (the list's length, as it computes length fields).
    assert.equal([...c.encoder.interpreted], [], `${schemaFor(wire)!.label}: ${c.encoder.interpreted.join(', ')}`);
    for (const name of counted) assert.ok(c.encoder.compiled.includes(name), `${name} encodes compiled`);
    assert.ok(c.decoder.compiled.length > 100, `${c.decoder.compiled.length} structs compiled`);
    for (const name of ['ofp_flow_mod', 'ofp_packet_in', 'ofp_packet_out', ...counted]) assert.ok(c.decoder.compiled.includes(name), name);
  }
  // The Open vSwitch dialect's structs with mid-struct or counted alignment compile too.
  for (const name of ['nx_flow_mod', 'nx_packet_in', 'nx_action_reg_load2']) assert.ok(compiledFor(1)!.decoder.compiled.includes(name), name);
  for (const name of ['ofp_action_copy_field', 'ofp_bundle_add_msg']) assert.ok(compiledFor(6)!.decoder.compiled.includes(name), name);
  // A kind added to the schema language later (a TLV property list, say) that this compiler does not know.
  const future = { kind: 'future_kind' } as unknown as Member;
  const inner = struct('future_struct', [u8('a'), future, u8('b')]);
  const outer = struct('outer', [u16('x'), { kind: 'struct', name: 'inner', def: inner }]);
  const dec = compileDecoder(outer as Def);
  const enc = compileEncoder(outer as Def);
  assert.equal(dec.compiled, ['outer']);
  assert.equal(dec.interpreted, ['future_struct']);
  assert.equal(enc.interpreted, ['future_struct']);
  const bytes = Buffer.from('0102aabb', 'hex');
  assert.equal(dec.decode(bytes, 0, 4), decodeDef(outer, bytes, 0, 4).value);
  const w1 = new GrowBuffer(), w2 = new GrowBuffer();
  enc.encode({ x: 258, inner: { a: 0xaa, b: 0xbb } }, w1);
  encodeDef(outer, { x: 258, inner: { a: 0xaa, b: 0xbb } }, w2);
  assert.ok(w1.result().equals(w2.result()) && w1.result().equals(bytes));
});

test('count members (Nicira bundle, bundle_load, dec_ttl_cnt_ids): compiled decode and JSON text == interpreter on every byte changed and every prefix', () => {
  const found = countFixtures();
  assert.ok(found.length >= 5, `${found.length} fixtures`);
  let checked = 0, bad = 0;
  for (const f of found) {
    assert.is(rawDecode(f.bytes), 'fast', `${f.id} decodes without the interpreter`);
    const inputs: Buffer[] = [];
    // Every prefix (the header length then says more than there is), and every byte set to a few values:
    // counts that claim more or fewer elements than the action holds, lengths that cut a list, odd sizes.
    for (let n = 0; n < f.bytes.length; n++) inputs.push(f.bytes.subarray(0, n));
    for (let i = 8; i < f.bytes.length; i++) {
      for (const x of [0, 1, 2, 0xff, (f.bytes[i]! + 1) & 0xff, (f.bytes[i]! - 1) & 0xff]) {
        if (x === f.bytes[i]) continue;
        const b = Buffer.from(f.bytes);
        b[i] = x;
        inputs.push(b);
      }
    }
    const out = { buf: Buffer.alloc(64), pos: 0 };
    for (const b of inputs) {
      const c = decodeMessage(b), i = decodeMessageInterpreted(b);
      if (!isDeepStrictEqual(c, i)) assert.unreachable(`${f.id} ${b.toString('hex')}: ${JSON.stringify(toJSONValue(c)).slice(0, 300)} vs ${JSON.stringify(toJSONValue(i)).slice(0, 300)}`);
      if (!i.ok) bad++;
      checked++;
      // The bytes-to-JSON writer: the same text when it writes, nothing when the message does not decode.
      const len = b.length >= 4 ? b.readUInt16BE(2) : 0;
      const whole = len >= 8 && len <= b.length ? b.subarray(0, len) : b;
      const r = decodeMessage(whole);
      out.pos = 0;
      const wrote = writeMessageJSON(whole, 0, whole.length, out);
      if (!r.ok) assert.not.ok(wrote, `${f.id} ${b.toString('hex')}: written although it does not decode`);
      else if (wrote) assert.is(out.buf.toString('utf8', 0, out.pos), messageToJSON(r.value), `${f.id} ${b.toString('hex')}`);
    }
  }
  assert.ok(bad > 1000 && checked > bad, `${checked} inputs, ${bad} rejected`);
});

test('mid-struct and counted align: compiled == interpreter on every prefix and padding', () => {
  const mid = struct('mid_align', [len('length'), u8('a'), align(8), rest('tail')]);
  const counted = struct('counted_align', [len('length'), u8('a'), rest('tail'), align(8, true)]);
  for (const def of [mid, counted]) {
    const dec = compileDecoder(def), enc = compileEncoder(def);
    assert.equal(dec.interpreted, []);
    for (const v of [{ a: 1, tail: Buffer.alloc(0) }, { a: 2, tail: Buffer.from('0102030405', 'hex') }, { a: 3, tail: Buffer.alloc(9, 7) }]) {
      const w1 = new GrowBuffer(), w2 = new GrowBuffer();
      enc.encode(v, w1);
      encodeDef(def, v, w2);
      const bytes = w2.result();
      assert.ok(w1.result().equals(bytes), `${def.name}: same bytes`);
      // Every prefix, and the bytes with their length field changed: the same value or both refuse.
      const inputs = [bytes, ...Array.from({ length: bytes.length }, (_, n) => bytes.subarray(0, n))];
      for (let n = 0; n < 20; n++) { const x = Buffer.from(bytes); x.writeUInt16BE(n, 0); inputs.push(x); }
      for (const b of inputs) {
        let c: unknown, i: unknown;
        try { c = dec.decode(b, 0, b.length); c = { v: c, n: dec.size() }; } catch { c = 'error'; }
        try { const d = decodeDef(def, b, 0, b.length); i = { v: d.value, n: d.size }; } catch { i = 'error'; }
        assert.ok(isDeepStrictEqual(c, i), `${def.name} ${b.toString('hex')}: ${JSON.stringify(c)} vs ${JSON.stringify(i)}`);
      }
    }
  }
});

test('IPv6 text: the compiled path\'s fastIpv6 == the interpreter\'s formatIpv6 (zero runs at every place and length, ties, 20000 zero-heavy addresses, 600 asked again in turn)', () => {
  const b = Buffer.alloc(16);
  const check = (what: string): void => assert.is(fastIpv6(b, 0), formatIpv6(b, 0), `${what}: ${b.toString('hex')}`);
  // Every pattern of zero and non-zero words (256), non-zero words of 1 to 4 digits.
  for (let mask = 0; mask < 256; mask++) {
    for (let i = 0; i < 8; i++) b.writeUInt16BE(mask & (1 << i) ? [0x1, 0x2a, 0xdb8, 0xffff][i & 3]! : 0, 2 * i);
    check(`pattern ${mask}`);
  }
  const rng = new Rng(11);
  for (let n = 0; n < 20000; n++) {
    for (let i = 0; i < 8; i++) b.writeUInt16BE(rng.int(3) === 0 ? rng.int(0x10000) : 0, 2 * i);
    check(`random ${n}`);
  }
  // fastIpv6 remembers recent addresses (256 slots): 600 addresses asked again in random order
  // collide and evict each other, and every answer must still be that address's own text.
  const kept = Array.from({ length: 600 }, () => {
    const a = Buffer.alloc(16);
    for (let i = 0; i < 8; i++) a.writeUInt16BE(rng.int(2) === 0 ? rng.int(0x10000) : 0, 2 * i);
    return a;
  });
  for (let n = 0; n < 20000; n++) {
    kept[rng.int(kept.length)]!.copy(b);
    check(`again ${n}`);
  }
});

test('64-bit fields: fastU64 == readBigUInt64BE (zero, all-ones, 2^53 and 2^63 edges, 20000 random values at odd offsets)', () => {
  const b = Buffer.alloc(24);
  const edges = [0n, 1n, 0xffffffffn, 0x100000000n, (1n << 53n) - 1n, 1n << 53n, (1n << 63n) - 1n, 1n << 63n, 0xfffffffffffffffen, 0xffffffffffffffffn];
  for (const v of edges) {
    b.writeBigUInt64BE(v, 3);
    assert.is(fastU64(b, 3), v);
  }
  const rng = new Rng(13);
  for (let n = 0; n < 20000; n++) {
    for (let i = 0; i < b.length; i++) b[i] = rng.int(4) === 0 ? 0xff : rng.int(256);
    const o = rng.int(17);
    assert.is(fastU64(b, o), b.readBigUInt64BE(o), `${b.toString('hex')} at ${o}`);
  }
});

test('NUL-padded strings through the compiled path\'s string cache: the Latin-1 text up to the first NUL, for 40 texts of 0-69 bytes drawn 30000 times, with bytes changed', () => {
  const rng = new Rng(17);
  const texts = Array.from({ length: 40 }, () => Buffer.from(Array.from({ length: rng.int(70) }, () => 1 + rng.int(255))));
  const b = Buffer.alloc(300);
  for (let n = 0; n < 30000; n++) {
    b.fill(0);
    texts[rng.int(texts.length)]!.copy(b, 3);
    if (rng.int(4) === 0) b[3 + rng.int(70)] = rng.int(256);
    const size = rng.int(2) === 0 ? 256 : 32;
    let z = 3;
    while (z < 3 + size && b[z] !== 0) z++;
    assert.is(helpers.str(b, 3, size), b.toString('latin1', 3, z), `draw ${n}`);
  }
});

/** The first TABLE_FEATURES reply fixture, decoded by the interpreter. */
function tableFeatures(): { bytes: Buffer; value: Record<string, unknown> } {
  const f = fixtures.find((x) => x.id.includes('MULTIPART_REPLY-OFPMP_TABLE_FEATURES') && decodeMessageInterpreted(x.bytes).ok)!;
  const r = decodeMessageInterpreted(f.bytes);
  assert.ok(r.ok);
  return { bytes: f.bytes, value: r.value as unknown as Record<string, unknown> };
}

test('lists made at their size (counted from the elements\' headers first): the interpreter\'s value or error when a property length, an id length or an id class is changed', () => {
  const { bytes } = tableFeatures();
  // The first table's properties start after the 16-byte multipart header and its 64-byte table header.
  let p = 16 + 64;
  const end = 16 + bytes.readUInt16BE(16);
  let props = 0;
  while (p < end && props < 16) {
    const len = bytes.readUInt16BE(p + 2);
    for (const d of [-9, -8, -5, -4, -3, -1, 1, 3, 4, 5, 8]) {
      const m = Buffer.from(bytes);
      m.writeUInt16BE((len + d) & 0xffff, p + 2);
      assert.ok(isDeepStrictEqual(decodeMessage(m), decodeMessageInterpreted(m)), `property at ${p} length ${len}${d >= 0 ? '+' : ''}${d}`);
    }
    // Each element of the property: its class made experimenter's (0xffff, 8 bytes), its length byte changed.
    // (The first 8 and the last 4 elements: each try decodes the whole 60 kB reply twice.)
    for (let q = p + 4; q + 4 <= p + len; q = q + 4 === p + 4 + 32 ? Math.max(q + 4, p + len - 16) : q + 4) {
      const m = Buffer.from(bytes);
      m.writeUInt16BE(0xffff, q);
      assert.ok(isDeepStrictEqual(decodeMessage(m), decodeMessageInterpreted(m)), `element at ${q} made experimenter`);
      const k = Buffer.from(bytes);
      k[q + 3] = (k[q + 3]! + 5) & 0xff;
      assert.ok(isDeepStrictEqual(decodeMessage(k), decodeMessageInterpreted(k)), `element at ${q} length byte changed`);
    }
    p += (len + 7) & ~7;
    props++;
  }
  assert.ok(props >= 10, `${props} properties tried`);
});

test('an OXM id list with experimenter ids among basic and NXM ones (4- and 8-byte elements): compiled == interpreter, on the fast path', () => {
  const { value } = tableFeatures();
  const tables = value['body'] as { properties: { type: string; oxm_ids?: unknown[] }[] }[];
  const match = tables[0]!.properties.find((x) => x.type === 'OFPTFPT_MATCH')!;
  const exp = { class: 'OFPXMC_EXPERIMENTER', field: 5, hasmask: false, oxm_length: 8, experimenter: 0x4f4e4600 };
  match.oxm_ids = [exp, ...match.oxm_ids!.slice(0, 3), exp, ...match.oxm_ids!.slice(3), exp];
  const bytes = encodeMessage(value);
  const i = decodeMessageInterpreted(bytes);
  assert.ok(i.ok);
  assert.ok(isDeepStrictEqual(decodeMessage(bytes), i));
  assert.is(rawDecode(bytes), 'fast');
  const ids = ((i.value as unknown as Record<string, unknown>)['body'] as typeof tables)[0]!.properties.find((x) => x.type === 'OFPTFPT_MATCH')!.oxm_ids!;
  assert.equal(ids[0], exp);
  assert.equal(ids[ids.length - 1], exp);
});

test.run();
