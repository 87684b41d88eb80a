/**
 * The L2 learning switch, written against the public app API (and codec) only.
 *
 * Per switch: a bounded MAC -> port table (when full the oldest entry not
 * used since the last sweep is evicted: second-chance FIFO, see mac-table.ts). For each
 * PACKET_IN: drop LLDP (0x88cc) and 01:80:c2:00:00:0x frames without learning;
 * learn source MAC -> in_port (unicast sources only); a broadcast/multicast
 * or unknown destination is flooded with a PACKET_OUT; a known destination
 * gets a FLOW_MOD matching in_port + eth_dst + eth_src (idle timeout) with an
 * output action; when the packet is buffered the FLOW_MOD carries its
 * buffer_id (one message), otherwise a PACKET_OUT with the data follows.
 * At switch up on 1.0 every flow is deleted first (stale flows of a previous
 * controller go, and OVS 1.0 re-evaluates traffic it was dropping while no
 * controller was connected: without a flow-table change it sends no
 * PACKET_IN for those flows); on 1.3 the table-miss flow (priority 0 ->
 * CONTROLLER) is installed. When a port is deleted or goes down, the MACs
 * behind it are forgotten and the flows that use it are deleted (output to
 * it, or matching in_port on it): Open vSwitch keeps such flows, and a host
 * that moves to another port would otherwise stay unreachable for as long
 * as traffic keeps the stale flow's idle timer alive.
 * Roles: while this controller is SLAVE for a switch the app writes nothing
 * to it (no table-miss flow, no answers to PACKET_INs, which a slave is
 * normally not sent anyway); when it becomes MASTER or EQUAL it installs the
 * 1.3 table-miss flow and learns from scratch. Flows the previous master
 * installed stay: traffic they carry keeps flowing across a failover.
 */
import type { App, AppOptions, Role, Switch } from '../app.js';
import { MacTable } from './mac-table.js';
import { ETH_SRC, macHi, macLo } from '../../codec/views/ether.js';
import type { PacketIn, PortInfo } from '../app.js';
import { FlowMod, macToString } from '../flow-mod.js';
import { OFP10, OFP13, NO_BUFFER, PORT_FLOOD, PORT_CONTROLLER, PORT_ANY, OFPPR_DELETE, MAX_LEN_NO_BUFFER, FLOW_DELETE } from '../protocol.js';

export interface LearningSwitchOptions {
  /** Idle timeout of installed flows, seconds (default 60). */
  idleTimeout?: number;
  /**
   * MAC table bound per switch (default 131072 = 2^17: room for cbench's
   * default 100000 sources plus their destinations; 4 MiB per switch once
   * grown: 2^18 8-byte buckets, their ring slots and the ring).
   */
  maxMacs?: number;
  /** Priority of installed flows (default OFP_DEFAULT_PRIORITY, 0x8000). */
  priority?: number;
}

export const DEFAULT_MAX_MACS = 131072;

/** See LearningSwitch.macTableSnapshot. */
export interface MacTableSnapshot {
  size: number;
  max: number;
  evictions: number;
  /** True when there were more entries than the limit. */
  truncated: boolean;
  entries: Array<{ mac: string; port: number }>;
}

export class LearningSwitch implements App {
  readonly name = 'learning-switch';
  readonly idleTimeout: number;
  readonly maxMacs: number;
  private readonly priority: number;
  private readonly tables = new Map<Switch, MacTable>();
  /** The last switch looked up and its table: packets come in batches per switch, so this saves a Map lookup per packet. */
  private lastSw: Switch | null = null;
  private lastTable: MacTable | undefined = undefined;
  private readonly fm = new FlowMod();
  /** Reused for the deletes a port removal triggers. */
  private readonly purge = new FlowMod();
  /** Counters for tests and curiosity. */
  floods = 0;
  installs = 0;
  ignored = 0;

  constructor(opts: LearningSwitchOptions = {}) {
    this.idleTimeout = opts.idleTimeout ?? 60;
    this.maxMacs = opts.maxMacs ?? DEFAULT_MAX_MACS;
    this.priority = opts.priority ?? 0x8000;
  }

  /** The MAC table of a switch (tests, diagnostics). */
  table(sw: Switch): MacTable | undefined {
    return this.tables.get(sw);
  }

  /**
   * A read-only copy of a switch's learned MACs (at most `limit`, sorted by
   * MAC), with the table's size, bound and evictions; undefined for a switch
   * the app does not know. Off the packet path: called by the REST API and
   * the web view, it copies the table once per call.
   */
  macTableSnapshot(sw: Switch, limit = 10_000): MacTableSnapshot | undefined {
    const t = this.tables.get(sw);
    if (t === undefined) return undefined;
    const entries = t.entries(limit).sort((a, b) => a.mac - b.mac).map((e) => ({ mac: macToString(e.mac), port: e.port }));
    return { size: t.size, max: t.max, evictions: t.evictions, truncated: t.size > entries.length, entries };
  }

