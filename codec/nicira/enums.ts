/**
 * Nicira action subtypes, in a module of their own (no imports but the
 * schema builders) so every version's enum table can name them without an
 * import cycle through the action definitions.
 */
import { enumOf } from '../schema/define.js';

/** Nicira action subtypes (NXAST_*). */
export const NXAST = {
  RESUBMIT: 1, SET_TUNNEL: 2, SET_QUEUE: 4, POP_QUEUE: 5, REG_MOVE: 6, REG_LOAD: 7, NOTE: 8, SET_TUNNEL64: 9,
  MULTIPATH: 10, BUNDLE: 12, BUNDLE_LOAD: 13, RESUBMIT_TABLE: 14, OUTPUT_REG: 15, LEARN: 16, EXIT: 17, DEC_TTL: 18,
  FIN_TIMEOUT: 19, CONTROLLER: 20, DEC_TTL_CNT_IDS: 21, WRITE_METADATA: 22, PUSH_MPLS: 23, POP_MPLS: 24,
  SET_MPLS_TTL: 25, DEC_MPLS_TTL: 26, STACK_PUSH: 27, STACK_POP: 28, SAMPLE: 29, SET_MPLS_LABEL: 30,
  SET_MPLS_TC: 31, OUTPUT_REG2: 32, REG_LOAD2: 33, CONJUNCTION: 34, CT: 35, NAT: 36, CONTROLLER2: 37, SAMPLE2: 38,
  OUTPUT_TRUNC: 39, GROUP: 40, SAMPLE3: 41, CLONE: 42, CT_CLEAR: 43, RESUBMIT_TABLE_CT: 44, LEARN2: 45, ENCAP: 46,
  DECAP: 47, DEC_NSH_TTL: 48, CHECK_PKT_LARGER: 49, DELETE_FIELD: 50, DEBUG_SLOW: 254, DEBUG_RECIRC: 255,
} as const;
export const nxActionSubtype = enumOf('nx_action_subtype', Object.fromEntries(Object.entries(NXAST).map(([k, v]) => [`NXAST_${k}`, v])));

