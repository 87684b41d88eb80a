/**
 * Actions (`struct ofp_action_*`, 1.3 section A.2.5): a union on `type`.
 * Unknown action types decode to an opaque `{ type, len, body }` that
 * re-encodes byte-exact; Nicira experimenter actions are named, others keep
 * their experimenter id and bytes.
 */
import { align, len, list, pad, rest, struct, sub, u16, u32, u8, union } from '../schema/define.js';
import { OFPAT15, ofpActionType15 } from '../of14/enums.js';
import { nxActions } from '../nicira/actions.js';
import { ofpPort as ofpPort10 } from '../of10/enums.js';
import type { Member, StructDef } from '../schema/types.js';
import { OFPAT, ofpActionType, ofpGroup, ofpPort } from './enums.js';
import { ofp_oxm_id, ofp_oxm_set_field } from './oxm.js';

function head(type: number): Member[] {
  return [u16('type', { fixed: type, enum: ofpActionType }), len('len')];
}

export const ofp_action_output = struct('ofp_action_output', [...head(OFPAT.OUTPUT), u32('port', { enum: ofpPort }), u16('max_len'), pad(6)]);

/** Actions with no argument: `struct ofp_action_generic` (type, len, pad[4]). */
function generic(name: string, type: number): StructDef {
  return struct(name, [...head(type), pad(4)]);
}
export const ofp_action_copy_ttl_out = generic('ofp_action_copy_ttl_out', OFPAT.COPY_TTL_OUT);
export const ofp_action_copy_ttl_in = generic('ofp_action_copy_ttl_in', OFPAT.COPY_TTL_IN);
export const ofp_action_dec_mpls_ttl = generic('ofp_action_dec_mpls_ttl', OFPAT.DEC_MPLS_TTL);
export const ofp_action_pop_vlan = generic('ofp_action_pop_vlan', OFPAT.POP_VLAN);
export const ofp_action_dec_nw_ttl = generic('ofp_action_dec_nw_ttl', OFPAT.DEC_NW_TTL);
export const ofp_action_pop_pbb = generic('ofp_action_pop_pbb', OFPAT.POP_PBB);

export const ofp_action_mpls_ttl = struct('ofp_action_mpls_ttl', [...head(OFPAT.SET_MPLS_TTL), u8('mpls_ttl'), pad(3)]);

/** `struct ofp_action_push` (push VLAN / MPLS / PBB): ethertype + pad. */
function push(name: string, type: number): StructDef {
  return struct(name, [...head(type), u16('ethertype'), pad(2)]);
}
export const ofp_action_push_vlan = push('ofp_action_push_vlan', OFPAT.PUSH_VLAN);
export const ofp_action_push_mpls = push('ofp_action_push_mpls', OFPAT.PUSH_MPLS);
export const ofp_action_push_pbb = push('ofp_action_push_pbb', OFPAT.PUSH_PBB);
export const ofp_action_pop_mpls = struct('ofp_action_pop_mpls', [...head(OFPAT.POP_MPLS), u16('ethertype'), pad(2)]);

export const ofp_action_set_queue = struct('ofp_action_set_queue', [...head(OFPAT.SET_QUEUE), u32('queue_id')]);
export const ofp_action_group = struct('ofp_action_group', [...head(OFPAT.GROUP), u32('group_id', { enum: ofpGroup })]);
export const ofp_action_nw_ttl = struct('ofp_action_nw_ttl', [...head(OFPAT.SET_NW_TTL), u8('nw_ttl'), pad(3)]);

/** Set-field: one OXM TLV, then padding to 8 bytes that `len` counts. */
export const ofp_action_set_field = struct('ofp_action_set_field', [...head(OFPAT.SET_FIELD), sub('field', ofp_oxm_set_field)]);

/**
 * New in 1.5, kept in the one action union (a 1.3 peer never sends them; they
 * decode by name whatever the version). COPY_FIELD: copy n_bits from the
 * field of the first OXM id to the second; `len` counts the padding to 8.
 */
export const ofp_action_copy_field = struct('ofp_action_copy_field', [
  u16('type', { fixed: OFPAT15.COPY_FIELD, enum: ofpActionType15 }), len('len'), u16('n_bits'), u16('src_offset'),
  u16('dst_offset'), pad(2), list('oxm_ids', ofp_oxm_id, 2), align(8, true),
]);
export const ofp_action_meter = struct('ofp_action_meter', [
  u16('type', { fixed: OFPAT15.METER, enum: ofpActionType15 }), len('len'), u32('meter_id'),
]);

export const ofp_action_experimenter_header = struct('ofp_action_experimenter_header', [
  ...head(OFPAT.EXPERIMENTER), u32('experimenter'), rest('body'),
]);

/** Nicira actions as Open vSwitch sends them in 1.3-1.5 (the 1.0 layouts: codec/nicira/actions.ts). */
const NX = nxActions({ typeEnum: ofpActionType, idField: 'experimenter', portEnum: ofpPort10, actions: () => ofp_action });
export const nx_action = NX.union;
/** Experimenter actions by experimenter id: Nicira's named, any other kept as its bytes. */
export const ofp_action_experimenter = union('ofp_action_experimenter', 'experimenter', [nx_action], {
  fallback: ofp_action_experimenter_header, when: OFPAT.EXPERIMENTER,
});

/** Any action type this codec does not describe: kept as bytes. */
export const ofp_action_unknown = struct('ofp_action_unknown', [u16('type', { enum: ofpActionType }), len('len'), rest('body')]);

export const ofp_action = union('ofp_action', 'type', [
  ofp_action_output, ofp_action_copy_ttl_out, ofp_action_copy_ttl_in, ofp_action_mpls_ttl, ofp_action_dec_mpls_ttl,
  ofp_action_push_vlan, ofp_action_pop_vlan, ofp_action_push_mpls, ofp_action_pop_mpls, ofp_action_set_queue,
  ofp_action_group, ofp_action_nw_ttl, ofp_action_dec_nw_ttl, ofp_action_set_field, ofp_action_push_pbb,
  ofp_action_pop_pbb, ofp_action_copy_field, ofp_action_meter, ofp_action_experimenter,
], { fallback: ofp_action_unknown });

/** An action header as listed in table-features properties (type, len, experimenter data if any). */
export const ofp_action_id = struct('ofp_action_id', [u16('type', { enum: ofpActionType }), len('len'), rest('body')]);
