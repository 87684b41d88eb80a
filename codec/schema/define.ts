/**
 * Builders for the schema language (see types.ts) and the static layout they
 * compute. Schemas are plain data built once at module load.
 *
 * Added for 1.4/1.5 and the Open vSwitch dialect (a schema compiler must
 * know them): `align` anywhere in a struct, and `align(to, true)` as a last
 * member counted by the self length; a union whose variants name the tag
 * with different enums reads and writes all their names (mergeEnums). Two
 * custom definitions recurse at run time with a depth bound: Nicira nested
 * actions (codec/nicira/actions.ts) and carried messages, decoded by the
 * registry's schema for their own version (codec/of14/messages.ts).
 */
import type {
  AlignMember, CountMember, CustomDef, Def, EnumDef, LengthMember, ListMember, Member, OfErrorCode, PadMember,
  RestMember, ScalarMember, ScalarType, StructDef, StructLayout, StructMember, UnionDef,
} from './types.js';

export function enumOf(name: string, entries: Record<string, number>): EnumDef {
  const byValue = new Map<number, string>();
  const byName = new Map<string, number>();
  for (const [k, v] of Object.entries(entries)) {
    if (!byValue.has(v)) byValue.set(v, k);
    byName.set(k, v);
  }
  return { name, byValue, byName };
}

interface ScalarOpts { enum?: EnumDef; fixed?: number; default?: number | bigint | string; doc?: string; enumBy?: ScalarMember['enumBy'] }

function scalar(type: ScalarType, size: number, name: string, opts: ScalarOpts = {}): ScalarMember {
  return { kind: 'scalar', name, type, size, ...opts };
}

export const u8 = (name: string, opts?: ScalarOpts) => scalar('u8', 1, name, opts);
export const u16 = (name: string, opts?: ScalarOpts) => scalar('u16', 2, name, opts);
export const u32 = (name: string, opts?: ScalarOpts) => scalar('u32', 4, name, opts);
/** 64-bit fields decode to bigint so datapath ids and cookies keep every bit. */
export const u64 = (name: string, opts?: ScalarOpts) => scalar('u64', 8, name, opts);
export const mac = (name: string) => scalar('mac', 6, name);
export const ipv4 = (name: string) => scalar('ipv4', 4, name);
export const ipv6 = (name: string) => scalar('ipv6', 16, name);
/** Fixed-size opaque bytes. */
export const bytes = (name: string, size: number) => scalar('bytes', size, name);
/** Fixed-size NUL-padded ASCII string (port names, descriptions). */
export const str = (name: string, size: number) => scalar('string', size, name);
export const pad = (size: number): PadMember => ({ kind: 'pad', size });
/**
 * Zero padding to a multiple of `to` bytes from the struct start. As the last member it is not
 * counted by the struct's self length (hello elements, 1.3 match); anywhere else it is part of the
 * struct (the padding after an NXM match whose `match_len` counts only the TLVs). `counted`
 * makes a last align part of the struct too (1.5 copy_field: its `len` covers the padding).
 */
export const align = (to: number, counted = false): AlignMember => (counted ? { kind: 'align', to, counted } : { kind: 'align', to });
/** A length field covering the enclosing struct (`of` omitted) or a later member. */
export const len = (name: string, type: 'u8' | 'u16' | 'u32' = 'u16', of = 'self'): LengthMember => ({
  kind: 'length', name, type, size: type === 'u8' ? 1 : type === 'u16' ? 2 : 4, of,
});
/** The element count of a later list member (see CountMember). */
export const count = (name: string, type: 'u8' | 'u16' | 'u32', of: string): CountMember => ({
  kind: 'count', name, type, size: type === 'u8' ? 1 : type === 'u16' ? 2 : 4, of,
});
export const sub = (name: string, def: Def): StructMember => ({ kind: 'struct', name, def });
export const list = (name: string, of: Def | ScalarMember, count?: number): ListMember =>
  count === undefined ? { kind: 'list', name, of } : { kind: 'list', name, of, count };
export const rest = (name: string): RestMember => ({ kind: 'rest', name });

/** Static size of a definition, or -1 when it varies. */
export function staticSize(def: Def | ScalarMember): number {
  if (def.kind === 'scalar') return def.size;
  if (def.kind === 'struct') return def.layout.fixed ? def.layout.size : -1;
  return -1;
}

function computeLayout(name: string, members: readonly Member[]): StructLayout {
  const offsets: Record<string, number> = {};
  const sizes: Record<string, number> = {};
  let off = 0;
  let isStatic = true;
  let selfLength: StructLayout['selfLength'];
  let alignTo: number | undefined;
  const names = new Set<string>();
  for (let i = 0; i < members.length; i++) {
    const m = members[i]!;
    if ('name' in m) {
      if (names.has(m.name)) throw new Error(`schema: ${name}.${m.name} declared twice`);
      names.add(m.name);
    }
    if (m.kind === 'length' && m.of !== 'self' && !members.slice(i + 1).some((t) => 'name' in t && t.name === m.of)) {
      throw new Error(`schema: ${name}.${m.name} covers unknown later member ${m.of}`);
    }
    if (m.kind === 'count' && !members.slice(i + 1).some((t) => t.kind === 'list' && t.name === m.of && t.count === undefined)) {
      throw new Error(`schema: ${name}.${m.name} counts unknown later list ${m.of}`);
    }
    if (m.kind === 'align') {
      if (i === members.length - 1 && !m.counted) { alignTo = m.to; continue; }
      // Mid-struct alignment (NXM match padding): zeros up to a multiple of `to` from the struct start.
      if (isStatic) {
        const p = (m.to - (off % m.to)) % m.to;
        off += p;
      }
      continue;
    }
    let size = -1;
    switch (m.kind) {
      case 'scalar': case 'pad': case 'length': case 'count': size = m.size; break;
      case 'struct': size = staticSize(m.def); break;
      case 'list': {
        const el = staticSize(m.of);
        size = m.count !== undefined && el >= 0 ? m.count * el : -1;
        break;
      }
      case 'rest': size = -1; break;
    }
    if (!isStatic) continue;
    if ('name' in m) offsets[m.name] = off;
    if (m.kind === 'length' && m.of === 'self') selfLength = { offset: off, size: m.size };
    if (size < 0) { isStatic = false; continue; }
    if ('name' in m) sizes[m.name] = size;
    off += size;
  }
  const layout: StructLayout = { offsets, sizes, size: off, fixed: isStatic && alignTo === undefined };
  return {
    ...layout,
    ...(selfLength ? { selfLength } : {}),
    ...(alignTo !== undefined ? { align: alignTo } : {}),
  };
}

