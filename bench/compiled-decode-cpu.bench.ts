/**
 * Compiled decode against the interpreter, timed in CPU time instead of wall
 * time. On this shared box the wall-clock medians of compiled.bench.ts move
 * 2-3x between runs (another process takes the core mid-sample); the
 * process's own CPU time barely does. Each round times compiled, then the
 * interpreter, on the same inputs, for at least `ms` of CPU each; the
 * figure is the median of the rounds.
 *
 *   npm run build && nice -n 19 node dist/bench/compiled-decode-cpu.bench.js [ms-per-sample] [rounds] [--no-types] [--no-settle]
 *
 * Inputs are those of compiled.bench.ts's decode cases (decode only: no
 * field reads after it), plus the 21 TABLE_FEATURES replies alone (the
 * bulk of "all fixtures"). Then the fixture set again, one row per message
 * type, lowest ratio first, with each type's share of the set's time.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { decodeMessage, decodeMessageInterpreted, encodeMessage, type DecodeResult } from '../codec/message.js';
import '../codec/index.js';
import { FIXTURES, listFixtures } from '../test/support/fixtures.js';

const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const ms = Number(args[0] ?? 150);
const rounds = Number(args[1] ?? 7);

const frame = Buffer.from(
  '80000000000100000000000208004500003200000000ff11000000000000000000000000000000000000000000000000000000000000000000000000000000000000',
  'hex',
).subarray(0, 64);
const valid = (b: Buffer): boolean => decodeMessageInterpreted(b).ok;
const fixtures = [...listFixtures('of10'), ...listFixtures('of13')].filter((f) => valid(f.bytes));
const cases: [string, Buffer[]][] = [
  ['1.0 PACKET_IN', [encodeMessage({ version: 1, type: 'OFPT_PACKET_IN', xid: 0, buffer_id: 1, total_len: 64, in_port: 1, reason: 0, data: frame })]],
  // The same message in 64 distinct Buffers taken in turn: no byte-field view can come from
  // codec/schema/bytes.ts's memory of the last input (the row above repeats one buffer).
  ['1.0 PACKET_IN, a different Buffer each time', Array.from({ length: 64 }, () => Buffer.from(encodeMessage({ version: 1, type: 'OFPT_PACKET_IN', xid: 0, buffer_id: 1, total_len: 64, in_port: 1, reason: 0, data: frame })))],
  ['1.3 PACKET_IN', [listFixtures('of13').find((f) => f.id.startsWith('of13/ovs/') && /PACKET_IN/.test(f.id) && !f.truncated)!.bytes]],
  ['1.3 FLOW_MOD, OXM match + instructions', [readFileSync(join(FIXTURES, 'of13/ryu/libofproto-OFP13-flow_mod.packet'))]],
  ['1.3 flow-stats reply, 50 entries', [readFileSync(join(FIXTURES, 'bench/of13-flow-stats-reply-50-flows.packet'))]],
  ['1.0 FEATURES_REPLY, 48 ports', [readFileSync(join(FIXTURES, 'bench/of10-features-reply-48-ports.packet'))]],
  [`the ${fixtures.filter((f) => f.id.includes('TABLE_FEATURES')).length} TABLE_FEATURES fixtures`, fixtures.filter((f) => f.id.includes('TABLE_FEATURES')).map((f) => f.bytes)],
  [`all ${fixtures.length} valid fixtures`, fixtures.map((f) => f.bytes)],
];

/**
 * A full collection before each sample (`--no-settle` leaves it out): without it, a sample pays
 * for garbage the one before it left in the young generation, and the interpreter, which makes
 * several times the compiled path's garbage, is timed just before each compiled sample. The
 * fixture set's TABLE_FEATURES replies took 587 µs compiled in the per-type table that way,
 * against 147-168 µs when timed on their own.
 */
setFlagsFromString('--expose-gc');
const collect = process.argv.includes('--no-settle') ? undefined : (runInNewContext('gc') as (() => void) | undefined);
const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
/**
 * CPU nanoseconds per message over at least `ms` of CPU. The clock is read
 * after about 200 kB of messages (reading it is a system call, a few
 * microseconds: per message it would be most of a PACKET_IN's decode).
 */
