/** Group buckets and meter bands, shared by GROUP_MOD/METER_MOD and their multipart bodies. */
import { len, list, pad, rest, struct, u16, u32, u8, union } from '../schema/define.js';
import type { Member } from '../schema/types.js';
import { ofp_action } from './actions.js';
import { OFPMBT, ofpGroup, ofpMeterBandType, ofpPort } from './enums.js';

/** `struct ofp_bucket` (16 bytes before its actions). */
export const ofp_bucket = struct('ofp_bucket', [
  len('len'), u16('weight'), u32('watch_port', { enum: ofpPort }), u32('watch_group', { enum: ofpGroup }), pad(4), list('actions', ofp_action),
]);

function band(type: number): Member[] {
  return [u16('type', { fixed: type, enum: ofpMeterBandType }), len('len'), u32('rate'), u32('burst_size')];
}
export const ofp_meter_band_drop = struct('ofp_meter_band_drop', [...band(OFPMBT.DROP), pad(4)]);
export const ofp_meter_band_dscp_remark = struct('ofp_meter_band_dscp_remark', [...band(OFPMBT.DSCP_REMARK), u8('prec_level'), pad(3)]);
export const ofp_meter_band_experimenter = struct('ofp_meter_band_experimenter', [...band(OFPMBT.EXPERIMENTER), u32('experimenter'), rest('body')]);
export const ofp_meter_band_unknown = struct('ofp_meter_band_unknown', [
  u16('type', { enum: ofpMeterBandType }), len('len'), u32('rate'), u32('burst_size'), rest('body'),
]);
export const ofp_meter_band = union('ofp_meter_band', 'type', [
  ofp_meter_band_drop, ofp_meter_band_dscp_remark, ofp_meter_band_experimenter,
], { fallback: ofp_meter_band_unknown });
