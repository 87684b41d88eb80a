/**
 * Seed inputs for the fuzzer, found afresh on every run so new fixtures and
 * schema definitions are picked up without editing the harness:
 *   - every message file under fixtures/ (NAME.packet, NAME.truncatedN and the
 *     crash inputs in fixtures/regress/*.bin);
 *   - structurally valid messages synthesised from every registered schema:
 *     a random value for each message definition, encoded by encodeMessage
 *     (so all length fields are right and the decoder goes deep);
 *   - a valid header with random bytes behind it for every known type code.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeMessage, schemaFor, supportedVersions } from '../../codec/index.js';
import type { CustomDef, Def, ScalarMember, StructDef, UnionDef } from '../../codec/schema/types.js';
import { FIXTURES, walk } from '../support/fixtures.js';
import { Rng } from './prng.js';

export interface Seed {
  /** Where it came from: a fixture id, `gen:<version>/<struct>` or `hdr:<version>/<type>`. */
  readonly id: string;
  readonly bytes: Buffer;
}

/** Every message-bytes file under fixtures/. */
export function fixtureSeeds(root = FIXTURES): Seed[] {
  return walk(root)
    .filter((p) => /\.packet$|\.truncated\d+$|\.bin$/.test(p))
    .map((p) => ({ id: p.slice(root.length + 1), bytes: readFileSync(p) }))
    .filter((s) => s.bytes.length > 0 && s.bytes.length <= 0x20000);
}

/** The capture files under fixtures/ (for the CLI's --pcap path). */
export function captureFiles(root = FIXTURES): Buffer[] {
  return walk(root).filter((p) => /\.pcap(ng)?$/.test(p)).map((p) => readFileSync(p)).filter((b) => b.length <= 0x40000);
}

/** The union's variants, flattened through nested unions, with the fallback last. */
export function leafStructs(def: Def, seen = new Set<Def>()): Def[] {
  if (seen.has(def)) return [];
  seen.add(def);
  if (def.kind !== 'union') return [def];
  const out: Def[] = [];
  for (const v of def.variants.values()) out.push(...leafStructs(v, seen));
  if (def.fallback) out.push(...leafStructs(def.fallback, seen));
  return out;
}

const ASCII = 'abcdefghijklmnopqrstuvwxyz0123456789-_.';

/** A random value for one scalar member (known enum names most of the time). */
function genScalar(m: ScalarMember, rng: Rng): unknown {
  if (m.fixed !== undefined) return m.fixed;
  switch (m.type) {
    case 'u8': case 'u16': case 'u32': {
      if (m.enum && m.enum.byName.size && rng.chance(0.7)) return rng.pick([...m.enum.byName.keys()]);
      const bits = m.size * 8;
      const n = rng.chance(0.3) ? rng.pick([0, 1, 2, 0xff]) : rng.u32();
      return bits === 32 ? n >>> 0 : n & ((1 << bits) - 1);
    }
    case 'u64': return (BigInt(rng.u32()) << 32n) | BigInt(rng.u32());
    case 'mac': return [...rng.bytes(6)].map((x) => x.toString(16).padStart(2, '0')).join(':');
    case 'ipv4': return [...rng.bytes(4)].join('.');
    case 'ipv6': {
      const b = rng.bytes(16);
      const w: string[] = [];
      for (let i = 0; i < 16; i += 2) w.push(b.readUInt16BE(i).toString(16));
      return w.join(':');
    }
    case 'bytes': return rng.bytes(m.size);
    case 'string': {
      let s = '';
      const n = rng.int(m.size);
      for (let i = 0; i < n; i++) s += rng.pick([...ASCII]);
      return s;
    }
  }
}

/**
 * A value for a hand-written (custom) definition: random bytes shaped like a
 * TLV (length in the last header byte, as OXM has it, or a u16 at offset 2)
 * until the definition's own decoder accepts one.
 */
function genCustom(def: CustomDef, rng: Rng): unknown {
  const h = def.headerSize;
  for (let t = 0; t < 200; t++) {
    const L = h + rng.int(20);
    const b = rng.bytes(L);
    const style = rng.int(3);
    if (style === 0 && h >= 1) b[h - 1] = L - h;
    else if (style === 1 && h >= 4) b.writeUInt16BE(L, 2);
    try {
      const d = def.decode(b, 0, L);
      if (d.size === L) return d.value;
    } catch {
      // not this one
    }
  }
  return undefined;
}

