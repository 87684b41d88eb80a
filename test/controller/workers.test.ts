/**
 * `nodeflow start --workers N`: connections are spread over worker processes,
 * each switch is served (learning switch answers) by the worker that holds it,
 * and SIGTERM stops the primary and every worker with exit 0.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { FakeSwitch, frame, packetIn10, waitFor, OFP10 } from './support.js';

const CLI = fileURLToPath(new URL('../../cli/nodeflow.js', import.meta.url));

test('--workers 2: switches land on both workers, each is served, SIGTERM exits 0 and ends the workers', async () => {
  const child = spawn(process.execPath, [CLI, 'start', '--host', '127.0.0.1', '--port', '0', '--workers', '2', '--json-logs', '--summary-interval', '0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exit = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  const switches: FakeSwitch[] = [];
  try {
    const m = await waitFor(() => out, /listening on 127\.0\.0\.1:(\d+) \(2 workers\)/, 30_000);
    const port = Number(m[1]);
    for (let i = 1; i <= 6; i++) {
      const sw = await FakeSwitch.connect(port);
      await sw.handshake({ version: OFP10, dpid: BigInt(i), plain: true, ports: [1, 2] });
      switches.push(sw);
    }
    // Every switch is answered by its worker's learning switch: an unknown destination is flooded.
    for (const [i, sw] of switches.entries()) {
      sw.send(packetIn10(1, 100 + i, 1, frame('ff:ff:ff:ff:ff:ff', `00:00:00:00:00:0${i + 1}`, 0x0800)));
      const po = await sw.waitType(13);
      assert.is(po.bytes.readUInt32BE(8), 100 + i, `switch ${i + 1} got its PACKET_OUT`);
    }
    const upLines = () => out.split('\n').filter((l) => l.includes('"msg":"switch up"'));
    for (const end = Date.now() + 30_000; upLines().length < 6 && Date.now() < end; ) await new Promise((r) => setTimeout(r, 20));
    const ups = upLines().map((l) => JSON.parse(l) as { worker: number; dpid: string });
    assert.is(ups.length, 6, 'six switch-up records');
    const workers = new Set(ups.map((u) => u.worker));
    assert.equal([...workers].sort(), [1, 2], 'both workers hold switches');
    assert.is(new Set(ups.map((u) => u.dpid)).size, 6, 'each switch is up on exactly one worker');
    const pids = [...out.matchAll(/"msg":"controller started"[^\n]*"pid":(\d+)/g)].map((x) => Number(x[1]));
    assert.is(pids.length, 2);
    child.kill('SIGTERM');
    assert.is(await exit, 0);
    for (const pid of pids) {
      let alive = true;
      try { process.kill(pid, 0); } catch { alive = false; }
      assert.not.ok(alive, `worker ${pid} has exited`);
    }
  } finally {
    for (const sw of switches) sw.close();
    child.kill('SIGKILL');
  }
});

test.run();
