/**
 * Bytes straight to JSON text: code generated from the schema that reads a
 * message and writes its JSON form (the text of messageToJSON, so of
 * JSON.stringify(toJSONValue(decoded))) as UTF-8 into a byte buffer, with no
 * decoded value in between. Capture decoding spends its time making objects
 * and strings that live for one line; this writes digits, names and hex
 * into one reusable buffer, and allocates nothing per message in the common
 * case (custom elements, such as OXM, are decoded to a value and written the
 * generic way).
 *
 * It checks what the decoder checks, in the same order, and throws SLOW
 * (or a custom element's CodecError) on anything else: the caller then
 * rewinds the buffer and takes the value path, which gives the error.
 */
import { toJSONValue } from '../json.js';
import type { CustomDef, Def, EnumDef, ListMember, ScalarMember, StructDef, UnionDef } from '../types.js';
import { compiledTwin } from './twins.js';
import { CodeGen, compilable, DECODE_MEMBER_KINDS, helpers, readAlign, readBounds, readEnd, readRegion, readUint, SLOW } from './support.js';

/** Where the text goes: a buffer and the write position (grown on demand by the generated code). */
export interface JsonOut {
  buf: Buffer;
  pos: number;
}

export interface NdjsonBuild {
  /** Writes the JSON text of the message in buf[start, end) at out.pos; throws when the value path must be taken. */
  readonly write: (buf: Buffer, start: number, end: number, out: JsonOut) => void;
  readonly source: string;
}

const ascii = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));

/** Longest text of a scalar's value (bytes of UTF-8). */
function maxText(m: ScalarMember): number {
  let names = 0;
  if (m.enum) for (const n of m.enum.byValue.values()) names = Math.max(names, n.length + 2);
  if (m.enumBy) for (const e of m.enumBy.enums.values()) for (const n of e.byValue.values()) names = Math.max(names, n.length + 2);
  switch (m.type) {
    case 'u8': case 'u16': case 'u32': return Math.max(10, names);
    case 'u64': return 22;
    case 'mac': return 19;
    case 'ipv4': return 17;
    case 'ipv6': return 48;
    case 'bytes': return 2 * m.size + 2;
    case 'string': return 6 * m.size + 2;
  }
}

const HEX = ascii('0123456789abcdef');
/** Name text (quoted) by code, for the enums met at run time through `enumBy`. */
const enumText = new WeakMap<EnumDef, Map<number, Uint8Array>>();
function namesOf(e: EnumDef): Map<number, Uint8Array> {
  let m = enumText.get(e);
  if (!m) {
    m = new Map();
    for (const [k, v] of e.byValue) m.set(k, ascii(`"${v}"`));
    enumText.set(e, m);
  }
  return m;
}

