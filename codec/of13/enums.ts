/**
 * OpenFlow 1.3 codes (spec 1.3.x, section 7 and appendix A). Every table is a
 * plain `NAME: code` record; `enumOf` turns it into the decode/encode map with
 * the spec prefix (`OFPT_`, `OFPAT_`, ...). Unknown codes stay numbers.
 */
import { enumOf } from '../schema/define.js';
import type { EnumDef } from '../schema/types.js';
import { nxActionSubtype } from '../nicira/enums.js';

export const OFP13_VERSION = 0x04;

function prefixed(name: string, prefix: string, codes: Record<string, number>): EnumDef {
  return enumOf(name, Object.fromEntries(Object.entries(codes).map(([k, v]) => [`${prefix}${k}`, v])));
}

export const OFPT = {
  HELLO: 0, ERROR: 1, ECHO_REQUEST: 2, ECHO_REPLY: 3, EXPERIMENTER: 4, FEATURES_REQUEST: 5, FEATURES_REPLY: 6,
  GET_CONFIG_REQUEST: 7, GET_CONFIG_REPLY: 8, SET_CONFIG: 9, PACKET_IN: 10, FLOW_REMOVED: 11, PORT_STATUS: 12,
  PACKET_OUT: 13, FLOW_MOD: 14, GROUP_MOD: 15, PORT_MOD: 16, TABLE_MOD: 17, MULTIPART_REQUEST: 18,
  MULTIPART_REPLY: 19, BARRIER_REQUEST: 20, BARRIER_REPLY: 21, QUEUE_GET_CONFIG_REQUEST: 22,
  QUEUE_GET_CONFIG_REPLY: 23, ROLE_REQUEST: 24, ROLE_REPLY: 25, GET_ASYNC_REQUEST: 26, GET_ASYNC_REPLY: 27,
  SET_ASYNC: 28, METER_MOD: 29,
} as const;
export const ofpType = prefixed('ofp_type', 'OFPT_', OFPT);

/** Reserved port numbers (`enum ofp_port_no`); ordinary ports stay numbers. */
export const OFPP = {
  MAX: 0xffffff00, IN_PORT: 0xfffffff8, TABLE: 0xfffffff9, NORMAL: 0xfffffffa, FLOOD: 0xfffffffb, ALL: 0xfffffffc,
  CONTROLLER: 0xfffffffd, LOCAL: 0xfffffffe, ANY: 0xffffffff,
} as const;
export const ofpPort = prefixed('ofp_port_no', 'OFPP_', OFPP);

/** Reserved group numbers (`enum ofp_group`). */
export const OFPG = { MAX: 0xffffff00, ALL: 0xfffffffc, ANY: 0xffffffff } as const;
export const ofpGroup = prefixed('ofp_group', 'OFPG_', OFPG);

export const OFPHET = { VERSIONBITMAP: 1 } as const;
export const ofpHelloElemType = prefixed('ofp_hello_elem_type', 'OFPHET_', OFPHET);

export const OFPMT = { STANDARD: 0, OXM: 1 } as const;
export const ofpMatchType = prefixed('ofp_match_type', 'OFPMT_', OFPMT);

export const OFPXMC = { NXM_0: 0x0000, NXM_1: 0x0001, OPENFLOW_BASIC: 0x8000, EXPERIMENTER: 0xffff } as const;
export const ofpOxmClass = prefixed('ofp_oxm_class', 'OFPXMC_', OFPXMC);

export const OFPAT = {
  OUTPUT: 0, COPY_TTL_OUT: 11, COPY_TTL_IN: 12, SET_MPLS_TTL: 15, DEC_MPLS_TTL: 16, PUSH_VLAN: 17, POP_VLAN: 18,
  PUSH_MPLS: 19, POP_MPLS: 20, SET_QUEUE: 21, GROUP: 22, SET_NW_TTL: 23, DEC_NW_TTL: 24, SET_FIELD: 25,
  PUSH_PBB: 26, POP_PBB: 27, EXPERIMENTER: 0xffff,
} as const;
export const ofpActionType = prefixed('ofp_action_type', 'OFPAT_', OFPAT);

export const OFPIT = {
  GOTO_TABLE: 1, WRITE_METADATA: 2, WRITE_ACTIONS: 3, APPLY_ACTIONS: 4, CLEAR_ACTIONS: 5, METER: 6,
  EXPERIMENTER: 0xffff,
} as const;
export const ofpInstructionType = prefixed('ofp_instruction_type', 'OFPIT_', OFPIT);

export const OFPPR = { ADD: 0, DELETE: 1, MODIFY: 2 } as const;
export const ofpPortReason = prefixed('ofp_port_reason', 'OFPPR_', OFPPR);

export const OFPR = { NO_MATCH: 0, ACTION: 1, INVALID_TTL: 2 } as const;
export const ofpPacketInReason = prefixed('ofp_packet_in_reason', 'OFPR_', OFPR);

export const OFPRR = { IDLE_TIMEOUT: 0, HARD_TIMEOUT: 1, DELETE: 2, GROUP_DELETE: 3 } as const;
export const ofpFlowRemovedReason = prefixed('ofp_flow_removed_reason', 'OFPRR_', OFPRR);

