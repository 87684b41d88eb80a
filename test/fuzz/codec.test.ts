/**
 * The short, fixed-seed fuzz run CI does on every commit: mutations of every
 * fixture and of messages synthesised from every registered schema, checked
 * against decodeMessage, decodeStream, every view and the CLI decode paths
 * (properties in ./properties.ts). FUZZ_SEED / FUZZ_COUNT override the seed
 * and the number of inputs; bench/fuzz-long.ts is the long run.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { supportedVersions } from '../../codec/index.js';
import { runFuzz, describe } from './run.js';
import { loadCorpus, fixtureSeeds } from './corpus.js';
import { Rng } from './prng.js';
import { checkInput } from './properties.js';

const SEED = Number(process.env['FUZZ_SEED'] ?? 20261127);
const COUNT = Number(process.env['FUZZ_COUNT'] ?? 60000);

test('the corpus covers every fixture and every registered version', () => {
  const corpus = loadCorpus(new Rng(SEED));
  const fixtures = fixtureSeeds();
  assert.ok(fixtures.length > 0, 'fixtures/ holds message files');
  for (const f of fixtures) assert.ok(corpus.some((c) => c.id === f.id), f.id);
  for (const v of supportedVersions()) {
    assert.ok(corpus.some((c) => c.bytes[0] === v && c.id.startsWith('gen:')), `messages synthesised for wire version ${v}`);
  }
});

test(`${COUNT} mutated inputs (seed ${SEED}) break no property`, async () => {
  const s = await runFuzz({ seed: SEED, count: COUNT, keep: 10, cliEvery: 25 });
  const report = [...s.signatures].map(([k, n]) => `${n}× ${k}`).join('\n');
  const first = s.failures.map(describe).join('\n\n');
  assert.is(s.signatures.size, 0, `fuzz failures (replay with makeInput(${SEED}, index, corpus)):\n${report}\n\n${first}`);
  // The fuzzer must reach past the header checks, or it tests nothing deep.
  assert.ok(s.decodedOk > s.inputs * 0.05, `only ${s.decodedOk} of ${s.inputs} inputs decoded`);
  assert.ok(s.views.length > 0, 'views were found and fuzzed');
});

// The checker itself must catch what it looks for, or a green run means nothing.
class PeekPastEnd {
  buf: Buffer = Buffer.alloc(0);
  off = 0;
  len = 0;
  bind(buf: Buffer, off: number, len: number): null { this.buf = buf; this.off = off; this.len = len; return null; }
  get lastPlusOne(): number { return this.buf[this.off + this.len] ?? -1; }
}
class Throws {
  bind(): null { return null; }
  get boom(): number { throw new RangeError('out of range'); }
}

test('the checker catches a view that reads past its input, and one that throws', () => {
  const echo = Buffer.from('0102000800000001', 'hex');
  const peek = checkInput(echo, { views: [{ name: 'PeekPastEnd', make: () => new PeekPastEnd(), getters: ['lastPlusOne'] }] });
  assert.is(peek?.property, 'no-read-past-end');
  const boom = checkInput(echo, { views: [{ name: 'Throws', make: () => new Throws() as never, getters: ['boom'] }] });
  assert.is(boom?.property, 'no-throw');
  assert.is(checkInput(echo, { views: [] }), undefined, 'a valid ECHO_REQUEST passes');
});

test.run();
