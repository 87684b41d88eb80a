/**
 * OpenFlow 1.3 writers: like the 1.0 ones (see of10.ts), each appends to an
 * OutBuffer at `pos`, writes every byte (pads included) at offsets taken from
 * codec/of13 at module load, and back-patches lengths. Variable parts are
 * written in steps, straight into the output:
 *
 *   const at = beginFlowMod13(out, p);            // header + fixed fields (p: reusable FlowMod13Params)
 *   const m = beginMatch13(out);                  // ofp_match header (OXM)
 *   oxm13InPort(out, 1);                          // OXM TLVs, in the order written
 *   oxm13EthDst(out, pkt.buf, pkt.dataOffset);
 *   endMatch13(out, m);                           // match length + zero padding to 8
 *   const i = beginApplyActions13(out);           // instruction header
 *   action13Output(out, 2);
 *   endInstruction13(out, i);                     // instruction length
 *   endMessage(out, at);                          // message length
 *
 * OXM TLV headers pack class (16 bits), field (7), hasmask (1) and length (8)
 * into one word (the schema's custom `ofp_oxm` def); field codes and widths
 * come from the schema's OXM table and are checked here at load.
 */
import {
  ofp_action_group, ofp_action_nw_ttl, ofp_action_output, ofp_action_pop_vlan, ofp_action_push_vlan, ofp_action_set_field,
  ofp_action_set_queue, ofp_action_dec_nw_ttl, ofp_bucket, ofp_flow_mod, ofp_flow_stats_request,
  ofp_group_mod, ofp_hello, ofp_hello_elem_versionbitmap, ofp_instruction_apply_actions, ofp_instruction_clear_actions,
  ofp_instruction_goto_table, ofp_instruction_meter, ofp_instruction_write_actions, ofp_instruction_write_metadata,
  ofp_match, ofp_meter_band_drop, ofp_meter_band_dscp_remark, ofp_meter_mod, ofp_multipart_request_header,
  ofp_packet_out, ofp_port_stats_request, ofp_role_request, ofp_set_async, multipartVariants,
  ofp_echo_request, ofp_echo_reply, ofp_features_request, ofp_barrier_request, ofp_get_config_request,
  ofp_get_async_request,
} from '../of13/schema.js';
import { OFP13_VERSION, OFPFC, OFPG, OFPMP, OFPMT, OFPP, OFPXMC } from '../of13/enums.js';
import type { StructDef } from '../schema/types.js';
import { fixedOf, fixedSize, listElementSize, offsetOf, padRanges, prefixSize, sizeOf, structIn } from '../views/common.js';
import { HEADER } from '../views/frame.js';
import type { FlowModFixed, FlowModOutputs, MatchFields } from './flow-mod-spec.js';
import { OXM_FIELD, OXM_HEADER, OXM_WIDTH } from '../views/oxm.js';
import { beginMessage, endMessage } from './header.js';
import { errorMessage, setConfigMessage } from './same-layout.js';
import { OutBuffer, WithCookie, copyBytes, copyIn, padTo, storeMac48, u64Hi, u64Lo, u64Of, writeU64, zeroBytes } from './out.js';
import { w16, w32 } from '../views/bytes.js';

const V = OFP13_VERSION;
const HS = HEADER.size;

/** Zero the bytes [at, at+n) of a fixed-size struct (its pads), ensuring room. */
function zeroFixed(out: OutBuffer, n: number): number {
  out.ensure(n);
  const at = out.pos;
  zeroBytes(out, at, n);
  out.pos = at + n;
  return at;
}

const T_FEATURES = fixedOf(ofp_features_request, 'type');
const T_BARRIER = fixedOf(ofp_barrier_request, 'type');
const T_GET_CONFIG = fixedOf(ofp_get_config_request, 'type');
const T_GET_ASYNC = fixedOf(ofp_get_async_request, 'type');
/*
 * Writers of messages whose layout 1.4 and 1.5 kept take an optional `wire`
 * (default 0x04): the controller writes them for 1.4/1.5 switches with the
 * negotiated version byte (the schema shares those structs: of14/index.ts).
 */
export function featuresRequest13(out: OutBuffer, xid: number, wire = V): number { return beginMessage(out, wire, T_FEATURES, xid, HS); }
export function barrierRequest13(out: OutBuffer, xid: number, wire = V): number { return beginMessage(out, wire, T_BARRIER, xid, HS); }
export function getConfigRequest13(out: OutBuffer, xid: number): number { return beginMessage(out, V, T_GET_CONFIG, xid, HS); }
export function getAsyncRequest13(out: OutBuffer, xid: number): number { return beginMessage(out, V, T_GET_ASYNC, xid, HS); }

// ---- HELLO with a version bitmap --------------------------------------------------
const HE = {
  type: fixedOf(ofp_hello, 'type'), elements: offsetOf(ofp_hello, 'elements'),
  elemType: offsetOf(ofp_hello_elem_versionbitmap, 'type'), elemCode: fixedOf(ofp_hello_elem_versionbitmap, 'type'),
  elemLen: offsetOf(ofp_hello_elem_versionbitmap, 'length'), bitmaps: offsetOf(ofp_hello_elem_versionbitmap, 'bitmaps'),
  align: ofp_hello_elem_versionbitmap.layout.align ?? 1,
  /** Size of one bitmap word: the element size of the `bitmaps` list. */
  word: listElementSize(ofp_hello_elem_versionbitmap, 'bitmaps'),
};
/**
 * HELLO carrying one version-bitmap element: bit n set = wire version n
 * supported (default: 1.3 only; `(1 << 1) | (1 << 4)` offers 1.0 and 1.3).
 */
