/**
 * Several nodeflow instances, one etcd: the `Cluster` app decides, per
 * switch, which instance is master, and keeps every instance's OpenFlow role
 * in line with etcd.
 *
 * - Each instance holds an etcd lease (lease.ts) and registers
 *   members/<node-id> under it.
 * - Mastership of a switch is the key masters/<dpid>, created only if absent
 *   (one transaction) under the master's lease: at most one master per switch
 *   at a time, and it goes when the master's lease goes (crash, partition).
 * - The generation id of the master's ROLE_REQUEST is the key's create
 *   revision: etcd revisions only grow, so a master that was cut off can never
 *   win a switch back with its old generation (the switch answers STALE).
 * - Who tries first for a vacant switch: rendezvous hashing over the live
 *   members (placement.ts); the others wait one stagger step per rank, then
 *   try too, so a switch is taken even when its preferred instance cannot
 *   reach it. Switches spread evenly; a joining instance takes only vacant
 *   switches (no rebalancing: moving a healthy switch costs a role change and
 *   buys nothing).
 * - Every other instance asks for SLAVE with the master's generation id.
 *   Until etcd says otherwise an instance is SLAVE for every switch
 *   (ControllerOptions.initialRole), so it writes nothing to a switch it is
 *   not master of.
 * - An instance that loses etcd steps down by itself: as soon as its lease
 *   can no longer be trusted on its own clock (lease.ts), before etcd can
 *   expire it, every switch goes SLAVE locally at once (no write leaves), and
 *   a new lease is sought. The old lease is never reused.
 * - A new master relearns MAC addresses from traffic (learning-switch.ts);
 *   nothing is shared through etcd (see README "Cluster").
 */
import { Etcd3, type IKeyValue, type Watcher } from 'etcd3';
import { ConstantBackoff, noop } from 'cockatiel';
import type { App, ControllerApi, Switch } from '../app.js';
import type { Logger } from '../log.js';
import { isStaleGeneration } from '../role/keeper.js';
import { ClusterKeys } from './keys.js';
import { ClusterLease } from './lease.js';
import { rankOf } from './placement.js';

export interface ClusterOptions {
  /** etcd client URLs, e.g. ['http://127.0.0.1:2379']. */
  readonly endpoints: readonly string[];
  /** This instance's name, unique in the cluster. */
  readonly nodeId: string;
  /** Lease TTL, seconds (default 2; etcd raises it to its minimum). */
  readonly leaseTtlSec?: number;
  /** Key prefix (default '/nodeflow/'). */
  readonly prefix?: string;
  /** Wait per preference rank before trying for a vacant switch, ms (default 200). */
  readonly staggerMs?: number;
}

/** A cluster setting or start-up problem (the CLI exits 2 on it). */
export class ClusterConfigError extends Error {
  readonly code = 'NODEFLOW_ERR_CLUSTER_CONFIG';
}

interface Known {
  /** What we last asked the switch for, and with which generation. */
  role: 'master' | 'slave' | null;
  gen: bigint;
}

/** How long `start` keeps trying to reach etcd before giving up. */
const START_PATIENCE_MS = 10_000;

const NODE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;

export class Cluster implements App {
  readonly name = 'cluster';
  readonly keys: ClusterKeys;
  readonly client: Etcd3;
  private logger: Logger | null = null;
  private lease: ClusterLease | null = null;
  /** Bumped on every new lease: work started under an older lease is dropped. */
  private epoch = 0;
  private readonly switches = new Map<string, Switch>();
  private readonly known = new Map<string, Known>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private watcher: Watcher | null = null;
  private sweepTimer: NodeJS.Timeout | null = null;
  private stopping = false;
  private recovering = false;
  private readonly ttlSec: number;
  private readonly staggerMs: number;
  /** Counters (tests, logs). */
  readonly counts = { mastered: 0, steppedDown: 0, leases: 0 };

