/**
 * OpenFlow 1.0 decode errors are values with a reason, a struct.field, an
 * absolute offset and the OpenFlow error to answer with; unknown codes
 * (ports, reasons, action types, vendors, Nicira subtypes, error types,
 * queue properties) are data that round-trip unchanged.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { decodeMessage, encodeMessage, tryEncodeMessage, type Message } from '../../codec/message.js';
import '../../codec/index.js';
import { toJSON } from '../../codec/schema/json.js';
import { errorCodeEnums, ofpErrorType } from '../../codec/of10/enums.js';
import { listFixtures } from '../support/fixtures.js';

const fx = (suffix: string): Buffer => {
  const f = listFixtures('of10').find((x) => x.id.endsWith(suffix));
  if (!f) throw new Error(`fixture ${suffix} missing`);
  return Buffer.from(f.bytes);
};
const FLOW_MOD = fx('ryu/1-2-ofp_flow_mod.packet'); // 80 bytes: one output action at 72
const DEC_TTL = fx('ryu/ovs-ofctl-of10-action_dec_nw_ttl.packet'); // 88 bytes: one 16-byte Nicira action at 72
const DESC_REQ = fx('ovs/ovs-3.1-stats_request-desc-dump-desc.packet');
const DESC_REPLY = fx('ovs/ovs-3.1-stats_reply-desc-dump-desc.packet');
const PACKET_IN = fx('ovs/ovs-3.1-packet_in-action-traffic-packet-in.packet');
const PACKET_OUT = fx('ryu/1-1-ofp_packet_out.packet');
const PORT_STATUS = fx('ovs/ovs-3.1-port_status-add-port-add.packet');

function fail(b: Buffer) {
  const r = decodeMessage(b);
  if (r.ok) throw new Error(`decoded: ${toJSON(r.value)}`);
  return r;
}

function roundTrip(b: Buffer): Message {
  const r = decodeMessage(b);
  if (!r.ok) throw new Error(r.error.message);
  assert.ok(encodeMessage(r.value).equals(b), 'value re-encodes');
  assert.ok(encodeMessage(JSON.parse(toJSON(r.value))).equals(b), 'JSON form re-encodes');
  return r.value;
}

/** Insert `extra` bytes at `at` and grow the header length to match. */
function grow(b: Buffer, at: number, extra: Buffer): Buffer {
  const out = Buffer.concat([b.subarray(0, at), extra, b.subarray(at)]);
  out.writeUInt16BE(out.length, 2);
  return out;
}

// ---- truncation: exact messages ----------------------------------------------------------

test('truncated FLOW_MOD: the message names struct.field, offset, need and what is left', () => {
  const r = fail(FLOW_MOD.subarray(0, 71));
  assert.equal(r.error, {
    code: 'truncated', field: 'ofp_flow_mod.flags', offset: 70,
    message: 'truncated: ofp_flow_mod.flags at offset 70 needs 2 bytes, 1 left', ofError: { type: 1, code: 6 },
  });
  assert.is(r.size, 80, 'the header still frames the message');
  assert.is(fail(FLOW_MOD.subarray(0, 76)).error.message, 'truncated: ofp_action_output.port at offset 76 needs 2 bytes, 0 left');
  assert.is(fail(FLOW_MOD.subarray(0, 24)).error.message, 'truncated: ofp_match.dl_dst at offset 20 needs 6 bytes, 4 left');
  assert.is(fail(FLOW_MOD.subarray(0, 5)).error.message, 'truncated: ofp_header at offset 0 needs 8 bytes, 5 left');
});

test('decoding at an offset reports absolute offsets', () => {
  const two = Buffer.concat([PACKET_IN, FLOW_MOD.subarray(0, 71)]);
  const r = decodeMessage(two, PACKET_IN.length);
  if (r.ok) return assert.unreachable();
  assert.is(r.error.offset, PACKET_IN.length + 70);
  assert.is(r.error.field, 'ofp_flow_mod.flags');
});

// ---- wrong lengths ---------------------------------------------------------------------

test('header length below 8 is bad_length with nothing to skip', () => {
  const b = Buffer.from(PACKET_IN.subarray(0, 8));
  b.writeUInt16BE(4, 2);
  const r = fail(b);
  assert.is(r.error.code, 'bad_length');
  assert.is(r.error.field, 'ofp_header.length');
  assert.is(r.error.offset, 2);
  assert.equal(r.error.ofError, { type: 1, code: 6 });
  assert.is(r.size, 0);
});

