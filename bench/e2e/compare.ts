/**
 * End-to-end controller comparison, cbench-style.
 *
 *   node dist/bench/e2e/compare.js [--cbench /path/to/cbench] [--runs 3] [--loops 6] [--ms 1000] [--warmup 2]
 *                                 [--controllers nodeflow,nodeflow-poll,trivial,ovs[,trivial-each,trivial-output,base]]
 *                                 [--scenarios throughput,latency16,latency1[,throughput1k]] [--macs N]
 *                                 [--generators nodeflow-bench,cbench] [--base DIST] [--pin]
 *                                 [--dist dist] [--json results.json]
 *   node dist/bench/e2e/compare.js --smoke      (a few seconds: trivial responder, our generator, one short run)
 *
 * Every measurement starts a fresh controller on a free loopback port, runs
 * one generator against it and stops it. Runs are interleaved (run 1 of every
 * controller x generator x scenario, then run 2, ...) so slow drifts of a
 * shared machine hit everyone alike; the table shows medians over runs of
 * each RESULT line's avg. Controllers: `nodeflow start` (learning switch),
 * the same with `--busy-poll 200` (nodeflow-poll), bench/trivial-responder,
 * `ovs-testcontroller`; on request (--controllers) trivial-each, the trivial
 * responder writing each FLOW_MOD separately, and trivial-output, the trivial
 * responder writing the learning switch's 80-byte FLOW_MOD (issue 16's
 * yardstick; scenario throughput1k runs it with 1000 MACs per switch), and base, `nodeflow start` of
 * another build (--base DIST, e.g. a checkout of main: before/after a change in the same run).
 * Generators: `nodeflow bench` and, when --cbench is given, real cbench with the same options
 * (--generators picks). --macs overrides the scenarios' source MACs per switch (-M). --pin runs the
 * controller on CPU 1 and the generator on CPU 0 (taskset): on a 2-core machine the scheduler
 * otherwise sometimes wakes the generator on the controller's core, and the figures then measure
 * that placement more than the controller (BENCHMARKS.md, issue 16).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { median, parseCpu, parseLatency, parseResult } from '../../loadgen/stats.js';

export type ControllerName = 'nodeflow' | 'nodeflow-poll' | 'trivial' | 'trivial-each' | 'trivial-output' | 'ovs' | 'base';

/** The busy-poll window of the `nodeflow-poll` controller, microseconds (see controller/busy-poll.ts). */
export const POLL_US = 200;
export type GeneratorName = 'nodeflow-bench' | 'cbench';
export type ScenarioName = 'throughput' | 'throughput1k' | 'latency16' | 'latency1';

export const SCENARIOS: Record<ScenarioName, string[]> = {
  throughput: ['-t', '-s', '16', '-M', '100000'],
  /** Every MAC table in cache: 1000 source MACs per switch (issue 16's first case). */
  throughput1k: ['-t', '-s', '16', '-M', '1000'],
  latency16: ['-s', '16', '-M', '100000'],
  latency1: ['-s', '1', '-M', '100000'],
};

export interface CompareOptions {
  dist: string;
  /** The dist/ of another build, run as controller `base`. */
  base: string | null;
  cbench: string | null;
  /** Source MACs per switch instead of the scenario's. */
  macs: number | null;
  /** Controller on CPU 1, generator on CPU 0. */
  pin: boolean;
  runs: number;
  loops: number;
  ms: number;
  warmup: number;
  controllers: ControllerName[];
  scenarios: ScenarioName[];
  generators: GeneratorName[];
  log: (s: string) => void;
}

export interface Sample {
  run: number;
  scenario: ScenarioName;
  controller: ControllerName;
  generator: GeneratorName;
  /** RESULT avg, responses/s (NaN when no RESULT line came). */
  rate: number;
  /** Generator CPU (% of one core) over its whole run, from /proc (both generators alike). */
  genCpu: number | null;
  /** What our generator reports itself over its counted tests (LOADGEN line), null for cbench. */
  genCpuSelf: number | null;
  /** 1-minute load average when the measurement ended (the machine is shared). */
  load: number;
  /** Controller CPU over the generator's run, % of one core (from /proc). */
  ctlCpu: number | null;
  /** Controller CPU over the generator's run divided by the responses of its tests and warm-up tests (estimated from RESULT avg). */
  ctlNsPerResponse: number | null;
  p50: number | null;
  p99: number | null;
  error?: string;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
}

