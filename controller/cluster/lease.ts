/**
 * This instance's etcd lease, kept alive by hand so that losing etcd is
 * noticed on our own clock, not when a library gives up.
 *
 * Every keepalive is sent with a deadline. Each answered one proves the lease
 * lives until at least (time the keepalive was *sent* + the TTL etcd gives
 * back): etcd restarts its countdown when it reads the keepalive, which is
 * later. `validUntil` is that bound. When it comes within `margin` of now
 * (keepalives unanswered: etcd stopped, partitioned or slow) the lease counts
 * as lost here, and the owner steps down, while etcd still holds our keys:
 * no other instance can take a switch over before we have stopped writing
 * to it. A lost lease is never reused: the owner grants a new one.
 */
import { EventEmitter } from 'node:events';
import type { Etcd3 } from 'etcd3';

export interface LeaseOptions {
  /** Requested TTL, seconds (etcd may raise it to its minimum: 1.5 election timeouts, rounded up). */
  readonly ttlSec: number;
}

export class LeaseLostError extends Error {
  readonly code = 'NODEFLOW_ERR_LEASE_LOST';
}

/** Emits 'lost' (reason) once, when the lease can no longer be trusted. */
export class ClusterLease extends EventEmitter {
  /** etcd's lease id (decimal string, as etcd3 passes it). */
  id = '';
  /** TTL etcd granted, ms. */
  ttlMs = 0;
  /** Local time until which the lease is known to live (see above). */
  validUntil = 0;
  private timer: NodeJS.Timeout | null = null;
  private checker: NodeJS.Timeout | null = null;
  private lost = false;
  private inFlight = false;

  constructor(private readonly client: Etcd3, private readonly opts: LeaseOptions) {
    super();
  }

  /** Grant the lease (within `timeoutMs`) and start keeping it alive. */
  async grant(timeoutMs: number): Promise<void> {
    const sent = Date.now();
    const r = await this.client.leaseClient.leaseGrant({ TTL: this.opts.ttlSec, ID: 0 }, { deadline: sent + timeoutMs });
    if (r.error) throw new Error(`lease grant refused: ${r.error}`);
    this.id = r.ID;
    this.ttlMs = Number(r.TTL) * 1000;
    this.validUntil = sent + this.ttlMs;
    // keepalive 4 times per TTL (each may take up to half the TTL); validity checked 10 times per TTL
    const every = Math.max(50, Math.floor(this.ttlMs / 4));
    this.timer = setInterval(() => this.keepalive(2 * every), every);
    this.checker = setInterval(() => this.check(), Math.max(20, Math.floor(this.ttlMs / 10)));
    this.timer.unref();
    this.checker.unref();
  }

  /** How long before validUntil the lease counts as lost (a quarter of the TTL). */
  get margin(): number {
    return this.ttlMs / 4;
  }

  get valid(): boolean {
    return !this.lost && this.id !== '' && Date.now() < this.validUntil - this.margin;
  }

  private check(): void {
    if (!this.lost && Date.now() >= this.validUntil - this.margin) {
      this.fail(`no keepalive answered for ${Date.now() - (this.validUntil - this.ttlMs)} ms (TTL ${this.ttlMs} ms)`);
    }
  }

  private keepalive(timeoutMs: number): void {
    if (this.inFlight || this.lost) return;
    this.inFlight = true;
    const sent = Date.now();
    this.once1(timeoutMs).then(
      (ttl) => {
        this.inFlight = false;
        if (this.lost) return;
        if (ttl <= 0) this.fail('etcd says the lease has expired');
        else this.validUntil = Math.max(this.validUntil, sent + ttl * 1000);
      },
      () => {
        this.inFlight = false; // unanswered: check() decides when that is too long
      },
    );
  }

  /** One keepalive on its own stream; resolves with the remaining TTL (s). */
  private async once1(timeoutMs: number): Promise<number> {
    const stream = await this.client.leaseClient.leaseKeepAlive({ deadline: Date.now() + timeoutMs });
    return new Promise<number>((resolve, reject) => {
      const t = setTimeout(() => {
        reject(new Error('keepalive timed out'));
        try {
          stream.end();
        } catch {
          /* already gone */
        }
      }, timeoutMs);
      stream.on('data', (res: { TTL: string }) => {
        clearTimeout(t);
        resolve(Number(res.TTL));
        stream.end();
      });
      stream.on('error', (e: Error) => {
        clearTimeout(t);
        reject(e);
      });
      stream.write({ ID: this.id });
    });
  }

  private fail(reason: string): void {
    if (this.lost) return;
    this.lost = true;
    this.stopTimer();
    this.emit('lost', reason);
  }

  private stopTimer(): void {
    if (this.timer) clearInterval(this.timer);
    if (this.checker) clearInterval(this.checker);
    this.timer = this.checker = null;
  }

  /** Stop keeping it alive and revoke it (its keys go at once). Best effort within `timeoutMs`. */
  async revoke(timeoutMs: number): Promise<void> {
    this.stopTimer();
    this.lost = true;
    if (this.id === '') return;
    try {
      await this.client.leaseClient.leaseRevoke({ ID: this.id }, { deadline: Date.now() + timeoutMs });
    } catch {
      /* it expires by itself */
    }
  }

  /** Stop keeping it alive without revoking (tests: a crash as etcd sees it). */
  abandon(): void {
    this.stopTimer();
    this.lost = true;
  }
}
