/**
 * Message type numbers as named constants apps import, one table per wire
 * version (taken from each version's schema enums, never restated):
 * `OFPT10.STATS_REPLY` (17), `OFPT13.MULTIPART_REPLY` (19), or the same
 * through `OFPT.v13.MULTIPART_REPLY`. The numbers differ between versions
 * (BARRIER_REPLY is 19 in 1.0, 21 in 1.3): pick the table of the switch's
 * version, or use `ofpt(version)`.
 */
import { OFPT as T10, OFP10_VERSION } from './of10/enums.js';
import { OFPT as T13, OFP13_VERSION } from './of13/enums.js';
import { OFPT14 as T14, OFPT15 as T15, OFP14_VERSION, OFP15_VERSION } from './of14/enums.js';

export const OFPT10 = T10;
export const OFPT13 = T13;
export const OFPT14 = T14;
export const OFPT15 = T15;
/** Every version's table: `OFPT.v10`, `OFPT.v13`, `OFPT.v14`, `OFPT.v15`. */
export const OFPT = { v10: T10, v13: T13, v14: T14, v15: T15 } as const;

const BY_WIRE: ReadonlyMap<number, Readonly<Record<string, number>>> = new Map<number, Readonly<Record<string, number>>>([
  [OFP10_VERSION, T10],
  [OFP13_VERSION, T13],
  [OFP14_VERSION, T14],
  [OFP15_VERSION, T15],
]);

/** The type table of a wire version (0x01, 0x04, 0x05, 0x06), or undefined. */
export function ofpt(version: number): Readonly<Record<string, number>> | undefined {
  return BY_WIRE.get(version);
}
