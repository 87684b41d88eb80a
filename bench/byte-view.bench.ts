/**
 * What a decoded byte field costs to make: Buffer#subarray against
 * codec/schema/bytes.ts's bytesView, on one input (the case of many fields
 * or messages from one chunk) and on a fresh input each time (one message
 * per buffer: bytesView then reads the getters subarray reads). Median ns
 * per view over rounds, CPU time.
 *
 *   npm run build && node dist/bench/byte-view.bench.js [rounds]
 */
import { bytesView } from '../codec/schema/bytes.js';

const rounds = Number(process.argv[2] ?? 7);
const N = 2_000_000;
const chunk = Buffer.alloc(4096);
/** 64 distinct Buffers over one chunk, as a framer would hand them out. */
const inputs = Array.from({ length: 64 }, (_, i) => chunk.subarray(i * 64, i * 64 + 64));
let sink: Buffer | undefined;

const cpuNs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) * 1000;
};
const cases: [string, () => void][] = [
  ['subarray, one input', () => { for (let i = 0; i < N; i++) sink = chunk.subarray(i & 1023, 1100); }],
  ['bytesView, one input', () => { for (let i = 0; i < N; i++) sink = bytesView(chunk, i & 1023, 1100); }],
  ['subarray, a new input each time', () => { for (let i = 0; i < N; i++) sink = inputs[i & 63]!.subarray(8, 64); }],
  ['bytesView, a new input each time', () => { for (let i = 0; i < N; i++) sink = bytesView(inputs[i & 63]!, 8, 64); }],
];
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
console.log(`node ${process.version}, ${rounds} rounds of ${N} views, median CPU ns per view`);
console.log('| case | ns |');
console.log('|---|---:|');
for (const [name, run] of cases) {
  run();
  const xs: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const t = cpuNs();
    run();
    xs.push((cpuNs() - t) / N);
  }
  console.log(`| ${name} | ${median(xs).toFixed(1)} |`);
}
if (sink === undefined) throw new Error('unreachable');
