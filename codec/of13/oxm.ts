/**
 * OXM TLVs (OpenFlow Extensible Match), the one custom definition of 1.3:
 * a 32-bit header packs class (16 bits), field (7), hasmask (1) and the
 * payload length (8), which the member kinds cannot state.
 *
 * The 40 OpenFlow-basic fields come from one table (code, value width,
 * value type); a basic TLV whose length is not the field's width (or twice
 * it with a mask) is a bad_length error naming the field. Every other class
 * (Nicira NXM_0/NXM_1, experimenter, unknown) and unknown basic fields are
 * kept as opaque bytes that re-encode byte-exact.
 *
 * Decoded form: `{ class, field, hasmask, length, value, mask? }` (known
 * basic fields; `mask` only when hasmask) or `{ class, field, hasmask,
 * length, [experimenter,] body }` (opaque). `length` is recomputed on encode.
 */
import { custom } from '../schema/define.js';
import { bytesView } from '../schema/bytes.js';
import { readScalar } from '../schema/decode.js';
import { writeScalar, toBytes } from '../schema/encode.js';
import { CodecError, truncated } from '../schema/errors.js';
import type { CustomDef, OfErrorCode, ScalarMember } from '../schema/types.js';
import type { GrowBuffer } from '../schema/writer.js';
import { OFPXMC, ofpOxmClass } from './enums.js';

export type OxmValueType = 'uint' | 'mac' | 'ipv4' | 'ipv6';

export interface OxmFieldSpec {
  /** Spec name without prefix, e.g. `IN_PORT` (full name `OFPXMT_OFB_IN_PORT`). */
  readonly name: string;
  readonly code: number;
  /** Value width in bytes (the mask, when present, has the same width). */
  readonly width: number;
  readonly type: OxmValueType;
  /** Whether the spec allows a mask on this field. */
  readonly maskable: boolean;
  /** First wire version that defines the field (4 = 1.3, 5 = 1.4, 6 = 1.5). */
  readonly since: number;
}

/**
 * The OpenFlow-basic match fields, one row each: name, code, value width in bytes, value type,
 * maskable, first wire version (4 when absent). The 40 of 1.3 (spec table 12 / `enum
 * oxm_ofb_match_fields`), then 1.4's and 1.5's (one table: a field's layout never changed).
 * `as const`: the TypeScript type of each field's value is read from its row (./oxm-types.ts).
 */
export const OXM_OFB_TABLE = [
  ['IN_PORT', 0, 4, 'uint', false],
  ['IN_PHY_PORT', 1, 4, 'uint', false],
  ['METADATA', 2, 8, 'uint', true],
  ['ETH_DST', 3, 6, 'mac', true],
  ['ETH_SRC', 4, 6, 'mac', true],
  ['ETH_TYPE', 5, 2, 'uint', false],
  ['VLAN_VID', 6, 2, 'uint', true],
  ['VLAN_PCP', 7, 1, 'uint', false],
  ['IP_DSCP', 8, 1, 'uint', false],
  ['IP_ECN', 9, 1, 'uint', false],
  ['IP_PROTO', 10, 1, 'uint', false],
  ['IPV4_SRC', 11, 4, 'ipv4', true],
  ['IPV4_DST', 12, 4, 'ipv4', true],
  ['TCP_SRC', 13, 2, 'uint', false],
  ['TCP_DST', 14, 2, 'uint', false],
  ['UDP_SRC', 15, 2, 'uint', false],
  ['UDP_DST', 16, 2, 'uint', false],
  ['SCTP_SRC', 17, 2, 'uint', false],
  ['SCTP_DST', 18, 2, 'uint', false],
  ['ICMPV4_TYPE', 19, 1, 'uint', false],
  ['ICMPV4_CODE', 20, 1, 'uint', false],
  ['ARP_OP', 21, 2, 'uint', false],
  ['ARP_SPA', 22, 4, 'ipv4', true],
  ['ARP_TPA', 23, 4, 'ipv4', true],
  ['ARP_SHA', 24, 6, 'mac', true],
  ['ARP_THA', 25, 6, 'mac', true],
  ['IPV6_SRC', 26, 16, 'ipv6', true],
  ['IPV6_DST', 27, 16, 'ipv6', true],
  ['IPV6_FLABEL', 28, 4, 'uint', true],
  ['ICMPV6_TYPE', 29, 1, 'uint', false],
  ['ICMPV6_CODE', 30, 1, 'uint', false],
  ['IPV6_ND_TARGET', 31, 16, 'ipv6', false],
  ['IPV6_ND_SLL', 32, 6, 'mac', false],
  ['IPV6_ND_TLL', 33, 6, 'mac', false],
  ['MPLS_LABEL', 34, 4, 'uint', false],
  ['MPLS_TC', 35, 1, 'uint', false],
  ['MPLS_BOS', 36, 1, 'uint', false],
  ['PBB_ISID', 37, 3, 'uint', true],
  ['TUNNEL_ID', 38, 8, 'uint', true],
  ['IPV6_EXTHDR', 39, 2, 'uint', true],
  ['PBB_UCA', 41, 1, 'uint', false, 5],
  ['TCP_FLAGS', 42, 2, 'uint', true, 6],
  ['ACTSET_OUTPUT', 43, 4, 'uint', false, 6],
  ['PACKET_TYPE', 44, 4, 'uint', false, 6],
] as const;

