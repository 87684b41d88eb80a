import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { MacTable } from '../../controller/apps/mac-table.js';

/** Reference model: a Map in insertion order, oldest evicted when full. */
test('MacTable matches a Map model under random learn / move / forget / evict', () => {
  let seed = 12345;
  const rnd = (n: number) => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % n);
  for (const max of [1, 3, 16, 100]) {
    const t = new MacTable(max);
    // model: key -> {port, slot order}; ring order of insertion
    const model = new Map<string, number>();
    const ring: (string | null)[] = new Array(max).fill(null);
    let head = 0;
    for (let i = 0; i < 20000; i++) {
      const hi = rnd(4) === 0 ? 0xffffff : rnd(3);
      const lo = rnd(max * 3);
      const key = `${hi}:${lo}`;
      const op = rnd(10);
      if (op < 6) {
        const port = rnd(5) + 1;
        if (model.has(key)) model.set(key, port);
        else {
          const old = ring[head];
          if (old !== null) model.delete(old);
          ring[head] = key;
          head = (head + 1) % max;
          model.set(key, port);
        }
        t.set(hi, lo, port);
      } else if (op < 8) {
        assert.is(t.get(hi, lo), model.get(key) ?? -1, `get ${key} at step ${i}`);
      } else if (op < 9) {
        const had = model.delete(key);
        if (had) ring[ring.indexOf(key)] = null;
        assert.is(t.delete(hi, lo), had);
      } else {
        const port = rnd(5) + 1;
        let n = 0;
        for (const [k, p] of [...model]) if (p === port) { model.delete(k); ring[ring.indexOf(k)] = null; n++; }
        assert.is(t.deletePort(port), n);
      }
      assert.is(t.size, model.size);
      assert.ok(t.size <= max);
    }
    for (const [k, p] of model) {
      const [hi, lo] = k.split(':').map(Number);
      assert.is(t.get(hi!, lo!), p);
    }
  }
});

test('full 48-bit MACs as 24-bit halves', () => {
  const t = new MacTable(4);
  t.set(0xffffff, 0xffffff, 0xfffffffe);
  t.set(0, 0, 1);
  assert.is(t.get(0xffffff, 0xffffff), 0xfffffffe);
  assert.is(t.get(0, 0), 1);
  assert.is(t.get(0, 0xffffff), -1);
});
test.run();
