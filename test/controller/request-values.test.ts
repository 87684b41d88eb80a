/**
 * The typed values of request/: flows.* and the neutral match against
 * FLOW_MODs captured from Open vSwitch (`ovs-ofctl add-flow/mod-flows/
 * del-flows`, fixtures/of1x/ovs): the same flow described with FlowSpec
 * encodes to the same bytes, and every captured match reads into a
 * FlowMatch that encodes back to the same match.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { FIXTURES } from '../support/fixtures.js';
import { decodeMessage, encodeMessage, OFPT, OFPT10, OFPT13, ofpt } from '../../codec/index.js';
import * as controller from '../../controller/index.js';
import {
  decodeMatch, encodeMatch, flowModValue, output, profileFor, BadRequestValueError, UnsupportedRequestError, type FlowSpec,
} from '../../controller/request/index.js';
import { PORT_CONTROLLER } from '../../controller/protocol.js';
import { member, toAggregate, toFlowStats, toPortStats, toQueueConfig } from '../../controller/request/results.js';

const P10 = profileFor(0x01)!;
const P13 = profileFor(0x04)!;
const fx = (rel: string): Buffer => readFileSync(join(FIXTURES, rel));
const of13 = (prefix: string): Buffer => fx(`of13/ovs/${readdirSync(join(FIXTURES, 'of13/ovs')).find((f) => f.startsWith(prefix))!}`);

type Cmd = Parameters<typeof flowModValue>[1];
const cases: Array<[string, Buffer, typeof P10, Cmd, FlowSpec]> = [
  ['1.0 mod-flows --strict', fx('of10/ovs/ovs-3.1-flow_mod-modify_strict-mod-flows-strict.packet'), P10, 'modifyStrict',
    { priority: 20, match: { ethType: 0x0800, ipProto: 17, udpDst: 53 }, actions: [output(1, 0)] }],
  ['1.0 mod-flows', fx('of10/ovs/ovs-3.1-flow_mod-modify-mod-flows.packet'), P10, 'modify',
    { match: { ethType: 0x0800, ipProto: 17, udpDst: 53 }, actions: [output(2, 0)] }],
  ['1.0 add-flow send_flow_rem hard_timeout', fx('of10/ovs/ovs-3.1-flow_mod-add-send-flow-rem.packet'), P10, 'add',
    { priority: 30, hardTimeout: 1, flags: 1, match: { inPort: 2, ethType: 0x0800, ipv4Dst: '10.1.1.1' }, actions: [output(1, 0)] }],
  ['1.0 add-flow controller', fx('of10/ovs/ovs-3.1-flow_mod-add-controller.packet'), P10, 'add',
    { priority: 200, match: { inPort: 1, ethType: 0x0800, ipProto: 17 }, actions: [output(PORT_CONTROLLER, 128)] }],
  ['1.0 del-flows', fx('of10/ovs/ovs-3.1-flow_mod-delete-del-flows.packet'), P10, 'delete', {}],
  ['1.0 del-flows --strict', fx('of10/ovs/ovs-3.1-flow_mod-delete_strict-del-flows-strict.packet'), P10, 'deleteStrict',
    { priority: 200, match: { inPort: 1, ethType: 0x0800, ipProto: 17 } }],
  ['1.3 table-miss', of13('088'), P13, 'add', { priority: 0, actions: [output(PORT_CONTROLLER)] }],
  ['1.3 add-flow group', of13('122'), P13, 'add', { tableId: 2, priority: 36, match: { ethType: 0x0800 }, actions: [{ type: 'OFPAT_GROUP', group_id: 1 }] }],
  ['1.3 del-flows table 3', of13('147'), P13, 'delete', { tableId: 3 }],
  ['1.3 del-flows every table', of13('150'), P13, 'delete', { tableId: 0xff }],
];

for (const [name, bytes, p, cmd, spec] of cases) {
  test(`flows: ${name} encodes to the bytes ovs-ofctl sent`, () => {
    const xid = bytes.readUInt32BE(4);
    const mine = encodeMessage({ ...flowModValue(p, cmd, spec), version: p.wire, xid });
    assert.is(mine.toString('hex'), bytes.toString('hex'));
    const r = decodeMessage(bytes);
    assert.ok(r.ok);
    assert.equal(decodeMatch(p, r.value['match']), spec.match ?? {}, 'the captured match reads back as the FlowMatch');
  });
}

test('flows: rawMatch and instructions in the codec\'s value form pass through as they are (OVS\'s own field order, masks, metadata)', () => {
  const bytes = of13('089');
  const r = decodeMessage(bytes);
  assert.ok(r.ok);
  const v = r.value;
  const spec: FlowSpec = {
    priority: v['priority'] as number, rawMatch: v['match'] as Record<string, unknown>, instructions: v['instructions'] as Record<string, unknown>[],
  };
  const mine = encodeMessage({ ...flowModValue(P13, 'add', spec), version: 4, xid: bytes.readUInt32BE(4) });
  assert.is(mine.toString('hex'), bytes.toString('hex'));
});

test('match: every captured FLOW_MOD match (1.0 and 1.3 OpenFlow-basic fields) reads into a FlowMatch that encodes back to the same match', () => {
  const files = [
    ...readdirSync(join(FIXTURES, 'of10/ovs')).filter((f) => /^ovs-3\.1-flow_mod-.*\.packet$/.test(f)).map((f) => [P10, `of10/ovs/${f}`] as const),
    ...readdirSync(join(FIXTURES, 'of13/ovs')).filter((f) => /OFPT_FLOW_MOD\.packet$/.test(f)).map((f) => [P13, `of13/ovs/${f}`] as const),
  ];
  let n = 0;
  for (const [p, f] of files) {
    const r = decodeMessage(fx(f));
    assert.ok(r.ok, f);
    const m = r.value['match'] as Record<string, unknown>;
    if (p === P13 && (m['oxm_fields'] as Record<string, unknown>[]).some((x) => x['class'] !== 'OFPXMC_OPENFLOW_BASIC')) continue;
    const again = encodeMatch(p, decodeMatch(p, m));
    if (p === P13) {
      // the same TLVs; ours come in OXM code order (prerequisites first), OVS's in its own order
      const strip = (l: unknown) => (l as Record<string, unknown>[]).map(({ length: _l, ...rest }) => rest).sort((x, y) => String(x['field']).localeCompare(String(y['field'])));
      assert.equal(strip(again['oxm_fields']), strip(m['oxm_fields']), f);
    } else {
      assert.equal(again, m, f);
    }
    n++;
  }
  assert.ok(n >= 20, `${n} matches checked`);
});

test('match: conversions a version cannot express are refused with a clear error, before anything is sent', () => {
  assert.throws(() => encodeMatch(P10, { ethDst: { value: '02:00:00:00:00:00', mask: 'ff:ff:ff:00:00:00' } }), (e: unknown) => e instanceof BadRequestValueError && /cannot mask/.test(e.message));
  assert.throws(() => encodeMatch(P10, { ipv6Src: '2001:db8::1' }), (e: unknown) => e instanceof BadRequestValueError && /no OpenFlow 1.0 form/.test(e.message));
  assert.throws(() => encodeMatch(P10, { ipv4Src: '10.0.0.0/255.0.255.0' }), (e: unknown) => e instanceof BadRequestValueError && /prefix masks/.test(e.message));
  assert.throws(() => encodeMatch(P13, { ethType: 0x800, bogus: 1 } as never), (e: unknown) => e instanceof BadRequestValueError && /bogus is not a match field/.test(e.message));
  assert.throws(() => encodeMatch(P13, { tcpSrc: { value: 1, mask: 1 } as never }), (e: unknown) => e instanceof BadRequestValueError && /takes no mask/.test(e.message));
  assert.throws(() => flowModValue(P10, 'add', { tableId: 1 }), (e: unknown) => e instanceof UnsupportedRequestError);
  // prefix forms: 1.3 writes a dotted mask, 1.0 a wildcard bit count; both read back as /N
  const m13 = encodeMatch(P13, { ethType: 0x800, ipv4Src: '10.1.0.0/16' });
  assert.equal((m13['oxm_fields'] as Record<string, unknown>[])[1], { class: 'OFPXMC_OPENFLOW_BASIC', field: 'OFPXMT_OFB_IPV4_SRC', hasmask: true, value: '10.1.0.0', mask: '255.255.0.0' });
  assert.equal(decodeMatch(P10, encodeMatch(P10, { ethType: 0x800, ipv4Src: '10.1.0.0/16' })), { ethType: 0x800, ipv4Src: '10.1.0.0/16' });
  // vlanVid is the VLAN id alone; 1.3's OFPVID_PRESENT bit is added on the wire
  const v = encodeMatch(P13, { vlanVid: 10 });
  assert.is((v['oxm_fields'] as Record<string, unknown>[])[0]!['value'], 0x1000 | 10);
  assert.equal(decodeMatch(P13, v), { vlanVid: 10 });
});

test('results: port fields that 1.4+ moves into properties are read from there (one reader for every version)', () => {
  const withProps = [{
    port_no: 3, duration_sec: 7, rx_packets: 5n, tx_packets: 6n, rx_bytes: 1n, tx_bytes: 2n, rx_dropped: 0n, tx_dropped: 0n, rx_errors: 0n, tx_errors: 0n,
    properties: [{ type: 'OFPPSPT_ETHERNET', rx_frame_err: 11n, rx_over_err: 12n, rx_crc_err: 13n, collisions: 14n }],
  }];
  const [s] = toPortStats(P13, withProps);
  assert.equal([s!.portNo, s!.rxPackets, s!.rxFrameErr, s!.rxOverErr, s!.rxCrcErr, s!.collisions, s!.durationSec], [3, 5n, 11n, 12n, 13n, 14n, 7]);
  assert.is(member({ a: 1, properties: [{ b: 2 }] }, 'b'), 2);
  assert.is(member({ a: 1 }, 'b'), undefined);
});

/** The decoded value of a captured message. */
function value(rel: string): Record<string, unknown> {
  const r = decodeMessage(fx(rel));
  assert.ok(r.ok, r.ok ? '' : r.error.message);
  return (r as { ok: true; value: Record<string, unknown> }).value;
}

