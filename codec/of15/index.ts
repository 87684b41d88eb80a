/**
 * OpenFlow 1.5 (wire 0x06): 1.4's messages, with the structs 1.5 changed
 * (of15/messages.ts) in their place and CONTROLLER_STATUS added.
 */
import type { VersionSchema } from '../message.js';
import { union } from '../schema/define.js';
import type { StructDef, UnionDef } from '../schema/types.js';
import * as s13 from '../of13/schema.js';
import * as e from '../of14/enums.js';
import * as m14 from '../of14/messages.js';
import * as mp14 from '../of14/multipart.js';
import { defsOf, versionEnums } from '../of14/index.js';
import * as m from './messages.js';
import * as oxs from './oxs.js';

const E = e.OFPMP15;
const hdr = e.ofpType15;

/** 1.5 multipart bodies: [name, code, request, reply]. */
export const MULTIPART15: readonly mp14.MultipartEntry[] = [
  ['desc', E.DESC, 'none', { one: s13.ofp_desc }],
  ['flow_desc', E.FLOW_DESC, { one: s13.ofp_flow_stats_request }, { many: m.ofp_flow_desc }],
  ['aggregate_stats', E.AGGREGATE_STATS, { one: s13.ofp_aggregate_stats_request }, { one: m.ofp_aggregate_stats_reply }],
  ['table_stats', E.TABLE_STATS, 'none', { many: s13.ofp_table_stats }],
  ['port_stats', E.PORT_STATS, { one: s13.ofp_port_stats_request }, { many: mp14.ofp_port_stats }],
  ['queue_stats', E.QUEUE_STATS, { one: s13.ofp_queue_stats_request }, { many: mp14.ofp_queue_stats }],
  ['group_stats', E.GROUP_STATS, { one: s13.ofp_group_stats_request }, { many: s13.ofp_group_stats }],
  ['group_desc', E.GROUP_DESC, { one: m.ofp_group_desc_request }, { many: m.ofp_group_desc }],
  ['group_features', E.GROUP_FEATURES, 'none', { one: s13.ofp_group_features }],
  ['meter_stats', E.METER_STATS, { one: s13.ofp_meter_multipart_request }, { many: m.ofp_meter_stats }],
  ['meter_desc', E.METER_DESC, { one: s13.ofp_meter_multipart_request }, { many: m.ofp_meter_desc }],
  ['meter_features', E.METER_FEATURES, 'none', { one: m.ofp_meter_features }],
  ['table_features', E.TABLE_FEATURES, { many: m.ofp_table_features }, { many: m.ofp_table_features }],
  ['port_desc', E.PORT_DESC, { one: s13.ofp_port_stats_request }, { many: m14.ofp_port }],
  ['table_desc', E.TABLE_DESC, 'none', { many: m14.ofp_table_desc }],
  ['queue_desc', E.QUEUE_DESC, { one: mp14.ofp_queue_desc_request }, { many: mp14.ofp_queue_desc }],
  ['flow_monitor', E.FLOW_MONITOR, { many: mp14.ofp_flow_monitor_request }, { many: mp14.ofp_flow_update }],
  ['flow_stats', E.FLOW_STATS, { one: s13.ofp_flow_stats_request }, { many: m.ofp_flow_stats }],
  ['controller_status', E.CONTROLLER_STATUS, 'none', { many: m.ofp_controller_status }],
  ['bundle_features', E.BUNDLE_FEATURES, { one: m.ofp_bundle_features_request }, { one: m.ofp_bundle_features }],
  ['experimenter', E.EXPERIMENTER, { one: s13.ofp_experimenter_multipart_request }, { one: s13.ofp_experimenter_multipart_reply }],
];

const multipart = mp14.multipartUnions(MULTIPART15, e.ofpMultipartType15, hdr);
const errors = m14.errorMessages(e.ofpErrorType14, e.errorCodeEnums(6), hdr);

export const message = union('ofp15_message', 'type', [
  s13.ofp_hello, errors.union, s13.ofp_echo_request, s13.ofp_echo_reply, s13.ofp_experimenter,
  s13.ofp_features_request, s13.ofp_switch_features, s13.ofp_get_config_request, s13.ofp_get_config_reply,
  s13.ofp_set_config, m14.ofp_packet_in, m.ofp_flow_removed, m14.ofp_port_status, m.ofp_packet_out, m14.ofp_flow_mod,
  m.ofp_group_mod, m14.ofp_port_mod, m14.ofp_table_mod, multipart.request, multipart.reply, s13.ofp_barrier_request,
  s13.ofp_barrier_reply, m.ofp_role_request, m.ofp_role_reply, s13.ofp_get_async_request, m14.ofp_get_async_reply,
  m14.ofp_set_async, s13.ofp_meter_mod, m14.ofp_role_status, m14.ofp_table_status, m14.ofp_requestforward,
  m14.ofp_bundle_ctrl_msg, m14.ofp_bundle_add_msg, m.ofp_controller_status_msg,
] as (StructDef | UnionDef)[]);

/** OpenFlow 1.5 (wire version 0x06). */
export const of15: VersionSchema = {
  wire: e.OFP15_VERSION, label: '1.5', message,
  defs: { ...defsOf(s13, m14, mp14, m, oxs), ofp_error_msg: errors.error, ofp_error: errors.union, ...multipart.variants, message },
  enums: versionEnums(6),
};
