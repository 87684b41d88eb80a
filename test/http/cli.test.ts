/**
 * `nodeflow start --http` from the command line: the option's forms and
 * errors, the token from the environment, and raw HTTP garbage that must
 * never disturb the controller.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn, spawnSync } from 'node:child_process';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { FakeSwitch, OFP13, header, until, waitFor } from '../controller/support.js';

const CLI = fileURLToPath(new URL('../../cli/nodeflow.js', import.meta.url));

test('--http refuses what is not [HOST:]PORT, with the reason, exit 2', () => {
  for (const bad of ['nope', '1.2.3.4:', '70000', 'host:port']) {
    const r = spawnSync(process.execPath, [CLI, 'start', '--port', '0', '--http', bad], { encoding: 'utf8', timeout: 10_000 });
    assert.is(r.status, 2, `${bad}: ${r.stderr}`);
    assert.match(r.stderr, /is not \[HOST:\]PORT/);
  }
});

test('--http PORT binds 127.0.0.1; NODEFLOW_HTTP_TOKEN enables writes; raw garbage and bad URLs get 4xx and the switch stays served', async () => {
  const child = spawn(process.execPath, [CLI, 'start', '--host', '127.0.0.1', '--port', '0', '--http', '0', '--summary-interval', '0'], {
    stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODEFLOW_HTTP_TOKEN: 'from-env' },
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exit = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  let sw: FakeSwitch | undefined;
  try {
    const base = (await waitFor(() => out, /http on (http:\/\/127\.0\.0\.1:\d+)/, 10_000))[1]!;
    const port = Number((await waitFor(() => out, /listening on 127\.0\.0\.1:(\d+)/, 10_000))[1]);
    sw = await FakeSwitch.connect(port);
    await sw.handshake({ version: OFP13, dpid: 9n });
    // raw bytes that are not HTTP, a header flood, a bad percent-escape
    for (const junk of ['\x00\x01\x02garbage\r\n\r\n', `GET / HTTP/1.1\r\n${'X-A: b\r\n'.repeat(5000)}\r\n`, 'GET /api/v1/switches/%zz HTTP/1.1\r\nHost: x\r\n\r\n']) {
      const reply = await new Promise<string>((resolve) => {
        const s = net.connect(Number(new URL(base).port), '127.0.0.1', () => s.end(junk));
        let got = '';
        s.on('data', (d) => (got += d));
        s.on('close', () => resolve(got));
        s.on('error', () => resolve(got));
      });
      assert.match(reply, /^HTTP\/1\.1 4\d\d|^$/, `answer to junk: ${reply.slice(0, 80)}`);
    }
    await sw.settle(100);
    const seen = sw.ofType(20).length; // the handshake's own barrier came before
    const r = fetch(`${base}/api/v1/switches/9/barrier`, { method: 'POST', headers: { authorization: 'Bearer from-env' } });
    await until(() => sw!.ofType(20).length > seen, 5000, 'the REST barrier');
    const bar = sw.ofType(20)[seen]!;
    sw.send(header(OFP13, 21, 8, bar.xid));
    assert.is((await r).status, 200, 'the token from NODEFLOW_HTTP_TOKEN is accepted');
    const list = (await (await fetch(`${base}/api/v1/switches?counters=false`)).json()) as Array<{ dpid: string }>;
    assert.equal(list.map((s) => s.dpid), ['0000000000000009'], 'the switch is still up');
    child.kill('SIGTERM');
    assert.is(await exit, 0);
  } finally {
    sw?.close();
    if (child.exitCode === null) child.kill('SIGKILL');
  }
});

test.run();
