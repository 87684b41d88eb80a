/**
 * Every OpenFlow 1.3 message (types 0-29), header flattened into each body
 * as in the other versions. Three spec fields named `type` collide with the
 * header's `type` and are renamed: ERROR `error_type`, GROUP_MOD
 * `group_type`, MULTIPART `multipart_type` (see multipart.ts).
 */
import { align, len, list, mac, pad, rest, struct, sub, u16, u32, u64, u8, union } from '../schema/define.js';
import type { Member, StructDef } from '../schema/types.js';
import { enumOf } from '../schema/define.js';
import { NX_VENDOR_ID, ONF_VENDOR_ID, nxMessages, type NxHead } from '../nicira/messages.js';
import { ofp_bundle_prop, ofp_inner_message } from '../of14/messages.js';
import { ofpBundleCtrlType } from '../of14/enums.js';
import { ofp_action } from './actions.js';
import { header, ofp_port } from './common.js';
import {
  OFPET, OFPHET, OFPQT, OFPT, errorCodeEnums, ofpControllerRole, ofpGroup, ofpPort, ofpErrorType, ofpFlowModCommand, ofpFlowRemovedReason,
  ofpGroupModCommand, ofpGroupType, ofpHelloElemType, ofpMeterModCommand, ofpPacketInReason, ofpPortReason,
  ofpQueueProperties,
} from './enums.js';
import { ofp_bucket, ofp_meter_band } from './group-meter.js';
import { ofp_instruction } from './instructions.js';
import { ofp_match } from './match.js';
import { ofp_multipart_reply, ofp_multipart_request } from './multipart.js';

// ---- HELLO -----------------------------------------------------------------

/** Hello elements: TLVs whose length excludes the padding to 8 bytes. */
export const ofp_hello_elem_versionbitmap = struct('ofp_hello_elem_versionbitmap', [
  u16('type', { fixed: OFPHET.VERSIONBITMAP, enum: ofpHelloElemType }), len('length'), list('bitmaps', u32('bitmap')), align(8),
]);
export const ofp_hello_elem_unknown = struct('ofp_hello_elem_unknown', [
  u16('type', { enum: ofpHelloElemType }), len('length'), rest('body'), align(8),
]);
export const ofp_hello_elem = union('ofp_hello_elem', 'type', [ofp_hello_elem_versionbitmap], { fallback: ofp_hello_elem_unknown });
export const ofp_hello = struct('ofp_hello', [...header(OFPT.HELLO), list('elements', ofp_hello_elem)]);

// ---- ERROR -----------------------------------------------------------------

export const ofp_error_msg = struct('ofp_error_msg', [
  ...header(OFPT.ERROR), u16('error_type', { enum: ofpErrorType }),
  u16('code', { enumBy: { field: 'error_type', enums: errorCodeEnums } }), rest('data'),
]);
export const ofp_error_experimenter_msg = struct('ofp_error_experimenter_msg', [
  ...header(OFPT.ERROR), u16('error_type', { fixed: OFPET.EXPERIMENTER, enum: ofpErrorType }), u16('exp_type'),
  u32('experimenter'), rest('data'),
]);
export const ofp_error = union('ofp_error', 'error_type', [ofp_error_experimenter_msg], { fallback: ofp_error_msg, when: OFPT.ERROR });

// ---- symmetric / controller-to-switch --------------------------------------

export const ofp_echo_request = struct('ofp_echo_request', [...header(OFPT.ECHO_REQUEST), rest('data')]);
export const ofp_echo_reply = struct('ofp_echo_reply', [...header(OFPT.ECHO_REPLY), rest('data')]);
export const ofp_experimenter_header = struct('ofp_experimenter_header', [
  ...header(OFPT.EXPERIMENTER), u32('experimenter'), u32('exp_type'), rest('data'),
]);

/** How 1.3+ spells the Nicira message head: the experimenter header (experimenter, exp_type). */
const nxHead13: NxHead = {
  tag: 'exp_type',
  members: (st, e) => [
    ...header(OFPT.EXPERIMENTER), u32('experimenter', { fixed: NX_VENDOR_ID }),
    u32('exp_type', st === undefined ? { enum: e } : { fixed: st, enum: e }),
  ],
};
/** Nicira messages in 1.3-1.5 (the 1.0 ones, as experimenter messages), by exp_type. */
export const nx_message = nxMessages(nxHead13, ofp_action, NX_VENDOR_ID);

/**
 * The ONF extension messages Open vSwitch takes on 1.3: the 1.4 bundle
 * messages as experimenter 0x4F4E4600 types 2300 (BUNDLE_CONTROL) and 2301
 * (BUNDLE_ADD_MESSAGE), same bodies as in 1.4 after the 16-byte head.
 */
