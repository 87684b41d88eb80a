/**
 * The JSON form of decoded values: what `nodeflow decode` prints and
 * `nodeflow encode` reads. It is the plain value with two substitutions,
 * both reversible by the encoder without a schema-aware reviver:
 *   - 64-bit fields (bigint) become decimal strings;
 *   - byte fields (Buffer/Uint8Array) become lowercase hex strings.
 */
export function toJSONValue(v: unknown): unknown {
  if (typeof v === 'bigint') return v.toString();
  if (v instanceof Uint8Array) return Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('hex');
  if (Array.isArray(v)) return v.map(toJSONValue);
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = toJSONValue(x);
    return out;
  }
  return v;
}

export function toJSON(v: unknown): string {
  return JSON.stringify(toJSONValue(v));
}