export const OFPFC = { ADD: 0, MODIFY: 1, MODIFY_STRICT: 2, DELETE: 3, DELETE_STRICT: 4 } as const;
export const ofpFlowModCommand = prefixed('ofp_flow_mod_command', 'OFPFC_', OFPFC);

export const OFPGC = { ADD: 0, MODIFY: 1, DELETE: 2 } as const;
export const ofpGroupModCommand = prefixed('ofp_group_mod_command', 'OFPGC_', OFPGC);

export const OFPGT = { ALL: 0, SELECT: 1, INDIRECT: 2, FF: 3 } as const;
export const ofpGroupType = prefixed('ofp_group_type', 'OFPGT_', OFPGT);

export const OFPMC = { ADD: 0, MODIFY: 1, DELETE: 2 } as const;
export const ofpMeterModCommand = prefixed('ofp_meter_mod_command', 'OFPMC_', OFPMC);

export const OFPMBT = { DROP: 1, DSCP_REMARK: 2, EXPERIMENTER: 0xffff } as const;
export const ofpMeterBandType = prefixed('ofp_meter_band_type', 'OFPMBT_', OFPMBT);

export const OFPCR_ROLE = { NOCHANGE: 0, EQUAL: 1, MASTER: 2, SLAVE: 3 } as const;
export const ofpControllerRole = prefixed('ofp_controller_role', 'OFPCR_ROLE_', OFPCR_ROLE);

export const OFPQT = { MIN_RATE: 1, MAX_RATE: 2, EXPERIMENTER: 0xffff } as const;
export const ofpQueueProperties = prefixed('ofp_queue_properties', 'OFPQT_', OFPQT);

export const OFPMP = {
  DESC: 0, FLOW: 1, AGGREGATE: 2, TABLE: 3, PORT_STATS: 4, QUEUE: 5, GROUP: 6, GROUP_DESC: 7, GROUP_FEATURES: 8,
  METER: 9, METER_CONFIG: 10, METER_FEATURES: 11, TABLE_FEATURES: 12, PORT_DESC: 13, EXPERIMENTER: 0xffff,
} as const;
export const ofpMultipartType = prefixed('ofp_multipart_type', 'OFPMP_', OFPMP);

export const OFPTFPT = {
  INSTRUCTIONS: 0, INSTRUCTIONS_MISS: 1, NEXT_TABLES: 2, NEXT_TABLES_MISS: 3, WRITE_ACTIONS: 4,
  WRITE_ACTIONS_MISS: 5, APPLY_ACTIONS: 6, APPLY_ACTIONS_MISS: 7, MATCH: 8, WILDCARDS: 10, WRITE_SETFIELD: 12,
  WRITE_SETFIELD_MISS: 13, APPLY_SETFIELD: 14, APPLY_SETFIELD_MISS: 15, EXPERIMENTER: 0xfffe,
  EXPERIMENTER_MISS: 0xffff,
} as const;
export const ofpTableFeaturePropType = prefixed('ofp_table_feature_prop_type', 'OFPTFPT_', OFPTFPT);

/** Error types (ofp_error_type) and, per type, the names of its codes. */
export const OFPET = {
  HELLO_FAILED: 0, BAD_REQUEST: 1, BAD_ACTION: 2, BAD_INSTRUCTION: 3, BAD_MATCH: 4, FLOW_MOD_FAILED: 5,
  GROUP_MOD_FAILED: 6, PORT_MOD_FAILED: 7, TABLE_MOD_FAILED: 8, QUEUE_OP_FAILED: 9, SWITCH_CONFIG_FAILED: 10,
  ROLE_REQUEST_FAILED: 11, METER_MOD_FAILED: 12, TABLE_FEATURES_FAILED: 13, EXPERIMENTER: 0xffff,
} as const;
export const ofpErrorType = prefixed('ofp_error_type', 'OFPET_', OFPET);

