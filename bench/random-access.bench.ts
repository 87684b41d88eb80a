/**
 * What one random cache line costs on this machine, by working-set size:
 * the floor under the learning switch at cbench's `-M 100000`, where each
 * PACKET_IN touches one bucket at random in 16 tables of 1.31 MiB (21 MiB).
 *
 *   npm run build && node dist/bench/random-access.bench.js [rounds, default 7]
 *
 * For each size: 16 Int32Arrays (one per switch, as the tables are),
 * 4 million loads at random line-aligned offsets, switch after switch, in
 * a loop of independent loads (the CPU overlaps as many misses as it can:
 * the best case, a throughput, not a latency). Median ns per load over the
 * rounds after the first (V8 tiers the loop up during the first). The
 * tables are touched first, so no load faults a page in.
 */
import { median } from '../loadgen/stats.js';

const ROUNDS = Number(process.argv[2] ?? 7);
const S = 16;
const N = 4_000_000;
const MIB = 1024 * 1024;
/** Total sizes, MiB: from "fits the L2s" to the learning switch's 16 x 100,000 MACs (21 MiB) and beyond. */
const SIZES = [1, 2, 4, 6, 8, 12, 16, 21, 32];

function measure(totalMiB: number): number {
  const ints = Math.floor((totalMiB * MIB) / S / 4 / 16) * 16; // per table, whole 64-byte lines
  const tabs: Int32Array[] = [];
  for (let s = 0; s < S; s++) {
    const t = new Int32Array(ints);
    for (let i = 0; i < ints; i += 16) t[i] = i | 1;
    tabs.push(t);
  }
  const lines = ints / 16;
  const at = new Int32Array(N);
  for (let i = 0; i < N; i++) at[i] = ((Math.random() * lines) | 0) * 16;
  let sink = 0;
  const ns: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const t0 = process.hrtime.bigint();
    let x = 0;
    for (let i = 0; i < N; i++) x ^= tabs[i & (S - 1)]![at[i]!]!;
    const dt = Number(process.hrtime.bigint() - t0);
    sink ^= x;
    if (r > 0) ns.push(dt / N);
  }
  if (sink === 0x7fffffff) process.stdout.write(''); // keep the loads observable
  return median(ns);
}

process.stdout.write(`random 64-byte line loads over 16 arrays, ${N / 1e6}M loads per round, ${ROUNDS} rounds (first not counted), median ns per load\n`);
for (const size of SIZES) process.stdout.write(`${String(size).padStart(3)} MiB  ${measure(size).toFixed(1).padStart(6)} ns\n`);
