/**
 * OpenFlow 1.0 codes and constants (OpenFlow Switch Specification 1.0.0,
 * section 5). Named sets that a field decodes through are EnumDefs; flag
 * words and masks are plain numeric constants.
 */
import { enumOf } from '../schema/define.js';
import type { EnumDef } from '../schema/types.js';

export const OFP10_VERSION = 0x01;

/** Build an EnumDef whose names are `PREFIX` + key. */
function prefixed(name: string, prefix: string, codes: Record<string, number>): EnumDef {
  return enumOf(name, Object.fromEntries(Object.entries(codes).map(([k, v]) => [`${prefix}${k}`, v])));
}

// ---- message types -------------------------------------------------------
export const OFPT = {
  HELLO: 0, ERROR: 1, ECHO_REQUEST: 2, ECHO_REPLY: 3, VENDOR: 4, FEATURES_REQUEST: 5, FEATURES_REPLY: 6,
  GET_CONFIG_REQUEST: 7, GET_CONFIG_REPLY: 8, SET_CONFIG: 9, PACKET_IN: 10, FLOW_REMOVED: 11, PORT_STATUS: 12,
  PACKET_OUT: 13, FLOW_MOD: 14, PORT_MOD: 15, STATS_REQUEST: 16, STATS_REPLY: 17, BARRIER_REQUEST: 18,
  BARRIER_REPLY: 19, QUEUE_GET_CONFIG_REQUEST: 20, QUEUE_GET_CONFIG_REPLY: 21,
} as const;
export const ofpType = prefixed('ofp_type', 'OFPT_', OFPT);

// ---- ports ----------------------------------------------------------------
/** Highest number of a physical port. */
export const OFPP_MAX = 0xff00;
/** Special (fake) port numbers. */
export const OFPP = {
  IN_PORT: 0xfff8, TABLE: 0xfff9, NORMAL: 0xfffa, FLOOD: 0xfffb, ALL: 0xfffc, CONTROLLER: 0xfffd, LOCAL: 0xfffe,
  NONE: 0xffff,
} as const;
export const ofpPort = prefixed('ofp_port', 'OFPP_', OFPP);

export const OFPPC = {
  PORT_DOWN: 1 << 0, NO_STP: 1 << 1, NO_RECV: 1 << 2, NO_RECV_STP: 1 << 3, NO_FLOOD: 1 << 4, NO_FWD: 1 << 5,
  NO_PACKET_IN: 1 << 6,
} as const;
export const OFPPS = {
  LINK_DOWN: 1 << 0, STP_LISTEN: 0 << 8, STP_LEARN: 1 << 8, STP_FORWARD: 2 << 8, STP_BLOCK: 3 << 8,
  STP_MASK: 3 << 8,
} as const;
export const OFPPF = {
  '10MB_HD': 1 << 0, '10MB_FD': 1 << 1, '100MB_HD': 1 << 2, '100MB_FD': 1 << 3, '1GB_HD': 1 << 4, '1GB_FD': 1 << 5,
  '10GB_FD': 1 << 6, COPPER: 1 << 7, FIBER: 1 << 8, AUTONEG: 1 << 9, PAUSE: 1 << 10, PAUSE_ASYM: 1 << 11,
} as const;
export const OFP_MAX_PORT_NAME_LEN = 16;
export const OFP_ETH_ALEN = 6;

export const OFPPR = { ADD: 0, DELETE: 1, MODIFY: 2 } as const;
export const ofpPortReason = prefixed('ofp_port_reason', 'OFPPR_', OFPPR);

// ---- switch features / config -------------------------------------------------
export const OFPC = {
  FLOW_STATS: 1 << 0, TABLE_STATS: 1 << 1, PORT_STATS: 1 << 2, STP: 1 << 3, RESERVED: 1 << 4, IP_REASM: 1 << 5,
  QUEUE_STATS: 1 << 6, ARP_MATCH_IP: 1 << 7,
} as const;
export const OFPC_FRAG = { NORMAL: 0, DROP: 1, REASM: 2, MASK: 3 } as const;
export const OFP_DEFAULT_MISS_SEND_LEN = 128;

