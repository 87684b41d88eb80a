/**
 * The compiled encoder's twins of the OXM definitions in oxm.ts (see
 * codec/schema/compile/encode-twins.ts): a size function and a writer for
 * each, with per-field writers chosen once from the field table. The common
 * spellings (a known basic field with its value as a number, bigint or
 * canonical address text) are written here; any other spelling of a valid
 * TLV is written by oxm.ts's own encoder into a scratch buffer and copied,
 * and an invalid one throws, so that the entry point asks the interpreter
 * (which reports the error). tests/codec/compiled.test.ts holds both to the
 * same bytes on every fixture and fuzzer input.
 */
import { setEncodeTwin } from '../schema/compile/encode-twins.js';
import { ipv4 as parseIpv4Fast, mac as parseMacFast, SLOW } from '../schema/compile/support.js';
import { parseIpv6 } from '../schema/scalars.js';
import { GrowBuffer } from '../schema/writer.js';
import { OFPXMC, ofpOxmClass } from './enums.js';
import { encodeOxm, ofp_oxm, ofp_oxm_id, ofp_oxm_set_field, OXM_OFB_FIELDS, OXM_PREFIX, setFieldPad, type OxmFieldSpec } from './oxm.js';

type Writer = (v: unknown, b: Buffer, o: number) => boolean;

/** Writes the common spellings; false sends the TLV to oxm.ts's encoder. */
function writer(f: OxmFieldSpec): Writer {
  switch (f.type) {
    case 'mac': return (v, b, o) => typeof v === 'string' && parseMacFast(v, b, o);
    case 'ipv4': return (v, b, o) => typeof v === 'string' && parseIpv4Fast(v, b, o);
    case 'ipv6': return (v, b, o) => typeof v === 'string' && parseIpv6(v, b, o);
    case 'uint':
      switch (f.width) {
        case 1: return (v, b, o) => typeof v === 'number' && (v & 0xff) === v && ((b[o] = v), true);
        case 2: return (v, b, o) => typeof v === 'number' && (v & 0xffff) === v && ((b[o] = v >>> 8), (b[o + 1] = v & 255), true);
        case 4:
          return (v, b, o) => typeof v === 'number' && v >>> 0 === v &&
            ((b[o] = v >>> 24), (b[o + 1] = (v >>> 16) & 255), (b[o + 2] = (v >>> 8) & 255), (b[o + 3] = v & 255), true);
        case 8:
          return (v, b, o) => {
            if (typeof v !== 'bigint' || v < 0n || v > 0xffffffffffffffffn) return false;
            const hi = Number(v >> 32n), lo = Number(v & 0xffffffffn);
            b[o] = hi >>> 24; b[o + 1] = (hi >>> 16) & 255; b[o + 2] = (hi >>> 8) & 255; b[o + 3] = hi & 255;
            b[o + 4] = lo >>> 24; b[o + 5] = (lo >>> 16) & 255; b[o + 6] = (lo >>> 8) & 255; b[o + 7] = lo & 255;
            return true;
          };
        default: return () => false;
      }
  }
}

interface Field { readonly spec: OxmFieldSpec; readonly write: Writer; readonly header: number; readonly masked: number }
const fields: (Field | undefined)[] = new Array<Field | undefined>(128).fill(undefined);
const fieldByName = new Map<string, Field>();
const BASIC = OFPXMC.OPENFLOW_BASIC;
const BASIC_NAME = ofpOxmClass.byValue.get(BASIC)!;
for (const spec of OXM_OFB_FIELDS) {
  const head = (BASIC << 16) | (spec.code << 9);
  const f: Field = { spec, write: writer(spec), header: (head | spec.width) >>> 0, masked: (head | 0x100 | (2 * spec.width)) >>> 0 };
  fields[spec.code] = f;
  fieldByName.set(`${OXM_PREFIX}${spec.name}`, f);
}

interface OxmValue { class?: unknown; field?: unknown; body?: unknown; value?: unknown; mask?: unknown; experimenter?: unknown; hasmask?: unknown; oxm_length?: unknown }

/** The basic field of a value in the common form (class basic or left out, no body, a value), else undefined. */
function basicField(v: OxmValue): Field | undefined {
  if ((v.class !== undefined && v.class !== BASIC_NAME && v.class !== BASIC) || v.body !== undefined || v.value === undefined) return undefined;
  return typeof v.field === 'string' ? fieldByName.get(v.field) : typeof v.field === 'number' ? fields[v.field] : undefined;
}

