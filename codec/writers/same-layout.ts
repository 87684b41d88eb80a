/**
 * Writers for the messages whose layout is the same in OpenFlow 1.0 and 1.3
 * (checked against both schemas at load): ERROR and SET_CONFIG. The version
 * is a parameter; of10.ts and of13.ts export their named versions (error10,
 * setConfig13, ...) as thin calls into these.
 */
import { ofp_error_msg as err10, ofp_switch_config as config10 } from '../of10/schema.js';
import { ofp_error_msg as err13, ofp_set_config as config13 } from '../of13/schema.js';
import type { StructDef } from '../schema/types.js';
import { fixedOf, fixedSize, offsetOf } from '../views/common.js';
import { w16 } from '../views/bytes.js';
import { beginMessage, endMessage } from './header.js';
import { OutBuffer, copyIn } from './out.js';

/** Offsets of `fields` in `a`, which must be the same in `b`. */
function sameLayout<K extends string>(a: StructDef, b: StructDef, fields: Record<K, string>): Record<K, number> & { type: number } {
  const out = { type: fixedOf(a, 'type') } as Record<K, number> & { type: number };
  if (fixedOf(b, 'type') !== out.type) throw new Error(`writers: ${a.name} type differs between versions`);
  for (const [k, f] of Object.entries(fields) as [K, string][]) {
    const at = offsetOf(a, f);
    if (offsetOf(b, f) !== at) throw new Error(`writers: ${a.name}.${f} differs between versions`);
    (out as Record<K, number>)[k] = at;
  }
  return out;
}

/** How much of an offending message an ERROR carries (the spec asks for at least 64 bytes). */
export const ERROR_DATA_MAX = 64;
const ER = sameLayout(err10, err13, { errType: 'error_type', code: 'code', data: 'data' });

/**
 * ERROR in `version` with type/code and (up to `max` bytes of) the data
 * src[off, off+len): the offending message, cut to ERROR_DATA_MAX by
 * default, or a HELLO_FAILED's whole explanatory text.
 */
export function errorMessage(
  out: OutBuffer, version: number, xid: number, errType: number, code: number, src: Buffer | null = null, off = 0, len = 0, max = ERROR_DATA_MAX,
): number {
  const n = src ? Math.min(len, max) : 0;
  const at = beginMessage(out, version, ER.type, xid, ER.data + n);
  w16(out.buf, at + ER.errType, errType);
  w16(out.buf, at + ER.code, code);
  out.pos = at + ER.data;
  if (src) copyIn(out, src, off, n);
  endMessage(out, at);
  return at;
}

const SC = { ...sameLayout(config10, config13, { flags: 'flags', miss: 'miss_send_len' }), size: fixedSize(config10, 12) };
if (fixedSize(config13, 12) !== SC.size) throw new Error('writers: SET_CONFIG size differs between versions');

/** SET_CONFIG in `version`: flags (OFPC_FRAG_*) and miss_send_len (bytes of a table-miss packet sent in PACKET_IN). */
export function setConfigMessage(out: OutBuffer, version: number, xid: number, flags: number, missSendLen: number): number {
  const at = beginMessage(out, version, SC.type, xid, SC.size);
  w16(out.buf, at + SC.flags, flags);
  w16(out.buf, at + SC.miss, missSendLen);
  out.pos = at + SC.size;
  return at;
}
