/**
 * The link graph: directed links between (dpid, port) pairs, as LLDP found
 * them, with what forwarding needs from it: which ports are link ports, a
 * spanning tree for flooding and shortest-path next hops. A port has at most
 * one peer (point-to-point links): a probe from a new peer replaces the old
 * link. Derived data (tree, next hops) is computed on demand and cached
 * until the graph changes.
 */
import { dpidHex } from '../registry.js';

export interface PortRef {
  readonly dpid: bigint;
  readonly port: number;
}

/** A directed link: packets out of `src` arrive at `dst`. */
export interface Link {
  readonly src: PortRef;
  readonly dst: PortRef;
  /** ms (Date.now()) when first seen. */
  readonly since: number;
  /** ms (Date.now()) of the last probe that crossed it. */
  lastSeen: number;
  /** The owner's probe round when it was last seen (see Topology: links expire by rounds missed, not by wall time). */
  lastRound: number;
}

export function portKey(dpid: bigint, port: number): string {
  return `${dpidHex(dpid)}:${port}`;
}
export function linkKey(l: { src: PortRef; dst: PortRef }): string {
  return `${portKey(l.src.dpid, l.src.port)}>${portKey(l.dst.dpid, l.dst.port)}`;
}

export class LinkGraph {
  private readonly links = new Map<string, Link>();
  /** Links leaving each (dpid, port). */
  private readonly bySrc = new Map<string, Link>();
  /** Links arriving at each (dpid, port). */
  private readonly byDst = new Map<string, Link>();
  /** Bumped on every change; derived data is cached per generation. */
  generation = 0;
  private portsGen = -1;
  private readonly linkPorts = new Map<bigint, Set<number>>();
  private treeGen = -1;
  private tree = new Map<bigint, Set<number>>();
  private hopsGen = -1;
  private readonly hopsTo = new Map<bigint, Map<bigint, Link>>();

  get size(): number {
    return this.links.size;
  }

  all(): IterableIterator<Link> {
    return this.links.values();
  }

  get(key: string): Link | undefined {
    return this.links.get(key);
  }

  /** The link leaving (dpid, port), if any. */
  from(dpid: bigint, port: number): Link | undefined {
    return this.bySrc.get(portKey(dpid, port));
  }

  /** True when (dpid, port) is either end of a link (asked per packet: no strings made, a set per switch cached per generation). */
  isLinkPort(dpid: bigint, port: number): boolean {
    if (this.portsGen !== this.generation) {
      this.linkPorts.clear();
      for (const l of this.links.values()) {
        for (const end of [l.src, l.dst]) {
          let set = this.linkPorts.get(end.dpid);
          if (set === undefined) this.linkPorts.set(end.dpid, (set = new Set()));
          set.add(end.port);
        }
      }
      this.portsGen = this.generation;
    }
    return this.linkPorts.get(dpid)?.has(port) ?? false;
  }

  /**
   * Record a probe that left `src` and arrived at `dst` at time `now`
   * during probe round `round`. Returns the link, whether it is new (a
   * known one only has its lastSeen and lastRound moved) and the links it
   * replaced (the old peers of either port).
   */
  observe(src: PortRef, dst: PortRef, now: number, round = 0): { link: Link; added: boolean; replaced: Link[] } {
    const key = linkKey({ src, dst });
    const known = this.links.get(key);
    if (known !== undefined) {
      known.lastSeen = now;
      known.lastRound = round;
      return { link: known, added: false, replaced: [] };
    }
    const replaced: Link[] = [];
    const a = this.bySrc.get(portKey(src.dpid, src.port));
    if (a !== undefined) replaced.push(a);
    const b = this.byDst.get(portKey(dst.dpid, dst.port));
    if (b !== undefined && b !== a) replaced.push(b);
    for (const l of replaced) this.remove(l);
    const link: Link = { src: { dpid: src.dpid, port: src.port }, dst: { dpid: dst.dpid, port: dst.port }, since: now, lastSeen: now, lastRound: round };
    this.links.set(key, link);
    this.bySrc.set(portKey(src.dpid, src.port), link);
    this.byDst.set(portKey(dst.dpid, dst.port), link);
    this.generation++;
    return { link, added: true, replaced };
  }

  remove(l: Link): boolean {
    const key = linkKey(l);
    if (this.links.get(key) !== l) return false;
    this.links.delete(key);
    const sk = portKey(l.src.dpid, l.src.port);
    const dk = portKey(l.dst.dpid, l.dst.port);
    if (this.bySrc.get(sk) === l) this.bySrc.delete(sk);
    if (this.byDst.get(dk) === l) this.byDst.delete(dk);
    this.generation++;
    return true;
  }

  /** Links with (dpid, port) at either end. */
  atPort(dpid: bigint, port: number): Link[] {
    const k = portKey(dpid, port);
    const out: Link[] = [];
    const a = this.bySrc.get(k);
    const b = this.byDst.get(k);
    if (a !== undefined) out.push(a);
    if (b !== undefined && b !== a) out.push(b);
    return out;
  }

