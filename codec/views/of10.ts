/**
 * OpenFlow 1.0 views. Offsets come from codec/of10 (the schema) at module
 * load; a schema change that moves or drops a field fails here at import.
 */
import {
  ofp_echo_reply, ofp_echo_request, ofp_error_msg, ofp_flow_removed, ofp_match, ofp_packet_in, ofp_phy_port,
  ofp_port_status, ofp_stats_reply_header, ofp_switch_features,
} from '../of10/schema.js';
import { OFP10_VERSION, OFPT } from '../of10/enums.js';
import type { DecodeError } from '../schema/errors.js';
import {
  PLACEHOLDER, checkMessage, fixedOf, fixedSize, headerOffsets, offsetOf, prefixSize, sizeOf, viewError,
} from './common.js';
import { HEADER } from './frame.js';
import { MessageView } from './view.js';
import type { Echo, ErrorMsg, FeaturesReply, FlowRemoved, MultipartReply, PacketIn, PortDesc, PortStatus } from './types.js';
import { r16, r32 } from './bytes.js';
import { withEther } from './ether.js';
import { port10To32 } from './ports.js';

const H = headerOffsets(ofp_packet_in);
if (H.size !== HEADER.size || H.version !== HEADER.version || H.xid !== HEADER.xid || H.length !== HEADER.length) throw new Error('views: 1.0 header layout differs');


// ---- PACKET_IN -------------------------------------------------------------
const PI = {
  type: fixedOf(ofp_packet_in, 'type'),
  bufferId: offsetOf(ofp_packet_in, 'buffer_id'),
  totalLen: offsetOf(ofp_packet_in, 'total_len'),
  inPort: offsetOf(ofp_packet_in, 'in_port'),
  reason: offsetOf(ofp_packet_in, 'reason'),
  data: offsetOf(ofp_packet_in, 'data'),
  min: prefixSize(ofp_packet_in, 18),
};

export class PacketIn10View extends withEther(MessageView) implements PacketIn {
  /** Where the packet data starts and how long it is (set by bind: the Ethernet getters read them). */
  private dataAt = 0;
  private dataLen = 0;
  bind(buf: Buffer, off: number, len: number): DecodeError | null {
    const n = checkMessage(buf, off, len, OFP10_VERSION, PI.type, PI.min, 'ofp_packet_in', H);
    if (typeof n !== 'number') {
      this.dataAt = 0; this.dataLen = 0; this.eth.clear();
      return this.fail(n);
    }
    this.dataAt = off + PI.data;
    this.dataLen = n - PI.data;
    this.eth.read(buf, this.dataAt, this.dataLen);
    return this.ok(buf, off, n);
  }
  get bufferId(): number { return r32(this.buf, this.offset + PI.bufferId); }
  get totalLen(): number { return r16(this.buf, this.offset + PI.totalLen); }
  get inPort(): number { return r16(this.buf, this.offset + PI.inPort); }
  get inPort32(): number { return port10To32(r16(this.buf, this.offset + PI.inPort)); }
  get reason(): number { return this.buf[this.offset + PI.reason]!; }
  get dataOffset(): number { return this.dataAt; }
  get dataLength(): number { return this.dataLen; }
}

/**
 * Where the packet of the 1.0 PACKET_IN at buf[off, off+len) starts, without
 * validating the message: for a prefetch pass that must cost next to nothing
 * (App.warm); the handler binds a PacketIn10View, which validates. -1 when
 * `len` is shorter than the fixed part.
 */
export function packetInFrame10(buf: Buffer, off: number, len: number): number {
  return len >= PI.data ? off + PI.data : -1;
}

// ---- ECHO_REQUEST / ECHO_REPLY ---------------------------------------------
const ECHO_DATA = offsetOf(ofp_echo_request, 'data');
if (offsetOf(ofp_echo_reply, 'data') !== ECHO_DATA) throw new Error('views: echo request/reply layouts differ');

