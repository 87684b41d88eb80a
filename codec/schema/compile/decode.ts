/**
 * Decoder compiler: turns a definition into JavaScript source with one
 * function per struct, union and custom element. A struct's function reads
 * each run of fixed-size fields after a single bounds check, at constant
 * offsets from the run start, keeps the values in locals and returns one
 * object literal (so every decoded value of a struct has the same shape).
 * Variable-size members (nested structs, lists, rest bytes) follow the
 * interpreter's region rules exactly.
 *
 * Generated code checks everything the interpreter checks but does not say
 * why: it throws SLOW, and the entry point re-runs the interpreter to get the
 * error. Structs holding a member kind this compiler does not know call the
 * interpreter for that struct (DECODE_MEMBER_KINDS: every kind of the schema
 * language today, `count` included).
 */
import type { CustomDef, Def, EnumDef, ListMember, ScalarMember, StructDef, UnionDef } from '../types.js';
import { compiledTwin } from './twins.js';
import { CodeGen, compilable, DECODE_MEMBER_KINDS, enumNames, helpers, readAlign, readBounds, readEnd, readRegion, readUint, SLOW, type Helpers } from './support.js';

/** A compiled element decoder: the value, with the bytes consumed left in `size()`. */
export interface CompiledDecoder {
  (buf: Buffer, start: number, end: number): unknown;
}

export interface DecoderBuild {
  readonly decode: CompiledDecoder;
  /** Bytes consumed by the last top-level call. */
  readonly size: () => number;
  readonly source: string;
  /** Struct names compiled to straight-line code, and those left to the interpreter. */
  readonly compiled: readonly string[];
  readonly interpreted: readonly string[];
}

class Gen extends CodeGen {
  readonly compiled: string[] = [];
  readonly interpreted: string[] = [];

  constructor() {
    super('d');
  }

  /** Expression reading scalar m at offset expression o; `t` is a scratch local. */
  scalar(m: ScalarMember, o: string, e: EnumDef | undefined, dynEnum?: string): string {
    switch (m.type) {
      case 'u8': case 'u16': case 'u32': {
        const raw = readUint(m.size, o);
        if (dynEnum) return `(t = ${raw}, (t2 = ${dynEnum} === undefined ? undefined : ${dynEnum}.byValue.get(t)) === undefined ? t : t2)`;
        if (!e) return raw;
        const names = enumNames(e);
        const tab = this.k.ref(names.table);
        const i = names.base === 0 ? 't' : `t - ${names.base}`;
        const beyond = names.rest ? `${this.k.ref(names.rest)}.get(t) ?? t` : 't';
        return `(t = ${raw}, (${i}) >>> 0 < ${names.table.length} ? ${tab}[${i}] ?? t : ${beyond})`;
      }
      case 'u64': return `H.u64(b, ${o})`;
      case 'mac': return `H.formatMac(b, ${o})`;
      case 'ipv4': return `H.formatIpv4(b, ${o})`;
      case 'ipv6': return `H.formatIpv6(b, ${o})`;
      case 'bytes': return `H.view(b, ${o}, ${o} + ${m.size})`;
      case 'string': return `H.str(b, ${o}, ${m.size})`;
    }
  }

