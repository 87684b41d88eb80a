/**
 * The protocol names the app API uses, all taken from the codec's enums (no
 * numbers are written here): wire versions, version-neutral reserved ports
 * (the 32-bit 1.3 numbers; writers map them to 1.0's 16-bit forms),
 * FLOW_MOD commands and flags, PORT_STATUS reasons.
 */
import { OFP10_VERSION, OFPFC, OFPFF, OFPPR, OFP_NO_BUFFER } from '../codec/of10/enums.js';
import { OFP13_VERSION } from '../codec/of13/enums.js';
import { OFP14_VERSION, OFP15_VERSION } from '../codec/of14/enums.js';
import { OFPP32 } from '../codec/views/ports.js';

export const OFP10 = OFP10_VERSION;
export const OFP13 = OFP13_VERSION;
export const OFP14 = OFP14_VERSION;
export const OFP15 = OFP15_VERSION;
/** Wire versions the controller speaks. */
export const SPOKEN_VERSIONS: readonly number[] = [OFP10, OFP13, OFP14, OFP15];

export const PORT_MAX = OFPP32.MAX;
export const PORT_IN_PORT = OFPP32.IN_PORT;
export const PORT_TABLE = OFPP32.TABLE;
export const PORT_NORMAL = OFPP32.NORMAL;
export const PORT_FLOOD = OFPP32.FLOOD;
export const PORT_ALL = OFPP32.ALL;
export const PORT_CONTROLLER = OFPP32.CONTROLLER;
export const PORT_LOCAL = OFPP32.LOCAL;
export const PORT_ANY = OFPP32.ANY;
export const NO_BUFFER = OFP_NO_BUFFER;
/** OFPCML_NO_BUFFER: an output to the controller sends the whole packet (max_len 0xffff). */
export const MAX_LEN_NO_BUFFER = 0xffff;

export const FLOW_ADD = OFPFC.ADD;
export const FLOW_MODIFY = OFPFC.MODIFY;
export const FLOW_MODIFY_STRICT = OFPFC.MODIFY_STRICT;
export const FLOW_DELETE = OFPFC.DELETE;
export const FLOW_DELETE_STRICT = OFPFC.DELETE_STRICT;
/** OFPFF_SEND_FLOW_REM (bit 0 in both versions). */
export const FLOW_SEND_FLOW_REM = OFPFF.SEND_FLOW_REM;

export const OFPPR_ADD = OFPPR.ADD;
export const OFPPR_DELETE = OFPPR.DELETE;
export const OFPPR_MODIFY = OFPPR.MODIFY;

const LABELS: Readonly<Record<number, string>> = { [OFP10]: '1.0', 2: '1.1', 3: '1.2', [OFP13]: '1.3', [OFP14]: '1.4', [OFP15]: '1.5' };
/** '1.0' ... '1.5', or the wire byte in hex. */
export function versionLabel(wire: number): string {
  return LABELS[wire] ?? `0x${wire.toString(16).padStart(2, '0')}`;
}
/** A wire version from '1.0'/'1.3'/'1.4'/'1.5' or a number; NaN when neither. */
export function versionFromLabel(v: number | string): number {
  if (typeof v === 'number') return v;
  for (const [w, l] of Object.entries(LABELS)) if (l === v) return Number(w);
  return Number(v);
}
