/**
 * TypeScript types of messages, generated from the schema (the one
 * description of every struct): for each registered version, the decoded
 * form of every message (a union discriminated by `version` and `type`; enum
 * fields as unions of their names, or a number for codes without one; u64 as
 * bigint; byte fields as Uint8Array) and the form encodeMessage accepts
 * (length fields, fields with a spec default or a fixed value optional; the
 * text spellings the encoder takes).
 *
 *   npm run gen:types          writes codec/types/messages.ts
 *   test/codec/types-fresh.test.ts fails when that file differs from what the schema gives.
 *
 * Custom definitions (hand-written codecs, e.g. OXM) have no members to read:
 * their types are named in CUSTOM below (OXM's come from its field table,
 * codec/of13/oxm-types.ts).
 */
import type { Def, EnumDef, Member, ScalarMember, StructDef, UnionDef } from './types.js';

/** Types of the custom definitions, declared once in the generated file's preamble. */
const CUSTOM: Record<string, { decoded: string; input: string }> = {
  ofp_oxm: { decoded: 'Oxm', input: 'OxmInput' },
  'ofp_action_set_field.field': { decoded: 'Oxm', input: 'OxmInput' },
  ofp_oxm_id: { decoded: 'OxmId', input: 'OxmIdInput' },
  nx_learn_specs: { decoded: 'NxLearnSpec[]', input: 'NxLearnSpecInput[]' },
  nx_nat_range: { decoded: 'NxNatRange', input: 'NxNatRange' },
};

const PREAMBLE = `// OXM TLVs: one type per basic field, read from the OXM field table (codec/of13/oxm-types.ts).
import type { Oxm, OxmInput } from '../of13/oxm-types.js';
export type { Oxm, OxmBasic, OxmOpaque, OxmInput, OxmOf } from '../of13/oxm-types.js';
/** An OXM header without a value (table-features properties). */
export interface OxmId { class: string | number; field: string | number; hasmask: boolean; oxm_length: number; experimenter?: number }
export interface OxmIdInput { class?: string | number; field: string | number; hasmask?: boolean; oxm_length: number; experimenter?: number }
/** One flow_mod_spec of a Nicira learn action: a field slice or an immediate value, into a match, a load or an output. */
export interface NxLearnSpec {
  src: 'field' | 'immediate';
  dst: 'match' | 'load' | 'output';
  n_bits: number;
  src_field?: OxmId;
  src_ofs?: number;
  value?: Uint8Array;
  dst_field?: OxmId;
  dst_ofs?: number;
}
export interface NxLearnSpecInput {
  src: 'field' | 'immediate';
  dst: 'match' | 'load' | 'output';
  n_bits: number;
  src_field?: OxmIdInput;
  src_ofs?: number;
  value?: Uint8Array | string;
  dst_field?: OxmIdInput;
  dst_ofs?: number;
}
/** The range of a Nicira NAT action: the fields its range_present bits name. */
export interface NxNatRange { ipv4_min?: string; ipv4_max?: string; ipv6_min?: string; ipv6_max?: string; proto_min?: number; proto_max?: number }
`;

interface VersionLike { readonly wire: number; readonly label: string; readonly message: UnionDef }

function ident(s: string): string {
  return s.replace(/[^A-Za-z0-9_]/g, '_');
}

class Gen {
  constructor(readonly wire?: number) {}
  readonly out: string[] = [];
  private readonly done = new Set<string>();
  private readonly enums = new Map<EnumDef, string>();

  private readonly enumNames = new Set<string>();
  enumType(e: EnumDef): string {
    let n = this.enums.get(e);
    if (!n) {
      n = `E_${ident(e.name)}`;
      for (let i = 2; this.enumNames.has(n); i++) n = `E_${ident(e.name)}_${i}`;
      this.enumNames.add(n);
      this.enums.set(e, n);
      const names = [...e.byName.keys()].sort();
      this.out.push(`  export type ${n} = ${names.map((x) => JSON.stringify(x)).join(' | ') || 'never'};`);
    }
    return n;
  }

