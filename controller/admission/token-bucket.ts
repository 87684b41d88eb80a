/**
 * Per-source token buckets: each source address may open `burst` connections
 * at once and `rate` a second after that. Buckets refill lazily (on the next
 * connection from that source), so an idle source costs nothing but its map
 * entry, and entries that have refilled completely are dropped when the map
 * grows past `maxSources` (a flood from many addresses cannot grow it
 * without bound).
 */

interface Bucket {
  tokens: number;
  /** ms (the caller's clock) when `tokens` was last brought up to date. */
  at: number;
}

export class SourceBuckets {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    /** Tokens added per second. */
    readonly rate: number,
    /** Bucket size: connections a quiet source may open at once. */
    readonly burst: number,
    private readonly maxSources = 65_536,
  ) {
    if (!(rate > 0) || !(burst >= 1)) throw new RangeError(`token bucket needs rate > 0 and burst >= 1 (got ${rate}, ${burst})`);
  }

  /** Takes one token from `source`'s bucket; false when it is empty. `now` in ms. */
  take(source: string, now: number): boolean {
    if (this.level(source, now) < 1) return false;
    this.takeOne(source);
    return true;
  }

  /** Tokens in `source`'s bucket now (a new source starts full). `now` in ms. */
  level(source: string, now: number): number {
    let b = this.buckets.get(source);
    if (b === undefined) {
      if (this.buckets.size >= this.maxSources) this.prune(now);
      b = { tokens: this.burst, at: now };
      this.buckets.set(source, b);
    } else {
      b.tokens = Math.min(this.burst, b.tokens + ((now - b.at) * this.rate) / 1000);
      b.at = now;
    }
    return b.tokens;
  }

  /** Takes a token from `source`'s bucket, after `level` said there is one. */
  takeOne(source: string): void {
    const b = this.buckets.get(source);
    if (b !== undefined) b.tokens -= 1;
  }

  get size(): number {
    return this.buckets.size;
  }

  /** Forgets sources whose bucket is full again (they would start full anyway); if none is, the oldest half. */
  private prune(now: number): void {
    for (const [k, b] of this.buckets) {
      if (b.tokens + ((now - b.at) * this.rate) / 1000 >= this.burst) this.buckets.delete(k);
    }
    if (this.buckets.size < this.maxSources) return;
    let n = this.buckets.size >> 1;
    for (const k of this.buckets.keys()) {
      if (n-- <= 0) break;
      this.buckets.delete(k);
    }
  }
}

/** One token bucket (the global budget of new connections). */
export class TokenBucket {
  private tokens: number;
  private at = -Infinity;

  constructor(readonly rate: number, readonly burst: number) {
    if (!(rate > 0) || !(burst >= 1)) throw new RangeError(`token bucket needs rate > 0 and burst >= 1 (got ${rate}, ${burst})`);
    this.tokens = burst;
  }

  /** Tokens there now (`now` in ms). */
  level(now: number): number {
    if (this.at !== -Infinity) this.tokens = Math.min(this.burst, this.tokens + ((now - this.at) * this.rate) / 1000);
    this.at = now;
    return this.tokens;
  }

  /** Takes one token after `level(now)` said there is one. */
  takeOne(): void {
    this.tokens -= 1;
  }
}
