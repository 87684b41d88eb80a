/** `nodeflow start --app forwarding`: brings the topology service, refuses --workers > 1, and logs links found over real connections. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { FakeSwitch, waitFor, OFP10 } from '../controller/support.js';

const CLI = fileURLToPath(new URL('../../cli/nodeflow.js', import.meta.url));

function start(args: string[]) {
  const child = spawn(process.execPath, [CLI, 'start', '--host', '127.0.0.1', '--port', '0', '--summary-interval', '0', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (err += d));
  const exit = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return { child, out: () => out, err: () => err, exit };
}

test('--app forwarding starts topology first; a switch gets probed; SIGTERM exits 0', async () => {
  const p = start(['--app', 'forwarding', '--json-logs']);
  try {
    const m = await waitFor(p.out, /listening on 127\.0\.0\.1:(\d+)/);
    const started = JSON.parse((await waitFor(p.out, /\{[^\n]*"msg":"controller started"[^\n]*\}/))[0]);
    assert.is(started.apps, 'topology, forwarding');
    const sw = await FakeSwitch.connect(Number(m[1]));
    await sw.handshake({ version: OFP10, dpid: 5n, plain: true, ports: [1, 2] });
    const probe = await sw.waitType(13);
    assert.is(probe.bytes.readUInt16BE(16 + 8 + 12), 0x88cc, "an LLDP PACKET_OUT (1.0: 16-byte header, one 8-byte output action, then the frame)");
    sw.close();
    p.child.kill('SIGTERM');
    assert.is(await p.exit, 0);
  } finally {
    p.child.kill('SIGKILL');
  }
});

test('--workers 2 with forwarding (or topology) exits 2 and says why; apps in the wrong order too', async () => {
  for (const args of [['--workers', '2', '--app', 'forwarding'], ['--workers', '2', '--app', 'topology'], ['--app', 'forwarding', '--app', 'topology']]) {
    const p = start(args);
    assert.is(await p.exit, 2, args.join(' '));
    assert.match(p.err(), /--workers 1|must come before/);
  }
});

test.run();