  struct(def: StructDef, i: number): void {
    if (!compilable(def, DECODE_MEMBER_KINDS)) {
      this.interpreted.push(def.name);
      this.out.push(`function d${i}(b, s, e) { const r = H.interpDecode(${this.k.ref(def)}, b, s, e); N = r.size; return r.value; }`);
      return;
    }
    this.compiled.push(def.name);
    const c: string[] = [`function d${i}(b, s, e) {`, '  let t, t2, se, c;', ...readBounds(def)];
    const fields: string[] = [];
    /** Fields whose number picks a later field's enum (`enumBy`: the error type for the code), and the locals holding their raw numbers. */
    const keys = new Set(def.members.flatMap((m) => (m.kind === 'scalar' && m.enumBy ? [m.enumBy.field] : [])));
    const raws = new Map<string, string>();
    const covered = new Set<string>();
    /** Locals holding the element count of a later list, by list name (`count` members). */
    const counts = new Map<string, string>();
    let v = 0;
    for (const { run, next } of this.steps(def)) {
      // A run of fixed-size scalars, pads, length and count fields: one bounds check.
      if (run && run.size > 0) {
        const body: string[] = [];
        for (const { m, at } of run.fields) {
          const o = CodeGen.at(at);
          if (m.kind === 'scalar') {
            const local = `v${v++}`;
            let dyn: string | undefined;
            if (!m.enum && m.enumBy) {
              // The enum chosen by an earlier sibling's numeric value (the error code by error type).
              const by = m.enumBy;
              dyn = `E${local}`;
              const sibling = def.members.find((x) => x.kind === 'scalar' && x.name === by.field) as ScalarMember | undefined;
              const sibLocal = fields.find((f) => f.startsWith(`${JSON.stringify(by.field)}:`))?.split(': ')[1];
              const raw = raws.get(by.field);
              if (raw && sibling?.enum) {
                // The enum straight from the sibling's raw number: a table made here of what the
                // interpreter's lookup (number -> name -> number -> enum) gives for each number.
                body.push(`  const ${dyn} = ${this.k.ref(enumsByRaw(sibling.enum, by.enums))}.get(${raw});`);
              } else if (sibLocal && sibling) {
                const byName = this.k.ref(sibling.enum?.byName ?? new Map());
                body.push(`  let k_${local} = ${sibLocal}; if (typeof k_${local} === 'string') k_${local} = ${byName}.get(k_${local});`);
                body.push(`  const ${dyn} = typeof k_${local} === 'number' ? ${this.k.ref(by.enums)}.get(k_${local}) : undefined;`);
              } else {
                body.push(`  const ${dyn} = undefined;`);
              }
            }
            if (keys.has(m.name) && m.enum && m.size <= 4) {
              raws.set(m.name, `r_${local}`);
              body.push(`  const r_${local} = ${readUint(m.size, o)};`);
            }
            body.push(`  const ${local} = ${this.scalar(m, o, m.enum, dyn)};`);
            fields.push(`${JSON.stringify(m.name)}: ${local}`);
          } else if (m.kind === 'length') {
            const local = `v${v++}`;
            body.push(`  const ${local} = ${readUint(m.size, o)};`);
            fields.push(`${JSON.stringify(m.name)}: ${local}`);
            if (m.of !== 'self') {
              covered.add(m.of);
              body.push(`  const cv_${m.of} = ${local};`);
            }
          } else if (m.kind === 'count') {
            const local = `v${v++}`;
            body.push(`  const ${local} = ${readUint(m.size, o)};`);
            fields.push(`${JSON.stringify(m.name)}: ${local}`);
            counts.set(m.of, local);
          }
        }
        c.push(`  if (p + ${run.size} > lim) throw SLOW;`, ...body, `  p += ${run.size};`);
      }
      if (!next) break;
      const m = next.m;
      if (m.kind === 'align') {
        c.push(...readAlign(def, next.index, m.to));
        continue;
      }
      const local = `v${v++}`;
      let re = 'lim';
      if (covered.has(m.name)) {
        const r = readRegion(m.name);
        c.push(...r.lines);
        re = r.re;
      }
      if (m.kind === 'rest') {
        // Empty bytes (action ids' bodies, most echo data) share one empty Buffer: nothing can be written through it.
        c.push(`  const ${local} = p === ${re} ? H.EMPTY : H.view(b, p, ${re});`, `  p = ${re};`);
      } else if (m.kind === 'struct') {
        c.push(`  const ${local} = ${this.fn(m.def)}(b, p, ${re});`, '  p += N;');
      } else {
        c.push(...this.list(m, local, re, counts.get(m.name)));
      }
      if (covered.has(m.name)) c.push(`  if (p !== ${re}) throw SLOW;`);
      fields.push(`${JSON.stringify(m.name)}: ${local}`);
    }
    c.push(...readEnd());
    c.push('  N = c;');
    c.push(`  return { ${fields.join(', ')} };`, '}');
    this.out.push(c.join('\n'));
  }

