/**
 * The compiled path's twin of the OXM TLV codec in oxm.ts (see
 * codec/schema/compile/twins.ts), for decoding: per-field readers chosen once
 * from the field table, field names built once, one object shape per TLV
 * form, and no error text (a TLV it does not take throws, and the entry
 * point asks the interpreter, which runs oxm.ts). tests/codec/compiled.test.ts
 * and the fuzzer hold both to the same values and bytes.
 */
import { COMPILED_SLOW as SLOW, fastIpv4, fastIpv6, fastMac, setCompiledTwin } from '../schema/compile/index.js';
import { fastU64 } from '../schema/compile/support.js';
import { bytesView } from '../schema/bytes.js';
import { OFPXMC, ofpOxmClass } from './enums.js';
import { byCode, decodeOxm, ofp_oxm, ofp_oxm_id, ofp_oxm_set_field, OXM_OFB_FIELDS, OXM_PREFIX, setFieldPad, type OxmFieldSpec } from './oxm.js';

type Reader = (b: Buffer, o: number) => unknown;

function reader(f: OxmFieldSpec): Reader {
  switch (f.type) {
    case 'mac': return fastMac as Reader;
    case 'ipv4': return fastIpv4 as Reader;
    case 'ipv6': return fastIpv6 as Reader;
    case 'uint':
      switch (f.width) {
        case 1: return (b, o) => b[o];
        case 2: return (b, o) => (b[o]! << 8) | b[o + 1]!;
        case 4: return (b, o) => b[o]! * 16777216 + ((b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!);
        case 8: return fastU64 as Reader;
        default: return (b, o) => b.readUIntBE(o, f.width);
      }
  }
}

/** How a field's value is read, as a small number: `read` switches on it, so the call sites stay monomorphic (a closure per field made them megamorphic). */
const enum Kind { U8, U16, U32, U64, MAC, IPV4, IPV6, OTHER }
function kindOf(f: OxmFieldSpec): Kind {
  if (f.type === 'mac') return Kind.MAC;
  if (f.type === 'ipv4') return Kind.IPV4;
  if (f.type === 'ipv6') return Kind.IPV6;
  if (f.type === 'uint') return f.width === 1 ? Kind.U8 : f.width === 2 ? Kind.U16 : f.width === 4 ? Kind.U32 : f.width === 8 ? Kind.U64 : Kind.OTHER;
  return Kind.OTHER;
}
interface Field { readonly spec: OxmFieldSpec; readonly name: string; readonly kind: Kind; readonly width: number; readonly read: Reader }

function read(f: Field, b: Buffer, o: number): unknown {
  switch (f.kind) {
    case Kind.U8: return b[o];
    case Kind.U16: return (b[o]! << 8) | b[o + 1]!;
    case Kind.U32: return b[o]! * 16777216 + ((b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!);
    case Kind.U64: return fastU64(b, o);
    case Kind.MAC: return fastMac(b, o);
    case Kind.IPV4: return fastIpv4(b, o);
    case Kind.IPV6: return fastIpv6(b, o);
    default: return f.read(b, o);
  }
}
const fields: (Field | undefined)[] = new Array<Field | undefined>(128).fill(undefined);
const fieldByName = new Map<string, Field>();
for (const spec of OXM_OFB_FIELDS) {
  const f: Field = { spec, name: `${OXM_PREFIX}${spec.name}`, kind: kindOf(spec), width: spec.width, read: reader(spec) };
  fields[spec.code] = f;
  fieldByName.set(f.name, f);
}
if (fields.some((f, i) => f && byCode.get(i) !== f.spec)) throw new Error('oxm-compiled: field table differs from oxm.ts');
const BASIC = OFPXMC.OPENFLOW_BASIC;
const BASIC_HI = BASIC >>> 8;
const BASIC_LO = BASIC & 0xff;
const BASIC_NAME = ofpOxmClass.byValue.get(BASIC)!;
const EXPERIMENTER = OFPXMC.EXPERIMENTER;
/**
 * Class names without a Map lookup: table-features properties list hundreds of
 * NXM and experimenter headers per table, and the lookup was a sixth of their cost.
 */
const NXM0_NAME = ofpOxmClass.byValue.get(OFPXMC.NXM_0)!;
const NXM1_NAME = ofpOxmClass.byValue.get(OFPXMC.NXM_1)!;
const EXPERIMENTER_NAME = ofpOxmClass.byValue.get(OFPXMC.EXPERIMENTER)!;
const NXM_1 = OFPXMC.NXM_1;
const NXM_0 = OFPXMC.NXM_0;
const className = (cls: number): string | number =>
  cls === BASIC ? BASIC_NAME : cls === NXM_1 ? NXM1_NAME : cls === NXM_0 ? NXM0_NAME : cls === EXPERIMENTER ? EXPERIMENTER_NAME : ofpOxmClass.byValue.get(cls) ?? cls;
const u32 = (b: Buffer, o: number): number => b[o]! * 16777216 + ((b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!);

/**
 * One OXM TLV. The common case (a basic field oxm.ts knows, without a mask) is
 * kept small enough for V8 to inline this function and its reader into the
 * list loop that calls it; masks, other classes and unknown fields are in
 * decodeOther (a Ryu PACKET_IN with 42 fields spent a third of its decode in
 * this function's own prologue and checks when it held every case).
 */
function decode(b: Buffer, start: number, end: number, out: { n: number }): unknown {
  const fh = b[start + 2]!;
  const length = b[start + 3]!;
  const f = fields[fh >>> 1];
  if (b[start] !== BASIC_HI || b[start + 1] !== BASIC_LO || (fh & 1) !== 0 || f === undefined) return decodeOther(b, start, end, out);
  if (length !== f.width || start + 4 + length > end) throw SLOW;
  out.n = 4 + length;
  return { class: BASIC_NAME, field: f.name, hasmask: false, length, value: read(f, b, start + 4) };
}

function decodeOther(b: Buffer, start: number, end: number, out: { n: number }): unknown {
  const header = b[start]! * 16777216 + ((b[start + 1]! << 16) | (b[start + 2]! << 8) | b[start + 3]!);
  const length = header & 0xff;
  const cls = header >>> 16;
  const f = cls === BASIC ? fields[(header >>> 9) & 0x7f] : undefined;
  if (start + 4 + length > end) throw SLOW;
  out.n = 4 + length;
  if (f === undefined) {
    if (cls === BASIC) {
      // A basic field oxm.ts does not know: its reference decoder, whatever it makes of it.
      const r = decodeOxm(b, start, end);
      out.n = r.size;
      return r.value;
    }
    // Opaque classes (NXM_0/1, experimenter): the payload as bytes, in oxm.ts's shapes.
    const field = (header >>> 9) & 0x7f, hasmask = (header & 0x100) !== 0;
    if (cls === EXPERIMENTER && length >= 4) {
      return { class: className(cls), field, hasmask, length, experimenter: u32(b, start + 4), body: bytesView(b, start + 8, start + 4 + length) };
    }
    return { class: className(cls), field, hasmask, length, body: bytesView(b, start + 4, start + 4 + length) };
  }
  // A known basic field comes here only with a mask (decode takes it without).
  if (length !== 2 * f.width) throw SLOW;
  return { class: BASIC_NAME, field: f.name, hasmask: true, length, value: read(f, b, start + 4), mask: read(f, b, start + 4 + f.width) };
}

/** A TLV's size from its header: 4 bytes of header and the length in its last byte. */
setCompiledTwin(ofp_oxm, { decode, stride: (b, o) => 4 + b[o + 3]! });
setCompiledTwin(ofp_oxm_set_field, {
  decode(b, start, end, out) {
    const v = decode(b, start, end, out);
    const padded = out.n + setFieldPad(out.n);
    out.n = Math.min(padded, end - start);
    return v;
  },
});

/** An OXM header as listed in table features and learn specs (oxm.ts ofp_oxm_id): the value, its size in `out.n`. */
export function decodeOxmId(b: Buffer, start: number, end: number, out: { n: number }): unknown {
  const header = b[start]! * 16777216 + ((b[start + 1]! << 16) | (b[start + 2]! << 8) | b[start + 3]!);
  const cls = header >>> 16;
  const code = (header >>> 9) & 0x7f;
  const hasmask = (header & 0x100) !== 0;
  if (cls === BASIC) {
    out.n = 4;
    return { class: BASIC_NAME, field: BASIC_FIELD[code], hasmask, oxm_length: header & 0xff };
  }
  if (cls === EXPERIMENTER) {
    if (start + 8 > end) throw SLOW;
    out.n = 8;
    return { class: className(cls), field: code, hasmask, oxm_length: header & 0xff, experimenter: u32(b, start + 4) };
  }
  out.n = 4;
  return { class: className(cls), field: code, hasmask, oxm_length: header & 0xff };
}

/** Basic fields' names by code, and the code itself where oxm.ts knows none (its `field` then). */
const BASIC_FIELD: (string | number)[] = Array.from({ length: 128 }, (_, code) => fields[code]?.name ?? code);
const ID = { n: 0 };

/**
 * A list of OXM ids filling buf[start, end) (table-features properties list
 * hundreds; OVS's are mostly NXM_1, then basic). The array is made at the
 * size of a list of 4-byte ids and cut short when experimenter ids (8 bytes)
 * were among them: counting first was a loop whose every step waited on the
 * load before it, a sixth of the list's cost. Every class but the
 * experimenter's is built by one object literal right here; the values are
 * decodeOxmId's, element by element (tests compare with the interpreter).
 */
function decodeOxmIdList(b: Buffer, start: number, end: number): unknown[] {
  const out = new Array<unknown>((end - start) >>> 2);
  let p = start;
  let i = 0;
  while (p < end) {
    if (p + 4 > end) throw SLOW;
    const fh = b[p + 2]!;
    const cls = (b[p]! << 8) | b[p + 1]!;
    if (cls !== EXPERIMENTER) {
      out[i++] = { class: cls === BASIC ? BASIC_NAME : className(cls), field: cls === BASIC ? BASIC_FIELD[fh >>> 1] : fh >>> 1, hasmask: (fh & 1) !== 0, oxm_length: b[p + 3]! };
      p += 4;
    } else {
      out[i++] = decodeOxmId(b, p, end, ID);
      p += ID.n;
    }
  }
  if (i !== out.length) out.length = i;
  return out;
}

/** An id's size from its class: 8 bytes for an experimenter's (its experimenter id follows), else 4. */
setCompiledTwin(ofp_oxm_id, { decode: decodeOxmId, stride: (b, o) => (b[o] === 0xff && b[o + 1] === 0xff ? 8 : 4), list: decodeOxmIdList });
