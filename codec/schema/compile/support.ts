/**
 * What the generated decoders and encoders share: the sentinel they throw
 * when an input is not one they can handle on their straight-line path, the
 * helpers they call (the interpreter's own scalar functions, so both accept
 * exactly the same text forms), and the bookkeeping of which definitions were
 * compiled and which are left to the interpreter.
 */
import { decodeDef } from '../decode.js';
import { bytesView } from '../bytes.js';
import { encodeDef, toBytes } from '../encode.js';
import { parseIpv4, parseIpv6, parseMac } from '../scalars.js';
import type { CountMember, CustomDef, Def, EnumDef, LengthMember, Member, PadMember, ScalarMember, StructDef, UnionDef } from '../types.js';
import type { GrowBuffer } from '../writer.js';

/**
 * Thrown by generated code for anything off its fast path: bad input, a form
 * it leaves to the interpreter. The entry points catch it and run the
 * interpreter on the same input, so an error is always the interpreter's
 * error (same code, field, offset and text) and a rare form is still accepted.
 */
export const SLOW = new Error('compiled codec: off the fast path');

/** Member kinds every generator knows; a struct holding any other kind is left to the interpreter. */
export const COMPILED_MEMBER_KINDS: ReadonlySet<string> = new Set(['scalar', 'pad', 'length', 'struct', 'list', 'rest', 'align']);
/** What the decoder and the bytes-to-JSON writer know besides: `count` (the element count of a later list). */
export const DECODE_MEMBER_KINDS: ReadonlySet<string> = new Set([...COMPILED_MEMBER_KINDS, 'count']);

/** Whether every member of `def` is of a kind in `kinds` (the generator's own set; COMPILED_MEMBER_KINDS by default). */
export function compilable(def: StructDef, kinds: ReadonlySet<string> = COMPILED_MEMBER_KINDS): boolean {
  return def.members.every((m: Member) => kinds.has(m.kind));
}

/** A member at a constant offset inside a run: fixed size, no region of its own. */
export type FixedMember = ScalarMember | PadMember | LengthMember | CountMember;

/** Consecutive fixed-size members: one bounds check (decode) or one reservation (encode) covers them all. */
export interface FixedRun {
  /** Bytes of the run. */
  readonly size: number;
  /** Each member with its offset from the run start. */
  readonly fields: readonly { readonly m: FixedMember; readonly at: number }[];
}

/**
 * One step of the walk over a struct's members, in member order: the run of
 * fixed-size members (absent when there is none), then the member that ended
 * it (align, struct, list, rest; absent after the last run), with its index
 * in `def.members`.
 */
export interface MemberStep {
  readonly run?: FixedRun;
  readonly next?: { readonly m: Exclude<Member, FixedMember>; readonly index: number };
}

/**
 * The last member when it is an `align` not counted by the self length (hello elements, 1.3 match):
 * padding after the struct's own bytes. Any other align (mid-struct, as after an NXM match, or a
 * counted last one, as in 1.5 copy_field) is part of the struct.
 */
export function isTrailingAlign(def: StructDef, i: number): boolean {
  const m = def.members[i] as { kind: string; counted?: boolean };
  return m.kind === 'align' && i === def.members.length - 1 && m.counted !== true;
}

/** Constants referenced by generated code, passed in as one array. */
export class Consts {
  readonly values: unknown[] = [];
  private readonly seen = new Map<unknown, string>();
  ref(v: unknown): string {
    let name = this.seen.get(v);
    if (name === undefined) {
      name = `k${this.values.length}`;
      this.values.push(v);
      this.seen.set(v, name);
    }
    return name;
  }
  prelude(): string {
    return this.values.map((_, i) => `const k${i} = K[${i}];`).join('\n');
  }
}