/** ECHO request or reply: a header and an opaque payload. */
export class Echo10View extends MessageView implements Echo {
  /** The message type this view accepts (OFPT_ECHO_REQUEST or OFPT_ECHO_REPLY). */
  constructor(readonly type: number = fixedOf(ofp_echo_request, 'type')) { super(); }
  bind(buf: Buffer, off: number, len: number): DecodeError | null {
    const n = checkMessage(buf, off, len, OFP10_VERSION, this.type, ECHO_DATA, this.type === OFPT.ECHO_REPLY ? 'ofp_echo_reply' : 'ofp_echo_request', H);
    return typeof n === 'number' ? this.ok(buf, off, n) : this.fail(n);
  }
  get payloadOffset(): number { return this.offset + ECHO_DATA; }
  get payloadLength(): number { return this.length - ECHO_DATA; }
}

// ---- ofp_phy_port (in FEATURES_REPLY and PORT_STATUS) -----------------------
const PP = {
  size: fixedSize(ofp_phy_port, 48), portNo: offsetOf(ofp_phy_port, 'port_no'), hwAddr: offsetOf(ofp_phy_port, 'hw_addr'),
  name: offsetOf(ofp_phy_port, 'name'), nameSize: sizeOf(ofp_phy_port, 'name'), config: offsetOf(ofp_phy_port, 'config'),
  state: offsetOf(ofp_phy_port, 'state'), curr: offsetOf(ofp_phy_port, 'curr'), advertised: offsetOf(ofp_phy_port, 'advertised'),
  supported: offsetOf(ofp_phy_port, 'supported'), peer: offsetOf(ofp_phy_port, 'peer'),
};

function nameLength(buf: Buffer, at: number, size: number): number {
  let n = 0;
  while (n < size && buf[at + n] !== 0) n++;
  return n;
}

/**
 * A 1.0 port description inside a message its parent view validated. Re-pointed
 * by the parent (FeaturesReply10View.port(i, view)); not bound on its own.
 */
export class PhyPort10View implements PortDesc {
  buf: Buffer = PLACEHOLDER;
  offset = 0;
  get portNo(): number { return r16(this.buf, this.offset + PP.portNo); }
  get hwAddrOffset(): number { return this.offset + PP.hwAddr; }
  get nameOffset(): number { return this.offset + PP.name; }
  get nameLength(): number { return nameLength(this.buf, this.offset + PP.name, PP.nameSize); }
  get name(): string { return this.buf.toString('latin1', this.offset + PP.name, this.offset + PP.name + this.nameLength); }
  get config(): number { return r32(this.buf, this.offset + PP.config); }
  get state(): number { return r32(this.buf, this.offset + PP.state); }
  get curr(): number { return r32(this.buf, this.offset + PP.curr); }
  get advertised(): number { return r32(this.buf, this.offset + PP.advertised); }
  get supported(): number { return r32(this.buf, this.offset + PP.supported); }
  get peer(): number { return r32(this.buf, this.offset + PP.peer); }
}

// ---- FEATURES_REPLY ---------------------------------------------------------
const FR = {
  type: fixedOf(ofp_switch_features, 'type'), dpid: offsetOf(ofp_switch_features, 'datapath_id'),
  nBuffers: offsetOf(ofp_switch_features, 'n_buffers'), nTables: offsetOf(ofp_switch_features, 'n_tables'),
  capabilities: offsetOf(ofp_switch_features, 'capabilities'), actions: offsetOf(ofp_switch_features, 'actions'),
  ports: offsetOf(ofp_switch_features, 'ports'), min: prefixSize(ofp_switch_features, 32),
};

