import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { decodeMessage, encodeMessage } from '../../codec/index.js';
import { listFixtures } from '../support/fixtures.js';
import {
  FlowMod, PacketInView, writeFlowMod, flowModSize, writePacketOut, packetOutSize, writeHello, writeError,
  PORT_FLOOD, PORT_CONTROLLER, NO_BUFFER, FLOW_DELETE, OFP10, OFP13, macFromString, macToString,
} from '../../controller/wire.js';

type V = Record<string, any>;
function decodeOk(b: Buffer): V {
  const r = decodeMessage(b);
  if (!r.ok) throw new Error(r.error.message);
  assert.is(r.size, b.length);
  return r.value as V;
}

/** Write into a sentinel-filled buffer at an odd offset; the generic codec must decode it and re-encode the same bytes. */
function roundTrip(size: number, write: (buf: Buffer, p: number) => number): V {
  const buf = Buffer.alloc(size + 20, 0xee);
  const n = write(buf, 7);
  assert.is(n, size, 'declared size = written size');
  assert.is(buf[6], 0xee);
  assert.is(buf[7 + n], 0xee, 'nothing written past the message');
  const msg = Buffer.from(buf.subarray(7, 7 + n));
  const v = decodeOk(msg);
  assert.ok(encodeMessage(v).equals(msg), 'generic encoder gives the same bytes');
  return v;
}

test('FLOW_MOD writer (1.0, 1.3) agrees with the schema codec, for several match/output shapes', () => {
  const shapes: ((fm: FlowMod) => void)[] = [
    (fm) => { fm.match.inPort = 3; fm.match.ethDst = macFromString('80:00:00:00:00:01'); fm.match.ethSrc = macFromString('0a:0b:0c:0d:0e:0f'); fm.output(2); },
    (fm) => { fm.priority = 0; fm.output(PORT_CONTROLLER); },
    (fm) => { fm.command = FLOW_DELETE; fm.match.ethType = 0x0806; fm.nOutputs = 0; fm.cookie = 0x1122334455667788n; },
    (fm) => { fm.match.ethDst = macFromString('ff:ff:ff:ff:ff:fe'); fm.outputs = [1, 2, PORT_FLOOD]; fm.nOutputs = 3; fm.idleTimeout = 60; fm.bufferId = 77; },
  ];
  for (const version of [OFP10, OFP13]) {
    for (const shape of shapes) {
      const fm = new FlowMod();
      shape(fm);
      const v = roundTrip(flowModSize(version, fm), (b, p) => writeFlowMod(b, p, version, 9, fm));
      assert.is(v['type'], 'OFPT_FLOW_MOD');
      assert.is(v['priority'], fm.priority);
      assert.is(v['idle_timeout'], fm.idleTimeout);
      assert.is(v['cookie'], fm.cookie);
    }
  }
});

test('PACKET_OUT writer: buffered and with data, reserved ports mapped per version', () => {
  const data = Buffer.from('0123456789abcdef0123456789abcdef');
  for (const version of [OFP10, OFP13]) {
    const v1 = roundTrip(packetOutSize(version, 1, 0), (b, p) => writePacketOut(b, p, version, 1, 42, 3, [PORT_FLOOD], 1, null, 0, 0));
    assert.is(v1['buffer_id'], 42);
    assert.is(v1['actions'][0]['port'], 'OFPP_FLOOD');
    const v2 = roundTrip(packetOutSize(version, 2, data.length), (b, p) => writePacketOut(b, p, version, 2, NO_BUFFER, 1, [2, 5], 2, data, 0, data.length));
    assert.ok((v2['data'] as Buffer).equals(data));
    assert.equal(v2['actions'].map((a: V) => a['port']), [2, 5]);
  }
});

test('HELLO and ERROR writers', () => {
  const h = roundTrip(16, (b, p) => writeHello(b, p, OFP13, 1, [OFP10, OFP13]));
  assert.is(h['version'], OFP13);
  const src = Buffer.alloc(100, 3);
  const e = roundTrip(12 + 64, (b, p) => writeError(b, p, OFP10, 5, 1, 6, src, 0, 64));
  assert.is(e['xid'], 5);
});

test('PacketInView reads every PACKET_IN fixture like the generic decoder (in_port from the 1.3 OXM match)', () => {
  let n = 0;
  for (const [dir, version] of [['of10', OFP10], ['of13', OFP13]] as const) {
    for (const f of listFixtures(dir)) {
      if (f.truncated || f.bytes[1] !== 10) continue;
      const v = decodeOk(f.bytes);
      const view = new PacketInView();
      // bind at an offset inside a larger buffer
      const big = Buffer.concat([Buffer.alloc(5), f.bytes, Buffer.alloc(5)]);
      assert.ok(view.bind(big, 5, f.bytes.length, version), f.id);
      assert.is(view.bufferId, v['buffer_id'], f.id);
      assert.is(view.totalLen, v['total_len'], f.id);
      const data = v['data'] as Buffer;
      assert.is(view.dataLength, data.length, f.id);
      assert.ok(view.data().equals(data), f.id);
      if (version === OFP10) assert.is(view.inPort, typeof v['in_port'] === 'number' ? v['in_port'] : view.inPort, f.id);
      else {
        const inPort = (v['match']['oxm_fields'] as V[]).find((x) => x['field'] === 'OFPXMT_OFB_IN_PORT');
        if (inPort && typeof inPort['value'] === 'number') assert.is(view.inPort, inPort['value'], f.id);
      }
      if (data.length >= 14) {
        assert.is(macToString(view.ethDst()), data.subarray(0, 6).toString('hex').replace(/(..)(?!$)/g, '$1:'));
        assert.is(macToString(view.ethSrc()), data.subarray(6, 12).toString('hex').replace(/(..)(?!$)/g, '$1:'));
      }
      n++;
    }
  }
  assert.ok(n >= 4, `checked ${n} PACKET_IN fixtures`);
});

test('PacketInView rejects PACKET_INs too short for their fixed part or with a match running past the end', () => {
  const view = new PacketInView();
  const short10 = Buffer.alloc(17); short10[0] = 1; short10[1] = 10; short10.writeUInt16BE(17, 2);
  assert.not.ok(view.bind(short10, 0, 17, OFP10));
  const bad13 = Buffer.alloc(40); bad13[0] = 4; bad13[1] = 10; bad13.writeUInt16BE(40, 2); bad13.writeUInt16BE(1, 24); bad13.writeUInt16BE(60, 26);
  assert.not.ok(view.bind(bad13, 0, 40, OFP13));
  bad13.writeUInt16BE(12, 26); bad13.writeUInt32BE(0x80000008, 28); // OXM TLV claims 8 bytes, only 4 left in the match
  assert.not.ok(view.bind(bad13, 0, 40, OFP13));
});
test.run();