/** Wait until something accepts TCP connections on 127.0.0.1:port. */
async function waitListening(port: number, proc: ChildProcess, ms = 15000): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (proc.exitCode !== null) throw new Error(`exited with ${proc.exitCode} before listening`);
    const ok = await new Promise<boolean>((r) => {
      const c = net.connect(port, '127.0.0.1');
      c.once('connect', () => { c.destroy(); r(true); });
      c.once('error', () => r(false));
    });
    if (ok) return;
    await sleep(100);
  }
  throw new Error(`nothing listening on ${port} after ${ms} ms`);
}

function clockTicks(pid: number): number | null {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const rest = f.slice(f.lastIndexOf(')') + 2).split(' ');
    // fields after the comm: state(3) ... utime is field 14, stime 15 (1-based) -> rest[11], rest[12]
    return Number(rest[11]) + Number(rest[12]);
  } catch {
    return null;
  }
}

/** The command line of a controller (argv[0] first). */
function controllerArgv(name: ControllerName, port: number, dist: string, base: string | null): string[] {
  const node = process.execPath;
  const start = (d: string) => [node, path.join(d, 'cli/nodeflow.js'), 'start', '--port', String(port), '--log-level', 'warn'];
  const trivial = [node, path.join(dist, 'bench/trivial-responder.js'), String(port)];
  switch (name) {
    case 'nodeflow': return start(dist);
    case 'nodeflow-poll': return [...start(dist), '--busy-poll', String(POLL_US)];
    case 'base':
      if (base === null) throw new Error('controller base needs --base DIST');
      return start(base);
    case 'trivial': return trivial;
    case 'trivial-output': return [...trivial, '--output'];
    case 'trivial-each': return [...trivial, '--write-each'];
    case 'ovs': return ['ovs-testcontroller', `ptcp:${port}:127.0.0.1`, `--unixctl=/tmp/nodeflow-bench-ovstc-${port}.ctl`, '-vconsole:off'];
  }
}

/** taskset execs the command, so the pid is the controller's or generator's own. */
const pinned = (argv: string[], cpu: number | null): string[] => (cpu === null ? argv : ['taskset', '-c', String(cpu), ...argv]);

export function startController(name: ControllerName, port: number, dist: string, base: string | null = null, cpu: number | null = null): ChildProcess {
  const [cmd, ...args] = pinned(controllerArgv(name, port, dist, base), cpu);
  return spawn(cmd!, args, { stdio: ['ignore', 'ignore', 'pipe'] });
}

async function stop(p: ChildProcess): Promise<void> {
  if (p.exitCode !== null || p.signalCode !== null) return;
  const done = new Promise<void>((r) => p.once('exit', () => r()));
  p.kill('SIGTERM');
  const t = setTimeout(() => p.kill('SIGKILL'), 3000);
  await done;
  clearTimeout(t);
}

/** Run a generator; its CPU comes from /proc/PID/stat sampled every 100 ms (the last sample before exit). */
function runGenerator(cmd: string, args: string[], timeoutMs: number): Promise<{ out: string; code: number | null; cpu: number | null }> {
  return new Promise((resolve) => {
    const p = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const w0 = Date.now();
    let ticks: number | null = null, at = w0;
    const poll = setInterval(() => { const t = clockTicks(p.pid!); if (t !== null) { ticks = t; at = Date.now(); } }, 100);
    let out = '';
    p.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    p.stderr.on('data', (d: Buffer) => { out += d.toString(); });
    const t = setTimeout(() => p.kill('SIGKILL'), timeoutMs);
    p.on('close', (code) => {
      clearTimeout(t);
      clearInterval(poll);
      resolve({ out, code, cpu: ticks !== null && at > w0 ? ((ticks * 10) / (at - w0)) * 100 : null });
    });
  });
}

