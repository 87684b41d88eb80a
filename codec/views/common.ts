/**
 * Shared pieces of the hot-path views: schema lookups done once at module
 * load, error values (allocated only when something is wrong) and the
 * header checks every view's `bind` starts with.
 *
 * A view is allocated once and re-pointed at each message with
 * `bind(buf, off, len)`. `bind` validates everything its getters rely on and
 * returns `null` on success or a DecodeError value; after a successful bind no
 * getter can fail or read outside [off, off + length). After a failed bind the
 * view points at a zero-filled placeholder, so stray reads give zeros, never
 * another message's bytes.
 */
import { BAD_LEN, BAD_TYPE, BAD_VERSION, type DecodeError, type DecodeErrorCode } from '../schema/errors.js';
import type { Member, OfErrorCode, ScalarMember, StructDef } from '../schema/types.js';
import { offsetOf } from '../schema/define.js';
import { r16 } from './bytes.js';

export type { DecodeError };
export { offsetOf };

/** Zero bytes a view points at after a failed bind (larger than any static prefix a view reads). */
export const PLACEHOLDER = Buffer.alloc(1024);

export function viewError(code: DecodeErrorCode, field: string, offset: number, detail: string, ofError: OfErrorCode = BAD_LEN): DecodeError {
  return { code, field, offset, message: `${code}: ${field} at offset ${offset} ${detail}`, ofError };
}

export function truncatedError(field: string, offset: number, need: number, left: number): DecodeError {
  return viewError('truncated', field, offset, `needs ${need} bytes, ${Math.max(0, left)} left`);
}

/** The fixed value a schema gives a scalar member (a message's header `type`, an action's `type`). */
export function fixedOf(def: StructDef, member: string): number {
  const m = def.members.find((x) => x.kind === 'scalar' && x.name === member) as ScalarMember | undefined;
  if (!m || m.fixed === undefined) throw new Error(`views: ${def.name}.${member} has no fixed value`);
  return m.fixed;
}

/** Static size of a member (fails at load if the schema changed shape). */
export function sizeOf(def: StructDef, member: string): number {
  const s = def.layout.sizes[member];
  if (s === undefined) throw new Error(`views: ${def.name}.${member} has no static size`);
  return s;
}

/** The static prefix size of a struct, asserting it is what the spec says. */
export function prefixSize(def: StructDef, expected?: number): number {
  const n = def.layout.size;
  if (expected !== undefined && n !== expected) throw new Error(`views: ${def.name} static part is ${n} bytes, spec says ${expected}`);
  return n;
}

/** Fixed-size struct size, asserting the struct is fixed. */
export function fixedSize(def: StructDef, expected?: number): number {
  if (!def.layout.fixed) throw new Error(`views: ${def.name} is not fixed-size`);
  return prefixSize(def, expected);
}

/** Total size of the pad members between two named members (e.g. the pad after the 1.3 match). */
export function padBetween(def: StructDef, after: string, before: string): number {
  const ms: readonly Member[] = def.members;
  const i = ms.findIndex((m) => 'name' in m && m.name === after);
  const j = ms.findIndex((m) => 'name' in m && m.name === before);
  if (i < 0 || j < 0 || j <= i) throw new Error(`views: ${def.name} has no ${after} ... ${before}`);
  let n = 0;
  for (let k = i + 1; k < j; k++) {
    const m = ms[k]!;
    if (m.kind !== 'pad') throw new Error(`views: ${def.name}: unexpected member between ${after} and ${before}`);
    n += m.size;
  }
  return n;
}

/** Element size of a list member whose elements are scalars or fixed structs. */
export function listElementSize(def: StructDef, member: string): number {
  const m = def.members.find((x) => x.kind === 'list' && x.name === member);
  if (!m || m.kind !== 'list') throw new Error(`views: ${def.name}.${member} is not a list`);
  const el = m.of;
  const n = el.kind === 'scalar' ? el.size : el.kind === 'struct' && el.layout.fixed ? el.layout.size : -1;
  if (n <= 0) throw new Error(`views: ${def.name}.${member} has variable-size elements`);
  return n;
}

