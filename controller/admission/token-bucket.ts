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
    let b = this.buckets.get(source);
    if (b === undefined) {
      if (this.buckets.size >= this.maxSources) this.prune(now);
      b = { tokens: this.burst, at: now };
      this.buckets.set(source, b);
    } else {
      b.tokens = Math.min(this.burst, b.tokens + ((now - b.at) * this.rate) / 1000);
      b.at = now;
    }
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
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