// ---- buffers, flows ---------------------------------------------------------
/** buffer_id meaning "no buffered packet". */
export const OFP_NO_BUFFER = 0xffffffff;
export const OFP_FLOW_PERMANENT = 0;
export const OFP_DEFAULT_PRIORITY = 0x8000;
export const OFP_VLAN_NONE = 0xffff;
export const OFP_DL_TYPE_ETH2_CUTOFF = 0x0600;
export const OFP_DL_TYPE_NOT_ETH_TYPE = 0x05ff;

/** ofp_flow_wildcards, including the CIDR-style nw_src/nw_dst bit counts. */
export const OFPFW = {
  IN_PORT: 1 << 0, DL_VLAN: 1 << 1, DL_SRC: 1 << 2, DL_DST: 1 << 3, DL_TYPE: 1 << 4, NW_PROTO: 1 << 5,
  TP_SRC: 1 << 6, TP_DST: 1 << 7,
  NW_SRC_SHIFT: 8, NW_SRC_BITS: 6, NW_SRC_MASK: ((1 << 6) - 1) << 8, NW_SRC_ALL: 32 << 8,
  NW_DST_SHIFT: 14, NW_DST_BITS: 6, NW_DST_MASK: ((1 << 6) - 1) << 14, NW_DST_ALL: 32 << 14,
  DL_VLAN_PCP: 1 << 20, NW_TOS: 1 << 21, ALL: (1 << 22) - 1,
} as const;

/** Number of wildcarded low bits of nw_src (0 = exact, >= 32 = any). */
export function nwSrcWildBits(wildcards: number): number {
  return (wildcards & OFPFW.NW_SRC_MASK) >>> OFPFW.NW_SRC_SHIFT;
}
/** Number of wildcarded low bits of nw_dst (0 = exact, >= 32 = any). */
export function nwDstWildBits(wildcards: number): number {
  return (wildcards & OFPFW.NW_DST_MASK) >>> OFPFW.NW_DST_SHIFT;
}

export const OFPFC = { ADD: 0, MODIFY: 1, MODIFY_STRICT: 2, DELETE: 3, DELETE_STRICT: 4 } as const;
export const ofpFlowModCommand = prefixed('ofp_flow_mod_command', 'OFPFC_', OFPFC);
export const OFPFF = { SEND_FLOW_REM: 1 << 0, CHECK_OVERLAP: 1 << 1, EMERG: 1 << 2 } as const;

export const OFPR = { NO_MATCH: 0, ACTION: 1 } as const;
export const ofpPacketInReason = prefixed('ofp_packet_in_reason', 'OFPR_', OFPR);

export const OFPRR = { IDLE_TIMEOUT: 0, HARD_TIMEOUT: 1, DELETE: 2 } as const;
export const ofpFlowRemovedReason = prefixed('ofp_flow_removed_reason', 'OFPRR_', OFPRR);

// ---- actions ----------------------------------------------------------------
export const OFPAT = {
  OUTPUT: 0, SET_VLAN_VID: 1, SET_VLAN_PCP: 2, STRIP_VLAN: 3, SET_DL_SRC: 4, SET_DL_DST: 5, SET_NW_SRC: 6,
  SET_NW_DST: 7, SET_NW_TOS: 8, SET_TP_SRC: 9, SET_TP_DST: 10, ENQUEUE: 11, VENDOR: 0xffff,
} as const;
export const ofpActionType = prefixed('ofp_action_type', 'OFPAT_', OFPAT);

/** Vendor (experimenter) ids seen in OpenFlow 1.0 traffic. */
export const NX_VENDOR_ID = 0x00002320;

/** Nicira extension action subtypes (one table for every version: codec/nicira/actions.ts). */
export { NXAST, nxActionSubtype } from '../nicira/enums.js';
import { nxActionSubtype } from '../nicira/enums.js';

// ---- stats -----------------------------------------------------------------------
/** Stats types; PORT_DESC (13) is Open vSwitch's extension to 1.0 (the 1.3 multipart number). */
export const OFPST = { DESC: 0, FLOW: 1, AGGREGATE: 2, TABLE: 3, PORT: 4, QUEUE: 5, PORT_DESC: 13, VENDOR: 0xffff } as const;
export const ofpStatsType = prefixed('ofp_stats_types', 'OFPST_', OFPST);
export const OFPSF_REPLY_MORE = 1 << 0;
export const DESC_STR_LEN = 256;
export const SERIAL_NUM_LEN = 32;
export const OFP_MAX_TABLE_NAME_LEN = 32;
/** table_id meaning "all tables" (flow/aggregate stats requests). */
export const OFPTT_ALL = 0xff;
export const OFPTT_EMERG = 0xfe;

