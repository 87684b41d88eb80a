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
    const done = sw13!.barrier();
    const br = await a.wait((m) => m.type === 20);
    a.send(header(OFP13, 21, 8, br.xid));
    await done; // resolves on the BARRIER_REPLY with its xid
    a.send(header(OFP13, 21, 8, 0x4242));
    await until(() => seen.length >= 2);
    // on() handlers see every reply, also those that answered a request
    assert.equal(seen, [`barrier-reply 0000000000000013 xid=${br.xid} len=8`, 'barrier-reply 0000000000000013 xid=16962 len=8']);
    await b.handshake({ version: OFP10, dpid: 0x10n, plain: true });
    b.send(header(OFP10, 3, 8, 5));
    await until(() => seen.length >= 3);
    assert.is(seen[2], 'echo-reply 0000000000000010');
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
test('apps: warm gets the packet of every PACKET_IN of a multi-message read before packetIn sees it; a bad one is skipped there and refused as usual', async () => {
  const events: string[] = [];
  const app: App = {
    // the last byte of the source MAC tells the packets apart
    warm: (sw, frame, off, len) => { events.push(`warm ${frame[off + 11]} len ${len}`); },
    packetIn: (sw, pi) => { events.push(`in ${pi.ethSrcLo & 0xff}`); },
  };
  const { ctl, port } = await startController({ apps: [app] });
  const a = await FakeSwitch.connect(port);
  const b = await FakeSwitch.connect(port);
  try {
    await a.handshake({ version: OFP10, dpid: 1n, plain: true });
    await until(() => ctl.switches.has(1n));
    const f = (n: number) => frame('02:00:00:00:00:02', `02:00:00:00:00:0${n}`, 0x0800);
    const bad = packetIn10(9, 99, 1, f(9)).subarray(0, 12); // too short for a PACKET_IN: BAD_LEN
    bad.writeUInt16BE(12, 2);
    // one write: the controller reads the whole batch at once
    a.send(Buffer.concat([packetIn10(1, 11, 1, f(1)), bad, packetIn10(2, 12, 1, f(2)), header(OFP10, 3, 8, 7), packetIn10(3, 13, 1, f(3))]));
    const err = await a.wait((m) => m.type === 1 && m.xid === 9);
    assert.is(err.bytes.readUInt16BE(8), 1, 'BAD_REQUEST');
    await until(() => events.length >= 6);
    assert.equal(events, ['warm 1 len 60', 'warm 2 len 60', 'warm 3 len 60', 'in 1', 'in 2', 'in 3']);
    // a read of one message: no warm call (nothing to overlap)
    events.length = 0;
    a.send(packetIn10(4, 14, 1, f(4)));
    await until(() => events.length >= 1);
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(events, ['in 4']);
    // 1.3: the packet is found after the (padded) OXM match
    await b.handshake({ version: OFP13, dpid: 2n });
    await until(() => ctl.switches.has(2n)); // up on the controller's side before the batch is sent
    events.length = 0;
    b.send(Buffer.concat([packetIn13(1, 21, 1, f(5)), packetIn13(2, 22, 1, f(6))]));
    await until(() => events.length >= 4);
    assert.equal(events, ['warm 5 len 60', 'warm 6 len 60', 'in 5', 'in 6']);
  } finally {
    a.close();
    b.close();
    await ctl.stop();
  }
});

test('apps: in a big read, warm runs a window ahead of packetIn: every packet warmed once, in order, before it is handled, never more than 8 KiB ahead', async () => {
  const N = 400; // 400 PACKET_INs of 78 bytes: 31 KiB in one write, one read on loopback
  const warmed: number[] = [];
  const ahead: number[] = [];
  const handled: number[] = [];
  const app: App = {
    // the last two bytes of the source MAC number the packets
    warm: (sw, frame, off) => { warmed.push((frame[off + 10]! << 8) | frame[off + 11]!); },
    packetIn: (sw, pi) => {
      const k = pi.ethSrcLo & 0xffff;
      handled.push(k);
      ahead.push(warmed.length - handled.length); // packets warmed but not yet handled
    },
  };
  const { ctl, port } = await startController({ apps: [app] });
  const a = await FakeSwitch.connect(port);
  try {
    await a.handshake({ version: OFP10, dpid: 1n, plain: true });
    await until(() => ctl.switches.has(1n));
    const hex = (n: number) => n.toString(16).padStart(2, '0');
    const pis: Buffer[] = [];
    for (let k = 0; k < N; k++) pis.push(packetIn10(1000 + k, k, 1, frame('02:00:00:00:00:02', `02:00:00:00:${hex(k >> 8)}:${hex(k & 0xff)}`, 0x0800)));
    assert.is(pis[0]!.length, 78);
    a.send(Buffer.concat(pis));
    await until(() => handled.length === N);
    const all = Array.from({ length: N }, (_, k) => k);
    assert.equal(handled, all, 'every packet handled, in order');
    assert.equal(warmed, all, 'every packet warmed once, in order');
    assert.ok(Math.min(...ahead) >= 0, 'no packet handled before it was warmed');
    // the window: 8192 bytes of messages ahead, plus the rest of the message that crossed its edge
    assert.ok(Math.max(...ahead) <= Math.ceil(8192 / 78) + 1, `warmed at most a window ahead (max ${Math.max(...ahead)} packets)`);
  } finally {
    a.close();
    await ctl.stop();
  }
});

