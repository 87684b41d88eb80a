/**
 * OpenFlow 1.3 views. Offsets come from codec/of13 (the schema) at module
 * load. Variable parts (the match in PACKET_IN and FLOW_REMOVED) are
 * validated once in bind: match length, OXM TLVs, the data offset after the
 * padded match.
 */
import {
  ofp_echo_reply, ofp_echo_request, ofp_error_experimenter_msg, ofp_error_msg, ofp_flow_removed, ofp_match,
  ofp_multipart_reply_header, ofp_packet_in, ofp_port, ofp_port_status, ofp_switch_features, ofp_hello, ofp_hello_elem_versionbitmap,
} from '../of13/schema.js';
import { OFP13_VERSION, OFPMP } from '../of13/enums.js';
import { OFP14_VERSION, OFP15_VERSION } from '../of14/enums.js';
import { BAD_MATCH_LEN } from '../of13/oxm.js';
import type { DecodeError } from '../schema/errors.js';
import {
  checkMessage, fixedOf, fixedSize, headerOffsets, listElementSize, offsetOf, padBetween, prefixSize, viewError,
} from './common.js';
import { HEADER } from './frame.js';
import { MessageView } from './view.js';
import { EchoView, PortStatusView, PortView, echoLayout, portLayout, portStatusLayout } from './shared.js';
import { OXM_CLASS_BASIC, OXM_HEADER, validateOxms } from './oxm.js';
import type { ErrorMsg, FeaturesReply, FlowRemoved, MultipartReply, PacketIn } from './types.js';
import { r16, r32 } from './bytes.js';
import { withEther } from './ether.js';

const H = headerOffsets(ofp_packet_in);
/**
 * 1.4 and 1.5 kept the 1.3 layout of PACKET_IN, ERROR, ECHO, FEATURES_REPLY
 * and the MULTIPART_REPLY header (the schema shares those structs: of14/index.ts),
 * and 1.4 that of FLOW_REMOVED: these views read versions 4 up to LAST.
 */
const V13 = OFP13_VERSION, LAST = OFP15_VERSION, LAST_FLOW_REMOVED = OFP14_VERSION;
if (H.size !== HEADER.size || H.version !== HEADER.version || H.xid !== HEADER.xid || H.length !== HEADER.length) throw new Error('views: 1.3 header layout differs');


// ---- ofp_match (OXM) ----------------------------------------------------------
const MT = {
  type: offsetOf(ofp_match, 'type'), length: offsetOf(ofp_match, 'length'), fields: offsetOf(ofp_match, 'oxm_fields'),
  align: ofp_match.layout.align ?? 0,
};
if (MT.align !== 8) throw new Error('views: 1.3 ofp_match is expected to pad to 8 bytes');

/**
 * Validate the match at `m` within a message ending at `end`. Returns the
 * match's padded size and sets `out.inPortAt` (-1 when no IN_PORT), or an error.
 */
export function checkMatch(buf: Buffer, m: number, end: number, name: string, out: { inPortAt: number }): number | DecodeError {
  if (m + MT.fields > end) return viewError('bad_length', `${name}.match`, m, `needs ${MT.fields} bytes, ${end - m} left`);
  const ml = r16(buf, m + MT.length);
  if (ml < MT.fields) return viewError('bad_length', 'ofp_match.length', m + MT.length, `is ${ml}, less than the ${MT.fields}-byte match header`, BAD_MATCH_LEN);
  const padded = Math.ceil(ml / MT.align) * MT.align;
  if (m + padded > end) return viewError('bad_length', 'ofp_match.length', m + MT.length, `is ${ml} (${padded} padded), but only ${end - m} bytes remain in ${name}`, BAD_MATCH_LEN);
  const r = validateOxms(buf, m + MT.fields, m + ml, `${name}.match`);
  if (typeof r !== 'number') return r;
  out.inPortAt = r;
  return padded;
}

/** Where checkMatch leaves the IN_PORT offset (module-level: no allocation per bind). */
const SCRATCH = { inPortAt: -1 };

