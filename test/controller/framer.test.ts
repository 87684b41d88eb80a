import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Framer, type FrameSink } from '../../controller/connection.js';

class Collect implements FrameSink {
  got: Buffer[] = [];
  inPlace = true;
  bad: number[] = [];
  constructor(public framer?: Framer) {}
  message(buf: Buffer, off: number, len: number): void {
    if (this.framer && buf !== this.framer.buf) this.inPlace = false;
    this.got.push(Buffer.from(buf.subarray(off, off + len)));
  }
  badFrame(buf: Buffer, off: number): void {
    this.bad.push(buf.readUInt16BE(off + 2));
  }
}

function msg(type: number, len: number, fill: number): Buffer {
  const b = Buffer.alloc(len, fill);
  b[0] = 1;
  b[1] = type;
  b.writeUInt16BE(len, 2);
  b.writeUInt32BE(fill, 4);
  return b;
}

const msgs = [msg(0, 8, 1), msg(10, 82, 2), msg(14, 80, 3), msg(2, 8, 4), msg(17, 1500, 5), msg(10, 9, 6)];
const stream = Buffer.concat(msgs);

function run(chunks: Buffer[]): Collect {
  const c = new Collect();
  const f = new Framer(c, 0);
  c.framer = f;
  for (const ch of chunks) f.feed(ch);
  return c;
}

test('a stream split in two at every byte position yields the same messages, handled in the framer buffer', () => {
  for (let i = 0; i <= stream.length; i++) {
    const c = run([stream.subarray(0, i), stream.subarray(i)]);
    assert.is(c.got.length, msgs.length, `split at ${i}`);
    for (let k = 0; k < msgs.length; k++) assert.ok(c.got[k]!.equals(msgs[k]!), `split at ${i}, message ${k}`);
    assert.ok(c.inPlace, 'messages are handed over in the read buffer, not copies');
  }
});

test('three-way splits around the short messages and one byte per read', () => {
  const small = Buffer.concat([msgs[0]!, msgs[3]!, msgs[5]!, msgs[1]!]);
  for (let i = 0; i <= small.length; i++) {
    for (let j = i; j <= small.length; j++) {
      const c = run([small.subarray(0, i), small.subarray(i, j), small.subarray(j)]);
      assert.is(c.got.length, 4, `splits ${i},${j}`);
      assert.ok(Buffer.concat(c.got).equals(small));
    }
  }
  const bytes = [...stream].map((b) => Buffer.from([b]));
  assert.ok(Buffer.concat(run(bytes).got).equals(stream));
});

test('many messages in one read; only the partial tail is kept', () => {
  const many = Buffer.concat(Array.from({ length: 1000 }, (_, i) => msg(10, 82, i & 0xff)));
  const c = new Collect();
  const f = new Framer(c);
  f.feed(Buffer.concat([many, stream.subarray(0, 50)]));
  // of the 50 bytes of `stream`, the 8-byte HELLO is complete and 42 bytes of the next message are not
  assert.is(c.got.length, 1000 + 1);
  assert.is(f.filled, 42);
  assert.ok(f.buf.subarray(0, 42).equals(stream.subarray(8, 50)), 'the tail was moved to the front');
  f.feed(stream.subarray(50));
  assert.is(c.got.length, 1000 + msgs.length);
});

test('the largest message (65535 bytes) after a tail still fits and arrives whole', () => {
  const big = msg(17, 0xffff, 9);
  const data = Buffer.concat([msgs[1]!, big, msgs[0]!]);
  for (const cut of [1, 83, 100, 40000, data.length - 1]) {
    const c = run([data.subarray(0, cut), data.subarray(cut)]);
    assert.is(c.got.length, 3);
    assert.ok(c.got[1]!.equals(big));
  }
});

test('a header with length < 8 stops framing and is reported; earlier messages were delivered', () => {
  const bad = Buffer.from([1, 2, 0, 4, 0, 0, 0, 0]);
  const c = run([Buffer.concat([msgs[0]!, bad, msgs[1]!])]);
  assert.is(c.got.length, 1);
  assert.equal(c.bad, [4]);
});

test('growing the buffer from inside a message handler (switch up) keeps the unread rest of the batch', () => {
  const got: Buffer[] = [];
  let f!: Framer;
  const sink: FrameSink = {
    message(buf, off, len) {
      got.push(Buffer.from(buf.subarray(off, off + len)));
      if (got.length === 2) f.resize(100_000);
    },
    badFrame() {},
  };
  f = new Framer(sink, 256);
  const data = Buffer.concat([msgs[0]!, msgs[1]!, msgs[2]!, msgs[3]!, msgs[4]!]);
  f.feed(data.subarray(0, 200));
  assert.ok(f.buf.length >= 100_000, 'resized after the batch');
  f.feed(data.subarray(200));
  assert.ok(Buffer.concat(got).equals(data));
});
test.run();
