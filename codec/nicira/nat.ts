/**
 * The address and port range of a Nicira NAT action (ct's nat(...); OVS
 * nicira-ext.h NX_NAT_RANGE_*: facts only). `range_present` says which of
 * these fields follow, in this order: bit 0 ipv4_min, 1 ipv4_max (4 bytes
 * each), 2 ipv6_min, 3 ipv6_max (16 bytes each), 4 proto_min, 5 proto_max
 * (16-bit ports); then zeros to the action's 8-byte end (the action's own
 * `align(8, true)`).
 *
 * The range is read right after `range_present`, which it reads (and, when
 * encoding, finds already written) in the two bytes before it, so the field
 * stays visible and the bits and the fields cannot disagree.
 */
import { custom } from '../schema/define.js';
import { CodecError, truncated } from '../schema/errors.js';
import { formatIpv4, formatIpv6, parseIpv4, parseIpv6 } from '../schema/scalars.js';
import type { CustomDef } from '../schema/types.js';

/** The range fields by presence bit. */
export const NX_NAT_RANGE = [
  ['ipv4_min', 4], ['ipv4_max', 4], ['ipv6_min', 16], ['ipv6_max', 16], ['proto_min', 2], ['proto_max', 2],
] as const;

/** NAT flags (NX_NAT_F_*). */
export const NX_NAT_F = { SRC: 1, DST: 2, PERSISTENT: 4, PROTO_HASH: 8, PROTO_RANDOM: 16 } as const;

export const nx_nat_range: CustomDef = custom({
  name: 'nx_nat_range', headerSize: 0,
  decode(buf, start, end) {
    const present = start >= 2 ? buf.readUInt16BE(start - 2) : 0;
    const value: Record<string, unknown> = {};
    let pos = start;
    NX_NAT_RANGE.forEach(([name, size], bit) => {
      if ((present & (1 << bit)) === 0) return;
      if (pos + size > end) throw truncated(`nx_nat_range.${name}`, pos, size, end - pos);
      value[name] = size === 4 ? formatIpv4(buf, pos) : size === 16 ? formatIpv6(buf, pos) : buf.readUInt16BE(pos);
      pos += size;
    });
    return { value, size: pos - start };
  },
  encode(value, w, path) {
    if (value === null || typeof value !== 'object') throw new CodecError('bad_value', path, w.pos, 'needs an object (the fields range_present names)');
    const present = w.pos >= 2 ? w.buf.readUInt16BE(w.pos - 2) : 0;
    const v = value as Record<string, unknown>;
    for (const k of Object.keys(v)) {
      const bit = NX_NAT_RANGE.findIndex(([n]) => n === k);
      if (bit < 0) throw new CodecError('bad_value', `${path}.${k}`, w.pos, 'is not a NAT range field');
      if (v[k] !== undefined && (present & (1 << bit)) === 0) throw new CodecError('bad_value', `${path}.${k}`, w.pos, `needs bit ${bit} in range_present`);
    }
    NX_NAT_RANGE.forEach(([name, size], bit) => {
      if ((present & (1 << bit)) === 0) return;
      const x = v[name];
      const p = `${path}.${name}`;
      if (x === undefined) throw new CodecError('bad_value', p, w.pos, `is missing (range_present has bit ${bit})`);
      w.ensure(size);
      if (size === 2) {
        if (typeof x !== 'number' || !Number.isInteger(x) || x < 0 || x > 0xffff) throw new CodecError('bad_value', p, w.pos, 'needs a port 0..65535');
        w.buf.writeUInt16BE(x, w.pos);
      } else if (!(size === 4 ? parseIpv4 : parseIpv6)(String(x), w.buf, w.pos)) {
        throw new CodecError('bad_value', p, w.pos, `needs an IPv${size === 4 ? 4 : 6} address`);
      }
      w.pos += size;
    });
  },
});