/** The table as records. (The TypeScript types of OXM values come from OXM_OFB_TABLE too: ./oxm-types.ts.) */
export const OXM_OFB_FIELDS: readonly OxmFieldSpec[] = OXM_OFB_TABLE.map(([name, code, width, type, maskable, since]) => ({ name, code, width, type, maskable, since: since ?? 4 }));

export const OXM_PREFIX = 'OFPXMT_OFB_';
export const byCode = new Map(OXM_OFB_FIELDS.map((f) => [f.code, f]));
const byName = new Map(OXM_OFB_FIELDS.map((f) => [`${OXM_PREFIX}${f.name}`, f]));

/** OpenFlow error for a malformed OXM TLV: OFPET_BAD_MATCH / OFPBMC_BAD_LEN. */
export const BAD_MATCH_LEN: OfErrorCode = { type: 4, code: 1 };

function scalarFor(f: OxmFieldSpec): ScalarMember | undefined {
  const name = `${OXM_PREFIX}${f.name}`;
  switch (f.type) {
    case 'mac': return { kind: 'scalar', name, type: 'mac', size: 6 };
    case 'ipv4': return { kind: 'scalar', name, type: 'ipv4', size: 4 };
    case 'ipv6': return { kind: 'scalar', name, type: 'ipv6', size: 16 };
    case 'uint':
      if (f.width === 1) return { kind: 'scalar', name, type: 'u8', size: 1 };
      if (f.width === 2) return { kind: 'scalar', name, type: 'u16', size: 2 };
      if (f.width === 4) return { kind: 'scalar', name, type: 'u32', size: 4 };
      if (f.width === 8) return { kind: 'scalar', name, type: 'u64', size: 8 };
      return undefined; // 24-bit PBB_ISID is read by hand
  }
}
const scalars = new Map(OXM_OFB_FIELDS.map((f) => [f.code, scalarFor(f)]));

function readField(f: OxmFieldSpec, buf: Buffer, off: number): unknown {
  const s = scalars.get(f.code);
  if (s) return readScalar(s, buf, off, undefined);
  return buf.readUIntBE(off, f.width);
}

function writeField(f: OxmFieldSpec, v: unknown, w: GrowBuffer, path: string): void {
  const s = scalars.get(f.code);
  if (s) return writeScalar(s, v, undefined, w, path);
  const n = typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v;
  const max = 2 ** (8 * f.width) - 1;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > max) {
    throw new CodecError('bad_value', path, w.pos, `${String(v)} does not fit in ${f.width} byte(s)`);
  }
  w.ensure(f.width);
  w.buf.writeUIntBE(n, w.pos, f.width);
  w.pos += f.width;
}

function className(c: number): string | number {
  return ofpOxmClass.byValue.get(c) ?? c;
}

