/**
 * Our decoding of the Open vSwitch capture agrees with Wireshark's OpenFlow
 * 1.0 dissector (fixtures/of10/ovs/tshark.json, written by tshark-view.sh):
 * the header of every message, and every field tshark decodes of FLOW_MOD,
 * PACKET_IN, PACKET_OUT, FEATURES_REPLY (with its ports), GET_CONFIG_REPLY/
 * SET_CONFIG and stats requests/replies.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeMessage, type Message } from '../../codec/message.js';
import '../../codec/index.js';
import { of10 } from '../../codec/of10/index.js';
import { FIXTURES, listFixtures } from '../support/fixtures.js';

type Obj = Record<string, any>;
const view = JSON.parse(readFileSync(join(FIXTURES, 'of10', 'ovs', 'tshark.json'), 'utf8')) as Record<string, Obj | null>;

/** Our value as a number (names back to codes, bigints kept). */
function code(v: unknown): number | bigint | unknown {
  if (typeof v === 'string') {
    for (const e of Object.values(of10.enums)) {
      const n = e.byName.get(v);
      if (n !== undefined) return n;
    }
  }
  return v;
}
/** tshark's text as a number (decimal or 0x hex); 64-bit values as bigint. */
function tnum(s: unknown, big = false): number | bigint {
  const x = Array.isArray(s) ? s[0] : s;
  if (typeof x !== 'string') throw new Error(`tshark field missing: ${JSON.stringify(s)}`);
  return big ? BigInt(x) : Number(x);
}
const first = (x: unknown) => (Array.isArray(x) ? x[0] : x);

function matchAgrees(m: Obj, t: Obj, id: string): number {
  const pairs: [string, string, 'n' | 's'][] = [
    ['wildcards', 'openflow.wildcards', 'n'], ['in_port', 'openflow.in_port', 'n'], ['dl_src', 'openflow.eth_src', 's'],
    ['dl_dst', 'openflow.eth_dst', 's'], ['dl_vlan', 'openflow.dl_vlan', 'n'], ['dl_vlan_pcp', 'openflow.dl_vlan_pcp', 'n'],
    ['dl_type', 'openflow.ofp_match.dl_type', 'n'], ['nw_tos', 'openflow.ofp_match.tos', 'n'],
    ['nw_proto', 'openflow.ofp_match.nw_proto', 'n'], ['nw_src', 'openflow.ofp_match.source_addr', 's'],
    ['nw_dst', 'openflow.ofp_match.dest_addr', 's'], ['tp_src', 'openflow.ofp_match.source_port', 'n'],
    ['tp_dst', 'openflow.ofp_match.dest_port', 'n'],
  ];
  for (const [ours, theirs, kind] of pairs) {
    if (kind === 'n') assert.is(code(m[ours]), tnum(t[theirs]), `${id}: match.${ours}`);
    else assert.is(m[ours], first(t[theirs]), `${id}: match.${ours}`);
  }
  return pairs.length;
}

function firstActionAgrees(actions: Obj[], t: Obj, id: string): number {
  if (!('openflow.action_typ' in t)) {
    assert.is(actions.length, 0, `${id}: tshark saw no action`);
    return 1;
  }
  const a = actions[0]!;
  assert.is(code(a['type']), tnum(t['openflow.action_typ']), `${id}: actions[0].type`);
  assert.is(a['len'], tnum(t['openflow.action_len']), `${id}: actions[0].len`);
  if (a['type'] === 'OFPAT_OUTPUT') {
    assert.is(code(a['port']), tnum(t['openflow.output_port']), `${id}: actions[0].port`);
    assert.is(a['max_len'], tnum(t['openflow.max_len']), `${id}: actions[0].max_len`);
  }
  return 1;
}