test('1.5: flow statistics are OFPMP_FLOW_DESC and their OXS counters read into the same FlowStats (Open vSwitch 3.1 reply)', () => {
  const P15 = profileFor(0x06)!;
  assert.is(P15.stats.kinds.flow, 'OFPMP_FLOW_DESC', 'the full form; OVS refuses OFPMP_FLOW_STATS with BAD_MULTIPART');
  assert.is(P15.stats.kinds.aggregate, 'OFPMP_AGGREGATE_STATS');
  assert.is(P15.stats.kinds.table, 'OFPMP_TABLE_STATS');
  assert.is(P15.stats.kinds.meterConfig, 'OFPMP_METER_DESC');
  // ovs-ofctl ofp-print: duration=1918.186s, priority=7,ip,nw_dst=10.0.0.1 actions=output:1; then the NORMAL flow
  const flows = toFlowStats(P15, value('of15/ovs/ovs-3.1-multipart_reply-flow_desc.packet')['body']);
  assert.equal(flows.map((f) => [f.priority, f.durationSec, Math.round(f.durationNsec / 1e6), f.packetCount, f.byteCount]), [[7, 1918, 186, 0n, 0n], [0, 1918, 246, 0n, 0n]]);
  assert.equal(flows[0]!.match, { ethType: 0x0800, ipv4Dst: '10.0.0.1' });
  assert.equal(flows[0]!.actions.map((a) => [a['type'], a['port']]), [['OFPAT_OUTPUT', 1]]);
  // flow_count=2 (ovs-ofctl ofp-print)
  assert.equal(toAggregate(value('of15/ovs/ovs-3.1-multipart_reply-aggregate_stats.packet')['body']), { packetCount: 0n, byteCount: 0n, flowCount: 2 });
  // Ryu's encoding of OXS counters: packet and byte counts are read from there too
  const ryu = toAggregate({ stats: { oxs_fields: [{ field: 'OFPXST_OFB_PACKET_COUNT', value: 5n }, { field: 'OFPXST_OFB_BYTE_COUNT', value: 700n }, { field: 'OFPXST_OFB_FLOW_COUNT', value: 3 }] } });
  assert.equal(ryu, { packetCount: 5n, byteCount: 700n, flowCount: 3 });
});

