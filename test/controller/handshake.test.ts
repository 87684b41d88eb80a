import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { FakeSwitch, startController, hello, header, until, OFP10, OFP13 } from './support.js';
import { peerVersions, negotiate } from '../../controller/handshake.js';
import { decodeMessage, encodeMessage } from '../../codec/index.js';

test('controller HELLO carries a version bitmap with 1.0 and 1.3; a 1.3 bitmap peer gets 1.3, PORT_DESC and SET_CONFIG', async () => {
  const { ctl, port } = await startController({ missSendLen: 200 });
  const sw = await FakeSwitch.connect(port);
  try {
    const h = await sw.waitType(0);
    assert.is(h.version, OFP13, 'our HELLO is sent with our highest version');
    assert.is(h.bytes.readUInt16BE(8), 1, 'OFPHET_VERSIONBITMAP element');
    assert.is(h.bytes.readUInt32BE(12), (1 << 1) | (1 << 4), 'bitmap = {1.0, 1.3}');
    sw.send(hello(OFP13, [OFP10, OFP13]));
    const fr = await sw.waitType(5);
    assert.is(fr.version, OFP13);
    const pd = await sw.waitType(18);
    assert.is(pd.bytes.readUInt16BE(8), 13, 'MULTIPART_REQUEST of type PORT_DESC');
    const sc = await sw.waitType(9);
    assert.is(sc.bytes.readUInt16BE(10), 200, 'SET_CONFIG miss_send_len');
    assert.is(ctl.registry.size, 0, 'not up before FEATURES_REPLY');
    const { featuresReply, portDescReply13 } = await import('./support.js');
    sw.send(featuresReply(OFP13, fr.xid, 0xfedcba9876543210n, []));
    await new Promise((r) => setTimeout(r, 50));
    assert.is(ctl.registry.size, 0, 'on 1.3 not up before the PORT_DESC reply');
    sw.send(portDescReply13(pd.xid, [1, 2, 7]));
    await until(() => ctl.registry.size === 1, 2000, 'switch up');
    const s = ctl.registry.get(0xfedcba9876543210n)!;
    assert.ok(s, 'registry key is the exact 64-bit dpid');
    assert.is(s.dpidHex, 'fedcba9876543210');
    assert.equal([...s.ports.keys()].sort(), [1, 2, 7]);
    assert.is(s.version, OFP13);
  } finally {
    sw.close();
    await ctl.stop();
  }
});

test('1.4 and 1.5 switches: negotiated, PORT_DESC (1.5 with its port_no body) read as ports with properties, PORT_STATUS too', async () => {
  for (const v of [5, 6]) {
    const { ctl, port } = await startController({ versions: [OFP10, OFP13, 5, 6] });
    const sw = await FakeSwitch.connect(port);
    try {
      const h = await sw.waitType(0);
      assert.is(h.version, 6, 'our HELLO has our highest version, 1.5');
      assert.is(h.bytes.readUInt32BE(12), (1 << 1) | (1 << 4) | (1 << 5) | (1 << 6));
      sw.send(hello(v, [v]));
      const fr = await sw.waitType(5);
      assert.is(fr.version, v);
      const pd = await sw.waitType(18);
      const req = decodeMessage(pd.bytes);
      assert.ok(req.ok, req.ok ? '' : req.error.message);
      if (req.ok) assert.is(req.value['multipart_type'], 'OFPMP_PORT_DESC');
      assert.is(pd.bytes.length, v === 6 ? 24 : 16, 'the 1.5 request carries port_no (OFPP_ANY) and pad');
      const { featuresReply } = await import('./support.js');
      sw.send(featuresReply(v, fr.xid, 42n, []));
      // The reply built by the generic encoder: 40-byte ports with an ethernet property (speeds) and an unknown one.
      const portOf = (no: number) => ({
        port_no: no, hw_addr: `0a:00:00:00:00:0${no}`, name: `p${no}`, config: 0, state: 0, properties: [
          { type: 'OFPPDPT_ETHERNET', curr: 0x840, advertised: 0, supported: 0, peer: 0, curr_speed: 10_000_000, max_speed: 0 },
          { type: 0x1234, body: 'aabbccdd' },
        ],
      });
      sw.send(encodeMessage({ version: v, type: 'OFPT_MULTIPART_REPLY', xid: pd.xid, multipart_type: 'OFPMP_PORT_DESC', flags: 0, body: [portOf(1), portOf(2)] }));
      await until(() => ctl.registry.size === 1, 2000, 'switch up');
      const s = ctl.registry.get(42n)!;
      assert.is(s.version, v);
      assert.equal([...s.ports.keys()].sort(), [1, 2]);
      assert.is(s.ports.get(2)!.name, 'p2');
      assert.is(s.ports.get(2)!.hwAddr, '0a:00:00:00:00:02');
      assert.is(s.ports.get(2)!.curr, 0x840, 'curr from the ethernet property');
      // PORT_STATUS DELETE of port 1, in the 1.4 layout.
      sw.send(encodeMessage({ version: v, type: 'OFPT_PORT_STATUS', xid: 0, reason: 'OFPPR_DELETE', desc: portOf(1) }));
      await until(() => !s.ports.has(1), 2000, 'port 1 deleted');
    } finally {
      sw.close();
      await ctl.stop();
    }
  }
});