export function hello13(out: OutBuffer, xid: number, bitmap: number = 1 << V): number {
  const at = beginMessage(out, V, HE.type, xid, HE.elements + HE.bitmaps + HE.word + HE.align);
  const e = at + HE.elements;
  w16(out.buf, e + HE.elemType, HE.elemCode);
  w16(out.buf, e + HE.elemLen, HE.bitmaps + HE.word);
  w32(out.buf, e + HE.bitmaps, bitmap >>> 0);
  out.pos = e + HE.bitmaps + HE.word;
  padTo(out, e, HE.align);
  endMessage(out, at);
  return at;
}
/** HELLO with no elements (8 bytes). */
export function helloPlain13(out: OutBuffer, xid: number): number { return beginMessage(out, V, HE.type, xid, HS); }

// ---- ECHO, SET_CONFIG, ERROR ------------------------------------------------------
const ECHO = { req: fixedOf(ofp_echo_request, 'type'), rep: fixedOf(ofp_echo_reply, 'type'), data: offsetOf(ofp_echo_request, 'data') };
export function echoRequest13(out: OutBuffer, xid: number, src: Buffer | null = null, off = 0, len = 0, wire = V): number {
  const at = beginMessage(out, wire, ECHO.req, xid, ECHO.data + len);
  if (src) copyIn(out, src, off, len);
  endMessage(out, at);
  return at;
}
export function echoReply13(out: OutBuffer, xid: number, src: Buffer | null = null, off = 0, len = 0): number {
  const at = beginMessage(out, V, ECHO.rep, xid, ECHO.data + len);
  if (src) copyIn(out, src, off, len);
  endMessage(out, at);
  return at;
}

export function setConfig13(out: OutBuffer, xid: number, flags: number, missSendLen: number, wire = V): number {
  return setConfigMessage(out, wire, xid, flags, missSendLen);
}

/** ERROR with type/code and at most ERROR_DATA_MAX (64) bytes of the offending message src[off, off+len). */
export function error13(out: OutBuffer, xid: number, errType: number, code: number, src: Buffer | null = null, off = 0, len = 0): number {
  return errorMessage(out, V, xid, errType, code, src, off, len);
}

// ---- ROLE_REQUEST, SET_ASYNC --------------------------------------------------------
const RR = { type: fixedOf(ofp_role_request, 'type'), role: offsetOf(ofp_role_request, 'role'), gen: offsetOf(ofp_role_request, 'generation_id'), size: fixedSize(ofp_role_request, 24) };
/** ROLE_REQUEST (role: OFPCR_ROLE_*; generationId matters for MASTER/SLAVE). */
export function roleRequest13(out: OutBuffer, xid: number, role: number, generationId: bigint = 0n): number {
  const at = beginMessage(out, V, RR.type, xid, RR.size);
  zeroBytes(out, at + HS, (at + RR.size) - (at + HS));
  w32(out.buf, at + RR.role, role >>> 0);
  writeU64(out.buf, generationId, at + RR.gen);
  out.pos = at + RR.size;
  return at;
}

const SA = {
  type: fixedOf(ofp_set_async, 'type'), pi: offsetOf(ofp_set_async, 'packet_in_mask'), ps: offsetOf(ofp_set_async, 'port_status_mask'),
  fr: offsetOf(ofp_set_async, 'flow_removed_mask'), el: sizeOf(ofp_set_async, 'packet_in_mask') / 2, size: fixedSize(ofp_set_async, 32),
};
/** SET_ASYNC: for each kind, the reason bitmask for master/equal and for slave connections. */
export function setAsync13(out: OutBuffer, xid: number, packetInMaster: number, packetInSlave: number, portStatusMaster: number,
  portStatusSlave: number, flowRemovedMaster: number, flowRemovedSlave: number): number {
  const at = beginMessage(out, V, SA.type, xid, SA.size);
  const b = out.buf;
  w32(b, at + SA.pi, packetInMaster); w32(b, at + SA.pi + SA.el, packetInSlave);
  w32(b, at + SA.ps, portStatusMaster); w32(b, at + SA.ps + SA.el, portStatusSlave);
  w32(b, at + SA.fr, flowRemovedMaster); w32(b, at + SA.fr + SA.el, flowRemovedSlave);
  out.pos = at + SA.size;
  return at;
}

// ---- match (OXM) ----------------------------------------------------------------------
const MT = {
  type: offsetOf(ofp_match, 'type'), length: offsetOf(ofp_match, 'length'), fields: offsetOf(ofp_match, 'oxm_fields'),
  align: ofp_match.layout.align ?? 0,
};
if (MT.align !== 8) throw new Error('writers: 1.3 ofp_match is expected to pad to 8');

/** Start an OXM match at out.pos; append oxm13* TLVs, then endMatch13(out, start). */
export function beginMatch13(out: OutBuffer): number {
  out.ensure(MT.fields);
  const at = out.pos;
  w16(out.buf, at + MT.type, OFPMT.OXM);
  w16(out.buf, at + MT.length, MT.fields);
  out.pos = at + MT.fields;
  return at;
}
/** Patch the match length (unpadded) and append zero padding to 8 bytes. */
export function endMatch13(out: OutBuffer, start: number): void {
  w16(out.buf, start + MT.length, out.pos - start);
  padTo(out, start, MT.align);
}

