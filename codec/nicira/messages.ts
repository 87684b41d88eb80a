/**
 * Nicira extension messages (vendor/experimenter id 0x00002320) as Open
 * vSwitch sends and accepts them (facts from OVS include/openflow/nicira-ext.h
 * and include/openvswitch/ofp-msgs.h). The same bytes travel in OpenFlow 1.0
 * as a VENDOR message (`vendor`, `subtype`) and in 1.3+ as an EXPERIMENTER
 * message (`experimenter`, `exp_type`): one description, built once per
 * dialect from the head that dialect gives (see nxMessage).
 *
 * NXM matches are lists of NXM/OXM TLVs whose `match_len` counts the TLVs
 * only; zero padding to 8 bytes follows (mid-struct `align(8)`).
 * A subtype without a layout here keeps its bytes (`body`) and re-encodes
 * byte-exact.
 */
import { align, enumOf, len, list, pad, rest, struct, u16, u32, u64, u8, union } from '../schema/define.js';
import type { Def, EnumDef, Member, StructDef, UnionDef } from '../schema/types.js';
import { ofp_oxm } from '../of13/oxm.js';
import { nxPacketIn2Props } from './properties.js';

export const NX_VENDOR_ID = 0x00002320;
export const ONF_VENDOR_ID = 0x4f4e4600;

/** Nicira message subtypes (NXT_*). */
export const NXT = {
  ROLE_REQUEST: 10, ROLE_REPLY: 11, SET_FLOW_FORMAT: 12, FLOW_MOD: 13, FLOW_REMOVED: 14, FLOW_MOD_TABLE_ID: 15,
  SET_PACKET_IN_FORMAT: 16, PACKET_IN: 17, FLOW_AGE: 18, SET_ASYNC_CONFIG: 19, SET_CONTROLLER_ID: 20,
  FLOW_MONITOR_CANCEL: 21, FLOW_MONITOR_PAUSED: 22, FLOW_MONITOR_RESUMED: 23, TLV_TABLE_MOD: 24,
  TLV_TABLE_REQUEST: 25, TLV_TABLE_REPLY: 26, SET_ASYNC_CONFIG2: 27, RESUME: 28, CT_FLUSH_ZONE: 29,
  PACKET_IN2: 30, GROUP_MOD: 31, CT_FLUSH: 32, REQUESTFORWARD: 132,
} as const;
export const nxtType = enumOf('nx_type', Object.fromEntries(Object.entries(NXT).map(([k, v]) => [`NXT_${k}`, v])));

/** Nicira statistics subtypes (NXST_*), inside vendor stats / experimenter multipart. */
export const NXST = { FLOW: 0, AGGREGATE: 1, FLOW_MONITOR: 2, IPFIX_BRIDGE: 3, IPFIX_FLOW: 4 } as const;
export const nxstType = enumOf('nx_stats_type', Object.fromEntries(Object.entries(NXST).map(([k, v]) => [`NXST_${k}`, v])));

/** Flow formats of NXT_SET_FLOW_FORMAT and packet-in formats of NXT_SET_PACKET_IN_FORMAT. */
export const nxFlowFormat = enumOf('nx_flow_format', { NXFF_OPENFLOW10: 0, NXFF_NXM: 2 });
export const nxPacketInFormat = enumOf('nx_packet_in_format', { NXPIF_STANDARD: 0, NXPIF_NXT_PACKET_IN: 1, NXPIF_NXT_PACKET_IN2: 2 });
export const nxRole = enumOf('nx_role', { NX_ROLE_OTHER: 0, NX_ROLE_MASTER: 1, NX_ROLE_SLAVE: 2 });
export const nxTlvTableModCommand = enumOf('nx_tlv_table_mod_command', { NXTTMC_ADD: 0, NXTTMC_DELETE: 1, NXTTMC_CLEAR: 2 });

/**
 * How a dialect spells the Nicira head: every member before the Nicira body,
 * with the subtype field fixed to `subtype` (or free when undefined) and named
 * by `subtypeEnum`; `tag` is the subtype field's name in that dialect.
 */
export interface NxHead {
  readonly tag: string;
  members(subtype: number | undefined, subtypeEnum: EnumDef): Member[];
}

/**
 * The NXM match of Nicira messages: `match_len` covers the TLVs, then zeros to 8 bytes, which belong
 * to the struct even where the match is its last member (a stats request body inside a 1.3 multipart
 * message has no length of its own to leave them out of).
 */
function nxm(): Member[] {
  return [list('match', ofp_oxm), align(8, true)];
}

/** `struct nx_tlv_map`: one Geneve option mapped to a tun_metadata field. */
export const nx_tlv_map = struct('nx_tlv_map', [u16('option_class'), u8('option_type'), u8('option_len'), u16('index'), pad(2)]);

const pin2Props = nxPacketIn2Props(ofp_oxm);

