/**
 * Version-neutral port numbers. OpenFlow 1.3's 32-bit numbers are the
 * neutral form; 1.0's reserved 16-bit numbers (OFPP_MAX 0xff00 and up) map
 * to the 1.3 ones with the same name (OFPP_FLOOD 0xfffb <-> 0xfffffffb,
 * OFPP_NONE 0xffff <-> OFPP_ANY 0xffffffff). Checked against both versions'
 * enums at load.
 */
import { OFPP as OFPP10, OFPP_MAX as OFPP10_MAX } from '../of10/enums.js';
import { OFPP as OFPP13 } from '../of13/enums.js';

/** The neutral (1.3) reserved port numbers: MAX, IN_PORT, TABLE, NORMAL, FLOOD, ALL, CONTROLLER, LOCAL, ANY. */
export const OFPP32 = OFPP13;
const HIGH = 0xffff0000;

/** A 1.0 port number in neutral (32-bit) form. */
export function port10To32(p: number): number {
  return p >= OFPP10_MAX ? (p | HIGH) >>> 0 : p;
}
/** A neutral (32-bit) port number in 1.0 form (reserved numbers to their 16-bit forms; physical ports unchanged). */
export function port32To10(p: number): number {
  return p >= OFPP13.MAX ? p & 0xffff : p;
}

for (const [name, v] of Object.entries(OFPP10)) {
  const n13 = name === 'NONE' ? OFPP13.ANY : (OFPP13 as Record<string, number>)[name];
  if (n13 === undefined || port10To32(v) !== n13 || port32To10(n13) !== v) throw new Error(`views: reserved port ${name} does not map between 1.0 and 1.3`);
}
if (port10To32(OFPP10_MAX) !== OFPP13.MAX) throw new Error('views: OFPP_MAX does not map between 1.0 and 1.3');
