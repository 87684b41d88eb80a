/**
 * OpenFlow 1.3 fixtures (Ryu corpus and Open vSwitch captures): every message
 * decodes; re-encodes to the same bytes, also with every recomputed length
 * field removed and after a trip through the JSON form; agrees with Ryu's
 * own decoding where Ryu's JSON is present; and every truncated prefix is a
 * clean `truncated` error value (never an exception). The checks shared with
 * the 1.4/1.5 corpus live in test/support (fixture-checks.ts, ryu-json.ts).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { decodeMessage } from '../../codec/message.js';
import { of13 } from '../../codec/index.js';
import { listFixtures } from '../support/fixtures.js';
import { checkRoundTrips, checkTruncations, decodeOk } from '../support/fixture-checks.js';
import { isRecord, ryuComparer, type Tally } from '../support/ryu-json.js';
import { OFPAT, OFPIT, OFPMBT, OFPMP, OFPT } from '../../codec/of13/enums.js';
import { OXM_OFB_FIELDS } from '../../codec/of13/oxm.js';

const fixtures = listFixtures('of13');
const packets = fixtures.filter((f) => !f.truncated);

test('the 1.3 fixture corpus is present: Ryu and Open vSwitch captures', () => {
  assert.ok(packets.filter((f) => f.id.startsWith('of13/ryu/')).length >= 100, 'Ryu fixtures');
  assert.ok(packets.filter((f) => f.id.startsWith('of13/ovs/')).length >= 100, 'OVS fixtures');
});

test('every 1.3 fixture decodes and re-encodes byte-exact (as is, without lengths, via JSON)', () => {
  checkRoundTrips(packets, 4);
});


test('every truncated prefix of every 1.3 fixture is a truncated error, never an exception', () => {
  const tried = checkTruncations(packets);
  assert.ok(tried > 10000, `${tried} prefixes`);
});

test('the corpus *.truncatedN files are truncated', () => {
  const tr = fixtures.filter((f) => f.truncated);
  assert.ok(tr.length >= 1);
  for (const f of tr) {
    const r = decodeMessage(f.bytes);
    assert.not.ok(r.ok, f.id);
    if (!r.ok) assert.is(r.error.code, 'truncated', f.id);
  }
});

test('the corpus has a real sample of every message type, multipart body, OXM field, action and instruction', () => {
  const seen = new Set<string>();
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) { v.forEach(walk); return; }
    if (v === null || typeof v !== 'object' || v instanceof Uint8Array) return;
    const o = v as Record<string, unknown>;
    if ('hasmask' in o && 'length' in o) seen.add(`oxm ${String(o['field'])}`);
    else if (typeof o['type'] === 'string') seen.add(`type ${o['type']}`);
    Object.values(o).forEach(walk);
  };
  for (const f of packets) {
    const v = decodeOk(f.bytes, f.id);
    seen.add(`msg ${String(v.type)}`);
    if (v['multipart_type'] !== undefined) seen.add(`${String(v.type)} ${String(v['multipart_type'])}`);
    walk(v);
  }
  const want = [
    ...Object.keys(OFPT).map((k) => `msg OFPT_${k}`),
    ...Object.keys(OFPMP).flatMap((k) => [`OFPT_MULTIPART_REQUEST OFPMP_${k}`, `OFPT_MULTIPART_REPLY OFPMP_${k}`]),
    ...OXM_OFB_FIELDS.filter((f) => f.since === 4).map((f) => `oxm OFPXMT_OFB_${f.name}`),
    ...Object.keys(OFPAT).map((k) => `type OFPAT_${k}`),
    ...Object.keys(OFPIT).filter((k) => k !== 'EXPERIMENTER').map((k) => `type OFPIT_${k}`), // no real sample exists
    ...Object.keys(OFPMBT).map((k) => `type OFPMBT_${k}`),
  ];
  const missing = want.filter((w) => !seen.has(w));
  assert.equal(missing, [], `no real sample of: ${missing.join(', ')}`);
});

// ---- agreement with Ryu's JSON ----------------------------------------------

/** Ryu class name -> [ofp_type, multipart type] */
const RYU_TYPES: Record<string, [string, string?]> = {
  OFPHello: ['OFPT_HELLO'], OFPErrorMsg: ['OFPT_ERROR'], OFPEchoRequest: ['OFPT_ECHO_REQUEST'],
  OFPEchoReply: ['OFPT_ECHO_REPLY'], OFPExperimenter: ['OFPT_EXPERIMENTER'], OFPFeaturesRequest: ['OFPT_FEATURES_REQUEST'],
  OFPSwitchFeatures: ['OFPT_FEATURES_REPLY'], OFPGetConfigRequest: ['OFPT_GET_CONFIG_REQUEST'],
  OFPGetConfigReply: ['OFPT_GET_CONFIG_REPLY'], OFPSetConfig: ['OFPT_SET_CONFIG'], OFPPacketIn: ['OFPT_PACKET_IN'],
  OFPFlowRemoved: ['OFPT_FLOW_REMOVED'], OFPPortStatus: ['OFPT_PORT_STATUS'], OFPPacketOut: ['OFPT_PACKET_OUT'],
  OFPFlowMod: ['OFPT_FLOW_MOD'], OFPGroupMod: ['OFPT_GROUP_MOD'], OFPPortMod: ['OFPT_PORT_MOD'], OFPTableMod: ['OFPT_TABLE_MOD'],
  OFPBarrierRequest: ['OFPT_BARRIER_REQUEST'], OFPBarrierReply: ['OFPT_BARRIER_REPLY'],
  OFPQueueGetConfigRequest: ['OFPT_QUEUE_GET_CONFIG_REQUEST'], OFPQueueGetConfigReply: ['OFPT_QUEUE_GET_CONFIG_REPLY'],
  OFPRoleRequest: ['OFPT_ROLE_REQUEST'], OFPRoleReply: ['OFPT_ROLE_REPLY'], OFPGetAsyncRequest: ['OFPT_GET_ASYNC_REQUEST'],
  OFPGetAsyncReply: ['OFPT_GET_ASYNC_REPLY'], OFPSetAsync: ['OFPT_SET_ASYNC'], OFPMeterMod: ['OFPT_METER_MOD'],
};
const MP: Record<string, string> = {
  DescStats: 'DESC', FlowStats: 'FLOW', AggregateStats: 'AGGREGATE', TableStats: 'TABLE', PortStats: 'PORT_STATS',
  QueueStats: 'QUEUE', GroupStats: 'GROUP', GroupDescStats: 'GROUP_DESC', GroupFeaturesStats: 'GROUP_FEATURES',
  MeterStats: 'METER', MeterConfigStats: 'METER_CONFIG', MeterFeaturesStats: 'METER_FEATURES',
  TableFeaturesStats: 'TABLE_FEATURES', PortDescStats: 'PORT_DESC', ExperimenterStats: 'EXPERIMENTER',
};
for (const [k, t] of Object.entries(MP)) {
  RYU_TYPES[`OFP${k}Request`] = ['OFPT_MULTIPART_REQUEST', `OFPMP_${t}`];
  RYU_TYPES[`OFP${k}Reply`] = ['OFPT_MULTIPART_REPLY', `OFPMP_${t}`];
}
RYU_TYPES['ONFFlowMonitorStatsRequest'] = ['OFPT_MULTIPART_REQUEST', 'OFPMP_EXPERIMENTER'];

