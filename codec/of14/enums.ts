/**
 * OpenFlow 1.4 (wire 0x05) and 1.5 (wire 0x06) codes that 1.3 does not
 * have, or has with other meanings. Codes 1.3 already names are reused from
 * of13/enums.ts; each table here says which version it belongs to.
 */
import { enumOf } from '../schema/define.js';
import type { EnumDef } from '../schema/types.js';
import { OFPT as OFPT13 } from '../of13/enums.js';

export const OFP14_VERSION = 0x05;
export const OFP15_VERSION = 0x06;

function prefixed(name: string, prefix: string, codes: Record<string, number>): EnumDef {
  return enumOf(name, Object.fromEntries(Object.entries(codes).map(([k, v]) => [`${prefix}${k}`, v])));
}

/** Message types: 1.4 drops the queue-config pair (22, 23) and adds 30-34; 1.5 adds 35. */
const { QUEUE_GET_CONFIG_REQUEST: _q1, QUEUE_GET_CONFIG_REPLY: _q2, ...OFPT_KEPT } = OFPT13;
export const OFPT14 = {
  ...OFPT_KEPT, ROLE_STATUS: 30, TABLE_STATUS: 31, REQUESTFORWARD: 32, BUNDLE_CONTROL: 33, BUNDLE_ADD_MESSAGE: 34,
} as const;
export const OFPT15 = { ...OFPT14, CONTROLLER_STATUS: 35 } as const;
export const ofpType14 = prefixed('ofp_type', 'OFPT_', OFPT14);
export const ofpType15 = prefixed('ofp_type', 'OFPT_', OFPT15);

/** Multipart types: 1.4 adds 14-16; 1.5 renames 1 (FLOW_DESC), 2-5, 9-10 and adds 17-19. */
export const OFPMP14 = {
  DESC: 0, FLOW: 1, AGGREGATE: 2, TABLE: 3, PORT_STATS: 4, QUEUE_STATS: 5, GROUP: 6, GROUP_DESC: 7,
  GROUP_FEATURES: 8, METER: 9, METER_CONFIG: 10, METER_FEATURES: 11, TABLE_FEATURES: 12, PORT_DESC: 13,
  TABLE_DESC: 14, QUEUE_DESC: 15, FLOW_MONITOR: 16, EXPERIMENTER: 0xffff,
} as const;
export const OFPMP15 = {
  DESC: 0, FLOW_DESC: 1, AGGREGATE_STATS: 2, TABLE_STATS: 3, PORT_STATS: 4, QUEUE_STATS: 5, GROUP_STATS: 6,
  GROUP_DESC: 7, GROUP_FEATURES: 8, METER_STATS: 9, METER_DESC: 10, METER_FEATURES: 11, TABLE_FEATURES: 12,
  PORT_DESC: 13, TABLE_DESC: 14, QUEUE_DESC: 15, FLOW_MONITOR: 16, FLOW_STATS: 17, CONTROLLER_STATUS: 18,
  BUNDLE_FEATURES: 19, EXPERIMENTER: 0xffff,
} as const;
export const ofpMultipartType14 = prefixed('ofp_multipart_type', 'OFPMP_', OFPMP14);
export const ofpMultipartType15 = prefixed('ofp_multipart_type', 'OFPMP_', OFPMP15);

/** Action types new in 1.5. */
export const OFPAT15 = { COPY_FIELD: 28, METER: 29 } as const;
export const ofpActionType15 = prefixed('ofp_action_type', 'OFPAT_', OFPAT15);

/** Packet-in reasons as 1.4 renamed and extended them. */
export const OFPR14 = { TABLE_MISS: 0, APPLY_ACTION: 1, INVALID_TTL: 2, ACTION_SET: 3, GROUP: 4, PACKET_OUT: 5 } as const;
export const ofpPacketInReason14 = prefixed('ofp_packet_in_reason', 'OFPR_', OFPR14);
export const OFPRR14 = { IDLE_TIMEOUT: 0, HARD_TIMEOUT: 1, DELETE: 2, GROUP_DELETE: 3, METER_DELETE: 4, EVICTION: 5 } as const;
export const ofpFlowRemovedReason14 = prefixed('ofp_flow_removed_reason', 'OFPRR_', OFPRR14);

