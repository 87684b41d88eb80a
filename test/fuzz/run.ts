/**
 * The fuzz loop shared by the CI test (test/fuzz/codec.test.ts) and the long
 * run (bench/fuzz-long.ts). Input i of a run with seed S is a pure function
 * of (S, i, corpus), so `replay(S, i)` rebuilds it.
 */
import { performance } from 'node:perf_hooks';
import { Rng } from './prng.js';
import { captureFiles, loadCorpus, type Seed } from './corpus.js';
import { mutate } from './mutate.js';
import { checkCli, checkInput, loadTargets, type Failure, type Targets } from './properties.js';

export interface FoundFailure extends Failure {
  readonly index: number;
  readonly seedId: string;
  readonly how: readonly string[];
  readonly input: Buffer;
}

export interface RunStats {
  seed: number;
  inputs: number;
  corpus: number;
  views: string[];
  cliDecode?: string;
  decodedOk: number;
  failures: FoundFailure[];
  /** Distinct failures (property + detail with numbers removed) → count. */
  signatures: Map<string, number>;
  slowest: { ms: number; index: number; size: number };
  bytes: number;
  ms: number;
}

export interface RunOptions {
  seed: number;
  count: number;
  /** Keep at most this many failing inputs (all are counted). */
  keep?: number;
  /** Run the views on every Nth input only (they are the slow part); 1 = all. */
  viewEvery?: number;
  /** One sentinel fill per input instead of two (see CheckOptions). */
  oneSentinel?: boolean;
  /** Run toJSON and decodeStream on every Nth input (1 = all). */
  extrasEvery?: number;
  /** Run the CLI decode paths on every Nth input (0 = never). */
  cliEvery?: number;
  onProgress?: (s: RunStats) => void;
  progressEvery?: number;
  corpus?: Seed[];
  targets?: Targets;
}

function inputRng(seed: number, i: number): Rng {
  return new Rng((Math.imul(seed ^ 0x5bd1e995, 0x01000193) + Math.imul(i, 0x9e3779b1)) >>> 0);
}

/** Input i of the run with this seed over this corpus. */
export function makeInput(seed: number, i: number, corpus: readonly Seed[]): { seedId: string; how: string[]; bytes: Buffer } {
  const rng = inputRng(seed, i);
  let base = corpus[rng.int(corpus.length)]!;
  // Big seeds (multi-KiB multipart replies) cost 100x a small one: pick them a quarter as often.
  if (base.bytes.length > 4096 && rng.chance(0.75)) base = corpus[rng.int(corpus.length)]!;
  const other = corpus[rng.int(corpus.length)]!;
  // A few unmutated seeds too: valid messages must pass every property as well.
  if (rng.chance(0.03)) return { seedId: base.id, how: [], bytes: base.bytes };
  const m = mutate(rng, base.bytes, other.bytes);
  return { seedId: base.id, how: m.how, bytes: m.bytes };
}

export function signature(f: Failure): string {
  return `${f.property}: ${f.detail.split('\n')[0]!.replace(/\d+/g, 'N').replace(/'[^']*'/g, "'…'")}`;
}

export async function runFuzz(o: RunOptions): Promise<RunStats> {
  const corpus = o.corpus ?? loadCorpus(new Rng(o.seed));
  const targets = o.targets ?? (await loadTargets());
  const s: RunStats = {
    seed: o.seed, inputs: 0, corpus: corpus.length, views: targets.views.map((v) => v.name), decodedOk: 0,
    failures: [], signatures: new Map(), slowest: { ms: 0, index: -1, size: 0 }, bytes: 0, ms: 0,
    ...(targets.cliDecode ? { cliDecode: targets.cliDecode.name } : {}),
  };
  const keep = o.keep ?? 20;
  const captures = captureFiles();
  const viewEvery = o.viewEvery ?? 1;
  const cliEvery = o.cliEvery ?? 10;
  const extrasEvery = o.extrasEvery ?? 1;
  const tally = { ok: 0 };
  const t0 = performance.now();
  for (let i = 0; i < o.count; i++) {
    const inp = makeInput(o.seed, i, corpus);
    const a = performance.now();
    let f: Failure | undefined;
    try {
      f = checkInput(inp.bytes, targets, { views: i % viewEvery === 0, extras: i % extrasEvery === 0, oneSentinel: o.oneSentinel ?? false, tally });
      if (!f && cliEvery > 0 && i % cliEvery === 0) {
        const r = inputRng(o.seed ^ 0x7f4a7c15, i);
        const cap = captures.length && r.chance(0.3) ? r.pick(captures) : undefined;
        // The input wrapped in a capture, sometimes damaged; or a real capture file damaged.
        f = await checkCli(inp.bytes, targets, cap ? () => mutate(r, cap, cap).bytes : r.chance(0.3) ? (b) => mutate(r, b, b).bytes : undefined);
      }
    } catch (e) {
      // A fault of the harness itself: record it, keep going.
      f = { property: 'harness', detail: e instanceof Error ? `${e.name}: ${e.message}` : String(e) };
    }
    const ms = performance.now() - a;
    if (ms > s.slowest.ms) s.slowest = { ms, index: i, size: inp.bytes.length };
    s.inputs++;
    s.bytes += inp.bytes.length;
    if (f) {
      const sig = signature(f);
      const n = s.signatures.get(sig) ?? 0;
      s.signatures.set(sig, n + 1);
      if (n === 0 && s.failures.length < keep) s.failures.push({ ...f, index: i, seedId: inp.seedId, how: inp.how, input: inp.bytes });
    }
    if (o.onProgress && o.progressEvery && (i + 1) % o.progressEvery === 0) {
      s.decodedOk = tally.ok;
      s.ms = performance.now() - t0;
      o.onProgress(s);
    }
  }
  s.decodedOk = tally.ok;
  s.ms = performance.now() - t0;
  return s;
}

export function describe(f: FoundFailure): string {
  return `#${f.index} from ${f.seedId} via [${f.how.join(', ')}] — ${f.property}: ${f.detail}\n  input (${f.input.length} bytes): ${f.input.toString('hex').slice(0, 400)}`;
}