  /** A list's elements: a fixed count, the count read from a `count` member (`n`), or as many as fill the region. */
  list(m: ListMember, local: string, re: string, n?: string): string[] {
    const c: string[] = [`  const ${local} = [];`];
    const count = m.count ?? n;
    const loop = count !== undefined ? `for (let i = 0; i < ${count}; i++)` : `while (p < ${re})`;
    const el = m.of;
    const twin = el.kind === 'custom' ? compiledTwin(el) : undefined;
    if (el.kind === 'scalar' && count === undefined) {
      // Scalars filling the region: their number is known, so the array is made at its size (no
      // growing as it is pushed to). A region that is not a whole number of them is an error: the
      // interpreter names it.
      const len = `n_${local}`;
      c[0] = `  const ${len} = (${re} - p) / ${el.size};`;
      c.push(`  if (${len} !== Math.floor(${len})) throw SLOW;`, `  const ${local} = new Array(${len});`);
      c.push(`  for (let i = 0; i < ${len}; i++) {`, `    ${local}[i] = ${this.scalar(el, 'p', el.enum)};`, `    p += ${el.size};`, '  }');
    } else if (el.kind === 'scalar') {
      c.push(`  ${loop} {`, `    if (p + ${el.size} > ${re}) throw SLOW;`);
      c.push(`    ${local}.push(${this.scalar(el, 'p', el.enum)});`, `    p += ${el.size};`, '  }');
    } else if (el.kind === 'custom' && twin?.list && count === undefined) {
      // The twin decodes the whole region (OXM ids): one call, no out-parameter per element.
      c[0] = `  const ${local} = ${this.k.ref(twin)}.list(b, p, ${re});`;
      c.push(`  p = ${re};`);
    } else {
      // Elements filling the region whose sizes their headers tell (OXM ids and TLVs, action and
      // instruction ids, actions, ports): counted first, so the array is made at its final size.
      // Pushing instead grows it step by step, each step a copy and garbage: with the thousands of
      // OXM ids of a TABLE_FEATURES reply that was a third of its decode. A count that disagrees
      // with the elements decoded (bad input) goes to the interpreter.
      const st = count === undefined ? this.stride(el) : undefined;
      const decodeOne = el.kind === 'custom' && twin
        ? [`    if (p + ${el.headerSize} > ${re}) throw SLOW;`, `    const x = ${this.k.ref(twin)}.decode(b, p, ${re}, Z);`, '    if (Z.n <= 0) throw SLOW;']
        : [`    const x = ${this.fn(el)}(b, p, ${re});`, '    if (N <= 0) throw SLOW;'];
      const step = el.kind === 'custom' && twin ? '    p += Z.n;' : '    p += N;';
      if (st) {
        const n = `n_${local}`;
        c[0] = `  let ${n} = 0;`;
        c.push(`  for (let q = p; q < ${re}; ${n}++) {`);
        if (st.header > 1) c.push(`    if (q + ${st.header} > ${re}) { ${n}++; break; }`);
        c.push(`    const z = ${st.expr('q')};`, `    if (!(z >= ${st.min})) { ${n}++; break; }`, '    q += z;', '  }');
        const i = `i_${local}`;
        c.push(`  const ${local} = new Array(${n});`, `  let ${i} = 0;`);
        c.push(`  while (p < ${re}) {`, ...decodeOne, `    if (${i} >= ${n}) throw SLOW;`, `    ${local}[${i}++] = x;`, step, '  }');
        c.push(`  if (${i} !== ${n}) throw SLOW;`);
      } else {
        c.push(`  ${loop} {`, ...decodeOne, `    ${local}.push(x);`, step, '  }');
      }
    }
    return c;
  }