// ---- property types -------------------------------------------------------------------
export const OFPPDPT = { ETHERNET: 0, OPTICAL: 1, PIPELINE_INPUT: 2, PIPELINE_OUTPUT: 3, RECIRCULATE: 4, EXPERIMENTER: 0xffff } as const;
export const ofpPortDescPropType = prefixed('ofp_port_desc_prop_type', 'OFPPDPT_', OFPPDPT);
export const OFPPMPT = { ETHERNET: 0, OPTICAL: 1, EXPERIMENTER: 0xffff } as const;
export const ofpPortModPropType = prefixed('ofp_port_mod_prop_type', 'OFPPMPT_', OFPPMPT);
export const OFPPSPT = { ETHERNET: 0, OPTICAL: 1, EXPERIMENTER: 0xffff } as const;
export const ofpPortStatsPropType = prefixed('ofp_port_stats_prop_type', 'OFPPSPT_', OFPPSPT);
export const OFPTMPT = { EVICTION: 2, VACANCY: 3, EXPERIMENTER: 0xffff } as const;
export const ofpTableModPropType = prefixed('ofp_table_mod_prop_type', 'OFPTMPT_', OFPTMPT);
export const OFPQDPT = { MIN_RATE: 1, MAX_RATE: 2, EXPERIMENTER: 0xffff } as const;
export const ofpQueueDescPropType = prefixed('ofp_queue_desc_prop_type', 'OFPQDPT_', OFPQDPT);
export const OFPQSPT = { EXPERIMENTER: 0xffff } as const;
export const ofpQueueStatsPropType = prefixed('ofp_queue_stats_prop_type', 'OFPQSPT_', OFPQSPT);
export const OFPRPT = { EXPERIMENTER: 0xffff } as const;
export const ofpRolePropType = prefixed('ofp_role_prop_type', 'OFPRPT_', OFPRPT);
export const OFPBPT = { TIME: 1, EXPERIMENTER: 0xffff } as const;
export const ofpBundlePropType = prefixed('ofp_bundle_prop_type', 'OFPBPT_', OFPBPT);
export const OFPACPT = {
  PACKET_IN_SLAVE: 0, PACKET_IN_MASTER: 1, PORT_STATUS_SLAVE: 2, PORT_STATUS_MASTER: 3, FLOW_REMOVED_SLAVE: 4,
  FLOW_REMOVED_MASTER: 5, ROLE_STATUS_SLAVE: 6, ROLE_STATUS_MASTER: 7, TABLE_STATUS_SLAVE: 8, TABLE_STATUS_MASTER: 9,
  REQUESTFORWARD_SLAVE: 10, REQUESTFORWARD_MASTER: 11, FLOW_STATS_SLAVE: 12, FLOW_STATS_MASTER: 13,
  CONT_STATUS_SLAVE: 14, CONT_STATUS_MASTER: 15, EXPERIMENTER_SLAVE: 0xfffe, EXPERIMENTER_MASTER: 0xffff,
} as const;
export const ofpAsyncConfigPropType = prefixed('ofp_async_config_prop_type', 'OFPACPT_', OFPACPT);
export const OFPGBPT = { WEIGHT: 0, WATCH_PORT: 1, WATCH_GROUP: 2, EXPERIMENTER: 0xffff } as const;
export const ofpGroupBucketPropType = prefixed('ofp_group_bucket_prop_type', 'OFPGBPT_', OFPGBPT);
export const OFPGPT = { EXPERIMENTER: 0xffff } as const;
export const ofpGroupPropType = prefixed('ofp_group_prop_type', 'OFPGPT_', OFPGPT);
export const OFPCSPT = { URI: 0, EXPERIMENTER: 0xffff } as const;
export const ofpControllerStatusPropType = prefixed('ofp_controller_status_prop_type', 'OFPCSPT_', OFPCSPT);
export const OFPBFPT = { TIME_CAPABILITY: 1, EXPERIMENTER: 0xffff } as const;
export const ofpBundleFeaturesPropType = prefixed('ofp_bundle_features_prop_type', 'OFPTMPBF_', OFPBFPT);

