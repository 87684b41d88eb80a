import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { FakeSwitch, startController, header, until, frame, packetIn10, packetIn13, OFP10, OFP13 } from './support.js';
import type { App, ControllerApi, Switch } from '../../controller/app.js';
import { barrierRequest13 } from '../../codec/writers/of13.js';
import { decodeMessage } from '../../codec/index.js';

test('apps: on(version, type) sees raw messages; sends via codec writers on sw.out, sendMessage, send, barrier', async () => {
  const seen: string[] = [];
  let sw13: Switch | undefined;
  const app: App = {
    name: 'probe',
    start(ctl: ControllerApi) {
      ctl.on(OFP13, 21, (sw, buf, off, len) => seen.push(`barrier-reply ${sw.dpidHex} xid=${buf.readUInt32BE(off + 4)} len=${len}`));
      ctl.on('1.0', 3, (sw) => seen.push(`echo-reply ${sw.dpidHex}`));
    },
    switchUp(sw) {
      if (sw.version !== OFP13) return;
      sw13 = sw;
      barrierRequest13(sw.out, 0x777); // codec writer straight into the connection's output
      sw.sendMessage({ type: 'OFPT_ECHO_REQUEST', xid: 0x888, data: Buffer.from('hi') });
      sw.send(header(OFP13, 20, 8, 0x999));
    },
  };
  const { ctl, port } = await startController({ apps: [app] });
  const a = await FakeSwitch.connect(port);
  const b = await FakeSwitch.connect(port);
  try {
    await a.handshake({ version: OFP13, dpid: 0x13n });
    assert.is((await a.wait((m) => m.type === 20 && m.xid === 0x777)).bytes.length, 8);
    const echo = await a.wait((m) => m.type === 2 && m.xid === 0x888);
    assert.is(echo.bytes.subarray(8).toString(), 'hi');
    await a.wait((m) => m.type === 20 && m.xid === 0x999);
    // from outside a handler (timer): flushed without an explicit flush()
    await new Promise((r) => setTimeout(r, 10));
    const x = sw13!.barrier();
    await a.wait((m) => m.type === 20 && m.xid === x);
    a.send(header(OFP13, 21, 8, 0x4242));
    await until(() => seen.length >= 1);
    assert.equal(seen, ['barrier-reply 0000000000000013 xid=16962 len=8']);
    await b.handshake({ version: OFP10, dpid: 0x10n, plain: true });
    b.send(header(OFP10, 3, 8, 5));
    await until(() => seen.length >= 2);
    assert.is(seen[1], 'echo-reply 0000000000000010');
    assert.ok(ctl.switches.get(0x13n) === sw13, 'switches map is keyed by bigint dpid');
    const r = decodeMessage(echo.bytes);
    assert.ok(r.ok);
  } finally {
    a.close();
    b.close();
    await ctl.stop();
  }
});

test('apps: portStatus and flowRemoved reach handlers; ports stay current', async () => {
  const events: string[] = [];
  const app: App = {
    portStatus: (sw, reason, p) => events.push(`port ${reason} ${p.portNo} ${p.name} down=${p.down} n=${sw.ports.size}`),
    flowRemoved: (sw, fr) => events.push(`removed cookie=${fr.cookie} prio=${fr.priority} packets=${fr.packetCount}`),
  };
  const { ctl, port } = await startController({ apps: [app] });
  const sw = await FakeSwitch.connect(port);
  try {
    await sw.handshake({ version: OFP10, dpid: 1n, plain: true, ports: [1, 2] });
    const { portStatus } = await import('./support.js');
    sw.send(portStatus(OFP10, 0, 9));
    const fr = header(OFP10, 11, 88, 3);
    fr.writeBigUInt64BE(0xabn, 48);
    fr.writeUInt16BE(7, 56);
    fr.writeBigUInt64BE(12n, 72);
    sw.send(fr);
    await until(() => events.length === 2);
    assert.equal(events, ['port 0 9 eth9 down=false n=3', 'removed cookie=171 prio=7 packets=12']);
  } finally {
    sw.close();
    await ctl.stop();
  }
});
test('apps: warm sees every PACKET_IN of a multi-message read before packetIn sees any; a bad one is skipped there and refused as usual', async () => {
  const events: string[] = [];
  const app: App = {
    warm: (sw, pi) => events.push(`warm ${pi.bufferId}`),
    packetIn: (sw, pi) => { events.push(`in ${pi.bufferId}`); },
  };
  const { ctl, port } = await startController({ apps: [app] });
  const a = await FakeSwitch.connect(port);
  const b = await FakeSwitch.connect(port);
  try {
    await a.handshake({ version: OFP10, dpid: 1n, plain: true });
    await until(() => ctl.switches.has(1n));
    const f = frame('02:00:00:00:00:02', '02:00:00:00:00:01', 0x0800);
    const bad = packetIn10(9, 99, 1, f).subarray(0, 12); // too short for a PACKET_IN: BAD_LEN
    bad.writeUInt16BE(12, 2);
    // one write: the controller reads the whole batch at once (a 4 KiB handshake-sized read buffer holds it)
    a.send(Buffer.concat([packetIn10(1, 11, 1, f), bad, packetIn10(2, 12, 1, f), header(OFP10, 3, 8, 7), packetIn10(3, 13, 1, f)]));
    const err = await a.wait((m) => m.type === 1 && m.xid === 9);
    assert.is(err.bytes.readUInt16BE(8), 1, 'BAD_REQUEST');
    await until(() => events.length >= 6);
    assert.equal(events, ['warm 11', 'warm 12', 'warm 13', 'in 11', 'in 12', 'in 13']);
    // a read of one message: no warm call (nothing to overlap)
    events.length = 0;
    a.send(packetIn10(4, 14, 1, f));
    await until(() => events.length >= 1);
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(events, ['in 14']);
    // 1.3 too
    await b.handshake({ version: OFP13, dpid: 2n });
    await until(() => ctl.switches.has(2n)); // up on the controller's side before the batch is sent
    events.length = 0;
    b.send(Buffer.concat([packetIn13(1, 21, 1, f), packetIn13(2, 22, 1, f)]));
    await until(() => events.length >= 4);
    assert.equal(events, ['warm 21', 'warm 22', 'in 21', 'in 22']);
  } finally {
    a.close();
    b.close();
    await ctl.stop();
  }
});
test.run();