function field(name: string, width: number): number {
  const f = OXM_FIELD[name];
  if (f === undefined || OXM_WIDTH[f] !== width) throw new Error(`writers: OXM ${name} is not a ${width}-byte field in the schema`);
  return f;
}
const F = {
  IN_PORT: field('IN_PORT', 4), METADATA: field('METADATA', 8), ETH_DST: field('ETH_DST', 6), ETH_SRC: field('ETH_SRC', 6),
  ETH_TYPE: field('ETH_TYPE', 2), VLAN_VID: field('VLAN_VID', 2), VLAN_PCP: field('VLAN_PCP', 1), IP_DSCP: field('IP_DSCP', 1),
  IP_PROTO: field('IP_PROTO', 1), IPV4_SRC: field('IPV4_SRC', 4), IPV4_DST: field('IPV4_DST', 4), TCP_SRC: field('TCP_SRC', 2),
  TCP_DST: field('TCP_DST', 2), UDP_SRC: field('UDP_SRC', 2), UDP_DST: field('UDP_DST', 2), ARP_OP: field('ARP_OP', 2),
  ARP_SPA: field('ARP_SPA', 4), ARP_TPA: field('ARP_TPA', 4), IPV6_SRC: field('IPV6_SRC', 16), IPV6_DST: field('IPV6_DST', 16),
  ICMPV4_TYPE: field('ICMPV4_TYPE', 1), ICMPV4_CODE: field('ICMPV4_CODE', 1), TUNNEL_ID: field('TUNNEL_ID', 8),
};
/** OpenFlow-basic field codes for oxm13Uint / oxm13Bytes. */
export const OXM13 = F;
/** OFPVID_PRESENT: set in VLAN_VID values that match a tagged frame. */
export const OFPVID_PRESENT = 0x1000;

/** The 32-bit header of an OpenFlow-basic OXM TLV: class, field, has-mask bit, payload length (doubled when masked). */
export function oxmWord(f: number, width: number, masked: boolean): number {
  return ((OFPXMC.OPENFLOW_BASIC << 16) | (f << 9) | (masked ? 0x100 : 0) | (masked ? 2 * width : width)) >>> 0;
}

/** Append an OXM TLV header and return the value offset. */
function oxmHead(out: OutBuffer, f: number, width: number, masked: boolean): number {
  const n = masked ? 2 * width : width;
  out.ensure(OXM_HEADER + n);
  const at = out.pos;
  w32(out.buf, at, oxmWord(f, width, masked));
  out.pos = at + OXM_HEADER + n;
  return at + OXM_HEADER;
}

/**
 * A basic field of width 1, 2, 3 or 4 bytes with a numeric value; `mask` -1
 * (default) writes no mask.
 */
export function oxm13Uint(out: OutBuffer, f: number, value: number, mask = -1): void {
  const w = OXM_WIDTH[f]!;
  if (w < 1 || w > 4) throw new RangeError(`writers: OXM field ${f} is ${w} bytes, not 1-4`);
  const v = oxmHead(out, f, w, mask >= 0);
  const lim = w === 4 ? 0xffffffff : (1 << (8 * w)) - 1;
  out.buf.writeUIntBE((value & lim) >>> 0, v, w);
  if (mask >= 0) out.buf.writeUIntBE((mask & lim) >>> 0, v + w, w);
}
/** A basic field whose value (and mask, unless maskSrc is null) is copied from buffers (MACs, IPv6, ...). */
export function oxm13Bytes(out: OutBuffer, f: number, src: Buffer, off: number, maskSrc: Buffer | null = null, maskOff = 0): void {
  const w = OXM_WIDTH[f]!;
  if (w === 0) throw new RangeError(`writers: OXM field ${f} has no known width`);
  const v = oxmHead(out, f, w, maskSrc !== null);
  copyBytes(src, off, w, out.buf, v);
  if (maskSrc) copyBytes(maskSrc, maskOff, w, out.buf, v + w);
}