  scalarDecoded(m: ScalarMember, tagNames?: string[]): string {
    if (m.fixed !== undefined) {
      const name = m.enum?.byValue.get(m.fixed);
      return name !== undefined ? JSON.stringify(name) : String(m.fixed);
    }
    switch (m.type) {
      case 'u8': case 'u16': case 'u32':
        if (m.enum) {
          const e = this.enumType(m.enum);
          return tagNames ? `Exclude<${e}, ${tagNames.map((x) => JSON.stringify(x)).join(' | ') || 'never'}> | number` : `${e} | number`;
        }
        return m.enumBy ? 'string | number' : 'number';
      case 'u64': return 'bigint';
      case 'mac': case 'ipv4': case 'ipv6': case 'string': return 'string';
      case 'bytes': return 'Uint8Array';
    }
  }

  scalarInput(m: ScalarMember): string {
    if (m.fixed !== undefined) {
      const name = m.enum?.byValue.get(m.fixed);
      return name !== undefined ? `${JSON.stringify(name)} | ${m.fixed}` : String(m.fixed);
    }
    switch (m.type) {
      case 'u8': case 'u16': case 'u32':
        // Names of the enum (offered by editors), any other name is checked at run time; or the number.
        if (m.enum) return `${this.enumType(m.enum)} | (string & {}) | number`;
        return m.enumBy ? 'string | number' : 'number';
      case 'u64': return 'bigint | number | string';
      // MACs and IPv4 addresses also as the address as a number, or as its bytes (scalars.ts writeAddress).
      case 'mac': case 'ipv4': return 'string | number | Uint8Array';
      case 'ipv6': case 'string': return 'string';
      case 'bytes': return 'Uint8Array | string';
    }
  }

  /** Decoded and input type names of a definition (generating it on first use). */
  ref(def: Def | ScalarMember, input: boolean): string {
    if (def.kind === 'scalar') return input ? this.scalarInput(def) : this.scalarDecoded(def);
    if (def.kind === 'custom') {
      const c = CUSTOM[def.name];
      return c ? (input ? c.input : c.decoded) : 'unknown';
    }
    const base = ident(def.name);
    if (!this.done.has(base)) {
      this.done.add(base);
      if (def.kind === 'struct') this.struct(def, base);
      else this.union(def, base);
    }
    return input ? `${base}_Input` : base;
  }

  private member(m: Member, input: boolean, prepare: boolean, tagNames?: string[]): string | undefined {
    const key = 'name' in m ? (/^[A-Za-z_]\w*$/.test(m.name) ? m.name : JSON.stringify(m.name)) : '';
    switch (m.kind) {
      case 'scalar': {
        // The header's version: structs whose layout did not change serve several versions, so the
        // schema leaves it open; in this version's namespace it is this version (it picks the schema).
        if (m.name === 'version' && m.fixed === undefined && this.wire !== undefined) return `version: ${this.wire};`;
        // A fixed field is a union's tag (it picks the variant): required, like `version`, which picks the schema.
        const optional = input && m.fixed === undefined && (m.default !== undefined || prepare);
        return `${key}${optional ? '?' : ''}: ${input ? this.scalarInput(m) : this.scalarDecoded(m, tagNames)};`;
      }
      case 'length': case 'count': return `${key}${input ? '?' : ''}: number;`;
      case 'struct': return `${key}: ${this.ref(m.def, input)};`;
      case 'list': return `${key}${input ? '?' : ''}: (${this.ref(m.of, input)})[];`;
      case 'rest': return `${key}${input ? '?' : ''}: ${input ? 'Uint8Array | string' : 'Uint8Array'};`;
      case 'pad': case 'align': return undefined;
      default: return `${key}: unknown;`;
    }
  }

