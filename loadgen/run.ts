/**
 * The benchmark run, in cbench's order: connect the switches one by one
 * (`-i`/`-I` pacing), then run `loops` tests of `msPerTest` ms, each followed
 * by a 100 ms pause in which responses are no longer counted; print a
 * progress line per test and the RESULT line over the tests after warmup and
 * before cooldown. New: latency percentiles (latency mode) and the
 * generator's own CPU use over the counted tests. NODEFLOW_BENCH_DEBUG=1 prints
 * each switch's transmit state after every test (to tell a stalled controller
 * from a stalled generator).
 */
import { loadTlsMaterial } from '../controller/tls/files.js';
import { performance } from 'node:perf_hooks';
import { EmulatedSwitch } from './switch.js';
import { OF10, OF13 } from './profile.js';
import type { BenchOptions } from './options.js';
import { LatencyHistogram, cpuLine, latencyLine, progressLine, resultLine, summarize, type Summary } from './stats.js';

export interface BenchReport {
  switches: number;
  /** Responses/s of every test, warmup and cooldown included. */
  rates: number[];
  /** Responses counted in each test (all switches), warmup and cooldown included. */
  counts: number[];
  summary: Summary;
  /** Round trips of the counted tests (latency mode). */
  latency: { p50: number; p90: number; p99: number; n: number } | null;
  /** Generator CPU over the counted tests, % of one core. */
  cpuPercent: number;
  /** Event-loop turns spent polling during the tests (0 unless busy polling). */
  pollTurns: number;
}

export interface BenchIO {
  /** Progress and RESULT lines (stdout in the CLI). */
  out: (line: string) => void;
  /** Header and warnings (stderr in the CLI). */
  err: (line: string) => void;
}

const PAUSE_MS = 100;

/**
 * Keeps the event loop polling: while an immediate is pending, libuv polls
 * for I/O with a zero timeout instead of sleeping in epoll_wait, so a reply
 * is read as soon as it lands (cbench's busy loop, in event-loop form).
 */
class Spinner {
  private on = false;
  /** Loop turns spent polling (for the report). */
  turns = 0;
  private readonly tick = (): void => {
    this.turns++;
    if (this.on) setImmediate(this.tick);
  };
  start(): void {
    if (this.on) return;
    this.on = true;
    setImmediate(this.tick);
  }
  stop(): void {
    this.on = false;
  }
}
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export function headerText(o: BenchOptions): string {
  return [
    'nodeflow bench: controller benchmarking tool (cbench-compatible)',
    `   running in mode '${o.mode}'${o.protocol === '1.3' ? ' with OpenFlow 1.3 switches' : ''}`,
    `   connecting to controller at ${o.controller}:${o.port}${o.tls ? ' over TLS' : ''} `,
    `   faking${o.rangedTest ? ' from 1 to' : ''} ${o.switches} switches offset ${o.dpidOffset} :: ${o.loops} tests each; ${o.msPerTest} ms per test`,
    `   with ${o.macs} unique source MACs per switch`,
    `   ${o.learnDstMacs ? 'learning' : 'NOT learning'} destination mac addresses before the test`,
    `   starting test with ${o.delay} ms delay after features_reply`,
    `   ignoring first ${o.warmup} "warmup" and last ${o.cooldown} "cooldown" loops`,
    `   connection delay of ${o.connectDelay}ms per ${o.connectGroupSize} switch(es)`,
  ].join('\n');
}

