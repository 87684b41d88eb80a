/**
 * `struct ofp_match` (1.3, type OFPMT_OXM): type, length, OXM TLVs, then zero
 * padding to a multiple of 8 that the length does not count (`align(8)`).
 */
import { align, len, list, struct, u16 } from '../schema/define.js';
import { ofpMatchType } from './enums.js';
import { ofp_oxm } from './oxm.js';

export const ofp_match = struct('ofp_match', [
  u16('type', { enum: ofpMatchType, default: 'OFPMT_OXM' }), len('length'), list('oxm_fields', ofp_oxm), align(8),
]);
