/**
 * OpenFlow 1.0 views. Offsets come from codec/of10 (the schema) at module
 * load; a schema change that moves or drops a field fails here at import.
 */
import {
  ofp_echo_reply, ofp_echo_request, ofp_error_msg, ofp_flow_removed, ofp_match, ofp_packet_in, ofp_phy_port,
  ofp_port_status, ofp_stats_reply_header, ofp_switch_features,
} from '../of10/schema.js';
import { OFP10_VERSION } from '../of10/enums.js';
import type { DecodeError } from '../schema/errors.js';
import {
  checkMessage, fixedOf, fixedSize, headerOffsets, offsetOf, prefixSize, viewError,
} from './common.js';
import { HEADER } from './frame.js';
import { MessageView } from './view.js';
import { EchoView, PortStatusView, PortView, echoLayout, portLayout, portStatusLayout } from './shared.js';
import type { ErrorMsg, FeaturesReply, FlowRemoved, MultipartReply, PacketIn } from './types.js';
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

// ---- ECHO, ofp_phy_port, PORT_STATUS: shared logic (shared.ts), 1.0 layouts --------------
const WIRE = { version: OFP10_VERSION, H };
const ECHO = echoLayout(ofp_echo_request, ofp_echo_reply);
/** ECHO request or reply (`type`: OFPT_ECHO_REQUEST by default, or OFPT_ECHO_REPLY). */
export class Echo10View extends EchoView {
  constructor(type: number = ECHO.requestType) { super(WIRE, ECHO, type); }
}

const PP = portLayout(ofp_phy_port, 48);
/**
 * A 1.0 port description inside a message its parent view validated. Re-pointed
 * by the parent (FeaturesReply10View.port(i, view)); not bound on its own.
 */
export class PhyPort10View extends PortView {
  constructor() { super(PP); }
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
const PS = portStatusLayout(ofp_port_status, 64, PP);
export class PortStatus10View extends PortStatusView<PhyPort10View> {
  constructor() { super(WIRE, PS, new PhyPort10View()); }
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
    return this.bindExact(buf, off, len, OFP10_VERSION, FRM.type, FRM.size, 'ofp_flow_removed', H);
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
