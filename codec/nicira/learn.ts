/**
 * The flow_mod_specs of Nicira learn actions (OVS nicira-ext.h, "Learn"
 * section: facts only). Each spec is a 16-bit header, then its source and
 * destination:
 *
 *   header  bits 0-9 n_bits; bit 13 source (0 a field, 1 an immediate value);
 *           bits 11-12 destination (0 match, 1 load, 2 output); the other bits are 0.
 *   source  a field: its NXM/OXM header (4 bytes, 8 for an experimenter class) and a
 *           16-bit bit offset; an immediate: n_bits rounded up to 16-bit words.
 *   dest    match or load: a field header and a 16-bit offset; output: nothing.
 *
 * The list ends at a zero header or at the end of the action; the zero
 * padding after the last spec (OVS pads the action to 8 bytes) is the
 * action's own `align(8, true)`. Decoded, a spec is `{ src, dst, n_bits, ... }` with
 * `src_field`/`src_ofs` or `value` (bytes), and `dst_field`/`dst_ofs` unless
 * the destination is output. Learn2's optional result field
 * (NX_LEARN_F_WRITE_RESULT) is `nxLearnResultDst`.
 */
import { custom } from '../schema/define.js';
import { bytesView } from '../schema/bytes.js';
import { CodecError, truncated } from '../schema/errors.js';
import type { GrowBuffer } from '../schema/writer.js';
import type { CustomDef, OfErrorCode } from '../schema/types.js';
import { ofp_oxm_id } from '../of13/oxm.js';

const BAD_ARGUMENT: OfErrorCode = { type: 2, code: 5 }; // OFPET_BAD_ACTION / OFPBAC_BAD_ARGUMENT
export const N_BITS = 0x3ff;
export const SRC_IMMEDIATE = 1 << 13;
export const DST_SHIFT = 11;
export const KNOWN_BITS = N_BITS | SRC_IMMEDIATE | (3 << DST_SHIFT);
export const DSTS = ['match', 'load', 'output'] as const;
/** NX_LEARN_F_WRITE_RESULT: learn2 carries the header of a field that gets the learn's result bit. */
export const NX_LEARN_F_WRITE_RESULT = 1 << 2;

export interface LearnSpec {
  src: 'field' | 'immediate';
  dst: (typeof DSTS)[number];
  n_bits: number;
  src_field?: unknown;
  src_ofs?: number;
  value?: Uint8Array;
  dst_field?: unknown;
  dst_ofs?: number;
}

function u16At(buf: Buffer, pos: number, end: number, field: string): number {
  if (pos + 2 > end) throw truncated(field, pos, 2, end - pos);
  return buf.readUInt16BE(pos);
}

function decodeSpecs(buf: Buffer, start: number, end: number): { value: LearnSpec[]; size: number } {
  const specs: LearnSpec[] = [];
  let pos = start;
  while (pos + 2 <= end) {
    const h = buf.readUInt16BE(pos);
    if (h === 0) break;
    const dstCode = (h >>> DST_SHIFT) & 3;
    if ((h & ~KNOWN_BITS) !== 0 || dstCode === 3) {
      throw new CodecError('bad_value', 'nx_learn_spec.header', pos, `0x${h.toString(16)} has reserved bits set`, BAD_ARGUMENT);
    }
    const spec: LearnSpec = { src: h & SRC_IMMEDIATE ? 'immediate' : 'field', dst: DSTS[dstCode]!, n_bits: h & N_BITS };
    pos += 2;
    if (spec.src === 'immediate') {
      const n = 2 * Math.ceil(spec.n_bits / 16);
      if (pos + n > end) throw truncated('nx_learn_spec.value', pos, n, end - pos);
      spec.value = bytesView(buf, pos, pos + n);
      pos += n;
    } else {
      if (pos + 4 > end) throw truncated('nx_learn_spec.src_field', pos, 4, end - pos);
      const f = ofp_oxm_id.decode(buf, pos, end);
      spec.src_field = f.value;
      pos += f.size;
      spec.src_ofs = u16At(buf, pos, end, 'nx_learn_spec.src_ofs');
      pos += 2;
    }
    if (spec.dst !== 'output') {
      if (pos + 4 > end) throw truncated('nx_learn_spec.dst_field', pos, 4, end - pos);
      const f = ofp_oxm_id.decode(buf, pos, end);
      spec.dst_field = f.value;
      pos += f.size;
      spec.dst_ofs = u16At(buf, pos, end, 'nx_learn_spec.dst_ofs');
      pos += 2;
    }
    specs.push(spec);
  }
  return { value: specs, size: pos - start };
}