export class FeaturesReply10View extends MessageView implements FeaturesReply {
  bind(buf: Buffer, off: number, len: number): DecodeError | null {
    const n = checkMessage(buf, off, len, OFP10_VERSION, FR.type, FR.min, 'ofp_switch_features', H);
    if (typeof n !== 'number') return this.fail(n);
    if ((n - FR.ports) % PP.size !== 0) {
      return this.fail(viewError('bad_length', 'ofp_switch_features.ports', off + FR.ports, `has ${n - FR.ports} bytes, not a whole number of ${PP.size}-byte ports`));
    }
    return this.ok(buf, off, n);
  }
  get datapathId(): bigint { return this.buf.readBigUInt64BE(this.offset + FR.dpid); }
  get datapathIdHi(): number { return r32(this.buf, this.offset + FR.dpid); }
  get datapathIdLo(): number { return r32(this.buf, this.offset + FR.dpid + 4); }
  get nBuffers(): number { return r32(this.buf, this.offset + FR.nBuffers); }
  get nTables(): number { return this.buf[this.offset + FR.nTables]!; }
  get capabilities(): number { return r32(this.buf, this.offset + FR.capabilities); }
  get actions(): number { return r32(this.buf, this.offset + FR.actions); }
  get portCount(): number { return (this.length - FR.ports) / PP.size; }
  /** Point `into` at port i (0 <= i < portCount) and return it; false when i is out of range. */
  port(i: number, into: PhyPort10View): boolean {
    if (!(i >= 0 && i < this.portCount)) return false;
    into.buf = this.buf;
    into.offset = this.offset + FR.ports + i * PP.size;
    return true;
  }
}

// ---- PORT_STATUS ------------------------------------------------------------
const PS = {
  type: fixedOf(ofp_port_status, 'type'), reason: offsetOf(ofp_port_status, 'reason'), desc: offsetOf(ofp_port_status, 'desc'),
  size: fixedSize(ofp_port_status, 64),
};

export class PortStatus10View extends MessageView implements PortStatus {
  private readonly p = new PhyPort10View();
  bind(buf: Buffer, off: number, len: number): DecodeError | null {
    const n = checkMessage(buf, off, len, OFP10_VERSION, PS.type, PS.size, 'ofp_port_status', H);
    if (typeof n !== 'number') return this.failPort(n);
    if (n !== PS.size) return this.failPort(viewError('bad_length', 'ofp_port_status.length', off + H.length, `is ${n}, but ofp_port_status is ${PS.size} bytes`));
    this.p.buf = buf; this.p.offset = off + PS.desc;
    return this.ok(buf, off, n);
  }
  private failPort(e: DecodeError): DecodeError { this.p.buf = PLACEHOLDER; this.p.offset = 0; return this.fail(e); }
  get reason(): number { return this.buf[this.offset + PS.reason]!; }
  /** The port description (a view owned by this view, re-pointed by bind). */
  get port(): PhyPort10View { return this.p; }
  get portNo(): number { return this.p.portNo; }
  get hwAddrOffset(): number { return this.p.hwAddrOffset; }
  get nameOffset(): number { return this.p.nameOffset; }
  get nameLength(): number { return this.p.nameLength; }
  get name(): string { return this.p.name; }
  get config(): number { return this.p.config; }
  get state(): number { return this.p.state; }
  get curr(): number { return this.p.curr; }
}

// ---- FLOW_REMOVED -----------------------------------------------------------
const FRM = {
  type: fixedOf(ofp_flow_removed, 'type'), match: offsetOf(ofp_flow_removed, 'match'), cookie: offsetOf(ofp_flow_removed, 'cookie'),
  priority: offsetOf(ofp_flow_removed, 'priority'), reason: offsetOf(ofp_flow_removed, 'reason'),
  durationSec: offsetOf(ofp_flow_removed, 'duration_sec'), durationNsec: offsetOf(ofp_flow_removed, 'duration_nsec'),
  idle: offsetOf(ofp_flow_removed, 'idle_timeout'), packets: offsetOf(ofp_flow_removed, 'packet_count'),
  bytes: offsetOf(ofp_flow_removed, 'byte_count'), size: fixedSize(ofp_flow_removed, 88),
  matchSize: fixedSize(ofp_match, 40),
};