const ONFT_BUNDLE_CONTROL = 2300, ONFT_BUNDLE_ADD_MESSAGE = 2301;
const onfType = enumOf('onf_type', { ONFT_BUNDLE_CONTROL, ONFT_BUNDLE_ADD_MESSAGE });
const onf = (t: number): Member[] => [...header(OFPT.EXPERIMENTER), u32('experimenter', { fixed: ONF_VENDOR_ID }), u32('exp_type', { fixed: t, enum: onfType })];
export const onf_bundle_ctrl_msg = struct('onf_bundle_ctrl_msg', [
  ...onf(ONFT_BUNDLE_CONTROL), u32('bundle_id'), u16('bundle_type', { enum: ofpBundleCtrlType }), u16('flags'),
  list('properties', ofp_bundle_prop),
]);
export const onf_bundle_add_msg = struct('onf_bundle_add_msg', [
  ...onf(ONFT_BUNDLE_ADD_MESSAGE), u32('bundle_id'), pad(2), u16('flags'), sub('message', ofp_inner_message),
  align(8), list('properties', ofp_bundle_prop),
]);
export const onf_message = union('onf_message', 'exp_type', [onf_bundle_ctrl_msg, onf_bundle_add_msg], {
  fallback: struct('onf_message_unknown', [...header(OFPT.EXPERIMENTER), u32('experimenter', { fixed: ONF_VENDOR_ID }), u32('exp_type', { enum: onfType }), rest('data')]),
  when: ONF_VENDOR_ID,
});
/** EXPERIMENTER messages by experimenter id: Nicira and ONF named, others as bytes. */
export const ofp_experimenter = union('ofp_experimenter', 'experimenter', [nx_message, onf_message], {
  fallback: ofp_experimenter_header, when: OFPT.EXPERIMENTER,
});
export const ofp_features_request = struct('ofp_features_request', header(OFPT.FEATURES_REQUEST));
/** `struct ofp_switch_features` (32 bytes). */
export const ofp_switch_features = struct('ofp_switch_features', [
  ...header(OFPT.FEATURES_REPLY), u64('datapath_id'), u32('n_buffers'), u8('n_tables'), u8('auxiliary_id'), pad(2),
  u32('capabilities'), u32('reserved'),
]);
export const ofp_get_config_request = struct('ofp_get_config_request', header(OFPT.GET_CONFIG_REQUEST));
export const ofp_get_config_reply = struct('ofp_get_config_reply', [...header(OFPT.GET_CONFIG_REPLY), u16('flags'), u16('miss_send_len')]);
export const ofp_set_config = struct('ofp_set_config', [...header(OFPT.SET_CONFIG), u16('flags'), u16('miss_send_len')]);

// ---- async -----------------------------------------------------------------

/** `struct ofp_packet_in`: 24 bytes, then the match, 2 pad bytes and the frame. */
export const ofp_packet_in = struct('ofp_packet_in', [
  ...header(OFPT.PACKET_IN), u32('buffer_id'), u16('total_len'), u8('reason', { enum: ofpPacketInReason }),
  u8('table_id'), u64('cookie'), sub('match', ofp_match), pad(2), rest('data'),
]);

/** `struct ofp_flow_removed`: 48 bytes, then the match. */
export const ofp_flow_removed = struct('ofp_flow_removed', [
  ...header(OFPT.FLOW_REMOVED), u64('cookie'), u16('priority'), u8('reason', { enum: ofpFlowRemovedReason }),
  u8('table_id'), u32('duration_sec'), u32('duration_nsec'), u16('idle_timeout'), u16('hard_timeout'),
  u64('packet_count'), u64('byte_count'), sub('match', ofp_match),
]);

export const ofp_port_status = struct('ofp_port_status', [
  ...header(OFPT.PORT_STATUS), u8('reason', { enum: ofpPortReason }), pad(7), sub('desc', ofp_port),
]);

// ---- controller-to-switch --------------------------------------------------

/** `struct ofp_packet_out` (24 bytes before the actions). */
export const ofp_packet_out = struct('ofp_packet_out', [
  ...header(OFPT.PACKET_OUT), u32('buffer_id'), u32('in_port', { enum: ofpPort }), len('actions_len', 'u16', 'actions'), pad(6),
  list('actions', ofp_action), rest('data'),
]);

/** `struct ofp_flow_mod`: 48 bytes, the match, then instructions. */
export const ofp_flow_mod = struct('ofp_flow_mod', [
  ...header(OFPT.FLOW_MOD), u64('cookie'), u64('cookie_mask'), u8('table_id'), u8('command', { enum: ofpFlowModCommand }),
  u16('idle_timeout'), u16('hard_timeout'), u16('priority'), u32('buffer_id'), u32('out_port', { enum: ofpPort }), u32('out_group', { enum: ofpGroup }),
  u16('flags'), pad(2), sub('match', ofp_match), list('instructions', ofp_instruction),
]);

/** `struct ofp_group_mod` (16 bytes before the buckets). */
export const ofp_group_mod = struct('ofp_group_mod', [
  ...header(OFPT.GROUP_MOD), u16('command', { enum: ofpGroupModCommand }), u8('group_type', { enum: ofpGroupType }),
  pad(1), u32('group_id', { enum: ofpGroup }), list('buckets', ofp_bucket),
]);

