/**
 * OpenFlow 1.5 structs whose layout differs from 1.4 (1.5 spec section 7):
 * PACKET_OUT with a match, FLOW_REMOVED and flow stats with OXS statistics,
 * group buckets with ids and properties, the 1.5 table features and meter
 * features, flow descriptions, controller status and bundle features.
 */
import { align, len, list, pad, rest, str, struct, sub, u16, u32, u64, u8 } from '../schema/define.js';
import { OFPT, ofpControllerRole, ofpGroup, ofpGroupType, ofpMeterBandType, ofpPort } from '../of13/enums.js';
import { ofp_action } from '../of13/actions.js';
import { ofp_meter_band } from '../of13/group-meter.js';
import { ofp_instruction } from '../of13/instructions.js';
import { ofp_match } from '../of13/match.js';
import { ofp_table_feature_prop } from '../of13/table-features.js';
import {
  OFPBFPT, OFPCSPT, OFPGBPT, OFPT15, ofpBundleFeaturesPropType, ofpControlChannelStatus,
  ofpControllerStatusPropType, ofpControllerStatusReason, ofpFlowRemovedReason14, ofpGroupBucketPropType,
  ofpGroupModCommand15, ofpGroupPropType, ofpType15,
} from '../of14/enums.js';
import { header14 } from '../of14/messages.js';
import { prop, propList } from '../of14/properties.js';
import { ofp_stats } from './oxs.js';

const hdr = (t: number) => header14(t, ofpType15);
void ofpMeterBandType;

export const ofp_packet_out = struct('ofp_packet_out', [
  ...hdr(OFPT.PACKET_OUT), u32('buffer_id'), len('actions_len', 'u16', 'actions'), pad(2), sub('match', ofp_match),
  list('actions', ofp_action), rest('data'),
]);

export const ofp_flow_removed = struct('ofp_flow_removed', [
  ...hdr(OFPT.FLOW_REMOVED), u8('table_id'), u8('reason', { enum: ofpFlowRemovedReason14 }), u16('priority'),
  u16('idle_timeout'), u16('hard_timeout'), u64('cookie'), sub('match', ofp_match), sub('stats', ofp_stats),
]);

/** ROLE_REQUEST / ROLE_REPLY of 1.5: `short_id` (the controller's id) in 2 of 1.3's pad bytes. */
export const ofp_role_request = struct('ofp_role_request', [
  ...hdr(OFPT.ROLE_REQUEST), u32('role', { enum: ofpControllerRole }), u16('short_id'), pad(2), u64('generation_id'),
]);
export const ofp_role_reply = struct('ofp_role_reply', [
  ...hdr(OFPT.ROLE_REPLY), u32('role', { enum: ofpControllerRole }), u16('short_id'), pad(2), u64('generation_id'),
]);

// ---- groups ---------------------------------------------------------------------------

export const ofp_group_bucket_prop_weight = prop('ofp_group_bucket_prop_weight', OFPGBPT.WEIGHT, ofpGroupBucketPropType, [u16('weight'), pad(2)]);
export const ofp_group_bucket_prop_watch_port = prop('ofp_group_bucket_prop_watch_port', OFPGBPT.WATCH_PORT, ofpGroupBucketPropType, [u32('watch', { enum: ofpPort })]);
export const ofp_group_bucket_prop_watch_group = prop('ofp_group_bucket_prop_watch_group', OFPGBPT.WATCH_GROUP, ofpGroupBucketPropType, [u32('watch', { enum: ofpGroup })]);
export const ofp_group_bucket_prop = propList('ofp_group_bucket_prop', ofpGroupBucketPropType, [
  ofp_group_bucket_prop_weight, ofp_group_bucket_prop_watch_port, ofp_group_bucket_prop_watch_group,
]);
/** `struct ofp_bucket` of 1.5: len, actions length, bucket id, actions, properties. */
export const ofp_bucket = struct('ofp_bucket', [
  len('len'), len('action_array_len', 'u16', 'actions'), u32('bucket_id'), list('actions', ofp_action),
  list('properties', ofp_group_bucket_prop),
]);
export const ofp_group_prop = propList('ofp_group_prop', ofpGroupPropType, []);

