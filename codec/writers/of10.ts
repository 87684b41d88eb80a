/**
 * OpenFlow 1.0 writers. Each appends one message to an OutBuffer at `pos`,
 * writing the header and every field at offsets taken from
 * codec/of10/schema.ts at module load, and back-patches the lengths.
 *
 * Messages with a variable part are written in steps, with no intermediate
 * objects:
 *
 *   const at = beginFlowMod10(out, p);          // header + all-wildcard match + fixed fields
 *   match10InPort(out, at, 3);                   // optional match fields (clear their wildcard bits)
 *   match10DlDst(out, at, pkt.buf, pkt.dataOffset);
 *   action10Output(out, 1, 0);                   // actions, appended in order
 *   endMessage(out, at);                         // back-patch ofp_header.length
 *
 *   const at = beginPacketOut10(out, xid, bufferId, inPort);
 *   action10Output(out, port, 0);
 *   endPacketOut10(out, at, data, dataOff, dataLen);   // data may be null
 *
 * `p` parameter objects (FlowMod10Params) are meant to be allocated once and
 * mutated per call.
 */
import {
  ofp_action_dl_addr, ofp_action_enqueue, ofp_action_header, ofp_action_nw_addr, ofp_action_nw_tos, ofp_action_output,
  ofp_action_strip_vlan, ofp_action_tp_port, ofp_action_vlan_pcp, ofp_action_vlan_vid, ofp_flow_mod,
  ofp_hello, ofp_match, ofp_packet_out, ofp_port_stats_request_msg, ofp_stats_request_header,
  ofp_action_set_dl_src, ofp_action_set_dl_dst, ofp_action_set_nw_src, ofp_action_set_nw_dst, ofp_action_set_tp_src,
  ofp_action_set_tp_dst, ofp_port_stats_request,
} from '../of10/schema.js';
import { OFP10_VERSION, OFPFC, OFPFW, OFPP, OFPT } from '../of10/enums.js';
import type { StructDef } from '../schema/types.js';
import { fixedOf, fixedSize, headerOffsets, offsetOf, prefixSize, sizeOf } from '../views/common.js';
import { r32, w16, w32 } from '../views/bytes.js';
import { beginMessage, endMessage } from './header.js';
import { ERROR_DATA_MAX, errorMessage, setConfigMessage } from './same-layout.js';
import { port32To10 } from '../views/ports.js';
import type { FlowModFixed, FlowModOutputs, MatchFields } from './flow-mod-spec.js';
import { HEADER } from '../views/frame.js';
import { OutBuffer, WithCookie, copyBytes, copyIn, storeMac48, zeroBytes } from './out.js';

export { beginMessage, endMessage } from './header.js';

const H = headerOffsets(ofp_hello);
const HS = H.size;

function headerOnly(out: OutBuffer, type: number, xid: number): number {
  const at = beginMessage(out, OFP10_VERSION, type, xid, HS);
  return at;
}

export function hello10(out: OutBuffer, xid: number): number { return headerOnly(out, OFPT.HELLO, xid); }
export function featuresRequest10(out: OutBuffer, xid: number): number { return headerOnly(out, OFPT.FEATURES_REQUEST, xid); }
export function barrierRequest10(out: OutBuffer, xid: number): number { return headerOnly(out, OFPT.BARRIER_REQUEST, xid); }
export function getConfigRequest10(out: OutBuffer, xid: number): number { return headerOnly(out, OFPT.GET_CONFIG_REQUEST, xid); }

/** ECHO_REQUEST with payload src[off, off+len) (src may be null for none). */
export function echoRequest10(out: OutBuffer, xid: number, src: Buffer | null = null, off = 0, len = 0): number {
  const at = beginMessage(out, OFP10_VERSION, OFPT.ECHO_REQUEST, xid, HS + len);
  if (src) copyIn(out, src, off, len);
  endMessage(out, at);
  return at;
}

/** ECHO_REPLY echoing src[off, off+len) (a request's payload: view.buf, view.payloadOffset, view.payloadLength). */
export function echoReply10(out: OutBuffer, xid: number, src: Buffer | null = null, off = 0, len = 0): number {
  const at = beginMessage(out, OFP10_VERSION, OFPT.ECHO_REPLY, xid, HS + len);
  if (src) copyIn(out, src, off, len);
  endMessage(out, at);
  return at;
}

