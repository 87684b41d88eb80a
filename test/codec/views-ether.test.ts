/**
 * PACKET_IN views: the Ethernet header of the packet data (MACs as 48-bit
 * keys and 24-bit halves, ethertype after VLAN tags, -1 when the data is too
 * short) and the version-neutral in_port; the reserved-port mapping between
 * 1.0 and 1.3; the HELLO version bitmap reader.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { decodeMessage, encodeMessage } from '../../codec/message.js';
import '../../codec/index.js';
import { OFPP as OFPP10 } from '../../codec/of10/enums.js';
import { OFPP as OFPP13 } from '../../codec/of13/enums.js';
import { listFixtures } from '../support/fixtures.js';
import * as hot from '../../codec/hot.js';

type V = Record<string, any>;
const HALF = 0x1000000;

function decoded(b: Buffer): V {
  const d = decodeMessage(b);
  if (!d.ok) throw new Error(d.error.message);
  return d.value as V;
}
function pi10(data: Buffer, inPort: number | string = 3): Buffer {
  return encodeMessage({ version: 1, type: 'OFPT_PACKET_IN', xid: 1, buffer_id: 0xffffffff, total_len: data.length, in_port: inPort, reason: 0, data });
}
function pi13(data: Buffer, inPort = 3): Buffer {
  const match = { type: 'OFPMT_OXM' as const, oxm_fields: [{ class: 'OFPXMC_OPENFLOW_BASIC' as const, field: 'OFPXMT_OFB_IN_PORT' as const, hasmask: false, value: inPort }] };
  return encodeMessage({ version: 4, type: 'OFPT_PACKET_IN', xid: 1, buffer_id: 0xffffffff, total_len: data.length, reason: 0, table_id: 0, cookie: 0n, match, data });
}
/** Bind at offset 3 inside a larger buffer (so absolute offsets are exercised). */
function bound(msg: Buffer): hot.PacketIn {
  const big = Buffer.alloc(msg.length + 8, 0xee);
  msg.copy(big, 3);
  const v: hot.PacketIn = msg[0] === 1 ? new hot.PacketIn10View() : new hot.PacketIn13View();
  assert.is(v.bind(big, 3, msg.length), null);
  return v;
}
const keyOf = (b: Buffer, at: number) => parseInt(b.subarray(at, at + 6).toString('hex'), 16);

test('on every PACKET_IN fixture the Ethernet accessors agree with the decoded data and in_port32 with the decoded in_port', () => {
  let n = 0;
  for (const dir of ['of10', 'of13']) {
    for (const f of listFixtures(dir)) {
      if (f.truncated || f.bytes[1] !== 10) continue;
      const d = decoded(f.bytes);
      const data = d['data'] as Buffer;
      const v = bound(f.bytes);
      assert.is(v.ethDst, data.length >= 6 ? keyOf(data, 0) : -1, f.id);
      assert.is(v.ethSrc, data.length >= 12 ? keyOf(data, 6) : -1, f.id);
      if (data.length >= 12) {
        assert.is(v.ethDstHi * HALF + v.ethDstLo, v.ethDst, f.id);
        assert.is(v.ethSrcHi * HALF + v.ethSrcLo, v.ethSrc, f.id);
      }
      if (data.length >= 14 && data.readUInt16BE(12) !== 0x8100) assert.is(v.ethType, data.readUInt16BE(12), f.id);
      if (dir === 'of10') {
        const raw = typeof d['in_port'] === 'number' ? d['in_port'] : (OFPP10 as V)[String(d['in_port']).replace('OFPP_', '')];
        assert.is(v.inPort, raw, f.id);
        assert.is(v.inPort32, hot.port10To32(raw), f.id);
      } else {
        assert.is(v.inPort32, v.inPort, f.id);
      }
      n++;
    }
  }
  assert.ok(n >= 4, `checked ${n} PACKET_IN fixtures`);
});

