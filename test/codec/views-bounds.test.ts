/**
 * After a successful bind no getter reads outside [off, off + length): every
 * message a view reads (fixtures of both versions), and thousands of random
 * mutations of them, are bound inside two buffers whose bytes around the
 * message differ (0x00 vs 0xff). Bind must answer the same in both, never
 * throw, and when it succeeds every getter, the OXM iteration and the port
 * iteration must give identical results, with every offset/length range
 * inside the message.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import '../../codec/index.js';
import { listFixtures } from '../support/fixtures.js';
import * as hot from '../../codec/hot.js';

type AnyView = hot.MessageView & Record<string, unknown>;
const makers: Record<number, Record<number, () => AnyView>> = {
  1: {
    1: () => new hot.Error10View() as unknown as AnyView, 2: () => new hot.Echo10View(2) as unknown as AnyView,
    3: () => new hot.Echo10View(3) as unknown as AnyView, 6: () => new hot.FeaturesReply10View() as unknown as AnyView,
    10: () => new hot.PacketIn10View() as unknown as AnyView, 11: () => new hot.FlowRemoved10View() as unknown as AnyView,
    12: () => new hot.PortStatus10View() as unknown as AnyView, 17: () => new hot.StatsReply10View() as unknown as AnyView,
  },
  4: {
    1: () => new hot.Error13View() as unknown as AnyView, 2: () => new hot.Echo13View(2) as unknown as AnyView,
    3: () => new hot.Echo13View(3) as unknown as AnyView, 6: () => new hot.FeaturesReply13View() as unknown as AnyView,
    10: () => new hot.PacketIn13View() as unknown as AnyView, 11: () => new hot.FlowRemoved13View() as unknown as AnyView,
    12: () => new hot.PortStatus13View() as unknown as AnyView, 19: () => new hot.MultipartReply13View() as unknown as AnyView,
  },
};

/** Values of every getter on the object's prototype chain (except buf), recursing into nested views. */
function snapshot(o: object, depth = 0): unknown[] {
  const out: unknown[] = [];
  for (let p = Object.getPrototypeOf(o); p && p !== Object.prototype; p = Object.getPrototypeOf(p)) {
    for (const [k, d] of Object.entries(Object.getOwnPropertyDescriptors(p))) {
      if (!d.get || k === 'buf') continue;
      const v = (o as Record<string, unknown>)[k];
      out.push(k, typeof v === 'object' && v !== null && depth < 2 ? snapshot(v, depth + 1) : v);
    }
  }
  return out;
}

/** Everything a caller can read from a bound view, checking ranges against the message. */
function readAll(v: AnyView, id: string): unknown[] {
  const start = v.offset, end = v.offset + v.length;
  const inside = (a: number, n: number, what: string) => assert.ok(a >= start && n >= 0 && a + n <= end, `${id}: ${what} [${a}, ${a + n}) outside [${start}, ${end})`);
  const out = snapshot(v);
  for (const [o, l] of [['dataOffset', 'dataLength'], ['payloadOffset', 'payloadLength'], ['bodyOffset', 'bodyLength'], ['nameOffset', 'nameLength']]) {
    if (typeof v[o!] === 'number') inside(v[o!] as number, v[l!] as number, o!);
  }
  if (typeof v['hwAddrOffset'] === 'number') inside(v['hwAddrOffset'] as number, 6, 'hw_addr');
  if (v instanceof hot.PacketIn13View || v instanceof hot.FlowRemoved13View) {
    inside(v.matchOffset, v.matchLength, 'match');
    let n = 0;
    for (let at = v.oxmFirst(); at >= 0; at = v.oxmNext(at)) {
      inside(at, 4 + hot.oxmLength(v.buf, at), 'oxm');
      out.push(hot.oxmClass(v.buf, at), hot.oxmField(v.buf, at), hot.oxmHasMask(v.buf, at), hot.oxmLength(v.buf, at));
      assert.ok(++n < 1000, 'oxm iteration ends');
    }
    out.push(v.findOxm(0), v.findOxm(3));
  }
  if (v instanceof hot.FeaturesReply10View) {
    const pv = new hot.PhyPort10View();
    for (let i = 0; v.port(i, pv); i++) { inside(pv.offset, 48, 'port'); out.push(snapshot(pv)); }
  }
  if (v instanceof hot.MultipartReply13View) {
    const pv = new hot.Port13View();
    for (let i = 0; v.port(i, pv); i++) { inside(pv.offset, 64, 'port'); out.push(snapshot(pv)); }
  }
  return out;
}

/** Deterministic PRNG (xorshift32) so failures reproduce. */
function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => { x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0; return x / 0x100000000; };
}

function bindBoth(make: () => AnyView, msg: Buffer, id: string): { ok: boolean } {
  const pad = 9;
  const a = Buffer.alloc(msg.length + 2 * pad, 0x00);
  const b = Buffer.alloc(msg.length + 2 * pad, 0xff);
  msg.copy(a, pad); msg.copy(b, pad);
  const va = make(), vb = make();
  let ea, eb;
  try {
    ea = va.bind(a, pad, msg.length);
    eb = vb.bind(b, pad, msg.length);
  } catch (e) {
    throw new Error(`${id}: bind threw: ${String(e)}`);
  }
  assert.equal(ea, eb, `${id}: bind answered differently with different surrounding bytes`);
  if (ea !== null) return { ok: false };
  assert.equal(readAll(va, id), readAll(vb, id), `${id}: a getter read outside the message`);
  return { ok: true };
}

const messages = [...listFixtures('of10'), ...listFixtures('of13')]
  .filter((f) => !f.truncated && f.bytes.length >= 8 && makers[f.bytes[0]!]?.[f.bytes[1]!])
  .map((f) => ({ id: f.id, bytes: f.bytes }));

test('fixtures: getters read only the message', () => {
  assert.ok(messages.length > 20, `only ${messages.length} messages`);
  for (const m of messages) assert.ok(bindBoth(makers[m.bytes[0]!]![m.bytes[1]!]!, m.bytes, m.id).ok, `${m.id} did not bind`);
});

test('random mutations: bind never throws, and a successful bind never reads outside the message', () => {
  const r = rng(20261127);
  let bound = 0, rejected = 0;
  for (const m of messages) {
    const make = makers[m.bytes[0]!]![m.bytes[1]!]!;
    for (let k = 0; k < 60; k++) {
      const mut = Buffer.from(m.bytes);
      const flips = 1 + Math.floor(r() * 4);
      for (let f = 0; f < flips; f++) {
        // keep version and type (so the same view applies); anything else, length included, may change
        const at = 2 + Math.floor(r() * (mut.length - 2));
        mut[at] = Math.floor(r() * 256);
      }
      // sometimes cut the buffer to the (mutated) header length, as a framer would
      const n = mut.readUInt16BE(2);
      const msg = r() < 0.5 && n >= 8 && n < mut.length ? mut.subarray(0, n) : mut;
      if (bindBoth(make, msg, `${m.id} mutation ${k}`).ok) bound++; else rejected++;
    }
  }
  assert.ok(bound > 100 && rejected > 100, `bound ${bound}, rejected ${rejected}: both outcomes exercised`);
});

test.run();