// ---- match -------------------------------------------------------------------

/** OFPFW_* wildcard bits (from the 1.0 schema's enums). */
export const OFPFW10 = OFPFW;

const MATCH_SIZE = fixedSize(ofp_match, 40);
const MAC_LEN = sizeOf(ofp_match, 'dl_src');
const M = {
  wildcards: offsetOf(ofp_match, 'wildcards'), in_port: offsetOf(ofp_match, 'in_port'), dl_src: offsetOf(ofp_match, 'dl_src'),
  dl_dst: offsetOf(ofp_match, 'dl_dst'), dl_vlan: offsetOf(ofp_match, 'dl_vlan'), dl_vlan_pcp: offsetOf(ofp_match, 'dl_vlan_pcp'),
  dl_type: offsetOf(ofp_match, 'dl_type'), nw_tos: offsetOf(ofp_match, 'nw_tos'), nw_proto: offsetOf(ofp_match, 'nw_proto'),
  nw_src: offsetOf(ofp_match, 'nw_src'), nw_dst: offsetOf(ofp_match, 'nw_dst'), tp_src: offsetOf(ofp_match, 'tp_src'),
  tp_dst: offsetOf(ofp_match, 'tp_dst'),
};

/** Write an all-wildcard match (every field zero) at buf[at]. */
function matchAll(out: OutBuffer, at: number): void {
  const b = out.buf;
  zeroBytes(out, at, MATCH_SIZE);
  w32(b, at + M.wildcards, OFPFW10.ALL);
}

// ---- FLOW_MOD ------------------------------------------------------------------

/** The fixed FLOW_MOD fields after the match, as the 1.0 writers read them (ports: 1.0 or 32-bit numbers, see port32To10). */
export type FlowMod10Fixed = FlowModFixed;

/** FLOW_MOD fields for the 1.0 writers: one object, allocated once and mutated per call (cookie: see WithCookie). */
export class FlowMod10Params extends WithCookie implements FlowMod10Fixed {
  xid = 0;
  /** OFPFC_ADD 0, MODIFY 1, MODIFY_STRICT 2, DELETE 3, DELETE_STRICT 4. */
  command = 0;
  idleTimeout = 0;
  hardTimeout = 0;
  priority = 0x8000;
  /** 0xffffffff for none. */
  bufferId = 0xffffffff;
  /** OFPP_NONE (0xffff) unless deleting by output port. */
  outPort = 0xffff;
  flags = 0;
}

/** A parameter object to allocate once and reuse (ADD, priority 0x8000, no buffer, no out port). */
export function flowMod10Params(): FlowMod10Params {
  return new FlowMod10Params();
}

const FM = {
  type: fixedOf(ofp_flow_mod, 'type'), match: offsetOf(ofp_flow_mod, 'match'), cookie: offsetOf(ofp_flow_mod, 'cookie'),
  command: offsetOf(ofp_flow_mod, 'command'), idle: offsetOf(ofp_flow_mod, 'idle_timeout'), hard: offsetOf(ofp_flow_mod, 'hard_timeout'),
  priority: offsetOf(ofp_flow_mod, 'priority'), bufferId: offsetOf(ofp_flow_mod, 'buffer_id'), outPort: offsetOf(ofp_flow_mod, 'out_port'),
  flags: offsetOf(ofp_flow_mod, 'flags'), actions: offsetOf(ofp_flow_mod, 'actions'), size: prefixSize(ofp_flow_mod, 72),
};
if (FM.actions !== FM.size) throw new Error('writers: ofp_flow_mod actions do not follow the fixed part');

/** FLOW_MOD header, all-wildcard match and fixed fields; append match fields and actions, then endMessage(out, start). */
export function beginFlowMod10(out: OutBuffer, p: FlowMod10Params): number {
  const at = beginMessage(out, OFP10_VERSION, FM.type, p.xid, FM.size);
  matchAll(out, at + FM.match);
  flowModFields(out, at, p);
  out.pos = at + FM.size;
  return at;
}

