/**
 * `nodeflow start --cluster` against a private etcd (host loopback): a
 * node id that a live instance holds is refused (exit 2), an instance
 * registers under its lease and its member key goes when it stops; bad
 * cluster options exit 2; an unreachable etcd exits 1 with the reason.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Etcd3 } from 'etcd3';
import { PrivateEtcd, etcdUnavailable } from '../support/etcd.js';
import { waitFor } from '../controller/support.js';

const CLI = fileURLToPath(new URL('../../cli/nodeflow.js', import.meta.url));
const s = suite('nodeflow start --cluster (with a private etcd)');
const reason = etcdUnavailable();

function start(args: string[]) {
  const child = spawn(process.execPath, [CLI, 'start', '--host', '127.0.0.1', '--port', '0', '--summary-interval', '0', '--json-logs', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exit = new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
  return { child, out: () => out, exit };
}

if (reason !== undefined) {
  process.stdout.write(`SKIPPED: ${reason}\n`);
  if (process.env['NODEFLOW_REQUIRE_TOOLS'] === '1') s('etcd required (NODEFLOW_REQUIRE_TOOLS=1)', () => assert.unreachable(reason));
} else {
  s('a registered instance holds members/<id> under its lease; the same node id is refused; the key goes on stop', async () => {
    const etcd = await PrivateEtcd.start();
    const a = start(['--cluster', etcd.url, '--node-id', 'alpha', '--lease-ttl', '1']);
    const client = new Etcd3({ hosts: etcd.url });
    try {
      await waitFor(a.out, /"msg":"cluster: joined"/, 20_000);
      assert.is(await client.get('/nodeflow/members/alpha').string() !== null, true, 'member key present');
      const lease = (await client.get('/nodeflow/members/alpha').exec()).kvs[0]!.lease;
      assert.is.not(lease, '0', 'held under a lease');
      const b = start(['--cluster', etcd.url, '--node-id', 'alpha']);
      assert.is(await b.exit, 2);
      assert.match(b.out(), /node id 'alpha' is already registered/);
      a.child.kill('SIGTERM');
      assert.is(await a.exit, 0);
      assert.is(await client.get('/nodeflow/members/alpha').string(), null, 'revoked on a graceful stop');
    } finally {
      a.child.kill('SIGKILL');
      client.close();
      await etcd.stop();
    }
  });
}

s('bad cluster options exit 2; an unreachable etcd exits 1 naming it', async () => {
  for (const [args, re] of [
    [['--cluster', 'http://127.0.0.1:9'], /--cluster and --node-id go together/],
    [['--node-id', 'x'], /--cluster and --node-id go together/],
    [['--cluster', 'nonsense', '--node-id', 'x'], /not a URL/],
    [['--cluster', 'http://127.0.0.1:9', '--node-id', 'has space'], /--node-id must be/],
    [['--cluster', 'http://127.0.0.1:9', '--node-id', 'x', '--versions', '1.0'], /needs OpenFlow 1.3 or later/],
  ] as const) {
    const r = spawnSync(process.execPath, [CLI, 'start', '--port', '0', ...args], { encoding: 'utf8', timeout: 20_000 });
    assert.is(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, re);
  }
  const r = spawnSync(process.execPath, [CLI, 'start', '--host', '127.0.0.1', '--port', '0', '--cluster', 'http://127.0.0.1:9', '--node-id', 'x'], { encoding: 'utf8', timeout: 30_000 });
  assert.is(r.status, 1, r.stderr);
  assert.match(r.stderr, /nodeflow start: cluster: cannot reach etcd at http:\/\/127\.0\.0\.1:9/);
});

s.run();
