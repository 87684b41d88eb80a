/**
 * OpenFlow 1.3 writers: written into a sentinel-filled buffer at a non-zero
 * offset, the bytes equal encodeMessage of the intended value and decode
 * back; every 1.3 fixture of a type the writers cover (FLOW_MOD with OXM
 * matches and instructions, PACKET_OUT, GROUP_MOD, METER_MOD, multipart
 * requests, ROLE_REQUEST, SET_ASYNC, HELLO, ...) is rebuilt byte for byte
 * from its decoded value.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { decodeMessage, encodeMessage, type Message } from '../../codec/message.js';
import '../../codec/index.js';
import type { OxmInput } from '../../codec/index.js';
import * as s13 from '../../codec/of13/schema.js';
import { OFPT, OFPAT, OFPIT, OFPMP, OFPMBT } from '../../codec/of13/enums.js';
import { OXM_OFB_FIELDS } from '../../codec/of13/oxm.js';
import { parseIpv4, parseIpv6, parseMac } from '../../codec/schema/scalars.js';
import type { StructDef } from '../../codec/schema/types.js';
import { listFixtures } from '../support/fixtures.js';
import * as hot from '../../codec/hot.js';
import { hex, num } from './views-support.js';

const SENTINEL = 0xaa;
type V = Record<string, unknown>;

function check(name: string, value: V, write: (out: hot.OutBuffer) => number): Buffer {
  const out = new hot.OutBuffer(1024);
  out.buf.fill(SENTINEL);
  out.pos = 3;
  const at = write(out);
  assert.is(at, 3, `${name}: writers return the message start`);
  const bytes = Buffer.from(out.buf.subarray(at, out.pos));
  assert.is(out.buf[out.pos], SENTINEL, `${name}: wrote past its end`);
  const d = decodeMessage(bytes);
  assert.ok(d.ok, `${name}: written bytes do not decode: ${d.ok ? '' : d.error.message}`);
  assert.is(hex(bytes), hex(encodeMessage(value)), `${name}: differs from encodeMessage`);
  return bytes;
}

// The field is named at run time, so the value's type cannot be checked here: a cast.
const oxm = (field: string, value: unknown, mask?: unknown) => ({ class: 'OFPXMC_OPENFLOW_BASIC', field: `OFPXMT_OFB_${field}`, hasmask: mask !== undefined, value, ...(mask !== undefined ? { mask } : {}) }) as OxmInput;
const ip4 = (s: string) => { const b = Buffer.alloc(4); assert.ok(parseIpv4(s, b, 0)); return b.readUInt32BE(0); };
const macb = (s: string) => { const b = Buffer.alloc(6); assert.ok(parseMac(s, b, 0)); return b; };

// ---- rebuilding decoded values with the writers --------------------------------------

const specs = new Map(OXM_OFB_FIELDS.map((f) => [`OFPXMT_OFB_${f.name}`, f]));

/** Append one decoded OXM TLV; false when it has no writer (opaque classes). */
function writeOxm(out: hot.OutBuffer, o: V): boolean {
  if (o['body'] !== undefined) return false;
  const f = specs.get(o['field'] as string);
  if (!f) return false;
  const masked = o['hasmask'] === true;
  switch (f.type) {
    case 'uint':
      if (f.width === 8) hot.oxm13Uint64(out, f.code, BigInt(o['value'] as bigint), masked ? BigInt(o['mask'] as bigint) : null);
      else hot.oxm13Uint(out, f.code, o['value'] as number, masked ? (o['mask'] as number) : -1);
      return true;
    case 'ipv4':
      hot.oxm13Uint(out, f.code, ip4(o['value'] as string), masked ? ip4(o['mask'] as string) : -1);
      return true;
    case 'mac': case 'ipv6': {
      const parse = (s: string) => {
        const b = Buffer.alloc(f.width);
        assert.ok(f.type === 'mac' ? parseMac(s, b, 0) : parseIpv6(s, b, 0));
        return b;
      };
      hot.oxm13Bytes(out, f.code, parse(o['value'] as string), 0, masked ? parse(o['mask'] as string) : null, 0);
      return true;
    }
  }
}

