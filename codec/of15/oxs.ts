/**
 * OXS, the flow statistics of 1.5 (`struct ofp_stats`, spec 7.2.4): like
 * ofp_match, a `length` that excludes padding to 8, then TLVs whose 32-bit
 * header packs class (16 bits), field (7), a reserved bit and the payload
 * length (8), which the member kinds cannot state: one custom definition.
 * Known OpenFlow-basic fields decode by name to a number (4 bytes) or bigint
 * (8 bytes); anything else keeps its payload as bytes.
 */
import { align, custom, len, list, struct, u16 } from '../schema/define.js';
import { toBytes } from '../schema/encode.js';
import { bytesView } from '../schema/bytes.js';
import { CodecError, truncated } from '../schema/errors.js';
import type { GrowBuffer } from '../schema/writer.js';
import { OFPXSC, ofpOxsClass } from '../of14/enums.js';

/** OpenFlow-basic OXS fields: name, code, width. */
export const OXS_FIELDS = [
  ['DURATION', 0, 8], ['IDLE_TIME', 1, 8], ['FLOW_COUNT', 3, 4], ['PACKET_COUNT', 4, 8], ['BYTE_COUNT', 5, 8],
] as const;
const PREFIX = 'OFPXST_OFB_';
const byCode = new Map<number, readonly [string, number, number]>(OXS_FIELDS.map((f) => [f[1], f]));
const byName = new Map<string, readonly [string, number, number]>(OXS_FIELDS.map((f) => [`${PREFIX}${f[0]}`, f]));

function num(v: unknown, path: string, w: GrowBuffer, max: number, names?: ReadonlyMap<string, number>): number {
  let n: number | undefined;
  if (typeof v === 'number') n = v;
  else if (typeof v === 'string') n = names?.get(v) ?? (/^(0x[0-9a-f]+|\d+)$/i.test(v) ? Number(v) : undefined);
  if (n === undefined || !Number.isInteger(n) || n < 0 || n > max) throw new CodecError('bad_value', path, w.pos, `${String(v)} is not a valid value here`);
  return n;
}

export const ofp_oxs = custom({
  name: 'ofp_oxs',
  headerSize: 4,
  decode(buf, start, end) {
    const h = buf.readUInt32BE(start);
    const cls = h >>> 16;
    const field = (h >>> 9) & 0x7f;
    const length = h & 0xff;
    if (start + 4 + length > end) throw truncated('ofp_oxs', start + 4, length, end - start - 4);
    const f = cls === OFPXSC.OPENFLOW_BASIC ? byCode.get(field) : undefined;
    const className = ofpOxsClass.byValue.get(cls) ?? cls;
    if (f && f[2] === length) {
      const value = length === 8 ? buf.readBigUInt64BE(start + 4) : buf.readUInt32BE(start + 4);
      return { value: { class: className, field: `${PREFIX}${f[0]}`, reserved: (h >>> 8) & 1, value }, size: 4 + length };
    }
    return { value: { class: className, field, reserved: (h >>> 8) & 1, body: bytesView(buf, start + 4, start + 4 + length) }, size: 4 + length };
  },
  encode(value: Record<string, unknown>, w, path) {
    if (value === null || typeof value !== 'object') throw new CodecError('bad_value', path, w.pos, 'needs an object for ofp_oxs');
    const cls = num(value['class'] ?? OFPXSC.OPENFLOW_BASIC, `${path}.class`, w, 0xffff, ofpOxsClass.byName);
    const f = typeof value['field'] === 'string' ? byName.get(value['field']) : byCode.get(Number(value['field']));
    const field = f ? f[1] : num(value['field'], `${path}.field`, w, 0x7f);
    const reserved = value['reserved'] ? 1 : 0;
    if (value['body'] !== undefined || !f) {
      const body = toBytes(value['body'], `${path}.body`, w);
      if (body.length > 255) throw new CodecError('bad_value', `${path}.body`, w.pos, 'OXS payload over 255 bytes');
      w.ensure(4);
      w.buf.writeUInt32BE(((cls << 16) | (field << 9) | (reserved << 8) | body.length) >>> 0, w.pos);
      w.pos += 4;
      w.bytes(body);
      return;
    }
    w.ensure(4 + f[2]);
    w.buf.writeUInt32BE(((cls << 16) | (field << 9) | (reserved << 8) | f[2]) >>> 0, w.pos);
    w.pos += 4;
    let v: bigint;
    try { v = BigInt(value['value'] as string | number | bigint); } catch { throw new CodecError('bad_value', `${path}.value`, w.pos, 'needs an integer'); }
    if (v < 0n || v >= 1n << BigInt(8 * f[2])) throw new CodecError('bad_value', `${path}.value`, w.pos, `does not fit in ${f[2]} bytes`);
    if (f[2] === 8) w.buf.writeBigUInt64BE(v, w.pos);
    else w.buf.writeUInt32BE(Number(v), w.pos);
    w.pos += f[2];
  },
});

/** `struct ofp_stats`: reserved, length (without padding), OXS TLVs, padding to 8. */
export const ofp_stats = struct('ofp_stats', [u16('reserved'), len('length'), list('oxs_fields', ofp_oxs), align(8)]);
