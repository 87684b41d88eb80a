/**
 * The unicast paths forwarding has installed, so that the flows of a path
 * can be taken out again when a link it uses fails, when either host moves
 * or goes, or when a switch on it goes down. One record per (source MAC,
 * destination MAC) pair holds every switch that got a flow for the pair
 * (a packet that overtakes its own flows and comes up again from a later
 * switch adds to the same record) and every link those flows send over.
 */
export interface PathRecord {
  readonly key: string;
  readonly src: number;
  readonly dst: number;
  /** Switches holding a flow for this pair. */
  readonly switches: Set<bigint>;
  /** linkKey of each link the flows output to. */
  readonly links: Set<string>;
}

export class PathTable {
  private readonly byKey = new Map<string, PathRecord>();
  private readonly byLink = new Map<string, Set<PathRecord>>();
  private readonly byMac = new Map<number, Set<PathRecord>>();
  private readonly bySwitch = new Map<bigint, Set<PathRecord>>();

  get size(): number {
    return this.byKey.size;
  }

  find(src: number, dst: number): PathRecord | undefined {
    return this.byKey.get(`${src}>${dst}`);
  }

  /** The record of (src, dst), created when absent. */
  record(src: number, dst: number): PathRecord {
    const key = `${src}>${dst}`;
    let r = this.byKey.get(key);
    if (r === undefined) {
      r = { key, src, dst, switches: new Set(), links: new Set() };
      this.byKey.set(key, r);
      add(this.byMac, src, r);
      add(this.byMac, dst, r);
    }
    return r;
  }

  addSwitch(r: PathRecord, dpid: bigint): void {
    r.switches.add(dpid);
    add(this.bySwitch, dpid, r);
  }

  addLink(r: PathRecord, link: string): void {
    r.links.add(link);
    add(this.byLink, link, r);
  }

  usingLink(link: string): PathRecord[] {
    return [...(this.byLink.get(link) ?? [])];
  }
  withMac(mac: number): PathRecord[] {
    return [...(this.byMac.get(mac) ?? [])];
  }
  through(dpid: bigint): PathRecord[] {
    return [...(this.bySwitch.get(dpid) ?? [])];
  }

  delete(r: PathRecord): boolean {
    if (this.byKey.get(r.key) !== r) return false;
    this.byKey.delete(r.key);
    remove(this.byMac, r.src, r);
    remove(this.byMac, r.dst, r);
    for (const l of r.links) remove(this.byLink, l, r);
    for (const d of r.switches) remove(this.bySwitch, d, r);
    return true;
  }
}

function add<K>(m: Map<K, Set<PathRecord>>, k: K, r: PathRecord): void {
  let s = m.get(k);
  if (s === undefined) m.set(k, (s = new Set()));
  s.add(r);
}
function remove<K>(m: Map<K, Set<PathRecord>>, k: K, r: PathRecord): void {
  const s = m.get(k);
  if (s === undefined) return;
  s.delete(r);
  if (s.size === 0) m.delete(k);
}
