/**
 * Decoding time grows linearly with the number of elements: the same message
 * shape with n and 4n tiny TLVs (64 KiB at 4n). Done once per shape with the
 * best of several runs; a linear decoder gives a ratio near 4, a quadratic
 * one near 16, so the bound (10) tolerates a noisy machine without letting
 * quadratic behaviour through. Absolute speed is measured in bench/, not here.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { decodeMessage } from '../../codec/index.js';
import { shapes, scaling } from './linear.js';
import { loadTargets } from './properties.js';

const BOUND = 10;

for (const shape of shapes) {
  test(`decodeMessage is linear: ${shape.name}`, () => {
    const big = shape.make(shape.max);
    assert.ok(big.length <= 0xffff, `${big.length}-byte message fits a u16 length`);
    const r = decodeMessage(big);
    // A valid message: the whole list is walked, not rejected at its first element.
    assert.ok(r.ok, `${shape.name} decodes: ${r.ok ? '' : r.error.message}`);
    const s = scaling(shape, (b) => { decodeMessage(b); });
    assert.ok(s.ratio < BOUND, `${shape.name}: n=${s.n} ${s.small.toFixed(3)} ms, 4n ${s.large.toFixed(3)} ms, ratio ${s.ratio.toFixed(1)} `);
  });
}

test('views bind and read in linear time', async () => {
  const t = await loadTargets();
  for (const shape of shapes) {
    for (const v of t.views) {
      const view = v.make();
      const big = shape.make(shape.max);
      if (view.bind(big, 0, big.length) !== null) continue;
      const read = (b: Buffer) => {
        view.bind(b, 0, b.length);
        for (const g of v.getters) {
          const x = (view as unknown as Record<string, unknown>)[g];
          if (x && typeof x === 'object' && Symbol.iterator in x) for (const _ of x as Iterable<unknown>) { /* drain */ }
        }
      };
      const s = scaling(shape, read);
      assert.ok(s.ratio < BOUND, `${v.name} on ${shape.name}: ratio ${s.ratio.toFixed(1)}`);
    }
  }
});

test.run();
