/**
 * Decoded byte fields are made by codec/schema/bytes.ts, which remembers the
 * last input's ArrayBuffer and offset instead of asking each time. What a
 * user relies on: each view is a real Buffer over the right bytes whatever
 * order inputs come in (the remembered input must never leak into another's
 * view), clamped as subarray clamps, and sharing memory with its input.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { deepStrictEqual } from 'node:assert';
import { bytesView, messageView } from '../../codec/schema/bytes.js';
import { decodeMessage, decodeMessageInterpreted, encodeMessage } from '../../codec/index.js';
import { MessageFramer } from '../../codec/stream/messages.js';

const filled = (n: number, seed: number): Buffer => {
  const b = Buffer.allocUnsafe(n);
  for (let i = 0; i < n; i++) b[i] = (i * 31 + seed) & 0xff;
  return b;
};

test('views are Buffers equal to subarray, for inputs taken in any order', () => {
  const big = filled(5000, 1);
  const inputs = [big, big.subarray(100, 900), big.subarray(100, 900), filled(64, 7), new Uint8Array([1, 2, 3, 4, 5]), Buffer.from(filled(300, 3))];
  let x = 12345;
  for (let i = 0; i < 2000; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    const b = inputs[x % inputs.length]!;
    const s = (x >>> 8) % (b.length + 4);
    const e = (x >>> 16) % (b.length + 8);
    const v = i % 3 === 0 ? messageView(b, s, e) : bytesView(b, s, e);
    const want = Buffer.from(b.buffer, b.byteOffset, b.length).subarray(s, e);
    assert.ok(Buffer.isBuffer(v));
    assert.is(Object.getPrototypeOf(v), Buffer.prototype);
    deepStrictEqual(v, want);
    assert.is(v.buffer, b.buffer);
    assert.is(v.byteOffset, want.byteOffset, `offset of [${s}, ${e}) in input ${x % inputs.length}`);
  }
});

test('a view shares memory with its input, and a view of a view is offset from it', () => {
  const b = filled(256, 9);
  const m = messageView(b, 16, 80);
  const f = bytesView(m, 8, 24);
  assert.is(f.byteOffset, b.byteOffset + 24);
  // A message view framed from the last message view (found in bytesView's second slot).
  const m2 = messageView(m, 4, 40);
  assert.is(m2.byteOffset, b.byteOffset + 20);
  const g = bytesView(m2, 2, 6);
  assert.is(g.byteOffset, b.byteOffset + 22);
  deepStrictEqual(g, b.subarray(22, 26));
  b[24] = 0xab;
  assert.is(f[0], 0xab);
  assert.is(bytesView(b, 200, 100).length, 0);
  assert.is(bytesView(b, 250, 300).length, 6);
});

test('PACKET_IN data decoded from many buffers in turn is each its own frame', () => {
  const frames = Array.from({ length: 8 }, (_, i) => filled(60 + i, i));
  const msgs = frames.map((data, i) => encodeMessage({ version: 1, type: 'OFPT_PACKET_IN', xid: i, buffer_id: i, total_len: data.length, in_port: 1, reason: 0, data }));
  for (let round = 0; round < 3; round++) {
    for (let i = 0; i < msgs.length; i++) {
      const r = decodeMessage(msgs[(i * 5 + round) % 8]!);
      const q = decodeMessageInterpreted(msgs[(i * 5 + round) % 8]!);
      assert.ok(r.ok && q.ok);
      deepStrictEqual(r.value['data'], frames[(i * 5 + round) % 8]);
      deepStrictEqual(q.value['data'], frames[(i * 5 + round) % 8]);
    }
  }
});

test('a framer\'s messages, decoded as they come, keep their own bytes', () => {
  const frames = Array.from({ length: 5 }, (_, i) => filled(70, 40 + i));
  const chunk = Buffer.concat(frames.map((data, i) => encodeMessage({ version: 1, type: 'OFPT_PACKET_IN', xid: i, buffer_id: i, total_len: 70, in_port: 2, reason: 0, data })));
  const seen: Buffer[] = [];
  const framer = new MessageFramer();
  framer.push(chunk, (_i, _off, bytes) => {
    const r = decodeMessage(bytes);
    assert.ok(r.ok);
    seen.push(r.value['data'] as Buffer);
  });
  assert.is(seen.length, 5);
  seen.forEach((d, i) => deepStrictEqual(d, frames[i]));
});

test.run();
