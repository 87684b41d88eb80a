/**
 * The topology service: an app (name 'topology') built on the public app API
 * only. It finds the links between switches with LLDP, tracks where hosts
 * are attached, and tells other apps about changes (events) or the whole
 * picture (snapshot). Find it from another app with
 * `ctl.app<Topology>('topology')`.
 *
 * Discovery: at switch up, when a port is added or comes up, and then every
 * `lldpInterval` seconds, one LLDP probe (lldp.ts) is sent out of every port
 * with a PACKET_OUT. A probe that comes back in a PACKET_IN from another
 * switch is a directed link (sender dpid, port) -> (receiver dpid, in_port).
 * On OpenFlow 1.3 a flow (eth_type 0x88cc -> CONTROLLER, priority
 * `lldpPriority`) makes sure probes reach us whatever other apps install; on
 * 1.0 the switch sends table misses to the controller by itself, and the
 * flows our apps install never match LLDP's group destination. A link goes
 * when either port is deleted or goes down, when either switch goes down, or
 * when no probe crossed it for `linkTimeout` seconds' worth of probe rounds
 * (counted in rounds actually sent, so a controller that stalls for a while
 * does not drop every link when it wakes up). The first probe of a
 * link also probes its far end back at once, so both directions are known
 * within milliseconds of the second switch connecting.
 *
 * Ports: a port with a link at either end is a link port; a port probed at
 * least `settle` seconds ago with no link is an edge port; before that it is
 * pending (we cannot yet tell a host from another switch behind it).
 *
 * Hosts: the source MAC of any non-LLDP packet that enters at an edge port
 * (unicast sources only). Seen at another edge port, the host has moved. A
 * host goes with its port or switch, when its port turns out to be a link
 * port, or (with `hostTimeout` > 0) when it has been silent that long.
 *
 * Cost: the service sees every PACKET_IN (it must, for LLDP and hosts): one
 * ethertype compare, and for non-LLDP packets a port classification and one
 * Map lookup of the source MAC. It is not loaded with the default learning
 * switch; only apps that need it (forwarding) bring it.
 */
import { randomBytes } from 'node:crypto';
import type { App, AppOptions, ControllerApi, PacketIn, PortInfo, Switch } from '../app.js';
import type { Logger } from '../log.js';
import { FlowMod } from '../flow-mod.js';
import { NO_BUFFER, OFP13, OFPPR_DELETE, PORT_CONTROLLER, PORT_LOCAL, PORT_MAX, MAX_LEN_NO_BUFFER } from '../protocol.js';
import { dpidHex } from '../registry.js';
import { buildLldp, LLDP_ETHERTYPE, parseLldp } from './lldp.js';
import { type Link, LinkGraph, type PortRef } from './graph.js';
import { type Host, HostTable } from './hosts.js';
import { Emitter, type HostRemovedReason, type LinkDownReason, type TopologyEvent, type TopologyEvents } from './events.js';

export interface TopologyOptions {
  /** Seconds between LLDP probe rounds (default 1). */
  lldpInterval?: number;
  /** Seconds without a probe before a link is dropped (default 3.5 intervals). */
  linkTimeout?: number;
  /** Seconds after its first probe before a port with no link counts as an edge port (default 1 interval). */
  settle?: number;
  /** Seconds of silence before a host is forgotten (default 0: only when its port or switch goes). */
  hostTimeout?: number;
  /** Priority of the 1.3 flow that sends LLDP to the controller (default 0xffff). */
  lldpPriority?: number;
}

export type PortKind = 'link' | 'edge' | 'pending' | 'down' | 'unknown';

/** What `snapshot()` returns: plain JSON-friendly values (dpids as 16 hex digits, MACs as text). */
export interface TopologySnapshot {
  switches: Array<{ dpid: string; version: number; ports: Array<{ port: number; name: string; hwAddr: string; kind: PortKind }> }>;
  links: Array<{ src: { dpid: string; port: number }; dst: { dpid: string; port: number }; since: number; lastSeen: number }>;
  hosts: Array<{ mac: string; dpid: string; port: number; since: number; lastSeen: number }>;
}

interface SwitchState {
  readonly sw: Switch;
  /** When each port was first probed since it (last) came up. */
  readonly probed: Map<number, number>;
}

/** Counters for tests, logs and curiosity. */
export class TopologyStats {
  probesSent = 0;
  lldpReceived = 0;
  /** LLDP frames that are not well-formed, or not of our format. */
  badLldp = 0;
  /** Well-formed probes of another controller instance, or from a switch we do not control. */
  foreignLldp = 0;
  hostsLearned = 0;
}

