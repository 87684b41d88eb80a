/**
 * Admission control (controller/admission/): the handshake bound, the
 * per-source token bucket, the per-turn start of queued connections, option
 * checks and the `nodeflow start` flags.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { FakeSwitch, startController, until, OFP10 } from './support.js';
import { Controller } from '../../controller/server.js';
import { SourceBuckets, TokenBucket } from '../../controller/admission/token-bucket.js';
import { ADMISSION_DEFAULTS, AdmissionGate } from '../../controller/admission/gate.js';
import { gateServer } from '../../controller/admission/early.js';
import { Logger } from '../../controller/log.js';

const CLI = fileURLToPath(new URL('../../cli/nodeflow.js', import.meta.url));

/** A connection the controller may refuse: resolves true once it was reset or closed by the controller. */
function refused(port: number, localAddress?: string): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port, ...(localAddress ? { localAddress } : {}) });
    s.on('error', () => {});
    s.on('data', () => {});
    s.on('close', () => resolve(true));
  });
}

test('token bucket: a burst, then the rate; sources are separate; refills with time', () => {
  const b = new SourceBuckets(2, 3);
  const t = 1000;
  assert.equal([b.take('a', t), b.take('a', t), b.take('a', t), b.take('a', t)], [true, true, true, false]);
  assert.ok(b.take('b', t), 'another source has its own bucket');
  assert.not.ok(b.take('a', t + 400), '0.8 tokens after 400 ms at 2/s');
  assert.ok(b.take('a', t + 500), 'one token after 500 ms (the refused take refilled 0.8 first)');
  assert.equal([b.take('a', t + 10_000), b.take('a', t + 10_000), b.take('a', t + 10_000), b.take('a', t + 10_000)], [true, true, true, false], 'refills up to the burst, not beyond');
  assert.throws(() => new SourceBuckets(0, 1), /rate > 0/);
});

test('global token bucket: a burst, then the rate', () => {
  const g = new TokenBucket(10, 2);
  assert.is(g.level(0), 2);
  g.takeOne();
  g.takeOne();
  assert.is(g.level(0), 0);
  assert.is(g.level(50), 0.5, 'half a token after 50 ms at 10/s');
  assert.is(g.level(10_000), 2, 'never beyond the burst');
});

test('token bucket: the source map stays bounded', () => {
  const b = new SourceBuckets(1, 1, 100);
  for (let i = 0; i < 1000; i++) b.take(`10.0.${i >> 8}.${i & 0xff}`, 0);
  assert.ok(b.size <= 100, `${b.size} sources kept`);
});

test('handshake bound: connections past it are reset; a slot frees when a handshake ends', async () => {
  const { ctl, port } = await startController({ admission: { maxHandshakes: 3, perSourceRate: 0 } });
  const socks: FakeSwitch[] = [];
  try {
    for (let i = 0; i < 3; i++) socks.push(await FakeSwitch.connect(port));
    await until(() => ctl.admission.counts.handshaking === 3);
    assert.ok(await refused(port), 'the fourth is reset');
    assert.ok(await refused(port), 'the fifth is reset');
    assert.ok(socks.every((s) => !s.closed), 'the first three are in their handshake');
    assert.is(ctl.admission.counts.refusedHandshakes, 2);
    assert.is(ctl.admission.counts.refusedBeforeSocket, 2, 'both refused on their accepted handle, before a net.Socket was made (early.ts)');
    assert.is(ctl.admission.counts.handshaking, 3);
    await socks[0]!.handshake({ version: OFP10, dpid: 1n, plain: true });
    await until(() => ctl.registry.size === 1);
    assert.is(ctl.admission.counts.handshaking, 2, 'the switch that came up left the handshake count');
    const next = await FakeSwitch.connect(port);
    socks.push(next);
    await next.handshake({ version: OFP10, dpid: 2n, plain: true });
    await until(() => ctl.registry.size === 2, undefined, 'a new switch admitted into the freed slot');
    socks[1]!.close();
    await until(() => ctl.admission.counts.handshaking === 1, undefined, 'a connection closed in its handshake leaves the count');
  } finally {
    for (const s of socks) s.close();
    await ctl.stop();
  }
});

test('per-source rate: past the burst a source is reset; switches already up are not touched', async () => {
  const { ctl, port } = await startController({ admission: { perSourceRate: 0.001, perSourceBurst: 2 } });
  const socks: FakeSwitch[] = [];
  try {
    const a = await FakeSwitch.connect(port);
    socks.push(a);
    await a.handshake({ version: OFP10, dpid: 1n, plain: true });
    const b = await FakeSwitch.connect(port);
    socks.push(b);
    assert.ok(await refused(port), 'the third connection from this address is reset');
    assert.not.ok(b.closed, 'within the burst');
    assert.is(ctl.admission.counts.refusedRate, 1);
    assert.is(ctl.admission.counts.refusedBeforeSocket, 1);
    a.send(Buffer.from([OFP10, 2, 0, 8, 0, 0, 0, 9])); // ECHO_REQUEST
    const echo = await a.waitType(3);
    assert.is(echo.xid, 9, 'the switch that is up is still answered');
  } finally {
    for (const s of socks) s.close();
    await ctl.stop();
  }
});

