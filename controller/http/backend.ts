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
import type { Confirmer } from './confirm.js';
import type { EventHub, EventListener, NetEvent } from './events.js';

export interface PortView {
  port_no: number;
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
}

export interface WriteResult {
  dpid: string;
  /** What the switch said: 'ok' once its BARRIER_REPLY confirmed the message (an OpenFlow error answers 422 instead). */
  result: 'ok';
  xid: number;
  barrier_xid: number;
  /** The message sent, in the codec's JSON form. */
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
  switches(): Promise<SwitchView[]>;
  switch(dpid: bigint): Promise<SwitchView>;
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
    readonly confirmer: Confirmer,
    /** Worker number for the views (0: none). */
    readonly worker = 0,
  ) {}

  async capabilities(): Promise<Capabilities> {
    return { stats: false, topology: this.topologyApp() !== undefined };
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

  async switches(): Promise<SwitchView[]> {
    return [...this.ctl.registry.values()].sort((a, b) => (a.dpid < b.dpid ? -1 : 1)).map((dp) => switchView(dp, this.worker));
  }

  async switch(dpid: bigint): Promise<SwitchView> {
    return switchView(this.dp(dpid), this.worker);
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
    throw new HttpError(501, `live ${kind} statistics need request/reply to switches, which this build does not have yet`);
  }

  async flowMod(dpid: bigint, command: FlowCommand, body: Record<string, unknown>): Promise<WriteResult> {
    const dp = this.dp(dpid);
    const value = flowModValue(dp, command, body);
    const bytes = encodeFor(dp, value, 0); // check before anything is sent
    const c = await this.confirmer.send(dp, `flow_${command}`, (sw) => {
      const xid = sw.nextXid();
      bytes.writeUInt32BE(xid, 4);
      sw.send(bytes);
      return xid;
    });
    return { dpid: dp.dpidHex, result: 'ok', xid: c.xid, barrier_xid: c.barrier_xid, sent: { ...value, version: dp.version, xid: c.xid } };
  }

  async barrier(dpid: bigint): Promise<WriteResult> {
    const dp = this.dp(dpid);
    // the barrier itself: send nothing before it (xid 0 never matches an error)
    const c = await this.confirmer.send(dp, 'barrier', () => 0);
    return { dpid: dp.dpidHex, result: 'ok', xid: c.barrier_xid, barrier_xid: c.barrier_xid };
  }

  async deleteAllFlows(dpid: bigint): Promise<WriteResult> {
    const dp = this.dp(dpid);
    const c = await this.confirmer.send(dp, 'flow_delete_all', (sw) => sw.deleteAllFlows());
    return { dpid: dp.dpidHex, result: 'ok', xid: c.xid, barrier_xid: c.barrier_xid };
  }

  async topology(): Promise<Topology> {
    const app = this.topologyApp();
    if (app === undefined) {
      throw new HttpError(501, 'topology discovery is not running in this controller (no topology app), so there are no links or hosts to show');
    }
    return app.snapshot();
  }

  async recentEvents(): Promise<NetEvent[]> {
    return [...this.hub.recent];
  }

  subscribe(l: EventListener): () => void {
    return this.hub.subscribe(l);
  }
}
