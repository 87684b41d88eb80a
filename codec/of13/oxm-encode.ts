/**
 * The compiled encoder's twins of the OXM definitions in oxm.ts (see
 * codec/schema/compile/encode-twins.ts): a writer for each, with per-field
 * writers chosen once from the field table. The common
 * spellings (a known basic field with its value as a number, bigint or
 * canonical address text) are written here; any other spelling of a valid
 * TLV is written by oxm.ts's own encoder into a scratch buffer and copied,
 * and an invalid one throws, so that the entry point asks the interpreter
 * (which reports the error). tests/codec/compiled.test.ts holds both to the
 * same bytes on every fixture and fuzzer input.
 */
import { hexLength, writeU64 } from '../schema/compile/encode.js';
import { setEncodeTwin } from '../schema/compile/encode-twins.js';
import { ipv4 as parseIpv4Fast, mac as parseMacFast, SLOW } from '../schema/compile/support.js';
import { parseIpv6, writeAddress } from '../schema/scalars.js';
import { GrowBuffer } from '../schema/writer.js';
import { OFPXMC, ofpOxmClass } from './enums.js';
import { encodeOxm, ofp_oxm, ofp_oxm_id, ofp_oxm_set_field, OXM_OFB_FIELDS, OXM_PREFIX, setFieldPad, type OxmFieldSpec } from './oxm.js';

/** How a field's value is written: one small integer per field, switched on in one place (no closure per field to call). */
const enum Kind { U8, U16, U32, U64, MAC, IPV4, IPV6, OTHER }
function kindOf(f: OxmFieldSpec): Kind {
  switch (f.type) {
    case 'mac': return Kind.MAC;
    case 'ipv4': return Kind.IPV4;
    case 'ipv6': return Kind.IPV6;
    case 'uint': return f.width === 1 ? Kind.U8 : f.width === 2 ? Kind.U16 : f.width === 4 ? Kind.U32 : f.width === 8 ? Kind.U64 : Kind.OTHER;
  }
}

/** Writes the common spellings; false sends the TLV to oxm.ts's encoder (24-bit PBB_ISID, numeric text...). */
function writeValue(k: Kind, v: unknown, b: Buffer, o: number): boolean {
  switch (k) {
    case Kind.U8:
      if (typeof v !== 'number' || (v & 0xff) !== v) return false;
      b[o] = v;
      return true;
    case Kind.U16:
      if (typeof v !== 'number' || (v & 0xffff) !== v) return false;
      b[o] = v >>> 8; b[o + 1] = v & 255;
      return true;
    case Kind.U32:
      if (typeof v !== 'number' || v >>> 0 !== v) return false;
      b[o] = v >>> 24; b[o + 1] = (v >>> 16) & 255; b[o + 2] = (v >>> 8) & 255; b[o + 3] = v & 255;
      return true;
    case Kind.U64: return typeof v === 'bigint' && writeU64(v, b, o);
    case Kind.MAC: return typeof v === 'string' ? parseMacFast(v, b, o) : writeAddress(v, 6, b, o);
    case Kind.IPV4: return typeof v === 'string' ? parseIpv4Fast(v, b, o) : writeAddress(v, 4, b, o);
    case Kind.IPV6: return typeof v === 'string' && parseIpv6(v, b, o);
    default: return false;
  }
}

interface Field { readonly spec: OxmFieldSpec; readonly kind: Kind; readonly width: number; readonly header: number; readonly masked: number }
const fields: (Field | undefined)[] = new Array<Field | undefined>(128).fill(undefined);
const BASIC = OFPXMC.OPENFLOW_BASIC;
const BASIC_NAME = ofpOxmClass.byValue.get(BASIC)!;
for (const spec of OXM_OFB_FIELDS) {
  const head = (BASIC << 16) | (spec.code << 9);
  const f: Field = { spec, kind: kindOf(spec), width: spec.width, header: (head | spec.width) >>> 0, masked: (head | 0x100 | (2 * spec.width)) >>> 0 };
  fields[spec.code] = f;
}

