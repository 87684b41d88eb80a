/**
 * A bounded MAC -> port table with no allocation after construction.
 *
 * - Open addressing with linear probing over one Int32Array; a bucket is four
 *   ints [hi, lo, port, ringSlot] so one lookup touches one cache line. The key
 *   is a 48-bit MAC as two 24-bit halves (small integers, never boxed).
 * - Bounded at `max` entries by a ring of slots swept by a clock hand
 *   (second-chance FIFO): when full, the oldest entry is evicted unless it was
 *   used (looked up or seen again) since the hand last passed it; then it gets
 *   a second chance. A host that is still talking is not pushed out by a flood
 *   of new one-packet sources; an idle one goes in insertion order.
 * - Deletion uses backward shifting, so probe chains never hold tombstones.
 * - Memory grows with use: the table starts small and doubles (rehash) while
 *   fewer than `max` MACs are known, so a switch that learns ten hosts costs a
 *   few KiB, not the full bound. Nothing is allocated once it is full.
 */
const REF = 1 << 24; // "used" mark in a ring slot's hi word (MAC halves are 24-bit)
const HI_MASK = REF - 1;

export class MacTable {
  /** Buckets now; grows up to the first power of two >= 2 * max. */
  capacity: number;
  private readonly maxCapacity: number;
  private mask: number;
  /** 4 ints per bucket: hi (-1 = empty), lo, port (as int32), ring slot. */
  private tab: Int32Array;
  /** 2 ints per ring slot: hi | REF (-1 = free), lo. Grows up to max slots. */
  private ring: Int32Array;
  /** Ring slots in use so far (the ring is filled in order before the hand first wraps). */
  private ringLen: number;
  private hand = 0;
  size = 0;
  evictions = 0;

  constructor(readonly max: number, initial = 32) {
    if (!(max >= 1)) throw new RangeError('MacTable max must be >= 1');
    let top = 16;
    while (top < max * 2) top *= 2;
    this.maxCapacity = top;
    let cap = 16;
    while (cap < initial * 2 && cap < top) cap *= 2;
    this.capacity = cap;
    this.mask = cap - 1;
    this.tab = MacTable.emptyTable(cap);
    this.ringLen = Math.min(max, cap >>> 1);
    this.ring = new Int32Array(this.ringLen * 2).fill(-1);
  }

  private static emptyTable(cap: number): Int32Array {
    const t = new Int32Array(cap * 4);
    for (let b = 0; b < cap; b++) t[b * 4] = -1;
    return t;
  }

  /** Double the buckets and the ring (only while fewer than max entries were ever placed). */
  private grow(): void {
    const old = this.tab;
    const oldCap = this.capacity;
    const cap = Math.min(oldCap * 2, this.maxCapacity);
    this.capacity = cap;
    this.mask = cap - 1;
    const t = MacTable.emptyTable(cap);
    for (let b = 0; b < oldCap; b++) {
      const hi = old[b * 4]!;
      if (hi === -1) continue;
      let nb = this.bucket(hi, old[b * 4 + 1]!);
      while (t[nb * 4] !== -1) nb = (nb + 1) & this.mask;
      t[nb * 4] = hi;
      t[nb * 4 + 1] = old[b * 4 + 1]!;
      t[nb * 4 + 2] = old[b * 4 + 2]!;
      t[nb * 4 + 3] = old[b * 4 + 3]!;
    }
    this.tab = t;
    const len = Math.min(this.max, cap >>> 1);
    if (len > this.ringLen) {
      const r = new Int32Array(len * 2).fill(-1);
      r.set(this.ring);
      this.ring = r;
      this.ringLen = len;
    }
  }

  private bucket(hi: number, lo: number): number {
    let h = Math.imul(lo ^ Math.imul(hi, 0x9e3779b1), 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
    return h & this.mask;
  }

  /** Bucket index holding the MAC, or -1. */
  private find(hi: number, lo: number): number {
    const t = this.tab;
    const mask = this.mask;
    let b = this.bucket(hi, lo);
    for (;;) {
      const k = t[b * 4]!;
      if (k === -1) return -1;
      if (k === hi && t[b * 4 + 1] === lo) return b;
      b = (b + 1) & mask;
    }
  }

  /** Port for the MAC (marks it used), or -1. */
  get(hi: number, lo: number): number {
    const b = this.find(hi, lo);
    if (b < 0) return -1;
    const t = this.tab;
    this.ring[t[b * 4 + 3]! * 2] |= REF;
    return t[b * 4 + 2]! >>> 0;
  }

  /** Learn (or move, or refresh) a MAC; when full, evicts as described above. */
  set(hi: number, lo: number, port: number): void {
    const found = this.find(hi, lo);
    if (found >= 0) {
      const t = this.tab;
      t[found * 4 + 2] = port | 0;
      this.ring[t[found * 4 + 3]! * 2] |= REF;
      return;
    }
    // the ring is filled in order; when the hand reaches its end before max slots exist, grow
    if (this.hand >= this.ringLen) this.grow();
    const t = this.tab;
    const ring = this.ring;
    const max = this.ringLen;
    let s = this.hand;
    for (;;) {
      const e = ring[s * 2]!;
      if (e === -1) break;
      if ((e & REF) === 0) {
        this.removeBucket(this.find(e, ring[s * 2 + 1]!));
        this.evictions++;
        break;
      }
      ring[s * 2] = e & HI_MASK; // second chance
      s = s + 1 === max ? 0 : s + 1;
    }
    this.hand = s + 1 === max && max === this.max ? 0 : s + 1;
    const mask = this.mask;
    let b = this.bucket(hi, lo);
    while (t[b * 4] !== -1) b = (b + 1) & mask;
    t[b * 4] = hi;
    t[b * 4 + 1] = lo;
    t[b * 4 + 2] = port | 0;
    t[b * 4 + 3] = s;
    ring[s * 2] = hi;
    ring[s * 2 + 1] = lo;
    this.size++;
  }

  delete(hi: number, lo: number): boolean {
    const b = this.find(hi, lo);
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
      if (t[b * 4] !== -1 && t[b * 4 + 2] === p) {
        this.removeBucket(b);
        n++;
        continue; // backward shift may have moved another entry into b
      }
      b++;
    }
    return n;
  }

  clear(): void {
    for (let b = 0; b < this.capacity; b++) this.tab[b * 4] = -1;
    this.ring.fill(-1);
    this.size = 0;
    this.hand = 0;
  }

  /** Remove bucket b, shifting later entries of its probe chain back. */
  private removeBucket(b: number): void {
    if (b < 0) return;
    const t = this.tab;
    const mask = this.mask;
    this.ring[t[b * 4 + 3]! * 2] = -1;
    this.size--;
    let hole = b;
    let j = b;
    for (;;) {
      j = (j + 1) & mask;
      const k = t[j * 4]!;
      if (k === -1) break;
      const home = this.bucket(k, t[j * 4 + 1]!);
      // j may fill the hole only if its home is not cyclically in (hole, j]
      const stays = hole <= j ? home > hole && home <= j : home > hole || home <= j;
      if (stays) continue;
      t[hole * 4] = k;
      t[hole * 4 + 1] = t[j * 4 + 1]!;
      t[hole * 4 + 2] = t[j * 4 + 2]!;
      t[hole * 4 + 3] = t[j * 4 + 3]!;
      hole = j;
    }
    t[hole * 4] = -1;
  }
}
