/**
 * Our decoding of Ryu's OpenFlow 1.0 fixtures agrees with Ryu's own (the
 * NAME.packet.json files): message class, buffer ids, ports, match fields,
 * actions (standard and Nicira), switch features and ports, and packet data.
 * Ryu gives codes as numbers where we give names; the comparator maps our
 * names back through the schema's enums.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { decodeMessage } from '../../codec/message.js';
import '../../codec/index.js';
import { of10 } from '../../codec/of10/index.js';
import { listFixtures } from '../support/fixtures.js';

type Obj = Record<string, unknown>;

/** Our value as a number: enum names go back to their codes, bigints to numbers. */
function code(v: unknown): unknown {
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'string') {
    for (const e of Object.values(of10.enums)) {
      const n = e.byName.get(v);
      if (n !== undefined) return n;
    }
  }
  return v;
}

/** Ryu class name -> our header type name. */
const CLASS_TYPE: Record<string, string> = {
  OFPPacketOut: 'OFPT_PACKET_OUT', OFPFlowMod: 'OFPT_FLOW_MOD', OFPPacketIn: 'OFPT_PACKET_IN',
  OFPFeaturesRequest: 'OFPT_FEATURES_REQUEST', OFPSwitchFeatures: 'OFPT_FEATURES_REPLY',
};

/** Ryu action class -> our action type and the fields to compare (Ryu name -> ours). */
const ACTIONS: Record<string, { type: string; subtype?: string; fields: Record<string, string> }> = {
  OFPActionOutput: { type: 'OFPAT_OUTPUT', fields: { port: 'port', max_len: 'max_len' } },
  NXActionDecMplsTtl: { type: 'OFPAT_VENDOR', subtype: 'NXAST_DEC_MPLS_TTL', fields: { vendor: 'vendor', subtype: 'subtype' } },
  NXActionDecTtl: { type: 'OFPAT_VENDOR', subtype: 'NXAST_DEC_TTL', fields: { vendor: 'vendor', subtype: 'subtype' } },
  NXActionPopMpls: { type: 'OFPAT_VENDOR', subtype: 'NXAST_POP_MPLS', fields: { vendor: 'vendor', subtype: 'subtype', ethertype: 'ethertype' } },
  NXActionPushMpls: { type: 'OFPAT_VENDOR', subtype: 'NXAST_PUSH_MPLS', fields: { vendor: 'vendor', subtype: 'subtype', ethertype: 'ethertype' } },
  NXActionSetMplsLabel: { type: 'OFPAT_VENDOR', subtype: 'NXAST_SET_MPLS_LABEL', fields: { vendor: 'vendor', subtype: 'subtype', label: 'label' } },
  NXActionSetMplsTc: { type: 'OFPAT_VENDOR', subtype: 'NXAST_SET_MPLS_TC', fields: { vendor: 'vendor', subtype: 'subtype', tc: 'tc' } },
  NXActionSetMplsTtl: { type: 'OFPAT_VENDOR', subtype: 'NXAST_SET_MPLS_TTL', fields: { vendor: 'vendor', subtype: 'subtype', ttl: 'ttl' } },
};

const MATCH_FIELDS = ['wildcards', 'in_port', 'dl_src', 'dl_dst', 'dl_vlan', 'dl_vlan_pcp', 'dl_type', 'nw_tos', 'nw_proto',
  'nw_src', 'nw_dst', 'tp_src', 'tp_dst'];
const PORT_FIELDS = ['port_no', 'hw_addr', 'name', 'config', 'state', 'curr', 'advertised', 'supported', 'peer'];

function same(ours: unknown, ryu: unknown, where: string): void {
  assert.equal(code(ours), ryu, where);
}

function compareActions(ours: Obj[], ryu: Obj[], where: string): void {
  assert.is(ours.length, ryu.length, `${where}: number of actions`);
  ryu.forEach((ra, i) => {
    const [cls, body] = Object.entries(ra)[0] as [string, Obj];
    const spec = ACTIONS[cls];
    if (!spec) return assert.unreachable(`${where}: no mapping for Ryu action ${cls}`);
    const a = ours[i]!;
    assert.is(a['type'], spec.type, `${where}[${i}] type`);
    if (spec.subtype) assert.is(a['subtype'], spec.subtype, `${where}[${i}] subtype`);
    for (const [rk, ok] of Object.entries(spec.fields)) same(a[ok], body[rk], `${where}[${i}].${rk}`);
  });
}

