/**
 * The properties every input must satisfy, checked against every public
 * decoding entry point that exists at run time (found by import, so new
 * views and the CLI decoder are picked up without editing this file):
 *
 *  1. nothing throws out of decodeMessage / decodeStream / view.bind / view
 *     getters / the CLI's decode function, and no internal error (a JS
 *     exception caught and relabelled by the public API) is reported;
 *  2. an error is a well-formed value: a known code, an offset inside the
 *     input, an OpenFlow error type/code;
 *  3. nothing reads past its input: the input is decoded from an exact-size
 *     copy and from the middle of a larger buffer filled with sentinel bytes
 *     (0x00 and then 0xff) with `end` bounding it; the results must be the same
 *     and every decoded byte field must lie inside [offset, end);
 *  4. a decoded value re-encodes (encodeMessage) to bytes that decode to the
 *     same value (toJSON forms compared);
 *  5. the spec-named error for the header's own faults: length < 8 →
 *     BAD_REQUEST/BAD_LEN, unsupported version → BAD_REQUEST/BAD_VERSION,
 *     unknown type → BAD_REQUEST/BAD_TYPE;
 *  6. the compiled codec agrees with the interpreter it is generated from:
 *     the same decoded value or the same error, the same encoded bytes.
 */
import { readdirSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Writable } from 'node:stream';
import { isDeepStrictEqual } from 'node:util';
import { decodeMessage, decodeMessageInterpreted, encodeMessageInterpreted, decodeStream, tryEncodeMessage, schemaFor, toJSONValue, type DecodeResult } from '../../codec/index.js';
import { PacketIn10View, packetInFrame10 } from '../../codec/views/of10.js';
import { PacketIn13View, packetInFrame13 } from '../../codec/views/of13.js';

export interface Failure {
  readonly property: string;
  readonly detail: string;
  /** The file that failed when it is not the input itself (a damaged capture). */
  readonly artifact?: Buffer;
}

const CODES = new Set(['truncated', 'bad_length', 'unknown_type', 'bad_version', 'bad_value']);
const PRE = 13; // odd on purpose: no alignment assumptions
const POST = 64;

/** A view class: `new V()`, `bind(buf, off, len)` → null | DecodeError, then getters. */
export interface ViewTarget {
  readonly name: string;
  readonly make: () => { bind(buf: Buffer, off: number, len: number): unknown };
  readonly getters: readonly string[];
  /** A sub-view instance for `port(i, into)` / `port(into)`. */
  readonly helper?: object;
}

export interface Targets {
  views: ViewTarget[];
  /** The function `nodeflow decode` uses on a byte stream, when it exists (resolves to an exit status). */
  cliDecode?: { name: string; fn: (buf: Buffer) => Promise<unknown> };
  /** The function `nodeflow decode --pcap` uses on a capture file; `allowed` is the error class it may throw (bad capture). */
  cliPcap?: { name: string; fn: (file: Buffer) => Promise<unknown>; allowed?: new (m: string) => Error };
}

const getterCache = new WeakMap<object, string[]>();

function gettersOf(proto: object | null): string[] {
  if (proto && getterCache.has(proto)) return getterCache.get(proto)!;
  const names = new Set<string>();
  for (let p = proto; p && p !== Object.prototype; p = Object.getPrototypeOf(p)) {
    for (const [k, d] of Object.entries(Object.getOwnPropertyDescriptors(p))) {
      if (d.get && k !== '__proto__') names.add(k);
    }
  }
  const out = [...names].sort();
  if (proto) getterCache.set(proto, out);
  return out;
}

async function importAll(dirUrl: URL): Promise<Record<string, unknown>[]> {
  const dir = fileURLToPath(dirUrl);
  if (!existsSync(dir)) return [];
  const mods: Record<string, unknown>[] = [];
  for (const f of readdirSync(dir).sort()) {
    if (!f.endsWith('.js')) continue;
    try {
      mods.push((await import(new URL(f, dirUrl).href)) as Record<string, unknown>);
    } catch {
      // a half-written module of someone else's: skip it this run
    }
  }
  return mods;
}