function agree(m: Message, t: Obj, id: string): number {
  let n = 4;
  assert.is(m.version, tnum(t['openflow.version']), `${id}: version`);
  assert.is(code(m.type), tnum(t['openflow_1_0.type']), `${id}: type`);
  assert.is(m.length, tnum(t['openflow.length']), `${id}: length`);
  assert.is(m.xid, tnum(t['openflow.xid']), `${id}: xid`);
  const scalars = (pairs: [string, string, boolean?][]) => {
    for (const [ours, theirs, big] of pairs) {
      assert.equal(code(m[ours]), tnum(t[theirs], big), `${id}: ${ours}`);
      n++;
    }
  };
  switch (m.type) {
    case 'OFPT_FLOW_MOD':
      scalars([['cookie', 'openflow.cookie', true], ['command', 'openflow.command'], ['idle_timeout', 'openflow.idle_timeout'],
        ['hard_timeout', 'openflow.hard_timeout'], ['priority', 'openflow.priority'], ['buffer_id', 'openflow.buffer_id'],
        ['out_port', 'openflow.out_port'], ['flags', 'openflow.flags']]);
      n += matchAgrees(m['match'] as Obj, t, id) + firstActionAgrees(m['actions'] as Obj[], t, id);
      break;
    case 'OFPT_PACKET_IN':
      scalars([['buffer_id', 'openflow.buffer_id'], ['total_len', 'openflow.total_len'], ['in_port', 'openflow.in_port'],
        ['reason', 'openflow.reason']]);
      break;
    case 'OFPT_PACKET_OUT':
      scalars([['buffer_id', 'openflow.buffer_id'], ['in_port', 'openflow.in_port'], ['actions_len', 'openflow.actions_len']]);
      n += firstActionAgrees(m['actions'] as Obj[], t, id);
      break;
    case 'OFPT_FEATURES_REPLY': {
      scalars([['datapath_id', 'openflow.datapath_id', true], ['n_buffers', 'openflow.n_buffers'], ['n_tables', 'openflow.n_tables'],
        ['capabilities', 'openflow.capabilities'], ['actions', 'openflow.actions']]);
      const ports = m['ports'] as Obj[];
      ports.forEach((p, i) => {
        const tp = t[`Port data ${i + 1}`] as Obj;
        assert.ok(tp, `${id}: tshark port ${i + 1}`);
        assert.is(code(p['port_no']), tnum(tp['openflow.port_no']), `${id}: ports[${i}].port_no`);
        assert.is(p['hw_addr'], tp['openflow.hw_add'], `${id}: ports[${i}].hw_addr`);
        assert.is(p['name'], tp['openflow.port_name'], `${id}: ports[${i}].name`);
        assert.is(p['config'], tnum(tp['openflow.port_config']), `${id}: ports[${i}].config`);
        assert.is(p['state'], tnum(tp['openflow.port_state']), `${id}: ports[${i}].state`);
        n += 5;
      });
      assert.not.ok(t[`Port data ${ports.length + 1}`], `${id}: tshark has no extra port`);
      break;
    }
    case 'OFPT_GET_CONFIG_REPLY': case 'OFPT_SET_CONFIG':
      scalars([['flags', 'openflow.config_flags'], ['miss_send_len', 'openflow.miss_send_len']]);
      break;
    case 'OFPT_STATS_REQUEST': case 'OFPT_STATS_REPLY':
      scalars([['stats_type', 'openflow.stats.type'], ['flags', 'openflow.flags']]);
      if (m.type === 'OFPT_STATS_REQUEST' && m['stats_type'] === 'OFPST_FLOW') {
        const body = m['body'] as Obj;
        n += matchAgrees(body['match'] as Obj, t, id);
        assert.is(body['table_id'], tnum(t['openflow.table_id']), `${id}: body.table_id`);
        assert.is(code(body['out_port']), tnum(t['openflow.out_port']), `${id}: body.out_port`);
        n += 2;
      }
      break;
  }
  return n;
}

const ovs = listFixtures('of10').filter((f) => f.id.startsWith('of10/ovs/') && !f.truncated);

test('tshark.json has a decoding of every OVS fixture', () => {
  const names = ovs.map((f) => f.id.slice('of10/ovs/'.length)).sort();
  assert.equal(Object.keys(view).sort(), names);
});

let compared = 0;
for (const f of ovs) {
  const name = f.id.slice('of10/ovs/'.length);
  test(`${name}: agrees with Wireshark's openflow_v1 dissector`, () => {
    const t = view[name];
    if (!t) return assert.unreachable('tshark did not decode it as OpenFlow 1.0');
    const r = decodeMessage(f.bytes);
    if (!r.ok) return assert.unreachable(r.error.message);
    compared += agree(r.value, t, name);
  });
}

test('the comparison covered the fields tshark decodes', () => {
  // 83 headers x 4, plus 20 FLOW_MODs x 23, features replies with ports, packet-ins/outs, configs, stats.
  assert.ok(compared > 83 * 4 + 400, `compared ${compared} fields`);
});

test.run();
