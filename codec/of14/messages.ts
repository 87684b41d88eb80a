/**
 * OpenFlow 1.4 messages that differ from 1.3 (1.4 spec section 7): every
 * other 1.4 message is the 1.3 struct itself (codec/of13), since its layout
 * did not change. The message union for 1.4 is in index.ts.
 */
import { align, len, list, mac, mergeEnums, pad, rest, str, struct, sub, u16, u32, u64, u8, union } from '../schema/define.js';
import type { CustomDef, EnumDef, Member, StructDef } from '../schema/types.js';
import { schemaFor } from '../message.js';
import { custom } from '../schema/define.js';
import { decodeDef } from '../schema/decode.js';
import { encodeDef } from '../schema/encode.js';
import { CodecError, truncated } from '../schema/errors.js';
import { header } from '../of13/common.js';
import {
  OFPET, OFPT as OFPT13, ofpControllerRole, ofpFlowModCommand, ofpGroup, ofpPacketInReason, ofpPort, ofpPortReason,
} from '../of13/enums.js';
import { ofp_instruction } from '../of13/instructions.js';
import { ofp_match } from '../of13/match.js';
import {
  OFPACPT, OFPBPT, OFPPDPT, OFPPMPT, OFPT14, OFPTMPT, ofpAsyncConfigPropType, ofpBundleCtrlType, ofpBundlePropType,
  ofpControllerRoleReason, ofpErrorType14, ofpPortDescPropType, ofpPortModPropType, ofpRequestforwardReason, ofpRolePropType,
  ofpPacketInReason14, ofpTableModPropType, ofpTableReason, ofpType14,
} from './enums.js';
import { prop, propList } from './properties.js';

/** A 1.4 header (1.4 type names; the version byte is checked by the registry). */
export function header14(type: number, e: EnumDef = ofpType14): Member[] {
  return header(type, e);
}

// ---- PACKET_IN ------------------------------------------------------------------------

/**
 * PACKET_IN as 1.3 laid it out, with the reasons 1.4 renamed (NO_MATCH is TABLE_MISS, ACTION is
 * APPLY_ACTION) and added (ACTION_SET, GROUP, PACKET_OUT); 1.5 keeps them. Decoding gives the 1.4
 * names; the encoder also takes the 1.3 spellings.
 */
export const ofp_packet_in = struct('ofp_packet_in', [
  ...header14(OFPT13.PACKET_IN), u32('buffer_id'), u16('total_len'), u8('reason', { enum: mergeEnums([ofpPacketInReason14, ofpPacketInReason]) }),
  u8('table_id'), u64('cookie'), sub('match', ofp_match), pad(2), rest('data'),
]);

// ---- ERROR ----------------------------------------------------------------------------

/** ERROR with the error types and codes of one version (1.4 or 1.5). */
export function errorMessages(typeEnum: EnumDef, codes: ReadonlyMap<number, EnumDef>, hdr: EnumDef): { error: StructDef; union: ReturnType<typeof union> } {
  const error = struct('ofp_error_msg', [
    ...header14(OFPT13.ERROR, hdr), u16('error_type', { enum: typeEnum }),
    u16('code', { enumBy: { field: 'error_type', enums: codes } }), rest('data'),
  ]);
  const experimenter = struct('ofp_error_experimenter_msg', [
    ...header14(OFPT13.ERROR, hdr), u16('error_type', { fixed: OFPET.EXPERIMENTER, enum: typeEnum }), u16('exp_type'),
    u32('experimenter'), rest('data'),
  ]);
  return { error, union: union('ofp_error', 'error_type', [experimenter], { fallback: error, when: OFPT13.ERROR }) };
}
export { ofpErrorType14 };

// ---- ports ----------------------------------------------------------------------------

export const ofp_port_desc_prop_ethernet = prop('ofp_port_desc_prop_ethernet', OFPPDPT.ETHERNET, ofpPortDescPropType, [
  pad(4), u32('curr'), u32('advertised'), u32('supported'), u32('peer'), u32('curr_speed'), u32('max_speed'),
]);
export const ofp_port_desc_prop_optical = prop('ofp_port_desc_prop_optical', OFPPDPT.OPTICAL, ofpPortDescPropType, [
  pad(4), u32('supported'), u32('tx_min_freq_lmda'), u32('tx_max_freq_lmda'), u32('tx_grid_freq_lmda'),
  u32('rx_min_freq_lmda'), u32('rx_max_freq_lmda'), u32('rx_grid_freq_lmda'), u16('tx_pwr_min'), u16('tx_pwr_max'),
]);
export const ofp_port_desc_prop = propList('ofp_port_desc_prop', ofpPortDescPropType, [ofp_port_desc_prop_ethernet, ofp_port_desc_prop_optical]);

