/**
 * OpenFlow 1.3 views agree field by field with the generic decoder on every
 * fixture of a type they read (plus messages encoded here), reject every
 * truncated prefix and malformed matches with error values, and iterate OXM
 * TLVs like the decoder's list.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { decodeMessage, encodeMessage, type Message } from '../../codec/message.js';
import '../../codec/index.js';
import type { OxmInput } from '../../codec/index.js';
import * as s13 from '../../codec/of13/schema.js';
import { OFPT, OFPMP } from '../../codec/of13/enums.js';
import { formatMac } from '../../codec/schema/scalars.js';
import { listFixtures } from '../support/fixtures.js';
import * as hot from '../../codec/hot.js';
import type { MessageView } from '../../codec/views/types.js';
import { assertPrefixesFail, num, typeOf, withLength } from './views-support.js';

type Check = (v: any, m: Message, bytes: Buffer, id: string) => void;
interface Case { make: () => MessageView; check: Check }
const cases = new Map<number, Case>();

/** The view's OXM iteration must visit the decoder's oxm_fields, in order, with the same headers. */
function checkOxms(v: hot.PacketIn13View | hot.FlowRemoved13View, m: Message, b: Buffer, id: string): void {
  const match = m['match'] as { length: number; oxm_fields: Record<string, unknown>[] };
  assert.is(v.matchLength, match.length, `${id} match length`);
  const fields = match.oxm_fields;
  let i = 0;
  let inPort = 0;
  for (let at = v.oxmFirst(); at >= 0; at = v.oxmNext(at), i++) {
    const f = fields[i]!;
    assert.ok(f, `${id}: view has more OXMs than the decoder`);
    assert.is(hot.oxmLength(b, at), f['length'], `${id} oxm ${i} length`);
    assert.is(hot.oxmHasMask(b, at), f['hasmask'], `${id} oxm ${i} hasmask`);
    if (f['field'] === 'OFPXMT_OFB_IN_PORT') {
      if (!inPort) inPort = f['value'] as number;
      assert.is(v.findOxm(hot.OXM_FIELD['IN_PORT']!) >= 0, true);
    }
    if (f['field'] === 'OFPXMT_OFB_ETH_DST') assert.is(formatMac(b, hot.oxmValueOffset(at)), f['value'], `${id} eth_dst`);
  }
  assert.is(i, fields.length, `${id}: OXM count`);
  assert.is(v.inPort, inPort, `${id} in_port from the match`);
}

cases.set(OFPT.PACKET_IN, {
  make: () => new hot.PacketIn13View(),
  check: (v: hot.PacketIn13View, m, b, id) => {
    const d = s13.ofp_packet_in;
    assert.is(v.bufferId, m['buffer_id'], `${id} buffer_id`);
    assert.is(v.totalLen, m['total_len'], `${id} total_len`);
    assert.is(v.reason, num(d, 'reason', m['reason']), `${id} reason`);
    assert.is(v.tableId, m['table_id'], `${id} table_id`);
    assert.is(v.cookie, m['cookie'], `${id} cookie`);
    assert.is((BigInt(v.cookieHi) << 32n) | BigInt(v.cookieLo), m['cookie']);
    assert.ok(b.subarray(v.dataOffset, v.dataOffset + v.dataLength).equals(m['data'] as Buffer), `${id} data`);
    checkOxms(v, m, b, id);
  },
});

cases.set(OFPT.FLOW_REMOVED, {
  make: () => new hot.FlowRemoved13View(),
  check: (v: hot.FlowRemoved13View, m, b, id) => {
    assert.is(v.cookie, m['cookie'], `${id} cookie`);
    assert.is(v.priority, m['priority']);
    assert.is(v.reason, num(s13.ofp_flow_removed, 'reason', m['reason']));
    assert.is(v.tableId, m['table_id']);
    assert.is(v.durationSec, m['duration_sec']);
    assert.is(v.durationNsec, m['duration_nsec']);
    assert.is(v.idleTimeout, m['idle_timeout']);
    assert.is(v.hardTimeout, m['hard_timeout']);
    assert.is(v.packetCount, m['packet_count']);
    assert.is(v.byteCount, m['byte_count']);
    checkOxms(v, m, b, id);
  },
});

