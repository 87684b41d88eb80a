import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeSwitch, frame, packetIn10, waitFor, OFP10 } from './support.js';

const CLI = fileURLToPath(new URL('../../cli/nodeflow.js', import.meta.url));

function run(args: string[]): { child: ChildProcess; out: () => string; err: () => string; exit: Promise<number | null> } {
  const child = spawn(process.execPath, [CLI, 'start', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (err += d));
  const exit = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return { child, out: () => out, err: () => err, exit };
}

test('nodeflow start: prints the listening address, logs switch up with dpid/version/ports, exits 0 on SIGTERM', async () => {
  const p = run(['--host', '127.0.0.1', '--port', '0', '--app', 'hub', '--json-logs']);
  try {
    const m = await waitFor(p.out, /listening on 127\.0\.0\.1:(\d+)/);
    const sw = await FakeSwitch.connect(Number(m[1]));
    await sw.handshake({ version: OFP10, dpid: 0xabcn, plain: true, ports: [1, 2] });
    const up = await waitFor(p.out, /\{[^\n]*"msg":"switch up"[^\n]*\}/);
    const rec = JSON.parse(up[0]);
    assert.is(rec.dpid, '0000000000000abc');
    assert.is(rec.version, '1.0');
    assert.is(rec.ports, 2);
    sw.send(packetIn10(1, 9, 1, frame('ff:ff:ff:ff:ff:ff', '00:00:00:00:00:01', 0x0800)));
    assert.is((await sw.waitType(13)).bytes.readUInt32BE(8), 9, 'the hub app answers');
    p.child.kill('SIGTERM');
    assert.is(await p.exit, 0);
    await sw.closedP;
    assert.match(p.out(), /"msg":"switch down"/);
  } finally {
    p.child.kill('SIGKILL');
  }
});

test('nodeflow start: a module path app is loaded; bad options exit 2 with a message', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'nodeflow-app-'));
  const mod = join(dir, 'app.mjs');
  writeFileSync(mod, `export default (opts) => ({ name: 'mine', switchUp(sw) { console.log('MINE UP ' + sw.dpidHex + ' ' + opts.maxMacs); } });\n`);
  const p = run(['--host', '127.0.0.1', '--port', '0', '--app', mod, '--max-macs', '77', '--summary-interval', '0']);
  try {
    const m = await waitFor(p.out, /listening on 127\.0\.0\.1:(\d+)/);
    const sw = await FakeSwitch.connect(Number(m[1]));
    await sw.handshake({ version: OFP10, dpid: 1n, plain: true });
    await waitFor(p.out, /MINE UP 0000000000000001 77/);
    sw.close();
    p.child.kill('SIGINT');
    assert.is(await p.exit, 0);
  } finally {
    p.child.kill('SIGKILL');
  }
  for (const args of [['--port', 'abc'], ['--versions', '1.2'], ['--app', 'no-such-app'], ['--log-level', 'loud'], ['--max-macs', '0'], ['--busy-poll', '-5']]) {
    const b = run(args);
    assert.is(await b.exit, 2, `exit code for ${args.join(' ')}`);
    assert.ok(b.err().length > 0, `a message for ${args.join(' ')}`);
  }
});
test.run();