  constructor(readonly opts: ClusterOptions) {
    if (!NODE_ID.test(opts.nodeId)) throw new ClusterConfigError(`--node-id must be 1-63 letters, digits, '.', '_' or '-' (got '${opts.nodeId}')`);
    if (opts.endpoints.length === 0) throw new ClusterConfigError('--cluster needs at least one etcd URL');
    for (const e of opts.endpoints) {
      let u: URL;
      try {
        u = new URL(e);
      } catch {
        throw new ClusterConfigError(`--cluster: '${e}' is not a URL (e.g. http://127.0.0.1:2379)`);
      }
      if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new ClusterConfigError(`--cluster: '${e}' must be http:// or https://`);
    }
    this.ttlSec = opts.leaseTtlSec ?? 2;
    if (!(Number.isInteger(this.ttlSec) && this.ttlSec >= 1 && this.ttlSec <= 60)) throw new ClusterConfigError(`--lease-ttl must be a whole number of seconds from 1 to 60 (got ${this.ttlSec})`);
    this.staggerMs = opts.staggerMs ?? 200;
    this.keys = new ClusterKeys(opts.prefix ?? '/nodeflow/');
    const callMs = Math.max(1000, this.ttlSec * 1000);
    this.client = new Etcd3({
      hosts: [...opts.endpoints],
      dialTimeout: callMs,
      // every unary call gets a deadline: a stopped etcd must not hang us
      defaultCallOptions: (ctx) => (ctx.isStream ? {} : { deadline: Date.now() + callMs }),
      // no retries or circuit breaker: the lease clock decides when etcd is gone, and a
      // breaker left open would delay recovery after etcd is back
      faultHandling: { host: () => noop, global: noop, watchBackoff: new ConstantBackoff(250).next() },
    });
  }

  get nodeId(): string {
    return this.opts.nodeId;
  }

  /** True while this instance holds a lease it can trust. */
  get live(): boolean {
    return this.lease?.valid === true;
  }

  /** The role this instance last asked a switch for (tests, diagnostics). */
  roleAsked(dpidHex: string): 'master' | 'slave' | null {
    return this.known.get(dpidHex)?.role ?? null;
  }

  async start(ctl: ControllerApi): Promise<void> {
    this.logger = ctl.logger;
    // at start etcd may still be coming up (or the gRPC channel still connecting): keep trying for a while
    const until = Date.now() + START_PATIENCE_MS;
    for (;;) {
      try {
        await this.join(true, 3000);
        break;
      } catch (e) {
        if (e instanceof ClusterConfigError || Date.now() > until) {
          this.client.close();
          throw e;
        }
        await new Promise((r) => setTimeout(r, 250));
      }
    }
    this.watcher = await this.client.watch().prefix(this.keys.masters).create();
    this.watcher.on('put', (kv: IKeyValue) => this.onKey(kv));
    this.watcher.on('delete', (kv: IKeyValue) => this.onKey(kv));
    this.watcher.on('error', (e: Error) => this.log('warn', 'cluster: etcd watch error', { error: e.message }));
    // a safety net for anything missed while the watch reconnected: switches whose role is not settled
    // every 2 TTLs, all of them every 10 TTLs (one etcd read per switch)
    let sweeps = 0;
    this.sweepTimer = setInterval(() => {
      const all = ++sweeps % 5 === 0;
      for (const [dpid, k] of this.known) if (!this.timers.has(dpid) && (all || k.role === null)) this.schedule(dpid, 0, false);
    }, Math.max(1000, 2 * this.ttlSec * 1000));
    this.sweepTimer.unref();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    await this.watcher?.cancel().catch(() => {});
    // revoking the lease deletes our master keys at once: the others take over without waiting for the TTL
    await this.lease?.revoke(1000);
    this.client.close();
  }

  switchUp(sw: Switch): void {
    this.switches.set(sw.dpidHex, sw);
    this.known.set(sw.dpidHex, { role: null, gen: 0n });
    this.schedule(sw.dpidHex, 0, false);
  }

