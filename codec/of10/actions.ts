/**
 * OpenFlow 1.0 actions (spec 5.2.4) and the Nicira vendor actions that Open
 * vSwitch sends inside 1.0 messages. Every action starts with `type` and
 * `len`; an unknown type, vendor or Nicira subtype decodes to opaque bytes
 * that re-encode unchanged.
 */
import { len, mac, ipv4, pad, rest, struct, u16, u32, u64, u8, union } from '../schema/define.js';
import { OFPBAC_BAD_LEN, OFPET_BAD_ACTION } from '../schema/errors.js';
import type { Member, StructDef } from '../schema/types.js';
import { NX_VENDOR_ID, NXAST, OFPAT, nxActionSubtype, ofpActionType, ofpPort } from './enums.js';

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

// ---- Nicira (vendor 0x00002320) -------------------------------------------------
function nx(subtype: number): Member[] {
  return [
    u16('type', { fixed: OFPAT.VENDOR, enum: ofpActionType }), len('len'), u32('vendor', { fixed: NX_VENDOR_ID }),
    u16('subtype', { fixed: subtype, enum: nxActionSubtype }),
  ];
}
/** Common 16-byte form of actions without arguments (nx_action_header). */
export const nx_action_header = action('nx_action_header', [
  u16('type', { enum: ofpActionType }), u16('len'), u32('vendor'), u16('subtype', { enum: nxActionSubtype }), pad(6),
]);
export const nx_action_resubmit = action('nx_action_resubmit', [...nx(NXAST.RESUBMIT), u16('in_port', { enum: ofpPort }), pad(4)]);
export const nx_action_resubmit_table = action('nx_action_resubmit_table', [
  ...nx(NXAST.RESUBMIT_TABLE), u16('in_port', { enum: ofpPort }), u8('table'), pad(3),
]);
export const nx_action_set_tunnel = action('nx_action_set_tunnel', [...nx(NXAST.SET_TUNNEL), pad(2), u32('tun_id')]);
export const nx_action_set_tunnel64 = action('nx_action_set_tunnel64', [...nx(NXAST.SET_TUNNEL64), pad(6), u64('tun_id')]);
export const nx_action_set_queue = action('nx_action_set_queue', [...nx(NXAST.SET_QUEUE), pad(2), u32('queue_id')]);
export const nx_action_pop_queue = action('nx_action_pop_queue', [...nx(NXAST.POP_QUEUE), pad(6)]);
/** Copy n_bits from src[src_ofs] to dst[dst_ofs]; src and dst are NXM headers. */
export const nx_action_reg_move = action('nx_action_reg_move', [
  ...nx(NXAST.REG_MOVE), u16('n_bits'), u16('src_ofs'), u16('dst_ofs'), u32('src'), u32('dst'),
]);
/** Load `value` into dst bits given by ofs_nbits (offset << 6 | (n_bits - 1)). */
export const nx_action_reg_load = action('nx_action_reg_load', [...nx(NXAST.REG_LOAD), u16('ofs_nbits'), u32('dst'), u64('value')]);
/** A comment carried in the flow: bytes after the subtype, zero-padded to 8. */
export const nx_action_note = action('nx_action_note', [...nx(NXAST.NOTE), rest('note')]);
export const nx_action_output_reg = action('nx_action_output_reg', [
  ...nx(NXAST.OUTPUT_REG), u16('ofs_nbits'), u32('src'), u16('max_len'), pad(6),
]);
export const nx_action_exit = action('nx_action_exit', [...nx(NXAST.EXIT), pad(6)]);
export const nx_action_dec_ttl = action('nx_action_dec_ttl', [...nx(NXAST.DEC_TTL), pad(6)]);
export const nx_action_fin_timeout = action('nx_action_fin_timeout', [
  ...nx(NXAST.FIN_TIMEOUT), u16('fin_idle_timeout'), u16('fin_hard_timeout'), pad(2),
]);
export const nx_action_controller = action('nx_action_controller', [
  ...nx(NXAST.CONTROLLER), u16('max_len'), u16('controller_id'), u8('reason'), pad(1),
]);
export const nx_action_write_metadata = action('nx_action_write_metadata', [
  ...nx(NXAST.WRITE_METADATA), pad(6), u64('metadata'), u64('mask'),
]);
/** Push an MPLS label stack entry with the given ethertype (0x8847 or 0x8848). */
export const nx_action_push_mpls = action('nx_action_push_mpls', [...nx(NXAST.PUSH_MPLS), u16('ethertype'), pad(4)]);
/** Pop the outermost MPLS label; `ethertype` is that of the payload. */
export const nx_action_pop_mpls = action('nx_action_pop_mpls', [...nx(NXAST.POP_MPLS), u16('ethertype'), pad(4)]);
export const nx_action_set_mpls_ttl = action('nx_action_set_mpls_ttl', [...nx(NXAST.SET_MPLS_TTL), u8('ttl'), pad(5)]);
export const nx_action_dec_mpls_ttl = action('nx_action_dec_mpls_ttl', [...nx(NXAST.DEC_MPLS_TTL), pad(6)]);
export const nx_action_set_mpls_label = action('nx_action_set_mpls_label', [...nx(NXAST.SET_MPLS_LABEL), pad(2), u32('label')]);
export const nx_action_set_mpls_tc = action('nx_action_set_mpls_tc', [...nx(NXAST.SET_MPLS_TC), u8('tc'), pad(5)]);
/** A Nicira action without a layout here: its bytes after `subtype`. */
export const nx_action_unknown = action('nx_action_unknown', [
  u16('type', { fixed: OFPAT.VENDOR, enum: ofpActionType }), len('len'), u32('vendor', { fixed: NX_VENDOR_ID }),
  u16('subtype', { enum: nxActionSubtype }), rest('body'),
]);

export const nx_action = union('nx_action', 'subtype', [
  nx_action_resubmit, nx_action_resubmit_table, nx_action_set_tunnel, nx_action_set_tunnel64, nx_action_set_queue,
  nx_action_pop_queue, nx_action_reg_move, nx_action_reg_load, nx_action_note, nx_action_output_reg, nx_action_exit,
  nx_action_dec_ttl, nx_action_fin_timeout, nx_action_controller, nx_action_write_metadata, nx_action_push_mpls,
  nx_action_pop_mpls, nx_action_set_mpls_ttl, nx_action_dec_mpls_ttl, nx_action_set_mpls_label, nx_action_set_mpls_tc,
], { fallback: nx_action_unknown, when: NX_VENDOR_ID });

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
