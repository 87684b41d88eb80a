/**
 * What the HTTP layer asks of the controller, as plain JSON values. One
 * process: LocalBackend reads the Controller directly. With --workers the
 * primary has no switches: ClusterBackend (cluster.ts) asks every worker's
 * LocalBackend over IPC and merges the answers.
 */
import type { Controller } from '../server.js';
import type { Datapath } from '../datapath.js';
import { LearningSwitch, type MacTableSnapshot } from '../apps/learning-switch.js';
import { encodeMessage } from '../../codec/index.js';
import { versionLabel, OFP10 } from '../protocol.js';
import { HttpError } from './errors.js';
import { formatDpid } from './dpid.js';
import { type FlowCommand, type OfctlFlow, ofctlToFlowMod } from './ofctl.js';
import { BadReplyError, OpenFlowError, RequestTimeoutError, SwitchDisconnectedError, TooManyRequestsError, UnsupportedRequestError } from '../request/index.js';
import type { RequestTimer } from '../metrics/collector.js';
import type { EventHub, EventListener, NetEvent } from './events.js';

export interface PortView {
  port_no: number;
  /** Live counters (OFPST_PORT / OFPMP_PORT_STATS), when asked for and the switch answered. */
  counters?: Record<string, number | string>;
  name: string;
  hw_addr: string;
  config: number;
  state: number;
  curr: number;
  /** Administratively down (OFPPC_PORT_DOWN) or no link (OFPPS_LINK_DOWN). */
  down: boolean;
}

export interface SwitchView {
  dpid: string;
  version: string;
  address: string;
  connected_at: string;
  uptime_seconds: number;
  n_buffers: number;
  n_tables: number;
  capabilities: number;
  ports: PortView[];
  /** OpenFlow messages over this connection so far. */
  messages: { received: number; sent: number; packet_in: number; flow_mod: number; packet_out: number };
  /** The worker process that holds the connection (--workers only). */
  worker?: number;
  /** Why port counters are missing, when they were asked for. */
  counters_error?: string;
}

export interface WriteResult {
  dpid: string;
  /** What the switch said: 'ok' once its BARRIER_REPLY confirmed the message (an OpenFlow error answers 422 instead). */
  result: 'ok';
  /** The message sent, in the codec's JSON form (version and xid are the request's). */
  sent?: Record<string, unknown>;
}

export type StatsKind = 'flows' | 'ports' | 'groups' | 'meters';

export interface Topology {
  switches: unknown[];
  links: unknown[];
  hosts: unknown[];
}

/** Which optional parts this controller has (the web view asks before it fetches them). */
export interface Capabilities {
  /** Live flow/port/group/meter statistics (request/reply). */
  stats: boolean;
  /** Links and hosts (the topology app). */
  topology: boolean;
}

export interface Backend {
  capabilities(): Promise<Capabilities>;
  /** With `counters`, each port carries its live counters (one port-stats request per switch). */
  switches(counters?: boolean): Promise<SwitchView[]>;
  switch(dpid: bigint, counters?: boolean): Promise<SwitchView>;
  macTable(dpid: bigint): Promise<MacTableSnapshot>;
  stats(dpid: bigint, kind: StatsKind): Promise<unknown>;
  flowMod(dpid: bigint, command: FlowCommand, body: Record<string, unknown>): Promise<WriteResult>;
  barrier(dpid: bigint): Promise<WriteResult>;
  deleteAllFlows(dpid: bigint): Promise<WriteResult>;
  topology(): Promise<Topology>;
  recentEvents(): Promise<NetEvent[]>;
  subscribe(l: EventListener): () => void;
}

const T_PACKET_IN = 10;
const T_FLOW_MOD = 14;
const T_PACKET_OUT = 13;

function sum(a: Float64Array): number {
  let n = 0;
  for (let i = 0; i < a.length; i++) n += a[i]!;
  return n;
}

