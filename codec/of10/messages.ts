/**
 * OpenFlow 1.0 messages, types 0–21 (spec section 5). Each message struct
 * starts with the ofp_header members; `message` picks one by header `type`.
 * The error message's own type is `error_type` (the header has `type`); its
 * `code` decodes through the code enum of that error type.
 */
import { list, mac, pad, rest, struct, sub, u16, u32, u64, u8, union } from '../schema/define.js';
import { header, ofp_match, ofp_packet_queue, ofp_phy_port } from './common.js';
import { ofp_action } from './actions.js';
import { ofp_stats_reply, ofp_stats_request } from './stats.js';
import { len } from '../schema/define.js';
import { NX_VENDOR_ID, nxMessages, type NxHead } from '../nicira/messages.js';
import {
  OFPT, errorCodeEnums, ofpErrorType, ofpFlowModCommand, ofpFlowRemovedReason, ofpPacketInReason, ofpPort,
  ofpPortReason,
} from './enums.js';

export const ofp_hello = struct('ofp_hello', [...header(OFPT.HELLO), rest('data')]);
export const ofp_error_msg = struct('ofp_error_msg', [
  ...header(OFPT.ERROR), u16('error_type', { enum: ofpErrorType }),
  u16('code', { enumBy: { field: 'error_type', enums: errorCodeEnums } }), rest('data'),
]);
export const ofp_echo_request = struct('ofp_echo_request', [...header(OFPT.ECHO_REQUEST), rest('data')]);
export const ofp_echo_reply = struct('ofp_echo_reply', [...header(OFPT.ECHO_REPLY), rest('data')]);
/** Vendor message of a vendor without a layout here: a vendor id, then vendor-defined bytes (kept opaque). */
export const ofp_vendor_header = struct('ofp_vendor_header', [...header(OFPT.VENDOR), u32('vendor'), rest('data')]);
/** How 1.0 spells the Nicira message head: `struct nicira_header` (vendor, subtype). */
const nxHead: NxHead = {
  tag: 'subtype',
  members: (st, e) => [...header(OFPT.VENDOR), u32('vendor', { fixed: NX_VENDOR_ID }), u32('subtype', st === undefined ? { enum: e } : { fixed: st, enum: e })],
};
/** Nicira messages (NXT_*), by subtype; unknown subtypes keep their bytes. */
export const nx_message = nxMessages(nxHead, ofp_action, NX_VENDOR_ID);
/** VENDOR messages by vendor id. */
export const ofp_vendor = union('ofp_vendor', 'vendor', [nx_message], { fallback: ofp_vendor_header, when: OFPT.VENDOR });
export const ofp_features_request = struct('ofp_features_request', [...header(OFPT.FEATURES_REQUEST)]);
export const ofp_switch_features = struct('ofp_switch_features', [
  ...header(OFPT.FEATURES_REPLY), u64('datapath_id'), u32('n_buffers'), u8('n_tables'), pad(3), u32('capabilities'),
  u32('actions'), list('ports', ofp_phy_port),
]);
export const ofp_get_config_request = struct('ofp_get_config_request', [...header(OFPT.GET_CONFIG_REQUEST)]);
export const ofp_get_config_reply = struct('ofp_get_config_reply', [...header(OFPT.GET_CONFIG_REPLY), u16('flags'), u16('miss_send_len')]);
/** SET_CONFIG body (the spec's ofp_switch_config; GET_CONFIG_REPLY has the same layout). */
export const ofp_switch_config = struct('ofp_switch_config', [...header(OFPT.SET_CONFIG), u16('flags'), u16('miss_send_len')]);
export const ofp_packet_in = struct('ofp_packet_in', [
  ...header(OFPT.PACKET_IN), u32('buffer_id'), u16('total_len'), u16('in_port', { enum: ofpPort }),
  u8('reason', { enum: ofpPacketInReason }), pad(1), rest('data'),
]);
export const ofp_flow_removed = struct('ofp_flow_removed', [
  ...header(OFPT.FLOW_REMOVED), sub('match', ofp_match), u64('cookie'), u16('priority'),
  u8('reason', { enum: ofpFlowRemovedReason }), pad(1), u32('duration_sec'), u32('duration_nsec'),
  u16('idle_timeout'), pad(2), u64('packet_count'), u64('byte_count'),
]);
export const ofp_port_status = struct('ofp_port_status', [
  ...header(OFPT.PORT_STATUS), u8('reason', { enum: ofpPortReason }), pad(7), sub('desc', ofp_phy_port),
]);
export const ofp_packet_out = struct('ofp_packet_out', [
  ...header(OFPT.PACKET_OUT), u32('buffer_id'), u16('in_port', { enum: ofpPort }), len('actions_len', 'u16', 'actions'),
  list('actions', ofp_action), rest('data'),
]);
export const ofp_flow_mod = struct('ofp_flow_mod', [
  ...header(OFPT.FLOW_MOD), sub('match', ofp_match), u64('cookie'), u16('command', { enum: ofpFlowModCommand }),
  u16('idle_timeout'), u16('hard_timeout'), u16('priority'), u32('buffer_id'), u16('out_port', { enum: ofpPort }),
  u16('flags'), list('actions', ofp_action),
]);
export const ofp_port_mod = struct('ofp_port_mod', [
  ...header(OFPT.PORT_MOD), u16('port_no', { enum: ofpPort }), mac('hw_addr'), u32('config'), u32('mask'),
  u32('advertise'), pad(4),
]);
export const ofp_barrier_request = struct('ofp_barrier_request', [...header(OFPT.BARRIER_REQUEST)]);
export const ofp_barrier_reply = struct('ofp_barrier_reply', [...header(OFPT.BARRIER_REPLY)]);
export const ofp_queue_get_config_request = struct('ofp_queue_get_config_request', [
  ...header(OFPT.QUEUE_GET_CONFIG_REQUEST), u16('port', { enum: ofpPort }), pad(2),
]);
export const ofp_queue_get_config_reply = struct('ofp_queue_get_config_reply', [
  ...header(OFPT.QUEUE_GET_CONFIG_REPLY), u16('port', { enum: ofpPort }), pad(6), list('queues', ofp_packet_queue),
]);

/** Every OpenFlow 1.0 message, keyed by header `type`. An unknown type is OFPET_BAD_REQUEST / OFPBRC_BAD_TYPE. */
export const message = union('ofp10_message', 'type', [
  ofp_hello, ofp_error_msg, ofp_echo_request, ofp_echo_reply, ofp_vendor, ofp_features_request,
  ofp_switch_features, ofp_get_config_request, ofp_get_config_reply, ofp_switch_config, ofp_packet_in,
  ofp_flow_removed, ofp_port_status, ofp_packet_out, ofp_flow_mod, ofp_port_mod, ofp_stats_request, ofp_stats_reply,
  ofp_barrier_request, ofp_barrier_reply, ofp_queue_get_config_request, ofp_queue_get_config_reply,
]);
