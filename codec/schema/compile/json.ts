/**
 * JSON compiler: the JSON form (codec/schema/json.ts: 64-bit fields as
 * decimal strings, byte fields as hex) of a decoded value, written as one
 * string by code generated from the schema: keys in member order, quoted in
 * advance; enum names, addresses and numbers need no escaping, so only
 * string fields (port names, descriptions) go through JSON.stringify. For
 * values that the decoders produced: the same text as
 * `JSON.stringify(toJSONValue(value))` (tests compare every fixture and
 * fuzzer input); anything it does not recognise goes the generic way.
 */
import { toJSONValue } from '../json.js';
import type { CustomDef, Def, ScalarMember, StructDef, UnionDef } from '../types.js';
import { CodeGen, compilable } from './support.js';

export interface JsonBuild {
  readonly toJSON: (value: unknown) => string;
  readonly source: string;
}

const generic = (v: unknown): string => JSON.stringify(toJSONValue(v)) ?? 'null';

function hex(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');
}

class Gen extends CodeGen {
  constructor() {
    super('j');
  }

  /** Expression for the JSON text of scalar value x. */
  scalar(m: ScalarMember, x: string): string {
    switch (m.type) {
      case 'u8': case 'u16': case 'u32':
        // A number, or an enum name (letters, digits, underscores: nothing to escape).
        return m.enum || m.enumBy ? `(typeof ${x} === 'number' ? '' + ${x} : typeof ${x} === 'string' && SAFE.test(${x}) ? '"' + ${x} + '"' : G(${x}))` : `(typeof ${x} === 'number' ? '' + ${x} : G(${x}))`;
      case 'u64': return `(typeof ${x} === 'bigint' ? '"' + ${x} + '"' : G(${x}))`;
      case 'mac': case 'ipv4': case 'ipv6': return `(typeof ${x} === 'string' && SAFE.test(${x}) ? '"' + ${x} + '"' : G(${x}))`;
      case 'bytes': return `(${x} instanceof Uint8Array ? '"' + HEX(${x}) + '"' : G(${x}))`;
      case 'string': return `G(${x})`;
    }
  }

  struct(def: StructDef, i: number): void {
    if (!compilable(def)) {
      this.out.push(`function j${i}(v) { return G(v); }`);
      return;
    }
    const parts: string[] = [];
    const c: string[] = [`function j${i}(v) {`, "  if (v === null || typeof v !== 'object') return G(v);", '  let x;'];
    let first = true;
    let n = 0;
    for (const m of def.members) {
      if (!('name' in m)) continue;
      const key = `${first ? '' : ','}${JSON.stringify(m.name)}:`;
      first = false;
      const local = `s${n++}`;
      c.push(`  x = v[${JSON.stringify(m.name)}];`);
      let expr: string;
      switch (m.kind) {
        case 'scalar': expr = this.scalar(m, 'x'); break;
        case 'length': expr = "(typeof x === 'number' ? '' + x : G(x))"; break;
        case 'rest': expr = `(x instanceof Uint8Array ? '"' + HEX(x) + '"' : G(x))`; break;
        case 'struct': expr = `${this.fn(m.def)}(x)`; break;
        case 'list': {
          const el = m.of;
          const each = el.kind === 'scalar' ? this.scalar(el, 'y') : `${this.fn(el)}(y)`;
          expr = `(Array.isArray(x) ? '[' + x.map((y) => ${each}).join(',') + ']' : G(x))`;
          break;
        }
        default: expr = 'G(x)';
      }
      // An absent member is left out, as JSON.stringify leaves out undefined.
      c.push(`  const ${local} = x === undefined ? '' : ${JSON.stringify(key)} + ${expr};`);
      parts.push(local);
    }
    // The number of own keys must be the members present, or the value is not one of ours: generic.
    c.push(`  let keys = 0; for (const key in v) keys++;`);
    c.push(`  let present = 0;${def.members.filter((m) => 'name' in m).map((m) => ` if (v[${JSON.stringify((m as { name: string }).name)}] !== undefined) present++;`).join('')}`);
    c.push('  if (keys !== present) return G(v);');
    // Leading comma when the first present member is not the first member.
    c.push(`  let s = ${parts.length ? parts.join(' + ') : "''"};`);
    c.push("  if (s.charCodeAt(0) === 44) s = s.slice(1);");
    c.push("  return '{' + s + '}';", '}');
    this.out.push(c.join('\n'));
  }

  union(u: UnionDef, i: number): void {
    const byName = new Map<string, string>();
    const c: string[] = [`function j${i}(v) {`, "  if (v === null || typeof v !== 'object') return G(v);", `  const t = v[${JSON.stringify(u.tag)}];`];
    c.push('  switch (t) {');
    for (const [code, v] of u.variants) {
      const name = u.tagEnum?.byValue.get(code);
      const f = this.fn(v);
      if (name !== undefined && !byName.has(name)) {
        byName.set(name, f);
        c.push(`    case ${JSON.stringify(name)}:`);
      }
      c.push(`    case ${code}: return ${f}(v);`);
    }
    c.push(u.fallback ? `    default: return ${this.fn(u.fallback)}(v);` : '    default: return G(v);');
    c.push('  }', '}');
    this.out.push(c.join('\n'));
  }

  custom(_def: CustomDef, i: number): void {
    this.out.push(`function j${i}(v) { return G(v); }`);
  }

  generate(root: Def): string {
    const rootFn = this.emitAll(root);
    return `'use strict';\nconst SAFE = /^[A-Za-z0-9_:.]*$/;\n${this.k.prelude()}\n${this.out.join('\n')}\nreturn ${rootFn};`;
  }
}

/** Compile the JSON writer for values of `root` (a version's message union). */
export function compileJson(root: Def): JsonBuild {
  const g = new Gen();
  const source = g.generate(root);
  const make = new Function('K', 'G', 'HEX', source) as (K: unknown[], G: (v: unknown) => string, HEX: (b: Uint8Array) => string) => (v: unknown) => string;
  return { toJSON: make(g.k.values, generic, hex), source };
}
