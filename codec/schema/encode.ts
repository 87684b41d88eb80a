/**
 * The generic encoder: writes a plain value (as produced by decode.ts or
 * parsed from the JSON form) back to bytes. Length fields are always computed
 * from what is written, so a value without them, or with stale ones, encodes
 * to a well-formed message. Missing required fields are errors naming the
 * field; fixed discriminators may be omitted.
 */
import { CodecError } from './errors.js';
import { parseIpv4, parseIpv6, parseMac, writeAddress } from './scalars.js';
import type { Def, EnumDef, ScalarMember, StructDef, UnionDef } from './types.js';
import type { GrowBuffer } from './writer.js';

function bad(path: string, w: GrowBuffer, detail: string): CodecError {
  return new CodecError('bad_value', path, w.pos, detail);
}

function toCode(v: unknown, e: EnumDef | undefined, path: string, w: GrowBuffer): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string') {
    const n = e?.byName.get(v);
    if (n !== undefined) return n;
    if (/^(0x[0-9a-f]+|\d+)$/i.test(v)) return Number(v);
    throw bad(path, w, `'${v}' is not a known ${e ? e.name : 'number'}`);
  }
  if (typeof v === 'bigint') return Number(v);
  throw bad(path, w, `needs a number${e ? ` or a ${e.name} name` : ''}, got ${v === undefined ? 'nothing' : typeof v}`);
}

export function toBytes(v: unknown, path: string, w: GrowBuffer): Uint8Array {
  if (v instanceof Uint8Array) return v;
  if (typeof v === 'string' && /^([0-9a-f]{2})*$/i.test(v)) return Buffer.from(v, 'hex');
  if (Array.isArray(v) && v.every((x) => Number.isInteger(x) && x >= 0 && x < 256)) return Uint8Array.from(v);
  throw bad(path, w, 'needs bytes (a Buffer or an even-length hex string)');
}

export function writeUint(w: GrowBuffer, n: number, size: number, path: string): void {
  const max = size === 4 ? 0xffffffff : (1 << (8 * size)) - 1;
  if (!Number.isInteger(n) || n < 0 || n > max) throw bad(path, w, `${n} does not fit in ${size} byte(s)`);
  w.ensure(size);
  if (size === 1) w.buf[w.pos] = n;
  else if (size === 2) w.buf.writeUInt16BE(n, w.pos);
  else w.buf.writeUInt32BE(n, w.pos);
  w.pos += size;
}

export function writeScalar(m: ScalarMember, v: unknown, e: EnumDef | undefined, w: GrowBuffer, path: string): void {
  switch (m.type) {
    case 'u8': case 'u16': case 'u32':
      writeUint(w, toCode(v, e, path, w), m.size, path);
      return;
    case 'u64': {
      let n: bigint;
      try {
        n = typeof v === 'bigint' ? v : BigInt(v as string | number);
      } catch {
        throw bad(path, w, `needs a 64-bit integer, got ${String(v)}`);
      }
      if (n < 0n || n > 0xffffffffffffffffn) throw bad(path, w, `${n} does not fit in 8 bytes`);
      w.ensure(8);
      w.buf.writeBigUInt64BE(n, w.pos);
      w.pos += 8;
      return;
    }
    case 'mac': case 'ipv4': case 'ipv6': {
      w.ensure(m.size);
      // Text; MACs and IPv4 addresses also as a number or their bytes (writeAddress).
      const ok = typeof v === 'string'
        ? (m.type === 'mac' ? parseMac(v, w.buf, w.pos) : m.type === 'ipv4' ? parseIpv4(v, w.buf, w.pos) : parseIpv6(v, w.buf, w.pos))
        : m.type !== 'ipv6' && writeAddress(v, m.size as 4 | 6, w.buf, w.pos);
      if (!ok) throw bad(path, w, `'${String(v)}' is not a valid ${m.type} address`);
      w.pos += m.size;
      return;
    }
    case 'bytes': {
      const b = toBytes(v, path, w);
      if (b.length !== m.size) throw bad(path, w, `needs exactly ${m.size} bytes, got ${b.length}`);
      w.bytes(b);
      return;
    }
    case 'string': {
      if (typeof v !== 'string') throw bad(path, w, 'needs a string');
      const b = Buffer.from(v, 'latin1');
      if (b.length > m.size) throw bad(path, w, `'${v}' is longer than ${m.size} bytes`);
      w.bytes(b);
      w.zeros(m.size - b.length);
      return;
    }
  }
}

function enumFor(def: StructDef, m: ScalarMember, obj: Record<string, unknown>): EnumDef | undefined {
  if (m.enum) return m.enum;
  if (!m.enumBy) return undefined;
  const sib = def.members.find((x) => x.kind === 'scalar' && x.name === m.enumBy!.field) as ScalarMember | undefined;
  let key = obj[m.enumBy.field] ?? sib?.fixed;
  if (typeof key === 'string') key = sib?.enum?.byName.get(key);
  return typeof key === 'number' ? m.enumBy.enums.get(key) : undefined;
}