test('a fixed-size message with another length is bad_length (BAD_REQUEST/BAD_LEN)', () => {
  const b = grow(PORT_STATUS, PORT_STATUS.length, Buffer.alloc(8));
  const r = fail(b);
  assert.is(r.error.code, 'bad_length');
  assert.is(r.error.field, 'ofp_port_status.length');
  assert.is(r.error.message, 'bad_length: ofp_port_status.length at offset 2 is 72, but ofp_port_status is 64 bytes');
  assert.equal(r.error.ofError, { type: 1, code: 6 });
  const barrier = Buffer.from(DESC_REQ);
  barrier[1] = 18; // BARRIER_REQUEST is header only; 12 bytes is too long
  assert.is(fail(barrier).error.field, 'ofp_barrier_request.length');
});

test('an output action whose len is not 8 is bad_length with OFPET_BAD_ACTION/OFPBAC_BAD_LEN', () => {
  const b = grow(FLOW_MOD, 80, Buffer.alloc(8));
  b.writeUInt16BE(16, 74);
  const r = fail(b);
  assert.is(r.error.code, 'bad_length');
  assert.is(r.error.field, 'ofp_action_output.len');
  assert.is(r.error.offset, 74);
  assert.equal(r.error.ofError, { type: 2, code: 1 });
});

test('a Nicira action whose len is not its size, and an action len of 0, are bad_length (BAD_ACTION/BAD_LEN)', () => {
  const b = grow(DEC_TTL, 88, Buffer.alloc(8));
  b.writeUInt16BE(24, 74);
  const r = fail(b);
  assert.is(r.error.field, 'nx_action_dec_ttl.len');
  assert.equal(r.error.ofError, { type: 2, code: 1 });
  const z = Buffer.from(FLOW_MOD);
  z.writeUInt16BE(0, 74);
  const rz = fail(z);
  assert.is(rz.error.code, 'bad_length');
  assert.equal(rz.error.ofError, { type: 2, code: 1 });
});

test('PACKET_OUT actions_len larger than the message is bad_length, not truncated', () => {
  const b = Buffer.from(PACKET_OUT);
  b.writeUInt16BE(b.length, 14);
  const r = fail(b);
  assert.is(r.error.code, 'bad_length');
  assert.is(r.error.field, 'ofp_packet_out.actions');
  assert.is(r.error.offset, 16);
});

test('an unknown stats type decodes to its type, flags and body bytes, and re-encodes byte-exact', () => {
  for (const src of [DESC_REQ, DESC_REPLY]) {
    const b = Buffer.from(src);
    b.writeUInt16BE(0x42, 8);
    const r = decodeMessage(b);
    if (!r.ok) return assert.unreachable(r.error.message);
    assert.is(r.value['stats_type'], 0x42);
    assert.ok(Buffer.from(r.value['body'] as Uint8Array).equals(b.subarray(12)));
    assert.ok(encodeMessage(r.value).equals(b));
    assert.ok(encodeMessage(JSON.parse(toJSON(r.value))).equals(b));
  }
});

test('an unknown message type is unknown_type with OFPET_BAD_REQUEST/OFPBRC_BAD_TYPE', () => {
  const b = Buffer.from(PACKET_IN);
  b[1] = 30;
  const r = fail(b);
  assert.is(r.error.code, 'unknown_type');
  assert.is(r.error.field, 'ofp10_message.type');
  assert.is(r.error.offset, 1);
  assert.equal(r.error.ofError, { type: 1, code: 1 });
  assert.is(r.size, b.length, 'the stream can skip it');
});

// ---- unknown codes are data --------------------------------------------------------------

test('unknown port numbers and reasons decode to numbers and round-trip', () => {
  const b = Buffer.from(FLOW_MOD);
  b.writeUInt16BE(0xfff0, 76); // output port: reserved range, no name
  b.writeUInt16BE(0xfff7, 12); // match.in_port
  const v = roundTrip(b);
  assert.is(((v['actions'] as Message[])[0]!)['port'], 0xfff0);
  assert.is((v['match'] as Message)['in_port'], 0xfff7);
  const p = Buffer.from(PACKET_IN);
  p[16] = 9;
  assert.is(roundTrip(p)['reason'], 9);
  const named = decodeMessage(PACKET_IN);
  assert.ok(named.ok && named.value['reason'] === 'OFPR_ACTION');
});

test('an unknown action type is opaque data and round-trips', () => {
  const b = Buffer.from(FLOW_MOD);
  b.writeUInt16BE(0x00ee, 72);
  const v = roundTrip(b);
  const a = (v['actions'] as Message[])[0]!;
  assert.is(a['type'], 0xee);
  assert.is(a['len'], 8);
  assert.equal([...(a['body'] as Uint8Array)], [...FLOW_MOD.subarray(76, 80)]);
});