export class FlowRemoved10View extends MessageView implements FlowRemoved {
  bind(buf: Buffer, off: number, len: number): DecodeError | null {
    const n = checkMessage(buf, off, len, OFP10_VERSION, FRM.type, FRM.size, 'ofp_flow_removed', H);
    if (typeof n !== 'number') return this.fail(n);
    if (n !== FRM.size) return this.fail(viewError('bad_length', 'ofp_flow_removed.length', off + H.length, `is ${n}, but ofp_flow_removed is ${FRM.size} bytes`));
    return this.ok(buf, off, n);
  }
  /** Absolute offset of the 40-byte ofp_match. */
  get matchOffset(): number { return this.offset + FRM.match; }
  get cookie(): bigint { return this.buf.readBigUInt64BE(this.offset + FRM.cookie); }
  get cookieHi(): number { return r32(this.buf, this.offset + FRM.cookie); }
  get cookieLo(): number { return r32(this.buf, this.offset + FRM.cookie + 4); }
  get priority(): number { return r16(this.buf, this.offset + FRM.priority); }
  get reason(): number { return this.buf[this.offset + FRM.reason]!; }
  get durationSec(): number { return r32(this.buf, this.offset + FRM.durationSec); }
  get durationNsec(): number { return r32(this.buf, this.offset + FRM.durationNsec); }
  get idleTimeout(): number { return r16(this.buf, this.offset + FRM.idle); }
  get packetCount(): bigint { return this.buf.readBigUInt64BE(this.offset + FRM.packets); }
  get byteCount(): bigint { return this.buf.readBigUInt64BE(this.offset + FRM.bytes); }
}

// ---- ERROR ------------------------------------------------------------------
const ER = {
  type: fixedOf(ofp_error_msg, 'type'), errType: offsetOf(ofp_error_msg, 'error_type'), code: offsetOf(ofp_error_msg, 'code'),
  data: offsetOf(ofp_error_msg, 'data'), min: prefixSize(ofp_error_msg, 12),
};

export class Error10View extends MessageView implements ErrorMsg {
  bind(buf: Buffer, off: number, len: number): DecodeError | null {
    const n = checkMessage(buf, off, len, OFP10_VERSION, ER.type, ER.min, 'ofp_error_msg', H);
    return typeof n === 'number' ? this.ok(buf, off, n) : this.fail(n);
  }
  get errType(): number { return r16(this.buf, this.offset + ER.errType); }
  get errCode(): number { return r16(this.buf, this.offset + ER.code); }
  get dataOffset(): number { return this.offset + ER.data; }
  get dataLength(): number { return this.length - ER.data; }
}

// ---- STATS_REPLY header -----------------------------------------------------
const SR = {
  type: fixedOf(ofp_stats_reply_header, 'type'), statsType: offsetOf(ofp_stats_reply_header, 'stats_type'),
  flags: offsetOf(ofp_stats_reply_header, 'flags'), min: fixedSize(ofp_stats_reply_header, 12),
};

/** The common part of every STATS_REPLY: its type, flags (OFPSF_REPLY_MORE) and body range. */
export class StatsReply10View extends MessageView implements MultipartReply {
  bind(buf: Buffer, off: number, len: number): DecodeError | null {
    const n = checkMessage(buf, off, len, OFP10_VERSION, SR.type, SR.min, 'ofp_stats_reply', H);
    return typeof n === 'number' ? this.ok(buf, off, n) : this.fail(n);
  }
  get mpType(): number { return r16(this.buf, this.offset + SR.statsType); }
  get flags(): number { return r16(this.buf, this.offset + SR.flags); }
  get bodyOffset(): number { return this.offset + SR.min; }
  get bodyLength(): number { return this.length - SR.min; }
}