function writeMatch(out: hot.OutBuffer, match: V): boolean {
  const m = hot.beginMatch13(out);
  for (const o of match['oxm_fields'] as V[]) if (!writeOxm(out, o)) return false;
  hot.endMatch13(out, m);
  return true;
}

function writeActions(out: hot.OutBuffer, actions: V[]): boolean {
  for (const a of actions) {
    const t = num(s13.ofp_action_unknown, 'type', a['type']);
    switch (t) {
      case OFPAT.OUTPUT: hot.action13Output(out, num(s13.ofp_action_output, 'port', a['port']), a['max_len'] as number); break;
      case OFPAT.GROUP: hot.action13Group(out, num(s13.ofp_action_group, 'group_id', a['group_id'])); break;
      case OFPAT.SET_QUEUE: hot.action13SetQueue(out, a['queue_id'] as number); break;
      case OFPAT.PUSH_VLAN: hot.action13PushVlan(out, a['ethertype'] as number); break;
      case OFPAT.POP_VLAN: hot.action13PopVlan(out); break;
      case OFPAT.DEC_NW_TTL: hot.action13DecNwTtl(out); break;
      case OFPAT.SET_NW_TTL: hot.action13SetNwTtl(out, a['nw_ttl'] as number); break;
      case OFPAT.SET_FIELD: {
        const at = hot.beginSetField13(out);
        if (!writeOxm(out, a['field'] as V)) return false;
        hot.endSetField13(out, at);
        break;
      }
      default: return false;
    }
  }
  return true;
}

function writeInstructions(out: hot.OutBuffer, insts: V[]): boolean {
  for (const i of insts) {
    const t = num(s13.ofp_instruction_unknown, 'type', i['type']);
    switch (t) {
      case OFPIT.APPLY_ACTIONS: case OFPIT.WRITE_ACTIONS: {
        const at = t === OFPIT.APPLY_ACTIONS ? hot.beginApplyActions13(out) : hot.beginWriteActions13(out);
        if (!writeActions(out, i['actions'] as V[])) return false;
        hot.endInstruction13(out, at);
        break;
      }
      case OFPIT.CLEAR_ACTIONS:
        if ((i['actions'] as V[]).length) return false;
        hot.instructionClearActions13(out);
        break;
      case OFPIT.GOTO_TABLE: hot.instructionGotoTable13(out, i['table_id'] as number); break;
      case OFPIT.METER: hot.instructionMeter13(out, i['meter_id'] as number); break;
      case OFPIT.WRITE_METADATA: hot.instructionWriteMetadata13(out, i['metadata'] as bigint, i['metadata_mask'] as bigint); break;
      default: return false;
    }
  }
  return true;
}

const mpVariant = (name: string) => s13.multipartVariants[name] as StructDef;