/** Numbering of definitions as generated functions (`d3`, `e3`), in order of first use. */
export class DefTable {
  readonly defs: Def[] = [];
  private readonly index = new Map<Def, number>();
  private next = 0;
  ref(def: Def): number {
    let i = this.index.get(def);
    if (i === undefined) {
      i = this.defs.length;
      this.defs.push(def);
      this.index.set(def, i);
    }
    return i;
  }
  /** Definitions not yet generated (the generator pulls until none are left). */
  take(): { def: Def; i: number } | undefined {
    if (this.next >= this.defs.length) return undefined;
    const i = this.next++;
    return { def: this.defs[i]!, i };
  }
}

/**
 * What the two readers (decode.ts to values, ndjson.ts to JSON text) emit
 * alike, so they accept and refuse the same bytes: an unsigned field read,
 * a struct's bounds from its self length (or fixed size), the skip of an
 * inner align, the region a length field gives the member it covers, and
 * the checks that end a struct. The generated code uses `b` (the bytes),
 * `s`/`e` (the struct's start and the end of what it may use), `p` (the
 * read position), `se`/`c`/`lim` (set by readBounds) and throws SLOW for the
 * interpreter to name the error.
 */
export function readUint(size: number, o: string): string {
  if (size === 1) return `b[${o}]`;
  if (size === 2) return `(b[${o}] << 8 | b[${o} + 1])`;
  return `(b[${o}] * 16777216 + (b[${o} + 1] << 16 | b[${o} + 2] << 8 | b[${o} + 3]))`;
}

/** se: where the struct ends by its own length (else e); c: the bytes it consumes, padding included (-1: found by reading); lim, p. */
export function readBounds(def: StructDef): string[] {
  const L = def.layout;
  const c: string[] = [];
  if (L.selfLength) {
    const { offset, size } = L.selfLength;
    c.push(`  if (s + ${offset + size} > e) throw SLOW;`);
    c.push(`  const n = ${readUint(size, `s + ${offset}`)};`);
    c.push(L.fixed ? `  if (n !== ${L.size}) throw SLOW;` : `  if (n < ${L.size}) throw SLOW;`);
    c.push('  se = s + n;');
    c.push(L.align ? `  c = Math.ceil(n / ${L.align}) * ${L.align};` : '  c = n;');
  } else if (L.fixed) {
    c.push(`  se = s + ${L.size}; c = ${L.size};`);
  } else {
    c.push('  se = e; c = -1;');
  }
  c.push('  const lim = se < e ? se : e;', '  let p = s;');
  return c;
}

/** Past an align member (trailing padding is readBounds' `c`). */
export function readAlign(def: StructDef, index: number, to: number): string[] {
  return isTrailingAlign(def, index) ? [] : [`  p += (${to} - ((p - s) % ${to})) % ${to};`, '  if (p > lim) throw SLOW;'];
}

/** The end of a member a length field covers (`cv_NAME`, read earlier): checked against lim, held in `re_NAME`. */
export function readRegion(name: string): { lines: string[]; re: string } {
  return { lines: [`  if (p + cv_${name} > lim) throw SLOW;`, `  const re_${name} = p + cv_${name};`], re: `re_${name}` };
}

/** The struct read as far as its length says, and no further than e; c becomes the bytes consumed. */
export function readEnd(): string[] {
  return ['  if (se > e) throw SLOW;', '  if (c < 0) c = p - s; else if (p < se) throw SLOW;', '  if (s + c > e) throw SLOW;'];
}

/**
 * What the three generators (decode, encode, JSON) share: the constants the
 * generated code references, the numbering of definitions as functions
 * (`d3`, `e3`, `j3`) and the walk that emits each definition once, pulling
 * those first referenced while emitting others until none are left.
 */
export abstract class CodeGen {
  readonly k = new Consts();
  readonly t = new DefTable();
  readonly out: string[] = [];
  constructor(private readonly prefix: string) {}

  fn(def: Def): string {
    return `${this.prefix}${this.t.ref(def)}`;
  }

