/**
 * OpenFlow 1.0 views agree field by field with the generic decoder on every
 * fixture of a type they read (plus messages encoded here from plain values,
 * so the checks run even before fixtures exist), reject every truncated
 * prefix with an error value, and reject wrong versions/types/lengths.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { decodeMessage, encodeMessage, type Message } from '../../codec/message.js';
import '../../codec/index.js';
import * as s10 from '../../codec/of10/schema.js';
import { OFPT } from '../../codec/of10/enums.js';
import { listFixtures } from '../support/fixtures.js';
import * as hot from '../../codec/hot.js';
import type { MessageView } from '../../codec/views/types.js';
import { assertPrefixesFail, num, typeOf, withLength } from './views-support.js';

type Check = (v: any, m: Message, bytes: Buffer, id: string) => void;
interface Case { make: () => MessageView; check: Check }

const cases = new Map<number, Case>();

cases.set(OFPT.PACKET_IN, {
  make: () => new hot.PacketIn10View(),
  check: (v: hot.PacketIn10View, m, b, id) => {
    const d = s10.ofp_packet_in;
    assert.is(v.bufferId, m['buffer_id'], `${id} buffer_id`);
    assert.is(v.totalLen, m['total_len'], `${id} total_len`);
    assert.is(v.inPort, num(d, 'in_port', m['in_port']), `${id} in_port`);
    assert.is(v.reason, num(d, 'reason', m['reason']), `${id} reason`);
    assert.ok(b.subarray(v.dataOffset, v.dataOffset + v.dataLength).equals(m['data'] as Buffer), `${id} data`);
  },
});
for (const t of [OFPT.ECHO_REQUEST, OFPT.ECHO_REPLY]) {
  cases.set(t, {
    make: () => new hot.Echo10View(t),
    check: (v: hot.Echo10View, m, b, id) => {
      const payload = b.subarray(v.payloadOffset, v.payloadOffset + v.payloadLength);
      const want = (m['data'] ?? m['payload'] ?? Buffer.alloc(0)) as Buffer;
      assert.ok(payload.equals(want), `${id} payload`);
    },
  });
}

/** Messages encoded from plain values, for every type the current schema can encode. */
function synthesized(): { id: string; bytes: Buffer }[] {
  const values: Record<string, unknown>[] = [
    { version: 1, type: 'OFPT_PACKET_IN', xid: 0x01020304, buffer_id: 0xffffffff, total_len: 60, in_port: 0xfffe, reason: 1, data: Buffer.alloc(60, 0x5a) },
    { version: 1, type: 'OFPT_PACKET_IN', xid: 7, buffer_id: 256, total_len: 1500, in_port: 3, reason: 0, data: Buffer.alloc(0) },
    { version: 1, type: 'OFPT_ECHO_REQUEST', xid: 9, data: Buffer.from('ping!') },
    { version: 1, type: 'OFPT_ECHO_REPLY', xid: 10, data: Buffer.alloc(0) },
  ];
  const out: { id: string; bytes: Buffer }[] = [];
  for (const v of values) {
    try {
      out.push({ id: `synth:${String(v['type'])}:${String(v['xid'])}`, bytes: encodeMessage(v) });
    } catch {
      // the 1.0 schema does not describe this message yet
    }
  }
  return out;
}

const sources = [
  ...listFixtures('of10').filter((f) => !f.truncated).map((f) => ({ id: f.id, bytes: f.bytes })),
  ...synthesized(),
];

test('there is something to check for the PACKET_IN view', () => {
  assert.ok(sources.some((x) => typeOf(x.bytes) === OFPT.PACKET_IN));
});