export function oxm13InPort(out: OutBuffer, port: number): void {
  w32(out.buf, oxmHead(out, F.IN_PORT, 4, false), port >>> 0);
}
/** eth_dst copied from src[off, off+6) (e.g. a PACKET_IN frame), optionally masked. */
export function oxm13EthDst(out: OutBuffer, src: Buffer, off: number, maskSrc: Buffer | null = null, maskOff = 0): void {
  oxm13Bytes(out, F.ETH_DST, src, off, maskSrc, maskOff);
}
export function oxm13EthSrc(out: OutBuffer, src: Buffer, off: number, maskSrc: Buffer | null = null, maskOff = 0): void {
  oxm13Bytes(out, F.ETH_SRC, src, off, maskSrc, maskOff);
}
export function oxm13EthType(out: OutBuffer, ethType: number): void {
  w16(out.buf, oxmHead(out, F.ETH_TYPE, 2, false), ethType);
}
/** VLAN_VID (include OFPVID_PRESENT for tagged frames), optional mask. */
export function oxm13VlanVid(out: OutBuffer, vid: number, mask = -1): void { oxm13Uint(out, F.VLAN_VID, vid, mask); }
export function oxm13VlanPcp(out: OutBuffer, pcp: number): void { oxm13Uint(out, F.VLAN_PCP, pcp); }
export function oxm13IpDscp(out: OutBuffer, dscp: number): void { oxm13Uint(out, F.IP_DSCP, dscp); }
export function oxm13IpProto(out: OutBuffer, proto: number): void {
  out.buf[oxmHead(out, F.IP_PROTO, 1, false)] = proto;
}
/** IPv4 source as a u32, optional u32 mask (-1: none). */
export function oxm13Ipv4Src(out: OutBuffer, addr: number, mask = -1): void { oxm13Uint(out, F.IPV4_SRC, addr, mask === -1 ? -1 : mask >>> 0); }
export function oxm13Ipv4Dst(out: OutBuffer, addr: number, mask = -1): void { oxm13Uint(out, F.IPV4_DST, addr, mask === -1 ? -1 : mask >>> 0); }
export function oxm13TcpSrc(out: OutBuffer, port: number): void { w16(out.buf, oxmHead(out, F.TCP_SRC, 2, false), port); }
export function oxm13TcpDst(out: OutBuffer, port: number): void { w16(out.buf, oxmHead(out, F.TCP_DST, 2, false), port); }
export function oxm13UdpSrc(out: OutBuffer, port: number): void { w16(out.buf, oxmHead(out, F.UDP_SRC, 2, false), port); }
export function oxm13UdpDst(out: OutBuffer, port: number): void { w16(out.buf, oxmHead(out, F.UDP_DST, 2, false), port); }
/** METADATA or TUNNEL_ID style 64-bit fields (bigint), optional mask. */
export function oxm13Uint64(out: OutBuffer, f: number, value: bigint, mask: bigint | null = null): void {
  if (OXM_WIDTH[f] !== 8) throw new RangeError(`writers: OXM field ${f} is not 8 bytes`);
  const v = oxmHead(out, f, 8, mask !== null);
  writeU64(out.buf, value, v);
  if (mask !== null) writeU64(out.buf, mask, v + 8);
}

// ---- FLOW_MOD ----------------------------------------------------------------------------
/** FLOW_MOD fields for the 1.3 writers, allocated once and mutated per call; u64s kept as u32 halves (see WithCookie). */
export class FlowMod13Params extends WithCookie {
  xid = 0;
  cookieMaskHi = 0;
  cookieMaskLo = 0;
  tableId = 0;
  /** OFPFC_ADD 0, MODIFY 1, MODIFY_STRICT 2, DELETE 3, DELETE_STRICT 4. */
  command = 0;
  idleTimeout = 0;
  hardTimeout = 0;
  priority = 0x8000;
  bufferId = 0xffffffff;
  outPort = 0xffffffff;
  outGroup = 0xffffffff;
  flags = 0;
  get cookieMask(): bigint {
    return u64Of(this.cookieMaskHi, this.cookieMaskLo);
  }
  set cookieMask(v: bigint) {
    this.cookieMaskHi = u64Hi(v);
    this.cookieMaskLo = u64Lo(v);
  }
}
/** A parameter object to allocate once and reuse (ADD to table 0, priority 0x8000, no buffer, any port/group). */
export function flowMod13Params(): FlowMod13Params {
  return new FlowMod13Params();
}
const FM = {
  type: fixedOf(ofp_flow_mod, 'type'), cookie: offsetOf(ofp_flow_mod, 'cookie'), cookieMask: offsetOf(ofp_flow_mod, 'cookie_mask'),
  tableId: offsetOf(ofp_flow_mod, 'table_id'), command: offsetOf(ofp_flow_mod, 'command'), idle: offsetOf(ofp_flow_mod, 'idle_timeout'),
  hard: offsetOf(ofp_flow_mod, 'hard_timeout'), priority: offsetOf(ofp_flow_mod, 'priority'), bufferId: offsetOf(ofp_flow_mod, 'buffer_id'),
  outPort: offsetOf(ofp_flow_mod, 'out_port'), outGroup: offsetOf(ofp_flow_mod, 'out_group'), flags: offsetOf(ofp_flow_mod, 'flags'),
  match: offsetOf(ofp_flow_mod, 'match'),
};
if (prefixSize(ofp_flow_mod, 48) !== FM.match) throw new Error('writers: 1.3 ofp_flow_mod prefix');
/** Only the pads need zeroing: every other byte of the fixed part is a field written below. */
const FM_PADS = padRanges(ofp_flow_mod);

/** FLOW_MOD header and fixed fields. Then: beginMatch13 ... endMatch13, instructions, endMessage(out, start). */
export function beginFlowMod13(out: OutBuffer, p: FlowMod13Params, wire = V): number {
  const at = beginMessage(out, wire, FM.type, p.xid, FM.match);
  const b = out.buf;
  for (let i = 0; i < FM_PADS.length; i += 2) zeroBytes(out, at + FM_PADS[i]!, FM_PADS[i + 1]!);
  w32(b, at + FM.cookie, p.cookieHi);
  w32(b, at + FM.cookie + 4, p.cookieLo);
  w32(b, at + FM.cookieMask, p.cookieMaskHi);
  w32(b, at + FM.cookieMask + 4, p.cookieMaskLo);
  b[at + FM.tableId] = p.tableId;
  b[at + FM.command] = p.command;
  w16(b, at + FM.idle, p.idleTimeout);
  w16(b, at + FM.hard, p.hardTimeout);
  w16(b, at + FM.priority, p.priority);
  w32(b, at + FM.bufferId, p.bufferId >>> 0);
  w32(b, at + FM.outPort, p.outPort >>> 0);
  w32(b, at + FM.outGroup, p.outGroup >>> 0);
  w16(b, at + FM.flags, p.flags);
  out.pos = at + FM.match;
  return at;
}

