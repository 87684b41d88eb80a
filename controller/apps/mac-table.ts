/**
 * A bounded MAC -> port table with no allocation after construction.
 *
 * - Open addressing with linear probing over one Int32Array of 8-byte
 *   buckets (eight to a cache line). The steady state of a learning switch
 *   is one lookup per packet at a random-looking bucket; with 16 switches of
 *   100,000 MACs each, the tables are bigger than the CPU caches and that
 *   lookup is a cache miss: the footprint is the speed, so a bucket is just
 *   the key and a port index, and the misses of a batch are overlapped by
 *   prefetch() (bench/mac-table.bench.ts). Layout:
 *   [(hi + 1) | USED | portIdx >> 8 << 26, lo | (portIdx & 0xff) << 24]
 *   (0 = empty), where hi/lo are the MAC's 24-bit halves (small integers,
 *   never boxed) and portIdx indexes a per-table list of the port numbers
 *   seen (a switch has few ports; 1.3 port numbers are 32-bit).
 * - Bounded at `max` entries by a ring of slots swept by a clock hand
 *   (second-chance FIFO): when full, the oldest entry is evicted unless it was
 *   used (looked up or seen again) since the hand last passed it; then it gets
 *   a second chance. A host that is still talking is not pushed out by a flood
 *   of new one-packet sources; an idle one goes in insertion order. The ring
 *   slot of each bucket lives in a parallel array that only inserts and
 *   removals touch.
 * - Deletion uses backward shifting, so probe chains never hold tombstones.
 * - At most LOAD of the buckets are used (linear probing stays short, and
 *   with eight buckets to a line a hit is almost always one line).
 * - Memory: the table starts with room for `initial` entries (256 by default,
 *   about 5 KiB) and doubles its entries whenever the ring fills, up to
 *   `max` (a few allocations early under load, none after). Until the last
 *   step a table is at most half full (sized for twice its entries), so
 *   probe chains stay short; the bound itself is sized at LOAD. The
 *   footprint follows what a switch holds because the footprint is the speed
 *   even when nothing spills to memory: with cbench's 1000 MACs on each of
 *   16 switches, tables sized straight to 4096 entries spread those MACs over
 *   twice the cache lines, 512 KiB in all, and set() missed the 1 MiB L2
 *   beside the read and write buffers (profile: set() a third of the packet
 *   path at -M 1000; issue 16). Zero means empty, so fresh arrays need no
 *   initialisation pass.
 */
const USED = 1 << 25; // "used" mark in a bucket's key word (keys are hi + 1 <= 2^24)
const KEY_MASK = USED - 1;
const LO_MASK = 0xffffff;
/** Distinct port numbers a table can index (14 bits: 6 in the key word, 8 in the lo word). */
export const MAX_PORTS = 1 << 14;
/** Buckets loaded per prefetch loop: enough independent misses to fill the CPU's queue of outstanding loads. */
const PREFETCH_CHUNK = 16;
/** Largest fraction of the buckets in use. */
export const LOAD = 0.8;
/**
 * Entries up to which a table counts as small: its lines stay in cache between
 * visits, so prefetching them costs more than it saves (see `large`).
 */
const SMALL_ENTRIES = 4096;

/**
 * Buckets for n entries: n <= LOAD * buckets, a multiple of 16, at least 16.
 * Not a power of two: the bucket index comes from the hash by a multiply
 * (range reduction), so the table is only as big as `max` needs. With a
 * power of two, cbench's 131,072-MAC bound took 2^18 buckets (2 MiB) per
 * switch; 16 switches' tables (32 MiB) no longer fit the 32 MiB L3 cache
 * beside everything else, and every lookup went to memory.
 */
export function bucketsFor(n: number): number {
  return Math.max(16, Math.ceil(n / LOAD / 16) * 16);
}

const SMALL_BUCKETS = bucketsFor(SMALL_ENTRIES);

export class MacTable {
  capacity: number;
  private readonly maxCapacity: number;
  /** capacity / 2^32: hash * scale is the bucket (see bucket()). */
  private scale: number;
  /** 2 ints per bucket, see above. */
  private tab: Int32Array;
  /** Ring slot of each bucket (moves with the bucket). */
  private slotOf: Int32Array;
  /** 2 ints per ring slot, in insertion order: hi + 1 (0 = free), lo. */
  private ring: Int32Array;
  /** Ring slots available now (max once grown); filled in order before the hand first wraps. */
  private ringLen: number;
  private hand = 0;
  /** Port number (as int32) of each port index, and the reverse. */
  private readonly ports = new Int32Array(MAX_PORTS);
  private readonly portIdx = new Map<number, number>();
  private lastPort = -1;
  private lastIdx = -1;
  /** Buckets queued by prefetch (indices; always inside the table: it only grows). */
  private readonly prefetchQ = new Int32Array(PREFETCH_CHUNK);
  private nPrefetch = 0;
  /** Sink of the prefetch loads. */
  touched = 0;
  size = 0;
  evictions = 0;
  /** Times the port index filled up and the table was cleared (a switch sending > MAX_PORTS distinct in_ports). */
  resets = 0;