/** Rebuild a decoded 1.3 message with the writers; null when a part has no writer. */
function rebuild(out: hot.OutBuffer, m: Message): number | null {
  const t = num(s13.ofp_header, 'type', m.type);
  const xid = m.xid;
  switch (t) {
    case OFPT.HELLO: {
      const els = m['elements'] as V[];
      if (els.length === 0) return hot.helloPlain13(out, xid);
      const bm = els[0]!['bitmaps'] as number[] | undefined;
      if (els.length !== 1 || !bm || bm.length !== 1) return null;
      return hot.hello13(out, xid, bm[0]!);
    }
    case OFPT.FEATURES_REQUEST: return hot.featuresRequest13(out, xid);
    case OFPT.BARRIER_REQUEST: return hot.barrierRequest13(out, xid);
    case OFPT.GET_CONFIG_REQUEST: return hot.getConfigRequest13(out, xid);
    case OFPT.GET_ASYNC_REQUEST: return hot.getAsyncRequest13(out, xid);
    case OFPT.ECHO_REQUEST: case OFPT.ECHO_REPLY: {
      const d = m['data'] as Buffer;
      return (t === OFPT.ECHO_REQUEST ? hot.echoRequest13 : hot.echoReply13)(out, xid, d, 0, d.length);
    }
    case OFPT.SET_CONFIG: return hot.setConfig13(out, xid, m['flags'] as number, m['miss_send_len'] as number);
    case OFPT.ERROR: {
      if (m['exp_type'] !== undefined) return null;
      const d = m['data'] as Buffer;
      if (d.length > 64) return null;
      const et = num(s13.ofp_error_msg, 'error_type', m['error_type']);
      const ce = (s13.ofp_error_msg.members.find((x) => x.kind === 'scalar' && x.name === 'code') as any).enumBy.enums.get(et);
      return hot.error13(out, xid, et, typeof m['code'] === 'number' ? m['code'] : ce.byName.get(m['code']), d, 0, d.length);
    }
    case OFPT.ROLE_REQUEST: return hot.roleRequest13(out, xid, num(s13.ofp_role_request, 'role', m['role']), m['generation_id'] as bigint);
    case OFPT.SET_ASYNC: {
      const [a, b] = m['packet_in_mask'] as number[]; const [c, d] = m['port_status_mask'] as number[]; const [e, f] = m['flow_removed_mask'] as number[];
      return hot.setAsync13(out, xid, a!, b!, c!, d!, e!, f!);
    }
    case OFPT.FLOW_MOD: {
      const d = s13.ofp_flow_mod;
      const p = hot.flowMod13Params();
      p.xid = xid; p.cookie = m['cookie'] as bigint; p.cookieMask = m['cookie_mask'] as bigint; p.tableId = m['table_id'] as number;
      p.command = num(d, 'command', m['command']); p.idleTimeout = m['idle_timeout'] as number; p.hardTimeout = m['hard_timeout'] as number;
      p.priority = m['priority'] as number; p.bufferId = m['buffer_id'] as number; p.outPort = num(d, 'out_port', m['out_port']);
      p.outGroup = num(d, 'out_group', m['out_group']); p.flags = m['flags'] as number;
      const at = hot.beginFlowMod13(out, p);
      if (!writeMatch(out, m['match'] as V)) return null;
      if (!writeInstructions(out, m['instructions'] as V[])) return null;
      hot.endMessage(out, at);
      return at;
    }
    case OFPT.PACKET_OUT: {
      const at = hot.beginPacketOut13(out, xid, m['buffer_id'] as number, num(s13.ofp_packet_out, 'in_port', m['in_port']));
      if (!writeActions(out, m['actions'] as V[])) return null;
      const data = m['data'] as Buffer;
      hot.endPacketOut13(out, at, data, 0, data.length);
      return at;
    }
    case OFPT.GROUP_MOD: {
      const d = s13.ofp_group_mod;
      const at = hot.beginGroupMod13(out, xid, num(d, 'command', m['command']), num(d, 'group_type', m['group_type']), num(d, 'group_id', m['group_id']));
      for (const bk of m['buckets'] as V[]) {
        const b = hot.beginBucket13(out, bk['weight'] as number, num(s13.ofp_bucket, 'watch_port', bk['watch_port']), num(s13.ofp_bucket, 'watch_group', bk['watch_group']));
        if (!writeActions(out, bk['actions'] as V[])) return null;
        hot.endBucket13(out, b);
      }
      hot.endMessage(out, at);
      return at;
    }
    case OFPT.METER_MOD: {
      const at = hot.beginMeterMod13(out, xid, num(s13.ofp_meter_mod, 'command', m['command']), m['flags'] as number, m['meter_id'] as number);
      for (const band of m['bands'] as V[]) {
        const bt = num(s13.ofp_meter_band_unknown, 'type', band['type']);
        if (bt === OFPMBT.DROP) hot.meterBandDrop13(out, band['rate'] as number, band['burst_size'] as number);
        else if (bt === OFPMBT.DSCP_REMARK) hot.meterBandDscpRemark13(out, band['rate'] as number, band['burst_size'] as number, band['prec_level'] as number);
        else return null;
      }
      hot.endMessage(out, at);
      return at;
    }
    case OFPT.MULTIPART_REQUEST: {
      const mt = num(s13.ofp_multipart_request_header, 'multipart_type', m['multipart_type']);
      const flags = m['flags'] as number;
      const body = m['body'] as V | undefined;
      if (body === undefined) return hot.multipartRequest13(out, xid, mt, flags);
      if (flags !== 0) return null;
      if (mt === OFPMP.PORT_STATS) return hot.portStatsRequest13(out, xid, num(s13.ofp_port_stats_request, 'port_no', body['port_no']));
      if (mt === OFPMP.FLOW || mt === OFPMP.AGGREGATE) {
        const fr = s13.ofp_flow_stats_request;
        const at = hot.beginFlowStatsRequest13(out, xid, body['table_id'] as number, num(fr, 'out_port', body['out_port']), num(fr, 'out_group', body['out_group']),
          body['cookie'] as bigint, body['cookie_mask'] as bigint, mt === OFPMP.AGGREGATE);
        if (!writeMatch(out, body['match'] as V)) return null;
        hot.endMessage(out, at);
        return at;
      }
      void mpVariant;
      return null;
    }
  }
  return null;
}

