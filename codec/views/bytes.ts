/**
 * Big-endian reads and writes by plain byte access. On Node 20 these are
 * about twice as fast as Buffer#readUInt32BE/#writeUInt16BE (no argument
 * checks, inlined by V8). Callers guarantee bounds: views validated them in
 * bind, writers called OutBuffer.ensure. Writes truncate to the field width
 * instead of throwing (the hot path takes numbers the caller already owns).
 */
export function r16(b: Buffer, o: number): number {
  return (b[o]! << 8) | b[o + 1]!;
}
export function r32(b: Buffer, o: number): number {
  // `>>> 0` keeps the result a 32-bit integer for V8 (a small value stays a Smi, no boxed double).
  return ((b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!) >>> 0;
}
export function w16(b: Buffer, o: number, v: number): void {
  b[o] = v >>> 8;
  b[o + 1] = v;
}
export function w32(b: Buffer, o: number, v: number): void {
  b[o] = v >>> 24;
  b[o + 1] = v >>> 16;
  b[o + 2] = v >>> 8;
  b[o + 3] = v;
}