  switchDown(sw: Switch): void {
    if (this.switches.get(sw.dpidHex) !== sw) return;
    this.switches.delete(sw.dpidHex);
    this.known.delete(sw.dpidHex);
    const t = this.timers.get(sw.dpidHex);
    if (t) clearTimeout(t);
    this.timers.delete(sw.dpidHex);
    // we cannot serve a switch we lost: hand its mastership to an instance that can
    const lease = this.lease;
    if (lease && lease.valid) {
      const key = this.keys.master(sw.dpidHex);
      this.client.if(key, 'Value', '==', this.nodeId).and(key, 'Lease', '==', lease.id).then(this.client.delete().key(key)).commit().then(
        (r) => r.succeeded && this.log('info', 'cluster: released mastership of a disconnected switch', { dpid: sw.dpidHex }),
        () => {},
      );
    }
  }

  // ------------------------------------------------------------------ membership and lease

  /** Grant a lease and register under it. `first`: a node id already registered is a configuration error. */
  private async join(first: boolean, grantTimeoutMs = Math.max(1000, this.ttlSec * 1000)): Promise<void> {
    const lease = new ClusterLease(this.client, { ttlSec: this.ttlSec });
    try {
      await lease.grant(grantTimeoutMs);
    } catch (e) {
      throw new Error(`cannot reach etcd at ${this.opts.endpoints.join(', ')}: ${(e as Error).message}`);
    }
    const key = this.keys.member(this.nodeId);
    const about = JSON.stringify({ nodeId: this.nodeId, pid: process.pid, since: new Date().toISOString() });
    let r: Awaited<ReturnType<ReturnType<Etcd3['if']>['commit']>>;
    try {
      r = await this.client.if(key, 'Create', '==', 0).then(this.client.put(key).value(about).lease(lease.id)).commit();
    } catch (e) {
      await lease.revoke(500);
      throw e;
    }
    if (!r.succeeded) {
      await lease.revoke(500);
      if (first) throw new ClusterConfigError(`node id '${this.nodeId}' is already registered in etcd (${key}): another instance is using it`);
      throw new Error(`node id '${this.nodeId}' still registered under an old lease`);
    }
    this.lease = lease;
    this.epoch++;
    this.counts.leases++;
    lease.once('lost', (reason: string) => this.onLeaseLost(lease, reason));
    this.log('info', 'cluster: joined', { node: this.nodeId, lease: lease.id, ttl_ms: lease.ttlMs, epoch: this.epoch });
    for (const dpid of this.switches.keys()) this.schedule(dpid, 0, false);
  }

  /**
   * The lease can no longer be trusted: SLAVE everywhere at once (local, before
   * the switch has even read the request), then look for a new lease.
   */
  private onLeaseLost(lease: ClusterLease, reason: string): void {
    if (this.stopping || lease !== this.lease) return;
    this.epoch++;
    this.counts.steppedDown++;
    this.log('warn', 'cluster: etcd lease lost; stepping down to SLAVE on every switch', { reason, switches: this.switches.size });
    for (const [dpid, sw] of this.switches) {
      const k = this.known.get(dpid);
      if (sw.role !== 'slave' || k?.role !== 'slave') {
        if (k) k.role = 'slave';
        sw.requestRole('slave', k?.gen ?? 0n).catch(() => {}); // the local step-down is what matters; the switch may call the generation stale
      }
    }
    void this.recover(lease);
  }

  private async recover(old: ClusterLease): Promise<void> {
    if (this.recovering) return;
    this.recovering = true;
    try {
      for (let attempt = 1; !this.stopping; attempt++) {
        // the old lease's keys must go before we register again (and our switches become vacant for whoever is live)
        await old.revoke(Math.max(500, this.ttlSec * 500));
        try {
          await this.join(false);
          return;
        } catch (e) {
          if (attempt === 1 || attempt % 20 === 0) this.log('warn', 'cluster: cannot rejoin yet', { error: (e as Error).message, attempt });
          await new Promise((r) => setTimeout(r, 250));
        }
      }
    } finally {
      this.recovering = false;
    }
  }

  // ------------------------------------------------------------------ mastership

  private onKey(kv: IKeyValue): void {
    const dpid = this.keys.dpidOf(kv.key.toString());
    if (dpid !== null && this.switches.has(dpid)) this.schedule(dpid, 0, false);
  }

