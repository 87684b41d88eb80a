/**
 * The long fuzz run: `node dist/bench/fuzz-long.js [--seed S] [--count N]
 * [--out DIR] [--view-every K] [--cli-every K] [--extras-every K] [--both-sentinels]`. Same inputs and properties as
 * the CI run (test/fuzz), many more of them; progress every 100k inputs on
 * stderr, a summary on stdout, and each distinct failing input written to
 * DIR (default /tmp/nodeflow-fuzz) as <property>-<index>.bin for triage into
 * fixtures/regress/. Run it niced: `nice -n 10 node dist/bench/fuzz-long.js`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { runFuzz, describe, type RunStats } from '../test/fuzz/run.js';

const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: '1' },
    count: { type: 'string', default: '10000000' },
    out: { type: 'string', default: '/tmp/nodeflow-fuzz' },
    'view-every': { type: 'string', default: '1' },
    'cli-every': { type: 'string', default: '50' },
    'extras-every': { type: 'string', default: '8' },
    'both-sentinels': { type: 'boolean', default: false },
  },
});
// CodecError is an Error: without this every rejected input pays for a stack trace it never shows.
Error.stackTraceLimit = 0;
const seed = Number(values.seed);
const count = Number(values.count);
const out = values.out!;
mkdirSync(out, { recursive: true });

function line(s: RunStats): string {
  const rate = Math.round(s.inputs / (s.ms / 1000));
  return `${s.inputs} inputs, ${s.decodedOk} decoded ok, ${(s.bytes / 1e6).toFixed(1)} MB, ${(s.ms / 1000).toFixed(0)} s (${rate}/s), ${s.signatures.size} distinct failures, slowest input ${s.slowest.ms.toFixed(1)} ms (#${s.slowest.index})`;
}

const started = new Date().toISOString();
const s = await runFuzz({
  seed, count, keep: 200,
  viewEvery: Number(values['view-every']), cliEvery: Number(values['cli-every']), extrasEvery: Number(values['extras-every']), oneSentinel: !values['both-sentinels'],
  progressEvery: 100_000,
  onProgress: (st) => process.stderr.write(`${new Date().toISOString()} ${line(st)}\n`),
});
for (const f of s.failures) {
  writeFileSync(join(out, `${f.property}-${f.index}.bin`), f.input);
  if (f.artifact) writeFileSync(join(out, `${f.property}-${f.index}.capture`), f.artifact);
}
process.stdout.write(`fuzz-long seed ${seed}, started ${started}, finished ${new Date().toISOString()}\n`);
process.stdout.write(`corpus ${s.corpus} seeds; views: ${s.views.join(', ')}; cli: ${s.cliDecode ?? 'none'}\n${line(s)}\n`);
for (const [k, n] of s.signatures) process.stdout.write(`  ${n}× ${k}\n`);
for (const f of s.failures) process.stdout.write(`${describe(f)}\n`);
process.exitCode = s.signatures.size ? 1 : 0;