/** The fixed fields after the match. */
function flowModFields(out: OutBuffer, at: number, p: FlowMod10Fixed): void {
  const d = out.view();
  d.setUint32(at + FM.cookie, p.cookieHi);
  d.setUint32(at + FM.cookie + 4, p.cookieLo);
  d.setUint16(at + FM.command, p.command);
  d.setUint16(at + FM.idle, p.idleTimeout);
  d.setUint16(at + FM.hard, p.hardTimeout);
  d.setUint16(at + FM.priority, p.priority);
  d.setUint32(at + FM.bufferId, p.bufferId >>> 0);
  d.setUint16(at + FM.outPort, port32To10(p.outPort));
  d.setUint16(at + FM.flags, p.flags);
}

/** A whole FLOW_MOD for flowMod10 (the controller's FlowMod has this shape). */
export interface FlowMod10Spec extends FlowModFixed, FlowModOutputs {}

/**
 * A whole FLOW_MOD in one call, the fast path for flows described by
 * objects: fixed fields from `f`, the match from `m` (wildcard bits
 * computed), then the output actions. Port numbers may be 1.0 or 32-bit
 * (OpenFlow 1.3 numbering: reserved ports map down, port32To10). Same bytes
 * as beginFlowMod10 + match10* + action10Output + endMessage. The objects
 * are read directly (no copy into parameter objects: that copy measured
 * about a third of the cost of a FLOW_MOD).
 */
export function flowMod10(out: OutBuffer, xid: number, f: FlowMod10Spec, m: MatchFields): number {
  const n = f.nOutputs;
  const size = FM.size + n * A_OUT.size;
  // beginMessage, written out: this function is too big for V8 to inline it too (measured ~15% faster)
  out.ensure(size);
  const d = out.view();
  const at = out.pos;
  d.setUint32(at, (OFP10_VERSION << 24) | (FM.type << 16) | size);
  d.setUint32(at + HEADER.xid, xid >>> 0);
  // The 40-byte match as 32-bit words where fields share them (layout checked at load, see W below): each
  // store on this machine costs about as much as the arithmetic that packs two fields into one, so fewer
  // stores is faster (26 stores per FLOW_MOD before, 18 now; issue 16).
  const mt = at + FM.match;
  let wc = OFPFW10.ALL;
  const inPort = m.inPort, src = m.ethSrc, dst = m.ethDst, type = m.ethType;
  let w1 = 0, w2 = 0, w3 = 0, w4 = 0;
  if (inPort >= 0) { wc &= ~OFPFW10.IN_PORT; w1 = port32To10(inPort) << 16; }
  if (src >= 0) {
    // src = srcHi16 * 2^32 + srcLo32 (2^-32 is exact)
    wc &= ~OFPFW10.DL_SRC;
    const hi = Math.floor(src * 2.3283064365386963e-10);
    w1 |= hi;
    w2 = src - hi * 0x100000000;
  }
  if (dst >= 0) {
    // dst = dstHi32 * 2^16 + dstLo16
    wc &= ~OFPFW10.DL_DST;
    const hi = Math.floor(dst * 1.52587890625e-5);
    w3 = hi;
    w4 = (dst - hi * 0x10000) << 16; // dl_vlan (low half) stays 0
  }
  d.setUint32(mt + M.wildcards, 0); // rewritten below, once the wildcard bits are known
  d.setUint32(mt + W.inPortSrcHi, w1 >>> 0);
  d.setUint32(mt + W.srcLo, w2);
  d.setUint32(mt + W.dstHi, w3);
  d.setUint32(mt + W.dstLoVlan, w4 >>> 0);
  if (type >= 0) { wc &= ~OFPFW10.DL_TYPE; d.setUint32(mt + W.pcpType, type & 0xffff); } else d.setUint32(mt + W.pcpType, 0);
  d.setFloat64(mt + W.rest, 0); // nw_tos .. nw_src
  d.setFloat64(mt + W.rest + 8, 0); // nw_dst .. tp_dst
  d.setUint32(mt + M.wildcards, wc >>> 0);
  // fixed fields: cookie, then command|idle, hard|priority, buffer_id, out_port|flags
  d.setUint32(at + FM.cookie, f.cookieHi);
  d.setUint32(at + FM.cookie + 4, f.cookieLo);
  d.setUint32(at + FM.command, ((f.command << 16) | f.idleTimeout) >>> 0);
  d.setUint32(at + FM.hard, ((f.hardTimeout << 16) | f.priority) >>> 0);
  d.setUint32(at + FM.bufferId, f.bufferId >>> 0);
  d.setUint32(at + FM.outPort, ((port32To10(f.outPort) << 16) | f.flags) >>> 0);
  const ports = f.outputs, maxLen = f.maxLen;
  let a = at + FM.size;
  for (let i = 0; i < n; i++, a += A_OUT.size) {
    d.setUint32(a + A_OUT.type, (A_OUT.code << 16) | A_OUT.size);
    d.setUint32(a + A_OUT.port, ((port32To10(ports[i]!) << 16) | maxLen) >>> 0);
  }
  out.pos = a;
  return at;
}

