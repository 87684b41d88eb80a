/**
 * Helpers for the hot-path view and writer tests: turn generic-decoder values
 * (enum names, strings) into the numbers views return, and walk every
 * truncated prefix of a message.
 */
import * as assert from 'uvu/assert';
import type { ScalarMember, StructDef } from '../../codec/schema/types.js';
import type { DecodeError } from '../../codec/schema/errors.js';

/** A decoded field as the number a view returns (enum names mapped back through the schema's enum). */
export function num(def: StructDef, field: string, v: unknown): number {
  if (typeof v === 'number') return v;
  const m = def.members.find((x) => x.kind === 'scalar' && x.name === field) as ScalarMember | undefined;
  if (typeof v === 'string') {
    const n = m?.enum?.byName.get(v);
    if (n !== undefined) return n;
  }
  throw new Error(`test: cannot map ${def.name}.${field} = ${String(v)} to a number`);
}

/** Header type code of the message in buf. */
export function typeOf(buf: Buffer): number {
  return buf[1]!;
}

/** Every strict prefix of `msg` (in a fresh, exactly-sized buffer) must make bind return a DecodeError, never throw. */
export function assertPrefixesFail(id: string, msg: Buffer, bind: (b: Buffer, off: number, len: number) => DecodeError | null): void {
  for (let k = 0; k < msg.length; k++) {
    const cut = msg.subarray(0, k);
    let r: DecodeError | null;
    try {
      r = bind(cut, 0, k);
    } catch (e) {
      throw new Error(`${id}: bind threw on a ${k}-byte prefix: ${String(e)}`);
    }
    assert.ok(r !== null, `${id}: a ${k}-byte prefix of ${msg.length} bound without error`);
    assert.is(r!.code, 'truncated', `${id}: ${k}-byte prefix gave ${r!.code}`);
  }
  // Also at a non-zero offset inside a larger buffer whose tail is not part of the region.
  const big = Buffer.alloc(msg.length + 16, 0xee);
  msg.copy(big, 5);
  for (let k = 0; k < msg.length; k += Math.max(1, msg.length >> 3)) {
    assert.ok(bind(big, 5, k) !== null, `${id}: ${k}-byte region at offset 5 bound without error`);
  }
}

/** Copy of `b` with its header length field replaced (for bad-length checks). */
export function withLength(b: Buffer, n: number): Buffer {
  const c = Buffer.from(b);
  c.writeUInt16BE(n, 2);
  return c;
}

export function hex(b: Uint8Array): string {
  return Buffer.from(b).toString('hex');
}