  /**
   * The walk every struct generator makes: the members grouped into runs of
   * fixed-size members (scalar, pad, length, count), each followed by the
   * variable member that ends it. Generators emit a run as straight-line code
   * at constant offsets from the run start (`at(offset)`), then the member.
   */
  steps(def: StructDef): MemberStep[] {
    const out: MemberStep[] = [];
    const members = def.members;
    let idx = 0;
    while (idx < members.length) {
      const fields: { m: FixedMember; at: number }[] = [];
      let size = 0;
      for (; idx < members.length; idx++) {
        const m = members[idx]!;
        if (m.kind !== 'scalar' && m.kind !== 'pad' && m.kind !== 'length' && m.kind !== 'count') break;
        fields.push({ m, at: size });
        size += m.size;
      }
      const run = fields.length > 0 ? { size, fields } : undefined;
      if (idx >= members.length) {
        out.push(run ? { run } : {});
        break;
      }
      const next = { m: members[idx] as Exclude<Member, FixedMember>, index: idx };
      idx++;
      out.push(run ? { run, next } : { next });
    }
    return out;
  }

  /** The offset expression of a run member `at` bytes from the run start held in `p`. */
  static at(at: number, p = 'p'): string {
    return at === 0 ? p : `${p} + ${at}`;
  }

  abstract struct(def: StructDef, i: number): void;
  abstract union(u: UnionDef, i: number): void;
  /** A custom definition (neither struct nor union). */
  abstract custom(def: CustomDef, i: number): void;

  /** Emits `root` and everything it reaches; returns the root's function name. */
  protected emitAll(root: Def): string {
    const rootFn = this.fn(root);
    for (let next = this.t.take(); next; next = this.t.take()) {
      const { def, i } = next;
      if (def.kind === 'struct') this.struct(def, i);
      else if (def.kind === 'union') this.union(def, i);
      else this.custom(def, i);
    }
    return rootFn;
  }
}

/**
 * Code → name lookups for enum decoding: a packed array over the span of the
 * enum's codes from the smallest (ports cluster at 0xff00-0xffff, most others
 * start at 0), read as `tab[t - base]`, and a Map for the few codes beyond
 * 4096 past it (the experimenter codes 0xfffe/0xffff after 0..15 of table
 * feature properties), so the common codes never pay a Map lookup.
 */
export function enumNames(e: EnumDef): { base: number; table: (string | undefined)[]; rest?: ReadonlyMap<number, string> } {
  let min = Infinity;
  for (const k of e.byValue.keys()) min = Math.min(min, k);
  let max = min;
  for (const k of e.byValue.keys()) if (k - min <= 4096) max = Math.max(max, k);
  const arr = new Array<string | undefined>(max - min + 1).fill(undefined);
  const rest = new Map<number, string>();
  for (const [k, v] of e.byValue) {
    if (k <= max) arr[k - min] = v;
    else rest.set(k, v);
  }
  return rest.size > 0 ? { base: min, table: arr, rest } : { base: min, table: arr };
}

/**
 * Node's own Latin-1 slice (what toString('latin1', a, b) calls, without its argument handling).
 * Typed locally rather than by augmenting 'node:buffer': an augmentation would ship in our .d.ts
 * and clash with consumers' @types/node (its Buffer is generic).
 */
type Latin1Slicer = { latin1Slice(start: number, end: number): string };

/**
 * Latin-1 NUL-terminated string, as the interpreter reads it. The same names
 * come back message after message (port, table and switch names, "Open
 * vSwitch"), so texts up to 64 bytes go through a small direct-mapped cache:
 * a slot found by a hash of the bytes, taken when its string has those very
 * characters (compared one by one: no allocation), else made and kept.
 * Strings are immutable values, so sharing one is invisible to the caller.
 * Made ones: short ones (below V8's cons-string threshold, 13) char by char,
 * each step a flat string, cheaper than a call into latin1Slice; longer ones
 * by that one call.
 */
