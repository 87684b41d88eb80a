/**
 * OpenFlow over TLS goes through the same admission control as plain TCP
 * (controller/admission, controller/tls/listener.ts): the per-source rate
 * refuses a raw socket before any TLS work, the handshake bound counts the
 * TLS handshake as well as the OpenFlow one, and a flood of TLS peers (another
 * CA, no certificate, plaintext, garbage, silent) is refused or closed while a
 * switch that is already up keeps being served; slots and fds come back.
 * Certificates are made by the test with openssl.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import net from 'node:net';
import tls from 'node:tls';
import { readdirSync } from 'node:fs';
import { Hub } from '../../controller/apps/hub.js';
import { loadTlsMaterial } from '../../controller/tls/files.js';
import type { Controller } from '../../controller/server.js';
import { FakeSwitch, OFP10, OFP13, frame, hello, packetIn13, startController, until } from './support.js';
import { twoCas, type Ca, type Pki } from '../support/pki.js';
import { which } from '../support/sys.js';

const s = suite('controller: admission control over TLS');
const haveOpenssl = which('openssl') !== undefined;

let pki: Pki;
let ca: Ca;
let other: Ca;

s.before(() => {
  if (haveOpenssl) ({ pki, ca, other } = twoCas());
});
s.after(() => pki?.remove());

const material = () => { const c = ca.issue('controller'); return loadTlsMaterial({ cert: c.cert, key: c.key, ca: ca.cert }); };
const tlsRefusals = (ctl: Controller) => ctl.tls!.refusals.handshakeFailed + ctl.tls!.refusals.unauthorized;
const fds = () => readdirSync('/proc/self/fd').length;

/** How a peer's connection ended: 'secure' if its TLS handshake completed (it is then closed here), else 'refused'. */
function tlsPeer(port: number, creds: { cert?: Buffer; key?: Buffer }): Promise<'secure' | 'refused'> {
  return new Promise((resolve) => {
    let secure = false;
    const c = tls.connect({ host: '127.0.0.1', port, ca: ca.certPem, ...creds, servername: 'localhost', checkServerIdentity: () => undefined }, () => {
      secure = true;
    });
    c.on('error', () => {});
    c.resume();
    c.on('close', () => resolve(secure ? 'secure' : 'refused'));
  });
}

/** A raw TCP peer on the TLS port: sends `bytes` (or nothing) and resolves when the controller closes it. */
function rawPeer(port: number, bytes?: Buffer): Promise<void> {
  return new Promise((resolve) => {
    const c = net.connect({ host: '127.0.0.1', port }, () => {
      if (bytes) c.write(bytes);
    });
    c.on('error', () => {});
    c.resume();
    c.on('close', () => resolve());
  });
}

async function goodSwitch(port: number, dpid: bigint): Promise<FakeSwitch> {
  const c = ca.issue(`switch-${dpid}`);
  const sw = await FakeSwitch.connectTls(port, { cert: c.certPem, key: c.keyPem, ca: ca.certPem });
  await sw.handshake({ version: OFP13, dpid });
  return sw;
}

/** The switch is still served: a PACKET_IN gets its PACKET_OUT. */
async function served(sw: FakeSwitch, bufferId: number): Promise<void> {
  sw.send(packetIn13(bufferId, bufferId, 1, frame('ff:ff:ff:ff:ff:ff', '00:00:00:00:00:02', 0x0800)));
  const po = await sw.wait((m) => m.type === 13 && m.bytes.readUInt32BE(8) === bufferId);
  assert.is(po.bytes.readUInt32BE(8), bufferId);
}