export const OFPCRR = { MASTER_REQUEST: 0, CONFIG: 1, EXPERIMENTER: 2 } as const;
export const ofpControllerRoleReason = prefixed('ofp_controller_role_reason', 'OFPCRR_', OFPCRR);
export const OFPTR = { VACANCY_DOWN: 3, VACANCY_UP: 4 } as const;
export const ofpTableReason = prefixed('ofp_table_reason', 'OFPTR_', OFPTR);
export const OFPBCT = {
  OPEN_REQUEST: 0, OPEN_REPLY: 1, CLOSE_REQUEST: 2, CLOSE_REPLY: 3, COMMIT_REQUEST: 4, COMMIT_REPLY: 5,
  DISCARD_REQUEST: 6, DISCARD_REPLY: 7,
} as const;
export const ofpBundleCtrlType = prefixed('ofp_bundle_ctrl_type', 'OFPBCT_', OFPBCT);
export const OFPRFR = { GROUP_MOD: 0, METER_MOD: 1 } as const;
export const ofpRequestforwardReason = prefixed('ofp_requestforward_reason', 'OFPRFR_', OFPRFR);
export const OFPFME = { INITIAL: 0, ADDED: 1, REMOVED: 2, MODIFIED: 3, ABBREV: 4, PAUSED: 5, RESUMED: 6 } as const;
export const ofpFlowUpdateEvent = prefixed('ofp_flow_update_event', 'OFPFME_', OFPFME);
export const OFPFMC = { ADD: 0, MODIFY: 1, DELETE: 2 } as const;
export const ofpFlowMonitorCommand = prefixed('ofp_flow_monitor_command', 'OFPFMC_', OFPFMC);
export const OFPCSR = {
  REQUEST: 0, CHANNEL_STATUS: 1, ROLE: 2, CONTROLLER_ADDED: 3, CONTROLLER_REMOVED: 4, SHORT_ID: 5, EXPERIMENTER: 6,
} as const;
export const ofpControllerStatusReason = prefixed('ofp_controller_status_reason', 'OFPCSR_', OFPCSR);
export const OFPCT = { STATUS_UP: 0, STATUS_DOWN: 1 } as const;
export const ofpControlChannelStatus = prefixed('ofp_control_channel_status', 'OFPCT_', OFPCT);
export const OFPGC15 = { ADD: 0, MODIFY: 1, DELETE: 2, INSERT_BUCKET: 3, REMOVE_BUCKET: 5 } as const;
export const ofpGroupModCommand15 = prefixed('ofp_group_mod_command', 'OFPGC_', OFPGC15);
export const OFPIT15 = { STAT_TRIGGER: 7 } as const;
export const ofpInstructionType15 = prefixed('ofp_instruction_type', 'OFPIT_', OFPIT15);
export const OFPXSC = { OPENFLOW_BASIC: 0x8002, EXPERIMENTER: 0xffff } as const;
export const ofpOxsClass = prefixed('ofp_oxs_class', 'OFPXSC_', OFPXSC);

// ---- errors -----------------------------------------------------------------------------
export const OFPET14 = {
  HELLO_FAILED: 0, BAD_REQUEST: 1, BAD_ACTION: 2, BAD_INSTRUCTION: 3, BAD_MATCH: 4, FLOW_MOD_FAILED: 5,
  GROUP_MOD_FAILED: 6, PORT_MOD_FAILED: 7, TABLE_MOD_FAILED: 8, QUEUE_OP_FAILED: 9, SWITCH_CONFIG_FAILED: 10,
  ROLE_REQUEST_FAILED: 11, METER_MOD_FAILED: 12, TABLE_FEATURES_FAILED: 13, BAD_PROPERTY: 14,
  ASYNC_CONFIG_FAILED: 15, FLOW_MONITOR_FAILED: 16, BUNDLE_FAILED: 17, EXPERIMENTER: 0xffff,
} as const;
export const ofpErrorType14 = prefixed('ofp_error_type', 'OFPET_', OFPET14);

