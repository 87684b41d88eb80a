/**
 * Link-layer, IP and TCP header parsing for captured frames: just enough to
 * find the TCP segment a frame carries. Supported link types: Ethernet (with
 * any number of 802.1Q/802.1ad tags), Linux cooked captures v1 and v2, BSD
 * loopback (NULL) and raw IP. IPv4 fragments other than whole packets are
 * not reassembled and are reported as skipped.
 */
import { formatIpv4, formatIpv6 } from '../../codec/schema/scalars.js';

export const LINKTYPE_NULL = 0;
export const LINKTYPE_ETHERNET = 1;
export const LINKTYPE_RAW = 101;
export const LINKTYPE_LINUX_SLL = 113;
export const LINKTYPE_IPV4 = 228;
export const LINKTYPE_IPV6 = 229;
export const LINKTYPE_LINUX_SLL2 = 276;

export interface TcpSegment {
  readonly src: string;
  readonly dst: string;
  readonly srcPort: number;
  readonly dstPort: number;
  readonly seq: number;
  readonly syn: boolean;
  readonly fin: boolean;
  readonly rst: boolean;
  /** The segment's payload as captured. */
  readonly payload: Buffer;
  /** True when the capture cut the payload short (snap length): the bytes are not all there. */
  readonly cut: boolean;
  /** Payload length on the wire (more than payload.length when cut). */
  readonly wireLength: number;
}

/** Either a TCP segment or why the frame carries none we can use. */
export type FrameParse = { ok: true; seg: TcpSegment } | { ok: false; why: string };

const ETH_IPV4 = 0x0800, ETH_IPV6 = 0x86dd;
const VLAN_TAGS = new Set([0x8100, 0x88a8, 0x9100]);

function no(why: string): FrameParse {
  return { ok: false, why };
}

export function parseFrame(linktype: number, d: Buffer, origLen: number = d.length): FrameParse {
  let ethertype: number, off: number;
  switch (linktype) {
    case LINKTYPE_ETHERNET: {
      if (d.length < 14) return no('Ethernet header cut short');
      off = 12;
      ethertype = d.readUInt16BE(off);
      off += 2;
      while (VLAN_TAGS.has(ethertype)) {
        if (off + 4 > d.length) return no('VLAN tag cut short');
        ethertype = d.readUInt16BE(off + 2);
        off += 4;
      }
      break;
    }
    case LINKTYPE_LINUX_SLL:
      if (d.length < 16) return no('Linux cooked header cut short');
      ethertype = d.readUInt16BE(14);
      off = 16;
      break;
    case LINKTYPE_LINUX_SLL2:
      if (d.length < 20) return no('Linux cooked v2 header cut short');
      ethertype = d.readUInt16BE(0);
      off = 20;
      break;
    case LINKTYPE_NULL: {
      if (d.length < 4) return no('loopback header cut short');
      // The address family is in the capturing host's byte order: accept either.
      const fam = d.readUInt32LE(0) < 0x10000 ? d.readUInt32LE(0) : d.readUInt32BE(0);
      ethertype = fam === 2 ? ETH_IPV4 : fam === 24 || fam === 28 || fam === 30 ? ETH_IPV6 : -1;
      off = 4;
      break;
    }
    case LINKTYPE_RAW: case 12: case 14: case LINKTYPE_IPV4: case LINKTYPE_IPV6:
      if (d.length < 1) return no('empty frame');
      ethertype = d[0]! >> 4 === 4 ? ETH_IPV4 : d[0]! >> 4 === 6 ? ETH_IPV6 : -1;
      off = 0;
      break;
    default:
      return no(`link type ${linktype} is not supported`);
  }
  const missing = origLen - d.length; // bytes the capture left out at the end
  if (ethertype === ETH_IPV4) return ipv4(d, off, missing);
  if (ethertype === ETH_IPV6) return ipv6(d, off, missing);
  return no(`not IP (ethertype 0x${ethertype.toString(16)})`);
}

function ipv4(d: Buffer, off: number, missing: number): FrameParse {
  if (off + 20 > d.length) return no('IPv4 header cut short');
  const ihl = (d[off]! & 15) * 4;
  const total = d.readUInt16BE(off + 2);
  const frag = d.readUInt16BE(off + 6);
  if (frag & 0x3fff) return no('IPv4 fragment (not reassembled)');
  if (d[off + 9] !== 6) return no('not TCP');
  if (ihl < 20 || total < ihl) return no('bad IPv4 header length');
  // `total` trims Ethernet padding; TSO captures can carry a zero total length.
  const end = total === 0 ? d.length + missing : off + total;
  return tcp(d, off + ihl, end, formatIpv4(d, off + 12), formatIpv4(d, off + 16));
}

function ipv6(d: Buffer, off: number, missing: number): FrameParse {
  if (off + 40 > d.length) return no('IPv6 header cut short');
  const plen = d.readUInt16BE(off + 4);
  let next = d[off + 6]!;
  const src = formatIpv6(d, off + 8), dst = formatIpv6(d, off + 24);
  const end = plen === 0 ? d.length + missing : off + 40 + plen; // 0: jumbogram or TSO
  let p = off + 40;
  // Skip extension headers: hop-by-hop, routing, destination options; fragments are not reassembled.
  while (next === 0 || next === 43 || next === 60 || next === 44) {
    if (p + 8 > d.length) return no('IPv6 extension header cut short');
    if (next === 44) {
      if (d.readUInt16BE(p + 2) & 0xfff9) return no('IPv6 fragment (not reassembled)');
      next = d[p]!;
      p += 8;
      continue;
    }
    next = d[p]!;
    p += (d[p + 1]! + 1) * 8;
  }
  if (next !== 6) return no('not TCP');
  return tcp(d, p, end, src, dst);
}

function tcp(d: Buffer, off: number, end: number, src: string, dst: string): FrameParse {
  if (off + 20 > d.length) return no('TCP header cut short');
  const hlen = (d[off + 12]! >> 4) * 4;
  if (hlen < 20 || off + hlen > end) return no('bad TCP header length');
  const flags = d[off + 13]!;
  const have = Math.min(end, d.length);
  return {
    ok: true,
    seg: {
      src, dst,
      srcPort: d.readUInt16BE(off), dstPort: d.readUInt16BE(off + 2),
      seq: d.readUInt32BE(off + 4),
      syn: (flags & 0x02) !== 0, fin: (flags & 0x01) !== 0, rst: (flags & 0x04) !== 0,
      payload: d.subarray(Math.min(off + hlen, have), have),
      cut: end > d.length,
      wireLength: Math.max(0, end - off - hlen),
    },
  };
}

/** `1.2.3.4:80` or `[::1]:80`. */
export function endpoint(ip: string, port: number): string {
  return ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`;
}
