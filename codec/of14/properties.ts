/**
 * Property lists, the TLVs 1.4 brought to ports, tables, queues, roles,
 * async configuration and bundles (1.4 section 7.2.1.x...): a `type`, a
 * `length` that excludes the padding to 8 bytes, then the type's fields.
 * Each list is a union on `type`: known types by name, the experimenter type
 * as `{ experimenter, exp_type, data }`, and any other type as opaque `body`
 * bytes; all re-encode byte-exact.
 */
import { align, len, rest, struct, u16, u32, union } from '../schema/define.js';
import type { EnumDef, Member, StructDef, UnionDef } from '../schema/types.js';

/** The head of a property of one type: `type` fixed, then `length`. */
export function propHead(type: number, e: EnumDef): Member[] {
  return [u16('type', { fixed: type, enum: e }), len('length')];
}

/** A property struct: head, fields, padding to 8 that `length` does not count. */
export function prop(name: string, type: number, e: EnumDef, fields: Member[]): StructDef {
  return struct(name, [...propHead(type, e), ...fields, align(8)]);
}

/** The property union of one list: `known` by type, experimenter and opaque fallback. */
export function propList(name: string, e: EnumDef, known: StructDef[], experimenterTypes: number[] = [0xffff]): UnionDef {
  const exp = experimenterTypes.map((t, i) => struct(`${name}_experimenter${i ? `_${i}` : ''}`, [
    ...propHead(t, e), u32('experimenter'), u32('exp_type'), rest('data'), align(8),
  ]));
  const unknown = struct(`${name}_unknown`, [u16('type', { enum: e }), len('length'), rest('body'), align(8)]);
  return union(name, 'type', [...known, ...exp], { fallback: unknown });
}
