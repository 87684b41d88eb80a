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
import { formatMac } from '../../codec/schema/scalars.js';
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

const FR_DEF = s10.ofp_flow_removed;
cases.set(OFPT.FLOW_REMOVED, {
  make: () => new hot.FlowRemoved10View(),
  check: (v: hot.FlowRemoved10View, m, b, id) => {
    assert.is(v.cookie, m['cookie'], `${id} cookie`);
    assert.is((BigInt(v.cookieHi) << 32n) | BigInt(v.cookieLo), m['cookie'], `${id} cookie halves`);
    assert.is(v.priority, m['priority']);
    assert.is(v.reason, num(FR_DEF, 'reason', m['reason']));
    assert.is(v.durationSec, m['duration_sec']);
    assert.is(v.durationNsec, m['duration_nsec']);
    assert.is(v.idleTimeout, m['idle_timeout']);
    assert.is(v.packetCount, m['packet_count']);
    assert.is(v.byteCount, m['byte_count']);
    const mt = m['match'] as Record<string, unknown>;
    assert.is(b.readUInt32BE(v.matchOffset), mt['wildcards'], `${id} match offset`);
  },
});

function checkPort(p: { portNo: number; hwAddrOffset: number; name: string; nameOffset: number; nameLength: number; config: number; state: number; curr: number }, want: Record<string, unknown>, b: Buffer, id: string): void {
  assert.is(p.portNo, num(s10.ofp_phy_port, 'port_no', want['port_no']), `${id} port_no`);
  assert.is(formatMac(b, p.hwAddrOffset), want['hw_addr'], `${id} hw_addr`);
  assert.is(p.name, want['name'], `${id} name`);
  assert.is(b.toString('latin1', p.nameOffset, p.nameOffset + p.nameLength), want['name']);
  assert.is(p.config, want['config']);
  assert.is(p.state, want['state']);
  assert.is(p.curr, want['curr']);
}

cases.set(OFPT.PORT_STATUS, {
  make: () => new hot.PortStatus10View(),
  check: (v: hot.PortStatus10View, m, b, id) => {
    assert.is(v.reason, num(s10.ofp_port_status, 'reason', m['reason']), `${id} reason`);
    const desc = m['desc'] as Record<string, unknown>;
    checkPort(v, desc, b, id);
    const pv: hot.PortDesc = v.port;
    checkPort(pv, desc, b, `${id} (port view)`);
    assert.is(pv.advertised, desc['advertised']);
    assert.is(pv.supported, desc['supported']);
    assert.is(pv.peer, desc['peer']);
  },
});

cases.set(OFPT.FEATURES_REPLY, {
  make: () => new hot.FeaturesReply10View(),
  check: (v: hot.FeaturesReply10View, m, b, id) => {
    assert.is(v.datapathId, m['datapath_id'], `${id} datapath_id`);
    assert.is((BigInt(v.datapathIdHi) << 32n) | BigInt(v.datapathIdLo), m['datapath_id'], `${id} datapath_id halves`);
    assert.is(v.nBuffers, m['n_buffers']);
    assert.is(v.nTables, m['n_tables']);
    assert.is(v.capabilities, m['capabilities']);
    assert.is(v.actions, m['actions']);
    const ports = m['ports'] as Record<string, unknown>[];
    assert.is(v.portCount, ports.length, `${id} port count`);
    const pv = new hot.PhyPort10View();
    for (let i = 0; i < ports.length; i++) {
      assert.ok(v.port(i, pv));
      checkPort(pv, ports[i]!, b, `${id} port ${i}`);
    }
    assert.not.ok(v.port(ports.length, pv), 'port past the end');
    assert.not.ok(v.port(-1, pv));
  },
});

cases.set(OFPT.ERROR, {
  make: () => new hot.Error10View(),
  check: (v: hot.Error10View, m, b, id) => {
    const d = s10.ofp_error_msg;
    assert.is(v.errType, num(d, 'error_type', m['error_type']), `${id} type`);
    const code = m['code'];
    if (typeof code === 'number') assert.is(v.errCode, code);
    else {
      const e = (d.members.find((x) => x.kind === 'scalar' && x.name === 'code') as any).enumBy.enums.get(v.errType);
      assert.is(v.errCode, e.byName.get(code), `${id} code`);
    }
    assert.ok(b.subarray(v.dataOffset, v.dataOffset + v.dataLength).equals(m['data'] as Buffer), `${id} data`);
  },
});

