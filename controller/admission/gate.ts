/**
 * Admission control for new switch connections, so that a connection flood
 * costs the attacker more than the controller and switches that are already
 * up keep their service:
 *
 * - a bound on connections still in their handshake (accepted, not yet up),
 *   queued ones included: past it, new connections are reset at once;
 * - a per-source-address rate of new connections (token bucket): a source
 *   past its burst is reset at once, before anything is allocated for it
 *   (both checks run on the accepted handle, before node:net makes a socket
 *   of it: early.ts);
 * - a global budget of admitted connections (token bucket over all
 *   sources), so a flood from many addresses, each within its own rate,
 *   is still refused cheaply; its second half is kept for sources that
 *   have been quiet (their own bucket at least half full), so a switch
 *   connecting from a new address gets in while the flooding addresses,
 *   whose buckets run low, are refused;
 * - established switches' input first: an accepted connection is only queued
 *   in the accept callback, and the queue is worked off in `setImmediate`,
 *   after the poll phase that read the established switches' sockets, at most
 *   `acceptsPerTurn` a turn; the rest wait for the next turn.
 *
 * None of this is on the per-packet path: it runs once per new connection and
 * once when a handshake ends. Refused connections are never logged one by
 * one (a flood would become a log flood): one warning at most every
 * WARN_EVERY_MS with the counts.
 */
import type { Socket } from 'node:net';
import type { Logger } from '../log.js';
import { SourceBuckets, TokenBucket } from './token-bucket.js';

export interface AdmissionOptions {
  /** Connections accepted but not yet up (in the handshake or queued for it); more are refused. */
  maxHandshakes: number;
  /** New connections per second from one source address after its burst (0: no per-source limit). */
  perSourceRate: number;
  /** New connections one source address may open at once. */
  perSourceBurst: number;
  /** Connections admitted per second over all sources after the global burst (0: no global budget). */
  globalRate: number;
  /** Connections that may be admitted at once over all sources. */
  globalBurst: number;
  /** Queued connections started per event-loop turn. */
  acceptsPerTurn: number;
}

/**
 * Defaults. A real switch connects from its own address and reconnects
 * rarely; the per-source figures leave room for Mininet and emulators that
 * start hundreds of switches from one address at once (a refused switch
 * retries: Open vSwitch backs off 1, 2, 4, 8 s).
 */
export const ADMISSION_DEFAULTS: Readonly<AdmissionOptions> = {
  maxHandshakes: 1024,
  perSourceRate: 100,
  perSourceBurst: 256,
  globalRate: 200,
  globalBurst: 512,
  acceptsPerTurn: 32,
};

const WARN_EVERY_MS = 10_000;

export interface AdmissionCounts {
  /** Connections started (handed to the controller). */
  admitted: number;
  /** Reset because maxHandshakes connections were already in their handshake. */
  refusedHandshakes: number;
  /** Reset because their source address was over its rate. */
  refusedRate: number;
  /** Reset because the global budget was used up (or down to its half kept for quiet sources). */
  refusedGlobal: number;
  /** In the handshake or queued for it now. */
  handshaking: number;
  /** Of the refused, those reset on their accepted handle before node:net made a socket of them (early.ts). */
  refusedBeforeSocket: number;
}

export class AdmissionGate {
  readonly options: Readonly<AdmissionOptions>;
  readonly counts: AdmissionCounts = { admitted: 0, refusedHandshakes: 0, refusedRate: 0, refusedGlobal: 0, handshaking: 0, refusedBeforeSocket: 0 };
  private readonly buckets: SourceBuckets | null;
  private readonly global: TokenBucket | null;
  private queue: Socket[] = [];
  /** What starts each queued socket (the plain handler, or the TLS listener's handshake). */
  private starts: ((sock: Socket) => void)[] = [];
  private head = 0;
  private drainScheduled = false;
  private stopped = false;
  private lastWarn = -Infinity;
  private warned = { handshakes: 0, rate: 0, global: 0 };
  private readonly drainTask = () => this.drain();

  constructor(
    opts: Partial<AdmissionOptions> | undefined,
    /** Starts an admitted connection (the controller's accept). */
    private readonly start: (sock: Socket) => void,
    private readonly logger: Logger,
  ) {
    const o = { ...ADMISSION_DEFAULTS, ...definedOnly(opts ?? {}) };
    checkOptions(o);
    this.options = o;
    this.buckets = o.perSourceRate > 0 ? new SourceBuckets(o.perSourceRate, o.perSourceBurst) : null;
    this.global = o.globalRate > 0 ? new TokenBucket(o.globalRate, o.globalBurst) : null;
  }