/**
 * The 32-bit words flowMod10 writes the match and fixed fields in, from the
 * schema's offsets; checked here so a schema change cannot silently break
 * the packing (each word's fields must be adjacent, in this order).
 */
const W = {
  inPortSrcHi: M.in_port, srcLo: M.dl_src + 2, dstHi: M.dl_dst, dstLoVlan: M.dl_dst + 4, pcpType: M.dl_vlan_pcp, rest: M.nw_tos,
};
{
  const ok = M.dl_src === M.in_port + 2 && M.dl_dst === M.dl_src + MAC_LEN && M.dl_vlan === M.dl_dst + MAC_LEN
    && M.dl_vlan_pcp === M.dl_vlan + 2 && M.dl_type === M.dl_vlan_pcp + 2 && M.nw_tos === M.dl_type + 2
    && M.tp_dst + 2 === MATCH_SIZE && MATCH_SIZE - M.nw_tos === 16
    && FM.idle === FM.command + 2 && FM.hard === FM.idle + 2 && FM.priority === FM.hard + 2 && FM.bufferId === FM.priority + 2
    && FM.outPort === FM.bufferId + 4 && FM.flags === FM.outPort + 2;
  if (!ok) throw new Error('writers: ofp_match / ofp_flow_mod layout does not allow flowMod10\'s 32-bit stores');
}

const DELETE_ALL = Object.assign(flowMod10Params(), { command: OFPFC.DELETE, outPort: OFPP.NONE });
/** FLOW_MOD DELETE of every flow: all-wildcard match, out_port OFPP_NONE, no actions (a complete message). */
export function flowModDeleteAll10(out: OutBuffer, xid: number): number {
  DELETE_ALL.xid = xid;
  const at = beginFlowMod10(out, DELETE_ALL);
  endMessage(out, at);
  return at;
}

function clearWildcards(b: Buffer, m: number, bits: number): void {
  // only the low bytes hold single-bit wildcards (OFPFW_* < 2^8 here): clear them in place
  if (bits <= 0xff) b[m + M.wildcards + 3] = b[m + M.wildcards + 3]! & ~bits;
  else w32(b, m + M.wildcards, (r32(b, m + M.wildcards) & ~bits) >>> 0);
}