test('fixtures of written types rebuild byte for byte', () => {
  const byType = new Map<string, number>();
  for (const f of listFixtures('of13').filter((x) => !x.truncated)) {
    const d = decodeMessage(f.bytes);
    if (!d.ok) continue;
    const out = new hot.OutBuffer(256);
    out.buf.fill(SENTINEL);
    const at = rebuild(out, d.value);
    if (at === null) continue;
    assert.is(hex(out.buf.subarray(at, out.pos)), hex(f.bytes), `${f.id} rebuilt differently`);
    const k = String(d.value.type);
    byType.set(k, (byType.get(k) ?? 0) + 1);
  }
  for (const t of ['OFPT_FLOW_MOD', 'OFPT_PACKET_OUT', 'OFPT_HELLO', 'OFPT_MULTIPART_REQUEST', 'OFPT_ROLE_REQUEST', 'OFPT_SET_ASYNC', 'OFPT_GROUP_MOD', 'OFPT_METER_MOD']) {
    assert.ok(byType.has(t), `no ${t} fixture was rebuilt`);
  }
  console.log(`  (1.3 fixtures rebuilt: ${[...byType].map(([k, n]) => `${k.slice(5)} ${n}`).join(', ')})`);
});

// ---- writers against encodeMessage ---------------------------------------------------

