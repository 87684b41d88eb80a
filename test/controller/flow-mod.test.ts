/**
 * The app-facing FLOW_MOD / PACKET_OUT descriptions, written through the
 * codec writers: into a sentinel-filled buffer at an odd offset, the bytes
 * decode with the generic decoder and re-encode to the same bytes; reserved
 * ports are mapped per version; nothing is written past the bound the
 * controller reserves.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { decodeMessage, encodeMessage } from '../../codec/index.js';
import { OutBuffer } from '../../codec/writers/out.js';
import {
  FlowMod, flowModBound, packetOutBound, writeFlowMod, writePacketOut, macFromString, macToString,
} from '../../controller/flow-mod.js';
import { PORT_FLOOD, PORT_CONTROLLER, NO_BUFFER, FLOW_DELETE, OFP10, OFP13, PORT_ANY } from '../../controller/protocol.js';

type V = Record<string, any>;
const SENTINEL = 0xee;

/** Write at offset 7 of a sentinel-filled buffer; the generic codec must decode it and re-encode the same bytes. */
function roundTrip(bound: number, write: (out: OutBuffer) => number): V {
  const out = new OutBuffer(bound + 20);
  out.buf.fill(SENTINEL);
  out.pos = 7;
  const at = write(out);
  assert.is(at, 7);
  assert.ok(out.pos - at <= bound, `wrote ${out.pos - at} bytes, bound ${bound}`);
  assert.is(out.buf[out.pos], SENTINEL, 'nothing written past the message');
  const msg = Buffer.from(out.buf.subarray(at, out.pos));
  const r = decodeMessage(msg);
  if (!r.ok) throw new Error(r.error.message);
  assert.is(r.size, msg.length);
  assert.ok(encodeMessage(r.value).equals(msg), 'generic encoder gives the same bytes');
  return r.value as V;
}

test('FlowMod (1.0, 1.3) is written as the intended FLOW_MOD, for several match/output shapes', () => {
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
      const v = roundTrip(flowModBound(fm), (o) => writeFlowMod(o, version, 9, fm));
      assert.is(v['type'], 'OFPT_FLOW_MOD');
      assert.is(v['priority'], fm.priority);
      assert.is(v['idle_timeout'], fm.idleTimeout);
      assert.is(v['cookie'], fm.cookie);
      assert.is(v['buffer_id'], fm.bufferId);
      const m = fm.match;
      if (version === OFP10) {
        const match = v['match'] as V;
        if (m.inPort >= 0) assert.is(match['in_port'], m.inPort);
        if (m.ethDst >= 0) assert.is(match['dl_dst'], macToString(m.ethDst));
        if (m.ethSrc >= 0) assert.is(match['dl_src'], macToString(m.ethSrc));
        if (m.ethType >= 0) assert.is(match['dl_type'], m.ethType);
        assert.is(v['out_port'], 'OFPP_NONE', 'PORT_ANY maps to 1.0 OFPP_NONE');
        assert.is((v['actions'] as V[]).length, fm.nOutputs);
      } else {
        const fields = (v['match']['oxm_fields'] as V[]).map((x) => [x['field'], x['value']]);
        const want: [string, unknown][] = [];
        if (m.inPort >= 0) want.push(['OFPXMT_OFB_IN_PORT', m.inPort]);
        if (m.ethDst >= 0) want.push(['OFPXMT_OFB_ETH_DST', macToString(m.ethDst)]);
        if (m.ethSrc >= 0) want.push(['OFPXMT_OFB_ETH_SRC', macToString(m.ethSrc)]);
        if (m.ethType >= 0) want.push(['OFPXMT_OFB_ETH_TYPE', m.ethType]);
        assert.equal(fields, want);
        assert.is((v['instructions'] as V[]).length, fm.nOutputs > 0 ? 1 : 0);
      }
    }
  }
});

test('PACKET_OUT: buffered and with data, reserved ports mapped per version', () => {
  const data = Buffer.from('0123456789abcdef0123456789abcdef');
  for (const version of [OFP10, OFP13]) {
    const v1 = roundTrip(packetOutBound(1, 0), (o) => writePacketOut(o, version, 1, 42, 3, [PORT_FLOOD], 1, null, 0, 0));
    assert.is(v1['buffer_id'], 42);
    assert.is(v1['actions'][0]['port'], 'OFPP_FLOOD');
    const v2 = roundTrip(packetOutBound(2, data.length), (o) => writePacketOut(o, version, 2, NO_BUFFER, 1, [2, 5], 2, data, 0, data.length));
    assert.ok((v2['data'] as Buffer).equals(data));
    assert.equal(v2['actions'].map((a: V) => a['port']), [2, 5]);
    const v3 = roundTrip(packetOutBound(1, 0), (o) => writePacketOut(o, version, 3, 5, PORT_CONTROLLER, [1], 1, null, 0, 0));
    assert.is(v3['in_port'], 'OFPP_CONTROLLER');
  }
});

test('a FlowMod reused for DELETE then ADD writes each command', () => {
  const fm = new FlowMod();
  fm.command = FLOW_DELETE;
  fm.outPort = PORT_ANY;
  assert.is(roundTrip(flowModBound(fm), (o) => writeFlowMod(o, OFP10, 1, fm))['command'], 'OFPFC_DELETE');
  fm.command = 0;
  fm.output(1);
  assert.is(roundTrip(flowModBound(fm), (o) => writeFlowMod(o, OFP10, 2, fm))['command'], 'OFPFC_ADD');
});

test('MAC strings and numbers convert both ways', () => {
  assert.is(macToString(macFromString('00:1b:21:3a:4f:ff')), '00:1b:21:3a:4f:ff');
  assert.is(macFromString('ffffffffffff'), 2 ** 48 - 1);
  assert.throws(() => macFromString('00:11:22'));
});

test.run();