// ---- queues ---------------------------------------------------------------------
export const OFPQ_ALL = 0xffffffff;
export const OFPQT = { NONE: 0, MIN_RATE: 1 } as const;
export const ofpQueueProperties = prefixed('ofp_queue_properties', 'OFPQT_', OFPQT);

// ---- errors ---------------------------------------------------------------------
export const OFPET = {
  HELLO_FAILED: 0, BAD_REQUEST: 1, BAD_ACTION: 2, FLOW_MOD_FAILED: 3, PORT_MOD_FAILED: 4, QUEUE_OP_FAILED: 5,
} as const;
export const ofpErrorType = prefixed('ofp_error_type', 'OFPET_', OFPET);

export const OFPHFC = { INCOMPATIBLE: 0, EPERM: 1 } as const;
export const OFPBRC = {
  BAD_VERSION: 0, BAD_TYPE: 1, BAD_STAT: 2, BAD_VENDOR: 3, BAD_SUBTYPE: 4, EPERM: 5, BAD_LEN: 6, BUFFER_EMPTY: 7,
  BUFFER_UNKNOWN: 8,
} as const;
export const OFPBAC = {
  BAD_TYPE: 0, BAD_LEN: 1, BAD_VENDOR: 2, BAD_VENDOR_TYPE: 3, BAD_OUT_PORT: 4, BAD_ARGUMENT: 5, EPERM: 6,
  TOO_MANY: 7, BAD_QUEUE: 8,
} as const;
export const OFPFMFC = {
  ALL_TABLES_FULL: 0, OVERLAP: 1, EPERM: 2, BAD_EMERG_TIMEOUT: 3, BAD_COMMAND: 4, UNSUPPORTED: 5,
} as const;
export const OFPPMFC = { BAD_PORT: 0, BAD_HW_ADDR: 1 } as const;
export const OFPQOFC = { BAD_PORT: 0, BAD_QUEUE: 1, EPERM: 2 } as const;

export const ofpHelloFailedCode = prefixed('ofp_hello_failed_code', 'OFPHFC_', OFPHFC);
export const ofpBadRequestCode = prefixed('ofp_bad_request_code', 'OFPBRC_', OFPBRC);
export const ofpBadActionCode = prefixed('ofp_bad_action_code', 'OFPBAC_', OFPBAC);
export const ofpFlowModFailedCode = prefixed('ofp_flow_mod_failed_code', 'OFPFMFC_', OFPFMFC);
export const ofpPortModFailedCode = prefixed('ofp_port_mod_failed_code', 'OFPPMFC_', OFPPMFC);
export const ofpQueueOpFailedCode = prefixed('ofp_queue_op_failed_code', 'OFPQOFC_', OFPQOFC);

/** Error `code` enum for each error `type`. */
export const errorCodeEnums: ReadonlyMap<number, EnumDef> = new Map([
  [OFPET.HELLO_FAILED, ofpHelloFailedCode],
  [OFPET.BAD_REQUEST, ofpBadRequestCode],
  [OFPET.BAD_ACTION, ofpBadActionCode],
  [OFPET.FLOW_MOD_FAILED, ofpFlowModFailedCode],
  [OFPET.PORT_MOD_FAILED, ofpPortModFailedCode],
  [OFPET.QUEUE_OP_FAILED, ofpQueueOpFailedCode],
]);

/** Every EnumDef of the version, by name. */
export const enums: Readonly<Record<string, EnumDef>> = Object.fromEntries(
  [
    ofpType, ofpPort, ofpPortReason, ofpFlowModCommand, ofpPacketInReason, ofpFlowRemovedReason, ofpActionType,
    nxActionSubtype, ofpStatsType, ofpQueueProperties, ofpErrorType, ofpHelloFailedCode, ofpBadRequestCode,
    ofpBadActionCode, ofpFlowModFailedCode, ofpPortModFailedCode, ofpQueueOpFailedCode,
  ].map((e) => [e.name, e]),
);
