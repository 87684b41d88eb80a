/** The link graph on its own: spanning tree, shortest paths, one peer per port, and app loading with `requires`. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { LinkGraph } from '../../controller/topology/graph.js';
import { loadApps } from '../../controller/load.js';
import { startController } from '../controller/support.js';
import { Topology } from '../../controller/topology/service.js';
import { Forwarding } from '../../controller/apps/forwarding/forwarding.js';
import type { App } from '../../controller/app.js';

/** Both directions of a link a:pa -- b:pb. */
function link(g: LinkGraph, a: number, pa: number, b: number, pb: number, now = 0): void {
  g.observe({ dpid: BigInt(a), port: pa }, { dpid: BigInt(b), port: pb }, now);
  g.observe({ dpid: BigInt(b), port: pb }, { dpid: BigInt(a), port: pa }, now);
}

/** A ring of n switches: i:20 -- (i+1):10. */
function ring(n: number): LinkGraph {
  const g = new LinkGraph();
  for (let i = 1; i <= n; i++) link(g, i, 20, (i % n) + 1, 10);
  return g;
}

test('ring of 4: the tree leaves exactly one link out, the same one every time', () => {
  const g = ring(4);
  assert.is(g.size, 8);
  const treeLinks = [...g.all()].filter((l) => g.treePorts(l.src.dpid).has(l.src.port) && g.treePorts(l.dst.dpid).has(l.dst.port));
  assert.is(treeLinks.length, 6, '3 tree links, both directions');
  // BFS from 1 (ports in order): 1:10 -> 4, 1:20 -> 2, then from 4: 4:10 -> 3; 2:20 -- 3:10 is the blocked one
  assert.not.ok(g.treePorts(2n).has(20));
  assert.not.ok(g.treePorts(3n).has(10));
  assert.ok(g.treePorts(3n).has(20) && g.treePorts(4n).has(10));
  assert.equal(JSON.stringify([...ring(4).treePorts(3n)]), JSON.stringify([...g.treePorts(3n)]));
});

test('a link known one way only is no tree link (it is broken the other way): the tree goes round it', () => {
  const g = ring(4);
  assert.ok(g.treePorts(1n).has(20), 'with both directions, 1:20 -- 2:10 is a tree link');
  for (const l of g.atPort(1n, 20)) if (l.src.dpid === 1n) g.remove(l); // 1:20 -> 2:10 stops carrying probes
  assert.is(g.size, 7);
  assert.ok(g.isLinkPort(1n, 20), 'still a link port: nothing is flooded out of it as if it were an edge');
  assert.not.ok(g.treePorts(1n).has(20));
  assert.not.ok(g.treePorts(2n).has(10));
  // every switch is still in the tree, round the other way: 1-4, 4-3, 3-2
  assert.ok(g.treePorts(1n).has(10) && g.treePorts(4n).has(20) && g.treePorts(4n).has(10) && g.treePorts(3n).has(20) && g.treePorts(3n).has(10) && g.treePorts(2n).has(20));
});

test('shortest paths: fewest links, consistent suffixes, null when unreachable, [] to itself', () => {
  const g = ring(6);
  const p = g.path(1n, 3n)!;
  assert.equal(p.map((l) => `${l.src.dpid}:${l.src.port}`), ['1:20', '2:20']);
  const q = g.path(6n, 3n)!;
  assert.is(q.length, 3);
  // from a switch on the way, the path is the rest of the longer one
  const r = g.path(2n, 3n)!;
  assert.equal(r, p.slice(1));
  assert.equal(g.path(4n, 4n), []);
  g.observe({ dpid: 7n, port: 1 }, { dpid: 8n, port: 1 }, 0);
  assert.is(g.path(1n, 8n), null);
  // the graph changes: the cached next hops follow
  for (const l of g.atPort(2n, 20)) g.remove(l);
  assert.equal(g.path(1n, 3n)!.map((l) => `${l.src.dpid}:${l.src.port}`), ['1:10', '6:10', '5:10', '4:10']);
});

test('a port has one peer: a probe from elsewhere replaces the old link; atPort, atSwitch, olderThan', () => {
  const g = new LinkGraph();
  link(g, 1, 1, 2, 1, 100);
  const r = g.observe({ dpid: 3n, port: 5 }, { dpid: 1n, port: 1 }, 200, 2);
  assert.ok(r.added);
  assert.is(r.replaced.length, 1, 'the old 2:1 > 1:1 link goes');
  assert.is(g.size, 2);
  assert.is(g.atSwitch(1n).length, 2);
  assert.is(g.notSeenSince(1).length, 1, 'the 1:1 > 2:1 link, seen in round 0');
  const again = g.observe({ dpid: 3n, port: 5 }, { dpid: 1n, port: 1 }, 300, 3);
  assert.ok(!again.added && again.link === r.link && again.link.lastSeen === 300, 'a known link only moves its lastSeen and round');
  assert.is(g.notSeenSince(3).length, 1);
});

test('loadApps: forwarding brings topology ahead of it; order errors are clear; ctl.app finds apps by name', async () => {
  const opts = { idleTimeout: 60, maxMacs: 1000 };
  const apps = await loadApps(['forwarding'], opts);
  assert.equal(apps.map((a) => a.name), ['topology', 'forwarding']);
  const same = await loadApps(['topology', 'forwarding'], opts);
  assert.equal(same.map((a) => a.name), ['topology', 'forwarding'], 'no second topology');
  try {
    await loadApps(['forwarding', 'topology'], opts);
    assert.unreachable('topology after forwarding must be refused');
  } catch (e) {
    assert.match((e as Error).message, /'topology' must come before 'forwarding'/);
  }
  // embedding: forwarding without topology, or after it, fails at start with a clear message
  for (const list of [[new Forwarding()], [new Forwarding(), new Topology()]] as App[][]) {
    try {
      const { ctl } = await startController({ apps: list });
      await ctl.stop();
      assert.unreachable('must not start');
    } catch (e) {
      assert.match((e as Error).message, /forwarding/);
    }
  }
  const topo = new Topology();
  const { ctl } = await startController({ apps: [topo, new Forwarding()] });
  try {
    assert.is(ctl.app<Topology>('topology'), topo);
    assert.is(ctl.app('nope'), undefined);
  } finally {
    await ctl.stop();
  }
});

test.run();