interface OxmValue { class?: unknown; field?: unknown; body?: unknown; value?: unknown; mask?: unknown; experimenter?: unknown; hasmask?: unknown; oxm_length?: unknown }

/**
 * Field names as properties of an object without a prototype (its keys are interned strings). A name
 * written as a literal in a program is interned too: one pointer comparison. A name built at run time
 * (the interpreter's decoder builds `OFPXMT_OFB_` + name, a cons string, for each TLV and id) is
 * swapped by V8, on its first keyed load, for a link to its interned twin, so the next encode of the
 * same value compares one pointer instead of reading the text through the cons string; a Map (used
 * before) hashes and compares the text every time. Same-process A/B against the Map: the Ryu
 * PACKET_IN with 9 OXM TLVs 0.85x the time, the Ryu OXM FLOW_MOD 0.93x, the literal 1.3 FLOW_MODs
 * 0.99-1.01x.
 */
const fieldByName = Object.create(null) as Record<string, number>;
for (const f of OXM_OFB_FIELDS) fieldByName[`${OXM_PREFIX}${f.name}`] = f.code;
const fieldSwitch = (v: string): number => fieldByName[v] ?? -1;

/** The basic field of a value in the common form (class basic or left out, no body, a value), else undefined. */
function basicField(v: OxmValue): Field | undefined {
  if ((v.class !== BASIC_NAME && v.class !== undefined && v.class !== BASIC) || v.body !== undefined || v.value === undefined) return undefined;
  const f = v.field;
  return typeof f === 'string' ? fields[fieldSwitch(f) & 127] : typeof f === 'number' && f >= 0 && f < 128 ? fields[f] : undefined;
}

/** An opaque TLV (non-basic class, or a body given) with its body as bytes or hex text: its body length, else -1. */
function opaqueBody(v: OxmValue): number {
  const body = v.body;
  if (body instanceof Uint8Array) return body.length;
  return typeof body === 'string' ? hexLength(body) : -1;
}

/** oxm.ts's encoder, into a scratch buffer: every other form, and the errors (thrown: the interpreter reports them). */
const other = new GrowBuffer(512);
function encodeOther(v: unknown): Buffer {
  other.pos = 0;
  encodeOxm(v, other, '');
  return other.buf.subarray(0, other.pos);
}

function oxmWrite(value: unknown, b: Buffer, p: number): number {
  const v = value as OxmValue;
  const f = basicField(v);
  if (f !== undefined) {
    const masked = v.mask !== undefined && v.mask !== null;
    const h = masked ? f.masked : f.header;
    b[p] = h >>> 24; b[p + 1] = (h >>> 16) & 255; b[p + 2] = (h >>> 8) & 255; b[p + 3] = h & 255;
    const w = f.width;
    if (writeValue(f.kind, v.value, b, p + 4) && (!masked || writeValue(f.kind, v.mask, b, p + 4 + w))) return p + 4 + (masked ? 2 * w : w);
  } else {
    const n = opaqueBody(v);
    if (n >= 0) {
      // oxm.ts's opaque form: class and field as given, the body's length (and the experimenter id's).
      const cls = idClass(v);
      const field = fieldCode(v.field);
      const hasExp = v.experimenter !== undefined;
      const length = n + (hasExp ? 4 : 0);
      if (length > 255) throw SLOW;
      const h = ((cls << 16) | (field << 9) | (v.hasmask ? 0x100 : 0) | length) >>> 0;
      b[p] = h >>> 24; b[p + 1] = (h >>> 16) & 255; b[p + 2] = (h >>> 8) & 255; b[p + 3] = h & 255;
      p += 4;
      if (hasExp) {
        const e = Number(v.experimenter);
        if (!(e >= 0 && e <= 0xffffffff && Math.floor(e) === e)) throw SLOW;
        b[p] = e >>> 24; b[p + 1] = (e >>> 16) & 255; b[p + 2] = (e >>> 8) & 255; b[p + 3] = e & 255;
        p += 4;
      }
      const body = v.body;
      if (typeof body === 'string') b.write(body, p, n, 'hex');
      else for (let i = 0; i < n; i++) b[p + i] = (body as Uint8Array)[i]!;
      return p + n;
    }
  }
  const r = encodeOther(v);
  b.set(r, p);
  return p + r.length;
}

