/**
 * OpenFlow 1.0 actions (spec 5.2.4) and the Nicira vendor actions that Open
 * vSwitch sends inside 1.0 messages. Every action starts with `type` and
 * `len`; an unknown type, vendor or Nicira subtype decodes to opaque bytes
 * that re-encode unchanged.
 */
import { len, mac, ipv4, pad, rest, struct, u16, u32, u64, u8, union } from '../schema/define.js';
import { OFPBAC_BAD_LEN, OFPET_BAD_ACTION } from '../schema/errors.js';
import type { Member, StructDef } from '../schema/types.js';
import { NX_VENDOR_ID, OFPAT, nxActionSubtype, ofpActionType, ofpPort } from './enums.js';
import { nxActions } from '../nicira/actions.js';

/** An action struct: an impossible `len` is reported as OFPET_BAD_ACTION / OFPBAC_BAD_LEN. */
function action(name: string, members: Member[]): StructDef {
  return struct(name, members, { lengthError: { type: OFPET_BAD_ACTION, code: OFPBAC_BAD_LEN } });
}

function head(type: number): Member[] {
  return [u16('type', { fixed: type, enum: ofpActionType }), len('len')];
}

/** Output to a port (8 bytes); max_len is how much of the packet goes to the controller. */
export const ofp_action_output = action('ofp_action_output', [...head(OFPAT.OUTPUT), u16('port', { enum: ofpPort }), u16('max_len')]);
export const ofp_action_vlan_vid = action('ofp_action_vlan_vid', [...head(OFPAT.SET_VLAN_VID), u16('vlan_vid'), pad(2)]);
export const ofp_action_vlan_pcp = action('ofp_action_vlan_pcp', [...head(OFPAT.SET_VLAN_PCP), u8('vlan_pcp'), pad(3)]);
/** STRIP_VLAN has no arguments: the bare ofp_action_header (8 bytes). */
export const ofp_action_strip_vlan = action('ofp_action_strip_vlan', [...head(OFPAT.STRIP_VLAN), pad(4)]);
export const ofp_action_set_dl_src = action('ofp_action_set_dl_src', [...head(OFPAT.SET_DL_SRC), mac('dl_addr'), pad(6)]);
export const ofp_action_set_dl_dst = action('ofp_action_set_dl_dst', [...head(OFPAT.SET_DL_DST), mac('dl_addr'), pad(6)]);
export const ofp_action_set_nw_src = action('ofp_action_set_nw_src', [...head(OFPAT.SET_NW_SRC), ipv4('nw_addr')]);
export const ofp_action_set_nw_dst = action('ofp_action_set_nw_dst', [...head(OFPAT.SET_NW_DST), ipv4('nw_addr')]);
export const ofp_action_nw_tos = action('ofp_action_nw_tos', [...head(OFPAT.SET_NW_TOS), u8('nw_tos'), pad(3)]);
export const ofp_action_set_tp_src = action('ofp_action_set_tp_src', [...head(OFPAT.SET_TP_SRC), u16('tp_port'), pad(2)]);
export const ofp_action_set_tp_dst = action('ofp_action_set_tp_dst', [...head(OFPAT.SET_TP_DST), u16('tp_port'), pad(2)]);
/** Output to a queue of a port (16 bytes). */
export const ofp_action_enqueue = action('ofp_action_enqueue', [...head(OFPAT.ENQUEUE), u16('port', { enum: ofpPort }), pad(6), u32('queue_id')]);

/** Layout-only structs with the spec's generic names, for size checks and views. */
export const ofp_action_header = action('ofp_action_header', [u16('type', { enum: ofpActionType }), u16('len'), pad(4)]);
export const ofp_action_dl_addr = action('ofp_action_dl_addr', [u16('type', { enum: ofpActionType }), u16('len'), mac('dl_addr'), pad(6)]);
export const ofp_action_nw_addr = action('ofp_action_nw_addr', [u16('type', { enum: ofpActionType }), u16('len'), ipv4('nw_addr')]);
export const ofp_action_tp_port = action('ofp_action_tp_port', [u16('type', { enum: ofpActionType }), u16('len'), u16('tp_port'), pad(2)]);
export const ofp_action_vendor_header = action('ofp_action_vendor_header', [u16('type', { enum: ofpActionType }), u16('len'), u32('vendor')]);

// ---- Nicira (vendor 0x00002320): described once in codec/nicira/actions.ts ----------------
/** Common 16-byte form of actions without arguments (nx_action_header), for size checks. */
export const nx_action_header = action('nx_action_header', [
  u16('type', { enum: ofpActionType }), u16('len'), u32('vendor'), u16('subtype', { enum: nxActionSubtype }), pad(6),
]);
const NX = nxActions({
  typeEnum: ofpActionType, idField: 'vendor', portEnum: ofpPort, lengthError: { type: OFPET_BAD_ACTION, code: OFPBAC_BAD_LEN },
  actions: () => ofp_action,
});
export const nx_action = NX.union;
export const {
  nx_action_resubmit, nx_action_resubmit_table, nx_action_set_tunnel, nx_action_set_tunnel64, nx_action_set_queue,
  nx_action_pop_queue, nx_action_reg_move, nx_action_reg_load, nx_action_note, nx_action_output_reg, nx_action_exit,
  nx_action_dec_ttl, nx_action_fin_timeout, nx_action_controller, nx_action_write_metadata, nx_action_push_mpls,
  nx_action_pop_mpls, nx_action_set_mpls_ttl, nx_action_dec_mpls_ttl, nx_action_set_mpls_label, nx_action_set_mpls_tc,
} = NX.structs as Record<string, StructDef>;

/** A vendor action of a vendor this codec does not know: its bytes after the vendor id. */
export const ofp_action_vendor_unknown = action('ofp_action_vendor_unknown', [
  u16('type', { fixed: OFPAT.VENDOR, enum: ofpActionType }), len('len'), u32('vendor'), rest('body'),
]);
export const ofp_action_vendor = union('ofp_action_vendor', 'vendor', [nx_action], {
  fallback: ofp_action_vendor_unknown, when: OFPAT.VENDOR,
});

/** An action type this codec has no layout for: its bytes after `len`. */
export const ofp_action_unknown = action('ofp_action_unknown', [u16('type', { enum: ofpActionType }), len('len'), rest('body')]);

export const ofp_action = union('ofp_action', 'type', [
  ofp_action_output, ofp_action_vlan_vid, ofp_action_vlan_pcp, ofp_action_strip_vlan, ofp_action_set_dl_src,
  ofp_action_set_dl_dst, ofp_action_set_nw_src, ofp_action_set_nw_dst, ofp_action_nw_tos, ofp_action_set_tp_src,
  ofp_action_set_tp_dst, ofp_action_enqueue, ofp_action_vendor,
], { fallback: ofp_action_unknown });