for (const t of [OFPT.ECHO_REQUEST, OFPT.ECHO_REPLY]) {
  cases.set(t, {
    make: () => new hot.Echo13View(t),
    check: (v: hot.Echo13View, m, b, id) => {
      assert.ok(b.subarray(v.payloadOffset, v.payloadOffset + v.payloadLength).equals(m['data'] as Buffer), `${id} payload`);
    },
  });
}

function checkPort(p: hot.Port13View, want: Record<string, unknown>, b: Buffer, id: string): void {
  assert.is(p.portNo, num(s13.ofp_port, 'port_no', want['port_no']), `${id} port_no`);
  assert.is(formatMac(b, p.hwAddrOffset), want['hw_addr'], `${id} hw_addr`);
  assert.is(p.name, want['name'], `${id} name`);
  for (const [k, f] of [['config', 'config'], ['state', 'state'], ['curr', 'curr'], ['advertised', 'advertised'], ['supported', 'supported'], ['peer', 'peer'], ['currSpeed', 'curr_speed'], ['maxSpeed', 'max_speed']] as const) {
    assert.is(p[k], want[f], `${id} ${f}`);
  }
}

cases.set(OFPT.PORT_STATUS, {
  make: () => new hot.PortStatus13View(),
  check: (v: hot.PortStatus13View, m, b, id) => {
    assert.is(v.reason, num(s13.ofp_port_status, 'reason', m['reason']), `${id} reason`);
    const desc = m['desc'] as Record<string, unknown>;
    checkPort(v.port, desc, b, id);
    assert.is(v.portNo, v.port.portNo);
    assert.is(v.name, desc['name']);
    assert.is(v.config, desc['config']);
    assert.is(v.state, desc['state']);
  },
});

cases.set(OFPT.FEATURES_REPLY, {
  make: () => new hot.FeaturesReply13View(),
  check: (v: hot.FeaturesReply13View, m, b, id) => {
    assert.is(v.datapathId, m['datapath_id'], `${id} datapath_id`);
    assert.is((BigInt(v.datapathIdHi) << 32n) | BigInt(v.datapathIdLo), m['datapath_id']);
    assert.is(v.nBuffers, m['n_buffers']);
    assert.is(v.nTables, m['n_tables']);
    assert.is(v.auxiliaryId, m['auxiliary_id']);
    assert.is(v.capabilities, m['capabilities']);
  },
});

cases.set(OFPT.ERROR, {
  make: () => new hot.Error13View(),
  check: (v: hot.Error13View, m, b, id) => {
    const et = num(s13.ofp_error_msg, 'error_type', m['error_type']);
    assert.is(v.errType, et, `${id} type`);
    if (m['exp_type'] !== undefined) {
      assert.is(v.errCode, m['exp_type']);
      assert.is(v.experimenter, m['experimenter']);
    } else {
      const code = m['code'];
      const e = (s13.ofp_error_msg.members.find((x) => x.kind === 'scalar' && x.name === 'code') as any).enumBy.enums.get(et);
      assert.is(v.errCode, typeof code === 'number' ? code : e.byName.get(code), `${id} code`);
      assert.is(v.experimenter, -1);
    }
    assert.ok(b.subarray(v.dataOffset, v.dataOffset + v.dataLength).equals(m['data'] as Buffer), `${id} data`);
  },
});

cases.set(OFPT.MULTIPART_REPLY, {
  make: () => new hot.MultipartReply13View(),
  check: (v: hot.MultipartReply13View, m, b, id) => {
    const t = num(s13.ofp_multipart_reply_header, 'multipart_type', m['multipart_type']);
    assert.is(v.mpType, t, `${id} multipart_type`);
    assert.is(v.flags, m['flags']);
    assert.is(v.bodyOffset + v.bodyLength, v.offset + v.length);
    const pv = new hot.Port13View();
    if (t === OFPMP.PORT_DESC) {
      const ports = m['body'] as Record<string, unknown>[];
      assert.is(v.portCount, ports.length, `${id} ports`);
      for (let i = 0; i < ports.length; i++) {
        assert.ok(v.port(i, pv));
        checkPort(pv, ports[i]!, b, `${id} port ${i}`);
      }
      assert.not.ok(v.port(ports.length, pv));
    } else {
      assert.is(v.portCount, 0);
    }
  },
});

// The field is named at run time, so the value's type cannot be checked here: a cast.
const oxm = (field: string, value: unknown, mask?: unknown) => ({ class: 'OFPXMC_OPENFLOW_BASIC', field: `OFPXMT_OFB_${field}`, hasmask: mask !== undefined, value, ...(mask !== undefined ? { mask } : {}) }) as OxmInput;