/** The JSON view of a connected switch. */
export function switchView(dp: Datapath, worker?: number): SwitchView {
  const now = Date.now();
  return {
    dpid: dp.dpidHex,
    version: versionLabel(dp.version),
    address: dp.remoteAddress,
    connected_at: new Date(dp.upAt).toISOString(),
    uptime_seconds: Math.max(0, (now - dp.upAt) / 1000),
    n_buffers: dp.nBuffers,
    n_tables: dp.nTables,
    capabilities: dp.capabilities,
    ports: [...dp.ports.values()].sort((a, b) => a.portNo - b.portNo).map((p) => ({
      port_no: p.portNo, name: p.name, hw_addr: p.hwAddr, config: p.config, state: p.state, curr: p.curr, down: p.down,
    })),
    messages: {
      received: sum(dp.rxByType), sent: sum(dp.txByType), packet_in: dp.rxByType[T_PACKET_IN]!, flow_mod: dp.txByType[T_FLOW_MOD]!, packet_out: dp.txByType[T_PACKET_OUT]!,
    },
    ...(worker ? { worker } : {}),
  };
}

/** camelCase -> snake_case (Ryu's ofctl_rest spelling). */
function snake(k: string): string {
  return k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/**
 * A request/ result as JSON: snake_case keys, 64-bit counters as numbers
 * while they are exact (strings beyond 2^53), Buffers as hex, undefined
 * members dropped.
 */
export function toJson(v: unknown): unknown {
  if (typeof v === 'bigint') return v <= BigInt(Number.MAX_SAFE_INTEGER) && v >= -BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v.toString();
  if (Buffer.isBuffer(v)) return v.toString('hex');
  if (Array.isArray(v)) return v.map(toJson);
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (x !== undefined) out[snake(k)] = toJson(x);
    return out;
  }
  return v;
}

/** A request/ rejection as the HTTP answer that says what happened. */
export function requestFailure(dpid: string, e: unknown): Error {
  if (e instanceof HttpError) return e;
  if (e instanceof OpenFlowError) {
    return new HttpError(422, `switch ${dpid} refused the request: ${e.typeName} / ${e.codeName}`, {
      openflow_error: { type: e.typeName, code: e.codeName, type_number: e.type, code_number: e.errCode, xid: e.xid, data: e.data.toString('hex') },
    });
  }
  if (e instanceof SwitchDisconnectedError) return new HttpError(503, `switch ${dpid} disconnected before answering: ${e.reason}`);
  if (e instanceof RequestTimeoutError) return new HttpError(504, `switch ${dpid}: ${e.message}`);
  if (e instanceof TooManyRequestsError) return new HttpError(429, `switch ${dpid}: ${e.message}`);
  if (e instanceof BadReplyError) return new HttpError(502, `switch ${dpid}: ${e.message}`);
  if (e instanceof UnsupportedRequestError) return new HttpError(400, `switch ${dpid}: ${e.message}`);
  return e instanceof Error ? e : new Error(String(e));
}

/** Commands each method may carry in the codec's full form. */
const FULL_FORM_COMMANDS: Record<FlowCommand, readonly string[]> = {
  add: ['OFPFC_ADD'], modify: ['OFPFC_MODIFY', 'OFPFC_MODIFY_STRICT'], modify_strict: ['OFPFC_MODIFY_STRICT'],
  delete: ['OFPFC_DELETE', 'OFPFC_DELETE_STRICT'], delete_strict: ['OFPFC_DELETE_STRICT'],
};
const DEFAULT_FULL_COMMAND: Record<FlowCommand, string> = {
  add: 'OFPFC_ADD', modify: 'OFPFC_MODIFY', modify_strict: 'OFPFC_MODIFY_STRICT', delete: 'OFPFC_DELETE', delete_strict: 'OFPFC_DELETE_STRICT',
};

