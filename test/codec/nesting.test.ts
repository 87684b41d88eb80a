/**
 * Definitions that contain themselves (Nicira ct/clone actions nest actions;
 * 1.4+ BUNDLE_ADD_MESSAGE and REQUESTFORWARD carry whole messages) are
 * bounded: legal nesting decodes and re-encodes, deeper nesting is a clean
 * bad_length error value, never a stack overflow (64 KiB can hold 2 700
 * nested ct actions).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { decodeMessage, encodeMessage } from '../../codec/index.js';
import { MAX_NESTING } from '../../codec/nicira/actions.js';

/** A Nicira ct action (24 bytes) around `inner`. */
function ct(inner: Buffer): Buffer {
  const h = Buffer.alloc(24);
  h.writeUInt16BE(0xffff, 0);
  h.writeUInt16BE(24 + inner.length, 2);
  h.writeUInt32BE(0x2320, 4);
  h.writeUInt16BE(35, 8);
  return Buffer.concat([h, inner]);
}
/** A 1.3 FLOW_MOD whose one apply-actions instruction holds `actions`. */
function flowMod(actions: Buffer): Buffer {
  const fm = Buffer.alloc(56);
  fm[0] = 4; fm[1] = 14;
  fm.writeUInt16BE(1, 48); fm.writeUInt16BE(4, 50); // empty OXM match, padded to 8
  const ins = Buffer.alloc(8);
  ins.writeUInt16BE(4, 0); ins.writeUInt16BE(8 + actions.length, 2);
  const m = Buffer.concat([fm, ins, actions]);
  m.writeUInt16BE(m.length, 2);
  return m;
}

test(`ct actions with ${MAX_NESTING} levels of nested actions decode and re-encode; deeper is bad_length, even 2 700 deep`, () => {
  // depth = ct actions one inside the other: the outermost is in the instruction, the rest are nested levels.
  for (const depth of [1, 3, MAX_NESTING + 1]) {
    let a: Buffer = Buffer.alloc(0);
    for (let i = 0; i < depth; i++) a = ct(a);
    const m = flowMod(a);
    const r = decodeMessage(m);
    if (!r.ok) return assert.unreachable(`${depth}: ${r.error.message}`);
    assert.ok(encodeMessage(r.value).equals(m));
  }
  for (const depth of [MAX_NESTING + 2, 2700]) {
    let a: Buffer = Buffer.alloc(0);
    for (let i = 0; i < depth; i++) a = ct(a);
    const r = decodeMessage(flowMod(a));
    assert.not.ok(r.ok);
    if (!r.ok) {
      assert.is(r.error.code, 'bad_length');
      assert.match(r.error.message, /nests actions more than/);
    }
  }
});

test('BUNDLE_ADD_MESSAGE carrying BUNDLE_ADD_MESSAGEs: a few levels decode, deep nesting is bad_length', () => {
  const wrap = (inner: Buffer): Buffer => {
    const h = Buffer.alloc(16);
    h[0] = 5; h[1] = 34; h.writeUInt16BE(16 + inner.length, 2);
    const pad = (8 - (inner.length % 8)) % 8;
    const m = Buffer.concat([h, inner, Buffer.alloc(pad)]);
    m.writeUInt16BE(m.length, 2);
    return m;
  };
  const barrier = Buffer.from('0514000800000007', 'hex');
  let m = wrap(barrier);
  const r = decodeMessage(m);
  if (!r.ok) return assert.unreachable(r.error.message);
  assert.is((r.value['message'] as { type: string }).type, 'OFPT_BARRIER_REQUEST');
  assert.ok(encodeMessage(r.value).equals(m));
  for (let i = 0; i < 3000 && m.length < 60000; i++) m = wrap(m);
  const deep = decodeMessage(m);
  assert.not.ok(deep.ok);
  if (!deep.ok) assert.is(deep.error.code, 'bad_length');
});

test.run();