for (const early of [true, false]) {
  test(`gateServer ${early ? 'refuses on the accepted handle' : 'without the handle-level refusal (a node:net that differs) applies the same checks to the socket'}`, async () => {
    const gate = new AdmissionGate({ perSourceRate: 0.001, perSourceBurst: 2, maxHandshakes: 10 }, (sock) => started.push(sock), new Logger({ level: 'error', write: () => {} }));
    const started: net.Socket[] = [];
    const server = net.createServer({ pauseOnConnect: true });
    const inPlace = gateServer(server, gate, undefined, { early });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as net.AddressInfo).port;
    const kept: net.Socket[] = [];
    try {
      assert.is(inPlace(), early);
      for (let i = 0; i < 2; i++) {
        const c = net.connect({ host: '127.0.0.1', port });
        c.on('error', () => {});
        kept.push(c);
      }
      await until(() => started.length === 2, undefined, 'two admitted and started');
      assert.ok(await refused(port), 'the third from this address is reset');
      assert.ok(await refused(port), 'and the fourth');
      assert.is(gate.counts.refusedRate, 2);
      assert.is(gate.counts.refusedBeforeSocket, early ? 2 : 0);
      assert.is(gate.counts.handshaking, 2);
      assert.is(gate.counts.admitted, 2);
    } finally {
      for (const c of kept) c.destroy();
      for (const s of started) s.destroy();
      gate.stop();
      await new Promise((r) => server.close(r));
    }
  });
}

test('global budget: many addresses each within their own rate are refused past it; its second half is kept for quiet sources', async () => {
  const { ctl, port } = await startController({ admission: { globalRate: 0.001, globalBurst: 4, perSourceRate: 0.001, perSourceBurst: 4, maxHandshakes: 100 } });
  const socks: net.Socket[] = [];
  /** A connection from `from` that the controller admits (stays open: in its handshake). */
  const admitted = async (from: string) => {
    const c = net.connect({ host: '127.0.0.1', port, localAddress: from });
    c.on('error', () => {});
    socks.push(c);
    await new Promise((r) => c.once('connect', r));
  };
  const c = ctl.admission.counts;
  try {
    for (let i = 0; i < 3; i++) await admitted('127.0.0.2');
    await until(() => c.handshaking === 3, undefined, 'three from 127.0.0.2 admitted');
    assert.ok(await refused(port, '127.0.0.2'), 'the global budget is down to its last half and 127.0.0.2 has used most of its own: reset');
    assert.is(c.refusedGlobal, 1);
    assert.is(c.refusedRate, 0, 'not over its own rate');
    await admitted('127.0.0.3');
    await until(() => c.handshaking === 4, undefined, 'a quiet source still gets the last of the budget');
    assert.ok(await refused(port, '127.0.0.4'), 'the budget is used up: even a new source is reset');
    assert.is(c.refusedGlobal, 2);
    assert.is(c.admitted, 4);
  } finally {
    for (const s of socks) s.destroy();
    await ctl.stop();
  }
});

test('accepts per turn: a burst of connections is started over several turns, all of them', async () => {
  const { ctl, port } = await startController({ admission: { acceptsPerTurn: 1, perSourceRate: 0 } });
  const socks: FakeSwitch[] = [];
  try {
    for (let i = 0; i < 20; i++) socks.push(await FakeSwitch.connect(port));
    await Promise.all(socks.map((s, i) => s.handshake({ version: OFP10, dpid: BigInt(i + 1), plain: true })));
    await until(() => ctl.registry.size === 20);
    assert.is(ctl.admission.counts.admitted, 20);
    assert.is(ctl.admission.counts.handshaking, 0);
  } finally {
    for (const s of socks) s.close();
    await ctl.stop();
  }
});

test('admission options are checked', () => {
  assert.throws(() => new Controller({ admission: { maxHandshakes: 0 } }), /maxHandshakes/);
  assert.throws(() => new Controller({ admission: { acceptsPerTurn: 1.5 } }), /acceptsPerTurn/);
  assert.throws(() => new Controller({ admission: { perSourceRate: -1 } }), /perSourceRate/);
  assert.throws(() => new Controller({ admission: { globalRate: -1 } }), /globalRate/);
  assert.throws(() => new Controller({ admission: { globalBurst: 0 } }), /globalBurst/);
  assert.equal(new Controller({ admission: { maxHandshakes: 7 } }).admission.options, { ...ADMISSION_DEFAULTS, maxHandshakes: 7 });
});

test('nodeflow start: admission flags in --help with their defaults; bad values exit 2', () => {
  const help = spawnSync(process.execPath, [CLI, 'start', '--help'], { encoding: 'utf8' });
  assert.is(help.status, 0);
  for (const [flag, v] of [['--max-handshakes', ADMISSION_DEFAULTS.maxHandshakes], ['--per-source-rate', ADMISSION_DEFAULTS.perSourceRate],
    ['--per-source-burst', ADMISSION_DEFAULTS.perSourceBurst], ['--accepts-per-turn', ADMISSION_DEFAULTS.acceptsPerTurn],
    ['--global-rate', ADMISSION_DEFAULTS.globalRate], ['--global-burst', ADMISSION_DEFAULTS.globalBurst]] as const) {
    assert.match(help.stdout.replace(/\s+/g, ' '), new RegExp(`${flag} <n> .*?\\(default: ${v}\\)`), flag);
  }
  const bad = spawnSync(process.execPath, [CLI, 'start', '--max-handshakes', '0'], { encoding: 'utf8' });
  assert.is(bad.status, 2);
  assert.match(bad.stderr, /--max-handshakes must be from 1/);
});

test.run();
