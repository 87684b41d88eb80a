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
  /**
   * The bytes the element at `start` takes, read from its header alone (the
   * caller has checked `headerSize` bytes are there; the value may be wrong
   * for a bad element, whose decode then throws). Lets a list be made at its
   * final size before its elements are decoded; absent when only decoding tells.
   */
  stride?(buf: Buffer, start: number): number;
  /**
   * Every element of buf[start, end), which they must fill exactly: a whole
   * list in one call, for elements so small and many (the thousands of OXM
   * ids of a TABLE_FEATURES reply) that a call and an out-parameter per
   * element are a fair part of their cost. Throws on anything `decode` would.
   */
  list?(buf: Buffer, start: number, end: number): unknown[];
}

const twins = new WeakMap<CustomDef, CustomTwin>();

export function setCompiledTwin(def: CustomDef, twin: CustomTwin): void {
  twins.set(def, twin);
}

export function compiledTwin(def: CustomDef): CustomTwin | undefined {
  return twins.get(def);
}
