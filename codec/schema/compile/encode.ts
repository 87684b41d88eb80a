/**
 * Encoder compiler: one writer per struct, union and custom element,
 * generated from the schema. `e<i>(v, b, p)` writes a value into `b` at `p`
 * and returns where it ended; length and count fields are back-patched from
 * what was written, as the interpreter computes them. One pass: the entry
 * points write into a buffer with room for any OpenFlow message (a reused
 * scratch, or the caller's own buffer when 64 KiB are left in it) and
 * copy out what is needed, so every value is read once (a sizing pass walked
 * each object twice: a table-features reply holds about 12,000 of them).
 *
 * Values the straight-line path does not take (a wrong type, an unknown enum
 * name, a field that is missing, an unknown field) throw SLOW; the entry
 * point then encodes the same value with the interpreter, which either
 * accepts a rarer spelling or reports the error with its path and offset.
 * A write past the buffer's end is dropped by the typed array (or throws a
 * RangeError, as set() and fill() do); the entry point checks the end
 * against the buffer, and no valid message is longer than 65,535 bytes.
 */
import type { CustomDef, Def, EnumDef, ScalarMember, StructDef, UnionDef } from '../types.js';
import { encodeDef, toBytes } from '../encode.js';
import { writeAddress } from '../scalars.js';
import { GrowBuffer } from '../writer.js';
import { encodeTwin } from './encode-twins.js';
import { CodeGen, helpers, isTrailingAlign, SLOW } from './support.js';

/** Room that any OpenFlow message fits in: its header's length is 16 bits. */
export const MAX_MESSAGE = 65535;

export interface EncoderBuild {
  /**
   * Writes a value into b at p and returns its end. Throws SLOW (or anything) when the value is off
   * the compiled path. A write past b's end is dropped or throws: check the end, or give at least
   * MAX_MESSAGE bytes of room when encoding a message.
   */
  readonly write: (value: unknown, b: Buffer, p: number) => number;
  /** Writes a value at the start of the shared scratch buffer (`scratch`); returns its length. Throws as `write` does. */
  readonly toScratch: (value: unknown) => number;
  /** Appends a value to a GrowBuffer (tests, and encodeMessage with a caller's GrowBuffer). Throws as `write` does. */
  readonly encode: (value: unknown, w: GrowBuffer) => void;
  /** Where toScratch writes (shared by every version's encoder). */
  readonly scratch: Buffer;
  readonly source: string;
  readonly compiled: readonly string[];
  readonly interpreted: readonly string[];
}

/** Member kinds this compiler writes itself; a struct with any other is handed to the interpreter. */
const ENCODE_KINDS: ReadonlySet<string> = new Set(['scalar', 'pad', 'length', 'count', 'struct', 'list', 'rest', 'align']);
const encodable = (def: StructDef): boolean => def.members.every((m) => ENCODE_KINDS.has(m.kind));

/**
 * Enums with at most this many names are matched by a string switch; bigger ones by their Map. A
 * case is one pointer comparison only when both strings are interned; a name built at run time
 * (decoded values) is compared as text, case after case, so long switches lose to one hash lookup.
 */
const SWITCH_NAMES = 8;

function rangeCheck(size: number, x: string): string {
  if (size === 4) return `(${x} >>> 0) !== ${x}`;
  return `(${x} & ${size === 1 ? 0xff : 0xffff}) !== ${x}`;
}

function writeUint(size: number, x: string, o: string): string[] {
  if (size === 1) return [`b[${o}] = ${x};`];
  if (size === 2) return [`b[${o}] = ${x} >>> 8; b[${o} + 1] = ${x} & 255;`];
  return [`b[${o}] = ${x} >>> 24; b[${o} + 1] = (${x} >>> 16) & 255; b[${o} + 2] = (${x} >>> 8) & 255; b[${o} + 3] = ${x} & 255;`];
}

function at(o: string, i: number): string {
  return i === 0 ? o : `${o} + ${i}`;
}

function zeros(n: number, o: string): string[] {
  if (n <= 16) return [Array.from({ length: n }, (_, i) => `b[${at(o, i)}] = 0;`).join(' ')];
  return [`b.fill(0, ${o}, ${o} + ${n});`];
}