/** Every exported class in codec/views (and codec/ofNN/views) with a `bind` method and a no-argument constructor. */
export async function loadTargets(): Promise<Targets> {
  const views: ViewTarget[] = [];
  const helpers = new Map<string, object>();
  const seen = new Set<unknown>();
  const dirs = [new URL('../../codec/views/', import.meta.url), new URL('../../codec/of10/views/', import.meta.url), new URL('../../codec/of13/views/', import.meta.url)];
  const mods: Record<string, unknown>[] = [];
  for (const d of dirs) mods.push(...(await importAll(d)));
  try {
    mods.push((await import(new URL('../../codec/hot.js', import.meta.url).href)) as Record<string, unknown>);
  } catch {
    // no hot-path module yet
  }
  {
    for (const mod of mods) {
      for (const [name, x] of Object.entries(mod)) {
        if (typeof x !== 'function' || seen.has(x)) continue;
        const proto = (x as { prototype?: { bind?: unknown } }).prototype;
        if (proto && typeof proto.bind !== 'function' && gettersOf(proto).length && /Port/.test(name)) {
          // A sub-view a message view points at its parts (ports): `port(i, into)`.
          try { helpers.set(name, new (x as unknown as new () => object)()); } catch { /* needs arguments */ }
          continue;
        }
        if (!proto || typeof proto.bind !== 'function') continue;
        seen.add(x);
        const C = x as unknown as new () => { bind(buf: Buffer, off: number, len: number): unknown };
        try {
          new C();
        } catch {
          continue; // needs constructor arguments: not a plain view
        }
        // One instance per class, re-pointed at every input, as the controller uses them.
        const inst = new C();
        views.push({ name, make: () => inst, getters: gettersOf(proto) });
      }
    }
  }
  for (const v of views) {
    const ver = /10/.test(v.name) ? '10' : /13/.test(v.name) ? '13' : '';
    const h = [...helpers].find(([n]) => n.includes(ver));
    if (h) (v as { helper?: object }).helper = h[1];
  }
  const t: Targets = { views };
  try {
    const cli = (await import(new URL('../../cli/commands/decode.js', import.meta.url).href)) as Record<string, unknown>;
    const io = (await import(new URL('../../cli/io.js', import.meta.url).href)) as Record<string, unknown>;
    const Output = io['Output'] as (new (s: NodeJS.WritableStream) => unknown) | undefined;
    const InputError = io['InputError'] as (new (m: string) => Error) | undefined;
    const sink = () => new Writable({ write(_c, _e, cb) { cb(); } });
    const quiet = async (f: () => Promise<unknown>): Promise<unknown> => {
      const saved = process.stderr.write;
      process.stderr.write = (() => true) as typeof process.stderr.write;
      try {
        return await f();
      } finally {
        process.stderr.write = saved;
      }
    };
    const decodeBytes = cli['decodeBytes'] as ((b: Buffer, out: unknown) => Promise<number>) | undefined;
    if (decodeBytes && Output) {
      t.cliDecode = { name: 'decodeBytes', fn: (b) => quiet(() => decodeBytes(b, new Output(sink()))) };
    }
    const decodePcap = cli['decodePcapFile'] as ((f: Buffer, ports: number[], out: unknown) => Promise<number>) | undefined;
    if (decodePcap && Output) {
      t.cliPcap = {
        name: 'decodePcapFile',
        fn: (f) => quiet(() => decodePcap(f, [6653], new Output(sink()))),
        ...(InputError ? { allowed: InputError } : {}),
      };
    }
  } catch {
    // no CLI decoder yet
  }
  return t;
}

function json(v: unknown): string {
  return JSON.stringify(toJSONValue(v));
}

/** Every byte field (Uint8Array) in a decoded value must lie inside [lo, hi) of `base`. */
function bytesOutside(v: unknown, base: Buffer, lo: number, hi: number, path = '$', depth = 0): string | undefined {
  if (depth > 64) return undefined;
  if (v instanceof Uint8Array) {
    if (v.byteLength === 0) return undefined;
    if (v.buffer !== base.buffer) return `${path}: a copy, not a view of the input`;
    const s = v.byteOffset - base.byteOffset;
    if (s < lo || s + v.byteLength > hi) return `${path}: bytes [${s}, ${s + v.byteLength}) outside [${lo}, ${hi})`;
    return undefined;
  }
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const r = bytesOutside(v[i], base, lo, hi, `${path}[${i}]`, depth + 1);
      if (r) return r;
    }
    return undefined;
  }
  if (v !== null && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      const r = bytesOutside(x, base, lo, hi, `${path}.${k}`, depth + 1);
      if (r) return r;
    }
  }
  return undefined;
}

