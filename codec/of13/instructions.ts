/**
 * Instructions (`struct ofp_instruction_*`, 1.3 section A.2.4): a union on
 * `type`; unknown types decode to an opaque `{ type, len, body }`.
 */
import { len, list, pad, rest, struct, u16, u32, u64, u8, union } from '../schema/define.js';
import type { Member, StructDef } from '../schema/types.js';
import { ofp_action } from './actions.js';
import { OFPIT, ofpInstructionType } from './enums.js';

function head(type: number): Member[] {
  return [u16('type', { fixed: type, enum: ofpInstructionType }), len('len')];
}

export const ofp_instruction_goto_table = struct('ofp_instruction_goto_table', [...head(OFPIT.GOTO_TABLE), u8('table_id'), pad(3)]);
export const ofp_instruction_write_metadata = struct('ofp_instruction_write_metadata', [
  ...head(OFPIT.WRITE_METADATA), pad(4), u64('metadata'), u64('metadata_mask'),
]);

/** `struct ofp_instruction_actions`, once per instruction type that carries actions. */
function actions(name: string, type: number): StructDef {
  return struct(name, [...head(type), pad(4), list('actions', ofp_action)]);
}
export const ofp_instruction_write_actions = actions('ofp_instruction_write_actions', OFPIT.WRITE_ACTIONS);
export const ofp_instruction_apply_actions = actions('ofp_instruction_apply_actions', OFPIT.APPLY_ACTIONS);
export const ofp_instruction_clear_actions = actions('ofp_instruction_clear_actions', OFPIT.CLEAR_ACTIONS);

export const ofp_instruction_meter = struct('ofp_instruction_meter', [...head(OFPIT.METER), u32('meter_id')]);
export const ofp_instruction_experimenter = struct('ofp_instruction_experimenter', [
  ...head(OFPIT.EXPERIMENTER), u32('experimenter'), rest('body'),
]);
export const ofp_instruction_unknown = struct('ofp_instruction_unknown', [
  u16('type', { enum: ofpInstructionType }), len('len'), rest('body'),
]);

export const ofp_instruction = union('ofp_instruction', 'type', [
  ofp_instruction_goto_table, ofp_instruction_write_metadata, ofp_instruction_write_actions,
  ofp_instruction_apply_actions, ofp_instruction_clear_actions, ofp_instruction_meter, ofp_instruction_experimenter,
], { fallback: ofp_instruction_unknown });

/** An instruction header as listed in table-features properties. */
export const ofp_instruction_id = struct('ofp_instruction_id', [
  u16('type', { enum: ofpInstructionType }), len('len'), rest('body'),
]);
