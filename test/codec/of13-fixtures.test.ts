/**
 * OpenFlow 1.3 fixtures (Ryu corpus and Open vSwitch captures): every message
 * decodes; re-encodes to the same bytes, also with every recomputed length
 * field removed and after a trip through the JSON form; agrees with Ryu's
 * own decoding where Ryu's JSON is present; and every truncated prefix is a
 * clean `truncated` error value (never an exception).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { decodeMessage, encodeMessage, type Message } from '../../codec/message.js';
import { of13 } from '../../codec/index.js';
import { toJSON } from '../../codec/schema/json.js';
import { parseIpv6 } from '../../codec/schema/scalars.js';
import { listFixtures } from '../support/fixtures.js';
import { OFPAT, OFPIT, OFPMBT, OFPMP, OFPT } from '../../codec/of13/enums.js';
import { OXM_OFB_FIELDS } from '../../codec/of13/oxm.js';

const fixtures = listFixtures('of13');
const packets = fixtures.filter((f) => !f.truncated);

test('the 1.3 fixture corpus is present: Ryu and Open vSwitch captures', () => {
  assert.ok(packets.filter((f) => f.id.startsWith('of13/ryu/')).length >= 100, 'Ryu fixtures');
  assert.ok(packets.filter((f) => f.id.startsWith('of13/ovs/')).length >= 100, 'OVS fixtures');
});

/** A copy of the value without the length fields the encoder recomputes. */
const LENGTHS = new Set(['length', 'len', 'actions_len']);
function stripLengths(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(stripLengths);
  if (v instanceof Uint8Array || v === null || typeof v !== 'object') return v;
  return Object.fromEntries(Object.entries(v).filter(([k]) => !LENGTHS.has(k)).map(([k, x]) => [k, stripLengths(x)]));
}

function decodeOk(bytes: Buffer, id: string): Message {
  const r = decodeMessage(bytes);
  if (!r.ok) assert.unreachable(`${id}: ${r.error.message}`);
  assert.is(r.size, bytes.length, `${id} size`);
  return (r as { value: Message }).value;
}

test('every 1.3 fixture decodes and re-encodes byte-exact (as is, without lengths, via JSON)', () => {
  for (const f of packets) {
    const v = decodeOk(f.bytes, f.id);
    assert.is(v.version, 4, f.id);
    assert.is(v.length, f.bytes.length, `${f.id} length`);
    assert.ok(encodeMessage(v).equals(f.bytes), `${f.id}: re-encoded bytes differ`);
    const bare = stripLengths(v) as Record<string, unknown>;
    assert.ok(encodeMessage(bare).equals(f.bytes), `${f.id}: encoding without length fields differs`);
    const viaJson = JSON.parse(toJSON(v)) as Record<string, unknown>;
    assert.ok(encodeMessage(viaJson).equals(f.bytes), `${f.id}: JSON round trip differs`);
    assert.is(toJSON(decodeOk(encodeMessage(viaJson), f.id)), toJSON(v), `${f.id}: JSON form is stable`);
  }
});

/**
 * Prefix lengths to try: all of them for messages up to 2 KiB; for larger ones
 * (64 KiB table-features replies) the first 256 bytes, the last 16 and 24
 * evenly spread cuts: decoding a 64 KiB prefix costs milliseconds, and the
 * structure repeats.
 */
function cuts(n: number): number[] {
  if (n <= 2048) return [...Array(n).keys()];
  const s = new Set<number>();
  for (let i = 0; i < 256; i++) s.add(i);
  for (let i = n - 16; i < n; i++) s.add(i);
  for (let i = 0; i < 24; i++) s.add(Math.floor((i * n) / 24));
  return [...s].filter((x) => x < n).sort((a, b) => a - b);
}

test('every truncated prefix of every 1.3 fixture is a truncated error, never an exception', () => {
  let tried = 0;
  for (const f of packets) {
    for (const k of cuts(f.bytes.length)) {
      const cut = f.bytes.subarray(0, k);
      let r;
      try {
        r = decodeMessage(cut);
      } catch (e) {
        assert.unreachable(`${f.id} cut at ${k}: threw ${(e as Error).message}`);
      }
      if (r!.ok) assert.unreachable(`${f.id} cut at ${k}: decoded`);
      else assert.is(r!.error.code, 'truncated', `${f.id} cut at ${k}: ${r!.error.message}`);
      tried++;
    }
  }
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
    ...OXM_OFB_FIELDS.map((f) => `oxm OFPXMT_OFB_${f.name}`),
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

const NAMES = new Map<string, number>();
for (const e of Object.values(of13.enums)) for (const [k, v] of e.byName) NAMES.set(k, v);

/** Our value as a plain number/string for comparison with Ryu's. */
function norm(v: unknown): unknown {
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string' && NAMES.has(v)) return NAMES.get(v);
  return v;
}

function unwrap(v: any): any {
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    const ks = Object.keys(v);
    if (ks.length === 1 && /^(OFP|NX|ONF|OXM)/.test(ks[0]!) && v[ks[0]!] && typeof v[ks[0]!] === 'object') return v[ks[0]!];
  }
  return v;
}

function ipv6Bytes(s: string): string {
  const b = Buffer.alloc(16);
  return parseIpv6(s, b, 0) ? b.toString('hex') : s;
}

function sameScalar(ours: unknown, ryu: unknown, key: string): boolean {
  const o = norm(ours);
  if (ryu === null) return o === undefined || o === null;
  if (ours instanceof Uint8Array && typeof ryu === 'string') return Buffer.from(ours).toString('base64') === ryu;
  if (typeof o === 'string' && typeof ryu === 'string') {
    if (o.toLowerCase() === ryu.toLowerCase()) return true;
    if (o.includes(':') && ryu.includes(':') && ipv6Bytes(o) === ipv6Bytes(ryu)) return true;
    return Buffer.from(o, 'latin1').toString('utf8') === ryu; // UTF-8 names in fixed-size strings
  }
  if (typeof o === 'number' && typeof ryu === 'number') return o === ryu;
  void key;
  return false;
}

/** Ryu field names whose counterpart in our value has another name. */
function ourKey(key: string, depth: number, cls: string, ours: Record<string, unknown>): string {
  if (key === 'table_ids' && 'next_table_ids' in ours) return 'next_table_ids';
  if (key === 'data' && 'experimenter_data' in ours) return 'experimenter_data';
  if (depth === 0 && key === 'type') {
    if (cls === 'OFPErrorMsg') return 'error_type';
    if (cls === 'OFPGroupMod') return 'group_type';
    if (RYU_TYPES[cls]?.[1]) return 'multipart_type';
  }
  return key;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Uint8Array);
}