/** The match part shared by PACKET_IN and FLOW_REMOVED views: OXM iteration without allocation. */
export abstract class WithMatch13 extends MessageView {
  protected matchAt = 0;
  protected inPortAt = -1;
  /** Absolute offset of the ofp_match. */
  get matchOffset(): number { return this.matchAt; }
  /** The match's length field (unpadded). */
  get matchLength(): number { return r16(this.buf, this.matchAt + MT.length); }
  get matchType(): number { return r16(this.buf, this.matchAt + MT.type); }
  /** Absolute offset of the first OXM TLV, or -1 when the match has none. */
  oxmFirst(): number {
    return this.matchLength > MT.fields ? this.matchAt + MT.fields : -1;
  }
  /** The TLV after the one at `at`, or -1 at the end. */
  oxmNext(at: number): number {
    const next = at + OXM_HEADER + this.buf[at + 3]!;
    return next < this.matchAt + this.matchLength ? next : -1;
  }
  /** Absolute offset of the value of the first TLV with this class/field, or -1. */
  findOxm(field: number, cls = OXM_CLASS_BASIC): number {
    for (let at = this.oxmFirst(); at >= 0; at = this.oxmNext(at)) {
      if (r16(this.buf, at) === cls && this.buf[at + 2]! >>> 1 === field) return at + OXM_HEADER;
    }
    return -1;
  }
  /** OXM IN_PORT from the match; 0 when the match has none. */
  get inPort(): number { return this.inPortAt < 0 ? 0 : r32(this.buf, this.inPortAt); }
  get hasInPort(): boolean { return this.inPortAt >= 0; }
  protected resetMatch(): void { this.matchAt = 0; this.inPortAt = -1; }
}

// ---- PACKET_IN ----------------------------------------------------------------
const PI = {
  type: fixedOf(ofp_packet_in, 'type'), bufferId: offsetOf(ofp_packet_in, 'buffer_id'), totalLen: offsetOf(ofp_packet_in, 'total_len'),
  reason: offsetOf(ofp_packet_in, 'reason'), tableId: offsetOf(ofp_packet_in, 'table_id'), cookie: offsetOf(ofp_packet_in, 'cookie'),
  match: offsetOf(ofp_packet_in, 'match'), padAfterMatch: padBetween(ofp_packet_in, 'match', 'data'),
};
const PI_MIN = PI.match + MT.fields;
if (prefixSize(ofp_packet_in, 24) !== PI.match) throw new Error('views: 1.3 ofp_packet_in prefix');

export class PacketIn13View extends withEther(WithMatch13) implements PacketIn {
  private dataAt = 0;
  bind(buf: Buffer, off: number, len: number): DecodeError | null {
    const n = checkMessage(buf, off, len, V13, PI.type, PI_MIN, 'ofp_packet_in', H, LAST);
    if (typeof n !== 'number') return this.failMatch(n);
    const padded = checkMatch(buf, off + PI.match, off + n, 'ofp_packet_in', SCRATCH);
    if (typeof padded !== 'number') return this.failMatch(padded);
    const dataAt = off + PI.match + padded + PI.padAfterMatch;
    if (dataAt > off + n) {
      return this.failMatch(viewError('bad_length', 'ofp_packet_in.data', off + n, `starts at ${dataAt - off}, past the ${n}-byte message`));
    }
    this.matchAt = off + PI.match;
    this.inPortAt = SCRATCH.inPortAt;
    this.dataAt = dataAt;
    this.eth.read(buf, dataAt, off + n - dataAt);
    return this.ok(buf, off, n);
  }
  private failMatch(e: DecodeError): DecodeError { this.resetMatch(); this.dataAt = 0; this.eth.clear(); return this.fail(e); }
  get bufferId(): number { return r32(this.buf, this.offset + PI.bufferId); }
  get totalLen(): number { return r16(this.buf, this.offset + PI.totalLen); }
  get reason(): number { return this.buf[this.offset + PI.reason]!; }
  get tableId(): number { return this.buf[this.offset + PI.tableId]!; }
  get cookie(): bigint { return this.buf.readBigUInt64BE(this.offset + PI.cookie); }
  get cookieHi(): number { return r32(this.buf, this.offset + PI.cookie); }
  get cookieLo(): number { return r32(this.buf, this.offset + PI.cookie + 4); }
  get dataOffset(): number { return this.dataAt; }
  get dataLength(): number { return this.offset + this.length - this.dataAt; }
  /** 1.3 port numbers are already version-neutral. */
  get inPort32(): number { return this.inPort; }
}

/**
 * Where the packet of the 1.3 PACKET_IN at buf[off, off+len) starts, from the
 * match length alone (no OXM walk, no validation): for a prefetch pass that
 * must cost next to nothing (App.warm); the handler binds a PacketIn13View,
 * which validates. -1 when the match header or its padded length does not fit.
 */