if (!haveOpenssl) {
  process.stdout.write('SKIPPED: openssl not installed (Debian: openssl)\n');
  if (process.env['NODEFLOW_REQUIRE_TOOLS'] === '1') s('openssl required (NODEFLOW_REQUIRE_TOOLS=1)', () => assert.unreachable('openssl missing'));
} else {
  s('the handshake bound counts TLS handshakes: past it a TLS peer is reset before any TLS work; slots come back when TLS fails', async () => {
    const { ctl, port } = await startController({ apps: [new Hub()], tls: { material: material(), port: 0 }, handshakeTimeout: 60, admission: { maxHandshakes: 3, perSourceRate: 0 } });
    const silent: net.Socket[] = [];
    try {
      for (let i = 0; i < 3; i++) {
        const c = net.connect({ host: '127.0.0.1', port });
        c.on('error', () => {});
        silent.push(c);
      }
      await until(() => ctl.admission.counts.handshaking === 3, undefined, 'three peers in their TLS handshake hold the three slots');
      const good = ca.issue('switch-late');
      assert.is(await tlsPeer(port, { cert: good.certPem, key: good.keyPem }), 'refused', 'a fourth peer, even with a good certificate, is refused');
      assert.is(ctl.admission.counts.refusedHandshakes, 1);
      assert.is(tlsRefusals(ctl), 0, 'the refused peer never reached the TLS server');
      assert.is(ctl.admission.counts.handshaking, 3);

      for (const c of silent) c.destroy();
      await until(() => ctl.admission.counts.handshaking === 0, undefined, 'peers that hung up in their TLS handshake gave their slots back');
      assert.is(ctl.tls!.refusals.handshakeFailed, 3);
      const sw = await goodSwitch(port, 5n);
      await until(() => ctl.switches.has(5n), undefined, 'a switch is admitted into a freed slot and comes up');
      assert.is(ctl.admission.counts.handshaking, 0, 'the switch that came up left the handshake count');
      await served(sw, 1);
      sw.close();
    } finally {
      for (const c of silent) c.destroy();
      await ctl.stop();
    }
  });

  s('the per-source rate applies to the raw socket, before the TLS handshake', async () => {
    const { ctl, port } = await startController({ apps: [new Hub()], tls: { material: material(), port: 0 }, admission: { perSourceRate: 0.001, perSourceBurst: 2 } });
    try {
      const sw = await goodSwitch(port, 7n);
      const bad = other.issue('intruder');
      assert.is(await tlsPeer(port, { cert: bad.certPem, key: bad.keyPem }), 'secure', 'the second connection is admitted: its TLS handshake runs (client side)');
      await until(() => ctl.tls!.refusals.unauthorized === 1, undefined, 'then its certificate is refused');
      const good = ca.issue('switch-third');
      assert.is(await tlsPeer(port, { cert: good.certPem, key: good.keyPem }), 'refused', 'the third from this address is reset');
      assert.is(ctl.admission.counts.refusedRate, 1);
      assert.is(tlsRefusals(ctl), 1, 'the TLS server never saw the third');
      await served(sw, 2);
      assert.is(ctl.admission.counts.handshaking, 0);
      sw.close();
    } finally {
      await ctl.stop();
    }
  });

  s('a TLS connection flood: peers past the bound or the rate are refused before TLS, the rest closed; the switch that is up keeps being served; fds come back', async () => {
    const { ctl, port } = await startController({
      apps: [new Hub()], tls: { material: material(), port: 0 }, handshakeTimeout: 1,
      admission: { maxHandshakes: 8, perSourceRate: 20, perSourceBurst: 10 },
    });
    try {
      const sw = await goodSwitch(port, 9n);
      await served(sw, 100);
      const fds0 = fds();
      const bad = other.issue('intruder');
      const kinds: (() => Promise<unknown>)[] = [
        () => tlsPeer(port, { cert: bad.certPem, key: bad.keyPem }), // another CA: full TLS handshake, then refused
        () => tlsPeer(port, {}), // no client certificate
        () => rawPeer(port, hello(OFP10, [OFP10])), // plaintext OpenFlow
        () => rawPeer(port, Buffer.from([0x16, 0x03, 0x01, 0xff, 0xff, 1, 2, 3])), // a TLS record claiming 64 KiB
        () => rawPeer(port), // silent: dropped at the TLS handshake timeout unless refused at once
      ];
      const N = 300;
      const BATCH = 30;
      for (let i = 0; i < N; i += BATCH) {
        const batch: Promise<unknown>[] = [];
        for (let j = i; j < i + BATCH; j++) batch.push(kinds[j % kinds.length]!());
        await Promise.all(batch);
        await served(sw, 200 + i); // between batches, the good switch is still answered
      }
      const c = ctl.admission.counts;
      await until(() => c.handshaking === 0, undefined, 'every handshake slot given back');
      assert.ok(c.refusedRate + c.refusedHandshakes + c.refusedGlobal > 0, `the flood met the admission limits: ${JSON.stringify(c)}`);
      assert.is(c.admitted + c.refusedRate + c.refusedHandshakes + c.refusedGlobal, N + 1, `every connection was admitted or refused: ${JSON.stringify(c)}`);
      assert.is(tlsRefusals(ctl), c.admitted - 1, `every admitted flood peer was refused by the TLS listener, no refused one reached it: ${JSON.stringify(ctl.tls!.refusals)}`);
      assert.is(ctl.connections.size, 1, 'only the good switch is a connection');
      assert.ok(ctl.switches.has(9n) && !sw.closed, 'the good switch is still up');
      await served(sw, 999);
      await until(() => fds() <= fds0, undefined, `fds back to ${fds0}`);
      sw.close();
    } finally {
      await ctl.stop();
    }
  });
}

s.run();