/** Structural equality of decoded values (bytes by content), much cheaper than comparing JSON texts. */
export function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (a instanceof Uint8Array) return b instanceof Uint8Array && Buffer.compare(a, b) === 0;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!same(a[i], b[i])) return false;
    return true;
  }
  const ka = Object.keys(a as object);
  const kb = Object.keys(b as object);
  if (ka.length !== kb.length) return false;
  for (let i = 0; i < ka.length; i++) {
    if (ka[i] !== kb[i] || !same((a as Record<string, unknown>)[ka[i]!], (b as Record<string, unknown>)[ka[i]!])) return false;
  }
  return true;
}

function sameResult(a: DecodeResult, b: DecodeResult, shift: number): boolean {
  if (a.ok !== b.ok || a.size !== b.size) return false;
  if (a.ok) return same(a.value, (b as typeof a).value);
  const x = a.error;
  const y = (b as { error: typeof x }).error;
  return x.code === y.code && x.field === y.field && x.offset === y.offset - shift && x.ofError.type === y.ofError.type && x.ofError.code === y.ofError.code;
}

/** A comparable form of a decode result with error offsets made relative to `shift`. */
function resultForm(r: DecodeResult, shift: number): string {
  if (r.ok) return `ok ${r.size} ${json(r.value)}`;
  const e = r.error;
  return `err ${r.size} ${e.code} ${e.field} ${e.offset - shift} ${e.ofError.type}/${e.ofError.code}`;
}

function embed(input: Buffer, fill: number): Buffer {
  const big = Buffer.alloc(PRE + input.length + POST, fill);
  input.copy(big, PRE);
  return big;
}

function exactCopy(input: Buffer): Buffer {
  // Buffer.alloc never hands out a slice of the shared pool: the input is the whole ArrayBuffer.
  const c = Buffer.alloc(input.length);
  input.copy(c);
  return c;
}

function checkError(r: DecodeResult, start: number, end: number): string | undefined {
  if (r.ok) return undefined;
  const e = r.error;
  if (!e || typeof e !== 'object') return 'error is not an object';
  if (!CODES.has(e.code)) return `unknown error code ${String(e.code)}`;
  if (typeof e.message !== 'string' || /internal/i.test(e.message)) return `internal error: ${e.message}`;
  if (typeof e.field !== 'string' || !e.field) return 'error names no field';
  // A truncated field may be named at its would-be offset past the end; any other fault was read, so it lies inside.
  const hi = e.code === 'truncated' ? start + 0x10000 : end;
  if (!Number.isInteger(e.offset) || e.offset < start || e.offset > hi) return `error offset ${e.offset} outside [${start}, ${hi}] (${e.message})`;
  if (!e.ofError || !Number.isInteger(e.ofError.type) || !Number.isInteger(e.ofError.code)) return 'error has no OpenFlow error type/code';
  if (!Number.isInteger(r.size) || r.size < 0) return `bad size ${r.size}`;
  return undefined;
}

/** The error the spec names for faults of the header itself, or undefined when the header is fine. */
export function expectedHeaderError(b: Buffer): { code: string; of: [number, number] } | undefined {
  if (b.length < 8) return { code: 'truncated', of: [1, 6] };
  if (b.readUInt16BE(2) < 8) return { code: 'bad_length', of: [1, 6] };
  const s = schemaFor(b[0]!);
  if (!s) return { code: 'bad_version', of: [1, 0] };
  if (!s.message.variants.has(b[1]!) && !s.message.fallback) return { code: 'unknown_type', of: [1, 1] };
  return undefined;
}

function safe<T>(f: () => T): { ok: true; v: T } | { ok: false; e: unknown } {
  try {
    return { ok: true, v: f() };
  } catch (e) {
    return { ok: false, e };
  }
}

