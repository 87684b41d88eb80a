/**
 * OpenFlow over TLS: mutual authentication with certificates the test makes
 * with openssl. A switch with a certificate from our CA works; one from
 * another CA, one without a certificate, a plaintext OpenFlow client and a
 * client that sends garbage are refused with a logged reason and do not
 * disturb a switch already connected. Bad certificate files fail at startup.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import net from 'node:net';
import { writeFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { Hub } from '../../controller/apps/hub.js';
import { LearningSwitch } from '../../controller/apps/learning-switch.js';
import { runBench } from '../../loadgen/run.js';
import { DEFAULTS } from '../../loadgen/options.js';
import { loadTlsMaterial, TlsConfigError } from '../../controller/tls/files.js';
import { FakeSwitch, OFP10, OFP13, frame, hello, packetIn10, packetIn13, startController, until } from './support.js';
import { twoCas, type Ca, type Pki } from '../support/pki.js';
import { which } from '../support/sys.js';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../../cli/nodeflow.js', import.meta.url));

const s = suite('controller: OpenFlow over TLS');
const haveOpenssl = which('openssl') !== undefined;

let pki: Pki;
let ca: Ca;
let other: Ca;

s.before(() => {
  if (haveOpenssl) ({ pki, ca, other } = twoCas());
});
s.after(() => pki?.remove());

function material(c = ca.issue('controller')) {
  return loadTlsMaterial({ cert: c.cert, key: c.key, ca: ca.cert });
}

if (!haveOpenssl) {
  process.stdout.write('SKIPPED: openssl not installed (Debian: openssl)\n');
  if (process.env['NODEFLOW_REQUIRE_TOOLS'] === '1') s('openssl required (NODEFLOW_REQUIRE_TOOLS=1)', () => assert.unreachable('openssl missing'));
} else {
  s('a switch with a certificate from our CA completes the OpenFlow handshake over TLS and is served (1.0 and 1.3)', async () => {
    const { ctl, port } = await startController({ apps: [new Hub()], tls: { material: material(), port: 0 } });
    try {
      assert.is(ctl.address().port, port, 'TLS only: the address is the TLS one');
      for (const [version, dpid] of [[OFP10, 1n], [OFP13, 2n]] as const) {
        const c = ca.issue(`switch-${dpid}`);
        const sw = await FakeSwitch.connectTls(port, { cert: c.certPem, key: c.keyPem, ca: ca.certPem });
        assert.is(await sw.handshake({ version, dpid }), version);
        await until(() => ctl.switches.has(dpid), 2000, 'switch up');
        const data = frame('ff:ff:ff:ff:ff:ff', '00:00:00:00:00:01', 0x0800);
        sw.send(version === OFP10 ? packetIn10(7, 42, 1, data) : packetIn13(7, 42, 1, data));
        const po = await sw.waitType(13);
        assert.is(po.bytes.readUInt32BE(8), 42, 'PACKET_OUT of the buffered packet, over TLS');
        sw.close();
      }
    } finally {
      await ctl.stop();
    }
  });

  s('refused without harm: another CA, no certificate, plaintext OpenFlow, garbage; each logged with its reason', async () => {
    const lines: string[] = [];
    const { ctl, port } = await startController({ apps: [new Hub()], tls: { material: material(), port: 0 }, handshakeTimeout: 1 }, lines);
    try {
      const good = ca.issue('good-switch');
      const sw = await FakeSwitch.connectTls(port, { cert: good.certPem, key: good.keyPem, ca: ca.certPem });
      await sw.handshake({ version: OFP13, dpid: 9n });
      await until(() => ctl.switches.has(9n), 2000, 'good switch up');

      // a certificate from another CA: the TLS handshake completes on the client side, then the controller closes
      const bad = other.issue('intruder');
      const wrong = await FakeSwitch.connectTls(port, { cert: bad.certPem, key: bad.keyPem, ca: ca.certPem }).catch(() => null);
      if (wrong) await wrong.closedP;
      await until(() => ctl.tls!.refusals.unauthorized === 1, 2000, 'wrong-CA refusal');
      assert.ok(lines.some((l) => /switch certificate refused/.test(l) && /UNABLE_TO_VERIFY_LEAF_SIGNATURE \(certificate not signed by a CA we trust\)/.test(l)), `log names the reason:\n${lines.join('\n')}`);

      // no client certificate at all
      const none = await FakeSwitch.connectTls(port, { ca: ca.certPem }).catch(() => null);
      if (none) await none.closedP;
      await until(() => ctl.tls!.refusals.unauthorized + ctl.tls!.refusals.handshakeFailed >= 2, 2000, 'no-certificate refusal');

      // plaintext OpenFlow HELLO on the TLS port
      const plain = net.connect({ host: '127.0.0.1', port });
      plain.on('error', () => {});
      plain.resume();
      plain.on('connect', () => plain.write(hello(OFP13, [OFP13])));
      await new Promise((r) => plain.on('close', r));
      await until(() => lines.some((l) => /TLS handshake failed/.test(l)), 2000, 'plaintext refusal logged');

      // garbage, then a half-open peer that never finishes (handshake timeout)
      const junk = net.connect({ host: '127.0.0.1', port });
      junk.on('error', () => {});
      junk.resume();
      junk.on('connect', () => junk.write(Buffer.from([0x16, 0x03, 0x01, 0xff, 0xff, 1, 2, 3])));
      await new Promise((r) => junk.on('close', r));

      assert.is(ctl.switches.size, 1, 'only the authenticated switch is up');
      assert.is(ctl.connections.size, 1, 'refused peers never became connections');
      // the good switch still works
      sw.send(packetIn13(3, 77, 1, frame('ff:ff:ff:ff:ff:ff', '00:00:00:00:00:02', 0x0800)));
      assert.is((await sw.waitType(13)).bytes.readUInt32BE(8), 77, 'the good switch is still served');
      assert.not.ok(sw.closed);
      sw.close();
    } finally {
      await ctl.stop();
    }
  });

  s('plain TCP and TLS together only when both are asked for, on separate ports', async () => {
    const { ctl, port } = await startController({ apps: [new Hub()], tls: { material: material(), port: 0 }, plain: true });
    try {
      const tlsPort = ctl.tlsAddress()!.port;
      assert.is.not(tlsPort, port);
      const a = await FakeSwitch.connect(port);
      await a.handshake({ version: OFP10, dpid: 1n });
      const c = ca.issue('s2');
      const b = await FakeSwitch.connectTls(tlsPort, { cert: c.certPem, key: c.keyPem, ca: ca.certPem });
      await b.handshake({ version: OFP10, dpid: 2n });
      await until(() => ctl.switches.size === 2, 2000, 'both switches up');
      a.close();
      b.close();
    } finally {
      await ctl.stop();
    }
  });

  s('nodeflow bench --tls: the emulated switches authenticate and their PACKET_INs are answered over TLS (1.0 and 1.3)', async () => {
    const { ctl, port } = await startController({ apps: [new LearningSwitch()], tls: { material: material(), port: 0 } });
    try {
      const c = ca.issue('bench-switch');
      for (const protocol of ['1.0', '1.3'] as const) {
        const lines: string[] = [];
        const reports = await runBench(
          { ...DEFAULTS, controller: '127.0.0.1', port, switches: 2, loops: 3, msPerTest: 150, warmup: 1, macs: 100, protocol, tls: { cert: c.cert, key: c.key, ca: ca.cert } },
          { out: (l) => lines.push(l), err: (l) => lines.push(l) },
        );
        assert.ok(reports[0]!.summary.min > 0, `answers counted in every test:\n${lines.join('\n')}`);
        assert.ok(lines.some((l) => / over TLS/.test(l)), 'the header says TLS');
      }
      assert.is(ctl.tls!.refusals.unauthorized + ctl.tls!.refusals.handshakeFailed, 0);
    } finally {
      await ctl.stop();
    }
  });

  s('bad certificate files: a clear error naming the file', () => {
    const c = ca.issue('controller');
    const junk = join(pki.dir, 'junk.pem');
    writeFileSync(junk, 'not a certificate\n');
    const expect = (paths: { cert: string; key: string; ca: string }, re: RegExp) => {
      try {
        loadTlsMaterial(paths);
        assert.unreachable('should have thrown');
      } catch (e) {
        assert.instance(e, TlsConfigError);
        assert.match((e as Error).message, re);
      }
    };
    expect({ cert: join(pki.dir, 'missing.pem'), key: c.key, ca: ca.cert }, /--tls-cert .*missing\.pem: cannot read \(no such file\)/);
    expect({ cert: junk, key: c.key, ca: ca.cert }, /--tls-cert .*junk\.pem: no PEM certificate/);
    expect({ cert: c.cert, key: junk, ca: ca.cert }, /--tls-key .*junk\.pem: not a usable private key/);
    expect({ cert: c.cert, key: other.key, ca: ca.cert }, /does not belong to the certificate/);
    expect({ cert: c.cert, key: c.key, ca: c.cert }, /is not a CA certificate/);
    const cli = (args: string[]) => spawnSync(process.execPath, [CLI, 'start', '--host', '127.0.0.1', '--tls-port', '0', ...args], { encoding: 'utf8', timeout: 20_000 });
    let r = cli(['--tls-cert', join(pki.dir, 'missing.pem'), '--tls-key', c.key, '--tls-ca', ca.cert]);
    assert.is(r.status, 2, 'nodeflow start exits 2 on an unreadable certificate');
    assert.match(r.stderr, /nodeflow start: --tls-cert .*missing\.pem: cannot read \(no such file\)/);
    r = cli(['--tls-cert', c.cert]);
    assert.is(r.status, 2);
    assert.match(r.stderr, /TLS needs all of --tls-cert, --tls-key and --tls-ca/);
    r = cli(['--tls-cert', c.cert, '--tls-key', c.key, '--tls-ca', ca.cert, '--port', '6999', '--tls-port', '6999']);
    assert.is(r.status, 2);
    assert.match(r.stderr, /separate ports/);
    if (process.getuid?.() !== 0) {
      chmodSync(c.key, 0);
      expect({ cert: c.cert, key: c.key, ca: ca.cert }, /permission denied/);
    }
  });
}

s.run();