/** `struct ofp_port_mod` (40 bytes). */
export const ofp_port_mod = struct('ofp_port_mod', [
  ...header(OFPT.PORT_MOD), u32('port_no', { enum: ofpPort }), pad(4), mac('hw_addr'), pad(2), u32('config'), u32('mask'),
  u32('advertise'), pad(4),
]);

export const ofp_table_mod = struct('ofp_table_mod', [...header(OFPT.TABLE_MOD), u8('table_id'), pad(3), u32('config')]);

export const ofp_barrier_request = struct('ofp_barrier_request', header(OFPT.BARRIER_REQUEST));
export const ofp_barrier_reply = struct('ofp_barrier_reply', header(OFPT.BARRIER_REPLY));

// ---- queue configuration ---------------------------------------------------

function queueProp(type: number): [ReturnType<typeof u16>, ReturnType<typeof len>, ReturnType<typeof pad>] {
  return [u16('property', { fixed: type, enum: ofpQueueProperties }), len('len'), pad(4)];
}
export const ofp_queue_prop_min_rate = struct('ofp_queue_prop_min_rate', [...queueProp(OFPQT.MIN_RATE), u16('rate'), pad(6)]);
export const ofp_queue_prop_max_rate = struct('ofp_queue_prop_max_rate', [...queueProp(OFPQT.MAX_RATE), u16('rate'), pad(6)]);
export const ofp_queue_prop_experimenter = struct('ofp_queue_prop_experimenter', [
  ...queueProp(OFPQT.EXPERIMENTER), u32('experimenter'), pad(4), rest('data'),
]);
export const ofp_queue_prop_unknown = struct('ofp_queue_prop_unknown', [
  u16('property', { enum: ofpQueueProperties }), len('len'), pad(4), rest('body'),
]);
export const ofp_queue_prop = union('ofp_queue_prop', 'property', [
  ofp_queue_prop_min_rate, ofp_queue_prop_max_rate, ofp_queue_prop_experimenter,
], { fallback: ofp_queue_prop_unknown });

/** `struct ofp_packet_queue` (16 bytes before its properties). */
export const ofp_packet_queue = struct('ofp_packet_queue', [
  u32('queue_id'), u32('port', { enum: ofpPort }), len('len'), pad(6), list('properties', ofp_queue_prop),
]);

export const ofp_queue_get_config_request = struct('ofp_queue_get_config_request', [
  ...header(OFPT.QUEUE_GET_CONFIG_REQUEST), u32('port', { enum: ofpPort }), pad(4),
]);
export const ofp_queue_get_config_reply = struct('ofp_queue_get_config_reply', [
  ...header(OFPT.QUEUE_GET_CONFIG_REPLY), u32('port', { enum: ofpPort }), pad(4), list('queues', ofp_packet_queue),
]);

// ---- roles and async configuration -----------------------------------------

export const ofp_role_request = struct('ofp_role_request', [
  ...header(OFPT.ROLE_REQUEST), u32('role', { enum: ofpControllerRole }), pad(4), u64('generation_id'),
]);
export const ofp_role_reply = struct('ofp_role_reply', [
  ...header(OFPT.ROLE_REPLY), u32('role', { enum: ofpControllerRole }), pad(4), u64('generation_id'),
]);

export const ofp_get_async_request = struct('ofp_get_async_request', header(OFPT.GET_ASYNC_REQUEST));
function asyncConfig(name: string, type: number): StructDef {
  return struct(name, [
    ...header(type), list('packet_in_mask', u32('mask'), 2), list('port_status_mask', u32('mask'), 2),
    list('flow_removed_mask', u32('mask'), 2),
  ]);
}
/** `struct ofp_async_config` (32 bytes) as GET_ASYNC_REPLY and SET_ASYNC. */
export const ofp_get_async_reply = asyncConfig('ofp_get_async_reply', OFPT.GET_ASYNC_REPLY);
export const ofp_set_async = asyncConfig('ofp_set_async', OFPT.SET_ASYNC);

// ---- meters ----------------------------------------------------------------

/** `struct ofp_meter_mod` (16 bytes before the bands). */
export const ofp_meter_mod = struct('ofp_meter_mod', [
  ...header(OFPT.METER_MOD), u16('command', { enum: ofpMeterModCommand }), u16('flags'), u32('meter_id'),
  list('bands', ofp_meter_band),
]);

// ---- the message union -----------------------------------------------------

export const message = union('ofp13_message', 'type', [
  ofp_hello, ofp_error, ofp_echo_request, ofp_echo_reply, ofp_experimenter, ofp_features_request,
  ofp_switch_features, ofp_get_config_request, ofp_get_config_reply, ofp_set_config, ofp_packet_in,
  ofp_flow_removed, ofp_port_status, ofp_packet_out, ofp_flow_mod, ofp_group_mod, ofp_port_mod, ofp_table_mod,
  ofp_multipart_request, ofp_multipart_reply, ofp_barrier_request, ofp_barrier_reply, ofp_queue_get_config_request,
  ofp_queue_get_config_reply, ofp_role_request, ofp_role_reply, ofp_get_async_request, ofp_get_async_reply,
  ofp_set_async, ofp_meter_mod,
]);
