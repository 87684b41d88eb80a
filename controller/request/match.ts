/**
 * A version-neutral match: the OpenFlow 1.3 OXM basic fields by camelCase
 * name (OFPXMT_OFB_IPV4_SRC -> ipv4Src), converted to and from the codec's
 * value form of each version: an OXM list (1.3+) or 1.0's ofp_match with
 * wildcard bits. A field absent from the object is wildcarded.
 *
 * Values: numbers for integer fields (bigint for 64-bit ones: metadata,
 * tunnelId), `aa:bb:cc:dd:ee:ff` for MACs, dotted quads for IPv4, the
 * codec's IPv6 text for IPv6. Port numbers are neutral (32-bit). vlanVid is
 * the VLAN id alone (the 1.3 OFPVID_PRESENT bit is added and removed here).
 * A masked field is `{ value, mask }` (same forms); IPv4 also takes
 * `10.0.0.0/8` or `10.0.0.0/255.0.0.0`.
 */
import { OXM_OFB_FIELDS, type OxmFieldSpec } from '../../codec/of13/oxm.js';
import { OFPFW } from '../../codec/of10/enums.js';
import { port10To32, port32To10 } from '../../codec/views/ports.js';
import { BadRequestValueError } from './errors.js';
import type { VersionProfile } from './versions.js';

export type MatchScalar = number | bigint | string;
export interface MaskedValue {
  readonly value: MatchScalar;
  readonly mask: MatchScalar;
}
export type MatchValue = MatchScalar | MaskedValue;

/** Neutral match fields (any subset). */
export interface FlowMatch {
  inPort?: number;
  inPhyPort?: number;
  metadata?: MatchValue;
  ethDst?: MatchValue;
  ethSrc?: MatchValue;
  ethType?: number;
  vlanVid?: MatchValue;
  vlanPcp?: number;
  ipDscp?: number;
  ipEcn?: number;
  ipProto?: number;
  ipv4Src?: MatchValue;
  ipv4Dst?: MatchValue;
  tcpSrc?: number;
  tcpDst?: number;
  udpSrc?: number;
  udpDst?: number;
  sctpSrc?: number;
  sctpDst?: number;
  icmpv4Type?: number;
  icmpv4Code?: number;
  arpOp?: number;
  arpSpa?: MatchValue;
  arpTpa?: MatchValue;
  arpSha?: MatchValue;
  arpTha?: MatchValue;
  ipv6Src?: MatchValue;
  ipv6Dst?: MatchValue;
  ipv6Flabel?: MatchValue;
  icmpv6Type?: number;
  icmpv6Code?: number;
  ipv6NdTarget?: string;
  ipv6NdSll?: string;
  ipv6NdTll?: string;
  mplsLabel?: number;
  mplsTc?: number;
  mplsBos?: number;
  pbbIsid?: MatchValue;
  tunnelId?: MatchValue;
  ipv6Exthdr?: MatchValue;
}

const OFPVID_PRESENT = 0x1000;
const ETH_ARP = 0x0806;
const PROTO_ICMP = 1;
const PROTO_TCP = 6;
const PROTO_UDP = 17;
const PROTO_SCTP = 132;