  private schedule(dpid: string, delayMs: number, claim: boolean): void {
    if (this.stopping) return;
    const old = this.timers.get(dpid);
    if (old) clearTimeout(old);
    const t = setTimeout(() => {
      this.timers.delete(dpid);
      this.evaluate(dpid, claim).catch((e: Error) => {
        this.log('debug', 'cluster: evaluation failed; retrying', { dpid, error: e.message });
        if (this.switches.has(dpid) && !this.timers.has(dpid)) this.schedule(dpid, 250, false);
      });
    }, delayMs);
    this.timers.set(dpid, t);
  }

  /** Bring the switch's role in line with etcd; try for a vacant switch in preference order. */
  private async evaluate(dpid: string, claim: boolean): Promise<void> {
    const lease = this.lease;
    if (!this.switches.has(dpid) || lease === null || !lease.valid) return;
    const epoch = this.epoch;
    const key = this.keys.master(dpid);
    const cur = (await this.client.get(key).exec()).kvs[0];
    if (epoch !== this.epoch || !lease.valid) return;
    if (cur !== undefined) {
      this.follow(dpid, cur, lease, epoch);
      return;
    }
    const members = (await this.client.getAll().prefix(this.keys.members).keys()).map((k) => k.slice(this.keys.members.length));
    const rank = rankOf(this.nodeId, members, dpid);
    if (rank > 0 && !claim) {
      this.schedule(dpid, rank * this.staggerMs, true);
      return;
    }
    if (epoch !== this.epoch || !lease.valid) return;
    const r = await this.client.if(key, 'Create', '==', 0).then(this.client.put(key).value(this.nodeId).lease(lease.id)).else(this.client.get(key)).commit();
    if (epoch !== this.epoch) return;
    if (r.succeeded) {
      this.master(dpid, BigInt(r.header.revision), lease, epoch);
      return;
    }
    const kv = r.responses[0]?.response_range?.kvs[0];
    if (kv) this.follow(dpid, kv, lease, epoch);
  }

  private follow(dpid: string, kv: IKeyValue, lease: ClusterLease, epoch: number): void {
    const gen = BigInt(kv.create_revision);
    if (kv.value.toString() === this.nodeId && kv.lease === lease.id) this.master(dpid, gen, lease, epoch);
    else this.slave(dpid, gen, kv.value.toString());
  }

  private master(dpid: string, gen: bigint, lease: ClusterLease, epoch: number): void {
    const sw = this.switches.get(dpid);
    const k = this.known.get(dpid);
    if (!sw || !k || (k.role === 'master' && k.gen === gen && sw.role === 'master')) return;
    k.role = 'master';
    k.gen = gen;
    this.counts.mastered++;
    this.log('info', 'cluster: master of switch; asking for MASTER', { dpid, generation: gen.toString() });
    sw.requestRole('master', gen).then(
      () => {
        // the lease went while we waited for the switch: step down again at once
        if (epoch !== this.epoch || !lease.valid) {
          k.role = 'slave';
          sw.requestRole('slave', gen).catch(() => {});
        }
      },
      (e: Error) => {
        k.role = null;
        this.log('warn', isStaleGeneration(e) ? 'cluster: switch refused MASTER (stale generation)' : 'cluster: MASTER request failed', { dpid, generation: gen.toString(), error: e.message });
        if (this.switches.get(dpid) === sw) this.schedule(dpid, 250, false);
      },
    );
  }

  private slave(dpid: string, gen: bigint, holder: string): void {
    const sw = this.switches.get(dpid);
    const k = this.known.get(dpid);
    if (!sw || !k || (k.role === 'slave' && k.gen === gen)) return;
    k.role = 'slave';
    k.gen = gen;
    this.log('debug', 'cluster: slave of switch', { dpid, master: holder, generation: gen.toString() });
    sw.requestRole('slave', gen).catch((e: Error) => {
      // STALE: the switch has seen a newer master already; we are SLAVE locally either way
      if (!isStaleGeneration(e)) this.log('warn', 'cluster: SLAVE request failed', { dpid, error: e.message });
    });
  }

  private log(level: 'debug' | 'info' | 'warn', msg: string, fields: Record<string, string | number | boolean | undefined>): void {
    this.logger?.[level](msg, fields);
  }
}