function compare(m: Obj, cls: string, r: Obj, id: string): number {
  let checked = 0;
  const eq = (ours: unknown, ryu: unknown, f: string) => { same(ours, ryu, `${id}: ${f}`); checked++; };
  assert.is(m['type'], CLASS_TYPE[cls], `${id}: message type for ${cls}`);
  for (const f of ['buffer_id', 'in_port', 'total_len', 'reason', 'cookie', 'command', 'idle_timeout', 'hard_timeout',
    'priority', 'out_port', 'flags', 'datapath_id', 'n_buffers', 'n_tables', 'capabilities']) {
    if (f in r) eq(m[f], r[f], f);
  }
  if (cls === 'OFPSwitchFeatures') eq(m['actions'], r['actions'], 'actions (bitmap)');
  else if ('actions' in r) {
    compareActions(m['actions'] as Obj[], r['actions'] as Obj[], `${id}: actions`);
    checked++;
  }
  if ('match' in r) {
    const rm = (r['match'] as Obj)['OFPMatch'] as Obj;
    for (const f of MATCH_FIELDS) eq((m['match'] as Obj)[f], rm[f], `match.${f}`);
  }
  if (typeof r['data'] === 'string') {
    assert.equal(Buffer.from(m['data'] as Uint8Array).toString('base64'), r['data'], `${id}: data`);
    checked++;
  }
  if ('ports' in r) {
    const rp = r['ports'] as Record<string, Obj>;
    const ours = m['ports'] as Obj[];
    assert.is(ours.length, Object.keys(rp).length, `${id}: number of ports`);
    for (const p of ours) {
      const ryuPort = rp[String(code(p['port_no']))]?.['OFPPhyPort'] as Obj | undefined;
      if (!ryuPort) throw new Error(`${id}: port ${String(p['port_no'])} not in Ryu's decoding`);
      for (const f of PORT_FIELDS) eq(p[f], ryuPort[f], `port ${String(p['port_no'])}.${f}`);
    }
  }
  return checked;
}

const ryu = listFixtures('of10').filter((f) => f.id.startsWith('of10/ryu/') && !f.truncated);

test('every Ryu fixture has Ryu\'s decoding beside it', () => {
  assert.is(ryu.length, 13);
  for (const f of ryu) assert.ok(f.json, f.id);
});

for (const f of ryu) {
  test(`${f.id}: agrees with Ryu's decoding`, () => {
    const r = decodeMessage(f.bytes);
    if (!r.ok) return assert.unreachable(r.error.message);
    const [cls, body] = Object.entries(f.json as Obj)[0] as [string, Obj];
    const n = compare(r.value, cls, body, f.id);
    // Every field Ryu lists that we compare must have been compared (nothing silently skipped).
    const expected = Object.keys(body).filter((k) => k !== 'match' && k !== 'ports' && !(k === 'data' && typeof body[k] !== 'string')).length
      + ('match' in body ? MATCH_FIELDS.length : 0)
      + ('ports' in body ? Object.keys(body['ports'] as Obj).length * PORT_FIELDS.length : 0);
    assert.is(n, expected, `${f.id}: fields compared`);
    assert.is(r.value.xid, f.bytes.readUInt32BE(4), 'xid');
  });
}

test('the comparator notices a difference', () => {
  const f = ryu.find((x) => x.id.endsWith('1-2-ofp_flow_mod.packet'))!;
  const b = Buffer.from(f.bytes);
  b.writeUInt16BE(7, 72 + 4); // output port 6 -> 7
  const r = decodeMessage(b);
  if (!r.ok) return assert.unreachable(r.error.message);
  const [cls, body] = Object.entries(f.json as Obj)[0] as [string, Obj];
  let failed = '';
  try {
    compare(r.value, cls, body, f.id);
  } catch (e) {
    failed = (e as Error).message;
  }
  assert.match(failed, 'actions[0].port');
});

test.run();