test('FLOW_MOD: OXM match with masks, apply/write/clear/goto/meter/metadata instructions, set-field', () => {
  const pkt = Buffer.from('0000000000020000000000010800', 'hex');
  const p = hot.flowMod13Params();
  p.xid = 77; p.cookie = 0xabcdn; p.cookieMask = 0xffffn; p.tableId = 1; p.command = 2; p.idleTimeout = 5; p.hardTimeout = 6; p.priority = 1000; p.flags = 3;
  check('flow_mod', {
    version: 4, type: 'OFPT_FLOW_MOD', xid: 77, cookie: 0xabcdn, cookie_mask: 0xffffn, table_id: 1, command: 'OFPFC_MODIFY_STRICT',
    idle_timeout: 5, hard_timeout: 6, priority: 1000, buffer_id: 0xffffffff, out_port: 'OFPP_ANY', out_group: 'OFPG_ANY', flags: 3,
    match: { type: 'OFPMT_OXM', oxm_fields: [
      oxm('IN_PORT', 1), oxm('ETH_DST', '00:00:00:00:00:02'), oxm('ETH_SRC', '00:00:00:00:00:01', 'ff:ff:ff:ff:ff:00'),
      oxm('ETH_TYPE', 0x800), oxm('VLAN_VID', 0x1000 | 10, 0x1fff), oxm('IP_PROTO', 17), oxm('IPV4_SRC', '10.0.0.0', '255.0.0.0'),
      oxm('IPV4_DST', '10.0.0.2'), oxm('UDP_SRC', 53), oxm('UDP_DST', 5353), oxm('TCP_SRC', 1), oxm('TCP_DST', 2),
      oxm('METADATA', 7n, 0xffn), oxm('VLAN_PCP', 3),
    ] },
    instructions: [
      { type: 'OFPIT_METER', meter_id: 4 },
      { type: 'OFPIT_APPLY_ACTIONS', actions: [
        { type: 'OFPAT_PUSH_VLAN', ethertype: 0x8100 },
        { type: 'OFPAT_SET_FIELD', field: oxm('VLAN_VID', 0x1000 | 20) },
        { type: 'OFPAT_SET_FIELD', field: oxm('ETH_DST', '0a:00:00:00:00:01') },
        { type: 'OFPAT_OUTPUT', port: 'OFPP_CONTROLLER', max_len: 0xffff },
        { type: 'OFPAT_GROUP', group_id: 9 }, { type: 'OFPAT_SET_QUEUE', queue_id: 2 }, { type: 'OFPAT_DEC_NW_TTL' },
        { type: 'OFPAT_SET_NW_TTL', nw_ttl: 64 }, { type: 'OFPAT_POP_VLAN' },
      ] },
      { type: 'OFPIT_CLEAR_ACTIONS', actions: [] },
      { type: 'OFPIT_WRITE_ACTIONS', actions: [{ type: 'OFPAT_OUTPUT', port: 3, max_len: 0 }] },
      { type: 'OFPIT_WRITE_METADATA', metadata: 1n, metadata_mask: 0xffn },
      { type: 'OFPIT_GOTO_TABLE', table_id: 2 },
    ],
  }, (o) => {
    const at = hot.beginFlowMod13(o, p);
    const m = hot.beginMatch13(o);
    hot.oxm13InPort(o, 1);
    hot.oxm13EthDst(o, pkt, 0);
    hot.oxm13EthSrc(o, pkt, 6, macb('ff:ff:ff:ff:ff:00'), 0);
    hot.oxm13EthType(o, pkt.readUInt16BE(12));
    hot.oxm13VlanVid(o, hot.OFPVID_PRESENT | 10, 0x1fff);
    hot.oxm13IpProto(o, 17);
    hot.oxm13Ipv4Src(o, ip4('10.0.0.0'), ip4('255.0.0.0'));
    hot.oxm13Ipv4Dst(o, ip4('10.0.0.2'));
    hot.oxm13UdpSrc(o, 53); hot.oxm13UdpDst(o, 5353); hot.oxm13TcpSrc(o, 1); hot.oxm13TcpDst(o, 2);
    hot.oxm13Uint64(o, hot.OXM13.METADATA, 7n, 0xffn);
    hot.oxm13VlanPcp(o, 3);
    hot.endMatch13(o, m);
    hot.instructionMeter13(o, 4);
    const i = hot.beginApplyActions13(o);
    hot.action13PushVlan(o);
    let s = hot.beginSetField13(o); hot.oxm13VlanVid(o, hot.OFPVID_PRESENT | 20); hot.endSetField13(o, s);
    s = hot.beginSetField13(o); hot.oxm13EthDst(o, macb('0a:00:00:00:00:01'), 0); hot.endSetField13(o, s);
    hot.action13Output(o, 0xfffffffd, 0xffff);
    hot.action13Group(o, 9); hot.action13SetQueue(o, 2); hot.action13DecNwTtl(o); hot.action13SetNwTtl(o, 64); hot.action13PopVlan(o);
    hot.endInstruction13(o, i);
    hot.instructionClearActions13(o);
    const w = hot.beginWriteActions13(o); hot.action13Output(o, 3); hot.endInstruction13(o, w);
    hot.instructionWriteMetadata13(o, 1n, 0xffn);
    hot.instructionGotoTable13(o, 2);
    hot.endMessage(o, at);
    return at;
  });
});

test('FLOW_MOD table-miss: empty match pads to 8, output to controller', () => {
  const p = hot.flowMod13Params();
  p.priority = 0;
  const bytes = check('table-miss', {
    version: 4, type: 'OFPT_FLOW_MOD', xid: 0, cookie: 0n, cookie_mask: 0n, table_id: 0, command: 0, idle_timeout: 0, hard_timeout: 0,
    priority: 0, buffer_id: 0xffffffff, out_port: 0xffffffff, out_group: 0xffffffff, flags: 0, match: { type: 'OFPMT_OXM', oxm_fields: [] },
    instructions: [{ type: 'OFPIT_APPLY_ACTIONS', actions: [{ type: 'OFPAT_OUTPUT', port: 0xfffffffd, max_len: 0xffff }] }],
  }, (o) => {
    const at = hot.beginFlowMod13(o, p);
    hot.endMatch13(o, hot.beginMatch13(o));
    const i = hot.beginApplyActions13(o); hot.action13Output(o, 0xfffffffd, 0xffff); hot.endInstruction13(o, i);
    hot.endMessage(o, at);
    return at;
  });
  assert.is(bytes.length, 48 + 8 + 8 + 16);
});