  /** Links with `dpid` at either end. */
  atSwitch(dpid: bigint): Link[] {
    const out: Link[] = [];
    for (const l of this.links.values()) if (l.src.dpid === dpid || l.dst.dpid === dpid) out.push(l);
    return out;
  }

  /** Links last seen before probe round `round`. */
  notSeenSince(round: number): Link[] {
    const out: Link[] = [];
    for (const l of this.links.values()) if (l.lastRound < round) out.push(l);
    return out;
  }

  /**
   * The spanning-tree ports of `dpid`: the link ports flooding may use. The
   * tree is a breadth-first tree of the undirected graph, grown from the
   * lowest dpid of each connected part, neighbours taken in (local port)
   * order: the same graph always gives the same tree, so every switch floods
   * along one tree. A link counts only when both directions are known: a
   * link that carries probes one way only is broken the other way, and a
   * tree through it would cut off the far side.
   */
  treePorts(dpid: bigint): ReadonlySet<number> {
    if (this.treeGen !== this.generation) this.buildTree();
    return this.tree.get(dpid) ?? EMPTY;
  }

  private buildTree(): void {
    const adj = new Map<bigint, Array<{ port: number; peer: bigint; peerPort: number }>>();
    const add = (a: PortRef, b: PortRef) => {
      let list = adj.get(a.dpid);
      if (list === undefined) adj.set(a.dpid, (list = []));
      if (!list.some((e) => e.port === a.port && e.peer === b.dpid && e.peerPort === b.port)) list.push({ port: a.port, peer: b.dpid, peerPort: b.port });
    };
    // each direction of a two-way link adds its own end's adjacency
    for (const l of this.links.values()) {
      const back = this.bySrc.get(portKey(l.dst.dpid, l.dst.port));
      if (back !== undefined && back.dst.dpid === l.src.dpid && back.dst.port === l.src.port) add(l.src, l.dst);
    }
    for (const list of adj.values()) list.sort((x, y) => x.port - y.port);
    const tree = new Map<bigint, Set<number>>();
    const mark = (dpid: bigint, port: number) => {
      let s = tree.get(dpid);
      if (s === undefined) tree.set(dpid, (s = new Set()));
      s.add(port);
    };
    const seen = new Set<bigint>();
    const roots = [...adj.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    for (const root of roots) {
      if (seen.has(root)) continue;
      seen.add(root);
      const queue = [root];
      for (let i = 0; i < queue.length; i++) {
        const at = queue[i]!;
        for (const e of adj.get(at) ?? []) {
          if (seen.has(e.peer)) continue;
          seen.add(e.peer);
          mark(at, e.port);
          mark(e.peer, e.peerPort);
          queue.push(e.peer);
        }
      }
    }
    this.tree = tree;
    this.treeGen = this.generation;
  }

  /**
   * The shortest path (fewest links) from switch `from` to switch `to`, as
   * the hops that leave each switch before `to`; [] when from === to, null
   * when `to` cannot be reached. Next hops come from one breadth-first
   * search rooted at `to` (over directed links, lowest port first among
   * equals), so the path from any switch on the way is the rest of this one:
   * flows installed for different sources never disagree about a next hop.
   */
  path(from: bigint, to: bigint): Link[] | null {
    if (from === to) return [];
    const next = this.nextHops(to);
    const out: Link[] = [];
    let at = from;
    while (at !== to) {
      const l = next.get(at);
      if (l === undefined || out.length > next.size) return null;
      out.push(l);
      at = l.dst.dpid;
    }
    return out;
  }

  private nextHops(to: bigint): Map<bigint, Link> {
    if (this.hopsGen !== this.generation) {
      this.hopsTo.clear();
      this.hopsGen = this.generation;
    }
    let next = this.hopsTo.get(to);
    if (next !== undefined) return next;
    // incoming links of each switch, lowest source port first
    const into = new Map<bigint, Link[]>();
    for (const l of this.links.values()) {
      let list = into.get(l.dst.dpid);
      if (list === undefined) into.set(l.dst.dpid, (list = []));
      list.push(l);
    }
    for (const list of into.values()) list.sort((a, b) => a.src.port - b.src.port);
    next = new Map<bigint, Link>();
    const dist = new Map<bigint, number>([[to, 0]]);
    const queue = [to];
    for (let i = 0; i < queue.length; i++) {
      const at = queue[i]!;
      const d = dist.get(at)!;
      for (const l of into.get(at) ?? []) {
        const s = l.src.dpid;
        if (dist.has(s)) {
          // an equally short alternative: keep the lower port, deterministically
          const cur = next.get(s);
          if (cur !== undefined && dist.get(s) === d + 1 && l.src.port < cur.src.port) next.set(s, l);
          continue;
        }
        dist.set(s, d + 1);
        next.set(s, l);
        queue.push(s);
      }
    }
    this.hopsTo.set(to, next);
    return next;
  }
}

const EMPTY: ReadonlySet<number> = new Set();