function time(dec: (b: Buffer) => DecodeResult, xs: Buffer[]): number {
  const reps = Math.max(1, Math.ceil(200_000 / xs.reduce((a, b) => a + b.length, 0)));
  let n = 0;
  collect?.();
  const t0 = cpuMs();
  let t = 0;
  do {
    for (let r = 0; r < reps; r++) for (const b of xs) if (!dec(b).ok) throw new Error('decode failed');
    n += reps * xs.length;
    t = cpuMs() - t0;
  } while (t < (msOverride ?? ms));
  return (t * 1e6) / n;
}
/** The per-type table's shorter samples (time() reads it instead of `ms` when set). */
let msOverride: number | undefined;
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
const f = (x: number): string => (x >= 100 ? x.toFixed(0) : x.toFixed(1));

console.log(`node ${process.version}, CPU time, ${rounds} rounds of >= ${ms} ms CPU per path, median ns per message`);
console.log('| case | interpreter | compiled | compiled vs interpreter |');
console.log('|---|---:|---:|---:|');
for (const [name, xs] of cases) {
  time(decodeMessage, xs);
  time(decodeMessageInterpreted, xs);
  const c: number[] = [], i: number[] = [];
  for (let r = 0; r < rounds; r++) {
    c.push(time(decodeMessage, xs));
    i.push(time(decodeMessageInterpreted, xs));
  }
  console.log(`| ${name} | ${f(median(i))} | ${f(median(c))} | ${(median(i) / median(c)).toFixed(1)}x |`);
}

/**
 * The fixture set by message type (version, type, and the multipart type of
 * multipart messages), so the table shows which types are under 10x and how
 * much of the set's time each holds. Shorter samples (a third of `ms`, 5
 * rounds): a type is a few fixtures.
 */
const groups = new Map<string, Buffer[]>();
for (const fx of process.argv.includes('--no-types') ? [] : fixtures) {
  const r = decodeMessageInterpreted(fx.bytes);
  if (!r.ok) continue;
  const v = r.value as unknown as Record<string, unknown>;
  const mp = typeof v['multipart_type'] === 'string' ? `/${v['multipart_type']}` : typeof v['stats_type'] === 'string' ? `/${v['stats_type']}` : '';
  const key = `${v['version'] === 1 ? '1.0' : '1.3'} ${String(v['type'])}${mp}`;
  const list = groups.get(key) ?? [];
  list.push(fx.bytes);
  groups.set(key, list);
}
const rows: { key: string; n: number; i: number; c: number }[] = [];
for (const [key, xs] of groups) {
  const timeShort = (dec: (b: Buffer) => DecodeResult): number => {
    msOverride = Math.max(10, ms / 3);
    try {
      return time(dec, xs);
    } finally {
      msOverride = undefined;
    }
  };
  timeShort(decodeMessage);
  timeShort(decodeMessageInterpreted);
  const c: number[] = [], i: number[] = [];
  for (let r = 0; r < 5; r++) {
    c.push(timeShort(decodeMessage));
    i.push(timeShort(decodeMessageInterpreted));
  }
  rows.push({ key, n: xs.length, i: median(i), c: median(c) });
}
if (rows.length === 0) process.exit(0);
const total = rows.reduce((a, r) => a + r.i * r.n, 0);
rows.sort((a, b) => a.i / a.c - b.i / b.c);
console.log('');
console.log(`The ${fixtures.length} fixtures by message type (5 rounds of >= ${Math.max(10, ms / 3).toFixed(0)} ms CPU per path), lowest ratio first:`);
console.log('| type | fixtures | share of the set\'s interpreter time | interpreter | compiled | compiled vs interpreter |');
console.log('|---|---:|---:|---:|---:|---:|');
for (const r of rows) {
  console.log(`| ${r.key} | ${r.n} | ${((100 * r.i * r.n) / total).toFixed(1)}% | ${f(r.i)} | ${f(r.c)} | ${(r.i / r.c).toFixed(1)}x |`);
}
const under = rows.filter((r) => r.i / r.c < 10);
console.log(`${under.length} of ${rows.length} types under 10x, holding ${((100 * under.reduce((a, r) => a + r.i * r.n, 0)) / total).toFixed(1)}% of the set's interpreter time.`);