/** Writers the generated code calls: each takes the buffer and position and returns the new position. */
export const jsonWriters = {
  K(ob: Uint8Array, q: number, t: Uint8Array): number {
    const n = t.length;
    if (n > 24) ob.set(t, q);
    else for (let i = 0; i < n; i++) ob[q + i] = t[i]!;
    return q + n;
  },
  /** Decimal digits of 0 <= n < 2^53. */
  N(ob: Uint8Array, q: number, n: number): number {
    if (n < 10) {
      ob[q] = 48 + n;
      return q + 1;
    }
    let d = 1;
    for (let x = n; x >= 10; x = Math.floor(x / 10)) d++;
    for (let i = q + d - 1; i >= q; i--) {
      const x = Math.floor(n / 10);
      ob[i] = 48 + (n - x * 10);
      n = x;
    }
    return q + d;
  },
  /** Quoted lowercase hex of b[from, to). */
  X(ob: Uint8Array, q: number, b: Uint8Array, from: number, to: number): number {
    ob[q++] = 34;
    for (let i = from; i < to; i++) {
      const x = b[i]!;
      ob[q] = HEX[x >> 4]!;
      ob[q + 1] = HEX[x & 15]!;
      q += 2;
    }
    ob[q] = 34;
    return q + 1;
  },
  MAC(ob: Uint8Array, q: number, b: Uint8Array, off: number): number {
    ob[q++] = 34;
    for (let i = 0; i < 6; i++) {
      const x = b[off + i]!;
      if (i > 0) ob[q++] = 58;
      ob[q] = HEX[x >> 4]!;
      ob[q + 1] = HEX[x & 15]!;
      q += 2;
    }
    ob[q] = 34;
    return q + 1;
  },
  IP4(ob: Uint8Array, q: number, b: Uint8Array, off: number): number {
    ob[q++] = 34;
    for (let i = 0; i < 4; i++) {
      if (i > 0) ob[q++] = 46;
      q = jsonWriters.N(ob, q, b[off + i]!);
    }
    ob[q] = 34;
    return q + 1;
  },
  /** A 64-bit field as a quoted decimal (the JSON form of a bigint). */
  U64(ob: Uint8Array, q: number, b: Buffer, off: number): number {
    const hi = b[off]! * 16777216 + ((b[off + 1]! << 16) | (b[off + 2]! << 8) | b[off + 3]!);
    const lo = b[off + 4]! * 16777216 + ((b[off + 5]! << 16) | (b[off + 6]! << 8) | b[off + 7]!);
    ob[q++] = 34;
    if (hi < 0x200000) q = jsonWriters.N(ob, q, hi * 4294967296 + lo);
    else q += (ob as Buffer).write(b.readBigUInt64BE(off).toString(), q, 'latin1');
    ob[q] = 34;
    return q + 1;
  },
  /** A name from an enum chosen at run time, or the number. */
  E(ob: Uint8Array, q: number, e: EnumDef | undefined, t: number): number {
    const n = e === undefined ? undefined : namesOf(e).get(t);
    return n === undefined ? jsonWriters.N(ob, q, t) : jsonWriters.K(ob, q, n);
  },
  /** Any text (port names, custom elements' JSON): UTF-8, as stdout writes strings. */
  S(o: JsonOut, s: string): void {
    jsonWriters.grow(o, 3 * s.length);
    o.pos += o.buf.write(s, o.pos, 'utf8');
  },
  grow(o: JsonOut, n: number): void {
    if (o.pos + n <= o.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(2 * o.buf.length, o.pos + n + 4096));
    o.buf.copy(next, 0, 0, o.pos);
    o.buf = next;
  },
  json: (v: unknown): string => JSON.stringify(toJSONValue(v)) ?? 'null',
};

class Gen extends CodeGen {
  constructor() {
    super('x');
  }

  /** Statements writing scalar m read at offset o (raw number kept in `rawLocal` when given). */
  scalar(m: ScalarMember, o: string, rawLocal: string | undefined, dynEnum?: string): string[] {
    switch (m.type) {
      case 'u8': case 'u16': case 'u32': {
        const raw = readUint(m.size, o);
        const t = rawLocal ?? 't';
        const c = [rawLocal ? `const ${t} = ${raw};` : `${t} = ${raw};`];
        if (dynEnum) return [...c, `q = W.E(ob, q, ${dynEnum}, ${t});`];
        if (!m.enum) return [...c, `q = W.N(ob, q, ${t});`];
        const names = new Map<number, Uint8Array>();
        for (const [k, v] of m.enum.byValue) names.set(k, ascii(`"${v}"`));
        let min = Infinity, max = -Infinity;
        for (const k of names.keys()) { min = Math.min(min, k); max = Math.max(max, k); }
        if (max - min <= 4096) {
          const tab = new Array<Uint8Array | undefined>(max - min + 1).fill(undefined);
          for (const [k, v] of names) tab[k - min] = v;
          const i = min === 0 ? t : `${t} - ${min}`;
          c.push(`nm = (${i}) >>> 0 < ${tab.length} ? ${this.k.ref(tab)}[${i}] : undefined;`);
        } else {
          c.push(`nm = ${this.k.ref(names)}.get(${t});`);
        }
        return [...c, `q = nm !== undefined ? W.K(ob, q, nm) : W.N(ob, q, ${t});`];
      }
      case 'u64': return [`q = W.U64(ob, q, b, ${o});`];
      case 'mac': return [`q = W.MAC(ob, q, b, ${o});`];
      case 'ipv4': return [`q = W.IP4(ob, q, b, ${o});`];
      case 'ipv6': return [`q += ob.latin1Write('"' + H.formatIpv6(b, ${o}) + '"', q);`];
      case 'bytes': return [`q = W.X(ob, q, b, ${o}, ${o} + ${m.size});`];
      case 'string': return [`q += ob.utf8Write(JSON.stringify(H.str(b, ${o}, ${m.size})), q);`];
    }
  }