/** `struct ofp_port` of 1.4/1.5: 40 bytes, then properties. */
export const ofp_port = struct('ofp_port', [
  u32('port_no', { enum: ofpPort }), len('length'), pad(2), mac('hw_addr'), pad(2), str('name', 16), u32('config'),
  u32('state'), list('properties', ofp_port_desc_prop),
]);

export const ofp_port_status = struct('ofp_port_status', [
  ...header14(OFPT13.PORT_STATUS), u8('reason', { enum: ofpPortReason }), pad(7), sub('desc', ofp_port),
]);

export const ofp_port_mod_prop_ethernet = prop('ofp_port_mod_prop_ethernet', OFPPMPT.ETHERNET, ofpPortModPropType, [u32('advertise')]);
export const ofp_port_mod_prop_optical = prop('ofp_port_mod_prop_optical', OFPPMPT.OPTICAL, ofpPortModPropType, [
  u32('configure'), u32('freq_lmda'), u32('fl_offset'), u32('grid_span'), u32('tx_pwr'),
]);
export const ofp_port_mod_prop = propList('ofp_port_mod_prop', ofpPortModPropType, [ofp_port_mod_prop_ethernet, ofp_port_mod_prop_optical]);
export const ofp_port_mod = struct('ofp_port_mod', [
  ...header14(OFPT13.PORT_MOD), u32('port_no', { enum: ofpPort }), pad(4), mac('hw_addr'), pad(2), u32('config'),
  u32('mask'), list('properties', ofp_port_mod_prop),
]);

// ---- tables ---------------------------------------------------------------------------

export const ofp_table_mod_prop_eviction = prop('ofp_table_mod_prop_eviction', OFPTMPT.EVICTION, ofpTableModPropType, [u32('flags')]);
export const ofp_table_mod_prop_vacancy = prop('ofp_table_mod_prop_vacancy', OFPTMPT.VACANCY, ofpTableModPropType, [
  u8('vacancy_down'), u8('vacancy_up'), u8('vacancy'), pad(1),
]);
export const ofp_table_mod_prop = propList('ofp_table_mod_prop', ofpTableModPropType, [ofp_table_mod_prop_eviction, ofp_table_mod_prop_vacancy]);
export const ofp_table_mod = struct('ofp_table_mod', [
  ...header14(OFPT13.TABLE_MOD), u8('table_id'), pad(3), u32('config'), list('properties', ofp_table_mod_prop),
]);

/** `struct ofp_table_desc` (TABLE_DESC multipart and TABLE_STATUS). */
export const ofp_table_desc = struct('ofp_table_desc', [
  len('length'), u8('table_id'), pad(1), u32('config'), list('properties', ofp_table_mod_prop),
]);
export const ofp_table_status = struct('ofp_table_status', [
  ...header14(OFPT14.TABLE_STATUS), u8('reason', { enum: ofpTableReason }), pad(7), sub('table', ofp_table_desc),
]);

// ---- FLOW_MOD (importance replaces 2 pad bytes) ----------------------------------------

export const ofp_flow_mod = struct('ofp_flow_mod', [
  ...header14(OFPT13.FLOW_MOD), u64('cookie'), u64('cookie_mask'), u8('table_id'), u8('command', { enum: ofpFlowModCommand }),
  u16('idle_timeout'), u16('hard_timeout'), u16('priority'), u32('buffer_id'), u32('out_port', { enum: ofpPort }),
  u32('out_group', { enum: ofpGroup }), u16('flags'), u16('importance'), sub('match', ofp_match), list('instructions', ofp_instruction),
]);

// ---- roles, async configuration -------------------------------------------------------

export const ofp_role_prop = propList('ofp_role_prop', ofpRolePropType, []);
export const ofp_role_status = struct('ofp_role_status', [
  ...header14(OFPT14.ROLE_STATUS), u32('role', { enum: ofpControllerRole }), u8('reason', { enum: ofpControllerRoleReason }),
  pad(3), u64('generation_id'), list('properties', ofp_role_prop),
]);