export async function measure(o: CompareOptions, run: number, scenario: ScenarioName, controller: ControllerName, generator: GeneratorName): Promise<Sample> {
  const port = await freePort();
  const ctl = startController(controller, port, o.dist, o.base, o.pin ? 1 : null);
  let ctlErr = '';
  ctl.stderr?.on('data', (d: Buffer) => { if (ctlErr.length < 4000) ctlErr += d.toString(); });
  const sample: Sample = { run, scenario, controller, generator, rate: NaN, genCpu: null, genCpuSelf: null, load: NaN, ctlCpu: null, ctlNsPerResponse: null, p50: null, p99: null };
  try {
    await waitListening(port, ctl);
    const sc = [...SCENARIOS[scenario]];
    if (o.macs !== null) sc[sc.indexOf('-M') + 1] = String(o.macs);
    const args = ['-c', '127.0.0.1', '-p', String(port), ...sc, '-l', String(o.loops), '-m', String(o.ms), '-w', String(o.warmup), '-i', '20', '-I', '4'];
    const [cmd, ...argv] = pinned(generator === 'cbench'
      ? [o.cbench!, ...args]
      : [process.execPath, path.join(o.dist, 'cli/nodeflow.js'), 'bench', ...args], o.pin ? 0 : null);
    const t0 = clockTicks(ctl.pid!);
    const w0 = Date.now();
    const r = await runGenerator(cmd!, argv, (o.loops * (o.ms + 400)) + 30000);
    const t1 = clockTicks(ctl.pid!);
    const wall = Date.now() - w0;
    const res = parseResult(r.out);
    if (!res) sample.error = `no RESULT line (exit ${r.code}): ${r.out.trim().split('\n').slice(-3).join(' | ')}${ctlErr ? ` | controller: ${ctlErr.trim().slice(-300)}` : ''}`;
    else sample.rate = res.avg;
    sample.genCpu = r.cpu;
    sample.genCpuSelf = parseCpu(r.out);
    sample.load = os.loadavg()[0]!;
    const lat = parseLatency(r.out);
    if (lat) { sample.p50 = lat.p50; sample.p99 = lat.p99; }
    // /proc ticks are 1/100 s (USER_HZ); over the whole generator run (connects and warmup included)
    if (t0 !== null && t1 !== null && wall > 0) sample.ctlCpu = ((t1 - t0) * 10 / wall) * 100;
    if (t0 !== null && t1 !== null && res) sample.ctlNsPerResponse = ((t1 - t0) * 1e7) / (res.avg * (o.loops + o.warmup) * o.ms / 1000);
  } catch (e) {
    sample.error = `${controller}: ${(e as Error).message}${ctlErr ? ` | ${ctlErr.trim().slice(-300)}` : ''}`;
  } finally {
    await stop(ctl);
  }
  return sample;
}

const fmt = (n: number): string => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : 'n/a');
const ratio = (a: number, b: number): string => (Number.isFinite(a) && Number.isFinite(b) && b > 0 ? `${(a / b).toFixed(2)}x` : 'n/a');

function med(samples: Sample[], f: (s: Sample) => number | null): number {
  const v = samples.map(f).filter((x): x is number => x !== null && Number.isFinite(x));
  return v.length ? median(v) : NaN;
}

