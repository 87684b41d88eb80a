/**
 * `struct ofp_table_features` and its properties (1.3 section A.3.5.5).
 * Each property is a TLV whose length excludes its padding to 8 bytes.
 */
import { align, len, list, pad, rest, str, struct, u16, u32, u64, u8, union } from '../schema/define.js';
import type { Def, Member, StructDef } from '../schema/types.js';
import { ofp_action_id } from './actions.js';
import { OFPTFPT, ofpTableFeaturePropType } from './enums.js';
import { ofp_instruction_id } from './instructions.js';
import { ofp_oxm_id } from './oxm.js';

function head(type: number): Member[] {
  return [u16('type', { fixed: type, enum: ofpTableFeaturePropType }), len('length')];
}
function prop(name: string, type: number, member: string, of: Def | ReturnType<typeof u8>): StructDef {
  return struct(name, [...head(type), list(member, of), align(8)]);
}

export const ofp_table_feature_prop_instructions = prop('ofp_table_feature_prop_instructions', OFPTFPT.INSTRUCTIONS, 'instruction_ids', ofp_instruction_id);
export const ofp_table_feature_prop_instructions_miss = prop('ofp_table_feature_prop_instructions_miss', OFPTFPT.INSTRUCTIONS_MISS, 'instruction_ids', ofp_instruction_id);
export const ofp_table_feature_prop_next_tables = prop('ofp_table_feature_prop_next_tables', OFPTFPT.NEXT_TABLES, 'next_table_ids', u8('table_id'));
export const ofp_table_feature_prop_next_tables_miss = prop('ofp_table_feature_prop_next_tables_miss', OFPTFPT.NEXT_TABLES_MISS, 'next_table_ids', u8('table_id'));
export const ofp_table_feature_prop_write_actions = prop('ofp_table_feature_prop_write_actions', OFPTFPT.WRITE_ACTIONS, 'action_ids', ofp_action_id);
export const ofp_table_feature_prop_write_actions_miss = prop('ofp_table_feature_prop_write_actions_miss', OFPTFPT.WRITE_ACTIONS_MISS, 'action_ids', ofp_action_id);
export const ofp_table_feature_prop_apply_actions = prop('ofp_table_feature_prop_apply_actions', OFPTFPT.APPLY_ACTIONS, 'action_ids', ofp_action_id);
export const ofp_table_feature_prop_apply_actions_miss = prop('ofp_table_feature_prop_apply_actions_miss', OFPTFPT.APPLY_ACTIONS_MISS, 'action_ids', ofp_action_id);
export const ofp_table_feature_prop_match = prop('ofp_table_feature_prop_match', OFPTFPT.MATCH, 'oxm_ids', ofp_oxm_id);
export const ofp_table_feature_prop_wildcards = prop('ofp_table_feature_prop_wildcards', OFPTFPT.WILDCARDS, 'oxm_ids', ofp_oxm_id);
export const ofp_table_feature_prop_write_setfield = prop('ofp_table_feature_prop_write_setfield', OFPTFPT.WRITE_SETFIELD, 'oxm_ids', ofp_oxm_id);
export const ofp_table_feature_prop_write_setfield_miss = prop('ofp_table_feature_prop_write_setfield_miss', OFPTFPT.WRITE_SETFIELD_MISS, 'oxm_ids', ofp_oxm_id);
export const ofp_table_feature_prop_apply_setfield = prop('ofp_table_feature_prop_apply_setfield', OFPTFPT.APPLY_SETFIELD, 'oxm_ids', ofp_oxm_id);
export const ofp_table_feature_prop_apply_setfield_miss = prop('ofp_table_feature_prop_apply_setfield_miss', OFPTFPT.APPLY_SETFIELD_MISS, 'oxm_ids', ofp_oxm_id);
export const ofp_table_feature_prop_experimenter = struct('ofp_table_feature_prop_experimenter', [
  ...head(OFPTFPT.EXPERIMENTER), u32('experimenter'), u32('exp_type'), rest('experimenter_data'), align(8),
]);
export const ofp_table_feature_prop_experimenter_miss = struct('ofp_table_feature_prop_experimenter_miss', [
  ...head(OFPTFPT.EXPERIMENTER_MISS), u32('experimenter'), u32('exp_type'), rest('experimenter_data'), align(8),
]);
export const ofp_table_feature_prop_unknown = struct('ofp_table_feature_prop_unknown', [
  u16('type', { enum: ofpTableFeaturePropType }), len('length'), rest('body'), align(8),
]);

export const ofp_table_feature_prop = union('ofp_table_feature_prop', 'type', [
  ofp_table_feature_prop_instructions, ofp_table_feature_prop_instructions_miss, ofp_table_feature_prop_next_tables,
  ofp_table_feature_prop_next_tables_miss, ofp_table_feature_prop_write_actions,
  ofp_table_feature_prop_write_actions_miss, ofp_table_feature_prop_apply_actions,
  ofp_table_feature_prop_apply_actions_miss, ofp_table_feature_prop_match, ofp_table_feature_prop_wildcards,
  ofp_table_feature_prop_write_setfield, ofp_table_feature_prop_write_setfield_miss,
  ofp_table_feature_prop_apply_setfield, ofp_table_feature_prop_apply_setfield_miss,
  ofp_table_feature_prop_experimenter, ofp_table_feature_prop_experimenter_miss,
], { fallback: ofp_table_feature_prop_unknown });

/** `struct ofp_table_features` (64 bytes before its properties). */
export const ofp_table_features = struct('ofp_table_features', [
  len('length'), u8('table_id'), pad(5), str('name', 32), u64('metadata_match'), u64('metadata_write'),
  u32('config'), u32('max_entries'), list('properties', ofp_table_feature_prop),
]);
