/**
 * The generic decoder: walks a definition over bytes and builds a plain value.
 * Used by the CLI, the JSON form, tests and tools; the controller's hot path
 * uses the views instead. Every read is bounds-checked against the region the
 * enclosing length fields allow, and a failure is a CodecError naming the
 * struct.field and absolute offset (thrown here, returned as a value by the
 * public API in codec/message.ts). Byte fields are zero-copy subarrays.
 */
import { CodecError, BAD_TYPE, truncated } from './errors.js';
import { bytesView } from './bytes.js';
import { formatIpv4, formatIpv6, formatMac } from './scalars.js';
import type { Def, EnumDef, ScalarMember, StructDef, UnionDef } from './types.js';

export type Value = Record<string, unknown>;

export interface Decoded { value: unknown; size: number }

export function readUint(buf: Buffer, off: number, size: number): number {
  return size === 1 ? buf[off]! : size === 2 ? buf.readUInt16BE(off) : buf.readUInt32BE(off);
}

function named(e: EnumDef | undefined, n: number): number | string {
  if (!e) return n;
  const s = e.byValue.get(n);
  return s === undefined ? n : s;
}

function enumFor(def: StructDef, m: ScalarMember, obj: Value): EnumDef | undefined {
  if (m.enum) return m.enum;
  if (!m.enumBy) return undefined;
  const sib = def.members.find((x) => x.kind === 'scalar' && x.name === m.enumBy!.field) as ScalarMember | undefined;
  let key = obj[m.enumBy.field];
  if (typeof key === 'string') key = sib?.enum?.byName.get(key);
  return typeof key === 'number' ? m.enumBy.enums.get(key) : undefined;
}

/** Read one scalar at off (caller checked bounds). */
export function readScalar(m: ScalarMember, buf: Buffer, off: number, e: EnumDef | undefined): unknown {
  switch (m.type) {
    case 'u8': case 'u16': case 'u32': return named(e, readUint(buf, off, m.size));
    case 'u64': return buf.readBigUInt64BE(off);
    case 'mac': return formatMac(buf, off);
    case 'ipv4': return formatIpv4(buf, off);
    case 'ipv6': return formatIpv6(buf, off);
    case 'bytes': return bytesView(buf, off, off + m.size);
    case 'string': {
      let z = off;
      while (z < off + m.size && buf[z] !== 0) z++;
      return buf.toString('latin1', off, z);
    }
  }
}

function roundUp(n: number, to: number): number {
  return Math.ceil(n / to) * to;
}