  /**
   * How to read an element's size from its first bytes, without decoding it:
   * an expression of the position `q` (`header` bytes must be there; at least
   * `min`, else the element is bad and decoding it says so). Structs by their
   * self length (rounded to their alignment) or fixed size, unions whose
   * variants all agree on that, custom elements whose twin has a `stride`.
   */
  stride(el: Def, seen: Set<Def> = new Set()): { expr: (q: string) => string; header: number; min: number } | undefined {
    if (el.kind === 'custom') {
      const twin = compiledTwin(el);
      if (!twin?.stride) return undefined;
      return { expr: (q) => `${this.k.ref(twin)}.stride(b, ${q})`, header: el.headerSize, min: 1 };
    }
    if (el.kind === 'struct') {
      const L = el.layout;
      if (L.selfLength) {
        const { offset, size } = L.selfLength;
        const read = (q: string): string => readUint(size, `${q} + ${offset}`);
        const a = L.align ?? 0;
        return {
          expr: a > 1 ? (q) => `(${read(q)} + ${a - 1}) & ${-a}` : read,
          header: offset + size, min: Math.max(1, L.size),
        };
      }
      return L.fixed && L.size > 0 ? { expr: () => `${L.size}`, header: 1, min: 1 } : undefined;
    }
    // A union: every variant (and the fallback) sized the same way (the same expression).
    if (seen.has(el)) return undefined;
    seen.add(el);
    const all = [...el.variants.values(), ...(el.fallback ? [el.fallback] : [])];
    let key: string | undefined;
    let min = Infinity;
    let first: ReturnType<Gen['stride']>;
    for (const v of all) {
      const sv = this.stride(v, seen);
      if (!sv) return undefined;
      const k = `${sv.header}|${sv.expr('q')}`;
      if (key !== undefined && k !== key) return undefined;
      key = k;
      first ??= sv;
      min = Math.min(min, sv.min);
    }
    return first && { expr: first.expr, header: first.header, min };
  }

  union(u: UnionDef, i: number): void {
    const c: string[] = [`function d${i}(b, s, e) {`];
    c.push(`  if (s + ${u.tagOffset + u.tagSize} > e) throw SLOW;`);
    c.push(`  switch (${readUint(u.tagSize, `s + ${u.tagOffset}`)}) {`);
    for (const [tag, v] of u.variants) c.push(`    case ${tag}: return ${this.fn(v)}(b, s, e);`);
    c.push(u.fallback ? `    default: return ${this.fn(u.fallback)}(b, s, e);` : '    default: throw SLOW;');
    c.push('  }', '}');
    this.out.push(c.join('\n'));
  }

  custom(def: CustomDef, i: number): void {
    const twin = compiledTwin(def);
    if (twin) {
      this.out.push(`function d${i}(b, s, e) { if (s + ${def.headerSize} > e) throw SLOW; const v = ${this.k.ref(twin)}.decode(b, s, e, Z); N = Z.n; return v; }`);
    } else {
      const k = this.k.ref(def);
      this.out.push(`function d${i}(b, s, e) { if (s + ${def.headerSize} > e) throw SLOW; const r = ${k}.decode(b, s, e); N = r.size; return r.value; }`);
    }
  }

  generate(root: Def): string {
    const rootFn = this.emitAll(root);
    return `'use strict';\nlet N = 0;\nconst Z = { n: 0 };\n${this.k.prelude()}\n${this.out.join('\n')}\nreturn { decode: ${rootFn}, size: () => N };`;
  }
}

/**
 * For a field whose enum is chosen by a sibling's number: the enum the
 * interpreter's enumFor picks for each raw number of the sibling (it names the
 * number with the sibling's enum, maps the name back, then looks that number
 * up), precomputed, so the compiled path needs one Map lookup on the number.
 * Numbers in neither map give undefined, as there.
 */
function enumsByRaw(sibling: EnumDef, enums: ReadonlyMap<number, EnumDef>): ReadonlyMap<number, EnumDef> {
  const out = new Map<number, EnumDef>();
  for (const raw of new Set([...sibling.byValue.keys(), ...enums.keys()])) {
    const name = sibling.byValue.get(raw);
    const key = name === undefined ? raw : sibling.byName.get(name);
    const e = key === undefined ? undefined : enums.get(key);
    if (e) out.set(raw, e);
  }
  return out;
}

/** Compile a decoder for `root` (a version's message union, or any definition). */
export function compileDecoder(root: Def): DecoderBuild {
  const g = new Gen();
  const source = g.generate(root);
  const make = new Function('K', 'H', 'SLOW', source) as (K: unknown[], H: Helpers, slow: Error) => { decode: CompiledDecoder; size: () => number };
  const built = make(g.k.values, helpers, SLOW);
  return { ...built, source, compiled: g.compiled, interpreted: g.interpreted };
}