/** oxm.ts's encoder, into a scratch buffer: every other form, and the errors (thrown: the interpreter reports them). */
const other = new GrowBuffer(512);
function encodeOther(v: unknown): Buffer {
  other.pos = 0;
  encodeOxm(v, other, '');
  return other.buf.subarray(0, other.pos);
}

function oxmSize(value: unknown): number {
  if (value === null || typeof value !== 'object') throw SLOW;
  const v = value as OxmValue;
  const f = basicField(v);
  if (f !== undefined) return 4 + (v.mask !== undefined && v.mask !== null ? 2 * f.spec.width : f.spec.width);
  return encodeOther(v).length;
}

function oxmWrite(value: unknown, b: Buffer, p: number): number {
  const v = value as OxmValue;
  const f = basicField(v);
  if (f !== undefined) {
    const masked = v.mask !== undefined && v.mask !== null;
    const h = masked ? f.masked : f.header;
    b[p] = h >>> 24; b[p + 1] = (h >>> 16) & 255; b[p + 2] = (h >>> 8) & 255; b[p + 3] = h & 255;
    const w = f.spec.width;
    if (f.write(v.value, b, p + 4) && (!masked || f.write(v.mask, b, p + 4 + w))) return p + 4 + (masked ? 2 * w : w);
  }
  const r = encodeOther(v);
  b.set(r, p);
  return p + r.length;
}

setEncodeTwin(ofp_oxm, { size: oxmSize, write: oxmWrite });
setEncodeTwin(ofp_oxm_set_field, {
  size(v) {
    const n = oxmSize(v);
    return n + setFieldPad(n);
  },
  write(v, b, p) {
    const e = oxmWrite(v, b, p);
    for (let n = setFieldPad(e - p), q = e; n > 0; n--) b[q++] = 0;
    return e + setFieldPad(e - p);
  },
});

/** oxm.ts's `code` (a number, a name or numeric text, in range), SLOW where it throws. */
function codeOf(v: unknown, names: ReadonlyMap<string, number> | undefined, max: number): number {
  let n: number | undefined;
  if (typeof v === 'number') n = v;
  else if (typeof v === 'string') n = names?.get(v) ?? (/^(0x[0-9a-f]+|\d+)$/i.test(v) ? Number(v) : undefined);
  if (n === undefined || !Number.isInteger(n) || n < 0 || n > max) throw SLOW;
  return n;
}
const fieldCodes = new Map([...fieldByName].map(([k, f]) => [k, f.spec.code]));
function idClass(v: OxmValue): number {
  return v.class === undefined || v.class === BASIC_NAME ? BASIC : codeOf(v.class, ofpOxmClass.byName, 0xffff);
}

/** Size of an OXM header as listed in table features and learn specs (ofp_oxm_id): 8 with an experimenter id. */
export function oxmIdSize(value: unknown): number {
  if (value === null || typeof value !== 'object') throw SLOW;
  return idClass(value as OxmValue) === OFPXMC.EXPERIMENTER ? 8 : 4;
}

export function oxmIdWrite(value: unknown, b: Buffer, p: number): number {
  const v = value as OxmValue;
  const cls = idClass(v);
  const field = typeof v.field === 'string' ? (fieldCodes.get(v.field) ?? codeOf(v.field, undefined, 0x7f)) : codeOf(v.field, undefined, 0x7f);
  const len = codeOf(v.oxm_length, undefined, 0xff);
  const h = ((cls << 16) | (field << 9) | (v.hasmask ? 0x100 : 0) | len) >>> 0;
  b[p] = h >>> 24; b[p + 1] = (h >>> 16) & 255; b[p + 2] = (h >>> 8) & 255; b[p + 3] = h & 255;
  if (cls !== OFPXMC.EXPERIMENTER) return p + 4;
  const e = codeOf(v.experimenter, undefined, 0xffffffff);
  b[p + 4] = e >>> 24; b[p + 5] = (e >>> 16) & 255; b[p + 6] = (e >>> 8) & 255; b[p + 7] = e & 255;
  return p + 8;
}

setEncodeTwin(ofp_oxm_id, { size: oxmIdSize, write: oxmIdWrite });