test('PACKET_OUT, GROUP_MOD, METER_MOD', () => {
  const frame = Buffer.alloc(60, 0x61);
  check('packet_out', { version: 4, type: 'OFPT_PACKET_OUT', xid: 1, buffer_id: 0xffffffff, in_port: 'OFPP_CONTROLLER', actions: [{ type: 'OFPAT_OUTPUT', port: 'OFPP_FLOOD', max_len: 0 }], data: frame.subarray(2, 50) },
    (o) => { const at = hot.beginPacketOut13(o, 1, 0xffffffff, 0xfffffffd); hot.action13Output(o, 0xfffffffb); hot.endPacketOut13(o, at, frame, 2, 48); return at; });
  check('group_mod', {
    version: 4, type: 'OFPT_GROUP_MOD', xid: 2, command: 'OFPGC_ADD', group_type: 'OFPGT_SELECT', group_id: 1,
    buckets: [
      { weight: 1, watch_port: 'OFPP_ANY', watch_group: 'OFPG_ANY', actions: [{ type: 'OFPAT_OUTPUT', port: 1, max_len: 0 }] },
      { weight: 2, watch_port: 3, watch_group: 4, actions: [] },
    ],
  }, (o) => {
    const at = hot.beginGroupMod13(o, 2, 0, 1, 1);
    let b = hot.beginBucket13(o, 1); hot.action13Output(o, 1); hot.endBucket13(o, b);
    b = hot.beginBucket13(o, 2, 3, 4); hot.endBucket13(o, b);
    hot.endMessage(o, at);
    return at;
  });
  check('meter_mod', {
    version: 4, type: 'OFPT_METER_MOD', xid: 3, command: 'OFPMC_ADD', flags: 5, meter_id: 1,
    bands: [{ type: 'OFPMBT_DROP', rate: 1000, burst_size: 10 }, { type: 'OFPMBT_DSCP_REMARK', rate: 500, burst_size: 5, prec_level: 2 }],
  }, (o) => {
    const at = hot.beginMeterMod13(o, 3, 0, 5, 1);
    hot.meterBandDrop13(o, 1000, 10); hot.meterBandDscpRemark13(o, 500, 5, 2);
    hot.endMessage(o, at);
    return at;
  });
});