export class Topology implements App {
  readonly name = 'topology';
  readonly graph = new LinkGraph();
  readonly hosts = new HostTable();
  readonly stats = new TopologyStats();
  /** This controller instance's id in its probes (16 hex digits). */
  readonly instance = randomBytes(8).toString('hex');
  readonly intervalMs: number;
  readonly linkTimeoutMs: number;
  /** Probe rounds a link may miss before it is dropped (linkTimeout / lldpInterval, rounded up). */
  readonly missRounds: number;
  readonly settleMs: number;
  readonly hostTimeoutMs: number;
  readonly lldpPriority: number;
  private readonly switches = new Map<bigint, SwitchState>();
  private readonly emitter: Emitter;
  private logger: Logger | null = null;
  private timer: NodeJS.Timeout | null = null;
  private readonly one: number[] = [0];
  private started = false;
  /** Probe rounds sent so far. */
  private round = 0;

  constructor(opts: TopologyOptions = {}) {
    const interval = opts.lldpInterval ?? 1;
    if (!(interval > 0)) throw new RangeError(`topology: lldpInterval must be > 0 seconds (got ${interval})`);
    this.intervalMs = interval * 1000;
    this.linkTimeoutMs = (opts.linkTimeout ?? interval * 3.5) * 1000;
    if (!(this.linkTimeoutMs > this.intervalMs)) throw new RangeError('topology: linkTimeout must be longer than lldpInterval');
    this.missRounds = Math.ceil(this.linkTimeoutMs / this.intervalMs);
    this.settleMs = (opts.settle ?? interval) * 1000;
    this.hostTimeoutMs = (opts.hostTimeout ?? 0) * 1000;
    this.lldpPriority = opts.lldpPriority ?? 0xffff;
    this.emitter = new Emitter(() => this.logger);
  }

  /** True once start() ran (apps that need the service check it is registered before them). */
  get isStarted(): boolean {
    return this.started;
  }

  /** Subscribe to an event; returns the unsubscribe function. */
  on<K extends TopologyEvent>(event: K, listener: TopologyEvents[K]): () => void {
    return this.emitter.on(event, listener);
  }