/** OFPTT_ALL: every table (a FLOW_MOD DELETE's table_id). */
export const OFPTT_ALL = 0xff;
const DELETE_ALL = Object.assign(flowMod13Params(), { tableId: OFPTT_ALL, command: OFPFC.DELETE, outPort: OFPP.ANY, outGroup: OFPG.ANY });
/** FLOW_MOD DELETE of every flow in every table: empty match, out_port/out_group ANY, no instructions (a complete message). */
export function flowModDeleteAll13(out: OutBuffer, xid: number, wire = V): number {
  DELETE_ALL.xid = xid;
  const at = beginFlowMod13(out, DELETE_ALL, wire);
  endMatch13(out, beginMatch13(out));
  endMessage(out, at);
  return at;
}

// ---- instructions ------------------------------------------------------------------------
interface TL { code: number; type: number; len: number; size: number }
function tl(def: StructDef, size?: number): TL {
  return { code: fixedOf(def, 'type'), type: offsetOf(def, 'type'), len: offsetOf(def, 'len'), size: prefixSize(def, size) };
}
/** Write a type/len element of `t.size` bytes (body zeroed) at out.pos; return its start. */
function beginTL(out: OutBuffer, t: TL): number {
  const at = zeroFixed(out, t.size);
  w16(out.buf, at + t.type, t.code);
  w16(out.buf, at + t.len, t.size);
  return at;
}
/** Patch the u16 `len` at start+lenAt with what was written since start. */
function endTL(out: OutBuffer, start: number, lenAt: number): void {
  w16(out.buf, start + lenAt, out.pos - start);
}

const I_APPLY = tl(ofp_instruction_apply_actions, 8);
const I_WRITE = tl(ofp_instruction_write_actions, 8);
const I_CLEAR = tl(ofp_instruction_clear_actions, 8);
const I_GOTO = { ...tl(ofp_instruction_goto_table, 8), table: offsetOf(ofp_instruction_goto_table, 'table_id') };
const I_METER = { ...tl(ofp_instruction_meter, 8), meter: offsetOf(ofp_instruction_meter, 'meter_id') };
const I_META = { ...tl(ofp_instruction_write_metadata, 24), md: offsetOf(ofp_instruction_write_metadata, 'metadata'), mask: offsetOf(ofp_instruction_write_metadata, 'metadata_mask') };

/** OFPIT_APPLY_ACTIONS: append actions, then endInstruction13(out, start). */
export function beginApplyActions13(out: OutBuffer): number { return beginTL(out, I_APPLY); }
/** OFPIT_WRITE_ACTIONS: append actions, then endInstruction13(out, start). */
export function beginWriteActions13(out: OutBuffer): number { return beginTL(out, I_WRITE); }
export function endInstruction13(out: OutBuffer, start: number): void { endTL(out, start, I_APPLY.len); }
export function instructionClearActions13(out: OutBuffer): void { beginTL(out, I_CLEAR); }
export function instructionGotoTable13(out: OutBuffer, tableId: number): void { out.buf[beginTL(out, I_GOTO) + I_GOTO.table] = tableId; }
export function instructionMeter13(out: OutBuffer, meterId: number): void { w32(out.buf, beginTL(out, I_METER) + I_METER.meter, meterId >>> 0); }
export function instructionWriteMetadata13(out: OutBuffer, metadata: bigint, mask: bigint): void {
  const at = beginTL(out, I_META);
  writeU64(out.buf, metadata, at + I_META.md);
  writeU64(out.buf, mask, at + I_META.mask);
}

