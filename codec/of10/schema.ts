/** OpenFlow 1.0 schema (bootstrap subset; completed in the of10 work). */
import { len, list, pad, rest, struct, u16, u32, u8, union, mac, ipv4, sub, u64 } from '../schema/define.js';
import type { Member } from '../schema/types.js';
import { OFP10_VERSION, OFPT, OFPAT, ofpType, ofpActionType } from './enums.js';

function header(type: number): Member[] {
  return [u8('version', { fixed: OFP10_VERSION }), u8('type', { fixed: type, enum: ofpType }), len('length'), u32('xid')];
}

export const ofp_match = struct('ofp_match', [
  u32('wildcards'), u16('in_port'), mac('dl_src'), mac('dl_dst'), u16('dl_vlan'), u8('dl_vlan_pcp'), pad(1),
  u16('dl_type'), u8('nw_tos'), u8('nw_proto'), pad(2), ipv4('nw_src'), ipv4('nw_dst'), u16('tp_src'), u16('tp_dst'),
]);

const action_output = struct('ofp_action_output', [u16('type', { fixed: OFPAT.OUTPUT, enum: ofpActionType }), len('len'), u16('port'), u16('max_len')]);
const action_unknown = struct('ofp_action_unknown', [u16('type', { enum: ofpActionType }), len('len'), rest('body')]);
export const ofp_action = union('ofp_action', 'type', [action_output], { fallback: action_unknown });

export const ofp_hello = struct('ofp_hello', [...header(OFPT.HELLO), rest('data')]);
export const ofp_packet_in = struct('ofp_packet_in', [...header(OFPT.PACKET_IN), u32('buffer_id'), u16('total_len'), u16('in_port'), u8('reason'), pad(1), rest('data')]);
export const ofp_flow_mod = struct('ofp_flow_mod', [...header(OFPT.FLOW_MOD), sub('match', ofp_match), u64('cookie'), u16('command'), u16('idle_timeout'), u16('hard_timeout'), u16('priority'), u32('buffer_id'), u16('out_port'), u16('flags'), list('actions', ofp_action)]);
export const ofp_packet_out = struct('ofp_packet_out', [...header(OFPT.PACKET_OUT), u32('buffer_id'), u16('in_port'), len('actions_len', 'u16', 'actions'), list('actions', ofp_action), rest('data')]);

export const message = union('ofp10_message', 'type', [ofp_hello, ofp_packet_in, ofp_flow_mod, ofp_packet_out]);
