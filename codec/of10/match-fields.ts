/**
 * The 1.0 match given as the fields to match: `encodeMessage` works out
 * `wildcards` when it is left out. A field that is absent is wildcarded (and
 * written as zero); nw_src and nw_dst may carry a prefix length or a netmask
 * (`10.0.0.0/8`, `10.0.0.0/255.0.0.0`), which sets their wildcard bit counts
 * (OFPFW_NW_SRC/DST: the number of low address bits to ignore). With
 * `wildcards` given, the value is used as it is, except that an address
 * prefix still sets its bits. Decoded matches always carry `wildcards` and
 * plain addresses, so they re-encode unchanged.
 */
import { CodecError } from '../schema/errors.js';
import { OFPFW } from './enums.js';

/** Match fields and the wildcard bit that says "any" for each (nw_src/nw_dst are handled as prefixes). */
const FIELD_BITS: readonly (readonly [string, number, unknown])[] = [
  ['in_port', OFPFW.IN_PORT, 0], ['dl_src', OFPFW.DL_SRC, '00:00:00:00:00:00'], ['dl_dst', OFPFW.DL_DST, '00:00:00:00:00:00'],
  ['dl_vlan', OFPFW.DL_VLAN, 0], ['dl_vlan_pcp', OFPFW.DL_VLAN_PCP, 0], ['dl_type', OFPFW.DL_TYPE, 0], ['nw_tos', OFPFW.NW_TOS, 0],
  ['nw_proto', OFPFW.NW_PROTO, 0], ['tp_src', OFPFW.TP_SRC, 0], ['tp_dst', OFPFW.TP_DST, 0],
];

/** `a.b.c.d`, `a.b.c.d/len` or `a.b.c.d/netmask` → address and prefix length; undefined when absent. */
export function ipv4Prefix(v: unknown, field: string, at: number): { addr: unknown; prefix: number } | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || !v.includes('/')) return { addr: v, prefix: 32 };
  const [addr, suffix] = v.split('/', 2) as [string, string];
  let prefix: number;
  if (/^\d{1,2}$/.test(suffix)) {
    prefix = Number(suffix);
  } else {
    const parts = suffix.split('.');
    const mask = parts.length === 4 && parts.every((p) => /^\d{1,3}$/.test(p) && +p <= 255)
      ? parts.reduce((n, p) => n * 256 + Number(p), 0) : -1;
    // A netmask must be contiguous ones then zeros: the 1.0 match can say nothing else.
    prefix = mask < 0 ? -1 : 32 - Math.log2(2 ** 32 - mask);
    if (!Number.isInteger(prefix)) prefix = -1;
  }
  if (!(prefix >= 0 && prefix <= 32)) {
    throw new CodecError('bad_value', field, at, `'${v}' needs a prefix length 0-32 or a contiguous netmask after the '/'`);
  }
  return { addr, prefix };
}

/** Whether s has a '/' (a prefix or netmask): a loop the compiler inlines, where includes() is a call per address. */
function hasSlash(s: string): boolean {
  for (let i = s.length - 1; i >= 0; i--) if (s.charCodeAt(i) === 47) return true;
  return false;
}

export function prepareMatch10(value: Record<string, unknown>, path: string, at: number): Record<string, unknown> {
  // The common case (a decoded match, or one with its wildcards given and plain addresses): as it is.
  const ns = value['nw_src'], nd = value['nw_dst'];
  if (value['wildcards'] !== undefined && !(typeof ns === 'string' && hasSlash(ns)) && !(typeof nd === 'string' && hasSlash(nd))) return value;
  const src = ipv4Prefix(value['nw_src'], `${path}.nw_src`, at);
  const dst = ipv4Prefix(value['nw_dst'], `${path}.nw_dst`, at);
  const srcPrefix = src !== undefined && src.prefix !== 32;
  const dstPrefix = dst !== undefined && dst.prefix !== 32;
  const given = value['wildcards'];
  if (given !== undefined && !srcPrefix && !dstPrefix) return value;
  const out: Record<string, unknown> = { ...value };
  let wildcards: number;
  if (given !== undefined) {
    if (typeof given !== 'number') return value; // a spelling for the encoder to judge (and report)
    wildcards = given;
  } else {
    wildcards = 0;
    for (const [name, bit, zero] of FIELD_BITS) {
      if (value[name] === undefined) {
        wildcards |= bit;
        out[name] = zero;
      }
    }
  }
  const setBits = (p: { prefix: number } | undefined, shift: number, mask: number): void => {
    if (p === undefined) {
      if (given === undefined) wildcards = (wildcards & ~mask) | (32 << shift);
      return;
    }
    if (given === undefined || p.prefix !== 32) wildcards = (wildcards & ~mask) | ((32 - p.prefix) << shift);
  };
  setBits(src, OFPFW.NW_SRC_SHIFT, OFPFW.NW_SRC_MASK);
  setBits(dst, OFPFW.NW_DST_SHIFT, OFPFW.NW_DST_MASK);
  out['nw_src'] = src ? src.addr : '0.0.0.0';
  out['nw_dst'] = dst ? dst.addr : '0.0.0.0';
  out['wildcards'] = wildcards >>> 0;
  return out;
}