// ---- actions ------------------------------------------------------------------------------
const A_OUT = { ...tl(ofp_action_output, 16), port: offsetOf(ofp_action_output, 'port'), maxLen: offsetOf(ofp_action_output, 'max_len') };
/** OFPAT_OUTPUT (max_len: bytes to send to the controller; 0xffff = OFPCML_NO_BUFFER, the whole packet). */
export function action13Output(out: OutBuffer, port: number, maxLen = 0): void {
  const at = beginTL(out, A_OUT);
  w32(out.buf, at + A_OUT.port, port >>> 0);
  w16(out.buf, at + A_OUT.maxLen, maxLen);
}
const A_GROUP = { ...tl(ofp_action_group, 8), id: offsetOf(ofp_action_group, 'group_id') };
export function action13Group(out: OutBuffer, groupId: number): void { w32(out.buf, beginTL(out, A_GROUP) + A_GROUP.id, groupId >>> 0); }
const A_QUEUE = { ...tl(ofp_action_set_queue, 8), id: offsetOf(ofp_action_set_queue, 'queue_id') };
export function action13SetQueue(out: OutBuffer, queueId: number): void { w32(out.buf, beginTL(out, A_QUEUE) + A_QUEUE.id, queueId >>> 0); }
const A_PUSH_VLAN = { ...tl(ofp_action_push_vlan, 8), eth: offsetOf(ofp_action_push_vlan, 'ethertype') };
export function action13PushVlan(out: OutBuffer, ethertype = 0x8100): void { w16(out.buf, beginTL(out, A_PUSH_VLAN) + A_PUSH_VLAN.eth, ethertype); }
const A_POP_VLAN = tl(ofp_action_pop_vlan, 8);
export function action13PopVlan(out: OutBuffer): void { beginTL(out, A_POP_VLAN); }
const A_DEC_TTL = tl(ofp_action_dec_nw_ttl, 8);
export function action13DecNwTtl(out: OutBuffer): void { beginTL(out, A_DEC_TTL); }
const A_NW_TTL = { ...tl(ofp_action_nw_ttl, 8), ttl: offsetOf(ofp_action_nw_ttl, 'nw_ttl') };
export function action13SetNwTtl(out: OutBuffer, ttl: number): void { out.buf[beginTL(out, A_NW_TTL) + A_NW_TTL.ttl] = ttl; }
const A_SET_FIELD = { code: fixedOf(ofp_action_set_field, 'type'), type: offsetOf(ofp_action_set_field, 'type'), len: offsetOf(ofp_action_set_field, 'len'), size: offsetOf(ofp_action_set_field, 'field') };
/** OFPAT_SET_FIELD: append exactly one oxm13* TLV (unmasked), then endSetField13(out, start). */
export function beginSetField13(out: OutBuffer): number {
  out.ensure(A_SET_FIELD.size);
  const at = out.pos;
  w16(out.buf, at + A_SET_FIELD.type, A_SET_FIELD.code);
  out.pos = at + A_SET_FIELD.size;
  return at;
}
/** Pad the set-field action to 8 bytes and patch its len (which counts the padding). */
export function endSetField13(out: OutBuffer, start: number): void {
  padTo(out, start, 8);
  endTL(out, start, A_SET_FIELD.len);
}

// ---- FLOW_MOD in one call ----------------------------------------------------------------
/** What flowMod13 reads: the fixed fields, the table and the outputs (the controller's FlowMod has this shape). */
export interface FlowMod13Spec extends FlowModFixed, FlowModOutputs {
  tableId: number;
}

// flowMod13 writes these elements with whole-word stores: check the layouts it assumes
if (MT.type !== 0 || MT.length !== 2 || MT.fields !== 4) throw new Error('writers: 1.3 ofp_match is not type, length, fields');
if (I_APPLY.type !== 0 || I_APPLY.len !== 2 || I_APPLY.size !== 8) throw new Error('writers: 1.3 apply-actions instruction layout');
if (A_OUT.type !== 0 || A_OUT.len !== 2 || A_OUT.port !== 4 || A_OUT.maxLen !== 8 || A_OUT.size !== 16) throw new Error('writers: 1.3 output action layout');
if (FM.cookieMask !== FM.cookie + 8 || FM.outGroup !== FM.outPort + 4 || FM.flags + 2 !== FM.match - 2) throw new Error('writers: 1.3 ofp_flow_mod fixed part layout');
const OXM_IN_PORT = oxmWord(F.IN_PORT, 4, false);
const OXM_ETH_DST = oxmWord(F.ETH_DST, 6, false);
const OXM_ETH_SRC = oxmWord(F.ETH_SRC, 6, false);
const OXM_ETH_TYPE = oxmWord(F.ETH_TYPE, 2, false);

/**
 * A whole 1.3 FLOW_MOD in one call, the fast path for flows described by
 * objects (the controller's FlowMod): fixed fields (cookie_mask 0,
 * out_group ANY), an OXM match of the fields set in `m` (in_port, eth_dst,
 * eth_src, eth_type, in that order), then, if there are outputs, one
 * APPLY_ACTIONS instruction with an OFPAT_OUTPUT per port. Same bytes as
 * beginFlowMod13 + beginMatch13 + oxm13* + endMatch13 + beginApplyActions13 +
 * action13Output + endInstruction13 + endMessage, with no intermediate
 * buffer for the MACs and every byte (pads included) written once.
 */