/** The FLOW_MOD to send, in the codec's JSON form (version and xid added by the caller). */
export function flowModValue(dp: { version: number; dpid: bigint }, command: FlowCommand, body: Record<string, unknown>): Record<string, unknown> {
  if ('type' in body) {
    // the codec's full JSON form (as `nodeflow decode` prints a FLOW_MOD)
    if (body['type'] !== 'OFPT_FLOW_MOD') throw new HttpError(400, `type: only OFPT_FLOW_MOD messages go to /flows (got ${JSON.stringify(body['type'])})`);
    if (body['version'] !== undefined && body['version'] !== dp.version) {
      throw new HttpError(400, `version: the switch speaks OpenFlow ${versionLabel(dp.version)} (wire version ${dp.version}), the message is version ${String(body['version'])}`);
    }
    const cmd = body['command'] ?? DEFAULT_FULL_COMMAND[command];
    if (typeof cmd === 'string' && !FULL_FORM_COMMANDS[command].includes(cmd)) {
      throw new HttpError(400, `command: ${cmd} does not go with this method (use ${FULL_FORM_COMMANDS[command].join(' or ')})`);
    }
    const { xid: _xid, length: _len, ...rest } = body;
    return { ...rest, command: cmd };
  }
  const b = body as OfctlFlow;
  if (b.dpid !== undefined) {
    let d: bigint;
    try {
      d = BigInt(b.dpid);
    } catch {
      throw new HttpError(400, `dpid: '${String(b.dpid)}' is not a datapath id`);
    }
    if (d !== dp.dpid) throw new HttpError(400, `dpid: the body names datapath ${formatDpid(d)}, the URL ${formatDpid(dp.dpid)}`);
  }
  return ofctlToFlowMod(dp.version, command, b);
}