test('an unknown vendor and an unknown Nicira subtype are opaque data and round-trip', () => {
  const v1 = Buffer.from(DEC_TTL);
  v1.writeUInt32BE(0x00001234, 76);
  const a1 = (roundTrip(v1)['actions'] as Message[])[0]!;
  assert.is(a1['vendor'], 0x1234);
  assert.is((a1['body'] as Uint8Array).length, 8);
  const v2 = Buffer.from(DEC_TTL);
  v2.writeUInt16BE(200, 80);
  const a2 = (roundTrip(v2)['actions'] as Message[])[0]!;
  assert.is(a2['vendor'], 0x2320);
  assert.is(a2['subtype'], 200);
  assert.is((a2['body'] as Uint8Array).length, 6);
});

test('error messages: every error type and code encodes and decodes by name; unknown ones stay numbers', () => {
  for (const [type, codes] of errorCodeEnums) {
    const typeName = ofpErrorType.byValue.get(type)!;
    for (const [c, codeName] of codes.byValue) {
      const bytes = encodeMessage({ version: 1, type: 'OFPT_ERROR', xid: 7, error_type: typeName, code: codeName, data: 'abcd' });
      assert.is(bytes.length, 14);
      assert.is(bytes.readUInt16BE(8), type);
      assert.is(bytes.readUInt16BE(10), c);
      const v = roundTrip(bytes);
      assert.is(v['error_type'], typeName);
      assert.is(v['code'], codeName);
    }
  }
  const odd = encodeMessage({ version: 1, type: 'OFPT_ERROR', xid: 1, error_type: 99, code: 5 });
  const v = roundTrip(odd);
  assert.is(v['error_type'], 99);
  assert.is(v['code'], 5);
  const unknownCode = roundTrip(encodeMessage({ version: 1, type: 'OFPT_ERROR', xid: 1, error_type: 'OFPET_BAD_ACTION', code: 77 }));
  assert.is(unknownCode['code'], 77);
});

test('queue properties: min_rate and NONE decode by layout, unknown ones stay opaque; sizes match the spec', () => {
  const bytes = encodeMessage({
    version: 1, type: 'OFPT_QUEUE_GET_CONFIG_REPLY', xid: 3, port: 1,
    queues: [
      { queue_id: 1, properties: [{ property: 'OFPQT_MIN_RATE', rate: 500 }, { property: 'OFPQT_NONE' }] },
      { queue_id: 2, properties: [{ property: 9, data: '0000000001020304' }] },
    ],
  });
  assert.is(bytes.length, 16 + (8 + 16 + 8) + (8 + 12));
  assert.is(bytes.readUInt16BE(16 + 4), 32, 'packet_queue len covers its properties');
  assert.is(bytes.readUInt16BE(16 + 8 + 2), 16, 'min_rate property len');
  const v = roundTrip(bytes);
  const q = v['queues'] as Message[];
  assert.equal((q[0]!['properties'] as Message[]).map((p) => p['property']), ['OFPQT_MIN_RATE', 'OFPQT_NONE']);
  assert.is((q[0]!['properties'] as Message[])[0]!['rate'], 500);
  assert.is((q[1]!['properties'] as Message[])[0]!['property'], 9);
  const bad = Buffer.from(bytes);
  bad.writeUInt16BE(12, 16 + 8 + 2); // min_rate with len 12
  const r = fail(bad);
  assert.is(r.error.field, 'ofp_queue_prop_min_rate.len');
  assert.is(r.error.code, 'bad_length');
});

test('encoding a bad value is an error value naming the field, never an exception', () => {
  const r = decodeMessage(FLOW_MOD);
  if (!r.ok) return assert.unreachable();
  const noMatch = { ...r.value } as Record<string, unknown>;
  delete noMatch['match'];
  const e = tryEncodeMessage(noMatch);
  assert.not.ok(e.ok);
  if (!e.ok) assert.match(e.error.field, /match/);
  const badPort = JSON.parse(toJSON(r.value));
  badPort.actions[0].port = 'OFPP_NOWHERE';
  const e2 = tryEncodeMessage(badPort);
  assert.not.ok(e2.ok);
  if (!e2.ok) {
    assert.is(e2.error.code, 'bad_value');
    assert.is(e2.error.field, 'message.actions[0].port');
  }
  const badStat = JSON.parse(toJSON(decodeMessage(DESC_REQ).ok ? (decodeMessage(DESC_REQ) as { value: Message }).value : {}));
  badStat.stats_type = 'OFPST_NO_SUCH';
  const e3 = tryEncodeMessage(badStat);
  assert.not.ok(e3.ok, 'an unknown stats type name');
  if (!e3.ok) assert.is(e3.error.field, 'message.stats_type');
});

test.run();