/** Async config: one 32-bit reason mask per property type, 1.4's 12 and 1.5's 16. */
export const ofp_async_config_prop_reasons: StructDef[] = Object.entries(OFPACPT)
  .filter(([k]) => !k.startsWith('EXPERIMENTER'))
  .map(([k, t]) => prop(`ofp_async_config_prop_reasons_${k.toLowerCase()}`, t, ofpAsyncConfigPropType, [u32('mask')]));
export const ofp_async_config_prop = propList('ofp_async_config_prop', ofpAsyncConfigPropType, ofp_async_config_prop_reasons,
  [OFPACPT.EXPERIMENTER_SLAVE, OFPACPT.EXPERIMENTER_MASTER]);
export const ofp_get_async_reply = struct('ofp_get_async_reply', [...header14(OFPT13.GET_ASYNC_REPLY), list('properties', ofp_async_config_prop)]);
export const ofp_set_async = struct('ofp_set_async', [...header14(OFPT13.SET_ASYNC), list('properties', ofp_async_config_prop)]);

// ---- bundles and request forwarding ----------------------------------------------------

/**
 * A whole OpenFlow message carried inside another (bundled, forwarded),
 * decoded by the registered schema of its own version byte (the message
 * unions contain the carrying messages, so this is looked up at run time).
 */
/** A bundled or forwarded message carrying another is legal; deeper nesting is refused (no stack overflow on 64 KiB of nested headers). */
const MAX_INNER = 4;
let innerDepth = 0;
export const ofp_inner_message: CustomDef = custom({
  name: 'ofp_inner_message',
  headerSize: 8,
  decode(buf, start, end) {
    const n = buf.readUInt16BE(start + 2);
    if (n < 8) throw new CodecError('bad_length', 'ofp_inner_message.length', start + 2, `is ${n}, less than the 8-byte header`);
    if (start + n > end) throw truncated('ofp_inner_message', start, n, end - start);
    const schema = schemaFor(buf[start]!);
    if (!schema) throw new CodecError('bad_version', 'ofp_inner_message.version', start, `is ${buf[start]}, not a known version`);
    if (innerDepth >= MAX_INNER) throw new CodecError('bad_length', 'ofp_inner_message', start, `nests messages more than ${MAX_INNER} deep`);
    innerDepth++;
    try { return { value: decodeDef(schema.message, buf, start, start + n).value, size: n }; } finally { innerDepth--; }
  },
  encode(value, w, path) {
    const schema = schemaFor(Number((value as Record<string, unknown>)?.['version']));
    if (!schema) throw new CodecError('bad_value', `${path}.version`, w.pos, 'needs a known OpenFlow version');
    if (innerDepth >= MAX_INNER) throw new CodecError('bad_value', path, w.pos, `nests messages more than ${MAX_INNER} deep`);
    innerDepth++;
    try { encodeDef(schema.message, value, w, path); } finally { innerDepth--; }
  },
});

export const ofp_bundle_prop_time = prop('ofp_bundle_prop_time', OFPBPT.TIME, ofpBundlePropType, [
  pad(4), u64('scheduled_time_seconds'), u32('scheduled_time_nanoseconds'), pad(4),
]);
export const ofp_bundle_prop = propList('ofp_bundle_prop', ofpBundlePropType, [ofp_bundle_prop_time]);
export const ofp_bundle_ctrl_msg = struct('ofp_bundle_ctrl_msg', [
  ...header14(OFPT14.BUNDLE_CONTROL), u32('bundle_id'), u16('bundle_type', { enum: ofpBundleCtrlType }), u16('flags'),
  list('properties', ofp_bundle_prop),
]);
export const ofp_bundle_add_msg = struct('ofp_bundle_add_msg', [
  ...header14(OFPT14.BUNDLE_ADD_MESSAGE), u32('bundle_id'), pad(2), u16('flags'), sub('message', ofp_inner_message),
  align(8), list('properties', ofp_bundle_prop),
]);
export const ofp_requestforward = struct('ofp_requestforward', [
  ...header14(OFPT14.REQUESTFORWARD), sub('request', ofp_inner_message),
]);
export { ofpRequestforwardReason };