  private struct(def: StructDef, base: string, tag?: { name: string; names: string[] }): void {
    const prepare = def.encodePrepare !== undefined;
    for (const input of [false, true]) {
      const lines = def.members.map((m) => {
        if (tag && m.kind === 'scalar' && m.name === tag.name && m.fixed === undefined) {
          // A union's fallback: the codes no variant describes.
          return `${m.name}: ${input ? this.scalarInput(m) : this.scalarDecoded(m, tag.names)};`;
        }
        if (input && tag && m.kind === 'scalar' && m.name === tag.name) return `${m.name}: ${this.scalarInput(m)};`;
        return this.member(m, input, prepare);
      }).filter((x): x is string => x !== undefined);
      const name = input ? `${base}_Input` : base;
      this.out.push(`  /** ${def.name}${input ? ' (as encodeMessage accepts it)' : ''} */`);
      this.out.push(`  export interface ${name} {\n${lines.map((l) => `    ${l}`).join('\n')}\n  }`);
    }
  }

  private union(u: UnionDef, base: string): void {
    const variants = [...u.variants.values()];
    const tagNames = u.tagEnum ? [...u.variants.keys()].map((k) => u.tagEnum!.byValue.get(k)).filter((x): x is string => x !== undefined) : [];
    const names: string[] = [];
    for (const v of variants) {
      if (v.kind === 'struct') {
        const b = ident(v.name) === base ? `${base}_variant` : ident(v.name);
        if (!this.done.has(b)) {
          this.done.add(b);
          this.struct(v, b, { name: u.tag, names: tagNames });
        }
        names.push(b);
      } else {
        names.push(this.ref(v, false));
      }
    }
    if (u.fallback) {
      // The fallback may share the union's name (ofp_multipart_request is both): the struct gets a suffix.
      const b = ident(u.fallback.name) === base ? `${base}_other` : ident(u.fallback.name);
      if (!this.done.has(b)) {
        this.done.add(b);
        this.struct(u.fallback, b, { name: u.tag, names: tagNames });
      }
      names.push(b);
    }
    this.out.push(`  /** ${u.name}: one of its variants, by \`${u.tag}\` */`);
    this.out.push(`  export type ${base} = ${names.join(' | ')};`);
    this.out.push(`  export type ${base}_Input = ${names.map((n) => `${n}_Input`).join(' | ')};`);
  }
}

/** The generated file for these versions (sorted by wire version). */
export function generateTypes(versions: readonly VersionLike[]): string {
  const parts: string[] = [
    '/**',
    ' * GENERATED by `npm run gen:types` from the codec schema (codec/schema/typegen.ts). Do not edit:',
    ' * change the schema and regenerate; test/codec/types-fresh.test.ts fails when this file is stale.',
    ' */',
    '/* eslint-disable */',
    PREAMBLE,
  ];
  const decoded: string[] = [];
  const inputs: string[] = [];
  for (const v of [...versions].sort((a, b) => a.wire - b.wire)) {
    const ns = `V${v.wire}`;
    const g = new Gen(v.wire);
    const root = g.ref(v.message, false);
    parts.push(`/** OpenFlow ${v.label} (wire version ${v.wire}). */`, `export namespace ${ns} {`, ...g.out, '}');
    decoded.push(`${ns}.${root}`);
    inputs.push(`${ns}.${root}_Input`);
  }
  parts.push('/** Every message of every version, as decoded: narrow on `version` and `type`. */');
  parts.push(`export type AnyMessage = ${decoded.join(' | ')};`);
  parts.push('/** Every message of every version, as encodeMessage accepts it. */');
  parts.push(`export type AnyMessageInput = ${inputs.join(' | ')};`);
  parts.push('/** The input form of the message with this wire version and type name (never when there is none). */');
  parts.push('export type MessageInputOf<V, K> = AnyMessageInput extends infer M ? M extends { version: infer MV; type: infer MK } ? (V extends MV ? (K extends MK ? M : never) : never) : never : never;');
  parts.push('/** The decoded form of the message with this wire version and type name. */');
  parts.push('export type MessageOf<V, K> = Extract<AnyMessage, { version: V; type: K }>;');
  return `${parts.join('\n')}\n`;
}
