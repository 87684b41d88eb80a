/**
 * Encoder compiler: one function per struct, union and custom element that
 * writes a plain value into a GrowBuffer. A struct's function reserves each
 * run of fixed-size members once and writes them at constant offsets from
 * the run start; length fields are written as zeros and back-patched from
 * what was written, as the interpreter does.
 *
 * Values the straight-line path does not take (a wrong type, an unknown enum
 * name, a field that is missing, an unknown field) throw SLOW; the entry
 * point then encodes the same value with the interpreter, which either
 * accepts a rarer spelling or reports the error with its path and offset.
 */
import type { CustomDef, Def, ScalarMember, StructDef, UnionDef } from '../types.js';
import type { GrowBuffer } from '../writer.js';
import { compiledTwin } from './twins.js';
import { CodeGen, compilable, helpers, isTrailingAlign, SLOW, type Helpers } from './support.js';

export interface EncoderBuild {
  readonly encode: (value: unknown, w: GrowBuffer) => void;
  readonly source: string;
  readonly compiled: readonly string[];
  readonly interpreted: readonly string[];
}

function rangeCheck(size: number, x: string): string {
  if (size === 4) return `(${x} >>> 0) !== ${x}`;
  return `(${x} & ${size === 1 ? 0xff : 0xffff}) !== ${x}`;
}

function writeUint(size: number, x: string, o: string): string[] {
  if (size === 1) return [`b[${o}] = ${x};`];
  if (size === 2) return [`b[${o}] = ${x} >>> 8; b[${o} + 1] = ${x} & 255;`];
  return [`b[${o}] = ${x} >>> 24; b[${o} + 1] = (${x} >>> 16) & 255; b[${o} + 2] = (${x} >>> 8) & 255; b[${o} + 3] = ${x} & 255;`];
}

function zeros(n: number, o: string): string[] {
  if (n <= 8) return [Array.from({ length: n }, (_, i) => `b[${o}${i ? ` + ${i}` : ''}] = 0;`).join(' ')];
  return [`b.fill(0, ${o}, ${o} + ${n});`];
}

class Gen extends CodeGen {
  readonly compiled: string[] = [];
  readonly interpreted: string[] = [];

  constructor() {
    super('e');
  }

  /** Statements writing value expression x (a local, may be reassigned) of scalar m at offset o. */
  scalar(m: ScalarMember, x: string, o: string, enumExpr: string | undefined): string[] {
    switch (m.type) {
      case 'u8': case 'u16': case 'u32': {
        const c = [`if (typeof ${x} !== 'number') ${x} = H.code(${x}, ${enumExpr ?? 'undefined'});`];
        c.push(`if (${rangeCheck(m.size, x)}) throw SLOW;`);
        return [...c, ...writeUint(m.size, x, o)];
      }
      case 'u64':
        return [
          `if (typeof ${x} !== 'bigint') ${x} = H.big(${x});`,
          `if (${x} < 0n || ${x} > 0xffffffffffffffffn) throw SLOW;`,
          // Zero (cookies, masks) is most 64-bit fields' value; writeBigUInt64BE validates its arguments on every call.
          `if (${x} === 0n) { b[${o}] = 0; b[${o} + 1] = 0; b[${o} + 2] = 0; b[${o} + 3] = 0; b[${o} + 4] = 0; b[${o} + 5] = 0; b[${o} + 6] = 0; b[${o} + 7] = 0; }`,
          `else { const hi = Number(${x} >> 32n), lo = Number(${x} & 0xffffffffn); b[${o}] = hi >>> 24; b[${o} + 1] = (hi >>> 16) & 255; b[${o} + 2] = (hi >>> 8) & 255; b[${o} + 3] = hi & 255; b[${o} + 4] = lo >>> 24; b[${o} + 5] = (lo >>> 16) & 255; b[${o} + 6] = (lo >>> 8) & 255; b[${o} + 7] = lo & 255; }`,
        ];
      case 'mac': return [`if (typeof ${x} !== 'string' || !H.mac(${x}, b, ${o})) throw SLOW;`];
      case 'ipv4': return [`if (typeof ${x} !== 'string' || !H.ipv4(${x}, b, ${o})) throw SLOW;`];
      case 'ipv6': return [`if (typeof ${x} !== 'string' || !H.parseIpv6(${x}, b, ${o})) throw SLOW;`];
      case 'bytes':
        return [
          `if (!(${x} instanceof Uint8Array)) ${x} = H.toBytes(${x}, w);`,
          `if (${x}.length !== ${m.size}) throw SLOW;`,
          `b.set(${x}, ${o});`,
        ];
      case 'string':
        return [
          `if (typeof ${x} !== 'string' || ${x}.length > ${m.size}) throw SLOW;`,
          `b.latin1Write(${x}, ${o}, ${m.size});`,
          `b.fill(0, ${o} + ${x}.length, ${o} + ${m.size});`,
        ];
    }
  }