function errText(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}

/** Snapshot of a bound view: every getter's value (iterables expanded, nested views read). */
function snapshotView(v: object, getters: readonly string[], depth = 0): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const g of getters) out[g] = expand((v as Record<string, unknown>)[g], depth);
  return out;
}

/**
 * Getters named xxxOffset are absolute positions in the bound buffer: make
 * them relative to the message start, and check that every xxxOffset /
 * xxxLength pair stays inside the bound region.
 */
function relativeOffsets(snap: Record<string, unknown>, off: number, len: number, depth = 0): string | undefined {
  for (const [k, x] of Object.entries(snap)) {
    if (depth < 6 && x && typeof x === 'object' && !(x instanceof Uint8Array)) {
      const items = Array.isArray(x) ? x : [x];
      for (const it of items) {
        if (it && typeof it === 'object' && !(it instanceof Uint8Array)) {
          const r = relativeOffsets(it as Record<string, unknown>, off, len, depth + 1);
          if (r) return `${k}.${r}`;
        }
      }
      continue;
    }
    if (!/Offset$/.test(k) || typeof x !== 'number') continue;
    const rel = x - off;
    snap[k] = rel;
    const l = snap[k.replace(/Offset$/, 'Length')];
    if (rel < 0 || rel > len || (typeof l === 'number' && (l < 0 || rel + l > len))) {
      return `${k}=${rel}${typeof l === 'number' ? ` with length ${l}` : ''} is outside the ${len}-byte input`;
    }
  }
  return undefined;
}

function expand(x: unknown, depth: number): unknown {
  if (x === null || typeof x !== 'object' || x instanceof Uint8Array) return x;
  if (depth > 3) return '<deep>';
  if (typeof (x as { [Symbol.iterator]?: unknown })[Symbol.iterator] === 'function') {
    const items: unknown[] = [];
    for (const it of x as Iterable<unknown>) {
      items.push(expand(it, depth + 1));
      if (items.length > 70000) throw new Error('iterator yields more than 70000 items');
    }
    return items;
  }
  const proto = Object.getPrototypeOf(x);
  if (proto && proto !== Object.prototype) {
    const gs = gettersOf(proto);
    if (gs.length) return snapshotView(x, gs, depth + 1);
  }
  return x;
}

/**
 * The view methods that take arguments, exercised the way the controller
 * uses them: the OXM walk (oxmFirst/oxmNext, every TLV must lie inside the
 * message and the walk must end), findOxm for every basic field, and
 * port(i, into) for every port (and false just outside the range).
 */
function exerciseMethods(v: Record<string, any>, helper: object | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (typeof v['oxmFirst'] === 'function' && typeof v['oxmNext'] === 'function') {
    const tlvs: { tlvOffset: number; tlvLength: number }[] = [];
    const buf = v['buf'] as Buffer;
    for (let at = v['oxmFirst']() as number; at >= 0; at = v['oxmNext'](at) as number) {
      if (tlvs.length > 70000) throw new Error('oxmNext walk does not end');
      tlvs.push({ tlvOffset: at, tlvLength: 4 + (buf[at + 3] ?? 0) });
    }
    out['oxmWalk'] = tlvs;
  }
  if (typeof v['findOxm'] === 'function') {
    const found: { valueOffset: number }[] = [];
    for (let f = 0; f < 40; f++) {
      const r = v['findOxm'](f) as number;
      if (r >= 0) found.push({ valueOffset: r });
    }
    out['findOxm'] = found;
  }
  if (typeof v['port'] === 'function' && helper) {
    const gs = gettersOf(Object.getPrototypeOf(helper));
    if (v['port'].length >= 2) {
      const n = Math.min(Number(v['portCount'] ?? 0), 2000);
      const ports: unknown[] = [];
      for (let i = 0; i < n; i++) {
        if (v['port'](i, helper) !== true) throw new Error(`port(${i}) is false with portCount ${n}`);
        ports.push(snapshotView(helper, gs));
      }
      if (v['port'](n, helper) !== false || v['port'](-1, helper) !== false) throw new Error('port() out of range is not false');
      out['ports'] = ports;
    } else {
      v['port'](helper);
      out['port'] = snapshotView(helper, gs);
    }
  }
  return out;
}

