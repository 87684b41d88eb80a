/**
 * A bounded MAC -> port table with no allocation after construction.
 *
 * - Open addressing with linear probing over one Int32Array; a bucket is four
 *   ints [(hi + 1) | USED (0 = empty), lo, port, ringSlot], so a lookup, and
 *   marking the entry used, touch one cache line. The key is a 48-bit MAC as
 *   two 24-bit halves (small integers, never boxed).
 * - Bounded at `max` entries by a ring of slots swept by a clock hand
 *   (second-chance FIFO): when full, the oldest entry is evicted unless it was
 *   used (looked up or seen again) since the hand last passed it; then it gets
 *   a second chance. A host that is still talking is not pushed out by a flood
 *   of new one-packet sources; an idle one goes in insertion order.
 * - Deletion uses backward shifting, so probe chains never hold tombstones.
 * - Memory: the table starts sized for `initial` entries (4096 by default,
 *   about 160 KiB) and, if a switch ever holds more, grows once, straight to
 *   the size for `max` (one allocation early under load, none after). Zero
 *   means empty, so fresh arrays need no initialisation pass.
 */
const REF = 1 << 25; // "used" mark in a bucket's key word (keys are hi + 1 <= 2^24)
const KEY_MASK = REF - 1;

export class MacTable {
  capacity: number;
  private readonly maxCapacity: number;
  private mask: number;
  /** 4 ints per bucket: (hi + 1) | REF (0 = empty), lo, port (as int32), ring slot. */
  private tab: Int32Array;
  /** 2 ints per ring slot, in insertion order: hi + 1 (0 = free), lo. */
  private ring: Int32Array;
  /** Ring slots available now (max once grown); filled in order before the hand first wraps. */
  private ringLen: number;
  private hand = 0;
  size = 0;
  evictions = 0;

  constructor(readonly max: number, initial = 4096) {
    if (!(max >= 1)) throw new RangeError('MacTable max must be >= 1');
    let top = 16;
    while (top < max * 2) top *= 2;
    this.maxCapacity = top;
    let cap = 16;
    while (cap < initial * 2 && cap < top) cap *= 2;
    this.capacity = cap;
    this.mask = cap - 1;
    this.tab = new Int32Array(cap * 4);
    this.ringLen = Math.min(max, cap >>> 1);
    this.ring = new Int32Array(this.ringLen * 2);
  }

  /** Grow to the full size for `max` (once: when the initial ring is used up). */
  private grow(): void {
    const old = this.tab;
    const oldCap = this.capacity;
    const cap = this.maxCapacity;
    this.capacity = cap;
    this.mask = cap - 1;
    const t = new Int32Array(cap * 4);
    for (let b = 0; b < oldCap; b++) {
      const key = old[b * 4]!;
      if (key === 0) continue;
      let nb = this.bucket(key & KEY_MASK, old[b * 4 + 1]!);
      while (t[nb * 4] !== 0) nb = (nb + 1) & this.mask;
      t[nb * 4] = key;
      t[nb * 4 + 1] = old[b * 4 + 1]!;
      t[nb * 4 + 2] = old[b * 4 + 2]!;
      t[nb * 4 + 3] = old[b * 4 + 3]!;
    }
    this.tab = t;
    const r = new Int32Array(this.max * 2);
    r.set(this.ring);
    this.ring = r;
    this.ringLen = this.max;
  }

  private bucket(key: number, lo: number): number {
    let h = Math.imul(lo ^ Math.imul(key, 0x9e3779b1), 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
    return h & this.mask;
  }

  /** Bucket index holding key (= hi + 1) / lo, or -1. */
  private find(key: number, lo: number): number {
    const t = this.tab;
    const mask = this.mask;
    let b = this.bucket(key, lo);
    for (;;) {
      const k = t[b * 4]!;
      if (k === 0) return -1;
      if ((k & KEY_MASK) === key && t[b * 4 + 1] === lo) return b;
      b = (b + 1) & mask;
    }
  }

  /** Port for the MAC (marks it used), or -1. */
  get(hi: number, lo: number): number {
    const b = this.find(hi + 1, lo);
    if (b < 0) return -1;
    const t = this.tab;
    t[b * 4] |= REF;
    return t[b * 4 + 2]! >>> 0;
  }

  /** Learn (or move, or refresh) a MAC; when full, evicts as described above. */
  set(hi: number, lo: number, port: number): void {
    const key = hi + 1;
    const found = this.find(key, lo);
    if (found >= 0) {
      const t = this.tab;
      t[found * 4 + 2] = port | 0;
      t[found * 4] |= REF;
      return;
    }
    if (this.hand >= this.ringLen) this.grow();
    const t = this.tab;
    const ring = this.ring;
    const max = this.ringLen;
    let s = this.hand;
    for (;;) {
      const e = ring[s * 2]!;
      if (e === 0) break;
      const vb = this.find(e, ring[s * 2 + 1]!);
      if ((this.tab[vb * 4]! & REF) === 0) {
        this.removeBucket(vb);
        this.evictions++;
        break;
      }
      this.tab[vb * 4] &= KEY_MASK; // second chance
      s = s + 1 === max ? 0 : s + 1;
    }
    this.hand = s + 1 === max && max === this.max ? 0 : s + 1;
    const mask = this.mask;
    let b = this.bucket(key, lo);
    while (t[b * 4] !== 0) b = (b + 1) & mask;
    t[b * 4] = key;
    t[b * 4 + 1] = lo;
    t[b * 4 + 2] = port | 0;
    t[b * 4 + 3] = s;
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
    const t = this.tab;
    const p = port | 0;
    let n = 0;
    for (let b = 0; b < this.capacity; ) {
      if (t[b * 4] !== 0 && t[b * 4 + 2] === p) {
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
    this.size = 0;
    this.hand = 0;
  }

  /** Remove bucket b, shifting later entries of its probe chain back. */
  private removeBucket(b: number): void {
    if (b < 0) return;
    const t = this.tab;
    const mask = this.mask;
    this.ring[t[b * 4 + 3]! * 2] = 0;
    this.size--;
    let hole = b;
    let j = b;
    for (;;) {
      j = (j + 1) & mask;
      const k = t[j * 4]!;
      if (k === 0) break;
      const home = this.bucket(k & KEY_MASK, t[j * 4 + 1]!);
      // j may fill the hole only if its home is not cyclically in (hole, j]
      const stays = hole <= j ? home > hole && home <= j : home > hole || home <= j;
      if (stays) continue;
      t[hole * 4] = k;
      t[hole * 4 + 1] = t[j * 4 + 1]!;
      t[hole * 4 + 2] = t[j * 4 + 2]!;
      t[hole * 4 + 3] = t[j * 4 + 3]!;
      hole = j;
    }
    t[hole * 4] = 0;
  }
}
