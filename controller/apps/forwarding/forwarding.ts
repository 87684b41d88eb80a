/**
 * Loop-safe forwarding on top of the topology service (`--app forwarding`;
 * it needs the 'topology' app before it, which `nodeflow start` adds).
 *
 * - Known unicast destination (a host the topology service has located):
 *   the shortest path from this switch to the host's switch; a FLOW_MOD on
 *   every hop, last hop first, matching in_port + eth_src + eth_dst with an
 *   output to the next link (the host's port at the last hop), idle timeout,
 *   our cookie; then the packet itself leaves by the first hop's port (by
 *   buffer_id in the first FLOW_MOD when the switch buffered it).
 * - Broadcast, multicast and unknown destinations: a PACKET_OUT to the
 *   switch's spanning-tree ports and edge ports (topology.floodPorts), never
 *   back out of in_port. A packet that comes in on a link port outside the
 *   tree is a copy going round a loop and is dropped; so is one that comes
 *   in on a port not classified yet (the first `settle` seconds after the
 *   port was first probed: it might be a link whose probe has not come back
 *   yet, and flooding from it could start a loop). Nothing is flooded with
 *   a flow: every broadcast visits the controller once per switch, so the
 *   tree in force is always the one the controller knows now.
 * - A link goes down: the flows of every path that used it are deleted on
 *   every switch of that path; the next packet comes up again and takes the
 *   new shortest path. A host moves or goes: every path to or from it goes.
 * - LLDP and the IEEE 802.1D reserved group addresses (01:80:c2:00:00:0x)
 *   are never forwarded.
 * At switch up the switch's old flows go (1.0: all of them, as the learning
 * switch does; 1.3 and later: ours, by cookie, keeping the topology
 * service's LLDP flow), and on 1.3 and later the table-miss flow is installed.
 */
import type { App, AppOptions, ControllerApi, PacketIn, Switch } from '../../app.js';
import { FlowMod } from '../../flow-mod.js';
import { FLOW_DELETE, MAX_LEN_NO_BUFFER, NO_BUFFER, OFP10, OFP13, OFP14, PORT_ANY, PORT_CONTROLLER } from '../../protocol.js';
import { Topology } from '../../topology/service.js';
import { type Link, linkKey } from '../../topology/graph.js';
import type { Host } from '../../topology/hosts.js';
import { PathTable, type PathRecord } from './paths.js';

/** The cookie of every flow forwarding installs ("nfwd"). */
export const FORWARDING_COOKIE = 0x6e667764n;

export interface ForwardingOptions {
  /** Idle timeout of installed flows, seconds (default 60). */
  idleTimeout?: number;
  /** Priority of installed flows (default 0x8000). */
  priority?: number;
}

export class ForwardingStats {
  floods = 0;
  /** Broadcasts dropped because they came in on a non-tree link port or an unclassified port. */
  floodDrops = 0;
  /** Paths installed (one per PACKET_IN routed). */
  routes = 0;
  flowsInstalled = 0;
  pathsRemoved = 0;
  /** Known destination, but no path to its switch (network partitioned): flooded instead. */
  unreachable = 0;
}

export class Forwarding implements App {
  readonly name = 'forwarding';
  readonly requires = ['topology'] as const;
  readonly idleTimeout: number;
  readonly priority: number;
  readonly paths = new PathTable();
  readonly stats = new ForwardingStats();
  private topo: Topology | null = null;
  private ctl: ControllerApi | null = null;
  private readonly fm = new FlowMod();
  private readonly del = new FlowMod();
  private readonly out: number[] = [];
  /** Scratch for one route: each hop's switch and ports. */
  private readonly hopSw: Switch[] = [];
  private readonly hopIn: number[] = [];
  private readonly hopOut: number[] = [];

  constructor(opts: ForwardingOptions = {}) {
    this.idleTimeout = opts.idleTimeout ?? 60;
    this.priority = opts.priority ?? 0x8000;
    this.fm.cookie = FORWARDING_COOKIE;
    this.del.command = FLOW_DELETE;
  }

  start(ctl: ControllerApi): void {
    const topo = ctl.app('topology');
    if (!(topo instanceof Topology)) throw new Error("forwarding needs the 'topology' app (nodeflow's Topology) registered before it");
    if (!topo.isStarted) throw new Error("forwarding: the 'topology' app must be registered before forwarding (apps start and see packets in order)");
    this.topo = topo;
    this.ctl = ctl;
    topo.on('linkDown', (l) => this.onLinkDown(l));
    topo.on('hostMoved', (h) => this.forgetHost(h));
    topo.on('hostRemoved', (h) => this.forgetHost(h));
    topo.on('switchDown', (sw) => {
      for (const r of this.paths.through(sw.dpid)) this.removePath(r);
    });
  }

