/**
 * Which live instance should be master of a switch: rendezvous (highest
 * random weight) hashing of (instance, dpid). Every instance computes the
 * same order from the same member list without talking to the others, the
 * switches spread evenly, and when an instance leaves only its own switches
 * move (each to the next instance in that switch's order).
 */
import { createHash } from 'node:crypto';

function weight(nodeId: string, dpidHex: string): bigint {
  return createHash('sha256').update(nodeId).update('\0').update(dpidHex).digest().readBigUInt64BE(0);
}

/** The members in the order they should try for `dpidHex` (first: the preferred master). */
export function preferenceOrder(members: readonly string[], dpidHex: string): string[] {
  return [...new Set(members)]
    .map((m) => ({ m, w: weight(m, dpidHex) }))
    .sort((a, b) => (a.w === b.w ? (a.m < b.m ? -1 : 1) : a.w > b.w ? -1 : 1))
    .map((x) => x.m);
}

/** This instance's place in that order (0 = preferred); members.length when it is not listed. */
export function rankOf(nodeId: string, members: readonly string[], dpidHex: string): number {
  const order = preferenceOrder(members, dpidHex);
  const i = order.indexOf(nodeId);
  return i < 0 ? order.length : i;
}