const STR_SLOTS = 512;
const strText: string[] = new Array<string>(STR_SLOTS).fill('');
function str(b: Buffer, off: number, size: number): string {
  let z = off;
  const end = off + size;
  let h = 0;
  while (z < end && b[z] !== 0) h = (Math.imul(h, 31) + b[z++]!) | 0;
  const n = z - off;
  if (n === 0) return '';
  if (n > 64) return (b as unknown as Latin1Slicer).latin1Slice(off, z);
  const slot = (h ^ (h >>> 9) ^ n) & (STR_SLOTS - 1);
  const hit = strText[slot]!;
  if (hit.length === n) {
    let i = 0;
    while (i < n && hit.charCodeAt(i) === b[off + i]) i++;
    if (i === n) return hit;
  }
  let s: string;
  if (n > 12) {
    s = (b as unknown as Latin1Slicer).latin1Slice(off, z);
  } else {
    s = '';
    for (let i = off; i < z; i++) s += String.fromCharCode(b[i]!);
  }
  strText[slot] = s;
  return s;
}

const U64_ZERO = 0n;
const U64_ONES = 0xffffffffffffffffn;
/**
 * Any other value: its bytes reversed into an 8-byte scratch read as one
 * BigUint64Array element (little-endian hosts; V8 makes that a single bigint
 * allocation, 3-4 ns against 11-15 for readBigUInt64BE and 29-37 for
 * BigInt() of a number below 2^53, measured alone). A big-endian host
 * keeps readBigUInt64BE.
 */
const U64_BYTES = new Uint8Array(8);
const U64_WORD = new BigUint64Array(U64_BYTES.buffer);
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
/**
 * A 64-bit field as a bigint. Zero (cookies, counters) and all-ones (masks,
 * metadata capabilities) are most 64-bit fields' values: bigints are
 * immutable, so those come back as one shared constant; the rest through
 * the scratch word above.
 */
export function fastU64(b: Buffer, o: number): bigint {
  const hi = b[o]! * 16777216 + ((b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!);
  const lo = b[o + 4]! * 16777216 + ((b[o + 5]! << 16) | (b[o + 6]! << 8) | b[o + 7]!);
  if (hi === 0 && lo === 0) return U64_ZERO;
  if (hi === 4294967295 && lo === 4294967295) return U64_ONES;
  if (!LITTLE_ENDIAN) return b.readBigUInt64BE(o);
  U64_BYTES[7] = b[o]!; U64_BYTES[6] = b[o + 1]!; U64_BYTES[5] = b[o + 2]!; U64_BYTES[4] = b[o + 3]!;
  U64_BYTES[3] = b[o + 4]!; U64_BYTES[2] = b[o + 5]!; U64_BYTES[1] = b[o + 6]!; U64_BYTES[0] = b[o + 7]!;
  return U64_WORD[0]!;
}

/** The interpreter's toCode, returning -1 where it would throw (the range check then rejects). */
function code(v: unknown, e: EnumDef | undefined): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string') {
    const n = e?.byName.get(v);
    if (n !== undefined) return n;
    if (/^(0x[0-9a-f]+|\d+)$/i.test(v)) return Number(v);
    return -1;
  }
  if (typeof v === 'bigint') return Number(v);
  return -1;
}

function big(v: unknown): bigint {
  try {
    return typeof v === 'bigint' ? v : BigInt(v as string | number);
  } catch {
    return -1n;
  }
}

/** Hex digit values by character code (-1 for anything else). */
const HEXV = new Int8Array(128).fill(-1);
for (let i = 0; i < 10; i++) HEXV[48 + i] = i;
for (let i = 0; i < 6; i++) HEXV[97 + i] = HEXV[65 + i] = 10 + i;