function viewCheck(t: ViewTarget, input: Buffer, decoded: DecodeResult): Failure | undefined {
  const v = t.make();
  const exact = exactCopy(input);
  const forms: string[] = [];
  for (const [buf, off] of [[exact, 0], [embed(input, 0x00), PRE], [embed(input, 0xff), PRE]] as const) {
    const b = safe(() => v.bind(buf, off, input.length));
    if (!b.ok) return { property: 'no-throw', detail: `${t.name}.bind threw ${errText(b.e)}` };
    if (b.v !== null && b.v !== undefined) {
      const e = b.v as { code?: unknown; offset?: unknown; ofError?: unknown; message?: unknown };
      if (!CODES.has(String(e.code)) || typeof e.offset !== 'number' || !e.ofError) {
        return { property: 'error-shape', detail: `${t.name}.bind returned ${JSON.stringify(b.v)}` };
      }
      // Not its message type/version is fine; a length fault in a message the generic decoder accepts is not.
      if (decoded.ok && e.code !== 'unknown_type' && e.code !== 'bad_version') {
        return { property: 'view-agrees', detail: `${t.name}.bind rejects a message decodeMessage accepts: ${String(e.message)}` };
      }
      forms.push(`err ${String(e.code)} ${(e.offset as number) - off}`);
      // Another type or version: the sentinel copies would be rejected the same way (checked on a sample).
      if (off === 0 && (e.code === 'unknown_type' || e.code === 'bad_version') && (input.length & 7) !== 0) return undefined;
      continue;
    }
    const snap = safe(() => ({ ...snapshotView(v, t.getters), ...exerciseMethods(v as Record<string, any>, t.helper) }));
    if (!snap.ok) return { property: 'no-throw', detail: `${t.name} getter threw ${errText(snap.e)}` };
    const out = bytesOutside(snap.v, buf, off, off + input.length) ?? relativeOffsets(snap.v, off, input.length);
    if (out) return { property: 'no-read-past-end', detail: `${t.name}: ${out}` };
    forms.push(`ok ${json(snap.v)}`);
    if (off === 0 && decoded.ok) {
      // Differential check: a getter and the decoded field of the same name (bufferId ↔ buffer_id) agree.
      for (const [k, x] of Object.entries(snap.v)) {
        const d = (decoded.value as Record<string, unknown>)[k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)];
        if ((typeof x === 'number' || typeof x === 'bigint') && typeof d === typeof x && d !== x) {
          return { property: 'view-agrees', detail: `${t.name}.${k} is ${String(x)}, decodeMessage says ${String(d)}` };
        }
      }
    }
  }
  if (forms[0] !== forms[1] || forms[1] !== forms[2]) {
    return { property: 'no-read-past-end', detail: `${t.name}: result depends on bytes outside the input:\n  exact ${forms[0]}\n  0x00  ${forms[1]}\n  0xff  ${forms[2]}` };
  }
  return undefined;
}

export interface CheckOptions {
  /** Also run every view on the input (the slowest part). */
  views?: boolean;
  /** Embed in sentinel 0x00 and 0xff buffers (default), or only one of them, picked by input length (long runs). */
  oneSentinel?: boolean;
  /** Also run the cheap-but-not-free extras (toJSON, decodeStream); default on. */
  extras?: boolean;
  /** Counts inputs that decoded successfully (how deep the fuzzing goes). */
  tally?: { ok: number };
}