test('queue configuration from each version\'s reply: 1.0 (port on the reply), 1.3 QUEUE_GET_CONFIG_REPLY, 1.4/1.5 OFPMP_QUEUE_DESC; rates > 1000 mean disabled', () => {
  const P14 = profileFor(0x05)!;
  const P15 = profileFor(0x06)!;
  assert.equal(toQueueConfig(P10, value('of10/ovs/ovs-3.1-queue_get_config_reply-queue-get-config.packet')).map((q) => [q.portNo, q.queueId, q.minRate]), [[1, 0, undefined]]);
  const q13 = toQueueConfig(P13, value('of13/ryu/4-36-ofp_queue_get_config_reply.packet'));
  assert.equal(q13.map((q) => [q.portNo, q.queueId, q.minRate, q.maxRate, q.properties.length]), [[77, 99, 10, 900, 3], [77, 88, 100, 200, 3], [77, 77, 200, 400, 3]]);
  const q14 = toQueueConfig(P14, value('of14/ryu/5-64-ofp_queue_desc_reply.packet')['body']);
  assert.equal(q14.map((q) => [q.portNo, q.queueId, q.minRate, q.maxRate]), [[7, 0, undefined, undefined], [8, 1, 300, 900]]);
  // Open vSwitch 3.1 with linux-htb queues 1 and 2 on port 5 (and its default queue 0)
  const q15 = toQueueConfig(P15, value('of15/ovs/ovs-3.1-multipart_reply-queue_desc.packet')['body']);
  assert.equal(q15.map((q) => [q.portNo, q.queueId]), [[5, 0], [5, 1], [5, 2]]);
  assert.equal(toQueueConfig(P13, { port: 1, queues: [{ queue_id: 1, port: 1, properties: [{ property: 'OFPQT_MIN_RATE', rate: 0xffff }] }] })[0]!.minRate, undefined, 'disabled');
  assert.is(P13.stats.kinds.queueDesc, undefined, '1.3 asks with QUEUE_GET_CONFIG_REQUEST');
  assert.is(P14.stats.kinds.queueDesc, 'OFPMP_QUEUE_DESC');
});

test('message types: named per version from the codec and the controller, the same numbers as the schemas', () => {
  assert.is(OFPT10.STATS_REPLY, 17);
  assert.is(OFPT13.MULTIPART_REPLY, 19);
  assert.is(OFPT.v10.BARRIER_REPLY, 19);
  assert.is(OFPT.v13.BARRIER_REPLY, 21);
  assert.is(ofpt(0x04), OFPT13);
  assert.is(controller.OFPT13, OFPT13);
  for (const [table, p] of [[OFPT10, P10], [OFPT13, P13]] as const) {
    for (const [name, n] of Object.entries(table)) assert.is(p.schema.enums['ofp_type']!.byName.get(`OFPT_${name}`), n, name);
  }
});

test.run();