test('short packet data: each Ethernet field is -1 until its bytes are all there, in both versions', () => {
  const frame = Buffer.from('0a0b0c0d0e0f' + '102030405060' + '0806' + '0001', 'hex');
  for (const make of [pi10, pi13]) {
    for (let k = 0; k <= frame.length; k++) {
      const v = bound(make(frame.subarray(0, k)));
      assert.is(v.dataLength, k);
      assert.is(v.ethDst, k >= 6 ? 0x0a0b0c0d0e0f : -1, `dst, ${k} bytes`);
      assert.is(v.ethDstHi, k >= 6 ? 0x0a0b0c : -1);
      assert.is(v.ethDstLo, k >= 6 ? 0x0d0e0f : -1);
      assert.is(v.ethSrc, k >= 12 ? 0x102030405060 : -1, `src, ${k} bytes`);
      assert.is(v.ethSrcHi, k >= 12 ? 0x102030 : -1);
      assert.is(v.ethSrcLo, k >= 12 ? 0x405060 : -1);
      assert.is(v.ethType, k >= 14 ? 0x0806 : -1, `type, ${k} bytes`);
    }
  }
});

test('ethType skips 802.1Q and 802.1ad tags, and is -1 when a tag cuts the frame short', () => {
  const macs = 'ffffffffffff' + '020000000001';
  const cases: [string, number][] = [
    [macs + '8100' + '0005' + '88cc', 0x88cc],
    [macs + '88a8' + '0007' + '8100' + '0005' + '0800' + '45', 0x0800],
    [macs + '8100' + '0005', -1],
    [macs + '8100' + '00', -1],
  ];
  for (const [hex, want] of cases) {
    const data = Buffer.from(hex, 'hex');
    assert.is(bound(pi10(data)).ethType, want, hex);
    assert.is(bound(pi13(data)).ethType, want, hex);
  }
  // a broadcast destination is the all-ones 48-bit key, exactly
  assert.is(bound(pi10(Buffer.from(cases[0]![0], 'hex'))).ethDst, 2 ** 48 - 1);
});

test('1.0 in_port: inPort is the wire value, inPort32 maps reserved ports to their 1.3 numbers', () => {
  for (const [name, p10] of Object.entries(OFPP10)) {
    const v = bound(pi10(Buffer.alloc(14), p10));
    assert.is(v.inPort, p10, name);
    assert.is(v.inPort32, name === 'NONE' ? OFPP13.ANY : (OFPP13 as V)[name], name);
  }
  assert.is(bound(pi10(Buffer.alloc(14), 7)).inPort32, 7, 'physical ports are unchanged');
  assert.is(bound(pi10(Buffer.alloc(14), 0xfeff)).inPort32, 0xfeff);
  assert.is(bound(pi13(Buffer.alloc(14), 0xfffffffe)).inPort32, OFPP13.LOCAL);
});

test('port32To10 inverts port10To32 on every 1.0 port number', () => {
  for (let p = 0; p <= 0xffff; p++) assert.is(hot.port32To10(hot.port10To32(p)), p);
  assert.is(hot.port32To10(OFPP13.FLOOD), OFPP10.FLOOD);
  assert.is(hot.port32To10(OFPP13.ANY), OFPP10.NONE);
  assert.is(hot.OFPP32.CONTROLLER, OFPP13.CONTROLLER);
});

test('helloVersions reads the version bitmap, skips other elements, and says null when there is none', () => {
  const bitmapHello = encodeMessage({ version: 4, type: 'OFPT_HELLO', xid: 1, elements: [{ type: 'OFPHET_VERSIONBITMAP', bitmaps: [0x12] }] });
  assert.equal(hot.helloVersions(bitmapHello, 0, bitmapHello.length), [1, 4]);
  const twoWords = encodeMessage({ version: 4, type: 'OFPT_HELLO', xid: 1, elements: [{ type: 'OFPHET_VERSIONBITMAP', bitmaps: [0x10, 0x1] }] });
  assert.equal(hot.helloVersions(twoWords, 0, twoWords.length), [4, 32]);
  const plain = encodeMessage({ version: 1, type: 'OFPT_HELLO', xid: 1 });
  assert.is(hot.helloVersions(plain, 0, plain.length), null);
  // an unknown element (type 9, 6 bytes, padded to 8) before the bitmap is skipped
  const withUnknown = Buffer.concat([Buffer.from('04000020000000010009000601020000', 'hex'), bitmapHello.subarray(8)]);
  withUnknown.writeUInt16BE(withUnknown.length, 2);
  assert.equal(hot.helloVersions(withUnknown, 0, withUnknown.length), [1, 4]);
  // an element whose length runs past the message: no bitmap can be trusted
  const bad = Buffer.from(bitmapHello);
  bad.writeUInt16BE(64, 10);
  assert.is(hot.helloVersions(bad, 0, bad.length), null);
});

test.run();
