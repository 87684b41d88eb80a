/**
 * The HTTP API with `--workers N`. Switch connections live in the workers;
 * the primary owns the HTTP server. At request time the primary asks the
 * workers over the cluster IPC channel (process.send / 'message'):
 *
 * - REST reads and writes: a `nodeflow:http-rpc` message {id, op, args} to
 *   every worker; each answers `nodeflow:http-rpc-reply` {id, ok, value} or
 *   {id, ok: false, status, message}. Lists are concatenated (each switch
 *   view names its worker); a request for one switch takes the answer of
 *   the worker that holds it (the others answer 404 without doing anything).
 * - Events (switch up/down, port changes, errors): each worker pushes
 *   `nodeflow:http-event` to the primary as they happen.
 * - /metrics: prom-client's AggregatorRegistry asks every worker's global
 *   registry over the same channel and sums the series.
 */
import cluster, { type Worker } from 'node:cluster';
import { AggregatorRegistry, register as globalRegistry } from 'prom-client';
import type { Backend, Capabilities, StatsKind, SwitchView, Topology, WriteResult } from './backend.js';
import type { MacTableSnapshot } from '../apps/learning-switch.js';
import type { Controller } from '../server.js';
import type { FlowCommand } from './ofctl.js';
import { HttpError } from './errors.js';
import { EventHub, type EventListener, type NetEvent } from './events.js';
import type { HttpParts, ServeOptions } from './attach.js';
import { startHttpServer } from './server.js';
import { formatDpid } from './dpid.js';

type Op = 'capabilities' | 'switches' | 'switch' | 'macTable' | 'stats' | 'flowMod' | 'barrier' | 'deleteAllFlows' | 'topology' | 'recentEvents';

interface RpcRequest { kind: 'nodeflow:http-rpc'; id: number; op: Op; args: unknown[] }
type RpcReply = { kind: 'nodeflow:http-rpc-reply'; id: number } & ({ ok: true; value: unknown } | { ok: false; status: number; message: string; details?: Record<string, unknown> });
interface EventMessage { kind: 'nodeflow:http-event'; event: NetEvent }

/** In a worker: answer the primary's requests from this worker's controller, and push its events. */
export function serveWorker(ctl: Controller, parts: HttpParts, worker: number): void {
  const be = parts.backend(ctl, globalRegistry, worker);
  // prom-client answers the primary's metric requests from a worker once an AggregatorRegistry exists there
  new AggregatorRegistry();
  parts.hub.subscribe((event) => {
    const m: EventMessage = { kind: 'nodeflow:http-event', event: { ...event, worker } };
    process.send?.(m);
  });
  process.on('message', (m: RpcRequest) => {
    if (m?.kind !== 'nodeflow:http-rpc') return;
    const a = m.args;
    const d = () => BigInt(a[0] as string);
    const run = (): Promise<unknown> => {
      switch (m.op) {
        case 'capabilities': return be.capabilities();
        case 'switches': return be.switches(a[0] as boolean);
        case 'switch': return be.switch(d(), a[1] as boolean);
        case 'macTable': return be.macTable(d());
        case 'stats': return be.stats(d(), a[1] as StatsKind);
        case 'flowMod': return be.flowMod(d(), a[1] as FlowCommand, a[2] as Record<string, unknown>);
        case 'barrier': return be.barrier(d());
        case 'deleteAllFlows': return be.deleteAllFlows(d());
        case 'topology': return be.topology();
        case 'recentEvents': return be.recentEvents();
        default: return Promise.reject(new HttpError(400, `unknown operation ${String(m.op)}`));
      }
    };
    run().then(
      (value) => process.send?.({ kind: 'nodeflow:http-rpc-reply', id: m.id, ok: true, value } satisfies RpcReply),
      (e: unknown) => {
        const he = e instanceof HttpError ? e : new HttpError(500, e instanceof Error ? e.message : String(e));
        process.send?.({ kind: 'nodeflow:http-rpc-reply', id: m.id, ok: false, status: he.status, message: he.message, details: he.details } satisfies RpcReply);
      },
    );
  });
}

/** In the primary: the Backend that asks every worker. */
export class ClusterBackend implements Backend {
  private nextId = 0;
  private readonly waiting = new Map<number, (r: RpcReply) => void>();
  readonly hub = new EventHub();

  constructor(private readonly timeoutMs = 15_000) {
    cluster.on('message', (_w: Worker, m: RpcReply | EventMessage) => {
      if (m?.kind === 'nodeflow:http-rpc-reply') this.waiting.get(m.id)?.(m);
      else if (m?.kind === 'nodeflow:http-event') this.hub.emit(m.event);
    });
  }

