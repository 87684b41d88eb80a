/** Statistics and report lines in cbench's formats (plus latency percentiles and generator CPU). */

export interface Summary { n: number; min: number; max: number; avg: number; stdev: number }

/** min/max/avg and population standard deviation, as cbench computes them. */
export function summarize(values: readonly number[]): Summary {
  const n = values.length;
  if (n === 0) return { n: 0, min: 0, max: 0, avg: 0, stdev: 0 };
  let min = Infinity, max = -Infinity, sum = 0;
  for (const v of values) { if (v < min) min = v; if (v > max) max = v; sum += v; }
  const avg = sum / n;
  let sq = 0;
  for (const v of values) sq += (v - avg) * (v - avg);
  return { n, min, max, avg, stdev: Math.sqrt(sq / n) };
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/**
 * Round-trip times in 1 µs bins up to 100 ms (above: the last bin). Fixed
 * memory, no per-sample allocation.
 */
export class LatencyHistogram {
  static readonly BINS = 100_000;
  readonly bins = new Uint32Array(LatencyHistogram.BINS);
  count = 0;
  add(micros: number): void {
    let i = Math.floor(micros);
    if (i < 0) i = 0; else if (i >= LatencyHistogram.BINS) i = LatencyHistogram.BINS - 1;
    this.bins[i]!++;
    this.count++;
  }
  merge(o: LatencyHistogram): void {
    for (let i = 0; i < LatencyHistogram.BINS; i++) this.bins[i]! += o.bins[i]!;
    this.count += o.count;
  }
  reset(): void { this.bins.fill(0); this.count = 0; }
  /** The q-quantile (0..1) in µs (bin's upper edge); NaN when empty. */
  quantile(q: number): number {
    if (this.count === 0) return NaN;
    const rank = Math.max(1, Math.ceil(q * this.count));
    let seen = 0;
    for (let i = 0; i < LatencyHistogram.BINS; i++) {
      seen += this.bins[i]!;
      if (seen >= rank) return i + 1;
    }
    return LatencyHistogram.BINS;
  }
}

const two = (n: number, w = 2): string => String(n).padStart(w, '0');

/** cbench's per-test line: `HH:MM:SS.mmm 16  switches: flows/sec:  c1  c2 ...  total = X per ms `. */
export function progressLine(at: Date, counts: readonly number[], perMs: number): string {
  const t = `${two(at.getHours())}:${two(at.getMinutes())}:${two(at.getSeconds())}.${two(at.getMilliseconds(), 3)}`;
  let s = `${t} ${String(counts.length).padEnd(3)} switches: flows/sec:  `;
  for (const c of counts) s += `${c}  `;
  return `${s} total = ${perMs.toFixed(6)} per ms `;
}

/** cbench's summary line. */
export function resultLine(switches: number, s: Summary): string {
  return `RESULT: ${switches} switches ${s.n} tests min/max/avg/stdev = ${s.min.toFixed(2)}/${s.max.toFixed(2)}/${s.avg.toFixed(2)}/${s.stdev.toFixed(2)} responses/s`;
}

export interface ParsedResult { switches: number; tests: number; min: number; max: number; avg: number; stdev: number }

/** Parse a RESULT line (ours or real cbench's); null when none is in `text`. */
export function parseResult(text: string): ParsedResult | null {
  const m = /RESULT: (\d+) switches (\d+) tests min\/max\/avg\/stdev = ([\d.]+)\/([\d.]+)\/([\d.]+)\/([\d.]+|nan|-nan) responses\/s/.exec(text);
  if (!m) return null;
  return { switches: +m[1]!, tests: +m[2]!, min: +m[3]!, max: +m[4]!, avg: +m[5]!, stdev: Number(m[6]) };
}

export function latencyLine(h: LatencyHistogram): string {
  return `LATENCY: round trip p50/p90/p99 = ${h.quantile(0.5)}/${h.quantile(0.9)}/${h.quantile(0.99)} us over ${h.count} probes`;
}

export function parseLatency(text: string): { p50: number; p90: number; p99: number; n: number } | null {
  const m = /LATENCY: round trip p50\/p90\/p99 = (\d+)\/(\d+)\/(\d+) us over (\d+) probes/.exec(text);
  return m ? { p50: +m[1]!, p90: +m[2]!, p99: +m[3]!, n: +m[4]! } : null;
}

export function cpuLine(userUs: number, systemUs: number, wallMs: number): string {
  const pct = wallMs > 0 ? ((userUs + systemUs) / 1000 / wallMs) * 100 : 0;
  return `LOADGEN: cpu ${pct.toFixed(1)}% of one core (user ${(userUs / 1e6).toFixed(2)} s, sys ${(systemUs / 1e6).toFixed(2)} s over ${(wallMs / 1000).toFixed(2)} s of counted tests)`;
}

export function parseCpu(text: string): number | null {
  const m = /LOADGEN: cpu ([\d.]+)% of one core/.exec(text);
  return m ? +m[1]! : null;
}