function code(v: unknown, names: ReadonlyMap<string, number>, path: string, w: GrowBuffer, max: number): number {
  let n: number | undefined;
  if (typeof v === 'number') n = v;
  else if (typeof v === 'string') n = names.get(v) ?? (/^(0x[0-9a-f]+|\d+)$/i.test(v) ? Number(v) : undefined);
  if (n === undefined || !Number.isInteger(n) || n < 0 || n > max) {
    throw new CodecError('bad_value', path, w.pos, `${String(v)} is not a valid value here`);
  }
  return n;
}

const fieldNames = new Map([...byName].map(([k, f]) => [k, f.code]));

/** Decode one OXM TLV at buf[start, end). */
export function decodeOxm(buf: Buffer, start: number, end: number): { value: unknown; size: number } {
  const header = buf.readUInt32BE(start);
  const cls = header >>> 16;
  const fieldCode = (header >>> 9) & 0x7f;
  const hasmask = (header & 0x100) !== 0;
  const length = header & 0xff;
  const spec = cls === OFPXMC.OPENFLOW_BASIC ? byCode.get(fieldCode) : undefined;
  const where = spec ? `ofp_oxm.${OXM_PREFIX}${spec.name}` : 'ofp_oxm';
  if (start + 4 + length > end) throw truncated(where, start + 4, length, end - start - 4);
  const size = 4 + length;
  if (spec) {
    const want = hasmask ? 2 * spec.width : spec.width;
    if (length !== want) {
      throw new CodecError('bad_length', where, start + 3,
        `has length ${length}, but ${OXM_PREFIX}${spec.name} ${hasmask ? 'with a mask ' : ''}is ${want} bytes`, BAD_MATCH_LEN);
    }
    const value: Record<string, unknown> = {
      class: className(cls), field: `${OXM_PREFIX}${spec.name}`, hasmask, length,
      value: readField(spec, buf, start + 4),
    };
    if (hasmask) value['mask'] = readField(spec, buf, start + 4 + spec.width);
    return { value, size };
  }
  const value: Record<string, unknown> = { class: className(cls), field: fieldCode, hasmask, length };
  if (cls === OFPXMC.EXPERIMENTER && length >= 4) {
    value['experimenter'] = buf.readUInt32BE(start + 4);
    value['body'] = bytesView(buf, start + 8, start + size);
  } else {
    value['body'] = bytesView(buf, start + 4, start + size);
  }
  return { value, size };
}

export function encodeOxm(value: any, w: GrowBuffer, path: string): void {
  if (value === null || typeof value !== 'object') throw new CodecError('bad_value', path, w.pos, 'needs an object for ofp_oxm');
  const cls = code(value.class ?? OFPXMC.OPENFLOW_BASIC, ofpOxmClass.byName, `${path}.class`, w, 0xffff);
  if (value.body !== undefined) {
    const field = code(value.field, fieldNames, `${path}.field`, w, 0x7f);
    const body = toBytes(value.body, `${path}.body`, w);
    const hasExp = value.experimenter !== undefined;
    const length = body.length + (hasExp ? 4 : 0);
    if (length > 255) throw new CodecError('bad_value', `${path}.body`, w.pos, `OXM payload of ${length} bytes exceeds 255`);
    w.ensure(4);
    w.buf.writeUInt32BE(((cls << 16) | (field << 9) | (value.hasmask ? 0x100 : 0) | length) >>> 0, w.pos);
    w.pos += 4;
    if (hasExp) {
      const e = Number(value.experimenter);
      if (!Number.isInteger(e) || e < 0 || e > 0xffffffff) throw new CodecError('bad_value', `${path}.experimenter`, w.pos, 'needs a 32-bit number');
      w.ensure(4);
      w.buf.writeUInt32BE(e, w.pos);
      w.pos += 4;
    }
    w.bytes(body);
    return;
  }
  if (cls !== OFPXMC.OPENFLOW_BASIC) throw new CodecError('bad_value', `${path}.body`, w.pos, 'is missing (non-basic OXM classes are opaque)');
  const fcode = code(value.field, fieldNames, `${path}.field`, w, 0x7f);
  const spec = byCode.get(fcode);
  if (!spec) throw new CodecError('bad_value', `${path}.field`, w.pos, `${String(value.field)} is not a known basic field; give 'body' bytes`);
  const hasmask = value.mask !== undefined && value.mask !== null;
  const length = hasmask ? 2 * spec.width : spec.width;
  w.ensure(4);
  w.buf.writeUInt32BE(((cls << 16) | (fcode << 9) | (hasmask ? 0x100 : 0) | length) >>> 0, w.pos);
  w.pos += 4;
  if (value.value === undefined) throw new CodecError('bad_value', `${path}.value`, w.pos, 'is missing');
  writeField(spec, value.value, w, `${path}.value`);
  if (hasmask) writeField(spec, value.mask, w, `${path}.mask`);
}

