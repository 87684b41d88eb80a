/**
 * Version-neutral interfaces for the views. An app written against these
 * does common work without branching on the wire version; the version-specific
 * classes (PacketIn10View, PacketIn13View, ...) add what only one version has.
 *
 * Offsets returned by views (dataOffset, payloadOffset, ...) are absolute
 * offsets into `buf`, ready for `buf.subarray`, `buf.copy` or a writer's
 * copy-from-range argument.
 */
import type { DecodeError } from '../schema/errors.js';

export interface MessageView {
  /** The buffer the view was last bound to. */
  readonly buf: Buffer;
  /** Start of the message in buf. */
  readonly offset: number;
  /** The message's length (from its header). */
  readonly length: number;
  readonly version: number;
  readonly xid: number;
  /** Re-point the view; validates once. Returns null on success, the reason otherwise. */
  bind(buf: Buffer, off: number, len: number): DecodeError | null;
}

export interface PacketIn extends MessageView {
  readonly bufferId: number;
  readonly totalLen: number;
  /** Ingress port as on the wire (1.0: the 16-bit header field; 1.3: the OXM IN_PORT of the match, 0 if absent). */
  readonly inPort: number;
  /** Ingress port, version-neutral: 1.0's reserved 16-bit numbers mapped to the 32-bit ones (OFPP_LOCAL 0xfffe -> 0xfffffffe). */
  readonly inPort32: number;
  readonly reason: number;
  /** Absolute offset of the packet bytes in buf. */
  readonly dataOffset: number;
  readonly dataLength: number;
  /* The Ethernet header of the packet data (views/ether.ts); -1 when the data is too short for the field. */
  /** Destination / source MAC as 48-bit numbers (macKey). */
  readonly ethDst: number;
  readonly ethSrc: number;
  /** The same MACs as high / low 24-bit halves (small integers: table keys that never box). */
  readonly ethDstHi: number;
  readonly ethDstLo: number;
  readonly ethSrcHi: number;
  readonly ethSrcLo: number;
  /** Ethertype after any 802.1Q / 802.1ad tags. */
  readonly ethType: number;
}

export interface FlowRemoved extends MessageView {
  readonly cookie: bigint;
  readonly priority: number;
  readonly reason: number;
  readonly durationSec: number;
  readonly durationNsec: number;
  readonly idleTimeout: number;
  readonly packetCount: bigint;
  readonly byteCount: bigint;
}

/** A port description (1.0 ofp_phy_port, 1.3 ofp_port) inside a validated message. */
export interface PortDesc {
  /** The buffer holding the port (the parent message's). */
  readonly buf: Buffer;
  readonly portNo: number;
  /** Absolute offset of the 6-byte hardware address. */
  readonly hwAddrOffset: number;
  /** The port name (allocates a string; use nameOffset/nameLength to avoid it). */
  readonly name: string;
  readonly nameOffset: number;
  /** Bytes of the name before its NUL terminator. */
  readonly nameLength: number;
  readonly config: number;
  readonly state: number;
  readonly curr: number;
  readonly advertised: number;
  readonly supported: number;
  readonly peer: number;
}

/** PORT_STATUS: the reason, the port description, and its most used fields at the top level. */
export interface PortStatus extends MessageView, Pick<PortDesc, 'portNo' | 'hwAddrOffset' | 'name' | 'nameOffset' | 'nameLength' | 'config' | 'state' | 'curr'> {
  /** The port description (a view owned by the PORT_STATUS view, re-pointed by bind). */
  readonly port: PortDesc;
  readonly reason: number;
}

export interface Echo extends MessageView {
  readonly payloadOffset: number;
  readonly payloadLength: number;
}

export interface FeaturesReply extends MessageView {
  /** Datapath id as a bigint (allocates). */
  readonly datapathId: bigint;
  /** High and low 32 bits of the datapath id, for allocation-free keying. */
  readonly datapathIdHi: number;
  readonly datapathIdLo: number;
  readonly nBuffers: number;
  readonly nTables: number;
  readonly capabilities: number;
}

export interface ErrorMsg extends MessageView {
  readonly errType: number;
  readonly errCode: number;
  readonly dataOffset: number;
  readonly dataLength: number;
}

export interface MultipartReply extends MessageView {
  /** Stats/multipart type (OFPST_* / OFPMP_*). */
  readonly mpType: number;
  readonly flags: number;
  readonly bodyOffset: number;
  readonly bodyLength: number;
}