setEncodeTwin(ofp_oxm, { write: oxmWrite });
setEncodeTwin(ofp_oxm_set_field, {
  write(v, b, p) {
    const e = oxmWrite(v, b, p);
    for (let n = setFieldPad(e - p), q = e; n > 0; n--) b[q++] = 0;
    return e + setFieldPad(e - p);
  },
});

/** oxm.ts's `code` (a number, a name or numeric text, in range), SLOW where it throws. */
function codeOf(v: unknown, names: ReadonlyMap<string, number> | undefined, max: number): number {
  if (typeof v === 'number' && v >= 0 && v <= max && Math.floor(v) === v) return v;
  let n: number | undefined;
  if (typeof v === 'number') n = v;
  else if (typeof v === 'string') n = names?.get(v) ?? (/^(0x[0-9a-f]+|\d+)$/i.test(v) ? Number(v) : undefined);
  if (n === undefined || !Number.isInteger(n) || n < 0 || n > max) throw SLOW;
  return n;
}
/** A field given by name: a basic field's code, else oxm.ts's numeric text. */
/** An OXM field given as its number (0-127) or a basic field's name; anything else as codeOf takes it. */
function fieldCode(f: unknown): number {
  if (typeof f === 'number' && (f & 0x7f) === f) return f;
  if (typeof f === 'string') {
    const n = fieldSwitch(f);
    if (n >= 0) return n;
  }
  return codeOf(f, undefined, 0x7f);
}
/** Class names by a switch on interned strings (the ids of a table-features reply name every class). */
const classSwitch = new Function('v', `switch (v) { ${[...ofpOxmClass.byName].map(([k, c]) => `case ${JSON.stringify(k)}: return ${c};`).join(' ')} } return -1;`) as (v: unknown) => number;
function idClass(v: OxmValue): number {
  const c = v.class;
  if (c === undefined) return BASIC;
  const n = classSwitch(c);
  return n >= 0 ? n : codeOf(c, ofpOxmClass.byName, 0xffff);
}

const NXM0_NAME = ofpOxmClass.byValue.get(OFPXMC.NXM_0)!;
const NXM1_NAME = ofpOxmClass.byValue.get(OFPXMC.NXM_1)!;
const EXP_NAME = ofpOxmClass.byValue.get(OFPXMC.EXPERIMENTER)!;
/**
 * An OXM header as listed in table features and learn specs (ofp_oxm_id), 8 bytes with an
 * experimenter id, one at a time (learn specs; lists go through oxmIdList below): the common ones
 * (a Nicira or basic class, by comparison with its interned name, and a numeric field) here, every
 * other spelling by oxmIdOther.
 */
export function oxmIdWrite(value: unknown, b: Buffer, p: number): number {
  if (value === null || typeof value !== 'object') throw SLOW;
  const v = value as OxmValue;
  const c = v.class, f = v.field, l = v.oxm_length;
  // Small enough to be inlined into the list loop: a Nicira or basic class with a numeric field.
  const cls = c === NXM1_NAME ? OFPXMC.NXM_1 : c === NXM0_NAME ? OFPXMC.NXM_0 : c === BASIC_NAME ? BASIC : -1;
  if (cls < 0 || typeof f !== 'number' || (f & 0x7f) !== f || typeof l !== 'number' || (l & 0xff) !== l) return oxmIdOther(v, b, p);
  const h = ((cls << 16) | (f << 9) | (v.hasmask ? 0x100 : 0) | l) >>> 0;
  b[p] = h >>> 24; b[p + 1] = (h >>> 16) & 255; b[p + 2] = (h >>> 8) & 255; b[p + 3] = h & 255;
  return p + 4;
}