  constructor(readonly max: number, initial = 256) {
    if (!(max >= 1)) throw new RangeError('MacTable max must be >= 1');
    this.maxCapacity = bucketsFor(max);
    const entries = Math.max(1, Math.min(initial, max));
    const cap = this.bucketsHolding(entries);
    this.capacity = cap;
    this.scale = cap / 4294967296;
    this.tab = new Int32Array(cap * 2);
    this.slotOf = new Int32Array(cap);
    this.ringLen = entries;
    this.ring = new Int32Array(entries * 2);
  }

  /** Buckets for a table that holds up to `entries` before it grows again (see Memory above). */
  private bucketsHolding(entries: number): number {
    return entries >= this.max ? this.maxCapacity : Math.min(bucketsFor(entries * 2), this.maxCapacity);
  }

  /** Whether the table has grown past SMALL_ENTRIES (until then it is small enough to stay in cache: nothing to prefetch). */
  get large(): boolean {
    return this.capacity > SMALL_BUCKETS;
  }

  /** Double the entries (up to `max`; called when the ring is used up before the hand first wraps). */
  private grow(): void {
    const old = this.tab;
    const oldSlot = this.slotOf;
    const oldCap = this.capacity;
    const entries = Math.min(this.max, this.ringLen * 2);
    const cap = this.bucketsHolding(entries);
    const r = new Int32Array(entries * 2);
    r.set(this.ring);
    this.ring = r;
    this.ringLen = entries;
    if (cap === oldCap) return; // the buckets were sized for the bound already: only the ring grows
    this.capacity = cap;
    this.scale = cap / 4294967296;
    const t = new Int32Array(cap * 2);
    const s = new Int32Array(cap);
    for (let b = 0; b < oldCap; b++) {
      const w0 = old[b * 2]!;
      if (w0 === 0) continue;
      const w1 = old[b * 2 + 1]!;
      let nb = this.bucket(w0 & KEY_MASK, w1 & LO_MASK);
      while (t[nb * 2] !== 0) nb = nb + 1 === cap ? 0 : nb + 1;
      t[nb * 2] = w0;
      t[nb * 2 + 1] = w1;
      s[nb] = oldSlot[b]!;
    }
    this.tab = t;
    this.slotOf = s;
  }