/** Static pad ranges of a struct as flat [offset, size, offset, size, ...] (writers zero only these). */
export function padRanges(def: StructDef): number[] {
  const r: number[] = [];
  let off = 0;
  for (const m of def.members) {
    if (m.kind === 'align') break;
    const size = m.kind === 'scalar' || m.kind === 'pad' || m.kind === 'length' || m.kind === 'count' ? m.size
      : m.kind === 'struct' && m.def.kind === 'struct' && m.def.layout.fixed ? m.def.layout.size : -1;
    if (size < 0) break;
    if (m.kind === 'pad') r.push(off, size);
    off += size;
  }
  return r;
}

/** Look a struct up by its spec name in a schema's defs (fails at load when absent). */
export function structIn(defs: Readonly<Record<string, unknown>>, name: string): StructDef {
  const d = defs[name] as StructDef | undefined;
  if (!d || d.kind !== 'struct') throw new Error(`views: schema has no struct ${name}`);
  return d;
}

/** Header offsets, shared by both versions (checked against each schema by the version modules). */
export interface HeaderOffsets { version: number; type: number; length: number; xid: number; size: number }

export function headerOffsets(def: StructDef): HeaderOffsets {
  return {
    version: offsetOf(def, 'version'), type: offsetOf(def, 'type'), length: offsetOf(def, 'length'), xid: offsetOf(def, 'xid'),
    size: offsetOf(def, 'xid') + sizeOf(def, 'xid'),
  };
}

/**
 * The checks every message view starts with. Returns the message length
 * (from the header, at most `len`) or a DecodeError. `min` is the static size
 * the view reads; the version byte must be in [wire, wireMax] (a 1.3 layout
 * that 1.4 and 1.5 kept is read by one view).
 */
export function checkMessage(
  buf: Buffer, off: number, len: number, wire: number, type: number, min: number, name: string, H: HeaderOffsets,
  wireMax: number = wire,
): number | DecodeError {
  if (!(off >= 0 && len >= 0 && off + len <= buf.length)) {
    return viewError('truncated', name, off, `: region [${off}, ${off}+${len}) is outside a ${buf.length}-byte buffer`);
  }
  if (len < H.size) return truncatedError('ofp_header', off, H.size, len);
  const v = buf[off + H.version]!;
  if (v < wire || v > wireMax) {
    return viewError('bad_version', 'ofp_header.version', off + H.version, `is ${v}, this view reads ${wire === wireMax ? wire : `${wire}-${wireMax}`}`, BAD_VERSION);
  }
  const t = buf[off + H.type]!;
  if (t !== type) return viewError('unknown_type', `${name}.type`, off + H.type, `is ${t}, this view reads ${type}`, BAD_TYPE);
  const n = r16(buf, off + H.length);
  if (n < min) return viewError('bad_length', `${name}.length`, off + H.length, `is ${n}, less than the ${min}-byte fixed part`);
  if (n > len) return truncatedError(name, off, n, len);
  return n;
}

/** 48-bit MAC at buf[off..off+6) as a number: an allocation-free map key (exact below 2^53). */
export function macKey(buf: Buffer, off: number): number {
  return (buf[off]! * 0x10000 + ((buf[off + 1]! << 8) | buf[off + 2]!)) * 0x1000000 + ((buf[off + 3]! << 16) | (buf[off + 4]! << 8) | buf[off + 5]!);
}

/** Write a macKey back as 6 bytes. */
export function writeMacKey(key: number, buf: Buffer, off: number): void {
  const hi = Math.floor(key / 0x1000000);
  const lo = key - hi * 0x1000000;
  buf[off] = hi >>> 16; buf[off + 1] = (hi >>> 8) & 0xff; buf[off + 2] = hi & 0xff;
  buf[off + 3] = lo >>> 16; buf[off + 4] = (lo >>> 8) & 0xff; buf[off + 5] = lo & 0xff;
}

/** Round n up to a multiple of `to`. */
export function roundUp(n: number, to: number): number {
  return Math.ceil(n / to) * to;
}