function bad(path: string, w: GrowBuffer, why: string): CodecError {
  return new CodecError('bad_value', path, w.pos, why);
}

function num(v: unknown, max: number, path: string, w: GrowBuffer): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > max) throw bad(path, w, `needs an integer 0..${max}`);
  return v;
}

function encodeSpecs(value: unknown, w: GrowBuffer, path: string): void {
  if (!Array.isArray(value)) throw bad(path, w, 'needs an array of learn specs');
  value.forEach((s: unknown, i) => {
    const p = `${path}[${i}]`;
    if (s === null || typeof s !== 'object') throw bad(p, w, 'needs an object');
    const spec = s as Record<string, unknown>;
    const imm = spec['src'] === 'immediate';
    if (!imm && spec['src'] !== 'field') throw bad(`${p}.src`, w, "is 'field' or 'immediate'");
    const dst = DSTS.indexOf(spec['dst'] as (typeof DSTS)[number]);
    if (dst < 0) throw bad(`${p}.dst`, w, "is 'match', 'load' or 'output'");
    const nBits = num(spec['n_bits'], N_BITS, `${p}.n_bits`, w);
    w.ensure(2);
    w.buf.writeUInt16BE(nBits | (imm ? SRC_IMMEDIATE : 0) | (dst << DST_SHIFT), w.pos);
    w.pos += 2;
    if (imm) {
      const v = spec['value'];
      const bytes = typeof v === 'string' ? Buffer.from(v, 'hex') : v;
      if (!(bytes instanceof Uint8Array) || bytes.length !== 2 * Math.ceil(nBits / 16)) {
        throw bad(`${p}.value`, w, `needs ${2 * Math.ceil(nBits / 16)} bytes (n_bits rounded up to 16-bit words)`);
      }
      w.bytes(bytes);
    } else {
      ofp_oxm_id.encode(spec['src_field'], w, `${p}.src_field`);
      const o = num(spec['src_ofs'], 0xffff, `${p}.src_ofs`, w);
      w.ensure(2);
      w.buf.writeUInt16BE(o, w.pos);
      w.pos += 2;
    }
    if (DSTS[dst] !== 'output') {
      ofp_oxm_id.encode(spec['dst_field'], w, `${p}.dst_field`);
      const o = num(spec['dst_ofs'], 0xffff, `${p}.dst_ofs`, w);
      w.ensure(2);
      w.buf.writeUInt16BE(o, w.pos);
      w.pos += 2;
    }
  });
}

/** The specs of learn and learn2, up to a zero header or the end of the action (the padding is not theirs). */
export const nx_learn_specs: CustomDef = custom({ name: 'nx_learn_specs', headerSize: 0, decode: decodeSpecs, encode: encodeSpecs });

/** Where learn2's `flags` lies, counted back from the byte after its fixed part (40 bytes, flags at 24). */
export const FLAGS_BACK = 40 - 24;

/**
 * Learn2's result field: present (a field header) only when `flags` has
 * NX_LEARN_F_WRITE_RESULT. Read and written right after the fixed part, so
 * the flags are the bytes 16 back (already checked by the action's decoder,
 * already written by its encoder).
 */
export const nx_learn_result_dst: CustomDef = custom({
  name: 'nx_learn_result_dst', headerSize: 0,
  decode(buf, start, end) {
    if (start < FLAGS_BACK || (buf.readUInt16BE(start - FLAGS_BACK) & NX_LEARN_F_WRITE_RESULT) === 0) return { value: undefined, size: 0 };
    if (start + 4 > end) throw truncated('nx_action_learn2.result_dst', start, 4, end - start);
    return ofp_oxm_id.decode(buf, start, end);
  },
  encode(value, w, path) {
    const set = w.pos >= FLAGS_BACK && (w.buf.readUInt16BE(w.pos - FLAGS_BACK) & NX_LEARN_F_WRITE_RESULT) !== 0;
    if (set && value === undefined) throw bad(path, w, 'is missing (flags has NX_LEARN_F_WRITE_RESULT)');
    if (!set && value !== undefined) throw bad(path, w, 'needs NX_LEARN_F_WRITE_RESULT (4) in flags');
    if (set) ofp_oxm_id.encode(value, w, path);
  },
});
