/**
 * The GC proof tells V8's memory reducer's mark-compacts from the others
 * (bench/gc-proof.ts): the reducer collects *because* the allocation rate is
 * low, so its collections say nothing about per-message allocation, while any
 * other mark-compact in the steady state does. The trace is real
 * `node --trace-gc --trace-gc-verbose` output of `nodeflow start` under
 * `nodeflow bench -M 100000` (fixtures/gc/reducer-trace.txt: a start-up
 * mark-compact, then the reducer's timer finding a high, then a low rate).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as path from 'node:path';
import { attributeReducer, parseGcLine, type GcEvent } from '../../bench/gc-proof.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const lines = readFileSync(path.join(ROOT, 'fixtures/gc/reducer-trace.txt'), 'utf8').split('\n').filter(Boolean);

test('trace lines: scavenges, mark-compacts and the reducer start line are told apart; other output is not a GC', () => {
  const evs = lines.map(parseGcLine);
  assert.ok(evs.every((e) => e !== null), 'every line of the trace carries a timestamp');
  const kinds = (evs as GcEvent[]).map((e) => e.kind);
  assert.equal(kinds.filter((k) => k === 'mark-compact').length, 3);
  assert.equal(kinds.filter((k) => k === 'reducer-start').length, 2);
  assert.equal(parseGcLine('listening on 127.0.0.1:6653'), null);
  const sc = parseGcLine('[7475:0x154637a0]     9056 ms: Scavenge 17.6 (27.2) -> 9.8 (27.2) MB, 0.33 / 0.00 ms  allocation failure;');
  assert.equal(sc?.kind, 'scavenge');
  assert.equal(sc?.ms, 9056);
});

test('only the mark-compact that follows "Memory reducer: started GC" is the reducer\'s', () => {
  const evs = lines.map(parseGcLine) as GcEvent[];
  attributeReducer(evs);
  const mcs = evs.filter((e) => e.kind === 'mark-compact');
  assert.equal(mcs.map((e) => e.byReducer), [false, true, true]);
  assert.equal(mcs.map((e) => e.ms), [2449, 16850, 17673]);
  // a mark-compact after the reducer's finished is not the reducer's
  const more = [...evs, parseGcLine('[7475:0x154637a0]     1710 ms: Mark-Compact 9.8 (27.2) -> 9.5 (27.2) MB, 7.62 / 0.05 ms  (+ 0.1 ms in 1 steps since start of marking, biggest step 0.1 ms, walltime since start of marking 75 ms) (average mu = 0.992, current mu = 0.992) finalize incremental marking via stack guard; GC in old space requested')!]; // another real start-up one, replayed after them
  attributeReducer(more);
  assert.equal(more.filter((e) => e.kind === 'mark-compact').map((e) => e.byReducer), [false, true, true, false]);
});

test.run();
