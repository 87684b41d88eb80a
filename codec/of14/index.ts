/**
 * OpenFlow 1.4 (wire 0x05): the 1.3 structs whose layout did not change,
 * and the 1.4 ones (messages.ts, multipart.ts) where it did.
 */
import type { VersionSchema } from '../message.js';
import { mergeEnums, union } from '../schema/define.js';
import type { EnumDef, StructDef, UnionDef } from '../schema/types.js';
import * as s13 from '../of13/schema.js';
import { enums as enums13 } from '../of13/enums.js';
import * as m from './messages.js';
import * as mp from './multipart.js';
import * as e from './enums.js';

const E = e.OFPMP14;
const hdr = e.ofpType14;

/** 1.4 multipart bodies: [name, code, request, reply]. */
export const MULTIPART14: readonly mp.MultipartEntry[] = [
  ['desc', E.DESC, 'none', { one: s13.ofp_desc }],
  ['flow', E.FLOW, { one: s13.ofp_flow_stats_request }, { many: mp.ofp_flow_stats }],
  ['aggregate', E.AGGREGATE, { one: s13.ofp_aggregate_stats_request }, { one: s13.ofp_aggregate_stats_reply }],
  ['table', E.TABLE, 'none', { many: s13.ofp_table_stats }],
  ['port_stats', E.PORT_STATS, { one: s13.ofp_port_stats_request }, { many: mp.ofp_port_stats }],
  ['queue_stats', E.QUEUE_STATS, { one: s13.ofp_queue_stats_request }, { many: mp.ofp_queue_stats }],
  ['group', E.GROUP, { one: s13.ofp_group_stats_request }, { many: s13.ofp_group_stats }],
  ['group_desc', E.GROUP_DESC, 'none', { many: s13.ofp_group_desc }],
  ['group_features', E.GROUP_FEATURES, 'none', { one: s13.ofp_group_features }],
  ['meter', E.METER, { one: s13.ofp_meter_multipart_request }, { many: s13.ofp_meter_stats }],
  ['meter_config', E.METER_CONFIG, { one: s13.ofp_meter_multipart_request }, { many: s13.ofp_meter_config }],
  ['meter_features', E.METER_FEATURES, 'none', { one: s13.ofp_meter_features }],
  ['table_features', E.TABLE_FEATURES, { many: s13.ofp_table_features }, { many: s13.ofp_table_features }],
  ['port_desc', E.PORT_DESC, 'none', { many: m.ofp_port }],
  ['table_desc', E.TABLE_DESC, 'none', { many: m.ofp_table_desc }],
  ['queue_desc', E.QUEUE_DESC, { one: mp.ofp_queue_desc_request }, { many: mp.ofp_queue_desc }],
  ['flow_monitor', E.FLOW_MONITOR, { many: mp.ofp_flow_monitor_request }, { many: mp.ofp_flow_update }],
  ['experimenter', E.EXPERIMENTER, { one: s13.ofp_experimenter_multipart_request }, { one: s13.ofp_experimenter_multipart_reply }],
];

const multipart = mp.multipartUnions(MULTIPART14, e.ofpMultipartType14, hdr);
const errors = m.errorMessages(e.ofpErrorType14, e.errorCodeEnums(5), hdr);

/** The 1.4 messages shared with 1.5 as they are (1.5 replaces some: see of15). */
export const messages14: readonly (StructDef | UnionDef)[] = [
  s13.ofp_hello, errors.union, s13.ofp_echo_request, s13.ofp_echo_reply, s13.ofp_experimenter,
  s13.ofp_features_request, s13.ofp_switch_features, s13.ofp_get_config_request, s13.ofp_get_config_reply,
  s13.ofp_set_config, m.ofp_packet_in, s13.ofp_flow_removed, m.ofp_port_status, s13.ofp_packet_out, m.ofp_flow_mod,
  s13.ofp_group_mod, m.ofp_port_mod, m.ofp_table_mod, multipart.request, multipart.reply, s13.ofp_barrier_request,
  s13.ofp_barrier_reply, s13.ofp_role_request, s13.ofp_role_reply, s13.ofp_get_async_request, m.ofp_get_async_reply,
  m.ofp_set_async, s13.ofp_meter_mod, m.ofp_role_status, m.ofp_table_status, m.ofp_requestforward,
  m.ofp_bundle_ctrl_msg, m.ofp_bundle_add_msg,
];

export const message = union('ofp14_message', 'type', messages14);

function defsOf(...mods: Record<string, unknown>[]): Record<string, StructDef | UnionDef> {
  const out: Record<string, StructDef | UnionDef> = {};
  for (const mod of mods) {
    for (const [k, v] of Object.entries(mod)) {
      if (typeof v === 'object' && v !== null && 'kind' in v && (v.kind === 'struct' || v.kind === 'union')) out[k] = v as StructDef | UnionDef;
    }
  }
  return out;
}

export { defsOf };

/** OpenFlow 1.4 (wire version 0x05). */
export const of14: VersionSchema = {
  wire: e.OFP14_VERSION, label: '1.4', message,
  defs: { ...defsOf(s13, m, mp), ofp_error_msg: errors.error, ofp_error: errors.union, ...multipart.variants, message },
  enums: versionEnums(5),
};

/** Every enum of 1.4 (5) or 1.5 (6) by spec name: 1.3's, then the version's own where they differ. */
export function versionEnums(wire: 5 | 6): Record<string, EnumDef> {
  const own = Object.values(e).filter((x): x is EnumDef => typeof x === 'object' && x !== null && 'byValue' in x);
  const merged: Record<string, EnumDef> = { ...enums13 };
  // A table that only adds codes (1.5 action types) joins 1.3's of the same name.
  for (const x of own) merged[x.name] = merged[x.name] ? mergeEnums([merged[x.name]!, x]) : x;
  return {
    ...merged,
    ofp_type: wire === 5 ? e.ofpType14 : e.ofpType15,
    ofp_multipart_type: wire === 5 ? e.ofpMultipartType14 : e.ofpMultipartType15,
    ofp_error_type: e.ofpErrorType14,
    ...Object.fromEntries([...e.errorCodeEnums(wire).values()].map((x) => [x.name, x])),
  };
}