test('multipart requests, ROLE_REQUEST, SET_ASYNC, HELLO, ECHO, SET_CONFIG, ERROR, header-only', () => {
  check('port_desc', { version: 4, type: 'OFPT_MULTIPART_REQUEST', xid: 4, multipart_type: 'OFPMP_PORT_DESC', flags: 0 }, (o) => hot.portDescRequest13(o, 4));
  check('desc', { version: 4, type: 'OFPT_MULTIPART_REQUEST', xid: 5, multipart_type: 'OFPMP_DESC', flags: 1 }, (o) => hot.multipartRequest13(o, 5, OFPMP.DESC, 1));
  check('port_stats', { version: 4, type: 'OFPT_MULTIPART_REQUEST', xid: 6, multipart_type: 'OFPMP_PORT_STATS', flags: 0, body: { port_no: 'OFPP_ANY' } }, (o) => hot.portStatsRequest13(o, 6, 0xffffffff));
  for (const aggregate of [false, true]) {
    check(`flow stats ${aggregate}`, {
      version: 4, type: 'OFPT_MULTIPART_REQUEST', xid: 7, multipart_type: aggregate ? 'OFPMP_AGGREGATE' : 'OFPMP_FLOW', flags: 0,
      body: { table_id: 0xff, out_port: 'OFPP_ANY', out_group: 'OFPG_ANY', cookie: 1n, cookie_mask: 0n, match: { type: 'OFPMT_OXM', oxm_fields: [oxm('IN_PORT', 2)] } },
    }, (o) => {
      const at = hot.beginFlowStatsRequest13(o, 7, 0xff, 0xffffffff, 0xffffffff, 1n, 0n, aggregate);
      const m = hot.beginMatch13(o); hot.oxm13InPort(o, 2); hot.endMatch13(o, m);
      hot.endMessage(o, at);
      return at;
    });
  }
  check('role', { version: 4, type: 'OFPT_ROLE_REQUEST', xid: 8, role: 'OFPCR_ROLE_MASTER', generation_id: 0xfffffffffffffff0n }, (o) => hot.roleRequest13(o, 8, 2, 0xfffffffffffffff0n));
  check('set_async', { version: 4, type: 'OFPT_SET_ASYNC', xid: 9, packet_in_mask: [1, 2], port_status_mask: [3, 4], flow_removed_mask: [5, 0xffffffff] },
    (o) => hot.setAsync13(o, 9, 1, 2, 3, 4, 5, 0xffffffff));
  check('hello', { version: 4, type: 'OFPT_HELLO', xid: 10, elements: [{ type: 'OFPHET_VERSIONBITMAP', bitmaps: [0x12] }] }, (o) => hot.hello13(o, 10, (1 << 1) | (1 << 4)));
  check('hello plain', { version: 4, type: 'OFPT_HELLO', xid: 10, elements: [] }, (o) => hot.helloPlain13(o, 10));
  check('echo req', { version: 4, type: 'OFPT_ECHO_REQUEST', xid: 11, data: Buffer.from('abc') }, (o) => hot.echoRequest13(o, 11, Buffer.from('abc'), 0, 3));
  check('echo rep', { version: 4, type: 'OFPT_ECHO_REPLY', xid: 12, data: Buffer.alloc(0) }, (o) => hot.echoReply13(o, 12));
  check('set_config', { version: 4, type: 'OFPT_SET_CONFIG', xid: 13, flags: 0, miss_send_len: 0xffff }, (o) => hot.setConfig13(o, 13, 0, 0xffff));
  const big = Buffer.alloc(80, 9);
  check('error', { version: 4, type: 'OFPT_ERROR', xid: 14, error_type: 'OFPET_BAD_MATCH', code: 1, data: big.subarray(0, 64) }, (o) => hot.error13(o, 14, 4, 1, big, 0, 80));
  check('features', { version: 4, type: 'OFPT_FEATURES_REQUEST', xid: 15 }, (o) => hot.featuresRequest13(o, 15));
  check('barrier', { version: 4, type: 'OFPT_BARRIER_REQUEST', xid: 16 }, (o) => hot.barrierRequest13(o, 16));
  check('get_config', { version: 4, type: 'OFPT_GET_CONFIG_REQUEST', xid: 17 }, (o) => hot.getConfigRequest13(o, 17));
  check('get_async', { version: 4, type: 'OFPT_GET_ASYNC_REQUEST', xid: 18 }, (o) => hot.getAsyncRequest13(o, 18));
});

test('writing a learned flow straight from a PACKET_IN view, no intermediate objects', () => {
  const pin = encodeMessage({ version: 4, type: 'OFPT_PACKET_IN', xid: 1, buffer_id: 0xffffffff, total_len: 14, reason: 0, table_id: 0, cookie: 0n,
    match: { type: 'OFPMT_OXM', oxm_fields: [oxm('IN_PORT', 5)] }, data: Buffer.from('0000000000bb0000000000aa0800', 'hex') });
  const v = new hot.PacketIn13View();
  assert.is(v.bind(pin, 0, pin.length), null);
  const out = new hot.OutBuffer(256);
  const p = hot.flowMod13Params();
  p.priority = 1;
  const at = hot.beginFlowMod13(out, p);
  const m = hot.beginMatch13(out);
  hot.oxm13InPort(out, v.inPort);
  hot.oxm13EthDst(out, v.buf, v.dataOffset);
  hot.oxm13EthSrc(out, v.buf, v.dataOffset + 6);
  hot.endMatch13(out, m);
  const i = hot.beginApplyActions13(out); hot.action13Output(out, 2); hot.endInstruction13(out, i);
  hot.endMessage(out, at);
  const d = decodeMessage(out.bytes());
  assert.ok(d.ok);
  const fields = ((d as { value: Message }).value['match'] as V)['oxm_fields'] as V[];
  assert.equal(fields.map((f) => f['value']), [5, '00:00:00:00:00:bb', '00:00:00:00:00:aa']);
});