  /** Size and evictions of every switch's table, without copying entries (metrics). */
  macTableSizes(): Array<{ sw: Switch; size: number; evictions: number }> {
    return [...this.tables].map(([sw, t]) => ({ sw, size: t.size, evictions: t.evictions }));
  }

  switchUp(sw: Switch): void {
    this.tables.set(sw, new MacTable(this.maxMacs));
    this.lastSw = null;
    if (sw.role === 'slave') return; // the master owns the flow table; see roleChanged
    if (sw.version === OFP10) sw.deleteAllFlows();
    this.installTableMiss(sw);
  }

  /** Became master (or equal): take over the switch's table-miss flow and learn from scratch. */
  roleChanged(sw: Switch, role: Role, previous: Role): void {
    if (role === 'slave' || previous !== 'slave' || !this.tables.has(sw)) return;
    this.tables.set(sw, new MacTable(this.maxMacs));
    this.lastSw = null;
    this.installTableMiss(sw);
  }

  private installTableMiss(sw: Switch): void {
    if (sw.version >= OFP13) { // 1.3, 1.4, 1.5: no table-miss flow by default
      // table-miss: priority 0, match all, apply-actions output CONTROLLER (whole packet)
      const miss = new FlowMod();
      miss.priority = 0;
      miss.maxLen = MAX_LEN_NO_BUFFER;
      miss.output(PORT_CONTROLLER);
      sw.flowMod(miss);
    }
  }

  switchDown(sw: Switch): void {
    this.tables.delete(sw);
    this.lastSw = null;
    this.lastTable = undefined;
  }

  private tableOf(sw: Switch): MacTable | undefined {
    if (sw === this.lastSw) return this.lastTable;
    const t = this.tables.get(sw);
    this.lastSw = sw;
    this.lastTable = t;
    return t;
  }

  /**
   * Prefetch the source MAC's bucket (see App.warm); the destination's is hot already when traffic is flowing.
   * A table of up to 4096 MACs (80 KiB) stays in cache: nothing to warm.
   */
  warm(sw: Switch, frame: Buffer, off: number, len: number): boolean {
    const table = this.tableOf(sw);
    if (table === undefined || !table.large) return false;
    if (len >= ETH_SRC + 6) table.prefetch(macHi(frame, off, len, ETH_SRC), macLo(frame, off, len, ETH_SRC));
    return true;
  }

  portStatus(sw: Switch, reason: number, port: PortInfo): void {
    if (reason !== OFPPR_DELETE && !port.down) return;
    this.tables.get(sw)?.deletePort(port.portNo);
    if (sw.role === 'slave') return;
    this.deleteFlowsOn(sw, port.portNo);
  }

  /** FLOW_MOD DELETE (non-strict) of the flows that output to `portNo`, then of those matching in_port `portNo`. */
  private deleteFlowsOn(sw: Switch, portNo: number): void {
    const fm = this.purge;
    fm.command = FLOW_DELETE;
    fm.nOutputs = 0;
    fm.match.clear();
    fm.outPort = portNo;
    sw.flowMod(fm);
    fm.match.inPort = portNo;
    fm.outPort = PORT_ANY;
    sw.flowMod(fm);
  }

  packetIn(sw: Switch, pi: PacketIn): void {
    const ethType = pi.ethType;
    if (ethType < 0) return; // shorter than an Ethernet header
    const dstHi = pi.ethDstHi;
    const dstLo = pi.ethDstLo;
    // never learn from or forward LLDP or IEEE 802.1D reserved group addresses 01:80:c2:00:00:0x
    if (ethType === 0x88cc || (dstHi === 0x0180c2 && (dstLo & 0xfffff0) === 0)) {
      this.ignored++;
      return;
    }
    const table = this.tableOf(sw);
    if (table === undefined || sw.role === 'slave') return;
    const inPort = pi.inPort32;
    const srcHi = pi.ethSrcHi;
    const srcLo = pi.ethSrcLo;
    if ((srcHi & 0x010000) === 0) table.set(srcHi, srcLo, inPort);
    const out = (dstHi & 0x010000) !== 0 ? -1 : table.get(dstHi, dstLo);
    if (out < 0) {
      this.floods++;
      sw.forward(pi, PORT_FLOOD);
      return;
    }
    if (out === inPort) {
      // destination is behind the port the packet came from: nothing to do
      this.ignored++;
      return;
    }
    const fm = this.fm;
    const m = fm.match;
    m.inPort = inPort;
    // the 48-bit keys from the halves already read (macKey = hi * 2^24 + lo)
    m.ethDst = dstHi * 0x1000000 + dstLo;
    m.ethSrc = srcHi * 0x1000000 + srcLo;
    fm.idleTimeout = this.idleTimeout;
    fm.priority = this.priority;
    fm.bufferId = pi.bufferId;
    fm.output(out);
    sw.flowMod(fm);
    this.installs++;
    if (pi.bufferId === NO_BUFFER) sw.forward(pi, out);
  }
}

/** Factory used by `--app learning-switch`. */
export default function createLearningSwitch(opts: AppOptions): LearningSwitch {
  return new LearningSwitch({ idleTimeout: opts.idleTimeout, maxMacs: opts.maxMacs });
}