  /**
   * A listener's connection callback (the socket arrives paused). `start`
   * runs once it is admitted: the controller's plain handler by default; the
   * TLS listener passes its own, so the rate applies to the raw socket before
   * any TLS work and the handshake slot covers the TLS handshake as well.
   */
  offer(sock: Socket, start: (sock: Socket) => void = this.start): void {
    if (this.admit(sock.remoteAddress ?? '?')) this.enqueue(sock, start);
    else sock.resetAndDestroy(); // RST: the peer learns at once, and no FIN_WAIT/TIME_WAIT state stays behind on our side
  }

  /**
   * The checks alone, for a connection from `address` that is not a socket
   * yet (early.ts): false means refuse it (counted); true means admitted,
   * holding a handshake slot, and `enqueue` must follow.
   */
  admit(address: string): boolean {
    if (this.stopped) return false;
    if (this.counts.handshaking >= this.options.maxHandshakes) {
      this.counts.refusedHandshakes++;
      this.maybeWarn();
      return false;
    }
    const now = performance.now();
    const g = this.global === null ? Infinity : this.global.level(now);
    if (g < 1) {
      this.counts.refusedGlobal++;
      this.maybeWarn();
      return false;
    }
    if (this.buckets !== null) {
      const mine = this.buckets.level(address, now);
      if (mine < 1) {
        this.counts.refusedRate++;
        this.maybeWarn();
        return false;
      }
      // the global budget's second half is kept for sources that have been quiet
      if (g < this.global!.burst / 2 && mine < this.options.perSourceBurst / 2) {
        this.counts.refusedGlobal++;
        this.maybeWarn();
        return false;
      }
      this.buckets.takeOne(address);
    }
    this.global?.takeOne();
    this.counts.handshaking++;
    return true;
  }

  /** Queues a socket that `admit` let in, to be started after this turn's input (at most acceptsPerTurn a turn). */
  enqueue(sock: Socket, start: (sock: Socket) => void = this.start): void {
    if (this.stopped) {
      this.handshakeEnded();
      sock.destroy();
      return;
    }
    this.queue.push(sock);
    this.starts.push(start);
    if (!this.drainScheduled) {
      this.drainScheduled = true;
      setImmediate(this.drainTask);
    }
  }

  /** A connection admitted here went up or closed before it did. */
  handshakeEnded(): void {
    if (this.counts.handshaking > 0) this.counts.handshaking--;
  }

  /** Resets whatever is still queued; refuses everything offered later. */
  stop(): void {
    this.stopped = true;
    for (let i = this.head; i < this.queue.length; i++) this.queue[i]!.destroy();
    this.queue = [];
    this.starts = [];
    this.head = 0;
  }

  private drain(): void {
    this.drainScheduled = false;
    const end = Math.min(this.queue.length, this.head + this.options.acceptsPerTurn);
    while (this.head < end) {
      const i = this.head++;
      const sock = this.queue[i]!;
      const start = this.starts[i]!;
      if (sock.destroyed) {
        this.handshakeEnded();
        continue;
      }
      this.counts.admitted++;
      start(sock);
    }
    if (this.head < this.queue.length) {
      this.drainScheduled = true;
      setImmediate(this.drainTask);
    } else {
      this.queue = [];
      this.starts = [];
      this.head = 0;
    }
    this.maybeWarn();
  }

  private maybeWarn(): void {
    const c = this.counts;
    const handshakes = c.refusedHandshakes - this.warned.handshakes;
    const rate = c.refusedRate - this.warned.rate;
    const global = c.refusedGlobal - this.warned.global;
    if (handshakes + rate + global === 0) return;
    const now = performance.now();
    if (now - this.lastWarn < WARN_EVERY_MS) return;
    this.lastWarn = now;
    this.warned = { handshakes: c.refusedHandshakes, rate: c.refusedRate, global: c.refusedGlobal };
    this.logger.warn('refusing new connections', {
      'over_handshake_bound': handshakes, 'over_source_rate': rate, 'over_global_rate': global, handshaking: c.handshaking,
      'max_handshakes': this.options.maxHandshakes, 'per_source_rate': this.options.perSourceRate, 'global_rate': this.options.globalRate,
    });
  }
}

function definedOnly(o: Partial<AdmissionOptions>): Partial<AdmissionOptions> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<AdmissionOptions>;
}

function checkOptions(o: AdmissionOptions): void {
  const whole = (k: keyof AdmissionOptions, min: number) => {
    if (!Number.isInteger(o[k]) || o[k] < min) throw new RangeError(`admission ${k} must be a whole number >= ${min} (got ${o[k]})`);
  };
  whole('maxHandshakes', 1);
  whole('perSourceBurst', 1);
  whole('acceptsPerTurn', 1);
  whole('globalBurst', 1);
  if (!(Number.isFinite(o.globalRate) && o.globalRate >= 0)) throw new RangeError(`admission globalRate must be >= 0 (got ${o.globalRate})`);
  if (!(Number.isFinite(o.perSourceRate) && o.perSourceRate >= 0)) throw new RangeError(`admission perSourceRate must be >= 0 (got ${o.perSourceRate})`);
}