  struct(def: StructDef, i: number): void {
    if (!compilable(def)) {
      this.interpreted.push(def.name);
      this.out.push(`function e${i}(v, w) { H.interpEncode(${this.k.ref(def)}, v, w); }`);
      return;
    }
    this.compiled.push(def.name);
    const c: string[] = [`function e${i}(v, w) {`, "  if (v === null || typeof v !== 'object') throw SLOW;"];
    if (def.encodePrepare) c.push(`  v = ${this.k.ref(def.encodePrepare)}(v, '', w.pos);`);
    const known = Object.create(null) as Record<string, 1>;
    for (const m of def.members) if ('name' in m) known[m.name] = 1;
    c.push('  const s = w.pos;', '  let p = s, b, x, bodyEnd = -1, pr = 0;');
    const numeric = new Map<string, string>();
    const lengths: { at: string; size: number; of: string }[] = [];
    const spans = new Set<string>();
    let v = 0;
    let idx = 0;
    const members = def.members;
    while (idx < members.length) {
      let run = 0;
      const body: string[] = [];
      while (idx < members.length) {
        const m = members[idx]!;
        if (m.kind !== 'scalar' && m.kind !== 'pad' && m.kind !== 'length') break;
        const o = run === 0 ? 'p' : `p + ${run}`;
        if (m.kind === 'scalar') {
          const local = `x${v++}`;
          body.push(`  let ${local} = v[${JSON.stringify(m.name)}];`);
          const dflt = m.fixed ?? m.default;
          const lit = (d: number | bigint | string) => (typeof d === 'bigint' ? `${d}n` : JSON.stringify(d));
          if (m.fixed !== undefined && m.enum?.byValue.get(m.fixed) !== undefined) {
            // A discriminator (message or action type) given by its name: one comparison, no lookup.
            body.push(`  if (${local} === undefined) ${local} = ${m.fixed}; else { pr++; if (${local} === ${JSON.stringify(m.enum.byValue.get(m.fixed))}) ${local} = ${m.fixed}; }`);
          } else if (dflt !== undefined) {
            body.push(`  if (${local} === undefined) ${local} = ${lit(dflt)}; else pr++;`);
          } else {
            body.push(`  if (${local} === undefined) throw SLOW;`, '  pr++;');
          }
          let enumExpr: string | undefined;
          if (m.enum) {
            enumExpr = this.k.ref(m.enum);
            body.push(`  if (typeof ${local} === 'string') { const n = ${enumExpr}.byName.get(${local}); if (n !== undefined) ${local} = n; }`);
          } else if (m.enumBy) {
            const by = m.enumBy;
            const sibling = members.find((y) => y.kind === 'scalar' && y.name === by.field) as ScalarMember | undefined;
            enumExpr = `E${local}`;
            body.push(`  let k_${local} = v[${JSON.stringify(by.field)}]${sibling?.fixed !== undefined ? ` ?? ${sibling.fixed}` : ''};`);
            body.push(`  if (typeof k_${local} === 'string') k_${local} = ${this.k.ref(sibling?.enum?.byName ?? new Map())}.get(k_${local});`);
            body.push(`  const ${enumExpr} = typeof k_${local} === 'number' ? ${this.k.ref(by.enums)}.get(k_${local}) : undefined;`);
          }
          body.push(...this.scalar(m, local, o, enumExpr).map((s) => `  ${s}`));
          numeric.set(m.name, local);
        } else if (m.kind === 'pad') {
          body.push(...zeros(m.size, o).map((s) => `  ${s}`));
        } else {
          const at = `l${v++}`;
          // Lengths are computed, but a value may carry them (decoded values do): they are known keys.
          body.push(`  if (v[${JSON.stringify(m.name)}] !== undefined) pr++;`);
          body.push(`  const ${at} = ${o};`, ...zeros(m.size, o).map((s) => `  ${s}`));
          lengths.push({ at, size: m.size, of: m.of });
        }
        run += m.size;
        idx++;
      }
      if (run > 0) c.push(`  w.ensure(${run}); b = w.buf; p = w.pos;`, ...body, `  w.pos = p + ${run};`);
      if (idx >= members.length) break;
      const m = members[idx++]!;
      if (m.kind === 'align') {
        if (isTrailingAlign(def, idx - 1)) c.push('  bodyEnd = w.pos;');
        c.push(`  { const n = (${m.to} - ((w.pos - s) % ${m.to})) % ${m.to}; w.zeros(n); }`);
        continue;
      }
      if (m.kind !== 'struct' && m.kind !== 'list' && m.kind !== 'rest') continue;
      const start = `sp_${v++}`;
      spans.add(m.name);
      c.push(`  const ${start} = w.pos;`);
      const val = `v[${JSON.stringify(m.name)}]`;
      c.push(`  if (${val} !== undefined) pr++;`);
      if (m.kind === 'struct') {
        c.push(`  ${this.fn(m.def)}(${val}, w);`);
      } else if (m.kind === 'rest') {
        c.push(`  x = ${val};`, '  if (x !== undefined) { if (!(x instanceof Uint8Array)) x = H.toBytes(x, w); w.bytes(x); }');
      } else {
        c.push(`  x = ${val} ?? [];`, '  if (!Array.isArray(x)) throw SLOW;');
        if (m.count !== undefined) c.push(`  if (x.length !== ${m.count}) throw SLOW;`);
        const el = m.of;
        if (el.kind === 'scalar') {
          const enumExpr = el.enum ? this.k.ref(el.enum) : undefined;
          c.push('  for (let i = 0; i < x.length; i++) {', '    let y = x[i];');
          if (enumExpr) c.push(`    if (typeof y === 'string') { const n = ${enumExpr}.byName.get(y); if (n !== undefined) y = n; }`);
          c.push(`    w.ensure(${el.size}); b = w.buf; p = w.pos;`);
          c.push(...this.scalar(el, 'y', 'p', enumExpr).map((s) => `    ${s}`));
          c.push(`    w.pos = p + ${el.size};`, '  }');
        } else {
          c.push(`  for (let i = 0; i < x.length; i++) ${this.fn(el)}(x[i], w);`);
        }
      }
      c.push(`  const span_${m.name} = w.pos - ${start};`);
    }
    if (lengths.length > 0) {
      c.push('  if (bodyEnd < 0) bodyEnd = w.pos;', '  b = w.buf;');
      for (const l of lengths) {
        const n = l.of === 'self' ? 'bodyEnd - s' : `span_${l.of}`;
        const max = l.size === 4 ? 0xffffffff : (1 << (8 * l.size)) - 1;
        c.push(`  x = ${n}; if (x > ${max}) throw SLOW;`, ...writeUint(l.size, 'x', l.at).map((s) => `  ${s}`));
      }
    }
    // Unknown fields are errors (the interpreter names them); a field set to undefined is absent.
    // Counting the keys is enough when their number is that of the members present (`pr`); only
    // otherwise is each key looked up (a keyed lookup per key costs more than the writes).
    c.push("  let nk = 0; for (const key in v) nk++;");
    c.push(`  if (nk !== pr) for (const key in v) if (${this.k.ref(known)}[key] !== 1 && v[key] !== undefined) throw SLOW;`);
    c.push('}');
    this.out.push(c.join('\n'));
  }