/** Check one input against every property; returns the first failure. */
export function checkInput(input: Buffer, targets: Targets, opts: CheckOptions = {}): Failure | undefined {
  const exact = exactCopy(input);
  const r0 = safe(() => decodeMessage(exact));
  if (!r0.ok) return { property: 'no-throw', detail: `decodeMessage threw ${errText(r0.e)}` };
  const r = r0.v;
  const bad = checkError(r, 0, exact.length);
  if (bad) return { property: 'error-shape', detail: bad };
  // The compiled decoder against the interpreter it was generated from: same value, or the same error (code, field, offset, text).
  const ri = safe(() => decodeMessageInterpreted(exact));
  if (!ri.ok) return { property: 'no-throw', detail: `decodeMessageInterpreted threw ${errText(ri.e)}` };
  if (!isDeepStrictEqual(r, ri.v)) {
    return { property: 'compiled-agrees', detail: `compiled ${resultForm(r, 0).slice(0, 400)}\n  interpreter ${resultForm(ri.v, 0).slice(0, 400)}` };
  }
  if (r.ok) {
    if (opts.tally) opts.tally.ok++;
    if (r.size < 8 || r.size > exact.length) return { property: 'framing', detail: `ok with size ${r.size} for ${exact.length} input bytes` };
    const out = bytesOutside(r.value, exact, 0, r.size);
    if (out) return { property: 'no-read-past-end', detail: `exact copy: ${out}` };
  }
  const exp = expectedHeaderError(exact);
  if (exp && (r.ok || r.error.code !== exp.code || r.error.ofError.type !== exp.of[0] || r.error.ofError.code !== exp.of[1])) {
    return { property: 'spec-error', detail: `expected ${exp.code} ${exp.of.join('/')}, got ${r.ok ? 'ok' : `${r.error.code} ${r.error.ofError.type}/${r.error.ofError.code}`}` };
  }
  const fills = opts.oneSentinel ? [exact.length & 1 ? 0xff : 0x00] : [0x00, 0xff];
  for (const fill of fills) {
    const big = embed(exact, fill);
    const e0 = safe(() => decodeMessage(big, PRE, PRE + exact.length));
    if (!e0.ok) return { property: 'no-throw', detail: `decodeMessage (embedded) threw ${errText(e0.e)}` };
    const e = e0.v;
    const bad2 = checkError(e, PRE, PRE + exact.length);
    if (bad2) return { property: 'error-shape', detail: `embedded: ${bad2}` };
    if (e.ok) {
      const out = bytesOutside(e.value, big, PRE, PRE + e.size);
      if (out) return { property: 'no-read-past-end', detail: `embedded (fill 0x${fill.toString(16)}): ${out}` };
    }
    if (!sameResult(r, e, PRE)) {
      const form0 = resultForm(r, 0);
      const f = resultForm(e, PRE);
      return { property: 'no-read-past-end', detail: `decoding in a larger buffer (fill 0x${fill.toString(16)}) differs from the exact copy:\n  exact    ${form0.slice(0, 400)}\n  embedded ${f.slice(0, 400)}` };
    }
  }
  if (r.ok) {
    if (opts.extras !== false) {
      const j = safe(() => toJSONValue(r.value));
      if (!j.ok) return { property: 'no-throw', detail: `toJSON threw ${errText(j.e)}` };
    }
    const enc = tryEncodeMessage(r.value);
    if (!enc.ok) return { property: 'round-trip', detail: `decoded value does not re-encode: ${enc.error.message}` };
    const encI = safe(() => encodeMessageInterpreted(r.value));
    if (!encI.ok || !encI.v.equals(enc.bytes)) {
      return { property: 'compiled-agrees', detail: `compiled encoder wrote ${enc.bytes.toString('hex')}, the interpreter ${encI.ok ? encI.v.toString('hex') : errText(encI.e)}` };
    }
    const r2 = decodeMessage(enc.bytes);
    if (!r2.ok) return { property: 'round-trip', detail: `re-encoded bytes do not decode: ${r2.error.message}\n  bytes ${enc.bytes.toString('hex')}` };
    if (!same(r.value, r2.value)) {
      return { property: 'round-trip', detail: `re-encoded value differs:\n  first  ${json(r.value).slice(0, 600)}\n  second ${json(r2.value).slice(0, 600)}` };
    }
  }
  if (opts.extras !== false) {
    const st = safe(() => decodeStream(Buffer.concat([exact, exact])));
    if (!st.ok) return { property: 'no-throw', detail: `decodeStream threw ${errText(st.e)}` };
  }
  if (opts.views !== false) {
    for (const t of targets.views) {
      const f = viewCheck(t, exact, r);
      if (f) return f;
    }
    const f = frameLocatorCheck(exact);
    if (f) return f;
  }
  return undefined;
}