/** One OXM TLV (`struct ofp_oxm`: header + value [+ mask]). */
export const ofp_oxm: CustomDef = custom({ name: 'ofp_oxm', headerSize: 4, decode: decodeOxm, encode: encodeOxm });

/**
 * The OXM of an OFPAT_SET_FIELD action: the TLV followed by zero padding so
 * the 4-byte action header plus the TLV end on an 8-byte boundary (the action
 * `len` includes this padding). The padding is dropped from the value and
 * written back as zeros.
 */
export function setFieldPad(oxmSize: number): number {
  return (8 - ((4 + oxmSize) % 8)) % 8;
}

export const ofp_oxm_set_field: CustomDef = custom({
  name: 'ofp_action_set_field.field',
  headerSize: 4,
  decode(buf, start, end) {
    const d = decodeOxm(buf, start, end);
    const padded = d.size + setFieldPad(d.size);
    // The action's own length bounds `end`; padding may be absent only if the action says so.
    return { value: d.value, size: Math.min(padded, end - start) };
  },
  encode(value, w, path) {
    const s = w.pos;
    encodeOxm(value, w, path);
    w.zeros(setFieldPad(w.pos - s));
  },
});

/**
 * An OXM header without a payload, as listed in table-features properties
 * (match, wildcards, set-field capabilities). Experimenter-class headers are
 * followed by their 32-bit experimenter id. `oxm_length` is data here (the
 * length the field would have), not recomputed.
 */
export const ofp_oxm_id: CustomDef = custom({
  name: 'ofp_oxm_id',
  headerSize: 4,
  decode(buf, start, end) {
    const header = buf.readUInt32BE(start);
    const cls = header >>> 16;
    const fieldCode = (header >>> 9) & 0x7f;
    const spec = cls === OFPXMC.OPENFLOW_BASIC ? byCode.get(fieldCode) : undefined;
    const value: Record<string, unknown> = {
      class: className(cls), field: spec ? `${OXM_PREFIX}${spec.name}` : fieldCode,
      hasmask: (header & 0x100) !== 0, oxm_length: header & 0xff,
    };
    if (cls === OFPXMC.EXPERIMENTER) {
      if (start + 8 > end) throw truncated('ofp_oxm_id.experimenter', start + 4, 4, end - start - 4);
      value['experimenter'] = buf.readUInt32BE(start + 4);
      return { value, size: 8 };
    }
    return { value, size: 4 };
  },
  encode(value, w, path) {
    if (value === null || typeof value !== 'object') throw new CodecError('bad_value', path, w.pos, 'needs an object for ofp_oxm_id');
    const cls = code(value.class ?? OFPXMC.OPENFLOW_BASIC, ofpOxmClass.byName, `${path}.class`, w, 0xffff);
    const field = code(value.field, fieldNames, `${path}.field`, w, 0x7f);
    const len = code(value.oxm_length, new Map(), `${path}.oxm_length`, w, 0xff);
    w.ensure(8);
    w.buf.writeUInt32BE(((cls << 16) | (field << 9) | (value.hasmask ? 0x100 : 0) | len) >>> 0, w.pos);
    w.pos += 4;
    if (cls === OFPXMC.EXPERIMENTER) {
      const e = code(value.experimenter, new Map(), `${path}.experimenter`, w, 0xffffffff);
      w.buf.writeUInt32BE(e, w.pos);
      w.pos += 4;
    }
  },
});

/** Look up a basic field by full name (`OFPXMT_OFB_ETH_DST`) or code. */
export function oxmField(nameOrCode: string | number): OxmFieldSpec | undefined {
  return typeof nameOrCode === 'number' ? byCode.get(nameOrCode) : byName.get(nameOrCode);
}
