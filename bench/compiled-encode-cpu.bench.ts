/**
 * Compiled encode against the interpreter and the hand-written writers,
 * timed in CPU time instead of wall time (on this shared box the wall-clock
 * medians of compiled.bench.ts move 2-3x between runs; the process's own CPU
 * time barely does). Each round times every path on the same input for at
 * least `ms` of CPU each; the figure is the median of the rounds.
 *
 *   npm run build && nice -n 19 node dist/bench/compiled-encode-cpu.bench.js [ms-per-sample] [rounds] [--types]
 *
 * Paths: interpreter = encodeMessageInterpreted; compiled = encodeMessage
 * (sizes the message, allocates it, writes it); into = encodeMessageInto a
 * buffer the caller reuses; hand-written = the codec/hot.ts writer appending
 * the same FLOW_MOD to an OutBuffer from numbers (bench/flow-mod-inputs.ts).
 * The writers and encodeMessageInto both write into a caller's buffer: that
 * pair is the like-for-like comparison. The FLOW_MODs are encoded twice: with
 * the addresses as text (as a user types them: MAC and IPv4 text to parse)
 * and as numbers (the form the writers take them in).
 *
 * "read only" (TABLE_FEATURES): a loop that only reads every field of the
 * same values and writes nothing, the floor for any encoder of these values
 * on this machine (they are about 12,000 small objects per reply).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeMessageInterpreted, encodeMessage, encodeMessageInterpreted, encodeMessageInto, type Message } from '../codec/message.js';
import '../codec/index.js';
import * as hot from '../codec/hot.js';
import { FIXTURES, listFixtures } from '../test/support/fixtures.js';
import { handWriters, obj10, obj10n, obj13, obj13n } from './flow-mod-inputs.js';

const ms = Number(process.argv[2] ?? 150);
const rounds = Number(process.argv[3] ?? 7);

function value(b: Buffer): Message {
  const r = decodeMessageInterpreted(b);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}
const fixtures = [...listFixtures('of10'), ...listFixtures('of13')].filter((f) => decodeMessageInterpreted(f.bytes).ok);
const tableFeatures = fixtures.filter((f) => f.id.includes('TABLE_FEATURES'));
const out = new hot.OutBuffer(64 * 1024);
const { writer10, writer13 } = handWriters(out);
const cases: [string, Record<string, unknown>[], (() => void)?][] = [
  ['1.0 FLOW_MOD', [obj10], writer10],
  ['1.0 FLOW_MOD, addresses as numbers', [obj10n], writer10],
  ['1.3 FLOW_MOD', [obj13], writer13],
  ['1.3 FLOW_MOD, addresses as numbers', [obj13n], writer13],
  ['1.3 FLOW_MOD, OXM match + instructions', [value(readFileSync(join(FIXTURES, 'of13/ryu/libofproto-OFP13-flow_mod.packet')))]],
  ['1.3 flow-stats reply, 50 entries', [value(readFileSync(join(FIXTURES, 'bench/of13-flow-stats-reply-50-flows.packet')))]],
  [`the ${tableFeatures.length} TABLE_FEATURES fixtures`, tableFeatures.map((f) => value(f.bytes))],
  [`all ${fixtures.length} valid fixtures`, fixtures.map((f) => value(f.bytes))],
];

const into = Buffer.alloc(64 * 1024);
let sink = 0;
const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
/** The per-type table's shorter samples (time() reads it instead of `ms` when set). */
let msOverride: number | undefined;
/** CPU nanoseconds per message over at least `ms` of CPU; the clock is read every ~100 messages or one pass. */
function time(one: (v: Record<string, unknown>) => number, xs: Record<string, unknown>[]): number {
  const reps = Math.max(1, Math.ceil(100 / xs.length));
  let n = 0;
  const t0 = cpuMs();
  let t = 0;
  do {
    for (let r = 0; r < reps; r++) for (const v of xs) sink = (sink + one(v)) | 0;
    n += reps * xs.length;
    t = cpuMs() - t0;
  } while (t < (msOverride ?? ms));
  return (t * 1e6) / n;
}
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
const f = (x: number | undefined): string => (x === undefined ? '—' : x >= 100 ? x.toFixed(0) : x.toFixed(1));

// Same bytes on every path, or the comparison means nothing.
for (const [name, xs, hand] of cases) {
  for (const v of xs) {
    const b = encodeMessageInterpreted(v);
    if (!encodeMessage(v).equals(b) || !into.subarray(0, encodeMessageInto(v, into, 0)).equals(b)) throw new Error(`${name}: paths disagree`);
    if (hand) {
      out.reset();
      hand();
      if (!Buffer.from(out.bytes()).equals(b)) throw new Error(`${name}: the writer disagrees`);
    }
  }
}