function decodeStruct(def: StructDef, buf: Buffer, start: number, end: number): Decoded {
  const L = def.layout;
  let structEnd: number;
  let consumed = -1;
  if (L.selfLength) {
    const lo = start + L.selfLength.offset;
    const lenName = (def.members.find((m) => m.kind === 'length' && m.of === 'self') as { name: string }).name;
    if (lo + L.selfLength.size > end) throw truncated(`${def.name}.${lenName}`, lo, L.selfLength.size, end - lo);
    const n = readUint(buf, lo, L.selfLength.size);
    if (L.fixed && n !== L.size) {
      throw new CodecError('bad_length', `${def.name}.${lenName}`, lo, `is ${n}, but ${def.name} is ${L.size} bytes`, def.lengthError);
    }
    if (n < L.size) {
      throw new CodecError('bad_length', `${def.name}.${lenName}`, lo, `is ${n}, less than the ${L.size}-byte fixed part`, def.lengthError);
    }
    structEnd = start + n;
    consumed = L.align ? roundUp(n, L.align) : n;
  } else if (L.fixed) {
    structEnd = start + L.size;
    consumed = L.size;
  } else {
    structEnd = end;
  }
  // Decode what is present so a short input names the first missing field.
  const limit = Math.min(structEnd, end);
  const obj: Value = {};
  const covered: Record<string, number> = {};
  let counts: Record<string, number> | undefined;
  let pos = start;
  for (const m of def.members) {
    switch (m.kind) {
      case 'scalar': {
        if (pos + m.size > limit) throw truncated(`${def.name}.${m.name}`, pos, m.size, limit - pos);
        obj[m.name] = readScalar(m, buf, pos, enumFor(def, m, obj));
        pos += m.size;
        break;
      }
      case 'length': {
        if (pos + m.size > limit) throw truncated(`${def.name}.${m.name}`, pos, m.size, limit - pos);
        const n = readUint(buf, pos, m.size);
        obj[m.name] = n;
        if (m.of !== 'self') covered[m.of] = n;
        pos += m.size;
        break;
      }
      case 'count': {
        if (pos + m.size > limit) throw truncated(`${def.name}.${m.name}`, pos, m.size, limit - pos);
        const n = readUint(buf, pos, m.size);
        obj[m.name] = n;
        (counts ??= {})[m.of] = n;
        pos += m.size;
        break;
      }
      case 'pad': {
        if (pos + m.size > limit) throw truncated(`${def.name}.pad`, pos, m.size, limit - pos);
        pos += m.size;
        break;
      }
      case 'align': {
        if (m === def.members[def.members.length - 1] && !m.counted) break;
        const p = (m.to - ((pos - start) % m.to)) % m.to;
        if (pos + p > limit) throw truncated(`${def.name}.pad`, pos, p, limit - pos);
        pos += p;
        break;
      }
      case 'struct': case 'list': case 'rest': {
        let regionEnd = limit;
        const c = covered[m.name];
        if (c !== undefined) {
          if (pos + c > limit) {
            if (pos + c > structEnd) {
              throw new CodecError('bad_length', `${def.name}.${m.name}`, pos, `is said to be ${c} bytes, but only ${structEnd - pos} remain in ${def.name}`);
            }
            throw truncated(`${def.name}.${m.name}`, pos, c, limit - pos);
          }
          regionEnd = pos + c;
        }
        if (m.kind === 'rest') {
          obj[m.name] = bytesView(buf, pos, regionEnd);
          pos = regionEnd;
        } else if (m.kind === 'struct') {
          const d = decodeDef(m.def, buf, pos, regionEnd);
          obj[m.name] = d.value;
          pos += d.size;
        } else {
          const items: unknown[] = [];
          const el = m.of;
          const field = `${def.name}.${m.name}`;
          const n = m.count ?? counts?.[m.name];
          if (el.kind === 'scalar') {
            const e = el.enum;
            while (n !== undefined ? items.length < n : pos < regionEnd) {
              if (pos + el.size > regionEnd) {
                if (n === undefined && c === undefined && regionEnd === structEnd) {
                  throw new CodecError('bad_length', field, pos, `has ${regionEnd - pos} bytes left over, not a whole ${el.size}-byte element`);
                }
                throw truncated(field, pos, el.size, regionEnd - pos);
              }
              items.push(readScalar(el, buf, pos, e));
              pos += el.size;
            }
          } else {
            while (n !== undefined ? items.length < n : pos < regionEnd) {
              const d = decodeDef(el, buf, pos, regionEnd);
              if (d.size <= 0) throw new CodecError('bad_length', field, pos, 'element has zero length');
              items.push(d.value);
              pos += d.size;
            }
          }
          obj[m.name] = items;
        }
        if (c !== undefined && pos !== regionEnd) {
          throw new CodecError('bad_length', `${def.name}.${m.name}`, pos, `ends ${regionEnd - pos} bytes before its length says`);
        }
        break;
      }
    }
  }
  if (structEnd > end) throw truncated(def.name, start, structEnd - start, end - start);
  if (consumed < 0) consumed = pos - start;
  else if (pos < structEnd) {
    throw new CodecError('bad_length', def.name, pos, `has ${structEnd - pos} bytes after its last member`);
  }
  if (start + consumed > end) {
    throw truncated(`${def.name}.pad`, start + (structEnd - start), consumed - (structEnd - start), end - structEnd);
  }
  return { value: obj, size: consumed };
}

function decodeUnion(u: UnionDef, buf: Buffer, start: number, end: number): Decoded {
  const at = start + u.tagOffset;
  if (at + u.tagSize > end) throw truncated(`${u.name}.${u.tag}`, at, u.tagSize, end - at);
  const tag = readUint(buf, at, u.tagSize);
  const v = u.variants.get(tag) ?? u.fallback;
  if (!v) {
    throw new CodecError('unknown_type', `${u.name}.${u.tag}`, at, `has unknown value ${tag}`, u.unknownError ?? BAD_TYPE);
  }
  return decodeDef(v, buf, start, end);
}

/** Decode one element of `def` in buf[start, end). Throws CodecError. */
export function decodeDef(def: Def, buf: Buffer, start: number, end: number): Decoded {
  switch (def.kind) {
    case 'struct': return decodeStruct(def, buf, start, end);
    case 'union': return decodeUnion(def, buf, start, end);
    case 'custom': {
      if (start + def.headerSize > end) throw truncated(def.name, start, def.headerSize, end - start);
      return def.decode(buf, start, end);
    }
  }
}