/** Markdown tables: medians per scenario x controller x generator, then the ratios. */
export function table(samples: Sample[], o: Pick<CompareOptions, 'scenarios' | 'controllers' | 'generators'> & { macs?: number | null }): string {
  const lines: string[] = [];
  const label = (s: ScenarioName): string => (o.macs != null ? `${s} -M ${o.macs}` : s);
  const pick = (s: ScenarioName, c: ControllerName, g: GeneratorName): Sample[] =>
    samples.filter((x) => x.scenario === s && x.controller === c && x.generator === g && Number.isFinite(x.rate));
  const hasCbench = o.generators.includes('cbench');
  const hasOurs = o.generators.includes('nodeflow-bench');
  lines.push(`| scenario | controller |${hasOurs ? ' nodeflow bench (median responses/s) | runs | generator CPU | controller CPU | controller ns/response | p50 / p99 us |' : ''}${hasCbench ? ' cbench (median responses/s) | runs | cbench CPU | controller CPU | controller ns/response |' : ''}${hasOurs && hasCbench ? ' ours / cbench |' : ''}`);
  lines.push(`|---|---|${hasOurs ? '---:|---:|---:|---:|---:|---:|' : ''}${hasCbench ? '---:|---:|---:|---:|---:|' : ''}${hasOurs && hasCbench ? '---:|' : ''}`);
  const pct = (xs: Sample[], f: (s: Sample) => number | null): string => { const v = med(xs, f); return Number.isFinite(v) ? `${v.toFixed(0)}%` : 'n/a'; };
  for (const s of o.scenarios) {
    for (const c of o.controllers) {
      const ours = pick(s, c, 'nodeflow-bench');
      const cb = pick(s, c, 'cbench');
      const r = med(ours, (x) => x.rate);
      const lat = s.startsWith('throughput') ? '' : `${fmt(med(ours, (x) => x.p50))} / ${fmt(med(ours, (x) => x.p99))}`;
      let row = `| ${label(s)} | ${c} |`;
      if (hasOurs) row += ` ${fmt(r)} | ${ours.length} | ${pct(ours, (x) => x.genCpu)} | ${pct(ours, (x) => x.ctlCpu)} | ${fmt(med(ours, (x) => x.ctlNsPerResponse))} | ${lat} |`;
      const rc = med(cb, (x) => x.rate);
      if (hasCbench) row += ` ${fmt(rc)} | ${cb.length} | ${pct(cb, (x) => x.genCpu)} | ${pct(cb, (x) => x.ctlCpu)} | ${fmt(med(cb, (x) => x.ctlNsPerResponse))} |`;
      if (hasOurs && hasCbench) row += ` ${ratio(r, rc)} |`;
      lines.push(row);
    }
  }
  if (o.controllers.includes('nodeflow')) {
    lines.push('');
    const poll = o.controllers.includes('nodeflow-poll');
    const each = o.controllers.includes('trivial-each');
    const outp = o.controllers.includes('trivial-output');
    const base = o.controllers.includes('base');
    lines.push(`| scenario | generator | nodeflow / trivial | nodeflow / ovs-testcontroller |${poll ? ` nodeflow --busy-poll ${POLL_US} / ovs-testcontroller |` : ''}${each ? ' nodeflow / trivial-each |' : ''}${outp ? ' nodeflow / trivial-output |' : ''}${base ? ' nodeflow / base |' : ''}${base && outp ? ' base / trivial-output |' : ''}`);
    lines.push(`|---|---|---:|---:|${poll ? '---:|' : ''}${each ? '---:|' : ''}${outp ? '---:|' : ''}${base ? '---:|' : ''}${base && outp ? '---:|' : ''}`);
    for (const s of o.scenarios) {
      for (const g of o.generators) {
        const n = med(pick(s, 'nodeflow', g), (x) => x.rate);
        const t = med(pick(s, 'trivial', g), (x) => x.rate);
        const v = med(pick(s, 'ovs', g), (x) => x.rate);
        const p = med(pick(s, 'nodeflow-poll', g), (x) => x.rate);
        const e = med(pick(s, 'trivial-each', g), (x) => x.rate);
        const to = med(pick(s, 'trivial-output', g), (x) => x.rate);
        const b = med(pick(s, 'base', g), (x) => x.rate);
        lines.push(`| ${label(s)} | ${g} | ${ratio(n, t)} | ${ratio(n, v)} |${poll ? ` ${ratio(p, v)} |` : ''}${each ? ` ${ratio(n, e)} |` : ''}${outp ? ` ${ratio(n, to)} |` : ''}${base ? ` ${ratio(n, b)} |` : ''}${base && outp ? ` ${ratio(b, to)} |` : ''}`);
      }
    }
  }
  const loads = samples.map((x) => x.load).filter(Number.isFinite);
  if (loads.length) lines.push('', `1-minute load average during the runs: median ${median(loads).toFixed(1)}, max ${Math.max(...loads).toFixed(1)} (${os.cpus().length} CPUs)`);
  const errs = samples.filter((x) => x.error);
  if (errs.length) {
    lines.push('');
    for (const e of errs) lines.push(`- run ${e.run} ${e.scenario} ${e.controller} ${e.generator}: ${e.error}`);
  }
  return lines.join('\n');
}