function synthesized(): { id: string; bytes: Buffer }[] {
  const values: Record<string, unknown>[] = [
    { version: 4, type: 'OFPT_PACKET_IN', xid: 1, buffer_id: 0xffffffff, total_len: 42, reason: 0, table_id: 0, cookie: 0xffffffffffffffffn, match: { type: 'OFPMT_OXM', oxm_fields: [oxm('IN_PORT', 7)] }, data: Buffer.alloc(42, 1) },
    { version: 4, type: 'OFPT_PACKET_IN', xid: 2, buffer_id: 5, total_len: 0, reason: 1, table_id: 3, cookie: 0n, match: { type: 'OFPMT_OXM', oxm_fields: [] }, data: Buffer.alloc(0) },
    { version: 4, type: 'OFPT_PACKET_IN', xid: 3, buffer_id: 5, total_len: 14, reason: 1, table_id: 3, cookie: 1n, match: { type: 'OFPMT_OXM', oxm_fields: [oxm('ETH_DST', '01:02:03:04:05:06', 'ff:ff:ff:00:00:00'), oxm('IN_PORT', 0xfffffffd), oxm('TUNNEL_ID', 9n)] }, data: Buffer.alloc(14, 2) },
    { version: 4, type: 'OFPT_FLOW_REMOVED', xid: 4, cookie: 3n, priority: 9, reason: 2, table_id: 1, duration_sec: 1, duration_nsec: 2, idle_timeout: 3, hard_timeout: 4, packet_count: 5n, byte_count: 6n, match: { type: 'OFPMT_OXM', oxm_fields: [oxm('IN_PORT', 2), oxm('ETH_TYPE', 0x800)] } },
    { version: 4, type: 'OFPT_ECHO_REQUEST', xid: 5, data: Buffer.from('hi') },
    { version: 4, type: 'OFPT_FEATURES_REPLY', xid: 6, datapath_id: 0xfedcba9876543210n, n_buffers: 0, n_tables: 254, auxiliary_id: 0, capabilities: 0x4f, reserved: 0 },
    { version: 4, type: 'OFPT_ERROR', xid: 7, error_type: 'OFPET_BAD_MATCH', code: 1, data: Buffer.from('0400000800000001', 'hex') },
    { version: 4, type: 'OFPT_MULTIPART_REPLY', xid: 8, multipart_type: 'OFPMP_PORT_DESC', flags: 0, body: [] },
  ];
  return values.map((v) => ({ id: `synth:${String(v['type'])}:${String(v['xid'])}`, bytes: encodeMessage(v) }));
}

const sources = [
  ...listFixtures('of13').filter((f) => !f.truncated).map((f) => ({ id: f.id, bytes: f.bytes })),
  ...synthesized(),
];

test('views agree with decodeMessage on every 1.3 message they read', () => {
  let n = 0;
  for (const src of sources) {
    const c = cases.get(typeOf(src.bytes));
    if (!c || src.bytes[0] !== 4) continue;
    const d = decodeMessage(src.bytes);
    if (!d.ok) continue; // the generic decoder's own tests say why; views need not read what it rejects
    const v = c.make();
    const big = Buffer.alloc(src.bytes.length + 11, 0xcc);
    src.bytes.copy(big, 3);
    const e = v.bind(big, 3, src.bytes.length + 8);
    assert.is(e, null, `${src.id}: bind failed: ${e?.message}`);
    assert.is(v.length, d.value.length);
    assert.is(v.xid, d.value.xid, `${src.id} xid`);
    assert.is(v.version, 4);
    c.check(v, d.value, big, src.id);
    n++;
  }
  assert.ok(n >= cases.size);
});

test('every view type is exercised by a fixture or a synthesized message', () => {
  for (const t of cases.keys()) assert.ok(sources.some((x) => typeOf(x.bytes) === t), `no message of type ${t}`);
  assert.ok(sources.some((x) => typeOf(x.bytes) === OFPT.PACKET_IN && !x.id.startsWith('synth')), 'a real 1.3 PACKET_IN fixture');
});