  private bucket(key: number, lo: number): number {
    let h = Math.imul(lo ^ Math.imul(key, 0x9e3779b1), 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
    // (h / 2^32) * capacity, exact in a double (h * capacity < 2^53): uses the hash's high bits
    return ((h >>> 0) * this.scale) | 0;
  }

  /** Bucket index holding key (= hi + 1) / lo, or -1. */
  private find(key: number, lo: number): number {
    const t = this.tab;
    const cap = this.capacity;
    let b = this.bucket(key, lo);
    for (;;) {
      const k = t[b * 2]!;
      if (k === 0) return -1;
      if ((k & KEY_MASK) === key && (t[b * 2 + 1]! & LO_MASK) === lo) return b;
      b = b + 1 === cap ? 0 : b + 1;
    }
  }

  /** The port index stored in bucket b (see the layout above; set() packs it). */
  private portIndexAt(b: number): number {
    const t = this.tab;
    return ((t[b * 2]! >>> 26) << 8) | (t[b * 2 + 1]! >>> 24);
  }

  /** Index of a port number (added if new; -1 when the index is full). */
  private indexOf(port: number): number {
    if (port === this.lastPort && this.lastIdx >= 0) return this.lastIdx;
    let i = this.portIdx.get(port);
    if (i === undefined) {
      i = this.portIdx.size;
      if (i >= MAX_PORTS) return -1;
      this.portIdx.set(port, i);
      this.ports[i] = port;
    }
    this.lastPort = port;
    this.lastIdx = i;
    return i;
  }

  /**
   * Announce a MAC that get/set will be asked about soon. JavaScript has no
   * prefetch instruction, but a loop of independent loads is one: the CPU
   * keeps many cache misses in flight at once. So buckets are queued and
   * loaded PREFETCH_CHUNK at a time in a tight loop (the queue is drained
   * before the next get/set too). Measured with bench/mac-table.bench.ts:
   * about 2x faster per packet when the tables outgrow the caches.
   */
  prefetch(hi: number, lo: number): void {
    const n = this.nPrefetch;
    this.prefetchQ[n] = this.bucket(hi + 1, lo);
    this.nPrefetch = n + 1;
    if (n + 1 === PREFETCH_CHUNK) this.drain();
  }

  /** Load every queued bucket (the values are only summed, so the loads are not optimised away). */
  private drain(): void {
    const t = this.tab;
    const q = this.prefetchQ;
    const n = this.nPrefetch;
    let x = 0;
    for (let i = 0; i < n; i++) x ^= t[q[i]! * 2]!;
    this.nPrefetch = 0;
    this.touched ^= x;
  }

  /** Port for the MAC (marks it used), or -1. */
  get(hi: number, lo: number): number {
    if (this.nPrefetch !== 0) this.drain();
    const b = this.find(hi + 1, lo);
    if (b < 0) return -1;
    this.tab[b * 2] |= USED;
    return this.ports[this.portIndexAt(b)]! >>> 0;
  }

  /** Learn (or move, or refresh) a MAC; when full, evicts as described above. */
  set(hi: number, lo: number, port: number): void {
    if (this.nPrefetch !== 0) this.drain();
    const key = hi + 1;
    let idx = this.indexOf(port | 0);
    if (idx < 0) {
      // a switch reporting more distinct ports than the index holds: start over (the table is a cache)
      this.clear();
      this.resets++;
      idx = this.indexOf(port | 0);
    }
    const w0 = key | USED | ((idx >>> 8) << 26);
    const w1 = lo | ((idx & 0xff) << 24);
    const found = this.find(key, lo);
    const t0 = this.tab;
    if (found >= 0) {
      // a known MAC on the same port (the steady state): leave the line clean when the used mark is already set,
      // so the cache does not write it back to memory
      if (t0[found * 2] !== w0 || t0[found * 2 + 1] !== w1) {
        t0[found * 2] = w0;
        t0[found * 2 + 1] = w1;
      }
      return;
    }
    if (this.hand >= this.ringLen) this.grow();
    const ring = this.ring;
    const max = this.ringLen;
    let s = this.hand;
    for (;;) {
      const e = ring[s * 2]!;
      if (e === 0) break;
      const vb = this.find(e, ring[s * 2 + 1]!);
      if ((this.tab[vb * 2]! & USED) === 0) {
        this.removeBucket(vb);
        this.evictions++;
        break;
      }
      this.tab[vb * 2] &= ~USED; // second chance
      s = s + 1 === max ? 0 : s + 1;
    }
    this.hand = s + 1 === max && max === this.max ? 0 : s + 1;
    const t = this.tab;
    const cap = this.capacity;
    let b = this.bucket(key, lo);
    while (t[b * 2] !== 0) b = b + 1 === cap ? 0 : b + 1;
    t[b * 2] = w0 & ~USED; // new entries start unused: they get no second chance until looked up or seen again
    t[b * 2 + 1] = w1;
    this.slotOf[b] = s;
    ring[s * 2] = key;
    ring[s * 2 + 1] = lo;
    this.size++;
  }

  delete(hi: number, lo: number): boolean {
    const b = this.find(hi + 1, lo);
    if (b < 0) return false;
    this.removeBucket(b);
    return true;
  }

  /** Forget every MAC learned on `port`; returns how many. */
  deletePort(port: number): number {
    const idx = this.portIdx.get(port | 0);
    if (idx === undefined) return 0;
    const t = this.tab;
    let n = 0;
    for (let b = 0; b < this.capacity; ) {
      if (t[b * 2] !== 0 && this.portIndexAt(b) === idx) {
        this.removeBucket(b);
        n++;
        continue; // backward shift may have moved another entry into b
      }
      b++;
    }
    return n;
  }

  clear(): void {
    this.tab.fill(0);
    this.ring.fill(0);
    this.portIdx.clear();
    this.lastPort = this.lastIdx = -1;
    this.size = 0;
    this.hand = 0;
  }

  /**
   * Up to `limit` entries as (48-bit MAC number, port), in bucket order. For
   * diagnostics (REST API, web view): walks the whole table and allocates,
   * so never call it per packet. Does not mark entries used.
   */
  entries(limit = Infinity): Array<{ mac: number; port: number }> {
    const out: Array<{ mac: number; port: number }> = [];
    const t = this.tab;
    for (let b = 0; b < this.capacity && out.length < limit; b++) {
      const w0 = t[b * 2]!;
      if (w0 === 0) continue;
      const hi = (w0 & KEY_MASK) - 1;
      const lo = t[b * 2 + 1]! & LO_MASK;
      out.push({ mac: hi * 0x1000000 + lo, port: this.ports[this.portIndexAt(b)]! >>> 0 });
    }
    return out;
  }

  /** Remove bucket b, shifting later entries of its probe chain back. */
  private removeBucket(b: number): void {
    if (b < 0) return;
    const t = this.tab;
    const so = this.slotOf;
    const cap = this.capacity;
    this.ring[so[b]! * 2] = 0;
    this.size--;
    let hole = b;
    let j = b;
    for (;;) {
      j = j + 1 === cap ? 0 : j + 1;
      const k = t[j * 2]!;
      if (k === 0) break;
      const home = this.bucket(k & KEY_MASK, t[j * 2 + 1]! & LO_MASK);
      // j may fill the hole only if its home is not cyclically in (hole, j]
      const stays = hole <= j ? home > hole && home <= j : home > hole || home <= j;
      if (stays) continue;
      t[hole * 2] = k;
      t[hole * 2 + 1] = t[j * 2 + 1]!;
      so[hole] = so[j]!;
      hole = j;
    }
    t[hole * 2] = 0;
    t[hole * 2 + 1] = 0;
  }
}