test('apps: a warm hook that returns false is not offered the rest of the read; other apps still are, and every packet is handled', async () => {
  const events: string[] = [];
  const declines: App = {
    warm: (sw, frame, off) => { events.push(`declines ${frame[off + 11]}`); return false; },
    packetIn: (sw, pi) => { events.push(`in ${pi.ethSrcLo & 0xff}`); },
  };
  const wants: App = { warm: (sw, frame, off) => { events.push(`wants ${frame[off + 11]}`); return true; } };
  const { ctl, port } = await startController({ apps: [declines, wants] });
  const a = await FakeSwitch.connect(port);
  try {
    await a.handshake({ version: OFP10, dpid: 1n, plain: true });
    await until(() => ctl.switches.has(1n));
    const f = (n: number) => frame('02:00:00:00:00:02', `02:00:00:00:00:0${n}`, 0x0800);
    a.send(Buffer.concat([packetIn10(1, 11, 1, f(1)), packetIn10(2, 12, 1, f(2)), packetIn10(3, 13, 1, f(3))]));
    await until(() => events.filter((e) => e.startsWith('in')).length >= 3);
    assert.equal(events, ['declines 1', 'wants 1', 'wants 2', 'wants 3', 'in 1', 'in 2', 'in 3']);
    // the next read is offered again (the opt-out lasts one pass)
    events.length = 0;
    a.send(Buffer.concat([packetIn10(4, 14, 1, f(4)), packetIn10(5, 15, 1, f(5))]));
    await until(() => events.filter((e) => e.startsWith('in')).length >= 2);
    assert.equal(events, ['declines 4', 'wants 4', 'wants 5', 'in 4', 'in 5']);
  } finally {
    a.close();
    await ctl.stop();
  }
});

test('apps: a warm hook that throws is logged and costs no message', async () => {
  const seen: number[] = [];
  const lines: string[] = [];
  const app: App = {
    warm: () => { throw new Error('warm broke'); },
    packetIn: (sw, pi) => { seen.push(pi.bufferId); },
  };
  const { ctl, port } = await startController({ apps: [app] }, lines);
  const a = await FakeSwitch.connect(port);
  try {
    await a.handshake({ version: OFP10, dpid: 1n, plain: true });
    await until(() => ctl.switches.has(1n));
    const f = frame('02:00:00:00:00:02', '02:00:00:00:00:01', 0x0800);
    a.send(Buffer.concat([packetIn10(1, 31, 1, f), packetIn10(2, 32, 1, f), packetIn10(3, 33, 1, f)]));
    await until(() => seen.length >= 3);
    assert.equal(seen, [31, 32, 33]);
    assert.ok(lines.some((l) => l.includes('warm broke')), 'the failure is logged');
    a.send(header(OFP10, 2, 8, 0x44)); // the connection still works
    await a.wait((m) => m.type === 3 && m.xid === 0x44);
  } finally {
    a.close();
    await ctl.stop();
  }
});

test('codec: packetInFrame10/13 find the packet as the views do, and -1 when the message is too short', async () => {
  const { packetInFrame10, PacketIn10View } = await import('../../codec/views/of10.js');
  const { packetInFrame13, PacketIn13View } = await import('../../codec/views/of13.js');
  const f = frame('02:00:00:00:00:02', '02:00:00:00:00:01', 0x0800);
  const p10 = Buffer.concat([Buffer.alloc(5), packetIn10(1, 1, 1, f)]);
  const v10 = new PacketIn10View();
  assert.is(v10.bind(p10, 5, p10.length - 5), null);
  assert.is(packetInFrame10(p10, 5, p10.length - 5), v10.dataOffset);
  assert.is(packetInFrame10(p10, 5, 17), -1);
  const p13 = Buffer.concat([Buffer.alloc(3), packetIn13(1, 1, 7, f)]);
  const v13 = new PacketIn13View();
  assert.is(v13.bind(p13, 3, p13.length - 3), null);
  assert.is(packetInFrame13(p13, 3, p13.length - 3), v13.dataOffset);
  assert.is(packetInFrame13(p13, 3, 20), -1, 'shorter than the match header');
  const lying = Buffer.from(p13);
  lying.writeUInt16BE(0x7ff0, 3 + 24 + 2); // match length past the end
  assert.is(packetInFrame13(lying, 3, lying.length - 3), -1);
});

test.run();