export function flowMod13(out: OutBuffer, xid: number, f: FlowMod13Spec, m: MatchFields, wire = V): number {
  const inPort = m.inPort, dst = m.ethDst, src = m.ethSrc, type = m.ethType;
  const n = f.nOutputs;
  const matchLen = MT.fields + (inPort >= 0 ? 8 : 0) + (dst >= 0 ? 10 : 0) + (src >= 0 ? 10 : 0) + (type >= 0 ? 6 : 0);
  const matchSize = (matchLen + 7) & ~7;
  const size = FM.match + matchSize + (n > 0 ? I_APPLY.size + n * A_OUT.size : 0);
  out.ensure(size);
  const d = out.view();
  const at = out.pos;
  d.setUint32(at, (wire << 24) | (FM.type << 16) | size);
  d.setUint32(at + HEADER.xid, xid >>> 0);
  d.setUint32(at + FM.cookie, f.cookieHi);
  d.setUint32(at + FM.cookie + 4, f.cookieLo);
  d.setFloat64(at + FM.cookieMask, 0);
  d.setUint8(at + FM.tableId, f.tableId);
  d.setUint8(at + FM.command, f.command);
  d.setUint16(at + FM.idle, f.idleTimeout);
  d.setUint16(at + FM.hard, f.hardTimeout);
  d.setUint16(at + FM.priority, f.priority);
  d.setUint32(at + FM.bufferId, f.bufferId >>> 0);
  d.setUint32(at + FM.outPort, f.outPort >>> 0);
  d.setUint32(at + FM.outGroup, OFPG.ANY >>> 0);
  d.setUint32(at + FM.flags, f.flags << 16); // flags, then the 2-byte pad
  const mt = at + FM.match;
  d.setFloat64(mt + matchSize - 8, 0); // the match's padding (fields below overwrite what is not pad)
  d.setUint32(mt, (OFPMT.OXM << 16) | matchLen);
  let o = mt + MT.fields;
  if (inPort >= 0) { d.setUint32(o, OXM_IN_PORT); d.setUint32(o + 4, inPort >>> 0); o += 8; }
  if (dst >= 0) { d.setUint32(o, OXM_ETH_DST); storeMac48(d, o + 4, dst); o += 10; }
  if (src >= 0) { d.setUint32(o, OXM_ETH_SRC); storeMac48(d, o + 4, src); o += 10; }
  if (type >= 0) { d.setUint32(o, OXM_ETH_TYPE); d.setUint16(o + 4, type); }
  let a = mt + matchSize;
  if (n > 0) {
    d.setUint32(a, (I_APPLY.code << 16) | (I_APPLY.size + n * A_OUT.size));
    d.setUint32(a + 4, 0);
    a += I_APPLY.size;
    const ports = f.outputs, maxLen = f.maxLen;
    for (let i = 0; i < n; i++, a += A_OUT.size) {
      d.setUint32(a, (A_OUT.code << 16) | A_OUT.size);
      d.setUint32(a + A_OUT.port, ports[i]! >>> 0);
      d.setUint32(a + A_OUT.maxLen, maxLen << 16); // max_len, then 6 pad bytes
      d.setUint32(a + A_OUT.maxLen + 4, 0);
    }
  }
  out.pos = at + size;
  return at;
}

// ---- PACKET_OUT --------------------------------------------------------------------------
const PO = {
  type: fixedOf(ofp_packet_out, 'type'), bufferId: offsetOf(ofp_packet_out, 'buffer_id'), inPort: offsetOf(ofp_packet_out, 'in_port'),
  actionsLen: offsetOf(ofp_packet_out, 'actions_len'), actions: offsetOf(ofp_packet_out, 'actions'),
};
if (prefixSize(ofp_packet_out, 24) !== PO.actions) throw new Error('writers: 1.3 ofp_packet_out prefix');
/** PACKET_OUT header and fixed fields; append actions, then endPacketOut13. */
export function beginPacketOut13(out: OutBuffer, xid: number, bufferId: number, inPort: number, wire = V): number {
  const at = beginMessage(out, wire, PO.type, xid, PO.actions);
  zeroBytes(out, at + HS, (at + PO.actions) - (at + HS));
  w32(out.buf, at + PO.bufferId, bufferId >>> 0);
  w32(out.buf, at + PO.inPort, inPort >>> 0);
  out.pos = at + PO.actions;
  return at;
}
/** Patch actions_len, append data copied from src[off, off+len) (src null: none), patch the length. */
export function endPacketOut13(out: OutBuffer, start: number, src: Buffer | null = null, off = 0, len = 0): number {
  w16(out.buf, start + PO.actionsLen, out.pos - start - PO.actions);
  if (src) copyIn(out, src, off, len);
  return endMessage(out, start);
}

// ---- GROUP_MOD ---------------------------------------------------------------------------
const GM = {
  type: fixedOf(ofp_group_mod, 'type'), command: offsetOf(ofp_group_mod, 'command'), groupType: offsetOf(ofp_group_mod, 'group_type'),
  groupId: offsetOf(ofp_group_mod, 'group_id'), buckets: offsetOf(ofp_group_mod, 'buckets'),
};
if (prefixSize(ofp_group_mod, 16) !== GM.buckets) throw new Error('writers: 1.3 ofp_group_mod prefix');
/** GROUP_MOD header and fixed fields; append buckets (beginBucket13 ... endBucket13), then endMessage. */
export function beginGroupMod13(out: OutBuffer, xid: number, command: number, groupType: number, groupId: number): number {
  const at = beginMessage(out, V, GM.type, xid, GM.buckets);
  zeroBytes(out, at + HS, (at + GM.buckets) - (at + HS));
  w16(out.buf, at + GM.command, command);
  out.buf[at + GM.groupType] = groupType;
  w32(out.buf, at + GM.groupId, groupId >>> 0);
  out.pos = at + GM.buckets;
  return at;
}
const BK = {
  len: offsetOf(ofp_bucket, 'len'), weight: offsetOf(ofp_bucket, 'weight'), watchPort: offsetOf(ofp_bucket, 'watch_port'),
  watchGroup: offsetOf(ofp_bucket, 'watch_group'), size: offsetOf(ofp_bucket, 'actions'),
};
/** A bucket; append its actions, then endBucket13(out, start). */
export function beginBucket13(out: OutBuffer, weight: number, watchPort = 0xffffffff, watchGroup = 0xffffffff): number {
  const at = zeroFixed(out, BK.size);
  w16(out.buf, at + BK.weight, weight);
  w32(out.buf, at + BK.watchPort, watchPort >>> 0);
  w32(out.buf, at + BK.watchGroup, watchGroup >>> 0);
  return at;
}
export function endBucket13(out: OutBuffer, start: number): void { endTL(out, start, BK.len); }