const ryu = ryuComparer(of13.enums);

test('1.3 fixtures agree with Ryu\'s decoding: type, match OXM fields, instructions, actions, buffer ids, ...', () => {
  const withJson = packets.filter((f) => f.json !== undefined);
  assert.ok(withJson.length >= 100, `${withJson.length} fixtures with JSON`);
  let total = 0;
  for (const f of withJson) {
    const v = decodeOk(f.bytes, f.id) as any;
    const cls = Object.keys(f.json as object)[0]!;
    const want = RYU_TYPES[cls];
    assert.ok(want, `${f.id}: Ryu class ${cls} is in the table`);
    assert.is(v.type, want![0], `${f.id} type`);
    if (want![1]) assert.is(v.multipart_type, want![1], `${f.id} multipart type`);
    const t: Tally = { checked: 0 };
    ryu.compare(v, (f.json as any)[cls], f.id, cls, t);
    total += t.checked;
    const body = (f.json as any)[cls];
    if (Object.keys(body).length > 0) assert.ok(t.checked > 0, `${f.id}: no field compared`);
    // Key fields must have been compared when Ryu has them.
    for (const key of ['buffer_id', 'match', 'instructions', 'actions']) {
      if (key in body) assert.ok(key in v || (isRecord(v.body) && key in v.body), `${f.id}: ${key} missing from our value`);
    }
  }
  assert.equal([...ryu.missing], [], 'Ryu fields with no counterpart in our value');
  assert.ok(total > 2000, `${total} fields compared with Ryu`);
});

test.run();