function genStruct(def: StructDef, rng: Rng, depth: number): Record<string, unknown> {
  const obj: Record<string, unknown> = {};
  for (const m of def.members) {
    switch (m.kind) {
      case 'scalar': obj[m.name] = genScalar(m, rng); break;
      case 'struct': obj[m.name] = genDef(m.def, rng, depth + 1); break;
      case 'list': {
        const n = m.count ?? (depth > 3 ? 0 : rng.pick([0, 0, 1, 1, 2, 3]));
        const items: unknown[] = [];
        for (let i = 0; i < n; i++) {
          const v = m.of.kind === 'scalar' ? genScalar(m.of, rng) : genDef(m.of, rng, depth + 1);
          if (v !== undefined) items.push(v);
        }
        obj[m.name] = items;
        break;
      }
      case 'rest': obj[m.name] = rng.bytes(rng.pick([0, 0, 1, 4, 8, 16, 24])); break;
      default: break;
    }
  }
  return obj;
}

/** A random value of `def` (undefined when a custom element could not be made). */
export function genDef(def: Def, rng: Rng, depth = 0): unknown {
  switch (def.kind) {
    case 'struct': return genStruct(def, rng, depth);
    case 'custom': return genCustom(def, rng);
    case 'union': {
      const leaves = leafStructs(def);
      const v = rng.pick(leaves);
      const val = genDef(v, rng, depth) as Record<string, unknown> | undefined;
      // A fallback's tag is free: keep it off the known variants most of the time.
      if (val && v === def.fallback && typeof val[def.tag] === 'number' && rng.chance(0.8)) {
        let tag = val[def.tag] as number;
        const max = def.tagSize === 1 ? 0xff : def.tagSize === 2 ? 0xffff : 0xffffffff;
        for (let i = 0; i < 8 && def.variants.has(tag); i++) tag = rng.u32() % (max + 1);
        val[def.tag] = tag;
      }
      return val;
    }
  }
}

/** Encoded random messages for every message definition of every registered version. */
export function schemaSeeds(rng: Rng, perStruct = 6): Seed[] {
  const out: Seed[] = [];
  for (const wire of supportedVersions()) {
    const s = schemaFor(wire)!;
    for (const leaf of leafStructs(s.message)) {
      let made = 0;
      for (let t = 0; t < perStruct * 4 && made < perStruct; t++) {
        const v = genDef(leaf, rng) as Record<string, unknown> | undefined;
        if (!v) continue;
        v['version'] = wire; // structs shared by several versions leave the version byte free
        try {
          const bytes = encodeMessage(v);
          if (bytes.length > 0xffff) continue;
          out.push({ id: `gen:${s.label}/${leaf.name}`, bytes });
          made++;
        } catch {
          // a random value the schema cannot state (e.g. a custom element); try another
        }
      }
    }
  }
  return out;
}

/** Every message type code a version knows, plus a few it does not. */
export function typeCodes(u: UnionDef): number[] {
  const known = [...u.variants.keys()];
  const max = Math.max(0, ...known);
  return [...new Set([...known, max + 1, max + 2, 0x7f, 0xff])].sort((a, b) => a - b);
}

/** A valid 8-byte header of every known (and a few unknown) types, with random bytes behind it. */
export function headerSeeds(rng: Rng): Seed[] {
  const out: Seed[] = [];
  for (const wire of supportedVersions()) {
    const s = schemaFor(wire)!;
    for (const type of typeCodes(s.message)) {
      const v = s.message.variants.get(type);
      const fixed = v && v.kind === 'struct' ? v.layout.size : 8;
      for (const bodyLen of new Set([0, 1, 4, Math.max(0, fixed - 9), Math.max(0, fixed - 8), fixed - 7, fixed, rng.int(200)])) {
        const b = Buffer.concat([Buffer.alloc(8), rng.bytes(Math.max(0, bodyLen))]);
        b[0] = wire;
        b[1] = type;
        b.writeUInt16BE(b.length, 2);
        b.writeUInt32BE(rng.u32(), 4);
        out.push({ id: `hdr:${s.label}/${type}`, bytes: b });
      }
    }
  }
  return out;
}

/** The whole seed corpus for one fuzz run. */
export function loadCorpus(rng: Rng): Seed[] {
  return [...fixtureSeeds(), ...schemaSeeds(rng), ...headerSeeds(rng)];
}
