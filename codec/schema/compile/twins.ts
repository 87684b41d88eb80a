/**
 * Compiled twins of custom definitions, for decoding (the encoder has its own
 * size/write twins: encode-twins.ts). A custom definition (codec/schema
 * types.ts CustomDef) is hand-written code the interpreter calls; its twin is
 * a faster version of the same code for the compiled path only, written with
 * what the compiler's output uses (no error text, values in one shape,
 * SLOW for anything off the common path). The interpreter keeps the plain
 * version as the reference, and tests hold the two to the same answers. A
 * custom definition without a twin is called as it is.
 */
import type { CustomDef } from '../types.js';

export interface CustomTwin {
  /** Decode one element in buf[start, end): the value, its size in `out.n`. Throws on anything the reference would reject. */
  decode(buf: Buffer, start: number, end: number, out: { n: number }): unknown;
}

const twins = new WeakMap<CustomDef, CustomTwin>();

export function setCompiledTwin(def: CustomDef, twin: CustomTwin): void {
  twins.set(def, twin);
}

export function compiledTwin(def: CustomDef): CustomTwin | undefined {
  return twins.get(def);
}