export interface StructOpts {
  /** OpenFlow error to report when the struct's own length field is impossible. */
  lengthError?: OfErrorCode;
  encodePrepare?: StructDef['encodePrepare'];
}

export function struct(name: string, members: readonly Member[], opts: StructOpts = {}): StructDef {
  return {
    kind: 'struct', name, members, layout: computeLayout(name, members),
    ...(opts.lengthError ? { lengthError: opts.lengthError } : {}),
    ...(opts.encodePrepare ? { encodePrepare: opts.encodePrepare } : {}),
  };
}

/** Tag value of a union variant: the struct's fixed discriminator, or the nested union's `when`. */
function variantKey(union: string, tag: string, v: Def): number {
  if (v.kind === 'struct') {
    const m = v.members.find((x) => x.kind === 'scalar' && x.name === tag) as ScalarMember | undefined;
    if (!m || m.fixed === undefined) throw new Error(`schema: ${union} variant ${v.name} has no fixed ${tag}`);
    return m.fixed;
  }
  if (v.when === undefined) throw new Error(`schema: ${union} variant ${v.name} has no 'when'`);
  return v.when;
}

function tagLocation(tag: string, v: Def): { offset: number; size: number; enum?: EnumDef } | undefined {
  if (v.kind === 'struct') {
    const off = v.layout.offsets[tag];
    const m = v.members.find((x) => x.kind === 'scalar' && x.name === tag) as ScalarMember | undefined;
    if (off === undefined || !m) return undefined;
    return { offset: off, size: m.size, ...(m.enum ? { enum: m.enum } : {}) };
  }
  if (v.kind === 'union') {
    for (const inner of [...v.variants.values(), ...(v.fallback ? [v.fallback] : [])]) {
      const loc = tagLocation(tag, inner);
      if (loc) return loc;
    }
  }
  return undefined;
}

export interface UnionOpts {
  /** Opaque struct for unknown codes; it must hold `tag` at the same offset. */
  fallback?: StructDef;
  unknownError?: OfErrorCode;
  when?: number;
}

export function union(name: string, tag: string, variants: readonly Def[], opts: UnionOpts = {}): UnionDef {
  const map = new Map<number, Def>();
  let loc: { offset: number; size: number; enum?: EnumDef } | undefined;
  for (const v of [...variants, ...(opts.fallback ? [opts.fallback] : [])]) {
    const l = tagLocation(tag, v);
    if (!l) throw new Error(`schema: ${name}: variant ${v.name} has no static ${tag}`);
    if (loc && (l.offset !== loc.offset || l.size !== loc.size)) {
      throw new Error(`schema: ${name}: ${v.name}.${tag} is not where the other variants have it`);
    }
    loc ??= l;
    if (!loc.enum && l.enum) loc = l;
  }
  // Variants may name their tag with different enums (a 1.5 action type in a union of 1.3 ones):
  // the union reads and writes the names of all of them.
  const tagEnums = new Set<EnumDef>();
  for (const v of [...variants, ...(opts.fallback ? [opts.fallback] : [])]) {
    const e = tagLocation(tag, v)?.enum;
    if (e) tagEnums.add(e);
  }
  if (loc && tagEnums.size > 1) loc = { ...loc, enum: mergeEnums([...tagEnums]) };
  for (const v of variants) {
    const k = variantKey(name, tag, v);
    if (map.has(k)) throw new Error(`schema: ${name}: two variants for ${tag}=${k}`);
    map.set(k, v);
  }
  if (!loc) throw new Error(`schema: ${name}: no variants`);
  return {
    kind: 'union', name, tag, tagOffset: loc.offset, tagSize: loc.size, variants: map,
    ...(loc.enum ? { tagEnum: loc.enum } : {}),
    ...(opts.fallback ? { fallback: opts.fallback } : {}),
    ...(opts.unknownError ? { unknownError: opts.unknownError } : {}),
    ...(opts.when !== undefined ? { when: opts.when } : {}),
  };
}

/** One enum holding every name of `es` (the first enum's name and, for a shared code, its name win). */
export function mergeEnums(es: readonly EnumDef[]): EnumDef {
  const byValue = new Map<number, string>();
  const byName = new Map<string, number>();
  for (const e of es) {
    for (const [v, n] of e.byValue) if (!byValue.has(v)) byValue.set(v, n);
    for (const [n, v] of e.byName) if (!byName.has(n)) byName.set(n, v);
  }
  return { name: es[0]!.name, byValue, byName };
}

export function custom(def: Omit<CustomDef, 'kind'>): CustomDef {
  return { kind: 'custom', ...def };
}

/** Look up a struct member's static offset, failing loudly at load time if the schema changed shape. */
export function offsetOf(def: StructDef, member: string): number {
  const o = def.layout.offsets[member];
  if (o === undefined) throw new Error(`schema: ${def.name}.${member} has no static offset`);
  return o;
}
