/**
 * The checks every fixture corpus gets (1.3, 1.4, 1.5): decode, byte-exact
 * re-encode as decoded, without the length fields the encoder recomputes,
 * and through the JSON form; every truncated prefix a `truncated` error.
 */
import * as assert from 'uvu/assert';
import { decodeMessage, encodeMessage, type Message } from '../../codec/message.js';
import { toJSON } from '../../codec/schema/json.js';
import type { Fixture } from './fixtures.js';

/** A copy of the value without the length fields the encoder recomputes. */
export const LENGTHS = new Set(['length', 'len', 'actions_len', 'match_len', 'action_array_len', 'bucket_array_len', 'tlv_len']);
export function stripLengths(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(stripLengths);
  if (v instanceof Uint8Array || v === null || typeof v !== 'object') return v;
  return Object.fromEntries(Object.entries(v).filter(([k]) => !LENGTHS.has(k)).map(([k, x]) => [k, stripLengths(x)]));
}

export function decodeOk(bytes: Buffer, id: string): Message {
  const r = decodeMessage(bytes);
  if (!r.ok) assert.unreachable(`${id}: ${r.error.message}`);
  assert.is(r.size, bytes.length, `${id} size`);
  return (r as { value: Message }).value;
}


/**
 * Prefix lengths to try: all of them for messages up to 2 KiB; for larger ones
 * (64 KiB table-features replies) the first 256 bytes, the last 16 and 24
 * evenly spread cuts: decoding a 64 KiB prefix costs milliseconds, and the
 * structure repeats.
 */
export function cuts(n: number): number[] {
  if (n <= 2048) return [...Array(n).keys()];
  const s = new Set<number>();
  for (let i = 0; i < 256; i++) s.add(i);
  for (let i = n - 16; i < n; i++) s.add(i);
  for (let i = 0; i < 24; i++) s.add(Math.floor((i * n) / 24));
  return [...s].filter((x) => x < n).sort((a, b) => a - b);
}

/** Decode, re-encode as is, without lengths and via JSON: all byte-exact, and the JSON form stable. */
export function checkRoundTrips(packets: readonly Fixture[], wire: number): void {
  for (const f of packets) {
    const v = decodeOk(f.bytes, f.id);
    assert.is(v.version, wire, f.id);
    assert.is(v.length, f.bytes.length, `${f.id} length`);
    assert.ok(encodeMessage(v).equals(f.bytes), `${f.id}: re-encoded bytes differ`);
    const bare = stripLengths(v) as Record<string, unknown>;
    assert.ok(encodeMessage(bare).equals(f.bytes), `${f.id}: encoding without length fields differs`);
    const viaJson = JSON.parse(toJSON(v)) as Record<string, unknown>;
    assert.ok(encodeMessage(viaJson).equals(f.bytes), `${f.id}: JSON round trip differs`);
    assert.is(toJSON(decodeOk(encodeMessage(viaJson), f.id)), toJSON(v), `${f.id}: JSON form is stable`);
  }
}

/** Every truncated prefix (see cuts) is a `truncated` error value, never an exception; returns how many were tried. */
export function checkTruncations(packets: readonly Fixture[]): number {
  let tried = 0;
  for (const f of packets) {
    for (const k of cuts(f.bytes.length)) {
      const cut = f.bytes.subarray(0, k);
      let r;
      try {
        r = decodeMessage(cut);
      } catch (e) {
        assert.unreachable(`${f.id} cut at ${k}: threw ${(e as Error).message}`);
      }
      if (r!.ok) assert.unreachable(`${f.id} cut at ${k}: decoded`);
      else assert.is(r!.error.code, 'truncated', `${f.id} cut at ${k}: ${r!.error.message}`);
      tried++;
    }
  }
  return tried;
}