/** aa:bb:cc:dd:ee:ff fast; every other spelling goes to the interpreter's parser (same answers). */
export function mac(s: string, out: Uint8Array, off: number): boolean {
  if (s.length === 17) {
    let bad = 0;
    for (let i = 0; i < 6; i++) {
      const hi = HEXV[s.charCodeAt(3 * i) & 127]!, lo = HEXV[s.charCodeAt(3 * i + 1) & 127]!;
      bad |= hi | lo | (s.charCodeAt(3 * i) | s.charCodeAt(3 * i + 1)) >> 7;
      if (i < 5 && s.charCodeAt(3 * i + 2) !== 58) bad = -1;
      out[off + i] = (hi << 4) | lo;
    }
    if (bad >= 0) return true;
  }
  return parseMac(s, out, off);
}

/** Dotted quad without split/regex; anything unusual goes to the interpreter's parser. */
export function ipv4(s: string, out: Uint8Array, off: number): boolean {
  let part = 0, digits = 0, n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 46) {
      if (digits === 0 || n > 255 || part === 3) return parseIpv4(s, out, off);
      out[off + part++] = n;
      n = 0;
      digits = 0;
    } else if (c >= 48 && c <= 57 && digits < 3) {
      n = n * 10 + (c - 48);
      digits++;
    } else {
      return parseIpv4(s, out, off);
    }
  }
  if (part !== 3 || digits === 0 || n > 255) return parseIpv4(s, out, off);
  out[off + 3] = n;
  return true;
}

/**
 * Address text for generated decoders, the same text as the interpreter's
 * formatMac/formatIpv4 (tests compare every fixture). A MAC is one
 * String.fromCharCode call (one flat string; concatenating pieces makes a
 * chain of them). IPv4 text goes through a small direct-mapped cache: the
 * addresses of a capture or a flow table repeat (0.0.0.0 most of all).
 */
const HC = Array.from({ length: 16 }, (_, i) => '0123456789abcdef'.charCodeAt(i));
export function fastMac(b: Uint8Array, off: number): string {
  const a = b[off]!, c = b[off + 1]!, d = b[off + 2]!, e = b[off + 3]!, f = b[off + 4]!, g = b[off + 5]!;
  return String.fromCharCode(
    HC[a >> 4]!, HC[a & 15]!, 58, HC[c >> 4]!, HC[c & 15]!, 58, HC[d >> 4]!, HC[d & 15]!, 58,
    HC[e >> 4]!, HC[e & 15]!, 58, HC[f >> 4]!, HC[f & 15]!, 58, HC[g >> 4]!, HC[g & 15]!,
  );
}
const IP_SLOTS = 1024;
const ipKeys = new Float64Array(IP_SLOTS).fill(-1);
const ipText: string[] = new Array<string>(IP_SLOTS).fill('');
export function fastIpv4(b: Uint8Array, off: number): string {
  const k = b[off]! * 16777216 + ((b[off + 1]! << 16) | (b[off + 2]! << 8) | b[off + 3]!);
  const slot = (k ^ (k >>> 10) ^ (k >>> 20)) & (IP_SLOTS - 1);
  if (ipKeys[slot] === k) return ipText[slot]!;
  const t = `${b[off]}.${b[off + 1]}.${b[off + 2]}.${b[off + 3]}`;
  ipKeys[slot] = k;
  ipText[slot] = t;
  return t;
}

/**
 * IPv6 text, the same as the interpreter's formatIpv6 (RFC 5952: lowercase,
 * no leading zeros, the first longest run of two or more zero words as `::`)
 * without its arrays, map/join and slices: the characters written into a
 * scratch buffer and made one flat string by one latin1Slice (concatenating
 * the words made a chain of strings, twice as slow).
 */
const V6W = new Int32Array(8);
const V6T = Buffer.alloc(40);
/**
 * Recent addresses, as for IPv4 above: a direct-mapped cache of 256 slots,
 * keyed by the address's four 32-bit words (all four compared, so a hit is
 * always the very address). Making the text costs ~100 ns (a Ryu PACKET_IN
 * with three IPv6 fields spent a quarter of its decode there); the hosts of
 * a capture or a flow table repeat. An empty text marks a slot never filled.
 */