export async function compare(o: CompareOptions): Promise<Sample[]> {
  const samples: Sample[] = [];
  for (let run = 1; run <= o.runs; run++) {
    for (const s of o.scenarios) {
      for (const c of o.controllers) {
        for (const g of o.generators) {
          const x = await measure(o, run, s, c, g);
          samples.push(x);
          o.log(`run ${run} ${s} ${c} ${g}: ${x.error ? 'ERROR ' + x.error : fmt(x.rate) + ' responses/s'}${x.genCpu !== null ? ` (generator cpu ${x.genCpu.toFixed(0)}%, load ${x.load.toFixed(1)})` : ''}`);
        }
      }
    }
  }
  return samples;
}

function arg(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
}

async function main(argv: string[]): Promise<void> {
  const smoke = argv.includes('--smoke');
  const dist = arg(argv, '--dist') ?? path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
  const cbench = arg(argv, '--cbench') ?? null;
  if (cbench && !existsSync(cbench)) throw new Error(`no cbench at ${cbench}`);
  const haveOvs = spawnSync('ovs-testcontroller', ['--version']).status === 0;
  let controllers = (arg(argv, '--controllers') ?? (smoke ? 'trivial' : 'nodeflow,nodeflow-poll,trivial,ovs')).split(',') as ControllerName[];
  if (!haveOvs) controllers = controllers.filter((c) => c !== 'ovs');
  const base = arg(argv, '--base') ?? null;
  if (base !== null && !existsSync(path.join(base, 'cli/nodeflow.js'))) throw new Error(`no build at ${base} (want ${base}/cli/nodeflow.js)`);
  if (base !== null && !controllers.includes('base')) controllers.push('base');
  const generators = (arg(argv, '--generators') ?? (cbench ? 'nodeflow-bench,cbench' : 'nodeflow-bench')).split(',') as GeneratorName[];
  if (generators.includes('cbench') && !cbench) throw new Error('generator cbench needs --cbench /path/to/cbench');
  const macs = arg(argv, '--macs');
  const o: CompareOptions = {
    dist, cbench, base,
    macs: macs === undefined ? null : Number(macs),
    pin: argv.includes('--pin'),
    runs: Number(arg(argv, '--runs') ?? (smoke ? 1 : 3)),
    loops: Number(arg(argv, '--loops') ?? (smoke ? 2 : 6)),
    ms: Number(arg(argv, '--ms') ?? (smoke ? 300 : 1000)),
    warmup: Number(arg(argv, '--warmup') ?? (smoke ? 1 : 2)),
    controllers,
    scenarios: (arg(argv, '--scenarios') ?? (smoke ? 'throughput,latency1' : 'throughput,latency16,latency1')).split(',') as ScenarioName[],
    generators,
    log: (s) => process.stderr.write(s + '\n'),
  };
  const samples = await compare(o);
  const json = arg(argv, '--json');
  if (json) writeFileSync(json, JSON.stringify({ options: { ...o, log: undefined }, samples }, null, 2));
  process.stdout.write(table(samples, o) + '\n');
  if (samples.some((s) => !Number.isFinite(s.rate))) process.exitCode = 1;
}

if (process.argv[1] && import.meta.url === new URL(`file://${path.resolve(process.argv[1])}`).href) {
  main(process.argv.slice(2)).catch((e: unknown) => { process.stderr.write(`compare: ${(e as Error).message}\n`); process.exit(1); });
}