const LOCATORS = [
  { name: 'packetInFrame10', at: packetInFrame10, view: new PacketIn10View() },
  { name: 'packetInFrame13', at: packetInFrame13, view: new PacketIn13View() },
];
/** The prefetch frame locators (App.warm): never throw, -1 or an offset inside the input, the view's dataOffset when it binds. */
function frameLocatorCheck(input: Buffer): Failure | undefined {
  for (const l of LOCATORS) {
    const r = safe(() => l.at(input, 0, input.length));
    if (!r.ok) return { property: 'no-throw', detail: `${l.name} threw ${errText(r.e)}` };
    if (r.v !== -1 && !(r.v >= 0 && r.v <= input.length)) return { property: 'no-read-past-end', detail: `${l.name} gave ${r.v} for ${input.length} bytes` };
    if (l.view.bind(input, 0, input.length) === null && r.v !== l.view.dataOffset) {
      return { property: 'view-agrees', detail: `${l.name} gave ${r.v}, the view's dataOffset is ${l.view.dataOffset}` };
    }
  }
  return undefined;
}

/** A classic pcap file holding `payload` as Ethernet/IPv4/TCP segments (at most 16 KiB each) to port 6653. */
export function pcapOf(payload: Buffer): Buffer {
  const g = Buffer.alloc(24);
  g.writeUInt32LE(0xa1b2c3d4, 0); g.writeUInt16LE(2, 4); g.writeUInt16LE(4, 6); g.writeUInt32LE(65535, 16); g.writeUInt32LE(1, 20);
  const parts: Buffer[] = [g];
  const SEG = 16384;
  for (let at = 0; at < payload.length || at === 0; at += SEG) {
    const chunk = payload.subarray(at, at + SEG);
    const frame = Buffer.alloc(14 + 20 + 20);
    frame.writeUInt16BE(0x0800, 12);
    const ip = 14;
    frame[ip] = 0x45; frame.writeUInt16BE(20 + 20 + chunk.length, ip + 2); frame[ip + 8] = 64; frame[ip + 9] = 6;
    frame.writeUInt32BE(0x7f000001, ip + 12); frame.writeUInt32BE(0x7f000001, ip + 16);
    const tcp = ip + 20;
    frame.writeUInt16BE(40000, tcp); frame.writeUInt16BE(6653, tcp + 2); frame.writeUInt32BE(1 + at, tcp + 4);
    frame[tcp + 12] = 0x50; frame[tcp + 13] = 0x18; frame.writeUInt16BE(65535, tcp + 14);
    const rec = Buffer.alloc(16);
    const n = frame.length + chunk.length;
    rec.writeUInt32LE(1, 0); rec.writeUInt32LE(at, 4); rec.writeUInt32LE(n, 8); rec.writeUInt32LE(n, 12);
    parts.push(rec, frame, chunk);
    if (payload.length === 0) break;
  }
  return Buffer.concat(parts);
}

/** The CLI decode paths: the stream decoder must never throw; the pcap reader only with its bad-capture error. */
export async function checkCli(input: Buffer, targets: Targets, pcapDamage?: (b: Buffer) => Buffer): Promise<Failure | undefined> {
  if (targets.cliDecode) {
    try {
      const rc = await targets.cliDecode.fn(exactCopy(input));
      if (rc !== 0 && rc !== 1) return { property: 'cli', detail: `${targets.cliDecode.name} returned ${String(rc)}` };
    } catch (e) {
      return { property: 'no-throw', detail: `cli ${targets.cliDecode.name} threw ${errText(e)}` };
    }
  }
  if (targets.cliPcap) {
    let file = pcapOf(input);
    if (pcapDamage) file = pcapDamage(file);
    try {
      await targets.cliPcap.fn(file);
    } catch (e) {
      if (!(targets.cliPcap.allowed && e instanceof targets.cliPcap.allowed)) {
        return { property: 'no-throw', detail: `cli ${targets.cliPcap.name} threw ${errText(e)} on a ${file.length}-byte capture`, artifact: file };
      }
    }
  }
  return undefined;
}