/** Hex digit values by character code (-1 for anything else). */
const HEXV = new Int8Array(128).fill(-1);
for (let i = 0; i < 10; i++) HEXV[48 + i] = i;
for (let i = 0; i < 6; i++) HEXV[97 + i] = HEXV[65 + i] = 10 + i;

/** Bytes given as text (the JSON form) or an array of byte values: the interpreter's toBytes, SLOW where it would throw. */
function bytesOf(v: unknown): Uint8Array {
  try {
    return toBytes(v, '', stashBuffer);
  } catch {
    throw SLOW;
  }
}

/** A rest member given other than as a Uint8Array: an even-length hex string (checked here) or byte values. */
function restWrite(v: unknown, b: Buffer, p: number): number {
  if (typeof v === 'string') {
    const n = hexLength(v);
    if (n < 0) throw SLOW;
    if (p + n > b.length) throw SLOW;
    return p + b.write(v, p, n, 'hex');
  }
  const x = bytesOf(v);
  b.set(x, p);
  return p + x.length;
}

/** A 64-bit value through one BigUint64Array slot: no BigInt shifts (each allocates). */
const U64 = new BigUint64Array(1);
const U64B = new Uint8Array(U64.buffer);
const LITTLE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
/** Writes bigint x big-endian at b[o]; false when it is not an unsigned 64-bit value. */
export function writeU64(x: bigint, b: Uint8Array, o: number): boolean {
  if (x < 0n || x > 0xffffffffffffffffn) return false;
  U64[0] = x;
  if (LITTLE) {
    b[o] = U64B[7]!; b[o + 1] = U64B[6]!; b[o + 2] = U64B[5]!; b[o + 3] = U64B[4]!;
    b[o + 4] = U64B[3]!; b[o + 5] = U64B[2]!; b[o + 6] = U64B[1]!; b[o + 7] = U64B[0]!;
  } else {
    for (let i = 0; i < 8; i++) b[o + i] = U64B[i]!;
  }
  return true;
}

/** Hex text of even length (what toBytes takes as a string); its byte count, or -1. */
export function hexLength(v: string): number {
  if ((v.length & 1) !== 0) return -1;
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c > 127 || HEXV[c]! < 0) return -1;
  }
  return v.length >> 1;
}

const stashBuffer = new GrowBuffer(1024);
/** The interpreter's (or a custom definition's own) bytes for v, copied to b at p; returns the end. */
function stash(def: Def, v: unknown, b: Buffer, p: number): number {
  stashBuffer.pos = 0;
  encodeDef(def, v, stashBuffer, def.name);
  const n = stashBuffer.pos;
  if (p + n > b.length) throw SLOW;
  stashBuffer.buf.copy(b, p, 0, n);
  return p + n;
}

/** Helpers handed to generated encoders (`H.*`): the shared ones and the encoder's own. */
const encodeHelpers = { ...helpers, bytesOf, restWrite, stash, writeAddress, writeU64 };
type EncodeHelpers = typeof encodeHelpers;

const lit = (d: number | bigint | string): string => (typeof d === 'bigint' ? `${d}n` : JSON.stringify(d));

class Gen extends CodeGen {
  readonly compiled: string[] = [];
  readonly interpreted: string[] = [];
  constructor() {
    super('e');
  }