/* Match setters: `start` is the FLOW_MOD's start (from beginFlowMod10). */
export function match10InPort(out: OutBuffer, start: number, port: number): void {
  const m = start + FM.match; w16(out.buf, m + M.in_port, port); clearWildcards(out.buf, m, OFPFW10.IN_PORT);
}
/** dl_src copied from src[off, off+6) (e.g. a PACKET_IN's frame: buf, dataOffset + 6). */
export function match10DlSrc(out: OutBuffer, start: number, src: Buffer, off: number): void {
  const m = start + FM.match; copyBytes(src, off, MAC_LEN, out.buf, m + M.dl_src); clearWildcards(out.buf, m, OFPFW10.DL_SRC);
}
/** dl_dst copied from src[off, off+6) (e.g. a PACKET_IN's frame: buf, dataOffset). */
export function match10DlDst(out: OutBuffer, start: number, src: Buffer, off: number): void {
  const m = start + FM.match; copyBytes(src, off, MAC_LEN, out.buf, m + M.dl_dst); clearWildcards(out.buf, m, OFPFW10.DL_DST);
}
export function match10DlVlan(out: OutBuffer, start: number, vlan: number): void {
  const m = start + FM.match; w16(out.buf, m + M.dl_vlan, vlan); clearWildcards(out.buf, m, OFPFW10.DL_VLAN);
}
export function match10DlVlanPcp(out: OutBuffer, start: number, pcp: number): void {
  const m = start + FM.match; out.buf[m + M.dl_vlan_pcp] = pcp; clearWildcards(out.buf, m, OFPFW10.DL_VLAN_PCP);
}
export function match10DlType(out: OutBuffer, start: number, ethType: number): void {
  const m = start + FM.match; w16(out.buf, m + M.dl_type, ethType); clearWildcards(out.buf, m, OFPFW10.DL_TYPE);
}
export function match10NwTos(out: OutBuffer, start: number, tos: number): void {
  const m = start + FM.match; out.buf[m + M.nw_tos] = tos; clearWildcards(out.buf, m, OFPFW10.NW_TOS);
}
export function match10NwProto(out: OutBuffer, start: number, proto: number): void {
  const m = start + FM.match; out.buf[m + M.nw_proto] = proto; clearWildcards(out.buf, m, OFPFW10.NW_PROTO);
}
/** nw_src as a u32 address with a prefix length (32 = exact, 0 = any). */
export function match10NwSrc(out: OutBuffer, start: number, addr: number, prefixLen = 32): void {
  const m = start + FM.match; w32(out.buf, m + M.nw_src, addr >>> 0);
  const w = r32(out.buf, m + M.wildcards) & ~OFPFW10.NW_SRC_MASK;
  w32(out.buf, m + M.wildcards, (w | (Math.min(32, 32 - prefixLen) << OFPFW10.NW_SRC_SHIFT)) >>> 0);
}
export function match10NwDst(out: OutBuffer, start: number, addr: number, prefixLen = 32): void {
  const m = start + FM.match; w32(out.buf, m + M.nw_dst, addr >>> 0);
  const w = r32(out.buf, m + M.wildcards) & ~OFPFW10.NW_DST_MASK;
  w32(out.buf, m + M.wildcards, (w | (Math.min(32, 32 - prefixLen) << OFPFW10.NW_DST_SHIFT)) >>> 0);
}
export function match10TpSrc(out: OutBuffer, start: number, port: number): void {
  const m = start + FM.match; w16(out.buf, m + M.tp_src, port); clearWildcards(out.buf, m, OFPFW10.TP_SRC);
}
export function match10TpDst(out: OutBuffer, start: number, port: number): void {
  const m = start + FM.match; w16(out.buf, m + M.tp_dst, port); clearWildcards(out.buf, m, OFPFW10.TP_DST);
}
/** Set the raw wildcards word (after the setters, to wildcard more, or to set exactly). */
export function match10Wildcards(out: OutBuffer, start: number, wildcards: number): void {
  w32(out.buf, start + FM.match + M.wildcards, wildcards >>> 0);
}

// ---- actions -----------------------------------------------------------------
/* Each appends one action at out.pos; the type comes from the action struct's fixed value. */

interface ActionLayout { size: number; type: number; code: number; len: number }
function actionLayout(def: StructDef, size: number): ActionLayout {
  return { size: fixedSize(def, size), type: offsetOf(def, 'type'), code: fixedOf(def, 'type'), len: offsetOf(def, 'len') };
}
/** Write type and len of action `a` at out.pos, zero its body (pads); return its start. */
function beginAction(out: OutBuffer, a: ActionLayout): number {
  out.ensure(a.size);
  const at = out.pos;
  zeroBytes(out, at, a.size);
  const d = out.view();
  d.setUint16(at + a.type, a.code);
  d.setUint16(at + a.len, a.size);
  out.pos = at + a.size;
  return at;
}

const A_OUT = { ...actionLayout(ofp_action_output, 8), port: offsetOf(ofp_action_output, 'port'), maxLen: offsetOf(ofp_action_output, 'max_len') };
// flowMod10 writes an output action as two 32-bit stores: type|len, port|max_len
if (A_OUT.len !== A_OUT.type + 2 || A_OUT.port !== A_OUT.type + 4 || A_OUT.maxLen !== A_OUT.port + 2) throw new Error('writers: ofp_action_output fields are not where flowMod10 packs them');
/** OFPAT_OUTPUT to `port` (max_len: bytes to send when port is OFPP_CONTROLLER). */
export function action10Output(out: OutBuffer, port: number, maxLen = 0): void {
  const at = beginAction(out, A_OUT);
  const d = out.view();
  d.setUint16(at + A_OUT.port, port);
  d.setUint16(at + A_OUT.maxLen, maxLen);
}