test('plain HELLOs (cbench, old switches): version 1 -> 1.0 with ports from FEATURES_REPLY; version 6 -> highest common 1.3', async () => {
  const { ctl, port } = await startController();
  const a = await FakeSwitch.connect(port);
  const b = await FakeSwitch.connect(port);
  try {
    assert.is(await a.handshake({ version: OFP10, dpid: 1n, plain: true, ports: [1, 2, 3] }), OFP10);
    await until(() => ctl.registry.has(1n));
    assert.is(ctl.registry.get(1n)!.ports.size, 3);
    assert.is(await b.handshake({ version: 6, dpid: 2n, plain: true }), OFP13);
    await until(() => ctl.registry.has(2n));
  } finally {
    a.close();
    b.close();
    await ctl.stop();
  }
});

test('--versions 1.0 only: a plain 1.3 HELLO negotiates min(theirs, ours) = 1.0', async () => {
  const { ctl, port } = await startController({ versions: [OFP10] });
  const sw = await FakeSwitch.connect(port);
  try {
    const h = await sw.waitType(0);
    assert.is(h.version, OFP10);
    assert.is(h.bytes.readUInt32BE(12), 1 << 1);
    sw.send(hello(OFP13));
    assert.is((await sw.waitType(5)).version, OFP10);
  } finally {
    sw.close();
    await ctl.stop();
  }
});

test('no common version: OFPT_ERROR HELLO_FAILED/INCOMPATIBLE, then the connection is closed', async () => {
  const lines: string[] = [];
  const { ctl, port } = await startController({ versions: [OFP10] }, lines);
  const sw = await FakeSwitch.connect(port);
  try {
    await sw.waitType(0);
    sw.send(hello(OFP13, [OFP13]));
    const e = await sw.waitType(1);
    assert.is(e.bytes.readUInt16BE(8), 0, 'OFPET_HELLO_FAILED');
    assert.is(e.bytes.readUInt16BE(10), 0, 'OFPHFC_INCOMPATIBLE');
    assert.match(e.bytes.subarray(12).toString('latin1'), /no common OpenFlow version/);
    await sw.closedP;
    assert.is(ctl.registry.size, 0);
    assert.ok(lines.some((l) => /handshake failed/.test(l)));
  } finally {
    sw.close();
    await ctl.stop();
  }
});

test('a handshake that does not finish in time is closed (bounded half-open)', async () => {
  const { ctl, port } = await startController({ handshakeTimeout: 0.2 });
  const sw = await FakeSwitch.connect(port);
  try {
    await sw.waitType(0);
    sw.send(hello(OFP10)); // then never answer FEATURES_REQUEST
    const t0 = Date.now();
    await sw.closedP;
    assert.ok(Date.now() - t0 < 1500, 'closed soon after the timeout');
    assert.is(ctl.connections.size, 0);
  } finally {
    await ctl.stop();
  }
});

test('peerVersions / negotiate read multi-word bitmaps and skip unknown elements', () => {
  const b = Buffer.alloc(8 + 8 + 12);
  b[0] = 5; b.writeUInt16BE(b.length, 2);
  b.writeUInt16BE(99, 8); b.writeUInt16BE(5, 10); // unknown element of 5 bytes, padded to 8
  b.writeUInt16BE(1, 16); b.writeUInt16BE(12, 18); b.writeUInt32BE(1 << 4, 20); b.writeUInt32BE(1, 24); // versions 4 and 32
  const { versions, bitmap } = peerVersions(b, 0, b.length);
  assert.ok(bitmap);
  assert.equal([...versions].sort((x, y) => x - y), [4, 32]);
  assert.is(negotiate([1, 4], versions), 4);
  assert.is(negotiate([1], versions), 0);
});
test('during the handshake: an ECHO_REQUEST is answered in kind; an ERROR answering FEATURES_REQUEST closes the connection', async () => {
  for (const version of [OFP10, OFP13]) {
    const { ctl, port } = await startController();
    const sw = await FakeSwitch.connect(port);
    try {
      await sw.waitType(0);
      sw.send(hello(version, [version]));
      const fr = await sw.waitType(5);
      const echo = header(version, 2, 12, 0x77);
      echo.write('ping', 8, 'latin1');
      sw.send(echo);
      const rep = await sw.waitType(3);
      assert.is(rep.version, version);
      assert.is(rep.xid, 0x77);
      assert.ok(rep.bytes.subarray(8).equals(Buffer.from('ping')), 'payload echoed');
      const err = header(version, 1, 12, fr.xid);
      err.writeUInt16BE(1, 8); // OFPET_BAD_REQUEST
      err.writeUInt16BE(1, 10);
      sw.send(err);
      await until(() => sw.closed, 2000, 'connection closed after an ERROR to FEATURES_REQUEST');
      assert.is(ctl.registry.size, 0, 'the switch never came up');
    } finally {
      sw.close();
      await ctl.stop();
    }
  }
});

test.run();
