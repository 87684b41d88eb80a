/** Pieces every 1.3 message shares: the header and `struct ofp_port`. */
import { len, mac, pad, str, struct, u32, u8 } from '../schema/define.js';
import type { EnumDef, Member } from '../schema/types.js';
import { ofpPort, ofpType } from './enums.js';

/**
 * `struct ofp_header` members, with `type` fixed for one message. The version
 * byte is not fixed here: the message registry (codec/message.ts) picks the
 * schema by it, so a struct whose layout did not change serves 1.3, 1.4 and
 * 1.5 alike (one description; the decoded `version` says which it was).
 */
export function header(type: number, enumDef: EnumDef = ofpType): Member[] {
  return [u8('version'), u8('type', { fixed: type, enum: enumDef }), len('length'), u32('xid')];
}

export const ofp_header = struct('ofp_header', [u8('version'), u8('type', { enum: ofpType }), len('length'), u32('xid')]);

/** `struct ofp_port` (64 bytes in 1.3). */
export const ofp_port = struct('ofp_port', [
  u32('port_no', { enum: ofpPort }), pad(4), mac('hw_addr'), pad(2), str('name', 16), u32('config'), u32('state'), u32('curr'),
  u32('advertised'), u32('supported'), u32('peer'), u32('curr_speed'), u32('max_speed'),
]);