  private workers(): Worker[] {
    return Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined && w.isConnected());
  }

  /** Ask one worker; a dead or silent one answers 504. */
  private ask(w: Worker, op: Op, args: unknown[]): Promise<RpcReply> {
    const id = ++this.nextId;
    return new Promise((resolve) => {
      if (!w.isConnected()) {
        resolve({ kind: 'nodeflow:http-rpc-reply', id, ok: false, status: 503, message: `worker ${w.id} is not running` });
        return;
      }
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        resolve({ kind: 'nodeflow:http-rpc-reply', id, ok: false, status: 504, message: `worker ${w.id} did not answer within ${this.timeoutMs} ms` });
      }, this.timeoutMs);
      this.waiting.set(id, (r) => {
        clearTimeout(timer);
        this.waiting.delete(id);
        resolve(r);
      });
      const req: RpcRequest = { kind: 'nodeflow:http-rpc', id, op, args };
      w.send(req);
    });
  }

  private async all(op: Op, args: unknown[] = []): Promise<RpcReply[]> {
    return Promise.all(this.workers().map((w) => this.ask(w, op, args)));
  }

  /** The answer of the worker that holds the switch: the first success, else the most telling error. */
  private async one<T>(op: Op, dpid: bigint, ...rest: unknown[]): Promise<T> {
    const replies = await this.all(op, [dpid.toString(), ...rest]);
    const ok = replies.find((r) => r.ok);
    if (ok !== undefined && ok.ok) return ok.value as T;
    const err = replies.find((r) => !r.ok && r.status !== 404) ?? replies[0];
    if (err === undefined || err.ok) throw new HttpError(404, `no switch with datapath id ${formatDpid(dpid)} is connected`);
    throw new HttpError(err.status, err.message, err.details);
  }

  private async concat<T>(op: Op, args: unknown[] = []): Promise<T[]> {
    const out: T[] = [];
    for (const r of await this.all(op, args)) {
      if (!r.ok) throw new HttpError(r.status, r.message, r.details);
      out.push(...(r.value as T[]));
    }
    return out;
  }

  async capabilities(): Promise<Capabilities> {
    // every worker runs the same apps: any one's answer holds for all
    const r = (await this.all('capabilities')).find((x) => x.ok);
    return r !== undefined && r.ok ? (r.value as Capabilities) : { stats: false, topology: false };
  }
  async switches(counters = false): Promise<SwitchView[]> {
    return (await this.concat<SwitchView>('switches', [counters])).sort((a, b) => (a.dpid < b.dpid ? -1 : 1));
  }
  switch(dpid: bigint, counters = false): Promise<SwitchView> {
    return this.one('switch', dpid, counters);
  }
  macTable(dpid: bigint): Promise<MacTableSnapshot> {
    return this.one('macTable', dpid);
  }
  stats(dpid: bigint, kind: StatsKind): Promise<unknown> {
    return this.one('stats', dpid, kind);
  }
  flowMod(dpid: bigint, command: FlowCommand, body: Record<string, unknown>): Promise<WriteResult> {
    return this.one('flowMod', dpid, command, body);
  }
  barrier(dpid: bigint): Promise<WriteResult> {
    return this.one('barrier', dpid);
  }
  deleteAllFlows(dpid: bigint): Promise<WriteResult> {
    return this.one('deleteAllFlows', dpid);
  }
  async topology(): Promise<Topology> {
    // each worker sees only its own switches' links: merge what they report
    const out: Topology = { switches: [], links: [], hosts: [] };
    for (const r of await this.all('topology')) {
      if (!r.ok) throw new HttpError(r.status, r.message, r.details);
      const t = r.value as Topology;
      out.switches.push(...t.switches);
      out.links.push(...t.links);
      out.hosts.push(...t.hosts);
    }
    return out;
  }
  async recentEvents(): Promise<NetEvent[]> {
    return [...this.hub.recent];
  }
  subscribe(l: EventListener): () => void {
    return this.hub.subscribe(l);
  }
}

/** In the primary: serve the API for all workers. Call once the workers are forked. */
export async function serveCluster(o: ServeOptions): Promise<{ host: string; port: number }> {
  const backend = new ClusterBackend();
  const agg = new AggregatorRegistry();
  const r = await startHttpServer({ ...o, backend, metrics: { contentType: agg.contentType, text: () => agg.clusterMetrics() } });
  return { host: r.host, port: r.port };
}