export function packetInFrame13(buf: Buffer, off: number, len: number): number {
  if (len < PI_MIN) return -1;
  const ml = r16(buf, off + PI.match + MT.length);
  const at = off + PI.match + ((ml + MT.align - 1) & -MT.align) + PI.padAfterMatch;
  return ml >= MT.fields && at <= off + len ? at : -1;
}

// ---- FLOW_REMOVED ---------------------------------------------------------------
const FRM = {
  type: fixedOf(ofp_flow_removed, 'type'), cookie: offsetOf(ofp_flow_removed, 'cookie'), priority: offsetOf(ofp_flow_removed, 'priority'),
  reason: offsetOf(ofp_flow_removed, 'reason'), tableId: offsetOf(ofp_flow_removed, 'table_id'),
  durationSec: offsetOf(ofp_flow_removed, 'duration_sec'), durationNsec: offsetOf(ofp_flow_removed, 'duration_nsec'),
  idle: offsetOf(ofp_flow_removed, 'idle_timeout'), hard: offsetOf(ofp_flow_removed, 'hard_timeout'),
  packets: offsetOf(ofp_flow_removed, 'packet_count'), bytes: offsetOf(ofp_flow_removed, 'byte_count'),
  match: offsetOf(ofp_flow_removed, 'match'),
};
if (prefixSize(ofp_flow_removed, 48) !== FRM.match) throw new Error('views: 1.3 ofp_flow_removed prefix');

export class FlowRemoved13View extends WithMatch13 implements FlowRemoved {
  bind(buf: Buffer, off: number, len: number): DecodeError | null {
    const n = checkMessage(buf, off, len, V13, FRM.type, FRM.match + MT.fields, 'ofp_flow_removed', H, LAST_FLOW_REMOVED);
    if (typeof n !== 'number') { this.resetMatch(); return this.fail(n); }
    const padded = checkMatch(buf, off + FRM.match, off + n, 'ofp_flow_removed', SCRATCH);
    if (typeof padded !== 'number') { this.resetMatch(); return this.fail(padded); }
    if (FRM.match + padded !== n) {
      this.resetMatch();
      return this.fail(viewError('bad_length', 'ofp_flow_removed', off + FRM.match + padded, `has ${n - FRM.match - padded} bytes after its match`));
    }
    this.matchAt = off + FRM.match;
    this.inPortAt = SCRATCH.inPortAt;
    return this.ok(buf, off, n);
  }
  get cookie(): bigint { return this.buf.readBigUInt64BE(this.offset + FRM.cookie); }
  get cookieHi(): number { return r32(this.buf, this.offset + FRM.cookie); }
  get cookieLo(): number { return r32(this.buf, this.offset + FRM.cookie + 4); }
  get priority(): number { return r16(this.buf, this.offset + FRM.priority); }
  get reason(): number { return this.buf[this.offset + FRM.reason]!; }
  get tableId(): number { return this.buf[this.offset + FRM.tableId]!; }
  get durationSec(): number { return r32(this.buf, this.offset + FRM.durationSec); }
  get durationNsec(): number { return r32(this.buf, this.offset + FRM.durationNsec); }
  get idleTimeout(): number { return r16(this.buf, this.offset + FRM.idle); }
  get hardTimeout(): number { return r16(this.buf, this.offset + FRM.hard); }
  get packetCount(): bigint { return this.buf.readBigUInt64BE(this.offset + FRM.packets); }
  get byteCount(): bigint { return this.buf.readBigUInt64BE(this.offset + FRM.bytes); }
}

// ---- ECHO, ofp_port, PORT_STATUS: shared logic (shared.ts), 1.3 layouts ------------------
const WIRE = { version: OFP13_VERSION, H };
const WIRE_UP_TO_15 = { version: OFP13_VERSION, maxVersion: LAST, H };
const ECHO = echoLayout(ofp_echo_request, ofp_echo_reply);
/** ECHO request or reply (`type`: OFPT_ECHO_REQUEST by default, or OFPT_ECHO_REPLY). */
export class Echo13View extends EchoView {
  constructor(type: number = ECHO.requestType) { super(WIRE_UP_TO_15, ECHO, type); }
}