/** Encode a codec JSON message for a switch (codec errors answer 400 with the codec's words). */
function encodeFor(dp: Datapath, value: Record<string, unknown>, xid: number): Buffer {
  try {
    return encodeMessage({ ...value, version: dp.version, xid });
  } catch (e) {
    throw new HttpError(400, `cannot encode this FLOW_MOD for OpenFlow ${versionLabel(dp.version)}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** Hooks an app may provide that the REST API can use (topology; request/reply stats). */
interface TopologyApp {
  snapshot(): Topology;
}

export class LocalBackend implements Backend {
  constructor(
    readonly ctl: Controller,
    readonly hub: EventHub,
    /** The controller's metrics (they also time every request/reply round trip). */
    readonly timer: RequestTimer | null = null,
    /** Worker number for the views (0: none). */
    readonly worker = 0,
  ) {}

  async capabilities(): Promise<Capabilities> {
    return { stats: true, topology: this.topologyApp() !== undefined };
  }

  private topologyApp(): TopologyApp | undefined {
    const app = this.ctl.apps.find((a) => a.name === 'topology') as (TopologyApp & { name: string }) | undefined;
    return app !== undefined && typeof app.snapshot === 'function' ? app : undefined;
  }

  private dp(dpid: bigint): Datapath {
    const dp = this.ctl.registry.get(dpid);
    if (dp === undefined) throw new HttpError(404, `no switch with datapath id ${formatDpid(dpid)} is connected`);
    return dp;
  }

  /** Run one request to `dp` (request/reply times it into the metrics), its failure turned into the HTTP answer. */
  private async ask<T>(dp: Datapath, f: () => Promise<T>): Promise<T> {
    try {
      return await f();
    } catch (e) {
      throw requestFailure(dp.dpidHex, e);
    }
  }

  private async withCounters(dp: Datapath): Promise<SwitchView> {
    const v = switchView(dp, this.worker);
    try {
      const stats = await this.ask(dp, () => dp.portStats(undefined, { timeoutMs: 5000 }));
      const byPort = new Map(stats.map((p) => [p.portNo, p]));
      for (const p of v.ports) {
        const st = byPort.get(p.port_no);
        if (st !== undefined) {
          const { portNo: _n, ...rest } = st;
          p.counters = toJson(rest) as Record<string, number | string>;
        }
      }
    } catch (e) {
      v.counters_error = e instanceof Error ? e.message : String(e);
    }
    return v;
  }

  async switches(counters = false): Promise<SwitchView[]> {
    const dps = [...this.ctl.registry.values()].sort((a, b) => (a.dpid < b.dpid ? -1 : 1));
    return counters ? Promise.all(dps.map((dp) => this.withCounters(dp))) : dps.map((dp) => switchView(dp, this.worker));
  }

  async switch(dpid: bigint, counters = false): Promise<SwitchView> {
    const dp = this.dp(dpid);
    return counters ? this.withCounters(dp) : switchView(dp, this.worker);
  }

  async macTable(dpid: bigint): Promise<MacTableSnapshot> {
    const dp = this.dp(dpid);
    const app = this.ctl.apps.find((a): a is LearningSwitch => a instanceof LearningSwitch);
    if (app === undefined) throw new HttpError(404, 'the learning-switch app is not running, so there is no MAC table');
    const snap = app.macTableSnapshot(dp);
    if (snap === undefined) throw new HttpError(404, `the learning switch has no table for ${dp.dpidHex} yet`);
    return snap;
  }

  async stats(dpid: bigint, kind: StatsKind): Promise<unknown> {
    const dp = this.dp(dpid);
    if ((kind === 'groups' || kind === 'meters') && dp.version === OFP10) throw new HttpError(400, `OpenFlow 1.0 has no ${kind} (switch ${dp.dpidHex} speaks 1.0)`);
    const d = dp.dpidHex;
    switch (kind) {
      case 'flows':
        return { dpid: d, flows: toJson(await this.ask(dp, () => dp.flowStats())) };
      case 'ports':
        return { dpid: d, ports: toJson(await this.ask(dp, () => dp.portStats())) };
      case 'groups': {
        const [desc, stats] = await Promise.all([this.ask(dp, () => dp.groupDesc()), this.ask(dp, () => dp.groupStats())]);
        return { dpid: d, desc: toJson(desc), stats: toJson(stats) };
      }
      case 'meters':
        return { dpid: d, meters: toJson(await this.ask(dp, () => dp.meterStats())) };
    }
  }

  async flowMod(dpid: bigint, command: FlowCommand, body: Record<string, unknown>): Promise<WriteResult> {
    const dp = this.dp(dpid);
    const value = flowModValue(dp, command, body);
    encodeFor(dp, value, 0); // refuse what the codec cannot encode before anything is sent
    await this.ask(dp, () => dp.request(value));
    return { dpid: dp.dpidHex, result: 'ok', sent: toJson({ ...value, version: dp.version }) as Record<string, unknown> };
  }

  async barrier(dpid: bigint): Promise<WriteResult> {
    const dp = this.dp(dpid);
    await this.ask(dp, () => dp.barrier());
    return { dpid: dp.dpidHex, result: 'ok' };
  }

  async deleteAllFlows(dpid: bigint): Promise<WriteResult> {
    const dp = this.dp(dpid);
    // every flow of every table (1.3: table OFPTT_ALL), as ofctl_rest's /stats/flowentry/clear
    const value = ofctlToFlowMod(dp.version, 'delete', {});
    await this.ask(dp, () => dp.request(value));
    return { dpid: dp.dpidHex, result: 'ok', sent: toJson({ ...value, version: dp.version }) as Record<string, unknown> };
  }

  async topology(): Promise<Topology> {
    const app = this.topologyApp();
    if (app === undefined) {
      throw new HttpError(501, 'topology discovery is not running in this controller (no topology app), so there are no links or hosts to show');
    }
    return toJson(app.snapshot()) as Topology;
  }

  async recentEvents(): Promise<NetEvent[]> {
    return [...this.hub.recent];
  }

  subscribe(l: EventListener): () => void {
    return this.hub.subscribe(l);
  }
}