// ---- METER_MOD ---------------------------------------------------------------------------
const MM = {
  type: fixedOf(ofp_meter_mod, 'type'), command: offsetOf(ofp_meter_mod, 'command'), flags: offsetOf(ofp_meter_mod, 'flags'),
  meterId: offsetOf(ofp_meter_mod, 'meter_id'), bands: offsetOf(ofp_meter_mod, 'bands'),
};
/** METER_MOD header and fixed fields; append bands (meterBand*13), then endMessage. */
export function beginMeterMod13(out: OutBuffer, xid: number, command: number, flags: number, meterId: number): number {
  const at = beginMessage(out, V, MM.type, xid, MM.bands);
  w16(out.buf, at + MM.command, command);
  w16(out.buf, at + MM.flags, flags);
  w32(out.buf, at + MM.meterId, meterId >>> 0);
  out.pos = at + MM.bands;
  return at;
}
const B_DROP = { ...tl(ofp_meter_band_drop, 16), rate: offsetOf(ofp_meter_band_drop, 'rate'), burst: offsetOf(ofp_meter_band_drop, 'burst_size') };
const B_DSCP = { ...tl(ofp_meter_band_dscp_remark, 16), rate: offsetOf(ofp_meter_band_dscp_remark, 'rate'), burst: offsetOf(ofp_meter_band_dscp_remark, 'burst_size'), prec: offsetOf(ofp_meter_band_dscp_remark, 'prec_level') };
export function meterBandDrop13(out: OutBuffer, rate: number, burstSize: number): void {
  const at = beginTL(out, B_DROP);
  w32(out.buf, at + B_DROP.rate, rate >>> 0);
  w32(out.buf, at + B_DROP.burst, burstSize >>> 0);
}
export function meterBandDscpRemark13(out: OutBuffer, rate: number, burstSize: number, precLevel: number): void {
  const at = beginTL(out, B_DSCP);
  w32(out.buf, at + B_DSCP.rate, rate >>> 0);
  w32(out.buf, at + B_DSCP.burst, burstSize >>> 0);
  out.buf[at + B_DSCP.prec] = precLevel;
}

// ---- MULTIPART_REQUEST -------------------------------------------------------------------
const MP = {
  type: fixedOf(ofp_multipart_request_header, 'type'), mpType: offsetOf(ofp_multipart_request_header, 'multipart_type'),
  flags: offsetOf(ofp_multipart_request_header, 'flags'), body: offsetOf(ofp_multipart_request_header, 'body'),
};
/** A MULTIPART_REQUEST header (type OFPMP_*); with no body for DESC, TABLE, PORT_DESC, GROUP_DESC, *_FEATURES. */
export function multipartRequest13(out: OutBuffer, xid: number, mpType: number, flags = 0, wire = V): number {
  const at = beginMessage(out, wire, MP.type, xid, MP.body);
  zeroBytes(out, at + HS, (at + MP.body) - (at + HS));
  w16(out.buf, at + MP.mpType, mpType);
  w16(out.buf, at + MP.flags, flags);
  out.pos = at + MP.body;
  return at;
}
export function portDescRequest13(out: OutBuffer, xid: number, wire = V): number { return multipartRequest13(out, xid, OFPMP.PORT_DESC, 0, wire); }

const PSR = { port: offsetOf(ofp_port_stats_request, 'port_no'), size: fixedSize(ofp_port_stats_request, 8), mpType: fixedOf(structIn(multipartVariants, 'ofp_multipart_request_port_stats'), 'multipart_type') };
/** OFPMP_PORT_STATS request for one port (OFPP_ANY: all). */
export function portStatsRequest13(out: OutBuffer, xid: number, portNo: number): number {
  const at = multipartRequest13(out, xid, PSR.mpType);
  const b = zeroFixed(out, PSR.size);
  w32(out.buf, b + PSR.port, portNo >>> 0);
  endMessage(out, at);
  return at;
}

const FSR = {
  tableId: offsetOf(ofp_flow_stats_request, 'table_id'), outPort: offsetOf(ofp_flow_stats_request, 'out_port'),
  outGroup: offsetOf(ofp_flow_stats_request, 'out_group'), cookie: offsetOf(ofp_flow_stats_request, 'cookie'),
  cookieMask: offsetOf(ofp_flow_stats_request, 'cookie_mask'), match: offsetOf(ofp_flow_stats_request, 'match'),
  flow: fixedOf(structIn(multipartVariants, 'ofp_multipart_request_flow'), 'multipart_type'),
  aggregate: fixedOf(structIn(multipartVariants, 'ofp_multipart_request_aggregate'), 'multipart_type'),
};
/**
 * OFPMP_FLOW (or OFPMP_AGGREGATE) request: fixed fields written here; then
 * beginMatch13 ... endMatch13 and endMessage(out, start).
 */
export function beginFlowStatsRequest13(out: OutBuffer, xid: number, tableId = 0xff, outPort = 0xffffffff, outGroup = 0xffffffff,
  cookie = 0n, cookieMask = 0n, aggregate = false): number {
  const at = multipartRequest13(out, xid, aggregate ? FSR.aggregate : FSR.flow);
  const b = zeroFixed(out, FSR.match);
  out.buf[b + FSR.tableId] = tableId;
  w32(out.buf, b + FSR.outPort, outPort >>> 0);
  w32(out.buf, b + FSR.outGroup, outGroup >>> 0);
  writeU64(out.buf, cookie, b + FSR.cookie);
  writeU64(out.buf, cookieMask, b + FSR.cookieMask);
  return at;
}