test('views agree with decodeMessage on every 1.0 message they read', () => {
  let n = 0;
  for (const src of sources) {
    const c = cases.get(typeOf(src.bytes));
    if (!c) continue;
    const d = decodeMessage(src.bytes);
    assert.ok(d.ok, `${src.id}: generic decoder failed`);
    if (!d.ok) continue;
    const v = c.make();
    // bound at an offset inside a larger buffer, as a reader's receive buffer would be
    const big = Buffer.alloc(src.bytes.length + 11, 0xcc);
    src.bytes.copy(big, 3);
    assert.is(v.bind(big, 3, src.bytes.length + 8), null, `${src.id}: bind failed`);
    assert.is(v.length, d.value.length, `${src.id} length`);
    assert.is(v.xid, d.value.xid, `${src.id} xid`);
    assert.is(v.version, 1);
    c.check(v, d.value, big, src.id);
    n++;
  }
  assert.ok(n > 0);
});

test('every truncated prefix makes bind return an error', () => {
  for (const src of sources) {
    const c = cases.get(typeOf(src.bytes));
    if (!c) continue;
    const v = c.make();
    assertPrefixesFail(src.id, src.bytes, (b, o, l) => v.bind(b, o, l));
  }
  for (const f of listFixtures('of10').filter((x) => x.truncated)) {
    const c = cases.get(typeOf(f.bytes));
    if (!c || f.bytes.length < 2) continue;
    assert.ok(c.make().bind(f.bytes, 0, f.bytes.length) !== null, `${f.id} bound`);
  }
});

test('wrong version, wrong type and impossible lengths are errors, and reset the view', () => {
  const pi = sources.find((x) => typeOf(x.bytes) === OFPT.PACKET_IN)!.bytes;
  const v = new hot.PacketIn10View();
  const wrongVersion = Buffer.from(pi); wrongVersion[0] = 4;
  assert.is(v.bind(wrongVersion, 0, pi.length)?.code, 'bad_version');
  const wrongType = Buffer.from(pi); wrongType[1] = OFPT.FLOW_MOD;
  assert.is(v.bind(wrongType, 0, pi.length)?.code, 'unknown_type');
  const short = withLength(pi, 17);
  const e = v.bind(short, 0, pi.length);
  assert.is(e?.code, 'bad_length');
  assert.equal(e?.ofError, { type: 1, code: 6 });
  assert.is(v.bind(pi, 0, pi.length), null);
  assert.is(v.bind(pi, 2, pi.length)?.code, 'truncated', 'region past the buffer end');
  assert.is(v.bufferId, 0, 'a failed bind points the view at zeros');
  assert.is(v.dataLength <= 0, true);
});

test('frame helpers read the header and say when a message is complete', () => {
  const pi = sources.find((x) => typeOf(x.bytes) === OFPT.PACKET_IN)!.bytes;
  const two = Buffer.concat([pi, pi]);
  assert.is(hot.frameVersion(two, pi.length), 1);
  assert.is(hot.frameType(two, pi.length), OFPT.PACKET_IN);
  assert.is(hot.frameLength(two, pi.length), pi.length);
  assert.is(hot.frameXid(two, 0), decodeMessage(pi).ok ? (decodeMessage(pi) as { value: Message }).value.xid : -1);
  assert.is(hot.frameSize(two, 0), pi.length);
  assert.is(hot.frameSize(two, pi.length), pi.length);
  assert.is(hot.frameSize(two, pi.length, two.length - 1), 0);
  assert.is(hot.frameSize(two, 0, 7), 0);
  assert.is(hot.frameSize(withLength(pi, 7), 0), -1);
});

test('macKey is an exact 48-bit key and writeMacKey inverts it', () => {
  const b = Buffer.from('ffeeddccbbaa0102030405ff', 'hex');
  const k = hot.macKey(b, 0);
  assert.is(k, 0xffeeddccbbaa);
  assert.is(hot.macKey(b, 6), 0x0102030405ff);
  const o = Buffer.alloc(6);
  hot.writeMacKey(k, o, 0);
  assert.is(o.toString('hex'), 'ffeeddccbbaa');
});

test.run();
