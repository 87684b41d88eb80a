/**
 * The Ethernet header of a packet a PACKET_IN carries, read in place. This
 * is not OpenFlow layout (no schema describes it): destination MAC at 0,
 * source MAC at 6, then the ethertype at 12, after zero or more 802.1Q /
 * 802.1ad tags of 4 bytes each (IEEE 802.3 / 802.1Q). Every reader takes the
 * frame as buf[off, off + len) and answers -1 when the frame is too short for
 * what it reads; none allocates.
 */
import { macKey } from './common.js';
import { r16 } from './bytes.js';

export const ETH_DST = 0;
export const ETH_SRC = 6;
export const ETH_TYPE = 12;
/** Bytes of an untagged Ethernet header. */
export const ETH_HEADER = 14;
const ETH_ALEN = 6;
const VLAN_TAG = 4;
export const ETH_P_8021Q = 0x8100;
export const ETH_P_8021AD = 0x88a8;

/** Destination MAC as a 48-bit number (macKey), -1 when len < 6. */
export function etherDst(buf: Buffer, off: number, len: number): number {
  return len < ETH_DST + ETH_ALEN ? -1 : macKey(buf, off + ETH_DST);
}
/** Source MAC as a 48-bit number (macKey), -1 when len < 12. */
export function etherSrc(buf: Buffer, off: number, len: number): number {
  return len < ETH_SRC + ETH_ALEN ? -1 : macKey(buf, off + ETH_SRC);
}
/**
 * The high / low 24 bits of the MAC at buf[at] (macKey = hi * 2^24 + lo).
 * Two small integers: a caller that keys a table on them never boxes a
 * 48-bit double. -1 when the MAC is not inside [off, off + len).
 */
export function macHi(buf: Buffer, off: number, len: number, at: number): number {
  return len < at + ETH_ALEN ? -1 : (buf[off + at]! << 16) | (buf[off + at + 1]! << 8) | buf[off + at + 2]!;
}
export function macLo(buf: Buffer, off: number, len: number, at: number): number {
  return len < at + ETH_ALEN ? -1 : (buf[off + at + 3]! << 16) | (buf[off + at + 4]! << 8) | buf[off + at + 5]!;
}
/**
 * The ethertype after any 802.1Q / 802.1ad tags; -1 when the frame is
 * shorter than 14 bytes or a tag's ethertype is cut off.
 */
export function etherType(buf: Buffer, off: number, len: number): number {
  if (len < ETH_HEADER) return -1;
  let at = ETH_TYPE;
  let t = r16(buf, off + at);
  while (t === ETH_P_8021Q || t === ETH_P_8021AD) {
    at += VLAN_TAG;
    if (at + 2 > len) return -1;
    t = r16(buf, off + at);
  }
  return t;
}

/**
 * The Ethernet fields a PACKET_IN view reads once in bind (apps that see
 * every packet read them all: five small integers, no allocation). Each is
 * -1 when the frame is too short for it.
 */
export class EtherFields {
  dstHi = -1;
  dstLo = -1;
  srcHi = -1;
  srcLo = -1;
  type = -1;
  read(buf: Buffer, off: number, len: number): void {
    if (len >= ETH_HEADER) {
      // the common case, a whole untagged header: straight byte loads (small enough for V8 to inline into bind)
      this.dstHi = (buf[off]! << 16) | (buf[off + 1]! << 8) | buf[off + 2]!;
      this.dstLo = (buf[off + 3]! << 16) | (buf[off + 4]! << 8) | buf[off + 5]!;
      this.srcHi = (buf[off + 6]! << 16) | (buf[off + 7]! << 8) | buf[off + 8]!;
      this.srcLo = (buf[off + 9]! << 16) | (buf[off + 10]! << 8) | buf[off + 11]!;
      const t = (buf[off + ETH_TYPE]! << 8) | buf[off + ETH_TYPE + 1]!;
      this.type = t === ETH_P_8021Q || t === ETH_P_8021AD ? etherType(buf, off, len) : t;
      return;
    }
    this.dstHi = macHi(buf, off, len, ETH_DST);
    this.dstLo = macLo(buf, off, len, ETH_DST);
    this.srcHi = macHi(buf, off, len, ETH_SRC);
    this.srcLo = macLo(buf, off, len, ETH_SRC);
    this.type = -1;
  }
  clear(): void {
    this.dstHi = this.dstLo = this.srcHi = this.srcLo = this.type = -1;
  }
  /** 48-bit MAC from halves (macKey), -1 when absent. */
  get dst(): number { return this.dstHi < 0 ? -1 : this.dstHi * 0x1000000 + this.dstLo; }
  get src(): number { return this.srcHi < 0 ? -1 : this.srcHi * 0x1000000 + this.srcLo; }
}

type ViewBase = abstract new (...args: any[]) => object;

/**
 * Adds the Ethernet getters of the PacketIn interface to a PACKET_IN view
 * class (1.0 and 1.3 share them); the view calls `this.eth.read` in bind and
 * `this.eth.clear` when bind fails.
 */
export function withEther<B extends ViewBase>(Base: B) {
  abstract class WithEther extends Base {
    /** Filled by the view's bind (public only because declaration emit cannot type a protected mixin member). */
    readonly eth = new EtherFields();
    get ethDst(): number { return this.eth.dst; }
    get ethSrc(): number { return this.eth.src; }
    get ethDstHi(): number { return this.eth.dstHi; }
    get ethDstLo(): number { return this.eth.dstLo; }
    get ethSrcHi(): number { return this.eth.srcHi; }
    get ethSrcLo(): number { return this.eth.srcLo; }
    get ethType(): number { return this.eth.type; }
  }
  return WithEther;
}