  start(ctl: ControllerApi): void {
    this.logger = ctl.logger;
    this.started = true;
    this.timer = setInterval(() => this.tick(), this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }

  // ------------------------------------------------------------------ queries

  /** The host with this 48-bit MAC number, if known. */
  host(mac: number): Host | undefined {
    return this.hosts.get(mac);
  }

  /** Links (directed) now known. */
  links(): Link[] {
    return [...this.graph.all()];
  }

  /** Shortest path of links from switch `from` to switch `to` ([] when equal, null when unreachable). */
  path(from: bigint, to: bigint): Link[] | null {
    return this.graph.path(from, to);
  }

  /** What (dpid, port) is now: a link port, an edge port, pending classification, down, or unknown. */
  portKind(dpid: bigint, port: number, now = Date.now()): PortKind {
    const st = this.switches.get(dpid);
    if (st === undefined) return 'unknown';
    const info = st.sw.ports.get(port);
    if (info === undefined) return 'unknown';
    if (info.down) return 'down';
    if (this.graph.isLinkPort(dpid, port)) return 'link';
    const at = st.probed.get(port);
    return at !== undefined && now - at >= this.settleMs ? 'edge' : 'pending';
  }

  /**
   * The ports a broadcast that entered `sw` at `inPort` may leave by: the
   * switch's spanning-tree ports and edge ports, never `inPort`, written to
   * out[0..n). Returns n, or -1 when such a packet must be dropped: it came
   * in on a link port outside the tree (it is a copy going round a loop) or
   * on a port not classified yet.
   */
  floodPorts(sw: Switch, inPort: number, out: number[]): number {
    const now = Date.now();
    const tree = this.graph.treePorts(sw.dpid);
    const kind = this.portKind(sw.dpid, inPort, now);
    if (kind === 'pending' || (kind === 'link' && !tree.has(inPort))) return -1;
    let n = 0;
    for (const p of sw.ports.keys()) {
      if (p === inPort || !isReal(p)) continue;
      const k = this.portKind(sw.dpid, p, now);
      if (k === 'edge' || (k === 'link' && tree.has(p))) out[n++] = p;
    }
    return n;
  }

  snapshot(): TopologySnapshot {
    const now = Date.now();
    const ref = (r: PortRef) => ({ dpid: dpidHex(r.dpid), port: r.port });
    return {
      switches: [...this.switches.values()].map(({ sw }) => ({
        dpid: sw.dpidHex,
        version: sw.version,
        ports: [...sw.ports.values()].filter((p) => isReal(p.portNo)).map((p) => ({ port: p.portNo, name: p.name, hwAddr: p.hwAddr, kind: this.portKind(sw.dpid, p.portNo, now) })),
      })),
      links: this.links().map((l) => ({ src: ref(l.src), dst: ref(l.dst), since: l.since, lastSeen: l.lastSeen })),
      hosts: [...this.hosts.all()].map((h) => ({ mac: h.macString, dpid: dpidHex(h.dpid), port: h.port, since: h.since, lastSeen: h.lastSeen })),
    };
  }

  // ------------------------------------------------------------------ app handlers

  switchUp(sw: Switch): void {
    const st: SwitchState = { sw, probed: new Map() };
    this.switches.set(sw.dpid, st);
    if (sw.version >= OFP13) { // 1.3, 1.4, 1.5: nothing reaches the controller without a flow
      const fm = new FlowMod();
      fm.priority = this.lldpPriority;
      fm.match.ethType = LLDP_ETHERTYPE;
      fm.maxLen = MAX_LEN_NO_BUFFER;
      fm.output(PORT_CONTROLLER);
      sw.flowMod(fm);
    }
    this.emitter.emit('switchUp', sw);
    const now = Date.now();
    for (const p of sw.ports.values()) this.probe(st, p, now);
  }

  switchDown(sw: Switch, reason: string): void {
    const st = this.switches.get(sw.dpid);
    if (st === undefined || st.sw !== sw) return; // an older connection of a datapath that has reconnected
    for (const l of this.graph.atSwitch(sw.dpid)) this.dropLink(l, 'switch-down');
    for (const h of this.hosts.at(sw.dpid)) this.dropHost(h, 'switch-down');
    this.switches.delete(sw.dpid);
    this.emitter.emit('switchDown', sw, reason);
  }

  portStatus(sw: Switch, reason: number, port: PortInfo): void {
    const st = this.switches.get(sw.dpid);
    if (st === undefined || st.sw !== sw) return;
    if (reason === OFPPR_DELETE || port.down) {
      const why = reason === OFPPR_DELETE ? 'port-deleted' : 'port-down';
      st.probed.delete(port.portNo);
      for (const l of this.graph.atPort(sw.dpid, port.portNo)) this.dropLink(l, why);
      for (const h of this.hosts.at(sw.dpid, port.portNo)) this.dropHost(h, why);
      return;
    }
    if (!st.probed.has(port.portNo)) this.probe(st, port, Date.now());
  }

  packetIn(sw: Switch, pi: PacketIn): boolean {
    const ethType = pi.ethType;
    if (ethType === LLDP_ETHERTYPE) {
      this.onLldp(sw, pi);
      return true; // probes are ours: no other app should learn from or forward them
    }
    if (ethType < 0) return false;
    const srcHi = pi.ethSrcHi;
    if ((srcHi & 0x010000) !== 0) return false; // group source address: not a host
    const inPort = pi.inPort32;
    const now = Date.now();
    if (this.portKind(sw.dpid, inPort, now) !== 'edge') return false;
    const change = this.hosts.see(srcHi * 0x1000000 + pi.ethSrcLo, sw.dpid, inPort, now);
    if (change.kind === 'added') {
      this.stats.hostsLearned++;
      this.logger?.info('host added', { mac: change.host.macString, dpid: sw.dpidHex, port: inPort, hosts: this.hosts.size });
      this.emitter.emit('hostAdded', change.host);
    } else if (change.kind === 'moved') {
      this.logger?.info('host moved', { mac: change.host.macString, dpid: sw.dpidHex, port: inPort, fromDpid: dpidHex(change.from.dpid), fromPort: change.from.port });
      this.emitter.emit('hostMoved', change.host, change.from);
    }
    return false;
  }

  // ------------------------------------------------------------------ internals

  private onLldp(sw: Switch, pi: PacketIn): void {
    this.stats.lldpReceived++;
    const r = parseLldp(pi.buf, pi.dataOffset, pi.dataLength);
    if (!r.ok) {
      this.stats.badLldp++;
      if (this.stats.badLldp <= 10 || this.stats.badLldp % 1000 === 0) {
        this.logger?.debug('LLDP frame ignored', { dpid: sw.dpidHex, port: pi.inPort32, error: r.error, count: this.stats.badLldp });
      }
      return;
    }
    const p = r.probe;
    const from = this.switches.get(p.dpid);
    if (p.instance !== this.instance || from === undefined || !from.sw.ports.has(p.port)) {
      this.stats.foreignLldp++;
      return;
    }
    const dst = { dpid: sw.dpid, port: pi.inPort32 };
    if (p.dpid === dst.dpid && p.port === dst.port) return; // a port looped onto itself: not a link
    const now = Date.now();
    const { link: added, added: isNew, replaced } = this.graph.observe({ dpid: p.dpid, port: p.port }, dst, now, this.round);
    for (const l of replaced) this.linkGone(l, 'replaced');
    if (!isNew) return;
    // hosts learnt at either end were copies of packets from the other switch
    for (const end of [added.src, added.dst]) for (const h of this.hosts.at(end.dpid, end.port)) this.dropHost(h, 'link-port');
    this.logger?.info('link up', { src: dpidHex(added.src.dpid), srcPort: added.src.port, dst: dpidHex(added.dst.dpid), dstPort: added.dst.port, links: this.graph.size });
    this.emitter.emit('linkUp', added);
    // learn the way back now rather than at the next round
    if (this.graph.from(dst.dpid, dst.port) === undefined) {
      const st = this.switches.get(dst.dpid);
      const info = st?.sw.ports.get(dst.port);
      if (st !== undefined && info !== undefined) this.probe(st, info, now);
    }
  }

  private probe(st: SwitchState, port: PortInfo, now: number): void {
    if (!isReal(port.portNo) || port.down) return;
    if (!st.probed.has(port.portNo)) st.probed.set(port.portNo, now);
    const frame = buildLldp(st.sw.dpid, port.portNo, macBytes(port.hwAddr), this.instance, this.linkTimeoutMs / 1000);
    this.one[0] = port.portNo;
    st.sw.packetOut(NO_BUFFER, PORT_CONTROLLER, this.one, 1, frame, 0, frame.length);
    this.stats.probesSent++;
  }

  private tick(): void {
    const now = Date.now();
    // expire first: probes of the round about to go out cannot have come back yet
    for (const l of this.graph.notSeenSince(this.round - this.missRounds + 1)) this.dropLink(l, 'timeout');
    this.round++;
    for (const st of this.switches.values()) {
      if (!st.sw.up) continue;
      for (const p of st.sw.ports.values()) this.probe(st, p, now);
    }
    if (this.hostTimeoutMs > 0) for (const h of this.hosts.olderThan(now - this.hostTimeoutMs)) this.dropHost(h, 'timeout');
  }

  private dropLink(l: Link, reason: LinkDownReason): void {
    if (this.graph.remove(l)) this.linkGone(l, reason);
  }

  private linkGone(l: Link, reason: LinkDownReason): void {
    this.logger?.info('link down', { src: dpidHex(l.src.dpid), srcPort: l.src.port, dst: dpidHex(l.dst.dpid), dstPort: l.dst.port, reason, links: this.graph.size });
    this.emitter.emit('linkDown', l, reason);
  }

  private dropHost(h: Host, reason: HostRemovedReason): void {
    if (!this.hosts.delete(h)) return;
    this.logger?.info('host removed', { mac: h.macString, dpid: dpidHex(h.dpid), port: h.port, reason, hosts: this.hosts.size });
    this.emitter.emit('hostRemoved', h, reason);
  }
}

/**
 * A port packets can really leave by: a numbered port, or LOCAL (the
 * bridge's own interface, which OFPP_FLOOD includes too); not the other
 * reserved ports.
 */
function isReal(port: number): boolean {
  return port <= PORT_MAX || port === PORT_LOCAL;
}

/** `aa:bb:cc:dd:ee:ff` to 6 bytes (zeros when malformed: the probe is still useful, only its source MAC is odd). */
function macBytes(mac: string): Buffer {
  const hex = mac.replace(/:/g, '');
  return /^[0-9a-fA-F]{12}$/.test(hex) ? Buffer.from(hex, 'hex') : Buffer.alloc(6);
}

/** Factory used by `--app topology`. */
export default function createTopology(opts: Partial<AppOptions> = {}): Topology {
  const num = (v: unknown) => (typeof v === 'number' ? v : undefined);
  const o: TopologyOptions = {};
  const iv = num(opts['lldpInterval']);
  const lt = num(opts['linkTimeout']);
  if (iv !== undefined) o.lldpInterval = iv;
  if (lt !== undefined) o.linkTimeout = lt;
  return new Topology(o);
}