  struct(def: StructDef, i: number): void {
    if (!compilable(def, DECODE_MEMBER_KINDS)) {
      this.out.push(`function x${i}(b, s, e, o) { throw SLOW; }`);
      return;
    }
    const c: string[] = [`function x${i}(b, s, e, o) {`, '  let t, se, c, nm;', ...readBounds(def)];
    // Room for the static text (keys, and every fixed-size value at its longest).
    let room = 2;
    for (const m of def.members) {
      if (!('name' in m)) continue;
      room += m.name.length + 4;
      if (m.kind === 'scalar') room += maxText(m);
      else if (m.kind === 'length' || m.kind === 'count') room += 10;
      else room += 2;
    }
    c.push(`  W.grow(o, ${room});`, '  let ob = o.buf, q = o.pos;');
    // After a nested element the text still to come from this struct must fit again: `room` anew.
    const sync = '  o.pos = q;';
    const reload = `  W.grow(o, ${room}); ob = o.buf; q = o.pos;`;
    let first = true;
    // Keys are constant: written as straight-line byte stores (short) or copied (long).
    const key = (name: string): string => {
      const t = ascii(`${first ? '{' : ','}${JSON.stringify(name)}:`);
      first = false;
      if (t.length > 24) return `  q = W.K(ob, q, ${this.k.ref(t)});`;
      return `  ${Array.from(t, (x, i) => `ob[q${i ? ` + ${i}` : ''}] = ${x};`).join(' ')} q += ${t.length};`;
    };
    const raws = new Map<string, string>();
    const covered = new Set<string>();
    /** Locals holding the element count of a later list, by list name (`count` members). */
    const counts = new Map<string, string>();
    let v = 0;
    for (const { run, next } of this.steps(def)) {
      if (run && run.size > 0) {
        const body: string[] = [];
        for (const { m, at } of run.fields) {
          const o = CodeGen.at(at);
          if (m.kind === 'scalar') {
            const local = `r${v++}`;
            let dyn: string | undefined;
            if (!m.enum && m.enumBy) {
              const by = m.enumBy;
              dyn = `E${local}`;
              const sib = raws.get(by.field);
              body.push(sib ? `  const ${dyn} = ${this.k.ref(by.enums)}.get(${sib});` : `  const ${dyn} = undefined;`);
            }
            body.push(key(m.name));
            const isNum = m.type === 'u8' || m.type === 'u16' || m.type === 'u32';
            body.push(...this.scalar(m, o, isNum ? local : undefined, dyn).map((x) => `  ${x}`));
            if (isNum) raws.set(m.name, local);
          } else if (m.kind === 'length') {
            const local = `r${v++}`;
            body.push(`  const ${local} = ${readUint(m.size, o)};`, key(m.name), `  q = W.N(ob, q, ${local});`);
            if (m.of !== 'self') {
              covered.add(m.of);
              body.push(`  const cv_${m.of} = ${local};`);
            }
          } else if (m.kind === 'count') {
            const local = `r${v++}`;
            body.push(`  const ${local} = ${readUint(m.size, o)};`, key(m.name), `  q = W.N(ob, q, ${local});`);
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
      let re = 'lim';
      if (covered.has(m.name)) {
        const r = readRegion(m.name);
        c.push(...r.lines);
        re = r.re;
      }
      c.push(key(m.name));
      if (m.kind === 'rest') {
        c.push(sync, `  W.grow(o, 2 * (${re} - p) + ${room + 2}); ob = o.buf;`, `  q = W.X(ob, q, b, p, ${re});`, `  p = ${re};`);
      } else if (m.kind === 'struct') {
        c.push(sync, `  ${this.fn(m.def)}(b, p, ${re}, o);`, reload, '  p += N;');
      } else {
        c.push(...this.list(m, re, room, counts.get(m.name)));
      }
      if (covered.has(m.name)) c.push(`  if (p !== ${re}) throw SLOW;`);
    }
    c.push(...readEnd());
    c.push(first ? '  ob[q++] = 123; ob[q++] = 125;' : '  ob[q++] = 125;');
    c.push('  o.pos = q;', '  N = c;', '}');
    this.out.push(c.join('\n'));
  }

  /** A list's text; `room` is what its struct still needs after each element (commas, brackets, later keys). */
  list(m: ListMember, re: string, room: number, n?: string): string[] {
    const c: string[] = ['  ob[q++] = 91;'];
    // A fixed count, the count read from a `count` member (`n`), or as many elements as fill the region.
    const count = m.count ?? n;
    const loop = count !== undefined ? `for (let i = 0; i < ${count}; i++)` : `for (let i = 0; p < ${re}; i++)`;
    const el = m.of;
    if (el.kind === 'scalar') {
      c.push(`  ${loop} {`, `    if (p + ${el.size} > ${re}) throw SLOW;`);
      c.push('    o.pos = q;', `    W.grow(o, ${maxText(el) + 2 + room});`, '    ob = o.buf;', '    if (i > 0) ob[q++] = 44;');
      c.push(...this.scalar(el, 'p', undefined).map((x) => `    ${x}`), `    p += ${el.size};`, '  }');
    } else {
      c.push(`  ${loop} {`, '    if (i > 0) ob[q++] = 44;', '    o.pos = q;');
      c.push(`    ${this.fn(el)}(b, p, ${re}, o);`, '    if (N <= 0) throw SLOW;', `    W.grow(o, ${room}); ob = o.buf; q = o.pos;`, '    p += N;', '  }');
    }
    c.push('  ob[q++] = 93;');
    return c;
  }

  union(u: UnionDef, i: number): void {
    const c: string[] = [`function x${i}(b, s, e, o) {`];
    c.push(`  if (s + ${u.tagOffset + u.tagSize} > e) throw SLOW;`);
    c.push(`  switch (${readUint(u.tagSize, `s + ${u.tagOffset}`)}) {`);
    for (const [tag, v] of u.variants) c.push(`    case ${tag}: return ${this.fn(v)}(b, s, e, o);`);
    c.push(u.fallback ? `    default: return ${this.fn(u.fallback)}(b, s, e, o);` : '    default: throw SLOW;');
    c.push('  }', '}');
    this.out.push(c.join('\n'));
  }

  custom(def: CustomDef, i: number): void {
    // Decoded to a value (by its compiled twin when it has one) and written as the JSON writer writes it.
    const twin = compiledTwin(def);
    const decode = twin
      ? `const v = ${this.k.ref(twin)}.decode(b, s, e, Z); N = Z.n;`
      : `const r = ${this.k.ref(def)}.decode(b, s, e); N = r.size; const v = r.value;`;
    this.out.push(`function x${i}(b, s, e, o) { if (s + ${def.headerSize} > e) throw SLOW; ${decode} const n = N; W.S(o, W.json(v)); N = n; }`);
  }

  generate(root: Def): string {
    const rootFn = this.emitAll(root);
    return `'use strict';\nlet N = 0;\nconst Z = { n: 0 };\n${this.k.prelude()}\n${this.out.join('\n')}\nreturn ${rootFn};`;
  }
}

/** Compile the bytes-to-JSON-text writer of `root` (a version's message union). */
export function compileNdjson(root: Def): NdjsonBuild {
  const g = new Gen();
  const source = g.generate(root);
  const make = new Function('K', 'H', 'W', 'SLOW', source) as (K: unknown[], H: typeof helpers, W: typeof jsonWriters, slow: Error) => NdjsonBuild['write'];
  return { write: make(g.k.values, helpers, jsonWriters, SLOW), source };
}
