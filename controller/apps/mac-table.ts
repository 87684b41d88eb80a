/**
 * A bounded MAC -> port table with no allocation after construction: open
 * addressing with linear probing over typed arrays, the key a 48-bit MAC as
 * two 24-bit halves (small integers, never boxed), and a ring of insertion
 * slots so that when the table is full the oldest entry is evicted.
 */
export class MacTable {
  readonly capacity: number;
  private readonly mask: number;
  private readonly keyHi: Int32Array; // -1 = empty bucket
  private readonly keyLo: Int32Array;
  private readonly port: Float64Array; // 32-bit port numbers (unsigned)
  private readonly ringOf: Int32Array; // bucket -> ring slot
  private readonly ringHi: Int32Array; // ring slot -> key (-1 = free)
  private readonly ringLo: Int32Array;
  private head = 0;
  size = 0;
  evictions = 0;

  constructor(readonly max: number) {
    if (!(max >= 1)) throw new RangeError('MacTable max must be >= 1');
    let cap = 16;
    while (cap < max * 2) cap *= 2;
    this.capacity = cap;
    this.mask = cap - 1;
    this.keyHi = new Int32Array(cap).fill(-1);
    this.keyLo = new Int32Array(cap);
    this.port = new Float64Array(cap);
    this.ringOf = new Int32Array(cap);
    this.ringHi = new Int32Array(max).fill(-1);
    this.ringLo = new Int32Array(max);
  }

  private bucket(hi: number, lo: number): number {
    let h = Math.imul(lo ^ Math.imul(hi, 0x9e3779b1), 0x85ebca6b);
    h ^= h >>> 15;
    return h & this.mask;
  }

  private find(hi: number, lo: number): number {
    let b = this.bucket(hi, lo);
    const kh = this.keyHi;
    for (;;) {
      const k = kh[b]!;
      if (k === -1) return -1;
      if (k === hi && this.keyLo[b] === lo) return b;
      b = (b + 1) & this.mask;
    }
  }

  /** Port for the MAC, or -1. */
  get(hi: number, lo: number): number {
    const b = this.find(hi, lo);
    return b < 0 ? -1 : this.port[b]!;
  }

  /** Learn (or move) a MAC; evicts the oldest entry when full. */
  set(hi: number, lo: number, port: number): void {
    const found = this.find(hi, lo);
    if (found >= 0) {
      this.port[found] = port;
      return;
    }
    const slot = this.head;
    if (this.ringHi[slot] !== -1) {
      this.removeBucket(this.find(this.ringHi[slot]!, this.ringLo[slot]!));
      this.evictions++;
    }
    this.head = slot + 1 === this.max ? 0 : slot + 1;
    let b = this.bucket(hi, lo);
    while (this.keyHi[b] !== -1) b = (b + 1) & this.mask;
    this.keyHi[b] = hi;
    this.keyLo[b] = lo;
    this.port[b] = port;
    this.ringOf[b] = slot;
    this.ringHi[slot] = hi;
    this.ringLo[slot] = lo;
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
    let n = 0;
    for (let b = 0; b < this.capacity; ) {
      if (this.keyHi[b] !== -1 && this.port[b] === port) {
        this.removeBucket(b);
        n++;
        continue; // removeBucket may have shifted another entry into b
      }
      b++;
    }
    return n;
  }

  clear(): void {
    this.keyHi.fill(-1);
    this.ringHi.fill(-1);
    this.size = 0;
    this.head = 0;
  }

  /** Remove bucket b (backward-shift deletion keeps probe chains intact). */
  private removeBucket(b: number): void {
    if (b < 0) return;
    const mask = this.mask;
    this.ringHi[this.ringOf[b]!] = -1;
    this.size--;
    let hole = b;
    let j = b;
    for (;;) {
      j = (j + 1) & mask;
      const k = this.keyHi[j]!;
      if (k === -1) break;
      const home = this.bucket(k, this.keyLo[j]!);
      // move j into the hole if its home is not in (hole, j] cyclically
      const inRange = hole <= j ? home > hole && home <= j : home > hole || home <= j;
      if (inRange) continue;
      this.keyHi[hole] = k;
      this.keyLo[hole] = this.keyLo[j]!;
      this.port[hole] = this.port[j]!;
      this.ringOf[hole] = this.ringOf[j]!;
      hole = j;
    }
    this.keyHi[hole] = -1;
  }
}
