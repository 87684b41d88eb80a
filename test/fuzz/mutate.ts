/**
 * Mutations of one OpenFlow message. Each takes a seed message and returns a
 * new buffer (the seed is never modified). Besides blind bit and byte damage
 * they aim at what a length-driven decoder trusts: the header length, inner
 * TLV/action/OXM/list lengths, element counts.
 */
import type { Rng } from './prng.js';

export type Mutator = (rng: Rng, b: Buffer, other: Buffer) => Buffer;

function copy(b: Buffer): Buffer {
  const c = Buffer.alloc(b.length);
  b.copy(c);
  return c;
}

/** Set the header length to the buffer's length (when it has a header). */
function fixLength(b: Buffer): Buffer {
  if (b.length >= 4) b.writeUInt16BE(Math.min(b.length, 0xffff), 2);
  return b;
}

/** Positions of u16 values that look like a length of something inside the message. */
function lengthLike(b: Buffer, minPos: number): number[] {
  const out: number[] = [];
  for (let p = minPos; p + 2 <= b.length; p += 2) {
    const v = b.readUInt16BE(p);
    if (v >= 4 && v <= b.length && v % 4 === 0) out.push(p);
  }
  return out;
}

const INTERESTING8 = [0, 1, 2, 3, 4, 7, 8, 0x7f, 0x80, 0xfe, 0xff];

export const mutators: Record<string, Mutator> = {
  bitflip(rng, b) {
    const c = copy(b);
    if (!c.length) return c;
    const n = rng.range(1, 8);
    for (let i = 0; i < n; i++) {
      const p = rng.int(c.length);
      c[p] = c[p]! ^ (1 << rng.int(8));
    }
    return c;
  },
  byteset(rng, b) {
    const c = copy(b);
    if (!c.length) return c;
    c[rng.int(c.length)] = rng.chance(0.5) ? rng.pick(INTERESTING8) : rng.u32() & 0xff;
    return c;
  },
  insert(rng, b) {
    const p = rng.int(b.length + 1);
    const c = Buffer.concat([b.subarray(0, p), rng.bytes(rng.range(1, 16)), b.subarray(p)]);
    return rng.chance(0.5) ? fixLength(c) : c;
  },
  delete(rng, b) {
    if (!b.length) return copy(b);
    const p = rng.int(b.length);
    const n = rng.range(1, Math.min(16, b.length - p));
    const c = Buffer.concat([b.subarray(0, p), b.subarray(p + n)]);
    return rng.chance(0.5) ? fixLength(c) : c;
  },
  headerLength(rng, b) {
    const c = copy(b);
    if (c.length < 4) return c;
    const len = c.length;
    c.writeUInt16BE(rng.pick([0, 1, 7, 8, 9, Math.max(0, len - 1), Math.min(0xffff, len + 1), Math.min(0xffff, len + 8), 0xffff, rng.u32() & 0xffff]) & 0xffff, 2);
    return c;
  },
  innerLength(rng, b) {
    const c = copy(b);
    if (c.length < 12) return c;
    const cands = lengthLike(c, 8);
    const p = cands.length && rng.chance(0.8) ? rng.pick(cands) : 8 + 2 * rng.int((c.length - 8) >> 1);
    if (p + 2 > c.length) return c;
    const v = c.readUInt16BE(p);
    const left = c.length - p;
    c.writeUInt16BE(rng.pick([0, 1, 2, 4, 7, 8, 16, Math.max(0, v - 1), v + 1, v + 4, v + 8, left, left + 1, left + 4, left + 8, 0x8000, 0xffff]) & 0xffff, p);
    return c;
  },
  innerLength8(rng, b) {
    // OXM TLVs keep their payload length in one byte.
    const c = copy(b);
    if (c.length < 9) return c;
    const p = 8 + rng.int(c.length - 8);
    const v = c[p]!;
    c[p] = rng.pick([0, 1, 2, 3, 4, 8, 0xff, (v + 1) & 0xff, (v - 1) & 0xff, (c.length - p) & 0xff]) & 0xff;
    return c;
  },
  hugeCount(rng, b) {
    const c = copy(b);
    if (c.length < 12) return c;
    const w = rng.pick([1, 2, 4]);
    const p = 8 + rng.int(Math.max(1, c.length - 8 - w + 1));
    if (p + w > c.length) return c;
    if (w === 1) c[p] = 0xff;
    else if (w === 2) c.writeUInt16BE(rng.pick([0xffff, 0x7fff, 0x1000]), p);
    else c.writeUInt32BE(rng.pick([0xffffffff, 0x7fffffff, 0x10000, 0x100]), p);
    return c;
  },
  truncate(rng, b) {
    // Cut short; keep the header's claim half of the time.
    const c = copy(b.subarray(0, rng.int(b.length + 1)));
    return rng.chance(0.5) ? fixLength(c) : c;
  },
  extend(rng, b) {
    const c = Buffer.concat([b, rng.chance(0.5) ? Buffer.alloc(rng.range(1, 24)) : rng.bytes(rng.range(1, 24))]);
    return rng.chance(0.7) ? fixLength(c) : c;
  },
  duplicate(rng, b) {
    // Repeat a 4-aligned chunk (an action, an OXM, a port): grows lists.
    if (b.length < 12) return copy(b);
    const p = 8 + 4 * rng.int((b.length - 8) >> 2);
    const n = Math.min(b.length - p, 4 * rng.range(1, 6));
    const reps = rng.pick([1, 1, 2, 8, 64]);
    const parts = [b.subarray(0, p + n)];
    for (let i = 0; i < reps; i++) parts.push(b.subarray(p, p + n));
    parts.push(b.subarray(p + n));
    const c = Buffer.concat(parts);
    return fixLength(c.length > 0xffff ? c.subarray(0, 0xffff) : c);
  },
  splice(rng, b, other) {
    const p = rng.int(b.length + 1);
    const q = rng.int(other.length + 1);
    const c = Buffer.concat([b.subarray(0, p), other.subarray(q, q + rng.range(1, 64))]);
    return rng.chance(0.7) ? fixLength(c) : c;
  },
  versionType(rng, b) {
    const c = copy(b);
    if (c.length >= 1 && rng.chance(0.5)) c[0] = rng.pick([0, 1, 2, 3, 4, 5, 6, 0x7f, 0xff]);
    if (c.length >= 2) c[1] = rng.chance(0.7) ? rng.int(32) : rng.u32() & 0xff;
    return c;
  },
  randomBody(rng, b) {
    // A valid header with random bytes behind it.
    const c = Buffer.concat([b.subarray(0, Math.min(8, b.length)), rng.bytes(Math.max(0, b.length - 8 + rng.range(-8, 8)))]);
    return fixLength(c);
  },
};

export const mutatorNames = Object.keys(mutators);

/** One to four stacked mutations; returns the result and the names applied. */
export function mutate(rng: Rng, seed: Buffer, other: Buffer): { bytes: Buffer; how: string[] } {
  let b = seed;
  const how: string[] = [];
  const n = rng.chance(0.6) ? 1 : rng.range(2, 4);
  for (let i = 0; i < n; i++) {
    const name = rng.pick(mutatorNames);
    b = mutators[name]!(rng, b, other);
    how.push(name);
  }
  return { bytes: b, how };
}
