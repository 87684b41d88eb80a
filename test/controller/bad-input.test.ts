import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { FakeSwitch, startController, header, frame, packetIn10, until, OFP10, OFP13 } from './support.js';
import type { App } from '../../controller/app.js';
import { Hub } from '../../controller/apps/hub.js';

test('a message length < 8: BAD_LEN error, then only that connection is closed; another switch keeps working', async () => {
  const lines: string[] = [];
  const { ctl, port } = await startController({ apps: [new Hub()] }, lines);
  const bad = await FakeSwitch.connect(port);
  const good = await FakeSwitch.connect(port);
  try {
    await bad.handshake({ version: OFP10, dpid: 1n, plain: true });
    await good.handshake({ version: OFP10, dpid: 2n, plain: true });
    await until(() => ctl.registry.size === 2);
    bad.send(Buffer.from([1, 2, 0, 5, 0, 0, 0, 0x4d]));
    const e = await bad.waitType(1);
    assert.is(e.bytes.readUInt16BE(8), 1, 'OFPET_BAD_REQUEST');
    assert.is(e.bytes.readUInt16BE(10), 6, 'OFPBRC_BAD_LEN');
    assert.is(e.xid, 0x4d);
    assert.ok(e.bytes.subarray(12).equals(Buffer.from([1, 2, 0, 5, 0, 0, 0, 0x4d])), 'the offending header comes back');
    await bad.closedP;
    assert.ok(lines.some((l) => /less than the 8-byte header/.test(l)), 'the reason is logged');
    good.send(packetIn10(9, 77, 1, frame('ff:ff:ff:ff:ff:ff', '00:00:00:00:00:01', 0x0800)));
    const po = await good.waitType(13);
    assert.is(po.bytes.readUInt32BE(8), 77);
    assert.ok(ctl.registry.has(2n) && !ctl.registry.has(1n));
  } finally {
    bad.close();
    good.close();
    await ctl.stop();
  }
});

test('truncated PACKET_IN -> OFPT_ERROR BAD_REQUEST/BAD_LEN with the offending bytes; the connection stays', async () => {
  for (const version of [OFP10, OFP13]) {
    const { ctl, port } = await startController({ apps: [new Hub()] });
    const sw = await FakeSwitch.connect(port);
    try {
      await sw.handshake({ version, dpid: 3n });
      const short = header(version, 10, 14, 0x1234);
      short.writeUInt32BE(5, 8);
      sw.send(short);
      const e = await sw.waitType(1);
      assert.is(e.xid, 0x1234);
      assert.is(e.bytes.readUInt16BE(8), 1, 'OFPET_BAD_REQUEST');
      assert.is(e.bytes.readUInt16BE(10), 6, 'OFPBRC_BAD_LEN');
      assert.ok(e.bytes.subarray(12).equals(short), 'data = the offending message');
      // 1.3 PACKET_IN whose match length runs past the message
      if (version === OFP13) {
        const m = header(OFP13, 10, 40, 0x55);
        m.writeUInt16BE(1, 24);
        m.writeUInt16BE(200, 26);
        sw.send(m);
        const e2 = await sw.wait((x) => x.type === 1 && x.xid === 0x55);
        // the codec names the 1.3 error for a match length problem: OFPET_BAD_MATCH / OFPBMC_BAD_LEN
        assert.is(e2.bytes.readUInt16BE(8), 4, 'OFPET_BAD_MATCH');
        assert.is(e2.bytes.readUInt16BE(10), 1, 'OFPBMC_BAD_LEN');
      }
      // a long bad message: at most 64 bytes come back
      const long = header(version, 12, 40, 0x99); // PORT_STATUS shorter than its port description
      sw.send(long);
      const e3 = await sw.wait((x) => x.type === 1 && x.xid === 0x99);
      assert.is(e3.bytes.length, 12 + 40);
      const huge = header(version, 10, 300, 0x77);
      huge.writeUInt16BE(1, 24); huge.writeUInt16BE(1000, 26); // 1.3: bad match length; 1.0: valid, hub floods
      sw.send(huge);
      if (version === OFP13) {
        const e4 = await sw.wait((x) => x.type === 1 && x.xid === 0x77);
        assert.is(e4.bytes.length, 12 + 64, 'at most 64 offending bytes');
      }
      sw.send(header(version, 2, 8, 0x31));
      assert.is((await sw.waitType(3)).xid, 0x31, 'still answering');
    } finally {
      sw.close();
      await ctl.stop();
    }
  }
});

test('wrong version after the handshake -> BAD_VERSION; unknown type -> BAD_TYPE', async () => {
  const { ctl, port } = await startController();
  const sw = await FakeSwitch.connect(port);
  try {
    await sw.handshake({ version: OFP13, dpid: 4n });
    sw.send(header(OFP10, 2, 8, 0x21));
    const e = await sw.waitType(1);
    assert.is(e.xid, 0x21);
    assert.is(e.bytes.readUInt16BE(10), 0, 'OFPBRC_BAD_VERSION');
    sw.send(header(OFP13, 200, 8, 0x22));
    const e2 = await sw.wait((m) => m.type === 1 && m.xid === 0x22);
    assert.is(e2.bytes.readUInt16BE(10), 1, 'OFPBRC_BAD_TYPE');
  } finally {
    sw.close();
    await ctl.stop();
  }
});

test('an app that throws does not take the connection (or the process) down', async () => {
  let calls = 0;
  const boom: App = { packetIn: () => { calls++; throw new Error('app bug'); } };
  const lines: string[] = [];
  const { ctl, port } = await startController({ apps: [boom] }, lines);
  const sw = await FakeSwitch.connect(port);
  try {
    await sw.handshake({ version: OFP10, dpid: 5n, plain: true });
    const f = frame('ff:ff:ff:ff:ff:ff', '00:00:00:00:00:01', 0x0800);
    sw.send(Buffer.concat([packetIn10(1, 1, 1, f), packetIn10(2, 2, 1, f), header(OFP10, 2, 8, 0x41)]));
    const r = await sw.waitType(3);
    assert.is(r.xid, 0x41, 'later messages in the same read are still handled');
    assert.is(calls, 2);
    assert.ok(lines.some((l) => /handler failed/.test(l) && /app bug/.test(l)));
    assert.ok(ctl.registry.has(5n));
  } finally {
    sw.close();
    await ctl.stop();
  }
});

test('garbage before HELLO is refused with HELLO_FAILED and a close', async () => {
  const { ctl, port } = await startController();
  const sw = await FakeSwitch.connect(port);
  try {
    await sw.waitType(0);
    sw.send(header(OFP10, 10, 8, 1));
    const e = await sw.waitType(1);
    assert.is(e.bytes.readUInt16BE(8), 0);
    await sw.closedP;
  } finally {
    await ctl.stop();
  }
});
test.run();
