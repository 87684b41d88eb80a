/**
 * The hot path on OpenFlow 1.4 and 1.5: the 1.3 views that also read 1.4/1.5
 * (same layouts) and the 1.4/1.5 views (ports with properties, PORT_STATUS,
 * the 1.5 FLOW_REMOVED) agree field by field with the generic decoder on every
 * Ryu fixture of a type they read and reject every truncated prefix; the 1.3
 * writers given wire 5/6 and the 1.5 PACKET_OUT writer produce messages the
 * generic decoder reads back with the values written.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { decodeMessage, encodeMessage, type Message } from '../../codec/message.js';
import '../../codec/index.js';
import { OFPT, OFPMP } from '../../codec/of13/enums.js';
import { formatMac } from '../../codec/schema/scalars.js';
import { listFixtures } from '../support/fixtures.js';
import * as hot from '../../codec/hot.js';
import { assertPrefixesFail } from './views-support.js';

const fixtures = [...listFixtures('of14'), ...listFixtures('of15')].filter((f) => !f.truncated && decodeMessage(f.bytes).ok);
const decoded = (b: Buffer): Message => (decodeMessage(b) as { value: Message }).value;
const numOf = (v: unknown, names: Record<string, number>): number => (typeof v === 'number' ? v : names[String(v)]!);

function checkPort(p: hot.Port14View, d: Record<string, any>, id: string): void {
  assert.is(p.portNo, typeof d['port_no'] === 'number' ? d['port_no'] : p.portNo, `${id} port_no`);
  assert.is(formatMac(p.buf, p.hwAddrOffset), d['hw_addr'], `${id} hw_addr`);
  assert.is(p.name, d['name'], `${id} name`);
  assert.is(p.config, d['config'], `${id} config`);
  assert.is(p.state, d['state'], `${id} state`);
  const eth = (d['properties'] as Record<string, any>[]).find((x) => x['type'] === 'OFPPDPT_ETHERNET');
  for (const [k, f] of [['curr', 'curr'], ['advertised', 'advertised'], ['supported', 'supported'], ['peer', 'peer'], ['currSpeed', 'curr_speed'], ['maxSpeed', 'max_speed']] as const) {
    assert.is(p[k], eth ? eth[f] : 0, `${id} ${f}`);
  }
}

test('1.4/1.5 PORT_STATUS and PORT_DESC ports: the views agree with the decoder, prefixes fail cleanly', () => {
  let ports = 0;
  for (const f of fixtures) {
    const m = decoded(f.bytes);
    if (m.type === 'OFPT_PORT_STATUS') {
      const v = new hot.PortStatus14View();
      assert.is(v.bind(f.bytes, 0, f.bytes.length), null, f.id);
      assert.is(v.reason, numOf(m['reason'], { OFPPR_ADD: 0, OFPPR_DELETE: 1, OFPPR_MODIFY: 2 }), `${f.id} reason`);
      checkPort(v.port, m['desc'] as Record<string, any>, f.id);
      assertPrefixesFail(f.id, f.bytes, (b, o, l) => new hot.PortStatus14View().bind(b, o, l));
      ports++;
    }
    if (m.type === 'OFPT_MULTIPART_REPLY' && m['multipart_type'] === 'OFPMP_PORT_DESC') {
      const mp = new hot.MultipartReply13View();
      assert.is(mp.bind(f.bytes, 0, f.bytes.length), null, f.id);
      assert.is(mp.mpType, OFPMP.PORT_DESC);
      assert.is(mp.portCount, 0, 'the 1.3 fixed-size port iteration is off for 1.4+');
      const p = new hot.Port14View();
      const want = m['body'] as Record<string, any>[];
      let i = 0;
      for (let at = mp.bodyOffset; at < mp.bodyOffset + mp.bodyLength; i++) {
        const next = hot.nextPort14(mp, at, p);
        if (typeof next !== 'number') return assert.unreachable(`${f.id}: ${next.message}`);
        checkPort(p, want[i]!, `${f.id} port ${i}`);
        at = next;
        ports++;
      }
      assert.is(i, want.length, `${f.id} port count`);
    }
  }
  assert.ok(ports >= 4, `${ports} ports checked`);
});

test('a 1.4 port whose properties overrun its length is an error value', () => {
  const f = fixtures.find((x) => decoded(x.bytes).type === 'OFPT_PORT_STATUS')!;
  const b = Buffer.from(f.bytes);
  b.writeUInt16BE(b.readUInt16BE(16 + 40 + 2) + 8, 16 + 40 + 2); // first property's length
  const e = new hot.PortStatus14View().bind(b, 0, b.length);
  assert.ok(e !== null && e.code === 'bad_length', e?.message);
});

test('1.4/1.5 PACKET_IN, ERROR, FEATURES_REPLY, ECHO: the 1.3 views read them like the decoder', () => {
  let n = 0;
  for (const f of fixtures) {
    const m = decoded(f.bytes);
    if (m.type === 'OFPT_PACKET_IN') {
      const v = new hot.PacketIn13View();
      assert.is(v.bind(f.bytes, 0, f.bytes.length), null, f.id);
      assert.is(v.bufferId, m['buffer_id']);
      assert.is(v.totalLen, m['total_len']);
      assert.is(v.tableId, m['table_id']);
      assert.is(v.cookie, m['cookie']);
      assert.ok(f.bytes.subarray(v.dataOffset, v.dataOffset + v.dataLength).equals(m['data'] as Buffer), `${f.id} data`);
      assert.is(v.version, f.bytes[0]);
      n++;
    } else if (m.type === 'OFPT_FEATURES_REPLY') {
      const v = new hot.FeaturesReply13View();
      assert.is(v.bind(f.bytes, 0, f.bytes.length), null, f.id);
      assert.is(v.datapathId, m['datapath_id']);
      assert.is(v.nTables, m['n_tables']);
      n++;
    } else if (m.type === 'OFPT_ERROR') {
      const v = new hot.Error13View();
      assert.is(v.bind(f.bytes, 0, f.bytes.length), null, f.id);
      assert.is(v.dataLength, (m['data'] as Buffer).length, `${f.id} data`);
      n++;
    } else if (m.type === 'OFPT_ECHO_REQUEST') {
      const v = new hot.Echo13View();
      assert.is(v.bind(f.bytes, 0, f.bytes.length), null, f.id);
      assert.is(v.payloadLength, (m['data'] as Buffer).length);
      n++;
    }
  }
  assert.ok(n >= 8, `${n} messages checked`);
});

test('1.5 FLOW_REMOVED: the view reads the fixed fields and the OXS counters like the decoder', () => {
  const f = fixtures.find((x) => x.bytes[0] === 6 && decoded(x.bytes).type === 'OFPT_FLOW_REMOVED')!;
  const m = decoded(f.bytes);
  const v = new hot.FlowRemoved15View();
  assert.is(v.bind(f.bytes, 0, f.bytes.length), null, f.id);
  assert.is(v.cookie, m['cookie']);
  assert.is(v.priority, m['priority']);
  assert.is(v.tableId, m['table_id']);
  assert.is(v.idleTimeout, m['idle_timeout']);
  const stats = (m['stats'] as { oxs_fields: { field: string; value: bigint }[] }).oxs_fields;
  const get = (n: string) => stats.find((s) => s.field === `OFPXST_OFB_${n}`)?.value;
  if (get('PACKET_COUNT') !== undefined) assert.is(v.packetCount, get('PACKET_COUNT'));
  if (get('BYTE_COUNT') !== undefined) assert.is(v.byteCount, get('BYTE_COUNT'));
  if (get('DURATION') !== undefined) assert.is(BigInt(v.durationSec) * 2n ** 32n + BigInt(v.durationNsec), get('DURATION'));
  assertPrefixesFail(f.id, f.bytes, (b, o, l) => new hot.FlowRemoved15View().bind(b, o, l));
  // A 1.3/1.4 FLOW_REMOVED is not a 1.5 one.
  const f14 = fixtures.find((x) => x.bytes[0] === 5 && decoded(x.bytes).type === 'OFPT_FLOW_REMOVED')!;
  assert.is(new hot.FlowRemoved15View().bind(f14.bytes, 0, f14.bytes.length)?.code, 'bad_version');
  assert.is(new hot.FlowRemoved13View().bind(f14.bytes, 0, f14.bytes.length), null, '1.4 FLOW_REMOVED has the 1.3 layout');
});

test('writers for 1.4/1.5: FLOW_MOD, FEATURES_REQUEST, SET_CONFIG, PORT_DESC request with the wire byte; 1.5 PACKET_OUT with an IN_PORT match', () => {
  for (const wire of [5, 6]) {
    const out = new hot.OutBuffer(256);
    const fm = { cookieHi: 0, cookieLo: 7, tableId: 0, command: 0, idleTimeout: 60, hardTimeout: 0, priority: 10, bufferId: 0xffffffff, outPort: 0xffffffff, flags: 1, nOutputs: 1, outputs: [3], maxLen: 0xffff };
    const at = hot.flowMod13(out, 9, fm, { inPort: 2, ethDst: 0x0a0000000001, ethSrc: -1, ethType: -1 }, wire);
    const bytes = Buffer.from(out.buf.subarray(at, out.pos));
    const m = decoded(bytes);
    assert.is(m.version, wire);
    assert.is(m.type, 'OFPT_FLOW_MOD');
    assert.is(m['importance'], 0);
    assert.is(m['priority'], 10);
    assert.ok(encodeMessage(m).equals(bytes));
    for (const [w, want] of [[hot.featuresRequest13, 'OFPT_FEATURES_REQUEST'], [hot.barrierRequest13, 'OFPT_BARRIER_REQUEST']] as const) {
      const o = new hot.OutBuffer(64);
      const a = w(o, 1, wire);
      const d = decoded(Buffer.from(o.buf.subarray(a, o.pos)));
      assert.equal([d.version, d.type], [wire, want]);
    }
    const o2 = new hot.OutBuffer(64);
    const a2 = wire === 6 ? hot.portDescRequest15(o2, 1) : hot.portDescRequest13(o2, 1, wire);
    const d2 = decoded(Buffer.from(o2.buf.subarray(a2, o2.pos)));
    assert.equal([d2.version, d2.multipart_type], [wire, 'OFPMP_PORT_DESC']);
  }
  const o = new hot.OutBuffer(256);
  const at = hot.beginPacketOut15(o, 4, 0xffffffff, 7);
  hot.action13Output(o, 0xfffffffb, 0xffff);
  const frame = Buffer.from('ffffffffffff0a000000000108060001', 'hex');
  hot.endPacketOut15(o, at, frame, 0, frame.length);
  const bytes = Buffer.from(o.buf.subarray(at, o.pos));
  const m = decoded(bytes);
  assert.is(m.version, 6);
  assert.is(m.type, 'OFPT_PACKET_OUT');
  const oxm = (m['match'] as { oxm_fields: Record<string, unknown>[] }).oxm_fields;
  assert.equal(oxm.map((x) => [x['field'], x['value']]), [['OFPXMT_OFB_IN_PORT', 7]]);
  assert.equal((m['actions'] as Record<string, unknown>[]).map((x) => [x['type'], x['port']]), [['OFPAT_OUTPUT', 'OFPP_FLOOD']]);
  assert.ok(Buffer.from(m['data'] as Uint8Array).equals(frame));
  assert.ok(encodeMessage(m).equals(bytes));
  void OFPT;
});

test.run();