  switchUp(sw: Switch): void {
    if (sw.version === OFP10) {
      sw.deleteAllFlows();
      return;
    }
    if (sw.version >= OFP13) {
      // 1.3, 1.4, 1.5 (importance: 1.4's field where 1.3 has padding; the encoder refuses it on 1.3 as an unknown field)
      sw.sendMessage({
        type: 'OFPT_FLOW_MOD', cookie: FORWARDING_COOKIE, cookie_mask: 0xffffffffffffffffn, table_id: 0xff, command: 'OFPFC_DELETE',
        idle_timeout: 0, hard_timeout: 0, priority: 0, buffer_id: NO_BUFFER, out_port: 'OFPP_ANY', out_group: 'OFPG_ANY', flags: 0,
        ...(sw.version >= OFP14 ? { importance: 0 } : {}), match: { type: 'OFPMT_OXM', oxm_fields: [] }, instructions: [],
      });
      const miss = new FlowMod();
      miss.priority = 0;
      miss.maxLen = MAX_LEN_NO_BUFFER;
      miss.output(PORT_CONTROLLER);
      sw.flowMod(miss);
    }
  }

  packetIn(sw: Switch, pi: PacketIn): void {
    const ethType = pi.ethType;
    if (ethType < 0) return;
    const dstHi = pi.ethDstHi;
    const dstLo = pi.ethDstLo;
    if (ethType === 0x88cc || (dstHi === 0x0180c2 && (dstLo & 0xfffff0) === 0)) return;
    const inPort = pi.inPort32;
    if ((dstHi & 0x010000) === 0) {
      const host = this.topo!.host(dstHi * 0x1000000 + dstLo);
      if (host !== undefined && this.route(sw, pi, inPort, host)) return;
    }
    this.flood(sw, pi, inPort);
  }

  private flood(sw: Switch, pi: PacketIn, inPort: number): void {
    const n = this.topo!.floodPorts(sw, inPort, this.out);
    if (n < 0) {
      this.stats.floodDrops++;
      return;
    }
    this.stats.floods++;
    if (n > 0) sw.packetOut(pi.bufferId, inPort, this.out, n, pi.buf, pi.dataOffset, pi.dataLength);
  }

  /** Install the path to `host` and send the packet on; false when there is none (the caller floods). */
  private route(sw: Switch, pi: PacketIn, inPort: number, host: Host): boolean {
    const links = this.topo!.path(sw.dpid, host.dpid);
    if (links === null) {
      this.stats.unreachable++;
      return false;
    }
    const switches = this.ctl!.switches;
    const n = links.length + 1;
    for (let i = 0; i < n; i++) {
      const dpid = i === 0 ? sw.dpid : links[i - 1]!.dst.dpid;
      const s = i === 0 ? sw : switches.get(dpid);
      if (s === undefined) return false;
      this.hopSw[i] = s;
      this.hopIn[i] = i === 0 ? inPort : links[i - 1]!.dst.port;
      this.hopOut[i] = i < links.length ? links[i]!.src.port : host.port;
    }
    const src = pi.ethSrcHi * 0x1000000 + pi.ethSrcLo;
    const dst = host.mac;
    if (this.hopOut[0] === inPort) {
      // the way on is back out of the port the packet came in by. One hop: the destination is
      // behind that port, nothing to do. More: a flow installed for an older graph sent the packet
      // here (say a middle hop's flow idled out after a link came up): remove the pair's whole
      // path so the next packet is routed afresh from where it enters
      if (n > 1) {
        const stale = this.paths.find(src, dst);
        if (stale !== undefined) this.removePath(stale);
      }
      return true;
    }
    const rec = this.paths.record(src, dst);
    const fm = this.fm;
    fm.match.inPort = -1;
    fm.match.ethSrc = src;
    fm.match.ethDst = dst;
    fm.idleTimeout = this.idleTimeout;
    fm.priority = this.priority;
    // last hop first: a packet that follows its flows finds them in place more often
    for (let i = n - 1; i >= 0; i--) {
      fm.match.inPort = this.hopIn[i]!;
      fm.bufferId = i === 0 ? pi.bufferId : NO_BUFFER;
      fm.output(this.hopOut[i]!);
      this.hopSw[i]!.flowMod(fm);
      this.paths.addSwitch(rec, this.hopSw[i]!.dpid);
      this.stats.flowsInstalled++;
    }
    for (const l of links) this.paths.addLink(rec, linkKey(l));
    this.stats.routes++;
    if (pi.bufferId === NO_BUFFER) sw.forward(pi, this.hopOut[0]!);
    return true;
  }

  private onLinkDown(l: Link): void {
    for (const r of this.paths.usingLink(linkKey(l))) this.removePath(r);
  }

  private forgetHost(h: Host): void {
    for (const r of this.paths.withMac(h.mac)) this.removePath(r);
  }

  /** Delete the pair's flows (match eth_src + eth_dst, any in_port) on every switch that got one. */
  private removePath(r: PathRecord): void {
    if (!this.paths.delete(r)) return;
    this.stats.pathsRemoved++;
    const del = this.del;
    del.match.clear();
    del.match.ethSrc = r.src;
    del.match.ethDst = r.dst;
    del.outPort = PORT_ANY;
    del.nOutputs = 0;
    for (const dpid of r.switches) this.ctl!.switches.get(dpid)?.flowMod(del);
  }
}

/** Factory used by `--app forwarding`. */
export default function createForwarding(opts: AppOptions): Forwarding {
  return new Forwarding({ idleTimeout: opts.idleTimeout });
}
