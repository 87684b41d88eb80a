/**
 * Field-by-field agreement with Ryu's JSON decoding of the same bytes (the
 * corpus's NAME.packet.json), shared by the 1.3, 1.4 and 1.5 fixture tests.
 * Every Ryu field that has a counterpart in our value is compared (names
 * through the version's enums, OXM and OXS TLVs by field name); Ryu-only
 * fields are collected in `missing` so a test can insist there are none.
 */
import * as assert from 'uvu/assert';
import type { EnumDef } from '../../codec/schema/types.js';
import { parseIpv6 } from '../../codec/schema/scalars.js';

export interface Tally { checked: number }

export function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Uint8Array);
}

/** A comparer for one version's names. */
export function ryuComparer(enums: Readonly<Record<string, EnumDef>>): {
  compare(ours: unknown, ryu: unknown, at: string, cls: string, t: Tally): void;
  readonly missing: Set<string>;
} {
  const NAMES = new Map<string, number>();
  for (const e of Object.values(enums)) for (const [k, v] of e.byName) if (!NAMES.has(k)) NAMES.set(k, v);

  /** Our value as a plain number/string for comparison with Ryu's. */
  function norm(v: unknown): unknown {
    if (typeof v === 'bigint') return Number(v);
    if (typeof v === 'boolean') return v ? 1 : 0;
    if (typeof v === 'string' && NAMES.has(v)) return NAMES.get(v);
    return v;
  }

  function unwrap(v: any): any {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const ks = Object.keys(v);
      if (ks.length === 1 && /^(OFP|NX|ONF|OXM|OXS)/.test(ks[0]!) && v[ks[0]!] && typeof v[ks[0]!] === 'object') return v[ks[0]!];
    }
    return v;
  }

  function ipv6Bytes(s: string): string {
    const b = Buffer.alloc(16);
    return parseIpv6(s, b, 0) ? b.toString('hex') : s;
  }

  function sameScalar(ours: unknown, ryu: unknown, key: string): boolean {
    const o = norm(ours);
    if (ryu === null) return o === undefined || o === null || (o instanceof Uint8Array && o.length === 0);
    if (ours instanceof Uint8Array && typeof ryu === 'string') return Buffer.from(ours).toString('base64') === ryu || Buffer.from(ours).toString('latin1') === ryu; // bytes Ryu shows as text (URIs)
    if (typeof o === 'string' && typeof ryu === 'string') {
      if (o.toLowerCase() === ryu.toLowerCase()) return true;
      if (o.includes(':') && ryu.includes(':') && ipv6Bytes(o) === ipv6Bytes(ryu)) return true;
      return Buffer.from(o, 'latin1').toString('utf8') === ryu; // UTF-8 names in fixed-size strings
    }
    if (typeof o === 'number' && typeof ryu === 'number') return o === ryu;
    void key;
    return false;
  }

  /** Ryu field names whose counterpart in our value has another name. */
  function ourKey(key: string, depth: number, cls: string, ours: Record<string, unknown>): string {
    if (key === 'table_ids' && 'next_table_ids' in ours) return 'next_table_ids';
    if (key === 'data' && 'experimenter_data' in ours) return 'experimenter_data';
    if ((depth === 0 || 'xid' in ours) && key === 'type') {
      // Ryu's body `type` where our flat message has the header's: we rename the body's.
      for (const k of ['error_type', 'group_type', 'multipart_type', 'bundle_type']) if (k in ours) return k;
    }
    return key;
  }


  /** Fields Ryu reports that have no counterpart in our value, and why. */
  function ryuOnly(key: string, ours: Record<string, unknown>): boolean {
    if ('body' in ours && !Array.isArray(ours['body']) && ours['body'] instanceof Uint8Array) return true; // opaque (Nicira/ONF experimenter) payload Ryu decodes itself
    if (key === 'versions' && 'bitmaps' in ours) return true; // hello bitmap: Ryu lists the versions it implies
    if (key === 'length' && 'stats' in ours && Object.keys(ours).length === 1) return true; // 1.5 aggregate reply: Ryu's derived body length
    return false;
  }
  const MISSING = new Set<string>();


  function compareOxm(ours: any, ryu: any, at: string, t: Tally): void {
    const r = unwrap(ryu);
    if (ours.body !== undefined) return; // opaque class (Nicira, experimenter): Ryu decodes those itself
    assert.is(String(ours.field).replace(/^OFPXMT_OFB_/, '').toLowerCase(), r.field, `${at}.field`);
    assert.ok(sameScalar(ours.value, r.value, 'value'), `${at}.value: ${String(ours.value)} vs ${JSON.stringify(r.value)}`);
    assert.ok(sameScalar(ours.mask, r.mask, 'mask'), `${at}.mask: ${String(ours.mask)} vs ${JSON.stringify(r.mask)}`);
    t.checked += 3;
  }

  /** One OXS statistic (1.5): Ryu names the field in lower case; a duration is [sec, nsec]. */
  function compareOxs(ours: any, r: any, at: string, t: Tally): void {
    if (ours.body !== undefined) return;
    assert.is(String(ours.field).replace(/^OFPXST_OFB_/, '').toLowerCase(), r.field, `${at}.field`);
    const want = Array.isArray(r.value) ? (BigInt(r.value[0]) << 32n) | BigInt(r.value[1]) : BigInt(r.value);
    assert.is(BigInt(ours.value), want, `${at}.value`);
    t.checked += 2;
  }

  /** Compare every Ryu field that has a counterpart in our value; recurse into lists and structs. */
  function compare(ours: any, ryuIn: any, at: string, depth: number, cls: string, t: Tally): void {
    const ryu = unwrap(ryuIn);
    if (ryu === null || typeof ryu !== 'object' || Array.isArray(ryu)) return;
    if (typeof ours.subtype === 'string' && ours.subtype.startsWith('NXAST_')) {
    // A Nicira action: Ryu re-expresses its NXM headers as field names and its bit ranges as
    // start/end, a form of its own; the head is compared here, the fields against ovs-ofctl
    // ofp-print (of10-ovs.test.ts, ovs-dialect.test.ts).
    for (const k of ['type', 'len', 'experimenter', 'subtype']) {
      if (k in ryu && k in ours) { assert.ok(sameScalar(ours[k], ryu[k], k), `${at}.${k}: ${String(ours[k])} vs ${JSON.stringify(ryu[k])}`); t.checked++; }
    }
    return;
  }
  if ('oxm_length' in ours) {
      // An OXM id in table features: Ryu names the field `type` and its length `length`.
      if (typeof ours.field === 'string') assert.is(ours.field.replace(/^OFPXMT_OFB_/, '').toLowerCase(), ryu.type, `${at}.field`);
      assert.is(ours.oxm_length, ryu.length, `${at}.oxm_length`);
      assert.is(ours.hasmask ? 1 : 0, Number(ryu.hasmask), `${at}.hasmask`);
      t.checked += 3;
      return;
    }
    for (const [k, rv] of Object.entries(ryu)) {
      let ok = ourKey(k, depth, cls, ours);
    if (k === 'monitor_flags') ok = 'flags';
      // Ryu flattens a multipart request's single-struct body into the message.
      // (one struct, or a list of one: a flow-monitor request of a single monitor).
    const one = Array.isArray(ours.body) && ours.body.length === 1 ? ours.body[0] : ours.body;
    // Ryu's `monitor_flags` is the flow-monitor request's own `flags` (the message has `flags` too).
    const mon = k === 'monitor_flags' && isRecord(one);
    const holder = mon || (!(ok in ours) && depth === 0 && isRecord(one)) ? one as Record<string, unknown> : ours;
      if (!(ok in holder)) {
        // Ryu-only fields: its own decodings of bytes we keep opaque, and derived values.
        if (rv !== null && !ryuOnly(k, ours)) MISSING.add(`${cls}: ${k} (${at})`);
        continue;
      }
      // Ryu reports an OXS list's length with or without its padding to 8 (both occur in its corpus).
    const ov = k === 'length' && 'oxs_fields' in holder && rv === Math.ceil(Number(holder[ok]) / 8) * 8 ? rv : holder[ok];
      const p = `${at}.${ok}`;
      if (k === 'oxs_fields') {
        assert.is(ov.length, (rv as unknown[]).length, `${p} count`);
        (rv as unknown[]).forEach((x, i) => compareOxs(ov[i], unwrap(x), `${p}[${i}]`, t));
      } else if (k === 'oxm_fields') {
        assert.is(ov.length, (rv as unknown[]).length, `${p} count`);
        (rv as unknown[]).forEach((x, i) => compareOxm(ov[i], x, `${p}[${i}]`, t));
      } else if (k === 'field' && ov && typeof ov === 'object' && 'hasmask' in ov) {
        compareOxm(ov, rv, p, t);
      } else if (Array.isArray(rv)) {
        if (!Array.isArray(ov)) continue;
        assert.is(ov.length, rv.length, `${p} count`);
        rv.forEach((x, i) => {
          const u = unwrap(x);
          if (u !== null && typeof u === 'object') compare(ov[i], u, `${p}[${i}]`, depth + 1, cls, t);
          else { assert.ok(sameScalar(ov[i], u, k), `${p}[${i}]: ${String(ov[i])} vs ${JSON.stringify(u)}`); t.checked++; }
        });
      } else if (rv !== null && typeof rv === 'object') {
        if (ov && typeof ov === 'object' && !(ov instanceof Uint8Array)) compare(ov, rv, p, depth + 1, cls, t);
      } else {
        assert.ok(sameScalar(ov, rv, k), `${p}: ours ${String(ov)}, Ryu ${JSON.stringify(rv)}`);
        t.checked++;
      }
    }
  }

  return { compare: (ours, ryu, at, cls, t) => compare(ours, ryu, at, 0, cls, t), missing: MISSING };
}