/** Every other OXM id: a basic field by name, the experimenter class (and its id), classes and fields as text. */
function oxmIdOther(v: OxmValue, b: Buffer, p: number): number {
  const c = v.class;
  const cls = c === BASIC_NAME ? BASIC : c === EXP_NAME ? OFPXMC.EXPERIMENTER : idClass(v);
  const field = fieldCode(v.field);
  const l = v.oxm_length;
  const len = typeof l === 'number' && (l & 0xff) === l ? l : codeOf(l, undefined, 0xff);
  const h = ((cls << 16) | (field << 9) | (v.hasmask ? 0x100 : 0) | len) >>> 0;
  b[p] = h >>> 24; b[p + 1] = (h >>> 16) & 255; b[p + 2] = (h >>> 8) & 255; b[p + 3] = h & 255;
  if (cls !== OFPXMC.EXPERIMENTER) return p + 4;
  const x = v.experimenter;
  const e = typeof x === 'number' && x >>> 0 === x ? x : codeOf(x, undefined, 0xffffffff);
  b[p + 4] = e >>> 24; b[p + 5] = (e >>> 16) & 255; b[p + 6] = (e >>> 8) & 255; b[p + 7] = e & 255;
  return p + 8;
}

/**
 * A DataView over each buffer written into (the encoder's scratch, a caller's buffer), kept as long as
 * the buffer lives: an id is one big-endian 32-bit store (0.87-0.95x the time of four byte stores
 * over the ids of the 21 table-features replies, same-process micro-benchmark). A store past the
 * view's end throws; the entry point then asks the interpreter, as for set() and fill().
 */
const views = new WeakMap<Buffer, DataView>();
function viewOf(b: Buffer): DataView {
  let dv = views.get(b);
  if (dv === undefined) {
    dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
    views.set(b, dv);
  }
  return dv;
}

/**
 * A list of OXM ids (a table-features property's, about 12,000 ids per reply in all): oxmIdWrite's
 * common forms inline in one loop, a basic field by name too (the interpreter's decoder gives basic
 * fields by name, Nicira ones by number), every other form by oxmIdOther, as oxmIdWrite does.
 */
function oxmIdList(xs: readonly unknown[], b: Buffer, p: number): number {
  const dv = viewOf(b);
  for (let i = 0; i < xs.length; i++) {
    const value = xs[i];
    if (value === null || typeof value !== 'object') throw SLOW;
    const v = value as OxmValue;
    const c = v.class, f = v.field, l = v.oxm_length;
    // The class names by comparison with their interned names (most frequent first), a class by number as it is.
    let cls = -1, field = -1;
    if (c === NXM1_NAME) cls = OFPXMC.NXM_1;
    else if (c === BASIC_NAME) cls = BASIC;
    else if (c === EXP_NAME) cls = OFPXMC.EXPERIMENTER;
    else if (c === NXM0_NAME) cls = OFPXMC.NXM_0;
    else if (typeof c === 'number' && (c & 0xffff) === c) cls = c;
    if (typeof f === 'number') field = (f & 0x7f) === f ? f : -1;
    else if (cls === BASIC && typeof f === 'string') field = fieldByName[f] ?? -1;
    if (cls < 0 || field < 0 || typeof l !== 'number' || (l & 0xff) !== l) {
      p = oxmIdOther(v, b, p);
      continue;
    }
    const h = ((cls << 16) | (field << 9) | (v.hasmask ? 0x100 : 0) | l) >>> 0;
    if (cls === OFPXMC.EXPERIMENTER) {
      const e = v.experimenter;
      if (typeof e !== 'number' || e >>> 0 !== e) {
        p = oxmIdOther(v, b, p);
        continue;
      }
      dv.setUint32(p, h);
      dv.setUint32(p + 4, e);
      p += 8;
      continue;
    }
    dv.setUint32(p, h);
    p += 4;
  }
  return p;
}

setEncodeTwin(ofp_oxm_id, { write: oxmIdWrite, writeList: oxmIdList });
