/**
 * Connected switches keyed by datapath id. Keys are `bigint` (the full
 * 64-bit datapath id, no precision loss; `registry.get(0x1n)`); `dpidHex()`
 * gives the 16-digit hex form used in logs and by `getHex()`.
 */
import type { Switch } from './app.js';

export function dpidHex(dpid: bigint): string {
  return dpid.toString(16).padStart(16, '0');
}

export class Registry<S extends Switch = Switch> {
  private readonly byDpid = new Map<bigint, S>();

  /** The live map (read-only view). */
  get map(): ReadonlyMap<bigint, S> {
    return this.byDpid;
  }
  get size(): number {
    return this.byDpid.size;
  }
  get(dpid: bigint): S | undefined {
    return this.byDpid.get(dpid);
  }
  /** Look up by hex datapath id (with or without colons / 0x). */
  getHex(hex: string): S | undefined {
    const h = hex.replace(/^0x/i, '').replace(/:/g, '');
    if (!/^[0-9a-fA-F]{1,16}$/.test(h)) return undefined;
    return this.byDpid.get(BigInt(`0x${h}`));
  }
  has(dpid: bigint): boolean {
    return this.byDpid.has(dpid);
  }
  /** Register `sw`; returns the switch it replaces (same dpid), if any. */
  set(sw: S): S | undefined {
    const old = this.byDpid.get(sw.dpid);
    this.byDpid.set(sw.dpid, sw);
    return old === sw ? undefined : old;
  }
  /** Remove `sw` only if it is still the registered switch for its dpid. */
  delete(sw: S): boolean {
    if (this.byDpid.get(sw.dpid) !== sw) return false;
    return this.byDpid.delete(sw.dpid);
  }
  values(): IterableIterator<S> {
    return this.byDpid.values();
  }
  [Symbol.iterator](): IterableIterator<S> {
    return this.byDpid.values();
  }
}
