/** OpenFlow 1.0 codes (openflow-1.0 spec, section 5). */
import { enumOf } from '../schema/define.js';

export const OFP10_VERSION = 0x01;

export const OFPT = {
  HELLO: 0, ERROR: 1, ECHO_REQUEST: 2, ECHO_REPLY: 3, VENDOR: 4, FEATURES_REQUEST: 5, FEATURES_REPLY: 6,
  GET_CONFIG_REQUEST: 7, GET_CONFIG_REPLY: 8, SET_CONFIG: 9, PACKET_IN: 10, FLOW_REMOVED: 11, PORT_STATUS: 12,
  PACKET_OUT: 13, FLOW_MOD: 14, PORT_MOD: 15, STATS_REQUEST: 16, STATS_REPLY: 17, BARRIER_REQUEST: 18,
  BARRIER_REPLY: 19, QUEUE_GET_CONFIG_REQUEST: 20, QUEUE_GET_CONFIG_REPLY: 21,
} as const;
export const ofpType = enumOf('ofp_type', Object.fromEntries(Object.entries(OFPT).map(([k, v]) => [`OFPT_${k}`, v])));

export const OFPAT = {
  OUTPUT: 0, SET_VLAN_VID: 1, SET_VLAN_PCP: 2, STRIP_VLAN: 3, SET_DL_SRC: 4, SET_DL_DST: 5, SET_NW_SRC: 6,
  SET_NW_DST: 7, SET_NW_TOS: 8, SET_TP_SRC: 9, SET_TP_DST: 10, ENQUEUE: 11, VENDOR: 0xffff,
} as const;
export const ofpActionType = enumOf('ofp_action_type', Object.fromEntries(Object.entries(OFPAT).map(([k, v]) => [`OFPAT_${k}`, v])));