test('flowMod13 (one call, match from numbers) writes the same bytes as the step-by-step writers and encodeMessage, for every combination of match fields and outputs', () => {
  const macs = { dst: 0xff778899aabb, src: 0x001122334455 };
  const dstB = Buffer.from('ff778899aabb', 'hex'), srcB = Buffer.from('001122334455', 'hex');
  let cases = 0;
  for (let bits = 0; bits < 16; bits++) {
    for (const outputs of [[], [2], [2, 0xfffffffb]]) {
      const m = { inPort: bits & 1 ? 0xfffffffe : -1, ethDst: bits & 2 ? macs.dst : -1, ethSrc: bits & 4 ? macs.src : -1, ethType: bits & 8 ? 0x0806 : -1 };
      const f = Object.assign(hot.flowMod13Params(), {
        cookie: 0x0123456789abcdefn, tableId: 3, command: 2, idleTimeout: 60, hardTimeout: 7, priority: 100, bufferId: 9, outPort: 0xffffffff,
        flags: 1, outputs, nOutputs: outputs.length, maxLen: 0xffe5,
      });
      const fields: OxmInput[] = [];
      if (m.inPort >= 0) fields.push(oxm('IN_PORT', m.inPort));
      if (m.ethDst >= 0) fields.push(oxm('ETH_DST', 'ff:77:88:99:aa:bb'));
      if (m.ethSrc >= 0) fields.push(oxm('ETH_SRC', '00:11:22:33:44:55'));
      if (m.ethType >= 0) fields.push(oxm('ETH_TYPE', 0x0806));
      const value = {
        version: 4, type: 'OFPT_FLOW_MOD', xid: 77, cookie: 0x0123456789abcdefn, cookie_mask: 0n, table_id: 3, command: 2, idle_timeout: 60,
        hard_timeout: 7, priority: 100, buffer_id: 9, out_port: 0xffffffff, out_group: 0xffffffff, flags: 1, match: { type: 'OFPMT_OXM', oxm_fields: fields },
        instructions: outputs.length ? [{ type: 'OFPIT_APPLY_ACTIONS', actions: outputs.map((port) => ({ type: 'OFPAT_OUTPUT', port, max_len: 0xffe5 })) }] : [],
      };
      const label = `bits ${bits}, ${outputs.length} outputs`;
      const one = check(`flowMod13 ${label}`, value, (o) => hot.flowMod13(o, 77, f, m));
      const steps = check(`steps ${label}`, value, (o) => {
        f.xid = 77;
        const at = hot.beginFlowMod13(o, f);
        const mt = hot.beginMatch13(o);
        if (m.inPort >= 0) hot.oxm13InPort(o, m.inPort);
        if (m.ethDst >= 0) hot.oxm13EthDst(o, dstB, 0);
        if (m.ethSrc >= 0) hot.oxm13EthSrc(o, srcB, 0);
        if (m.ethType >= 0) hot.oxm13EthType(o, m.ethType);
        hot.endMatch13(o, mt);
        if (outputs.length) {
          const i = hot.beginApplyActions13(o);
          for (const port of outputs) hot.action13Output(o, port, 0xffe5);
          hot.endInstruction13(o, i);
        }
        hot.endMessage(o, at);
        return at;
      });
      assert.is(hex(one), hex(steps), label);
      cases++;
    }
  }
  assert.is(cases, 48);
});

test('FLOW_MOD DELETE of every flow in every table: empty match, out_port/out_group ANY, no instructions', () => {
  const value = {
    version: 4, type: 'OFPT_FLOW_MOD', xid: 8, cookie: 0n, cookie_mask: 0n, table_id: hot.OFPTT_ALL, command: 'OFPFC_DELETE',
    idle_timeout: 0, hard_timeout: 0, priority: 0x8000, buffer_id: 0xffffffff, out_port: 'OFPP_ANY', out_group: 'OFPG_ANY', flags: 0,
    match: { type: 'OFPMT_OXM', oxm_fields: [] }, instructions: [],
  };
  const bytes = check('delete all', value, (o) => hot.flowModDeleteAll13(o, 8));
  assert.is(bytes.length, 56);
});

test.run();
