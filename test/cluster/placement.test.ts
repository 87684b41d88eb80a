/**
 * Rendezvous placement of switch mastership over the live instances: the
 * same order on every instance, an even spread, and when an instance leaves
 * only its own switches move.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { preferenceOrder, rankOf } from '../../controller/cluster/placement.js';
import { Cluster, ClusterConfigError } from '../../controller/cluster/cluster.js';

const dpids = Array.from({ length: 3000 }, (_, i) => (i + 1).toString(16).padStart(16, '0'));

test('every instance computes the same order, whatever order it lists the members in', () => {
  for (const d of dpids.slice(0, 50)) assert.equal(preferenceOrder(['a', 'b', 'c'], d), preferenceOrder(['c', 'a', 'b'], d));
  assert.is(rankOf('zz', ['a', 'b'], dpids[0]!), 2, 'an unlisted instance ranks last');
});

test('3000 switches over 3 instances: each gets a third, within 10%', () => {
  const n = new Map<string, number>();
  for (const d of dpids) {
    const m = preferenceOrder(['n1', 'n2', 'n3'], d)[0]!;
    n.set(m, (n.get(m) ?? 0) + 1);
  }
  for (const [m, c] of n) assert.ok(c > 900 && c < 1100, `${m}: ${c}`);
});

test('an instance leaves: only its switches move, spread over the others', () => {
  const before = new Map(dpids.map((d) => [d, preferenceOrder(['n1', 'n2', 'n3'], d)[0]!]));
  const moved = new Map<string, number>();
  for (const d of dpids) {
    const now = preferenceOrder(['n1', 'n3'], d)[0]!;
    if (before.get(d) !== 'n2') assert.is(now, before.get(d), 'a switch of a surviving instance stays');
    else moved.set(now, (moved.get(now) ?? 0) + 1);
  }
  for (const c of moved.values()) assert.ok(c > 350, `n2's switches split between n1 and n3: ${[...moved]}`);
});

test('cluster options are checked before anything connects', () => {
  for (const [o, re] of [
    [{ endpoints: ['http://127.0.0.1:2379'], nodeId: 'bad id' }, /--node-id/],
    [{ endpoints: ['127.0.0.1:2379'], nodeId: 'n1' }, /not a URL/],
    [{ endpoints: ['ftp://x:1'], nodeId: 'n1' }, /http/],
    [{ endpoints: [], nodeId: 'n1' }, /at least one/],
    [{ endpoints: ['http://127.0.0.1:2379'], nodeId: 'n1', leaseTtlSec: 0 }, /--lease-ttl/],
  ] as const) {
    assert.throws(() => new Cluster(o), (e: unknown) => e instanceof ClusterConfigError && re.test((e as Error).message));
  }
});

test.run();