const V6_SLOTS = 256;
const v6Keys = new Int32Array(V6_SLOTS * 4);
const v6Text: string[] = new Array<string>(V6_SLOTS).fill('');
export function fastIpv6(b: Uint8Array, off: number): string {
  const k0 = (b[off]! << 24) | (b[off + 1]! << 16) | (b[off + 2]! << 8) | b[off + 3]!;
  const k1 = (b[off + 4]! << 24) | (b[off + 5]! << 16) | (b[off + 6]! << 8) | b[off + 7]!;
  const k2 = (b[off + 8]! << 24) | (b[off + 9]! << 16) | (b[off + 10]! << 8) | b[off + 11]!;
  const k3 = (b[off + 12]! << 24) | (b[off + 13]! << 16) | (b[off + 14]! << 8) | b[off + 15]!;
  let h = Math.imul(k0 ^ Math.imul(k1, 0x9e3779b1) ^ Math.imul(k2, 0x85ebca6b) ^ Math.imul(k3, 0xc2b2ae35), 0x27d4eb2f);
  h = (h ^ (h >>> 15) ^ (h >>> 24)) & (V6_SLOTS - 1);
  const q = h * 4;
  const hit = v6Text[h]!;
  if (hit !== '' && v6Keys[q] === k0 && v6Keys[q + 1] === k1 && v6Keys[q + 2] === k2 && v6Keys[q + 3] === k3) return hit;
  const t = formatIpv6Text(b, off);
  v6Keys[q] = k0;
  v6Keys[q + 1] = k1;
  v6Keys[q + 2] = k2;
  v6Keys[q + 3] = k3;
  v6Text[h] = t;
  return t;
}

function formatIpv6Text(b: Uint8Array, off: number): string {
  let bestStart = -1, bestLen = 0, runStart = -1;
  for (let i = 0; i < 8; i++) {
    const w = (b[off + 2 * i]! << 8) | b[off + 2 * i + 1]!;
    V6W[i] = w;
    if (w === 0) {
      if (runStart < 0) runStart = i;
      if (i - runStart + 1 > bestLen && i - runStart + 1 >= 2) { bestStart = runStart; bestLen = i - runStart + 1; }
    } else {
      runStart = -1;
    }
  }
  let q = 0;
  for (let i = 0; i < 8; i++) {
    if (i === bestStart) {
      // The run's words and the separators around them: `::`.
      V6T[q++] = 58;
      V6T[q++] = 58;
      i += bestLen - 1;
      continue;
    }
    if (i > 0 && i !== bestStart + bestLen) V6T[q++] = 58;
    const w = V6W[i]!;
    if (w >= 0x1000) V6T[q++] = HC[w >> 12]!;
    if (w >= 0x100) V6T[q++] = HC[(w >> 8) & 15]!;
    if (w >= 0x10) V6T[q++] = HC[(w >> 4) & 15]!;
    V6T[q++] = HC[w & 15]!;
  }
  return (V6T as unknown as Latin1Slicer).latin1Slice(0, q);
}

/** Helpers handed to generated code (`H.*`). */
export const helpers = {
  EMPTY: Buffer.alloc(0),
  view: bytesView,
  formatMac: fastMac, formatIpv4: fastIpv4, formatIpv6: fastIpv6, parseIpv6, str, u64: fastU64, code, big, mac, ipv4,
  toBytes: (v: unknown, w: GrowBuffer) => toBytes(v, '', w),
  interpDecode: (def: Def, b: Buffer, s: number, e: number) => decodeDef(def, b, s, e),
  interpEncode: (def: Def, v: unknown, w: GrowBuffer) => encodeDef(def, v, w, ''),
};
export type Helpers = typeof helpers;