type Codes = Record<string, number>;
/** Error codes by error type: [enum name, prefix, 1.4 codes, codes 1.5 adds]. */
const ERRORS: Record<Exclude<keyof typeof OFPET14, 'EXPERIMENTER'>, [string, string, Codes, Codes]> = {
  HELLO_FAILED: ['ofp_hello_failed_code', 'OFPHFC_', { INCOMPATIBLE: 0, EPERM: 1 }, {}],
  BAD_REQUEST: ['ofp_bad_request_code', 'OFPBRC_', {
    BAD_VERSION: 0, BAD_TYPE: 1, BAD_MULTIPART: 2, BAD_EXPERIMENTER: 3, BAD_EXP_TYPE: 4, EPERM: 5, BAD_LEN: 6,
    BUFFER_EMPTY: 7, BUFFER_UNKNOWN: 8, BAD_TABLE_ID: 9, IS_SLAVE: 10, BAD_PORT: 11, BAD_PACKET: 12,
    MULTIPART_BUFFER_OVERFLOW: 13, MULTIPART_REQUEST_TIMEOUT: 14, MULTIPART_REPLY_TIMEOUT: 15,
  }, { MULTIPART_BAD_SCHED: 16, PIPELINE_FIELDS_ONLY: 17, UNKNOWN: 18 }],
  BAD_ACTION: ['ofp_bad_action_code', 'OFPBAC_', {
    BAD_TYPE: 0, BAD_LEN: 1, BAD_EXPERIMENTER: 2, BAD_EXP_TYPE: 3, BAD_OUT_PORT: 4, BAD_ARGUMENT: 5, EPERM: 6,
    TOO_MANY: 7, BAD_QUEUE: 8, BAD_OUT_GROUP: 9, MATCH_INCONSISTENT: 10, UNSUPPORTED_ORDER: 11, BAD_TAG: 12,
    BAD_SET_TYPE: 13, BAD_SET_LEN: 14, BAD_SET_ARGUMENT: 15,
  }, { BAD_SET_MASK: 16, BAD_METER: 17 }],
  BAD_INSTRUCTION: ['ofp_bad_instruction_code', 'OFPBIC_', {
    UNKNOWN_INST: 0, UNSUP_INST: 1, BAD_TABLE_ID: 2, UNSUP_METADATA: 3, UNSUP_METADATA_MASK: 4,
    BAD_EXPERIMENTER: 5, BAD_EXP_TYPE: 6, BAD_LEN: 7, EPERM: 8, DUP_INST: 9,
  }, {}],
  BAD_MATCH: ['ofp_bad_match_code', 'OFPBMC_', {
    BAD_TYPE: 0, BAD_LEN: 1, BAD_TAG: 2, BAD_DL_ADDR_MASK: 3, BAD_NW_ADDR_MASK: 4, BAD_WILDCARDS: 5, BAD_FIELD: 6,
    BAD_VALUE: 7, BAD_MASK: 8, BAD_PREREQ: 9, DUP_FIELD: 10, EPERM: 11,
  }, {}],
  FLOW_MOD_FAILED: ['ofp_flow_mod_failed_code', 'OFPFMFC_', {
    UNKNOWN: 0, TABLE_FULL: 1, BAD_TABLE_ID: 2, OVERLAP: 3, EPERM: 4, BAD_TIMEOUT: 5, BAD_COMMAND: 6, BAD_FLAGS: 7,
    CANT_SYNC: 8, BAD_PRIORITY: 9,
  }, { IS_SYNC: 10 }],
  GROUP_MOD_FAILED: ['ofp_group_mod_failed_code', 'OFPGMFC_', {
    GROUP_EXISTS: 0, INVALID_GROUP: 1, WEIGHT_UNSUPPORTED: 2, OUT_OF_GROUPS: 3, OUT_OF_BUCKETS: 4,
    CHAINING_UNSUPPORTED: 5, WATCH_UNSUPPORTED: 6, LOOP: 7, UNKNOWN_GROUP: 8, CHAINED_GROUP: 9, BAD_TYPE: 10,
    BAD_COMMAND: 11, BAD_BUCKET: 12, BAD_WATCH: 13, EPERM: 14,
  }, { UNKNOWN_BUCKET: 15, BUCKET_EXISTS: 16 }],
  PORT_MOD_FAILED: ['ofp_port_mod_failed_code', 'OFPPMFC_', { BAD_PORT: 0, BAD_HW_ADDR: 1, BAD_CONFIG: 2, BAD_ADVERTISE: 3, EPERM: 4 }, {}],
  TABLE_MOD_FAILED: ['ofp_table_mod_failed_code', 'OFPTMFC_', { BAD_TABLE: 0, BAD_CONFIG: 1, EPERM: 2 }, {}],
  QUEUE_OP_FAILED: ['ofp_queue_op_failed_code', 'OFPQOFC_', { BAD_PORT: 0, BAD_QUEUE: 1, EPERM: 2 }, {}],
  SWITCH_CONFIG_FAILED: ['ofp_switch_config_failed_code', 'OFPSCFC_', { BAD_FLAGS: 0, BAD_LEN: 1, EPERM: 2 }, {}],
  ROLE_REQUEST_FAILED: ['ofp_role_request_failed_code', 'OFPRRFC_', { STALE: 0, UNSUP: 1, BAD_ROLE: 2 }, { ID_UNSUP: 3, ID_IN_USE: 4 }],
  METER_MOD_FAILED: ['ofp_meter_mod_failed_code', 'OFPMMFC_', {
    UNKNOWN: 0, METER_EXISTS: 1, INVALID_METER: 2, UNKNOWN_METER: 3, BAD_COMMAND: 4, BAD_FLAGS: 5, BAD_RATE: 6,
    BAD_BURST: 7, BAD_BAND: 8, BAD_BAND_VALUE: 9, OUT_OF_METERS: 10, OUT_OF_BANDS: 11,
  }, {}],
  TABLE_FEATURES_FAILED: ['ofp_table_features_failed_code', 'OFPTFFC_', { BAD_TABLE: 0, BAD_METADATA: 1, EPERM: 5 },
    { BAD_CAPA: 6, BAD_MAX_ENT: 7, BAD_FEATURES: 8, BAD_COMMAND: 9, TOO_MANY: 10 }],
  BAD_PROPERTY: ['ofp_bad_property_code', 'OFPBPC_', {
    BAD_TYPE: 0, BAD_LEN: 1, BAD_VALUE: 2, TOO_MANY: 3, DUP_TYPE: 4, BAD_EXPERIMENTER: 5, BAD_EXP_TYPE: 6,
    BAD_EXP_VALUE: 7, EPERM: 8,
  }, {}],
  ASYNC_CONFIG_FAILED: ['ofp_async_config_failed_code', 'OFPACFC_', { INVALID: 0, UNSUPPORTED: 1, EPERM: 2 }, {}],
  FLOW_MONITOR_FAILED: ['ofp_flow_monitor_failed_code', 'OFPMOFC_', {
    UNKNOWN: 0, MONITOR_EXISTS: 1, INVALID_MONITOR: 2, UNKNOWN_MONITOR: 3, BAD_COMMAND: 4, BAD_FLAGS: 5,
    BAD_TABLE_ID: 6, BAD_OUT: 7,
  }, {}],
  BUNDLE_FAILED: ['ofp_bundle_failed_code', 'OFPBFC_', {
    UNKNOWN: 0, EPERM: 1, BAD_ID: 2, BUNDLE_EXIST: 3, BUNDLE_CLOSED: 4, OUT_OF_BUNDLES: 5, BAD_TYPE: 6,
    BAD_FLAGS: 7, MSG_BAD_LEN: 8, MSG_BAD_XID: 9, MSG_UNSUP: 10, MSG_CONFLICT: 11, MSG_TOO_MANY: 12,
    MSG_FAILED: 13, TIMEOUT: 14, BUNDLE_IN_PROGRESS: 15,
  }, { SCHED_NOT_SUPPORTED: 16, SCHED_FUTURE: 17, SCHED_PAST: 18 }],
};

/** The error-code enum of each error type in 1.4 (`wire` 5) or 1.5 (6). */
export function errorCodeEnums(wire: 5 | 6): ReadonlyMap<number, EnumDef> {
  return new Map(Object.entries(ERRORS).map(([t, [name, prefix, codes, more]]) => [
    OFPET14[t as keyof typeof OFPET14],
    prefixed(name, prefix, wire === 6 ? { ...codes, ...more } : codes),
  ]));
}
