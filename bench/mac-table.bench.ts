/**
 * The learning switch's MAC table under cbench's access pattern, against a
 * plain `Map` (what a learning switch written the obvious way uses).
 *
 *   npm run build && node dist/bench/mac-table.bench.js [switches, default 16] [macs, default 100000]
 *
 * The pattern: S switches, each cycling through M source MACs
 * 00:<32-bit counter, little-endian>:<switch> (cbench's), delivered in
 * batches of 800 per switch (one 64 KiB socket read of 82-byte PACKET_INs),
 * switch after switch. Per packet: learn the source (set), look up the
 * destination 80:00:00:00:00:<switch> (get): what the learning switch does.
 * One warm-up pass over every MAC first, so what is timed is the steady
 * state of a throughput run (every source already known). With 16 x 100,000
 * MACs the tables outgrow the CPU caches; that is the point. Subjects: the
 * MacTable with the warm pass the learning switch does (prefetch every
 * source of the batch, then handle the packets), the MacTable without it,
 * and a Map per switch keyed by the MAC as a number.
 */
import { MacTable } from '../controller/apps/mac-table.js';
import { DEFAULT_MAX_MACS } from '../controller/apps/learning-switch.js';

const S = Number(process.argv[2] ?? 16);
const M = Number(process.argv[3] ?? 100000);
const BATCH = 800;
const ROUNDS = 7;

interface Table {
  set(hi: number, lo: number, port: number): void;
  get(hi: number, lo: number): number;
  /** Present when the subject prefetches (the learning switch's warm hook: a pass over the batch first). */
  prefetch?(hi: number, lo: number): void;
}

/** MacTable driven without its warm pass. */
class NoPrefetch implements Table {
  private readonly t: MacTable;
  constructor(max: number) { this.t = new MacTable(max); }
  set(hi: number, lo: number, port: number): void { this.t.set(hi, lo, port); }
  get(hi: number, lo: number): number { return this.t.get(hi, lo); }
}

/** The obvious table: one Map per switch keyed by the 48-bit MAC as a number. */
class MapTable implements Table {
  private readonly m = new Map<number, number>();
  set(hi: number, lo: number, port: number): void {
    this.m.set(hi * 0x1000000 + lo, port);
  }
  get(hi: number, lo: number): number {
    const p = this.m.get(hi * 0x1000000 + lo);
    return p === undefined ? -1 : p;
  }
}

let sink = 0;

/** cbench's source MAC for counter c on switch s, as the two 24-bit halves the views give. */
function run(tables: Table[], counters: Int32Array, packets: number): void {
  let done = 0;
  while (done < packets) {
    for (let s = 0; s < S && done < packets; s++) {
      const t = tables[s]!;
      let c = counters[s]!;
      if (t.prefetch !== undefined) {
        // the warm pass over the batch (App.warm), then the packets
        let w = c;
        for (let i = 0; i < BATCH; i++) {
          t.prefetch(((w & 0xff) << 8) | ((w >>> 8) & 0xff), (((w >>> 16) & 0xff) << 16) | (((w >>> 24) & 0xff) << 8) | (s + 1));
          w = w + 1 === M ? 0 : w + 1;
        }
      }
      for (let i = 0; i < BATCH; i++) {
        // bytes: 00, c0, c1 | c2, c3, switch
        const hi = ((c & 0xff) << 8) | ((c >>> 8) & 0xff);
        const lo = (((c >>> 16) & 0xff) << 16) | (((c >>> 24) & 0xff) << 8) | (s + 1);
        t.set(hi, lo, 1);
        sink += t.get(0x800000, s + 1);
        c = c + 1 === M ? 0 : c + 1;
      }
      counters[s] = c;
      done += BATCH;
    }
  }
}

interface Subject { name: string; tables: Table[]; counters: Int32Array; per: number[] }

/** Build each implementation's tables and learn every source once (warm-up). */
function prepare(name: string, make: () => Table): Subject {
  const tables: Table[] = [];
  for (let s = 0; s < S; s++) {
    const t = make();
    t.set(0x800000, s + 1, 2); // the destination, announced first as cbench does
    tables.push(t);
  }
  const counters = new Int32Array(S);
  run(tables, counters, S * M);
  return { name, tables, counters, per: [] };
}

const impls: [string, () => Table][] = [
  [`MacTable, warm pass`, () => new MacTable(DEFAULT_MAX_MACS)],
  [`MacTable, no warm pass`, () => new NoPrefetch(DEFAULT_MAX_MACS)],
  ['Map<number, number>', () => new MapTable()],
];
const subjects = impls.map(([n, make]) => prepare(n, make));
console.log(`${S} switches x ${M} MACs, set + get per packet; ${ROUNDS} passes over every MAC per table, interleaved; median [min-max] ns/packet`);
for (let r = 0; r < ROUNDS; r++) {
  for (const sub of subjects) {
    const t0 = process.hrtime.bigint();
    run(sub.tables, sub.counters, S * M);
    sub.per.push(Number(process.hrtime.bigint() - t0) / (S * M));
  }
}
const med = (a: number[]) => [...a].sort((x, y) => x - y)[a.length >> 1]!;
for (const sub of subjects) {
  const p = [...sub.per].sort((a, b) => a - b);
  console.log(`${sub.name.padEnd(28)} ${med(p).toFixed(1).padStart(7)}  [${p[0]!.toFixed(1)}-${p[p.length - 1]!.toFixed(1)}]`);
}
const m0 = med(subjects[0]!.per);
console.log(`no warm pass / warm pass: ${(med(subjects[1]!.per) / m0).toFixed(2)}x; Map / MacTable with warm pass: ${(med(subjects[2]!.per) / m0).toFixed(2)}x`);
if (sink === 42) console.log('');