function camel(specName: string): string {
  return specName.toLowerCase().replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** OXM field specs by neutral name, in OXM code order (prerequisites such as eth_type come before the fields that need them). */
const FIELDS: ReadonlyMap<string, OxmFieldSpec> = new Map(
  [...OXM_OFB_FIELDS].sort((a, b) => a.code - b.code).map((f) => [camel(f.name), f]),
);
const BY_OXM_NAME: ReadonlyMap<string, string> = new Map([...FIELDS].map(([k, f]) => [`OFPXMT_OFB_${f.name}`, k]));

/** Names a FlowMatch object may have. */
export const FLOW_MATCH_FIELDS: readonly string[] = [...FIELDS.keys()];

function isMasked(v: MatchValue): v is MaskedValue {
  return typeof v === 'object' && v !== null && typeof v !== 'bigint';
}

/** `10.0.0.0/8` or `10.0.0.0/255.0.0.0` as value and dotted mask; a plain address unmasked. */
function ipv4Parts(v: MatchValue, field: string): { value: string; mask: string | null } {
  if (isMasked(v)) return { value: String(v.value), mask: String(v.mask) };
  if (typeof v !== 'string') throw new BadRequestValueError(`match.${field}: an IPv4 address string, not ${typeof v}`);
  const slash = v.indexOf('/');
  if (slash < 0) return { value: v, mask: null };
  const m = v.slice(slash + 1);
  if (/^\d+$/.test(m)) {
    const bits = Number(m);
    if (bits > 32) throw new BadRequestValueError(`match.${field}: prefix length ${bits} is more than 32`);
    return { value: v.slice(0, slash), mask: ipv4FromInt(bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0) };
  }
  return { value: v.slice(0, slash), mask: m };
}

function ipv4FromInt(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}
function ipv4ToInt(s: string, field: string): number {
  const p = s.split('.').map(Number);
  if (p.length !== 4 || p.some((x) => !(Number.isInteger(x) && x >= 0 && x <= 255))) throw new BadRequestValueError(`match.${field}: ${s} is not an IPv4 address`);
  return ((p[0]! << 24) | (p[1]! << 16) | (p[2]! << 8) | p[3]!) >>> 0;
}
/** Leading one bits of a contiguous IPv4 mask (1.0 can only wildcard low bits). */
function prefixLength(mask: string, field: string): number {
  const n = ipv4ToInt(mask, field);
  const bits = Math.clz32(~n); // leading ones of n
  if ((bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0) !== n) throw new BadRequestValueError(`match.${field}: OpenFlow 1.0 takes only prefix masks, not ${mask}`);
  return bits;
}

// ---- to the codec's value form ----------------------------------------------

/** The codec's match value for `p`'s version. */
export function encodeMatch(p: VersionProfile, m: FlowMatch | undefined): Record<string, unknown> {
  const fields = m ?? {};
  for (const k of Object.keys(fields)) {
    if (!FIELDS.has(k)) throw new BadRequestValueError(`match.${k} is not a match field (known: ${FLOW_MATCH_FIELDS.join(', ')})`);
  }
  return p.match === 'of10' ? match10(fields) : matchOxm(fields);
}

function matchOxm(m: FlowMatch): Record<string, unknown> {
  const oxm: Record<string, unknown>[] = [];
  for (const [name, spec] of FIELDS) {
    let v = (m as Record<string, MatchValue | undefined>)[name];
    if (v === undefined) continue;
    if (name === 'vlanVid') v = isMasked(v) ? { value: Number(v.value) | OFPVID_PRESENT, mask: v.mask } : Number(v) | OFPVID_PRESENT;
    let value: MatchScalar;
    let mask: MatchScalar | null = null;
    if (spec.type === 'ipv4') {
      const parts = ipv4Parts(v, name);
      value = parts.value;
      mask = parts.mask;
    } else if (isMasked(v)) {
      value = v.value;
      mask = v.mask;
    } else {
      value = v;
    }
    if (mask !== null && !spec.maskable) throw new BadRequestValueError(`match.${name} takes no mask`);
    const tlv: Record<string, unknown> = { class: 'OFPXMC_OPENFLOW_BASIC', field: `OFPXMT_OFB_${spec.name}`, hasmask: mask !== null, value };
    if (mask !== null) tlv['mask'] = mask;
    oxm.push(tlv);
  }
  return { type: 'OFPMT_OXM', oxm_fields: oxm };
}

const ZERO_MAC = '00:00:00:00:00:00';

/** Every field wildcarded, nw_src/nw_dst as 32 wildcarded bits: the form Open vSwitch and the spec's examples use. */
const WILDCARD_ALL_10 = ((OFPFW.ALL & ~(OFPFW.NW_SRC_MASK | OFPFW.NW_DST_MASK)) | OFPFW.NW_SRC_ALL | OFPFW.NW_DST_ALL) >>> 0;

function match10(m: FlowMatch): Record<string, unknown> {
  let w = WILDCARD_ALL_10;
  const r: Record<string, unknown> = {
    in_port: 0, dl_src: ZERO_MAC, dl_dst: ZERO_MAC, dl_vlan: 0, dl_vlan_pcp: 0, dl_type: 0, nw_tos: 0, nw_proto: 0,
    nw_src: '0.0.0.0', nw_dst: '0.0.0.0', tp_src: 0, tp_dst: 0,
  };
  const plain = (name: string, v: MatchValue | undefined): MatchScalar | undefined => {
    if (v === undefined) return undefined;
    if (isMasked(v)) throw new BadRequestValueError(`match.${name}: OpenFlow 1.0 cannot mask this field`);
    return v;
  };
  const set = (field: string, bit: number, v: MatchScalar | undefined) => {
    if (v === undefined) return;
    r[field] = v;
    w &= ~bit;
  };
  set('in_port', OFPFW.IN_PORT, m.inPort === undefined ? undefined : port32To10(m.inPort));
  set('dl_src', OFPFW.DL_SRC, plain('ethSrc', m.ethSrc));
  set('dl_dst', OFPFW.DL_DST, plain('ethDst', m.ethDst));
  set('dl_vlan', OFPFW.DL_VLAN, plain('vlanVid', m.vlanVid));
  set('dl_vlan_pcp', OFPFW.DL_VLAN_PCP, m.vlanPcp);
  set('dl_type', OFPFW.DL_TYPE, m.ethType);
  set('nw_tos', OFPFW.NW_TOS, m.ipDscp === undefined ? undefined : (m.ipDscp << 2) & 0xfc);
  set('nw_proto', OFPFW.NW_PROTO, m.ipProto ?? m.arpOp);
  const nw = (field: 'nw_src' | 'nw_dst', name: string, v: MatchValue | undefined, shift: number) => {
    if (v === undefined) return;
    const parts = ipv4Parts(v, name);
    const bits = parts.mask === null ? 32 : prefixLength(parts.mask, name);
    r[field] = parts.value;
    w = (w & ~(0x3f << shift)) | ((32 - bits) << shift);
  };
  nw('nw_src', 'ipv4Src', m.ipv4Src ?? m.arpSpa, OFPFW.NW_SRC_SHIFT);
  nw('nw_dst', 'ipv4Dst', m.ipv4Dst ?? m.arpTpa, OFPFW.NW_DST_SHIFT);
  set('tp_src', OFPFW.TP_SRC, m.tcpSrc ?? m.udpSrc ?? m.sctpSrc ?? m.icmpv4Type);
  set('tp_dst', OFPFW.TP_DST, m.tcpDst ?? m.udpDst ?? m.sctpDst ?? m.icmpv4Code);
  const has10 = new Set([
    'inPort', 'ethSrc', 'ethDst', 'vlanVid', 'vlanPcp', 'ethType', 'ipDscp', 'ipProto', 'arpOp', 'ipv4Src', 'ipv4Dst', 'arpSpa', 'arpTpa',
    'tcpSrc', 'tcpDst', 'udpSrc', 'udpDst', 'sctpSrc', 'sctpDst', 'icmpv4Type', 'icmpv4Code',
  ]);
  for (const k of Object.keys(m)) {
    if (!has10.has(k) && (m as Record<string, unknown>)[k] !== undefined) throw new BadRequestValueError(`match.${k} has no OpenFlow 1.0 form`);
  }
  r['wildcards'] = w >>> 0;
  return r;
}

// ---- from the codec's value form --------------------------------------------

/** Neutral fields of a decoded match of `p`'s version. */
export function decodeMatch(p: VersionProfile, v: unknown): FlowMatch {
  if (typeof v !== 'object' || v === null) return {};
  return p.match === 'of10' ? fromMatch10(p, v as Record<string, unknown>) : fromOxm(v as Record<string, unknown>);
}

function fromOxm(v: Record<string, unknown>): FlowMatch {
  const out: Record<string, MatchValue> = {};
  const list = v['oxm_fields'];
  if (!Array.isArray(list)) return out;
  for (const tlv of list as Record<string, unknown>[]) {
    const name = typeof tlv['field'] === 'string' ? BY_OXM_NAME.get(tlv['field']) : undefined;
    if (name === undefined || tlv['class'] !== 'OFPXMC_OPENFLOW_BASIC' || tlv['value'] === undefined) continue;
    let value = tlv['value'] as MatchScalar;
    if (name === 'vlanVid') value = Number(value) & ~OFPVID_PRESENT;
    out[name] = tlv['hasmask'] === true ? { value, mask: tlv['mask'] as MatchScalar } : value;
  }
  return out as FlowMatch;
}

function portNumber(p: VersionProfile, v: unknown): number {
  if (typeof v === 'number') return p.portBits === 16 ? port10To32(v) : v;
  if (typeof v === 'string') {
    const n = p.enums['ofp_port']?.byName.get(v) ?? p.enums['ofp_port_no']?.byName.get(v);
    if (n !== undefined) return p.portBits === 16 ? port10To32(n) : n;
  }
  return -1;
}
export { portNumber as neutralPort };

function fromMatch10(p: VersionProfile, v: Record<string, unknown>): FlowMatch {
  const w = Number(v['wildcards']);
  const out: FlowMatch = {};
  if ((w & OFPFW.IN_PORT) === 0) out.inPort = portNumber(p, v['in_port']);
  if ((w & OFPFW.DL_SRC) === 0) out.ethSrc = String(v['dl_src']);
  if ((w & OFPFW.DL_DST) === 0) out.ethDst = String(v['dl_dst']);
  if ((w & OFPFW.DL_VLAN) === 0) out.vlanVid = Number(v['dl_vlan']);
  if ((w & OFPFW.DL_VLAN_PCP) === 0) out.vlanPcp = Number(v['dl_vlan_pcp']);
  const dlType = (w & OFPFW.DL_TYPE) === 0 ? Number(v['dl_type']) : -1;
  if (dlType >= 0) out.ethType = dlType;
  const arp = dlType === ETH_ARP;
  if ((w & OFPFW.NW_TOS) === 0) out.ipDscp = Number(v['nw_tos']) >> 2;
  const proto = (w & OFPFW.NW_PROTO) === 0 ? Number(v['nw_proto']) : -1;
  if (proto >= 0) {
    if (arp) out.arpOp = proto;
    else out.ipProto = proto;
  }
  const nw = (field: string, shift: number): MatchValue | undefined => {
    const wild = (w >>> shift) & 0x3f;
    if (wild >= 32) return undefined;
    const addr = String(v[field]);
    return wild === 0 ? addr : `${addr}/${32 - wild}`;
  };
  const src = nw('nw_src', OFPFW.NW_SRC_SHIFT);
  const dst = nw('nw_dst', OFPFW.NW_DST_SHIFT);
  if (src !== undefined) arp ? (out.arpSpa = src) : (out.ipv4Src = src);
  if (dst !== undefined) arp ? (out.arpTpa = dst) : (out.ipv4Dst = dst);
  const tp = (field: string, bit: number): number | undefined => ((w & bit) === 0 ? Number(v[field]) : undefined);
  const tpSrc = tp('tp_src', OFPFW.TP_SRC);
  const tpDst = tp('tp_dst', OFPFW.TP_DST);
  const names: Record<number, [keyof FlowMatch, keyof FlowMatch]> = {
    [PROTO_TCP]: ['tcpSrc', 'tcpDst'], [PROTO_UDP]: ['udpSrc', 'udpDst'], [PROTO_SCTP]: ['sctpSrc', 'sctpDst'], [PROTO_ICMP]: ['icmpv4Type', 'icmpv4Code'],
  };
  const [s, d] = names[proto] ?? ['tcpSrc', 'tcpDst'];
  if (tpSrc !== undefined) (out as Record<string, number>)[s] = tpSrc;
  if (tpDst !== undefined) (out as Record<string, number>)[d] = tpDst;
  return out;
}