const paths: [string, (v: Record<string, unknown>) => number][] = [
  ['interpreter', (v) => encodeMessageInterpreted(v).length],
  ['compiled', (v) => encodeMessage(v).length],
  ['into', (v) => encodeMessageInto(v, into, 0)],
];
console.log(`node ${process.version}, CPU time, ${rounds} rounds of >= ${ms} ms CPU per path, median ns per message`);
console.log('| case | interpreter | compiled | compiled, into | hand-written | compiled vs interpreter | into vs interpreter | into / hand-written |');
console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
for (const [name, xs, hand] of cases) {
  const all: [string, (v: Record<string, unknown>) => number][] = hand ? [...paths, ['hand', () => (hand(), out.pos)]] : paths;
  const got = new Map<string, number[]>(all.map(([p]) => [p, []]));
  for (const [, one] of all) time(one, xs);
  for (let r = 0; r < rounds; r++) for (const [p, one] of all) got.get(p)!.push(time(one, xs));
  const i = median(got.get('interpreter')!), c = median(got.get('compiled')!), k = median(got.get('into')!);
  const h = hand ? median(got.get('hand')!) : undefined;
  console.log(`| ${name} | ${f(i)} | ${f(c)} | ${f(k)} | ${f(h)} | ${(i / c).toFixed(1)}x | ${(i / k).toFixed(1)}x | ${h === undefined ? '—' : `${(k / h).toFixed(1)}x`} |`);
}

/** Reads every field of a TABLE_FEATURES reply's value, as an encoder must, and writes nothing. */
function readOnly(m: Record<string, unknown>): number {
  type O = Record<string, unknown>;
  let s = (m['xid'] as number) + (m['flags'] as number);
  for (const t of (m['body'] ?? []) as O[]) {
    s += (t['table_id'] as number) + (t['config'] as number) + (t['max_entries'] as number) + (t['name'] as string).length;
    s += t['metadata_match'] === 0n ? 0 : 1;
    for (const p of t['properties'] as O[]) {
      s += (p['type'] as string).length;
      const l = (p['oxm_ids'] ?? p['action_ids'] ?? p['instruction_ids']) as O[] | undefined;
      if (l) {
        for (let i = 0; i < l.length; i++) {
          const o = l[i]!;
          s += o['type'] !== undefined
            ? (o['type'] as string).length + (o['body'] as Uint8Array).length
            : (o['class'] as string).length + (typeof o['field'] === 'number' ? o['field'] : 1) + (o['oxm_length'] as number) + (o['hasmask'] ? 1 : 0);
        }
      }
      const n = p['next_table_ids'] as number[] | undefined;
      if (n) for (let i = 0; i < n.length; i++) s += n[i]!;
    }
  }
  return s;
}
const tf = tableFeatures.map((f) => value(f.bytes));
const got: number[] = [];
time(readOnly, tf);
for (let r = 0; r < rounds; r++) got.push(time(readOnly, tf));
console.log(`read only, the ${tableFeatures.length} TABLE_FEATURES fixtures (every field read, nothing written): ${f(median(got))} ns per message`);

/**
 * With --types: the fixture set by message type (version, type, and the multipart type of multipart
 * messages), lowest ratio first, with each type's share of the set's interpreter time, so the table
 * shows which types hold the set under 10x. Shorter samples (a third of `ms`, 5 rounds).
 */
if (process.argv.includes('--types')) {
  const groups = new Map<string, Record<string, unknown>[]>();
  for (const fx of fixtures) {
    const v = value(fx.bytes) as unknown as Record<string, unknown>;
    const mp = typeof v['multipart_type'] === 'string' ? `/${v['multipart_type']}` : typeof v['stats_type'] === 'string' ? `/${v['stats_type']}` : '';
    const key = `${v['version'] === 1 ? '1.0' : '1.3'} ${String(v['type'])}${mp}`;
    const list = groups.get(key) ?? [];
    list.push(v);
    groups.set(key, list);
  }
  const rows: { key: string; n: number; i: number; c: number; k: number }[] = [];
  msOverride = Math.max(10, ms / 3);
  for (const [key, xs] of groups) {
    const got = new Map<string, number[]>(paths.map(([p]) => [p, []]));
    for (const [, one] of paths) time(one, xs);
    for (let r = 0; r < 5; r++) for (const [p, one] of paths) got.get(p)!.push(time(one, xs));
    rows.push({ key, n: xs.length, i: median(got.get('interpreter')!), c: median(got.get('compiled')!), k: median(got.get('into')!) });
  }
  msOverride = undefined;
  const total = rows.reduce((a, r) => a + r.i * r.n, 0);
  rows.sort((a, b) => a.i / a.k - b.i / b.k);
  console.log('');
  console.log(`The ${fixtures.length} fixtures by message type (5 rounds of >= ${Math.max(10, ms / 3).toFixed(0)} ms CPU per path), lowest into ratio first:`);
  console.log("| type | fixtures | share of the set's interpreter time | interpreter | compiled | compiled, into | compiled vs interpreter | into vs interpreter |");
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of rows) {
    console.log(`| ${r.key} | ${r.n} | ${((100 * r.i * r.n) / total).toFixed(1)}% | ${f(r.i)} | ${f(r.c)} | ${f(r.k)} | ${(r.i / r.c).toFixed(1)}x | ${(r.i / r.k).toFixed(1)}x |`);
  }
  const under = rows.filter((r) => r.i / r.k < 10);
  console.log(`${under.length} of ${rows.length} types under 10x (into), holding ${((100 * under.reduce((a, r) => a + r.i * r.n, 0)) / total).toFixed(1)}% of the set's interpreter time.`);
}
if (sink === 0.5) console.log(sink);