const A_VID = { ...actionLayout(ofp_action_vlan_vid, 8), vid: offsetOf(ofp_action_vlan_vid, 'vlan_vid') };
export function action10SetVlanVid(out: OutBuffer, vid: number): void {
  w16(out.buf, beginAction(out, A_VID) + A_VID.vid, vid);
}
const A_PCP = { ...actionLayout(ofp_action_vlan_pcp, 8), pcp: offsetOf(ofp_action_vlan_pcp, 'vlan_pcp') };
export function action10SetVlanPcp(out: OutBuffer, pcp: number): void {
  out.buf[beginAction(out, A_PCP) + A_PCP.pcp] = pcp;
}
const A_STRIP = actionLayout(ofp_action_strip_vlan, 8);
export function action10StripVlan(out: OutBuffer): void {
  beginAction(out, A_STRIP);
}

const DL_ADDR = offsetOf(ofp_action_dl_addr, 'dl_addr');
const A_DL_SRC = actionLayout(ofp_action_set_dl_src, 16);
const A_DL_DST = actionLayout(ofp_action_set_dl_dst, 16);
if (offsetOf(ofp_action_set_dl_src, 'dl_addr') !== DL_ADDR || offsetOf(ofp_action_set_dl_dst, 'dl_addr') !== DL_ADDR) throw new Error('writers: dl_addr layouts differ');
/** OFPAT_SET_DL_SRC with the address copied from src[off, off+6). */
export function action10SetDlSrc(out: OutBuffer, src: Buffer, off: number): void {
  copyBytes(src, off, MAC_LEN, out.buf, beginAction(out, A_DL_SRC) + DL_ADDR);
}
/** OFPAT_SET_DL_DST with the address copied from src[off, off+6). */
export function action10SetDlDst(out: OutBuffer, src: Buffer, off: number): void {
  copyBytes(src, off, MAC_LEN, out.buf, beginAction(out, A_DL_DST) + DL_ADDR);
}

const NW_ADDR = offsetOf(ofp_action_nw_addr, 'nw_addr');
const A_NW_SRC = actionLayout(ofp_action_set_nw_src, 8);
const A_NW_DST = actionLayout(ofp_action_set_nw_dst, 8);
/** OFPAT_SET_NW_SRC to a u32 IPv4 address. */
export function action10SetNwSrc(out: OutBuffer, addr: number): void {
  w32(out.buf, beginAction(out, A_NW_SRC) + NW_ADDR, addr >>> 0);
}
export function action10SetNwDst(out: OutBuffer, addr: number): void {
  w32(out.buf, beginAction(out, A_NW_DST) + NW_ADDR, addr >>> 0);
}
const A_TOS = { ...actionLayout(ofp_action_nw_tos, 8), tos: offsetOf(ofp_action_nw_tos, 'nw_tos') };
export function action10SetNwTos(out: OutBuffer, tos: number): void {
  out.buf[beginAction(out, A_TOS) + A_TOS.tos] = tos;
}
const TP_PORT = offsetOf(ofp_action_tp_port, 'tp_port');
const A_TP_SRC = actionLayout(ofp_action_set_tp_src, 8);
const A_TP_DST = actionLayout(ofp_action_set_tp_dst, 8);
export function action10SetTpSrc(out: OutBuffer, port: number): void {
  w16(out.buf, beginAction(out, A_TP_SRC) + TP_PORT, port);
}
export function action10SetTpDst(out: OutBuffer, port: number): void {
  w16(out.buf, beginAction(out, A_TP_DST) + TP_PORT, port);
}
const A_ENQ = { ...actionLayout(ofp_action_enqueue, 16), port: offsetOf(ofp_action_enqueue, 'port'), queue: offsetOf(ofp_action_enqueue, 'queue_id') };
export function action10Enqueue(out: OutBuffer, port: number, queueId: number): void {
  const at = beginAction(out, A_ENQ);
  w16(out.buf, at + A_ENQ.port, port);
  w32(out.buf, at + A_ENQ.queue, queueId >>> 0);
}
if (fixedSize(ofp_action_header, 8) !== A_OUT.size) throw new Error('writers: action header size');

