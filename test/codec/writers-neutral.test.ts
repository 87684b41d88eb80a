/** Version-neutral reply writers answer in the version of the request, with its xid and payload. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { decodeMessage, encodeMessage } from '../../codec/message.js';
import '../../codec/index.js';
import * as hot from '../../codec/hot.js';
import { hex } from './views-support.js';

test('echoReplyTo answers a 1.0 and a 1.3 ECHO_REQUEST in kind', () => {
  for (const [version, view] of [[1, new hot.Echo10View()], [4, new hot.Echo13View()]] as const) {
    const payload = Buffer.from(`payload for v${version}`);
    const req = encodeMessage({ version, type: 'OFPT_ECHO_REQUEST', xid: 0x11223344, data: payload });
    // the request sits inside a larger receive buffer
    const rx = Buffer.concat([Buffer.alloc(7, 0xee), req, Buffer.alloc(5, 0xee)]);
    assert.is(view.bind(rx, 7, req.length), null);
    const out = new hot.OutBuffer(16);
    out.buf.fill(0xaa);
    const at = hot.echoReplyTo(out, view);
    const want = encodeMessage({ version, type: 'OFPT_ECHO_REPLY', xid: 0x11223344, data: payload });
    assert.is(hex(out.buf.subarray(at, out.pos)), hex(want));
  }
});

test('errorFor writes the ERROR of the given version with at most 64 offending bytes', () => {
  const bad = Buffer.alloc(100, 0x5c);
  for (const version of [1, 4]) {
    const out = new hot.OutBuffer(64);
    const at = hot.errorFor(out, version, 9, 1, 6, bad, 10, 90);
    const d = decodeMessage(out.buf.subarray(at, out.pos));
    assert.ok(d.ok);
    if (!d.ok) continue;
    assert.is(d.value.version, version);
    assert.is(d.value['error_type'], 'OFPET_BAD_REQUEST');
    assert.is(d.value['code'], 'OFPBRC_BAD_LEN');
    assert.is((d.value['data'] as Buffer).length, 64);
  }
});

test('helloFailedFor sends the whole explanation text (HELLO_FAILED data is text, not an offending message)', () => {
  const text = Buffer.from('no common OpenFlow version: '.padEnd(150, 'x'), 'latin1');
  for (const version of [1, 4]) {
    const out = new hot.OutBuffer(64);
    const at = hot.helloFailedFor(out, version, 0, 0, text);
    const bytes = Buffer.from(out.buf.subarray(at, out.pos));
    const d = decodeMessage(bytes);
    assert.ok(d.ok, d.ok ? '' : d.error.message);
    const v = d.value as Record<string, unknown>;
    assert.is(v['version'], version);
    assert.is(v['error_type'], 'OFPET_HELLO_FAILED');
    assert.is(bytes.length, 12 + text.length);
    assert.ok(bytes.subarray(12).equals(text));
    assert.is(hex(bytes), hex(encodeMessage(v)));
  }
});

test('helloFor writes a version-bitmap HELLO in the header version given', () => {
  for (const version of [1, 4]) {
    const out = new hot.OutBuffer(64);
    const at = hot.helloFor(out, version, 3, (1 << 1) | (1 << 4));
    const bytes = Buffer.from(out.buf.subarray(at, out.pos));
    assert.is(bytes[0], version);
    assert.equal(hot.helloVersions(bytes, 0, bytes.length), [1, 4]);
    if (version === 4) assert.is(hex(bytes), hex(encodeMessage({ version: 4, type: 'OFPT_HELLO', xid: 3, elements: [{ type: 'OFPHET_VERSIONBITMAP', bitmaps: [0x12] }] })));
  }
});

test.run();