export const ofp_group_mod = struct('ofp_group_mod', [
  ...hdr(OFPT.GROUP_MOD), u16('command', { enum: ofpGroupModCommand15 }), u8('group_type', { enum: ofpGroupType }), pad(1),
  u32('group_id', { enum: ofpGroup }), len('bucket_array_len', 'u16', 'buckets'), pad(2), u32('command_bucket_id'),
  list('buckets', ofp_bucket), list('properties', ofp_group_prop),
]);
export const ofp_group_desc = struct('ofp_group_desc', [
  len('length'), u8('type', { enum: ofpGroupType }), pad(1), u32('group_id', { enum: ofpGroup }),
  len('bucket_array_len', 'u16', 'buckets'), pad(6), list('buckets', ofp_bucket), list('properties', ofp_group_prop),
]);
export const ofp_group_desc_request = struct('ofp_group_desc_request', [u32('group_id', { enum: ofpGroup }), pad(4)]);

// ---- flow descriptions and statistics ---------------------------------------------------

export const ofp_flow_desc = struct('ofp_flow_desc', [
  len('length'), pad(2), u8('table_id'), pad(1), u16('priority'), u16('idle_timeout'), u16('hard_timeout'), u16('flags'),
  u16('importance'), u64('cookie'), sub('match', ofp_match), sub('stats', ofp_stats), list('instructions', ofp_instruction),
]);
export const ofp_flow_stats = struct('ofp_flow_stats', [
  len('length'), pad(2), u8('table_id'), u8('reason'), u16('priority'), sub('match', ofp_match), sub('stats', ofp_stats),
]);

/** AGGREGATE_STATS reply body of 1.5: the OXS statistics alone. */
export const ofp_aggregate_stats_reply = struct('ofp_aggregate_stats_reply', [sub('stats', ofp_stats)]);

// ---- tables, meters ----------------------------------------------------------------------

export const ofp_table_features = struct('ofp_table_features', [
  len('length'), u8('table_id'), u8('command'), u32('features'), str('name', 32), u64('metadata_match'),
  u64('metadata_write'), u32('capabilities'), u32('max_entries'), list('properties', ofp_table_feature_prop),
]);
export const ofp_meter_features = struct('ofp_meter_features', [
  u32('max_meter'), u32('band_types'), u32('capabilities'), u8('max_bands'), u8('max_color'), pad(2), u32('features'), pad(4),
]);
export const ofp_meter_desc = struct('ofp_meter_desc', [len('length'), u16('flags'), u32('meter_id'), list('bands', ofp_meter_band)]);
export const ofp_meter_stats_band = struct('ofp_meter_band_stats', [u64('packet_band_count'), u64('byte_band_count')]);
export const ofp_meter_stats = struct('ofp_meter_stats', [
  u32('meter_id'), len('len'), pad(6), u32('ref_count'), u64('packet_in_count'), u64('byte_in_count'),
  u32('duration_sec'), u32('duration_nsec'), list('band_stats', ofp_meter_stats_band),
]);

// ---- controller status ---------------------------------------------------------------------

export const ofp_controller_status_prop_uri = prop('ofp_controller_status_prop_uri', OFPCSPT.URI, ofpControllerStatusPropType, [rest('uri')]);
export const ofp_controller_status_prop = propList('ofp_controller_status_prop', ofpControllerStatusPropType, [ofp_controller_status_prop_uri]);
export const ofp_controller_status = struct('ofp_controller_status', [
  len('length'), u16('short_id'), u32('role', { enum: ofpControllerRole }), u8('reason', { enum: ofpControllerStatusReason }),
  u8('channel_status', { enum: ofpControlChannelStatus }), pad(6), list('properties', ofp_controller_status_prop),
]);
export const ofp_controller_status_msg = struct('ofp_controller_status_msg', [
  ...hdr(OFPT15.CONTROLLER_STATUS), sub('status', ofp_controller_status),
]);

// ---- bundle features -------------------------------------------------------------------------

export const ofp_time = struct('ofp_time', [u64('seconds'), u32('nanoseconds'), pad(4)]);
export const ofp_bundle_features_prop_time = prop('ofp_bundle_features_prop_time', OFPBFPT.TIME_CAPABILITY, ofpBundleFeaturesPropType, [
  pad(4), sub('sched_accuracy', ofp_time), sub('sched_max_future', ofp_time), sub('sched_max_past', ofp_time), sub('timestamp', ofp_time),
]);
export const ofp_bundle_features_prop = propList('ofp_bundle_features_prop', ofpBundleFeaturesPropType, [ofp_bundle_features_prop_time]);
export const ofp_bundle_features_request = struct('ofp_bundle_features_request', [
  u32('feature_request_flags'), pad(4), list('properties', ofp_bundle_features_prop),
]);
export const ofp_bundle_features = struct('ofp_bundle_features', [u16('capabilities'), pad(6), list('properties', ofp_bundle_features_prop)]);
void align;