  /** Statements mapping string x to its code in e (left as it is when unknown; the range check then fails). */
  enumName(e: EnumDef, x: string): string[] {
    if (e.byName.size > SWITCH_NAMES) return [`if (typeof ${x} === 'string') { const n = ${this.k.ref(e.byName)}.get(${x}); if (n !== undefined) ${x} = n; }`];
    // A switch on interned strings, hoisted from the enum at compile time: no Map lookup per field.
    const cases = [...e.byName].map(([name, code]) => `case ${JSON.stringify(name)}: ${x} = ${code}; break;`);
    return [`if (typeof ${x} === 'string') switch (${x}) { ${cases.join(' ')} }`];
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
          // Zero (cookies, masks) is most 64-bit fields' value: no range check, no shifts.
          `if (${x} === 0n) { ${zeros(8, o)[0]} }`,
          `else if (!H.writeU64(${x}, b, ${o})) throw SLOW;`,
        ];
      // Text, or a number or bytes (the interpreter's writeAddress, so both take the same values).
      case 'mac': return [`if (typeof ${x} === 'string' ? !H.mac(${x}, b, ${o}) : !H.writeAddress(${x}, 6, b, ${o})) throw SLOW;`];
      case 'ipv4': return [`if (typeof ${x} === 'string' ? !H.ipv4(${x}, b, ${o}) : !H.writeAddress(${x}, 4, b, ${o})) throw SLOW;`];
      case 'ipv6': return [`if (typeof ${x} !== 'string' || !H.parseIpv6(${x}, b, ${o})) throw SLOW;`];
      case 'bytes':
        return [
          `if (!(${x} instanceof Uint8Array)) ${x} = H.bytesOf(${x});`,
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
    if (!encodable(def)) {
      // A member kind this compiler does not know: the interpreter encodes it, its bytes are copied.
      this.interpreted.push(def.name);
      this.out.push(`function e${i}(v, b, p) { return H.stash(${this.k.ref(def)}, v, b, p); }`);
      return;
    }
    this.compiled.push(def.name);
    const c: string[] = [`function e${i}(v, b, p) {`, "  if (v === null || typeof v !== 'object') throw SLOW;"];
    if (def.encodePrepare) c.push(`  v = ${this.k.ref(def.encodePrepare)}(v, '', p);`);
    const known = Object.create(null) as Record<string, 1>;
    for (const m of def.members) if ('name' in m) known[m.name] = 1;
    c.push('  const s = p;', '  let x, bodyEnd = -1, pr = 0;');
    const lengths: { at: string; size: number; of: string }[] = [];
    const counts: { at: string; size: number; of: string }[] = [];
    let v = 0;
    const members = def.members;
    for (const { run, next } of this.steps(def)) {
      // A run of fixed-size members: written at constant offsets from p, then p moves once.
      const body: string[] = [];
      for (const { m, at: off } of run?.fields ?? []) {
        const o = CodeGen.at(off);
        if (m.kind === 'scalar') {
          const local = `x${v++}`;
          body.push(`  let ${local} = v[${JSON.stringify(m.name)}];`);
          const dflt = m.fixed ?? m.default;
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
            body.push(...this.enumName(m.enum, local).map((s) => `  ${s}`));
          } else if (m.enumBy) {
            const by = m.enumBy;
            const sibling = members.find((y) => y.kind === 'scalar' && y.name === by.field) as ScalarMember | undefined;
            enumExpr = `E${local}`;
            body.push(`  let k_${local} = v[${JSON.stringify(by.field)}]${sibling?.fixed !== undefined ? ` ?? ${sibling.fixed}` : ''};`);
            body.push(`  if (typeof k_${local} === 'string') k_${local} = ${this.k.ref(sibling?.enum?.byName ?? new Map())}.get(k_${local});`);
            body.push(`  const ${enumExpr} = typeof k_${local} === 'number' ? ${this.k.ref(by.enums)}.get(k_${local}) : undefined;`);
          }
          body.push(...this.scalar(m, local, o, enumExpr).map((s) => `  ${s}`));
        } else if (m.kind === 'pad') {
          body.push(...zeros(m.size, o).map((s) => `  ${s}`));
        } else {
          const a = `l${v++}`;
          // Lengths and counts are computed, but a value may carry them (decoded values do): they are known keys.
          body.push(`  if (v[${JSON.stringify(m.name)}] !== undefined) pr++;`);
          body.push(`  const ${a} = ${o};`);
          (m.kind === 'length' ? lengths : counts).push({ at: a, size: m.size, of: m.of });
        }
      }
      if (run && run.size > 0) c.push(...body, `  p += ${run.size};`);
      if (!next) break;
      const m = next.m;
      if (m.kind === 'align') {
        if (isTrailingAlign(def, next.index)) c.push('  bodyEnd = p;');
        c.push(`  for (let n = (${m.to} - ((p - s) % ${m.to})) % ${m.to}; n > 0; n--) b[p++] = 0;`);
        continue;
      }
      if (m.kind !== 'struct' && m.kind !== 'list' && m.kind !== 'rest') continue;
      const start = `sp_${v++}`;
      c.push(`  const ${start} = p;`);
      const val = `v[${JSON.stringify(m.name)}]`;
      if (m.kind === 'struct') {
        c.push(`  x = ${val};`, '  if (x !== undefined) pr++;', `  p = ${this.fn(m.def)}(x, b, p);`);
      } else if (m.kind === 'rest') {
        // Short byte runs (empty bodies of table-features ids, most PACKET_OUT data is longer) by a loop: set() costs more.
        c.push(`  x = ${val};`, '  if (x !== undefined) { pr++; if (x instanceof Uint8Array) { const n = x.length; if (n > 16) b.set(x, p); else for (let i = 0; i < n; i++) b[p + i] = x[i]; p += n; } else p = H.restWrite(x, b, p); }');
      } else {
        c.push(`  x = ${val};`, '  if (x !== undefined) pr++; else x = [];', '  if (!Array.isArray(x)) throw SLOW;');
        if (m.count !== undefined) c.push(`  if (x.length !== ${m.count}) throw SLOW;`);
        for (const k of counts) if (k.of === m.name) c.push(`  const n_${m.name} = x.length;`);
        const el = m.of;
        if (el.kind === 'scalar') {
          const enumExpr = el.enum ? this.k.ref(el.enum) : undefined;
          c.push('  for (let i = 0; i < x.length; i++) {', '    let y = x[i];');
          if (el.enum) c.push(...this.enumName(el.enum, 'y').map((s) => `    ${s}`));
          c.push(...this.scalar(el, 'y', 'p', enumExpr).map((s) => `    ${s}`));
          c.push(`    p += ${el.size};`, '  }');
        } else {
          const list = el.kind === 'custom' ? encodeTwin(el)?.writeList : undefined;
          if (list) c.push(`  p = ${this.k.ref(list)}(x, b, p);`);
          else c.push(`  for (let i = 0; i < x.length; i++) p = ${this.fn(el)}(x[i], b, p);`);
        }
      }
      c.push(`  const span_${m.name} = p - ${start};`);
    }
    if (lengths.length > 0) {
      c.push('  if (bodyEnd < 0) bodyEnd = p;');
      for (const l of lengths) {
        const n = l.of === 'self' ? 'bodyEnd - s' : `span_${l.of}`;
        const max = l.size === 4 ? 0xffffffff : (1 << (8 * l.size)) - 1;
        c.push(`  x = ${n}; if (x > ${max}) throw SLOW;`, ...writeUint(l.size, 'x', l.at).map((s) => `  ${s}`));
      }
    }
    for (const k of counts) {
      const max = k.size === 4 ? 0xffffffff : (1 << (8 * k.size)) - 1;
      c.push(`  x = n_${k.of}; if (x > ${max}) throw SLOW;`, ...writeUint(k.size, 'x', k.at).map((s) => `  ${s}`));
    }
    // Unknown fields are errors (the interpreter names them); a field set to undefined is absent.
    // Counting the keys is enough when their number is that of the members present (`pr`): only
    // otherwise is each key looked up. All keys known and present: no count needed at all.
    c.push(`  let nk = 0; for (const key in v) nk++;`);
    c.push(`  if (nk !== pr) for (const key in v) if (${this.k.ref(known)}[key] !== 1 && v[key] !== undefined) throw SLOW;`);
    c.push('  return p;', '}');
    this.out.push(c.join('\n'));
  }

  /** The dispatch on a union's tag, calling `call(variant)` for the chosen variant (returned). */
  private dispatch(u: UnionDef, head: string, call: (d: Def) => string): string {
    const c: string[] = [head, "  if (v === null || typeof v !== 'object') throw SLOW;"];
    c.push(`  let t = v[${JSON.stringify(u.tag)}];`, '  if (t === undefined) throw SLOW;');
    if (u.tagEnum) {
      // The variant's names first, as string cases: a comparison of interned strings, no Map lookup.
      const names = new Map<number, string[]>();
      for (const [name, code] of u.tagEnum.byName) if (u.variants.has(code)) names.set(code, [...(names.get(code) ?? []), name]);
      if (names.size > 0) {
        c.push("  if (typeof t === 'string') switch (t) {");
        for (const [code, list] of names) c.push(`    ${list.map((n) => `case ${JSON.stringify(n)}:`).join(' ')} return ${call(u.variants.get(code)!)};`);
        c.push('  }');
      }
      const e = this.k.ref(u.tagEnum);
      c.push(`  if (typeof t === 'string') { const n = ${e}.byName.get(t); t = n !== undefined ? n : H.code(t, ${e}); }`);
    }
    c.push(`  if (typeof t !== 'number') t = H.code(t, ${u.tagEnum ? this.k.ref(u.tagEnum) : 'undefined'});`);
    c.push('  switch (t) {');
    for (const [tag, v] of u.variants) c.push(`    case ${tag}: return ${call(v)};`);
    c.push(u.fallback ? `    default: if (t < 0) throw SLOW; return ${call(u.fallback)};` : '    default: throw SLOW;');
    c.push('  }', '}');
    return c.join('\n');
  }

  union(u: UnionDef, i: number): void {
    this.out.push(this.dispatch(u, `function e${i}(v, b, p) {`, (d) => `${this.fn(d)}(v, b, p)`));
  }

  custom(def: CustomDef, i: number): void {
    const twin = encodeTwin(def);
    if (twin) {
      const k = this.k.ref(twin);
      this.out.push(`function e${i}(v, b, p) { return ${k}.write(v, b, p); }`);
      return;
    }
    // No compiled twin: the definition's own encoder writes it, its bytes are copied.
    this.out.push(`function e${i}(v, b, p) { return H.stash(${this.k.ref(def)}, v, b, p); }`);
  }

  generate(root: Def): string {
    const rootFn = this.emitAll(root);
    return `'use strict';\n${this.k.prelude()}\n${this.out.join('\n')}\nreturn ${rootFn};`;
  }
}

