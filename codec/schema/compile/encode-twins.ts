/**
 * Compiled encode twins of custom definitions (see twins.ts for the idea):
 * a custom element's writer for the compiled encoder. `write(v, b, p)`
 * writes the value at p and returns its end; it throws SLOW (or anything)
 * for a value it does not take, and the entry point then asks the
 * interpreter, which runs the definition's own encode. A custom definition
 * without a twin is encoded by its own encode and its bytes copied.
 */
import type { CustomDef } from '../types.js';
import { GrowBuffer } from '../writer.js';
import { SLOW } from './support.js';

export interface EncodeTwin {
  write(value: unknown, b: Buffer, p: number): number;
  /**
   * Optional: writes a whole list of such values at p and returns its end, as `write` called on
   * each in turn would (same bytes, SLOW where it throws). For lists of thousands of small values
   * (the OXM ids of a table-features reply): one loop, no call per element.
   */
  writeList?(values: readonly unknown[], b: Buffer, p: number): number;
}

const twins = new WeakMap<CustomDef, EncodeTwin>();

export function setEncodeTwin(def: CustomDef, twin: EncodeTwin): void {
  twins.set(def, twin);
}

export function encodeTwin(def: CustomDef): EncodeTwin | undefined {
  return twins.get(def);
}

/** A GrowBuffer over the message's own buffer that never grows: writing past its end is off the fast path. */
class InPlace extends GrowBuffer {
  constructor() {
    super(0);
  }
  override ensure(n: number): void {
    if (this.pos + n > this.buf.length) throw SLOW;
  }
}
const inPlace = new InPlace();

/**
 * Runs a custom definition's own encoder at b[p], in the message's buffer (a definition that
 * reads bytes written before it, such as NAT's range_present, sees them); returns the end.
 */
export function encodeInPlace(def: CustomDef, value: unknown, b: Buffer, p: number): number {
  inPlace.buf = b;
  inPlace.pos = p;
  try {
    def.encode(value, inPlace, '');
    return inPlace.pos;
  } finally {
    inPlace.buf = EMPTY;
  }
}
const EMPTY = Buffer.alloc(0);