function patch(w: GrowBuffer, at: number, size: number, n: number, path: string): void {
  const max = size === 4 ? 0xffffffff : (1 << (8 * size)) - 1;
  if (n > max) throw new CodecError('bad_value', path, at, `length ${n} does not fit in ${size} byte(s)`);
  if (size === 1) w.buf[at] = n;
  else if (size === 2) w.buf.writeUInt16BE(n, at);
  else w.buf.writeUInt32BE(n, at);
}

function encodeStruct(def: StructDef, value: unknown, w: GrowBuffer, path: string): void {
  if (value === null || typeof value !== 'object') throw bad(path, w, `needs an object for ${def.name}`);
  const obj = def.encodePrepare ? def.encodePrepare(value as Record<string, unknown>, path, w.pos) : (value as Record<string, unknown>);
  for (const key in obj) {
    if (obj[key] !== undefined && !def.members.some((m) => 'name' in m && m.name === key)) {
      throw bad(`${path}.${key}`, w, `is not a field of ${def.name}`);
    }
  }
  const start = w.pos;
  const pending: { at: number; size: number; of: string; name: string }[] = [];
  const spans: Record<string, number> = {};
  let bodyEnd = -1;
  for (const m of def.members) {
    const p = 'name' in m ? `${path}.${m.name}` : path;
    switch (m.kind) {
      case 'scalar': {
        let v = obj[m.name];
        if (v === undefined) v = m.fixed ?? m.default;
        if (v === undefined) throw bad(p, w, 'is missing');
        writeScalar(m, v, enumFor(def, m, obj), w, p);
        break;
      }
      case 'length':
        pending.push({ at: w.pos, size: m.size, of: m.of, name: p });
        w.zeros(m.size);
        break;
      case 'count': {
        // The list's element count, whatever the value says (as length fields are computed).
        const items = obj[m.of] ?? [];
        w.zeros(m.size);
        patch(w, w.pos - m.size, m.size, Array.isArray(items) ? items.length : 0, p);
        break;
      }
      case 'pad':
        w.zeros(m.size);
        break;
      case 'align':
        if (m === def.members[def.members.length - 1] && !m.counted) bodyEnd = w.pos;
        w.zeros((m.to - ((w.pos - start) % m.to)) % m.to);
        break;
      case 'struct': {
        const s = w.pos;
        encodeDef(m.def, obj[m.name], w, p);
        spans[m.name] = w.pos - s;
        break;
      }
      case 'list': {
        const s = w.pos;
        const items = obj[m.name] ?? [];
        if (!Array.isArray(items)) throw bad(p, w, 'needs an array');
        if (m.count !== undefined && items.length !== m.count) throw bad(p, w, `needs exactly ${m.count} elements`);
        const el = m.of;
        for (let i = 0; i < items.length; i++) {
          if (el.kind === 'scalar') writeScalar(el, items[i], el.enum, w, `${p}[${i}]`);
          else encodeDef(el, items[i], w, `${p}[${i}]`);
        }
        spans[m.name] = w.pos - s;
        break;
      }
      case 'rest': {
        const s = w.pos;
        const v = obj[m.name];
        if (v !== undefined) w.bytes(toBytes(v, p, w));
        spans[m.name] = w.pos - s;
        break;
      }
    }
  }
  if (bodyEnd < 0) bodyEnd = w.pos;
  for (const l of pending) {
    patch(w, l.at, l.size, l.of === 'self' ? bodyEnd - start : spans[l.of]!, l.name);
  }
}

function encodeUnion(u: UnionDef, value: unknown, w: GrowBuffer, path: string): void {
  if (value === null || typeof value !== 'object') throw bad(path, w, `needs an object for ${u.name}`);
  const raw = (value as Record<string, unknown>)[u.tag];
  if (raw === undefined) throw bad(`${path}.${u.tag}`, w, `is missing (it selects the ${u.name} variant)`);
  const tag = toCode(raw, u.tagEnum, `${path}.${u.tag}`, w);
  const v = u.variants.get(tag) ?? u.fallback;
  if (!v) throw bad(`${path}.${u.tag}`, w, `${String(raw)} names no ${u.name}`);
  encodeDef(v, value, w, path);
}

export function encodeDef(def: Def, value: unknown, w: GrowBuffer, path: string = def.name): void {
  switch (def.kind) {
    case 'struct': return encodeStruct(def, value, w, path);
    case 'union': return encodeUnion(def, value, w, path);
    case 'custom': return def.encode(value, w, path);
  }
}