/** Run the benchmark; resolves with one report per RESULT line (one, or one per switch count with -r). */
export async function runBench(o: BenchOptions, io: BenchIO): Promise<BenchReport[]> {
  io.err(headerText(o));
  const switches: EmulatedSwitch[] = [];
  const reports: BenchReport[] = [];
  const warn = (m: string): void => io.err(m);
  // cbench delays only the very first test of the run (it zeroes `delay` after it)
  const run = { delayPending: o.delay > 0 };
  // the files are read and checked once (a bad file fails before any switch connects)
  const tlsFiles = o.tls ? loadTlsMaterial(o.tls) : undefined;
  try {
    for (let i = 0; i < o.switches; i++) {
      if (o.connectDelay !== 0 && i !== 0 && i % o.connectGroupSize === 0) await sleep(o.connectDelay);
      const sw = new EmulatedSwitch({
        dpid: o.dpidOffset + i, mode: o.mode, macs: o.macs, learnDstMacs: o.learnDstMacs, delay: o.delay, warn,
        profile: o.protocol === '1.3' ? OF13 : OF10,
        ...(tlsFiles ? { tls: { cert: tlsFiles.cert, key: tlsFiles.key, ca: tlsFiles.ca } } : {}),
      });
      try {
        await sw.connect(o.controller, o.port);
      } catch (e) {
        throw new Error(`switch ${i + 1}: cannot connect to ${o.controller}:${o.port}: ${(e as Error).message}`);
      }
      switches.push(sw);
      if (!o.rangedTest && i + 1 !== o.switches) continue;
      reports.push(await runTests(o, switches, io, run));
    }
  } finally {
    for (const sw of switches) sw.close();
  }
  return reports;
}

async function runTests(o: BenchOptions, active: EmulatedSwitch[], io: BenchIO, run: { delayPending: boolean }): Promise<BenchReport> {
  const rates: number[] = [];
  const totals: number[] = [];
  const hist = new LatencyHistogram();
  let cpuUs = 0, cpuUser = 0, cpuSys = 0, cpuWall = 0;
  for (const sw of active) if (sw.probesSent === 0) sw.hello();
  const spinner = new Spinner();
  try {
    for (let j = 0; j < o.loops; j++) {
      if (o.mode === 'latency' && o.busyPoll) spinner.start();
      await oneTest(j);
      spinner.stop();
      await sleep(PAUSE_MS);
    }
  } finally {
    spinner.stop();
  }
  async function oneTest(j: number): Promise<void> {
    const delay = run.delayPending ? o.delay : 0;
    run.delayPending = false;
    const counted = j >= o.warmup && j < o.loops - o.cooldown;
    for (const sw of active) sw.hist.reset();
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    for (const sw of active) sw.startTest();
    await sleep(o.msPerTest + delay);
    const t1 = performance.now();
    const counts = active.map((sw) => sw.endTest());
    const cpu = process.cpuUsage(cpu0);
    const at = new Date();
    const dead = active.find((sw) => sw.closed);
    if (dead) throw new Error(`switch ${dead.dpid}: ${dead.closeReason}`);
    const passed = t1 - t0 - delay;
    let sum = 0;
    for (const c of counts) sum += c;
    const perMs = sum / passed;
    rates.push(perMs * 1000);
    totals.push(sum);
    let line = progressLine(at, counts, perMs);
    if (o.mode === 'latency') {
      const h = new LatencyHistogram();
      for (const sw of active) h.merge(sw.hist);
      if (counted) hist.merge(h);
      if (o.percentiles) line += ` p50/p90/p99 = ${h.quantile(0.5)}/${h.quantile(0.9)}/${h.quantile(0.99)} us`;
    }
    io.out(line);
    if (process.env['NODEFLOW_BENCH_DEBUG']) for (const sw of active) io.err(sw.debugState());
    if (counted) { cpuUser += cpu.user; cpuSys += cpu.system; cpuUs += cpu.user + cpu.system; cpuWall += t1 - t0; }
  }
  const kept = rates.slice(o.warmup, o.loops - o.cooldown);
  const summary = summarize(kept);
  io.out(resultLine(active.length, summary));
  let latency: BenchReport['latency'] = null;
  if (o.mode === 'latency') {
    latency = { p50: hist.quantile(0.5), p90: hist.quantile(0.9), p99: hist.quantile(0.99), n: hist.count };
    io.out(latencyLine(hist));
  }
  io.out(cpuLine(cpuUser, cpuSys, cpuWall));
  return { switches: active.length, rates, counts: totals, summary, latency, cpuPercent: cpuWall > 0 ? (cpuUs / 1000 / cpuWall) * 100 : 0, pollTurns: spinner.turns };
}