/** Code names in order: the position is the code. */
const ERROR_CODES: Record<Exclude<keyof typeof OFPET, 'EXPERIMENTER'>, [string, string, readonly string[]]> = {
  HELLO_FAILED: ['ofp_hello_failed_code', 'OFPHFC_', ['INCOMPATIBLE', 'EPERM']],
  BAD_REQUEST: ['ofp_bad_request_code', 'OFPBRC_', [
    'BAD_VERSION', 'BAD_TYPE', 'BAD_MULTIPART', 'BAD_EXPERIMENTER', 'BAD_EXP_TYPE', 'EPERM', 'BAD_LEN',
    'BUFFER_EMPTY', 'BUFFER_UNKNOWN', 'BAD_TABLE_ID', 'IS_SLAVE', 'BAD_PORT', 'BAD_PACKET',
    'MULTIPART_BUFFER_OVERFLOW']],
  BAD_ACTION: ['ofp_bad_action_code', 'OFPBAC_', [
    'BAD_TYPE', 'BAD_LEN', 'BAD_EXPERIMENTER', 'BAD_EXP_TYPE', 'BAD_OUT_PORT', 'BAD_ARGUMENT', 'EPERM',
    'TOO_MANY', 'BAD_QUEUE', 'BAD_OUT_GROUP', 'MATCH_INCONSISTENT', 'UNSUPPORTED_ORDER', 'BAD_TAG',
    'BAD_SET_TYPE', 'BAD_SET_LEN', 'BAD_SET_ARGUMENT']],
  BAD_INSTRUCTION: ['ofp_bad_instruction_code', 'OFPBIC_', [
    'UNKNOWN_INST', 'UNSUP_INST', 'BAD_TABLE_ID', 'UNSUP_METADATA', 'UNSUP_METADATA_MASK', 'BAD_EXPERIMENTER',
    'BAD_EXP_TYPE', 'BAD_LEN', 'EPERM']],
  BAD_MATCH: ['ofp_bad_match_code', 'OFPBMC_', [
    'BAD_TYPE', 'BAD_LEN', 'BAD_TAG', 'BAD_DL_ADDR_MASK', 'BAD_NW_ADDR_MASK', 'BAD_WILDCARDS', 'BAD_FIELD',
    'BAD_VALUE', 'BAD_MASK', 'BAD_PREREQ', 'DUP_FIELD', 'EPERM']],
  FLOW_MOD_FAILED: ['ofp_flow_mod_failed_code', 'OFPFMFC_', [
    'UNKNOWN', 'TABLE_FULL', 'BAD_TABLE_ID', 'OVERLAP', 'EPERM', 'BAD_TIMEOUT', 'BAD_COMMAND', 'BAD_FLAGS']],
  GROUP_MOD_FAILED: ['ofp_group_mod_failed_code', 'OFPGMFC_', [
    'GROUP_EXISTS', 'INVALID_GROUP', 'WEIGHT_UNSUPPORTED', 'OUT_OF_GROUPS', 'OUT_OF_BUCKETS',
    'CHAINING_UNSUPPORTED', 'WATCH_UNSUPPORTED', 'LOOP', 'UNKNOWN_GROUP', 'CHAINED_GROUP', 'BAD_TYPE',
    'BAD_COMMAND', 'BAD_BUCKET', 'BAD_WATCH', 'EPERM']],
  PORT_MOD_FAILED: ['ofp_port_mod_failed_code', 'OFPPMFC_', ['BAD_PORT', 'BAD_HW_ADDR', 'BAD_CONFIG', 'BAD_ADVERTISE', 'EPERM']],
  TABLE_MOD_FAILED: ['ofp_table_mod_failed_code', 'OFPTMFC_', ['BAD_TABLE', 'BAD_CONFIG', 'EPERM']],
  QUEUE_OP_FAILED: ['ofp_queue_op_failed_code', 'OFPQOFC_', ['BAD_PORT', 'BAD_QUEUE', 'EPERM']],
  SWITCH_CONFIG_FAILED: ['ofp_switch_config_failed_code', 'OFPSCFC_', ['BAD_FLAGS', 'BAD_LEN', 'EPERM']],
  ROLE_REQUEST_FAILED: ['ofp_role_request_failed_code', 'OFPRRFC_', ['STALE', 'UNSUP', 'BAD_ROLE']],
  METER_MOD_FAILED: ['ofp_meter_mod_failed_code', 'OFPMMFC_', [
    'UNKNOWN', 'METER_EXISTS', 'INVALID_METER', 'UNKNOWN_METER', 'BAD_COMMAND', 'BAD_FLAGS', 'BAD_RATE',
    'BAD_BURST', 'BAD_BAND', 'BAD_BAND_VALUE', 'OUT_OF_METERS', 'OUT_OF_BANDS']],
  TABLE_FEATURES_FAILED: ['ofp_table_features_failed_code', 'OFPTFFC_', [
    'BAD_TABLE', 'BAD_METADATA', 'BAD_TYPE', 'BAD_LEN', 'BAD_ARGUMENT', 'EPERM']],
};

/** Error code enum of each error type (for `enumBy`). */
export const errorCodeEnums: ReadonlyMap<number, EnumDef> = new Map(
  Object.entries(ERROR_CODES).map(([t, [name, prefix, codes]]) => [
    OFPET[t as keyof typeof OFPET],
    enumOf(name, Object.fromEntries(codes.map((c, i) => [`${prefix}${c}`, i]))),
  ]),
);

/** Every enum of the version, by spec name. */
export const enums: Readonly<Record<string, EnumDef>> = Object.fromEntries(
  [
    ofpType, ofpPort, ofpGroup, ofpHelloElemType, ofpMatchType, ofpOxmClass, ofpActionType, ofpInstructionType, ofpPortReason,
    ofpPacketInReason, ofpFlowRemovedReason, ofpFlowModCommand, ofpGroupModCommand, ofpGroupType,
    ofpMeterModCommand, ofpMeterBandType, ofpControllerRole, ofpQueueProperties, ofpMultipartType,
    ofpTableFeaturePropType, ofpErrorType, nxActionSubtype, ...errorCodeEnums.values(),
  ].map((e) => [e.name, e]),
);