const PT = { ...portLayout(ofp_port, 64), currSpeed: offsetOf(ofp_port, 'curr_speed'), maxSpeed: offsetOf(ofp_port, 'max_speed') };
/** A 1.3 port description inside a message its parent validated (PORT_STATUS, PORT_DESC reply). */
export class Port13View extends PortView {
  constructor() { super(PT); }
  get currSpeed(): number { return r32(this.buf, this.offset + PT.currSpeed); }
  get maxSpeed(): number { return r32(this.buf, this.offset + PT.maxSpeed); }
}

// ---- PORT_STATUS ---------------------------------------------------------------------
const PS = portStatusLayout(ofp_port_status, 80, PT);
export class PortStatus13View extends PortStatusView<Port13View> {
  constructor() { super(WIRE, PS, new Port13View()); }
}

// ---- FEATURES_REPLY --------------------------------------------------------------------
const FR = {
  type: fixedOf(ofp_switch_features, 'type'), dpid: offsetOf(ofp_switch_features, 'datapath_id'),
  nBuffers: offsetOf(ofp_switch_features, 'n_buffers'), nTables: offsetOf(ofp_switch_features, 'n_tables'),
  auxiliaryId: offsetOf(ofp_switch_features, 'auxiliary_id'), capabilities: offsetOf(ofp_switch_features, 'capabilities'),
  size: fixedSize(ofp_switch_features, 32),
};

/** 1.3 FEATURES_REPLY (no ports: they come in a PORT_DESC multipart reply). */
export class FeaturesReply13View extends MessageView implements FeaturesReply {
  bind(buf: Buffer, off: number, len: number): DecodeError | null {
    const n = checkMessage(buf, off, len, V13, FR.type, FR.size, 'ofp_switch_features', H, LAST);
    if (typeof n !== 'number') return this.fail(n);
    if (n !== FR.size) return this.fail(viewError('bad_length', 'ofp_switch_features.length', off + H.length, `is ${n}, but ofp_switch_features is ${FR.size} bytes`));
    return this.ok(buf, off, n);
  }
  get datapathId(): bigint { return this.buf.readBigUInt64BE(this.offset + FR.dpid); }
  get datapathIdHi(): number { return r32(this.buf, this.offset + FR.dpid); }
  get datapathIdLo(): number { return r32(this.buf, this.offset + FR.dpid + 4); }
  get nBuffers(): number { return r32(this.buf, this.offset + FR.nBuffers); }
  get nTables(): number { return this.buf[this.offset + FR.nTables]!; }
  get auxiliaryId(): number { return this.buf[this.offset + FR.auxiliaryId]!; }
  get capabilities(): number { return r32(this.buf, this.offset + FR.capabilities); }
}

// ---- ERROR -------------------------------------------------------------------------------
const ER = {
  type: fixedOf(ofp_error_msg, 'type'), errType: offsetOf(ofp_error_msg, 'error_type'), code: offsetOf(ofp_error_msg, 'code'),
  data: offsetOf(ofp_error_msg, 'data'), min: prefixSize(ofp_error_msg, 12),
  expType: fixedOf(ofp_error_experimenter_msg, 'error_type'), expCode: offsetOf(ofp_error_experimenter_msg, 'exp_type'),
  experimenter: offsetOf(ofp_error_experimenter_msg, 'experimenter'), expData: offsetOf(ofp_error_experimenter_msg, 'data'),
};
if (ER.expCode !== ER.code) throw new Error('views: 1.3 experimenter error code is not where code is');

/** 1.3 ERROR; for OFPET_EXPERIMENTER errCode is exp_type and `experimenter` is set. */
export class Error13View extends MessageView implements ErrorMsg {
  private dataAt = 0;
  bind(buf: Buffer, off: number, len: number): DecodeError | null {
    const n = checkMessage(buf, off, len, V13, ER.type, ER.min, 'ofp_error_msg', H, LAST);
    if (typeof n !== 'number') return this.fail(n);
    const exp = r16(buf, off + ER.errType) === ER.expType;
    if (exp && n < ER.expData) return this.fail(viewError('bad_length', 'ofp_error_experimenter_msg.length', off + H.length, `is ${n}, less than ${ER.expData}`));
    this.dataAt = off + (exp ? ER.expData : ER.data);
    return this.ok(buf, off, n);
  }
  get errType(): number { return r16(this.buf, this.offset + ER.errType); }
  get errCode(): number { return r16(this.buf, this.offset + ER.code); }
  /** Experimenter id of an OFPET_EXPERIMENTER error, else -1. */
  get experimenter(): number { return this.errType === ER.expType ? r32(this.buf, this.offset + ER.experimenter) : -1; }
  get dataOffset(): number { return this.dataAt; }
  get dataLength(): number { return this.offset + this.length - this.dataAt; }
}

