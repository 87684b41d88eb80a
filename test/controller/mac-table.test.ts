import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { MacTable, LOAD, MAX_PORTS } from '../../controller/apps/mac-table.js';

/**
 * Reference model: a ring of slots swept by a clock hand; an entry used since
 * the hand last passed (looked up, or learned again) gets a second chance,
 * otherwise the oldest is evicted.
 */
test('MacTable matches a second-chance FIFO model under random learn / move / lookup / forget / prefetch', () => {
  let seed = 12345;
  const rnd = (n: number) => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % n);
  for (const max of [1, 3, 16, 100]) {
    const t = new MacTable(max, 8); // small initial size: the growth step is exercised too
    const model = new Map<string, number>();
    const ring: (string | null)[] = new Array(max).fill(null);
    const ref: boolean[] = new Array(max).fill(false);
    let hand = 0;
    let evictions = 0;
    for (let i = 0; i < 20000; i++) {
      const hi = rnd(4) === 0 ? 0xffffff : rnd(3);
      const lo = rnd(max * 3);
      const key = `${hi}:${lo}`;
      const op = rnd(10);
      // prefetches of known and unknown MACs, queued across a growth step, never change an answer
      if (rnd(3) === 0) for (let k = rnd(40); k > 0; k--) t.prefetch(rnd(4) === 0 ? 0xffffff : rnd(3), rnd(max * 3));
      if (op < 6) {
        const port = rnd(5) + 1;
        if (model.has(key)) {
          model.set(key, port);
          ref[ring.indexOf(key)] = true;
        } else {
          for (;;) {
            if (ring[hand] === null) break;
            if (!ref[hand]) { model.delete(ring[hand]!); evictions++; break; }
            ref[hand] = false;
            hand = (hand + 1) % max;
          }
          ring[hand] = key;
          ref[hand] = false;
          hand = (hand + 1) % max;
          model.set(key, port);
        }
        t.set(hi, lo, port);
      } else if (op < 8) {
        if (model.has(key)) ref[ring.indexOf(key)] = true;
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
    assert.is(t.evictions, evictions);
    for (const [k, p] of model) {
      const [hi, lo] = k.split(':').map(Number);
      assert.is(t.get(hi!, lo!), p);
    }
  }
});

test('a host in use survives a flood of new sources; an idle one is evicted first', () => {
  const t = new MacTable(4);
  t.set(0, 1, 1); // busy host
  t.set(0, 2, 2); // idle host
  for (let i = 0; i < 100; i++) {
    assert.is(t.get(0, 1), 1, `busy host still known after ${i} new sources`);
    t.set(1, i, 3);
  }
  assert.is(t.get(0, 2), -1);
  assert.is(t.size, 4);
});

test('memory follows use: a big bound starts small and doubles with what the table holds, keeping every entry', () => {
  const t = new MacTable(100000);
  assert.ok(t.capacity * 8 <= 8192, `starts with ${t.capacity} buckets`);
  assert.is(t.large, false);
  for (let i = 0; i < 1000; i++) t.set(1, i, (i % 7) + 1);
  // 1000 MACs (cbench's default per switch): at most half the buckets used (short probes), a few times
  // fewer buckets than the bound's 125,000
  assert.ok(t.capacity >= 2000 && t.capacity * LOAD <= 2048, `${t.capacity} buckets for 1000 MACs`);
  assert.is(t.large, false, 'a table of 1000 MACs is not worth prefetching');
  for (let i = 1000; i < 100000; i++) t.set(1, i, (i % 7) + 1);
  assert.ok(t.capacity * LOAD >= 100000, `${t.capacity} buckets for 100000 MACs`);
  assert.is(t.large, true);
  for (let i = 0; i < 100000; i++) assert.is(t.get(1, i), (i % 7) + 1);
  assert.is(t.evictions, 0);
  assert.is(t.size, 100000);
  // full: every entry was just looked up, so the hand gives each its second chance, then evicts the oldest
  t.set(2, 0, 1);
  assert.is(t.size, 100000);
  assert.is(t.evictions, 1);
});

test('full 48-bit MACs as 24-bit halves', () => {
  const t = new MacTable(4);
  t.set(0xffffff, 0xffffff, 0xfffffffe);
  t.set(0, 0, 1);
  assert.is(t.get(0xffffff, 0xffffff), 0xfffffffe);
  assert.is(t.get(0, 0), 1);
  assert.is(t.get(0, 0xffffff), -1);
});
test('ports are indexed per table: 32-bit port numbers, and more distinct ports than the index holds start the table over', () => {
  const t = new MacTable(MAX_PORTS * 2);
  for (let i = 0; i < MAX_PORTS; i++) t.set(2, i, 0x10000 + i * 7919);
  assert.is(t.resets, 0);
  for (let i = 0; i < MAX_PORTS; i++) assert.is(t.get(2, i), 0x10000 + i * 7919, `port of MAC ${i}`);
  assert.is(t.deletePort(0x10000 + 5 * 7919), 1);
  assert.is(t.get(2, 5), -1);
  t.set(3, 1, 0xffffff00); // one port too many: the table is a cache, so it is cleared, not corrupted
  assert.is(t.resets, 1);
  assert.is(t.size, 1);
  assert.is(t.get(3, 1), 0xffffff00);
  assert.is(t.get(2, 1), -1);
  t.set(3, 2, 0xffffffff);
  assert.is(t.get(3, 2), 0xffffffff);
  assert.is(t.get(3, 1), 0xffffff00);
});
test.run();
