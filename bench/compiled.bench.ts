/**
 * The compiled codec against the interpreter it was generated from, against
 * a build of an older main (its interpreter, as it shipped), and against the
 * hand-written views and writers, all in one tinybench run so the ratios
 * compare like with like.
 *
 *   npm run build && npm run bench:compiled [-- time-ms BASE]
 *   BASE: a checkout of another commit, built (e.g. `git worktree add /tmp/base 1b15d89`,
 *   `cd /tmp/base && ln -s $PWD/node_modules . && npx tsc -p tsconfig.json`); its dist/codec is loaded.
 *
 * Cases: the four of `npm run bench` (PACKET_IN decode 1.0/1.3, FLOW_MOD
 * encode 1.0/1.3), a 1.3 FLOW_MOD with an OXM match and instructions (Ryu's
 * libofproto sample) both ways, a 1.3 flow-stats reply with 50 entries and a
 * 1.0 FEATURES_REPLY with 48 ports (real bytes from Open vSwitch:
 * fixtures/bench/capture.sh), and every valid fixture of both versions
 * (a few hundred real messages of every type) decoded and re-encoded.
 */
import { Bench } from 'tinybench';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  decodeMessage, decodeMessageInterpreted, encodeMessage, encodeMessageInterpreted, encodeMessageInto, type Message,
} from '../codec/message.js';
import '../codec/index.js';
import * as hot from '../codec/hot.js';
import { FIXTURES, listFixtures } from '../test/support/fixtures.js';
import { handWriters, obj10, obj13 } from './flow-mod-inputs.js';

const time = Number(process.argv[2] ?? 1500);
const basePath = process.argv[3];

interface CodecApi {
  decodeMessage(b: Buffer): { ok: boolean; value?: unknown };
  encodeMessage(v: Record<string, unknown>): Buffer;
}
const main: CodecApi | undefined = basePath ? ((await import(join(basePath, 'dist/codec/index.js'))) as CodecApi) : undefined;

// ---- inputs -----------------------------------------------------------------------------------
const frame = Buffer.from(
  '80000000000100000000000208004500003200000000ff11000000000000000000000000000000000000000000000000000000000000000000000000000000000000',
  'hex',
).subarray(0, 64);
const pin10 = encodeMessage({ version: 1, type: 'OFPT_PACKET_IN', xid: 0, buffer_id: 1, total_len: 64, in_port: 1, reason: 0, data: frame });
const pin13 = listFixtures('of13').find((f) => f.id.startsWith('of13/ovs/') && /PACKET_IN/.test(f.id) && !f.truncated)!.bytes;
const flowMod13Oxm = readFileSync(join(FIXTURES, 'of13/ryu/libofproto-OFP13-flow_mod.packet'));
const flowStats50 = readFileSync(join(FIXTURES, 'bench/of13-flow-stats-reply-50-flows.packet'));
const features48 = readFileSync(join(FIXTURES, 'bench/of10-features-reply-48-ports.packet'));
const all = [...listFixtures('of10'), ...listFixtures('of13')].map((f) => f.bytes).filter((b) => decodeMessageInterpreted(b).ok);
const allValues = all.map((b) => (decodeMessageInterpreted(b) as { value: Message }).value);