// ---- PACKET_OUT ----------------------------------------------------------------

const PO = {
  type: fixedOf(ofp_packet_out, 'type'), bufferId: offsetOf(ofp_packet_out, 'buffer_id'), inPort: offsetOf(ofp_packet_out, 'in_port'),
  actionsLen: offsetOf(ofp_packet_out, 'actions_len'), actions: offsetOf(ofp_packet_out, 'actions'), size: prefixSize(ofp_packet_out, 16),
};
if (PO.actions !== PO.size) throw new Error('writers: ofp_packet_out actions do not follow the fixed part');

/** PACKET_OUT header and fixed fields; append actions, then endPacketOut10. */
export function beginPacketOut10(out: OutBuffer, xid: number, bufferId: number, inPort: number): number {
  const at = beginMessage(out, OFP10_VERSION, PO.type, xid, PO.size);
  const d = out.view();
  d.setUint32(at + PO.bufferId, bufferId >>> 0);
  d.setUint16(at + PO.inPort, inPort);
  d.setUint16(at + PO.actionsLen, 0);
  out.pos = at + PO.size;
  return at;
}

/** Patch actions_len, append data copied from src[off, off+len) (src null: none), patch the length. */
export function endPacketOut10(out: OutBuffer, start: number, src: Buffer | null = null, off = 0, len = 0): number {
  w16(out.buf, start + PO.actionsLen, out.pos - start - PO.size);
  if (src) copyIn(out, src, off, len);
  return endMessage(out, start);
}

// ---- SET_CONFIG, ERROR, STATS_REQUEST ------------------------------------------

/** SET_CONFIG: flags (OFPC_FRAG_*) and miss_send_len (bytes of a table-miss packet sent in PACKET_IN). */
export function setConfig10(out: OutBuffer, xid: number, flags: number, missSendLen: number): number {
  return setConfigMessage(out, OFP10_VERSION, xid, flags, missSendLen);
}

export { ERROR_DATA_MAX };
/** ERROR with type/code and (up to ERROR_DATA_MAX bytes of) the offending message src[off, off+len). */
export function error10(out: OutBuffer, xid: number, errType: number, code: number, src: Buffer | null = null, off = 0, len = 0): number {
  return errorMessage(out, OFP10_VERSION, xid, errType, code, src, off, len);
}

const SQ = {
  type: fixedOf(ofp_stats_request_header, 'type'), statsType: offsetOf(ofp_stats_request_header, 'stats_type'),
  flags: offsetOf(ofp_stats_request_header, 'flags'), size: fixedSize(ofp_stats_request_header, 12),
};
/** A STATS_REQUEST with no body (OFPST_DESC, OFPST_TABLE). */
export function statsRequest10(out: OutBuffer, xid: number, statsType: number, flags = 0): number {
  const at = beginMessage(out, OFP10_VERSION, SQ.type, xid, SQ.size);
  w16(out.buf, at + SQ.statsType, statsType);
  w16(out.buf, at + SQ.flags, flags);
  out.pos = at + SQ.size;
  return at;
}
const PSQ = {
  statsType: fixedOf(ofp_port_stats_request_msg, 'stats_type'), body: offsetOf(ofp_port_stats_request_msg, 'body'),
  port: offsetOf(ofp_port_stats_request, 'port_no'), size: fixedSize(ofp_port_stats_request_msg, 20),
};
/** OFPST_PORT request for one port (OFPP_NONE 0xffff: all ports). */
export function portStatsRequest10(out: OutBuffer, xid: number, portNo: number): number {
  const at = statsRequest10(out, xid, PSQ.statsType);
  out.ensure(PSQ.size - SQ.size);
  zeroBytes(out, at + SQ.size, (at + PSQ.size) - (at + SQ.size));
  w16(out.buf, at + PSQ.body + PSQ.port, portNo);
  out.pos = at + PSQ.size;
  endMessage(out, at);
  return at;
}
