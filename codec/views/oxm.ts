/**
 * Reading OXM TLVs (OpenFlow 1.3 matches) in place. An OXM header is one
 * 32-bit word: class (16 bits), field (7), hasmask (1), payload length (8);
 * the field widths come from the 1.3 schema's OXM table (codec/of13/oxm.ts).
 *
 * `validateOxms` walks a match's TLVs once (inside a view's bind): each must
 * fit in the match, and a known OpenFlow-basic field must have its width (or
 * twice it with a mask), as the generic decoder requires. After that the
 * iteration helpers below cannot read outside the match.
 */
import { BAD_MATCH_LEN, OXM_OFB_FIELDS } from '../of13/oxm.js';
import { OFPXMC } from '../of13/enums.js';
import type { DecodeError } from '../schema/errors.js';
import { viewError } from './common.js';
import { r16 } from './bytes.js';

/** Width of each OpenFlow-basic field by code (0 = unknown code). */
export const OXM_WIDTH = new Uint8Array(128);
for (const f of OXM_OFB_FIELDS) OXM_WIDTH[f.code] = f.width;
/** OpenFlow-basic field codes by spec name without prefix (`IN_PORT` -> 0). */
export const OXM_FIELD: Readonly<Record<string, number>> = Object.fromEntries(OXM_OFB_FIELDS.map((f) => [f.name, f.code]));
export const OXM_CLASS_BASIC = OFPXMC.OPENFLOW_BASIC;
/** Size of an OXM TLV header. */
export const OXM_HEADER = 4;

export function oxmClass(buf: Buffer, at: number): number { return r16(buf, at); }
export function oxmField(buf: Buffer, at: number): number { return buf[at + 2]! >>> 1; }
export function oxmHasMask(buf: Buffer, at: number): boolean { return (buf[at + 2]! & 1) !== 0; }
/** Payload length (value, plus mask when hasmask). */
export function oxmLength(buf: Buffer, at: number): number { return buf[at + 3]!; }
/** Absolute offset of the TLV's value. */
export function oxmValueOffset(at: number): number { return at + OXM_HEADER; }

/**
 * Walk the TLVs in buf[start, end). Returns the offset of the IN_PORT value
 * (or -1 when absent, or the error). `fieldName` names the match for errors.
 */
export function validateOxms(buf: Buffer, start: number, end: number, fieldName: string): number | DecodeError {
  let at = start;
  let inPortAt = -1;
  while (at < end) {
    if (at + OXM_HEADER > end) {
      return viewError('bad_length', fieldName, at, `has ${end - at} bytes left, less than a ${OXM_HEADER}-byte OXM header`, BAD_MATCH_LEN);
    }
    const n = buf[at + 3]!;
    if (at + OXM_HEADER + n > end) {
      return viewError('bad_length', fieldName, at + 3, `OXM of ${n} bytes runs ${at + OXM_HEADER + n - end} bytes past the match`, BAD_MATCH_LEN);
    }
    if (r16(buf, at) === OFPXMC.OPENFLOW_BASIC) {
      const f = buf[at + 2]! >>> 1;
      const w = OXM_WIDTH[f]!;
      if (w !== 0 && n !== ((buf[at + 2]! & 1) ? 2 * w : w)) {
        return viewError('bad_length', fieldName, at + 3, `OXM field ${f} has length ${n}, not its width ${w}`, BAD_MATCH_LEN);
      }
      if (f === 0 && inPortAt < 0) inPortAt = at + OXM_HEADER;
    }
    at += OXM_HEADER + n;
  }
  return inPortAt;
}