// ---- MULTIPART_REPLY --------------------------------------------------------------------
const MP = {
  type: fixedOf(ofp_multipart_reply_header, 'type'), mpType: offsetOf(ofp_multipart_reply_header, 'multipart_type'),
  flags: offsetOf(ofp_multipart_reply_header, 'flags'), body: offsetOf(ofp_multipart_reply_header, 'body'),
};
if (prefixSize(ofp_multipart_reply_header, 16) !== MP.body) throw new Error('views: 1.3 multipart header');

/** MULTIPART_REPLY header; for OFPMP_PORT_DESC also the ports (validated as whole 64-byte records). */
export class MultipartReply13View extends MessageView implements MultipartReply {
  bind(buf: Buffer, off: number, len: number): DecodeError | null {
    const n = checkMessage(buf, off, len, V13, MP.type, MP.body, 'ofp_multipart_reply', H, LAST);
    if (typeof n !== 'number') return this.fail(n);
    // 1.4+ ports are variable-length records (views/of14.ts reads them).
    if (buf[off + H.version] === V13 && r16(buf, off + MP.mpType) === OFPMP.PORT_DESC && (n - MP.body) % PT.size !== 0) {
      return this.fail(viewError('bad_length', 'ofp_multipart_reply_port_desc.body', off + MP.body, `has ${n - MP.body} bytes, not a whole number of ${PT.size}-byte ports`));
    }
    return this.ok(buf, off, n);
  }
  get mpType(): number { return r16(this.buf, this.offset + MP.mpType); }
  get flags(): number { return r16(this.buf, this.offset + MP.flags); }
  get bodyOffset(): number { return this.offset + MP.body; }
  get bodyLength(): number { return this.length - MP.body; }
  /** Number of ports of a 1.3 PORT_DESC reply (0 for other types and versions: see views/of14.ts). */
  get portCount(): number { return this.mpType === OFPMP.PORT_DESC && this.version === V13 ? (this.length - MP.body) / PT.size : 0; }
  /** Point `into` at port i of a PORT_DESC reply; false when out of range. */
  port(i: number, into: Port13View): boolean {
    if (!(i >= 0 && i < this.portCount)) return false;
    into.buf = this.buf;
    into.offset = this.offset + MP.body + i * PT.size;
    return true;
  }
}

// ---- HELLO elements -----------------------------------------------------------------------
const HE = {
  elements: offsetOf(ofp_hello, 'elements'), type: offsetOf(ofp_hello_elem_versionbitmap, 'type'),
  len: offsetOf(ofp_hello_elem_versionbitmap, 'length'), bitmaps: offsetOf(ofp_hello_elem_versionbitmap, 'bitmaps'),
  word: listElementSize(ofp_hello_elem_versionbitmap, 'bitmaps'), code: fixedOf(ofp_hello_elem_versionbitmap, 'type'),
  align: ofp_hello_elem_versionbitmap.layout.align ?? 8,
};

/**
 * The versions a HELLO at buf[off, off + len) offers in its first
 * OFPHET_VERSIONBITMAP element (bit n of word w = wire version 32w + n), or
 * null when it has none before its elements end or turn malformed (then the
 * peer offers every version up to its header version). Handshake only: allocates.
 */
export function helloVersions(buf: Buffer, off: number, len: number): number[] | null {
  const end = off + Math.min(len, buf.length - off);
  let p = off + HE.elements;
  while (p + HE.bitmaps <= end) {
    const etype = r16(buf, p + HE.type);
    const elen = r16(buf, p + HE.len);
    if (elen < HE.bitmaps || p + elen > end) return null;
    if (etype === HE.code) {
      const versions: number[] = [];
      for (let q = p + HE.bitmaps, w = 0; q + HE.word <= p + elen; q += HE.word, w++) {
        const bits = r32(buf, q);
        for (let b = 0; b < 32; b++) if (bits & (1 << b)) versions.push(w * 32 + b);
      }
      return versions;
    }
    p += Math.ceil(elen / HE.align) * HE.align;
  }
  return null;
}