function value(b: Buffer): Message {
  const r = decodeMessageInterpreted(b);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

let sink = 0;
type Dec = (b: Buffer) => { ok: boolean; value?: unknown };

// ---- decode work: the same useful work on every path ----------------------------------------------
const v10 = new hot.PacketIn10View();
const v13 = new hot.PacketIn13View();
function viewWork(v: hot.PacketIn, b: Buffer): void {
  if (v.bind(b, 0, b.length) !== null) throw new Error('bind failed');
  sink = (sink + v.bufferId + v.inPort + v.totalLen + v.dataLength + hot.macKey(v.buf, v.dataOffset)) | 0;
}
function objectWork10(dec: Dec, b: Buffer): void {
  const m = dec(b).value as Record<string, unknown>;
  const data = m['data'] as Buffer;
  sink = (sink + (m['buffer_id'] as number) + (m['in_port'] as number) + (m['total_len'] as number) + data.length + hot.macKey(data, 0)) | 0;
}
function objectWork13(dec: Dec, b: Buffer): void {
  const m = dec(b).value as Record<string, unknown>;
  const data = m['data'] as Buffer;
  const inPort = ((m['match'] as { oxm_fields: { field: string; value: number }[] }).oxm_fields.find((f) => f.field === 'OFPXMT_OFB_IN_PORT')?.value) ?? 0;
  sink = (sink + (m['buffer_id'] as number) + inPort + (m['total_len'] as number) + data.length + hot.macKey(data, 0)) | 0;
}
function decodeOnly(dec: Dec, b: Buffer): void {
  const r = dec(b);
  if (!r.ok) throw new Error('decode failed');
  sink = (sink + 1) | 0;
}
/** Every port field of a 1.0 FEATURES_REPLY, through the view. */
const fr = new hot.FeaturesReply10View();
const port = new hot.PhyPort10View();
function featuresView(b: Buffer): void {
  if (fr.bind(b, 0, b.length) !== null) throw new Error('bind failed');
  let s = fr.nBuffers + fr.nTables + fr.capabilities + fr.actions + fr.datapathIdLo;
  for (let i = 0; fr.port(i, port); i++) {
    s += port.portNo + hot.macKey(port.buf, port.hwAddrOffset) + port.name.length + port.config + port.state + port.curr + port.advertised + port.supported + port.peer;
  }
  sink = (sink + s) | 0;
}
function decodeAll(dec: Dec): void {
  for (let i = 0; i < all.length; i++) if (!dec(all[i]!).ok) throw new Error('decode failed');
}

// ---- encode work ------------------------------------------------------------------------------
const out = new hot.OutBuffer(64 * 1024);
/** The caller's buffer of `encodeMessageInto`: written from offset 0 each time, as the writers write into `out`. */
const into = Buffer.alloc(64 * 1024);
const { writer10, writer13 } = handWriters(out);
const fm13 = value(flowMod13Oxm);
type Enc = (v: Record<string, unknown>) => Buffer;
function encodeAll(enc: Enc): void {
  for (let i = 0; i < allValues.length; i++) sink = (sink + enc(allValues[i]!).length) | 0;
}

// Every path must produce the same bytes / values, or the comparison means nothing.
function check(): void {
  out.reset();
  writer10();
  if (!Buffer.from(out.bytes()).equals(encodeMessage(obj10))) throw new Error('1.0 FLOW_MOD: writer and encodeMessage disagree');
  out.reset();
  writer13();
  if (!Buffer.from(out.bytes()).equals(encodeMessage(obj13))) throw new Error('1.3 FLOW_MOD: writer and encodeMessage disagree');
  out.reset();
  for (const v of [obj10, obj13]) if (!into.subarray(0, encodeMessageInto(v, into, 0)).equals(encodeMessage(v))) throw new Error('encodeMessageInto differs');
  for (const b of [...all, flowStats50, features48]) {
    if (!encodeMessage(value(b)).equals(b) || !encodeMessageInterpreted(value(b)).equals(b)) throw new Error('re-encoding differs');
    if (!into.subarray(0, encodeMessageInto(value(b), into, 0)).equals(b)) throw new Error('encodeMessageInto differs');
  }
}
/** Whether the older main re-encodes every fixture (it predates the Open vSwitch dialect, so it may not). */
function mainEncodesAll(): boolean {
  if (!main) return false;
  for (const b of all) {
    try {
      if (!main.encodeMessage(value(b)).equals(b)) return false;
    } catch {
      return false;
    }
  }
  return true;
}
check();

interface Case { name: string; paths: Partial<Record<'interpreter' | 'compiled' | 'into' | 'main' | 'hand', () => void>> }
const cDec: Dec = (b) => decodeMessage(b);
const iDec: Dec = (b) => decodeMessageInterpreted(b);
const mDec: Dec | undefined = main ? (b) => main.decodeMessage(b) : undefined;
function decodeCase(name: string, work: (dec: Dec) => void, hand?: () => void): Case {
  return {
    name,
    paths: {
      interpreter: () => work(iDec), compiled: () => work(cDec),
      ...(mDec ? { main: () => work(mDec) } : {}), ...(hand ? { hand } : {}),
    },
  };
}
function encodeCase(name: string, v: Record<string, unknown>, hand?: () => void): Case {
  return {
    name,
    paths: {
      interpreter: () => { sink = (sink + encodeMessageInterpreted(v).length) | 0; },
      compiled: () => { sink = (sink + encodeMessage(v).length) | 0; },
      into: () => { sink = (sink + encodeMessageInto(v, into, 0)) | 0; },
      ...(main ? { main: () => { sink = (sink + main.encodeMessage(v).length) | 0; } } : {}),
      ...(hand ? { hand } : {}),
    },
  };
}
const cases: Case[] = [
  decodeCase('1.0 PACKET_IN decode', (d) => objectWork10(d, pin10), () => viewWork(v10, pin10)),
  decodeCase('1.3 PACKET_IN decode', (d) => objectWork13(d, pin13), () => viewWork(v13, pin13)),
  encodeCase('1.0 FLOW_MOD encode', obj10, writer10),
  encodeCase('1.3 FLOW_MOD encode', obj13, writer13),
  decodeCase('1.3 FLOW_MOD, OXM match + instructions, decode', (d) => decodeOnly(d, flowMod13Oxm)),
  encodeCase('1.3 FLOW_MOD, OXM match + instructions, encode', fm13),
  decodeCase('1.3 flow-stats reply, 50 entries, decode', (d) => decodeOnly(d, flowStats50)),
  encodeCase('1.3 flow-stats reply, 50 entries, encode', value(flowStats50)),
  decodeCase('1.0 FEATURES_REPLY, 48 ports, decode', (d) => decodeOnly(d, features48), () => featuresView(features48)),
  decodeCase(`all ${all.length} valid fixtures, decode (per message)`, (d) => decodeAll(d)),
  {
    name: `all ${all.length} valid fixtures, encode (per message)`,
    paths: {
      interpreter: () => encodeAll((v) => encodeMessageInterpreted(v)), compiled: () => encodeAll((v) => encodeMessage(v)),
      into: () => { for (let i = 0; i < allValues.length; i++) sink = (sink + encodeMessageInto(allValues[i]!, into, 0)) | 0; },
      ...(main && mainEncodesAll() ? { main: () => encodeAll((v) => main.encodeMessage(v)) } : {}),
    },
  },
];
const perCall = (name: string) => (name.startsWith('all ') ? all.length : 1);

/** Cheap operations are batched so a sample is not mostly the clock; the big ones are not. */
function batchFor(c: Case): number {
  return c.name.startsWith('all ') ? 1 : /50 entries|48 ports|OXM/.test(c.name) ? 20 : 200;
}
const ROUNDS = 5;
const samples = new Map<string, number[]>();
for (let r = 0; r < ROUNDS; r++) {
  const bench = new Bench({ time: time / ROUNDS, warmup: r === 0 });
  for (const c of cases) {
    const n = batchFor(c);
    for (const [path, f] of Object.entries(c.paths)) bench.add(`${c.name}|${path}`, () => { for (let i = 0; i < n; i++) f(); });
  }
  await bench.run();
  for (const t of bench.tasks) {
    const res = t.result as { period?: number } | undefined;
    if (!res || typeof res.period !== 'number') throw new Error(`no result for ${t.name}`);
    const c = cases.find((x) => t.name.startsWith(`${x.name}|`))!;
    const list = samples.get(t.name) ?? [];
    list.push((res.period * 1e6) / batchFor(c) / perCall(c.name));
    samples.set(t.name, list);
  }
}
function ns(name: string): number | undefined {
  const xs = [...(samples.get(name) ?? [])].sort((a, b) => a - b);
  return xs.length ? xs[xs.length >> 1] : undefined;
}
const f = (x: number | undefined) => (x === undefined ? '—' : x >= 100 ? x.toFixed(0) : x.toFixed(1));
console.log(`node ${process.version}, ${time} ms per task in ${ROUNDS} rounds, median ns/op${main ? `; main = ${basePath}` : ''}`);
console.log('| case | interpreter | compiled | compiled, into | main | hand-written | compiled vs interpreter | compiled vs main | compiled / hand-written |');
console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
let worstI = Infinity, worstH = 0;
for (const c of cases) {
  const i = ns(`${c.name}|interpreter`)!, k = ns(`${c.name}|compiled`)!, m = ns(`${c.name}|main`), h = ns(`${c.name}|hand`);
  // Encodes: the writers write into a caller's buffer, so the fair compiled figure is encodeMessageInto's.
  const into = ns(`${c.name}|into`);
  const kh = into ?? k;
  worstI = Math.min(worstI, i / k);
  if (h !== undefined) worstH = Math.max(worstH, kh / h);
  console.log(`| ${c.name} | ${f(i)} | ${f(k)} | ${f(into)} | ${f(m)} | ${f(h)} | ${(i / k).toFixed(1)}x | ${m === undefined ? '—' : `${(m / k).toFixed(1)}x`} | ${h === undefined ? '—' : `${(kh / h).toFixed(1)}x`} |`);
}
console.log(`\nsmallest compiled/interpreter ratio ${worstI.toFixed(1)}x (goal >= 10x); largest compiled/hand-written ${worstH.toFixed(1)}x (goal <= 4x)${sink === 0.5 ? '' : ''}`);