/** The Nicira messages in one dialect (`actions`: that version's action union; `when`: the outer tag value). */
export function nxMessages(head: NxHead, actions: Def, when: number): UnionDef {
  const m = (name: string, st: number, body: Member[]): StructDef => struct(name, [...head.members(st, nxtType), ...body]);
  const variants: StructDef[] = [
    m('nx_role_request', NXT.ROLE_REQUEST, [u32('role', { enum: nxRole })]),
    m('nx_role_reply', NXT.ROLE_REPLY, [u32('role', { enum: nxRole })]),
    m('nx_set_flow_format', NXT.SET_FLOW_FORMAT, [u32('format', { enum: nxFlowFormat })]),
    m('nx_flow_mod', NXT.FLOW_MOD, [
      u64('cookie'), u16('command'), u16('idle_timeout'), u16('hard_timeout'), u16('priority'), u32('buffer_id'),
      u16('out_port'), u16('flags'), len('match_len', 'u16', 'match'), pad(6), ...nxm(), list('actions', actions),
    ]),
    m('nx_flow_removed', NXT.FLOW_REMOVED, [
      u64('cookie'), u16('priority'), u8('reason'), u8('table_id'), u32('duration_sec'), u32('duration_nsec'),
      u16('idle_timeout'), len('match_len', 'u16', 'match'), u64('packet_count'), u64('byte_count'), ...nxm(),
    ]),
    m('nx_flow_mod_table_id', NXT.FLOW_MOD_TABLE_ID, [u8('set'), pad(7)]),
    m('nx_set_packet_in_format', NXT.SET_PACKET_IN_FORMAT, [u32('format', { enum: nxPacketInFormat })]),
    m('nx_packet_in', NXT.PACKET_IN, [
      u32('buffer_id'), u16('total_len'), u8('reason'), u8('table_id'), u64('cookie'), len('match_len', 'u16', 'match'),
      pad(6), ...nxm(), pad(2), rest('data'),
    ]),
    m('nx_flow_age', NXT.FLOW_AGE, []),
    m('nx_set_async_config', NXT.SET_ASYNC_CONFIG, [
      list('packet_in_mask', u32('mask'), 2), list('port_status_mask', u32('mask'), 2), list('flow_removed_mask', u32('mask'), 2),
    ]),
    m('nx_set_controller_id', NXT.SET_CONTROLLER_ID, [pad(6), u16('controller_id')]),
    m('nx_flow_monitor_cancel', NXT.FLOW_MONITOR_CANCEL, [u32('id')]),
    m('nx_flow_monitor_paused', NXT.FLOW_MONITOR_PAUSED, []),
    m('nx_flow_monitor_resumed', NXT.FLOW_MONITOR_RESUMED, []),
    m('nx_tlv_table_mod', NXT.TLV_TABLE_MOD, [u16('command', { enum: nxTlvTableModCommand }), pad(6), list('mappings', nx_tlv_map)]),
    m('nx_tlv_table_request', NXT.TLV_TABLE_REQUEST, []),
    m('nx_tlv_table_reply', NXT.TLV_TABLE_REPLY, [u32('max_option_space'), u16('max_fields'), pad(10), list('mappings', nx_tlv_map)]),
    m('nx_ct_flush_zone', NXT.CT_FLUSH_ZONE, [pad(6), u16('zone_id')]),
    // PACKET_IN2 and RESUME are property lists (properties.ts): OVS sends the one, the controller sends
    // it back as the other to continue a paused pipeline (controller(pause)).
    m('nx_packet_in2', NXT.PACKET_IN2, [list('properties', pin2Props)]),
    m('nx_resume', NXT.RESUME, [list('properties', pin2Props)]),
  ];
  const fallback = struct('nx_message_unknown', [...head.members(undefined, nxtType), rest('body')]);
  return union('nx_message', head.tag, variants, { fallback, when });
}

/** Nicira statistics bodies after the 24-byte vendor-stats / experimenter-multipart head. */
export function nxStats(head: NxHead, dir: 'request' | 'reply', actions: Def, when: number): UnionDef {
  const m = (name: string, st: number, body: Member[]): StructDef => struct(name, [...head.members(st, nxstType), ...body]);
  const flowRequest = [u16('out_port'), len('match_len', 'u16', 'match'), u8('table_id'), pad(3), ...nxm()];
  const variants = dir === 'request'
    ? [m('nx_flow_stats_request', NXST.FLOW, flowRequest), m('nx_aggregate_stats_request', NXST.AGGREGATE, flowRequest)]
    : [
      m('nx_flow_stats_reply', NXST.FLOW, [list('body', nxFlowStats(actions))]),
      m('nx_aggregate_stats_reply', NXST.AGGREGATE, [u64('packet_count'), u64('byte_count'), u32('flow_count'), pad(4)]),
    ];
  const fallback = struct(`nx_stats_${dir}_unknown`, [...head.members(undefined, nxstType), rest('body')]);
  return union(`nx_stats_${dir}`, head.tag, variants, { fallback, when });
}

/** `struct nx_flow_stats` (48 bytes, then the NXM match padded to 8, then the actions of the dialect). */
function nxFlowStats(actions: Def): StructDef {
  return struct('nx_flow_stats', [
    len('length'), u8('table_id'), pad(1), u32('duration_sec'), u32('duration_nsec'), u16('priority'),
    u16('idle_timeout'), u16('hard_timeout'), len('match_len', 'u16', 'match'), u16('idle_age'), u16('hard_age'),
    u64('cookie'), u64('packet_count'), u64('byte_count'), ...nxm(), list('actions', actions),
  ]);
}