/**
 * The scratch buffer toScratch writes into: room for any message, and slack so that a value a little
 * too long is still written whole before its length check refuses it. One per process, reused.
 */
const scratch = Buffer.from(new ArrayBuffer(2 * (MAX_MESSAGE + 1)));
/** The scratch as 32-bit words, for copying a short message out a word at a time (copyOut). */
const scratch32 = new Uint32Array(scratch.buffer);

/**
 * Where encodeMessage's short results live: slices of an 8 KiB block, as Node's own Buffer pool
 * hands out allocUnsafe() (so a kept message holds at most a block, as theirs does). A message is
 * copied from the scratch a 32-bit word at a time: for a 100-byte FLOW_MOD, Buffer#copy or a byte
 * loop cost about as much again as writing it.
 */
const BLOCK = 8192;
let block = new ArrayBuffer(BLOCK);
let block32 = new Uint32Array(block);
let blockAt = 0;
/** The first n bytes of the scratch as a Buffer of their own (short ones in a shared block). */
export function copyOut(n: number): Buffer {
  if (n > 1024) {
    const out = Buffer.allocUnsafe(n);
    scratch.copy(out, 0, 0, n);
    return out;
  }
  const words = (n + 3) >> 2;
  if (blockAt + 4 * words > BLOCK) {
    block = new ArrayBuffer(BLOCK);
    block32 = new Uint32Array(block);
    blockAt = 0;
  }
  const w = blockAt >> 2, dst = block32, src = scratch32;
  for (let i = 0; i < words; i++) dst[w + i] = src[i]!;
  const out = Buffer.from(block, blockAt, n);
  blockAt += 8 * ((n + 7) >> 3);
  return out;
}
/** Set while a value is written into the scratch (a getter that encodes again gets the interpreter, not our bytes). */
let busy = false;

/** Compile an encoder for `root` (a version's message union, or any definition). */
export function compileEncoder(root: Def): EncoderBuild {
  const g = new Gen();
  const source = g.generate(root);
  const make = new Function('K', 'H', 'SLOW', source) as (K: unknown[], H: EncodeHelpers, slow: Error) => (v: unknown, b: Buffer, p: number) => number;
  const write = make(g.k.values, encodeHelpers, SLOW);
  const toScratch = (value: unknown): number => {
    if (busy) throw SLOW;
    busy = true;
    try {
      const e = write(value, scratch, 0);
      if (e > scratch.length) throw SLOW;
      return e;
    } finally {
      busy = false;
    }
  };
  const encode = (value: unknown, w: GrowBuffer): void => {
    const n = toScratch(value);
    w.ensure(n);
    scratch.copy(w.buf, w.pos, 0, n);
    w.pos += n;
  };
  return { write, toScratch, scratch, encode, source, compiled: g.compiled, interpreted: g.interpreted };
}
