/**
 * Host tracking: each unicast MAC seen as a source at an edge port (a port
 * with no link on it), with its attachment point (dpid, port). A MAC seen at
 * another edge port has moved. Kept in a Map keyed by the 48-bit MAC number.
 */
import { macToString } from '../flow-mod.js';

export interface Host {
  /** 48-bit MAC number (macKey). */
  readonly mac: number;
  /** aa:bb:cc:dd:ee:ff */
  readonly macString: string;
  dpid: bigint;
  port: number;
  /** ms (Date.now()) when first seen, and last seen (at this attachment point or another). */
  readonly since: number;
  lastSeen: number;
}

export type HostChange = { kind: 'none' } | { kind: 'added'; host: Host } | { kind: 'moved'; host: Host; from: { dpid: bigint; port: number } };

const NONE: HostChange = { kind: 'none' };

export class HostTable {
  private readonly byMac = new Map<number, Host>();

  get size(): number {
    return this.byMac.size;
  }
  get(mac: number): Host | undefined {
    return this.byMac.get(mac);
  }
  all(): IterableIterator<Host> {
    return this.byMac.values();
  }

  /** `mac` was seen at (dpid, port) at `now`: no change (the common case allocates nothing), added, or moved. */
  see(mac: number, dpid: bigint, port: number, now: number): HostChange {
    const h = this.byMac.get(mac);
    if (h !== undefined) {
      h.lastSeen = now;
      if (h.dpid === dpid && h.port === port) return NONE;
      const from = { dpid: h.dpid, port: h.port };
      h.dpid = dpid;
      h.port = port;
      return { kind: 'moved', host: h, from };
    }
    const host: Host = { mac, macString: macToString(mac), dpid, port, since: now, lastSeen: now };
    this.byMac.set(mac, host);
    return { kind: 'added', host };
  }

  delete(h: Host): boolean {
    if (this.byMac.get(h.mac) !== h) return false;
    this.byMac.delete(h.mac);
    return true;
  }

  /** Hosts attached at (dpid, port), or anywhere on dpid when port is undefined. */
  at(dpid: bigint, port?: number): Host[] {
    const out: Host[] = [];
    for (const h of this.byMac.values()) if (h.dpid === dpid && (port === undefined || h.port === port)) out.push(h);
    return out;
  }

  olderThan(cutoff: number): Host[] {
    const out: Host[] = [];
    for (const h of this.byMac.values()) if (h.lastSeen < cutoff) out.push(h);
    return out;
  }
}