cases.set(OFPT.STATS_REPLY, {
  make: () => new hot.StatsReply10View(),
  check: (v: hot.StatsReply10View, m, b, id) => {
    assert.is(v.mpType, num(s10.ofp_stats_reply_header, 'stats_type', m['stats_type']), `${id} stats_type`);
    assert.is(v.flags, m['flags']);
    assert.is(v.bodyOffset + v.bodyLength, v.offset + v.length);
  },
});

function port(n: number, name: string): Record<string, unknown> {
  return { port_no: n, hw_addr: `02:00:00:00:00:${(n & 0xff).toString(16).padStart(2, '0')}`, name, config: 1, state: 0x200, curr: 0x82, advertised: 3, supported: 4, peer: 5 };
}

/** Messages encoded from plain values, for every type the current schema can encode. */
function synthesized(): { id: string; bytes: Buffer }[] {
  const values: Record<string, unknown>[] = [
    { version: 1, type: 'OFPT_PACKET_IN', xid: 0x01020304, buffer_id: 0xffffffff, total_len: 60, in_port: 0xfffe, reason: 1, data: Buffer.alloc(60, 0x5a) },
    { version: 1, type: 'OFPT_PACKET_IN', xid: 7, buffer_id: 256, total_len: 1500, in_port: 3, reason: 0, data: Buffer.alloc(0) },
    { version: 1, type: 'OFPT_ECHO_REQUEST', xid: 9, data: Buffer.from('ping!') },
    { version: 1, type: 'OFPT_ECHO_REPLY', xid: 10, data: Buffer.alloc(0) },
    { version: 1, type: 'OFPT_FEATURES_REPLY', xid: 11, datapath_id: 0xfedcba9876543210n, n_buffers: 256, n_tables: 2, capabilities: 0xc7, actions: 0xfff, ports: [port(1, 'eth1'), port(0xfffe, 'br0-internal-16c')] },
    { version: 1, type: 'OFPT_FEATURES_REPLY', xid: 12, datapath_id: 1n, n_buffers: 0, n_tables: 1, capabilities: 0, actions: 0, ports: [] },
    { version: 1, type: 'OFPT_PORT_STATUS', xid: 13, reason: 2, desc: port(7, 'veth7') },
    { version: 1, type: 'OFPT_FLOW_REMOVED', xid: 14, match: { wildcards: 0x3ffffe, in_port: 1, dl_src: '00:00:00:00:00:01', dl_dst: '00:00:00:00:00:02', dl_vlan: 0xffff, dl_vlan_pcp: 0, dl_type: 0, nw_tos: 0, nw_proto: 0, nw_src: '0.0.0.0', nw_dst: '0.0.0.0', tp_src: 0, tp_dst: 0 }, cookie: 0x8000000000000001n, priority: 5, reason: 0, duration_sec: 12, duration_nsec: 999, idle_timeout: 10, packet_count: 2n ** 40n, byte_count: 123n },
    { version: 1, type: 'OFPT_ERROR', xid: 15, error_type: 1, code: 6, data: Buffer.from('0102000800000001', 'hex') },
    { version: 1, type: 'OFPT_ERROR', xid: 16, error_type: 0x7777, code: 9, data: Buffer.alloc(0) },
    { version: 1, type: 'OFPT_STATS_REPLY', xid: 17, stats_type: 'OFPST_AGGREGATE', flags: 1, body: { packet_count: 1n, byte_count: 2n, flow_count: 3 } },
  ];
  const out: { id: string; bytes: Buffer }[] = [];
  for (const v of values) {
    try {
      out.push({ id: `synth:${String(v['type'])}:${String(v['xid'])}`, bytes: encodeMessage(v) });
    } catch {
      throw new Error(`test value for ${String(v['type'])} does not encode`);
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

test('a FEATURES_REPLY whose ports are not whole 48-byte records is a bad_length error', () => {
  const fr = sources.find((x) => typeOf(x.bytes) === OFPT.FEATURES_REPLY)!.bytes;
  const longer = Buffer.concat([fr, Buffer.alloc(8)]);
  longer.writeUInt16BE(longer.length, 2);
  assert.is(new hot.FeaturesReply10View().bind(longer, 0, longer.length)?.code, 'bad_length');
  const ps = sources.find((x) => typeOf(x.bytes) === OFPT.PORT_STATUS)!.bytes;
  const psLong = Buffer.concat([ps, Buffer.alloc(4)]);
  psLong.writeUInt16BE(psLong.length, 2);
  assert.is(new hot.PortStatus10View().bind(psLong, 0, psLong.length)?.code, 'bad_length');
});

test('every view type is exercised', () => {
  for (const t of cases.keys()) assert.ok(sources.some((x) => typeOf(x.bytes) === t), `no message of type ${t} to check`);
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