  union(u: UnionDef, i: number): void {
    const c: string[] = [`function e${i}(v, w) {`, "  if (v === null || typeof v !== 'object') throw SLOW;"];
    c.push(`  let t = v[${JSON.stringify(u.tag)}];`, '  if (t === undefined) throw SLOW;');
    if (u.tagEnum) {
      // The variant's names first, as string cases: a comparison of interned strings, no Map lookup.
      const names = new Map<number, string[]>();
      for (const [name, code] of u.tagEnum.byName) if (u.variants.has(code)) names.set(code, [...(names.get(code) ?? []), name]);
      if (names.size > 0) {
        c.push("  if (typeof t === 'string') switch (t) {");
        for (const [code, list] of names) c.push(`    ${list.map((n) => `case ${JSON.stringify(n)}:`).join(' ')} return ${this.fn(u.variants.get(code)!)}(v, w);`);
        c.push('  }');
      }
      const e = this.k.ref(u.tagEnum);
      c.push(`  if (typeof t === 'string') { const n = ${e}.byName.get(t); t = n !== undefined ? n : H.code(t, ${e}); }`);
    }
    c.push(`  if (typeof t !== 'number') t = H.code(t, ${u.tagEnum ? this.k.ref(u.tagEnum) : 'undefined'});`);
    c.push('  switch (t) {');
    for (const [tag, v] of u.variants) c.push(`    case ${tag}: return ${this.fn(v)}(v, w);`);
    c.push(u.fallback ? `    default: if (t < 0) throw SLOW; return ${this.fn(u.fallback)}(v, w);` : '    default: throw SLOW;');
    c.push('  }', '}');
    this.out.push(c.join('\n'));
  }

  custom(def: CustomDef, i: number): void {
    const twin = compiledTwin(def);
    this.out.push(twin ? `function e${i}(v, w) { ${this.k.ref(twin)}.encode(v, w); }` : `function e${i}(v, w) { ${this.k.ref(def)}.encode(v, w, ''); }`);
  }

  generate(root: Def): string {
    const rootFn = this.emitAll(root);
    return `'use strict';\n${this.k.prelude()}\n${this.out.join('\n')}\nreturn ${rootFn};`;
  }
}

/** Compile an encoder for `root` (a version's message union, or any definition). */
export function compileEncoder(root: Def): EncoderBuild {
  const g = new Gen();
  const source = g.generate(root);
  const make = new Function('K', 'H', 'SLOW', source) as (K: unknown[], H: Helpers, slow: Error) => (value: unknown, w: GrowBuffer) => void;
  return { encode: make(g.k.values, helpers, SLOW), source, compiled: g.compiled, interpreted: g.interpreted };
}