/** Fields Ryu reports that have no counterpart in our value, and why. */
function ryuOnly(key: string, ours: Record<string, unknown>): boolean {
  if ('body' in ours && !Array.isArray(ours['body']) && ours['body'] instanceof Uint8Array) return true; // opaque (Nicira/ONF experimenter) payload Ryu decodes itself
  if (key === 'versions' && 'bitmaps' in ours) return true; // hello bitmap: Ryu lists the versions it implies
  return false;
}
const MISSING = new Set<string>();

interface Tally { checked: number }

function compareOxm(ours: any, ryu: any, at: string, t: Tally): void {
  const r = unwrap(ryu);
  if (ours.body !== undefined) return; // opaque class (Nicira, experimenter): Ryu decodes those itself
  assert.is(String(ours.field).replace(/^OFPXMT_OFB_/, '').toLowerCase(), r.field, `${at}.field`);
  assert.ok(sameScalar(ours.value, r.value, 'value'), `${at}.value: ${String(ours.value)} vs ${JSON.stringify(r.value)}`);
  assert.ok(sameScalar(ours.mask, r.mask, 'mask'), `${at}.mask: ${String(ours.mask)} vs ${JSON.stringify(r.mask)}`);
  t.checked += 3;
}

/** Compare every Ryu field that has a counterpart in our value; recurse into lists and structs. */
function compare(ours: any, ryuIn: any, at: string, depth: number, cls: string, t: Tally): void {
  const ryu = unwrap(ryuIn);
  if (ryu === null || typeof ryu !== 'object' || Array.isArray(ryu)) return;
  if ('oxm_length' in ours) {
    // An OXM id in table features: Ryu names the field `type` and its length `length`.
    if (typeof ours.field === 'string') assert.is(ours.field.replace(/^OFPXMT_OFB_/, '').toLowerCase(), ryu.type, `${at}.field`);
    assert.is(ours.oxm_length, ryu.length, `${at}.oxm_length`);
    assert.is(ours.hasmask ? 1 : 0, Number(ryu.hasmask), `${at}.hasmask`);
    t.checked += 3;
    return;
  }
  for (const [k, rv] of Object.entries(ryu)) {
    const ok = ourKey(k, depth, cls, ours);
    // Ryu flattens a multipart request's single-struct body into the message.
    const holder = !(ok in ours) && depth === 0 && isRecord(ours.body) ? ours.body : ours;
    if (!(ok in holder)) {
      // Ryu-only fields: its own decodings of bytes we keep opaque, and derived values.
      if (rv !== null && !ryuOnly(k, ours)) MISSING.add(`${cls}: ${k} (${at})`);
      continue;
    }
    const ov = holder[ok];
    const p = `${at}.${ok}`;
    if (k === 'oxm_fields') {
      assert.is(ov.length, (rv as unknown[]).length, `${p} count`);
      (rv as unknown[]).forEach((x, i) => compareOxm(ov[i], x, `${p}[${i}]`, t));
    } else if (k === 'field' && ov && typeof ov === 'object' && 'hasmask' in ov) {
      compareOxm(ov, rv, p, t);
    } else if (Array.isArray(rv)) {
      if (!Array.isArray(ov)) continue;
      assert.is(ov.length, rv.length, `${p} count`);
      rv.forEach((x, i) => {
        const u = unwrap(x);
        if (u !== null && typeof u === 'object') compare(ov[i], u, `${p}[${i}]`, depth + 1, cls, t);
        else { assert.ok(sameScalar(ov[i], u, k), `${p}[${i}]: ${String(ov[i])} vs ${JSON.stringify(u)}`); t.checked++; }
      });
    } else if (rv !== null && typeof rv === 'object') {
      if (ov && typeof ov === 'object' && !(ov instanceof Uint8Array)) compare(ov, rv, p, depth + 1, cls, t);
    } else {
      assert.ok(sameScalar(ov, rv, k), `${p}: ours ${String(ov)}, Ryu ${JSON.stringify(rv)}`);
      t.checked++;
    }
  }
}

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
    compare(v, (f.json as any)[cls], f.id, 0, cls, t);
    total += t.checked;
    const body = (f.json as any)[cls];
    if (Object.keys(body).length > 0) assert.ok(t.checked > 0, `${f.id}: no field compared`);
    // Key fields must have been compared when Ryu has them.
    for (const key of ['buffer_id', 'match', 'instructions', 'actions']) {
      if (key in body) assert.ok(key in v || (isRecord(v.body) && key in v.body), `${f.id}: ${key} missing from our value`);
    }
  }
  assert.equal([...MISSING], [], 'Ryu fields with no counterpart in our value');
  assert.ok(total > 2000, `${total} fields compared with Ryu`);
});

test.run();