test('every truncated prefix makes bind return an error', () => {
  for (const src of sources) {
    const c = cases.get(typeOf(src.bytes));
    if (!c || src.bytes[0] !== 4 || !decodeMessage(src.bytes).ok) continue;
    const v = c.make();
    assertPrefixesFail(src.id, src.bytes, (b, o, l) => v.bind(b, o, l));
  }
  for (const f of listFixtures('of13').filter((x) => x.truncated)) {
    const c = cases.get(typeOf(f.bytes));
    if (c && f.bytes.length >= 2) assert.ok(c.make().bind(f.bytes, 0, f.bytes.length) !== null, `${f.id} bound`);
  }
});

test('a 1.3 PACKET_IN with an impossible match is an error value, never a throw', () => {
  const pi = synthesized()[2]!.bytes;
  const v = new hot.PacketIn13View();
  assert.is(v.bind(pi, 0, pi.length), null);
  const matchAt = v.matchOffset;
  // match length below its header
  const a = Buffer.from(pi); a.writeUInt16BE(3, matchAt + 2);
  assert.is(v.bind(a, 0, a.length)?.code, 'bad_length');
  // match length past the message
  const b = Buffer.from(pi); b.writeUInt16BE(pi.length, matchAt + 2);
  assert.is(v.bind(b, 0, b.length)?.code, 'bad_length');
  // an OXM whose length runs past the match
  const c = Buffer.from(pi); c[matchAt + 4 + 3] = 200;
  const ec = v.bind(c, 0, c.length);
  assert.is(ec?.code, 'bad_length');
  assert.equal(ec?.ofError, { type: 4, code: 1 });
  // a basic field with the wrong width (ETH_DST with mask must be 12)
  const d = Buffer.from(pi); d[matchAt + 4 + 3] = 6;
  assert.is(v.bind(d, 0, d.length)?.code, 'bad_length');
  assert.not.ok(decodeMessage(d).ok, 'the generic decoder rejects it too');
  assert.is(v.inPort, 0, 'a failed bind forgets the match');
  assert.is(v.oxmFirst(), -1);
  // version and type
  const e = Buffer.from(pi); e[0] = 1;
  assert.is(v.bind(e, 0, e.length)?.code, 'bad_version');
  assert.is(v.bind(withLength(pi, 20), 0, pi.length)?.code, 'bad_length');
});

test('findOxm finds fields by code and in_port comes from the match', () => {
  const pi = synthesized()[2]!.bytes;
  const v = new hot.PacketIn13View();
  assert.is(v.bind(pi, 0, pi.length), null);
  assert.is(v.inPort, 0xfffffffd);
  assert.ok(v.hasInPort);
  const at = v.findOxm(hot.OXM_FIELD['ETH_DST']!);
  assert.is(formatMac(pi, at), '01:02:03:04:05:06');
  assert.is(formatMac(pi, at + 6), 'ff:ff:ff:00:00:00');
  assert.is(pi.readBigUInt64BE(v.findOxm(hot.OXM_FIELD['TUNNEL_ID']!)), 9n);
  assert.is(v.findOxm(hot.OXM_FIELD['IPV4_SRC']!), -1);
  const empty = synthesized()[1]!.bytes;
  assert.is(v.bind(empty, 0, empty.length), null);
  assert.not.ok(v.hasInPort);
  assert.is(v.oxmFirst(), -1);
});

test('version-neutral PacketIn: the same code reads both versions', () => {
  const v10 = new hot.PacketIn10View();
  const v13 = new hot.PacketIn13View();
  const b10 = encodeMessage({ version: 1, type: 'OFPT_PACKET_IN', xid: 1, buffer_id: 9, total_len: 4, in_port: 3, reason: 0, data: Buffer.from('abcd') });
  const b13 = encodeMessage({ version: 4, type: 'OFPT_PACKET_IN', xid: 1, buffer_id: 9, total_len: 4, reason: 0, table_id: 0, cookie: 0n, match: { type: 'OFPMT_OXM', oxm_fields: [oxm('IN_PORT', 3)] }, data: Buffer.from('abcd') });
  const read = (p: hot.PacketIn) => [p.bufferId, p.totalLen, p.inPort, p.reason, p.buf.toString('latin1', p.dataOffset, p.dataOffset + p.dataLength)];
  assert.is(v10.bind(b10, 0, b10.length), null);
  assert.is(v13.bind(b13, 0, b13.length), null);
  assert.equal(read(v10), read(v13));
  assert.equal(read(v10), [9, 4, 3, 0, 'abcd']);
});

test.run();
