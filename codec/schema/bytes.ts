/**
 * Zero-copy byte fields, made faster than Buffer#subarray.
 *
 * In Node 20, `subarray` reads `this.buffer` and `this.byteOffset` on every
 * call, and V8 does not inline either getter: of the ~50 ns a subarray
 * takes, ~30 ns are those two reads (bench/byte-view.bench.ts). Decoders
 * make a view per byte field (a PACKET_IN's data, OXM and action bodies),
 * usually many from one input (a stream chunk, a multipart reply), so the
 * ArrayBuffer and offset of the last input, and of the last view made, are
 * kept. Views are built with Node's own Buffer class (`Buffer[Symbol.species]`
 * is the FastBuffer class every Buffer is an instance of), so they are
 * Buffers in every respect: `Buffer.isBuffer`, prototype and
 * `deepStrictEqual` included.
 *
 * What that keeps alive: the last input given to a decoder and the last view
 * made, until the next ones. Decoded byte fields reference their input anyway.
 */
type ViewClass = new (ab: ArrayBufferLike, byteOffset: number, length: number) => Buffer;

const species = (Buffer as unknown as Record<symbol, unknown>)[Symbol.species] as ViewClass | undefined;
/** Node's FastBuffer when the runtime gives it out; Buffer.from (same result, slower) otherwise. */
const View: ViewClass =
  typeof species === 'function' && species.prototype === Buffer.prototype
    ? species
    : (function (this: unknown, ab: ArrayBufferLike, off: number, len: number) { return Buffer.from(ab, off, len); } as unknown as ViewClass);

/** The last input looked up, and the last view made (whose buffer and offset are known without asking). */
let inputA: Uint8Array | null = null;
let bufferA: ArrayBufferLike = new ArrayBuffer(0);
let offsetA = 0;
let inputB: Uint8Array | null = null;
let bufferB: ArrayBufferLike = bufferA;
let offsetB = 0;

/** b[start, end) as a Buffer sharing b's memory; start and end are clamped to b as subarray does. */
export function bytesView(b: Uint8Array, start: number, end: number): Buffer {
  let ab: ArrayBufferLike;
  let off: number;
  if (b === inputA) {
    ab = bufferA;
    off = offsetA;
  } else if (b === inputB) {
    ab = bufferB;
    off = offsetB;
  } else {
    ab = bufferA = b.buffer;
    off = offsetA = b.byteOffset;
    inputA = b;
  }
  const n = b.length;
  if (end > n) end = n;
  if (start > n) start = n;
  return new View(ab, off + start, end > start ? end - start : 0);
}

/**
 * bytesView for a framer: the message view it returns is remembered too, so
 * decoding from it (and making its fields' views) reads no getter. Kept
 * apart from bytesView, where remembering every field's view cost ~5 ns a
 * view and gained nothing.
 */
export function messageView(b: Uint8Array, start: number, end: number): Buffer {
  const n = b.length;
  if (start > n) start = n;
  const v = bytesView(b, start, end);
  // bytesView left b in slot A, or found it in slot B (b is then the last message view itself).
  if (b === inputA) {
    bufferB = bufferA;
    offsetB = offsetA + start;
  } else {
    offsetB += start;
  }
  inputB = v;
  return v;
}
