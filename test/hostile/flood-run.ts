/**
 * Good switches' service under a connection flood, measured against itself.
 * `nodeflow bench` (its own process; latency mode, cbench's -s 4 -M 1000)
 * prints one rate per test. The flood process (flood.ts --control) is
 * switched on for every other test, so quiet and attack windows interleave
 * a fraction of a second apart: load from other work on a shared machine
 * weighs on both alike. Each attack window is compared with the two quiet
 * windows around it (its rate over their mean), and the median of those
 * ratios is the figure: pairing neighbours cancels the slow swings of a
 * loaded machine, the median its bursts, so a test can bound it however busy
 * the machine is.
 *
 * The attacker runs at the same priority as the controller and the bench
 * (`attackerNice` can lower it, for analysis only). On a shared 2-core box
 * its CPU comes from the same cores as theirs, which a remote attacker's
 * would not; but lowering it (nice +5) cut the flood from ~2000 to 250-700
 * connections/s beside a CPU hog, too weak to tell a controller without the
 * cheap refusal (early.ts) from one with it (RELIABILITY.md "Connection
 * flood"), so the test keeps the issue's attack at full strength.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { CLI } from '../support/hostile-controller.js';
import type { FloodSummary } from './flood.js';

const FLOOD = fileURLToPath(new URL('./flood.js', import.meta.url));

export interface FloodRunOptions {
  port: number;
  /** OpenFlow version of the good switches: '1.0' or '1.3'. */
  protocol: string;
  switches?: number;
  msPerTest?: number;
  /** Attack windows (as many quiet ones, plus one). */
  rounds?: number;
  /** Extra flood.ts arguments (--rate, --silent, --sources ...). */
  floodArgs?: readonly string[];
  /** The `nodeflow` CLI that runs the bench (default: this build's). */
  cli?: string;
  /** The controller's process id: its CPU time per window goes into `cpu`. */
  controllerPid?: number;
  /** Nice levels the attacker runs below this process (default 0: the same priority; analysis only). */
  attackerNice?: number;
}

/** CPU time (user + system) per second of wall time, summed over the quiet and over the attack windows. */
export interface WindowCpu {
  controller: number;
  bench: number;
  flood: number;
}

export interface FloodRun {
  /** Responses/s of the quiet tests and of the attack tests, in order. */
  quiet: number[];
  attack: number[];
  /** Median over the attack windows of attack rate / mean of the quiet windows before and after it. */
  ratio: number;
  /** Those ratios, in order. */
  ratios: number[];
  flood: FloodSummary;
  /** CPU seconds per wall second in the quiet and in the attack windows (NaN where a pid was not known). */
  cpu: { quiet: WindowCpu; attack: WindowCpu };
  benchOutput: string;
}

/** A process's CPU time so far, ms (utime + stime from /proc/<pid>/stat, clock ticks of 10 ms); NaN once it is gone. */
export function cpuMs(pid: number | undefined): number {
  if (pid === undefined) return NaN;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) * 10; // fields 14 and 15 of stat(5), counted after the command name
  } catch {
    return NaN;
  }
}

export const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length === 0 ? NaN : s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** Test 0 warms up; then quiet, attack, quiet, attack, ..., quiet. */
const isAttack = (test: number): boolean => test > 0 && test % 2 === 0;

export async function floodRun(o: FloodRunOptions): Promise<FloodRun> {
  const msPerTest = o.msPerTest ?? 300, rounds = o.rounds ?? 10;
  const loops = 2 + 2 * rounds;
  const flood = spawn(process.execPath, [FLOOD, '--port', String(o.port), '--control', ...(o.floodArgs ?? [])], { stdio: ['pipe', 'pipe', 'pipe'] });
  const nice = o.attackerNice ?? 0;
  if (nice > 0 && flood.pid !== undefined) {
    try {
      os.setPriority(flood.pid, Math.min(19, os.getPriority() + nice));
    } catch {
      // not allowed here: the attacker keeps our priority (the figure is then the stricter one)
    }
  }
  let fo = '', fe = '';
  flood.stdout.on('data', (d: Buffer) => { fo += d; });
  flood.stderr.on('data', (d: Buffer) => { fe += d; });
  const floodDone = new Promise<FloodSummary>((resolve, reject) => {
    flood.on('close', (code) => {
      try {
        resolve(JSON.parse(fo.trim().split('\n').pop()!) as FloodSummary);
      } catch {
        reject(new Error(`flood exited ${code}:\n${fo}\n${fe}`));
      }
    });
  });
  const bench = spawn(process.execPath, [
    o.cli ?? CLI, 'bench', '-c', '127.0.0.1', '-p', String(o.port), '-s', String(o.switches ?? 4), '-M', '1000',
    '-l', String(loops), '-m', String(msPerTest), '-w', '0', '-O', o.protocol, '--no-busy-poll',
  ], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '', err = '';
  let seen = 0;
  // CPU time of the three processes, summed per kind of window (test 0, the warm-up, counts for neither)
  const pids = { controller: o.controllerPid, bench: bench.pid, flood: flood.pid };
  const zero = (): WindowCpu => ({ controller: 0, bench: 0, flood: 0 });
  const used = { quiet: zero(), attack: zero() };
  const wall = { quiet: 0, attack: 0 };
  const sample = () => ({ at: performance.now(), controller: cpuMs(pids.controller), bench: cpuMs(pids.bench), flood: cpuMs(pids.flood) });
  let last = sample();
  bench.stdout.on('data', (d: Buffer) => {
    out += d;
    const n = [...out.matchAll(/total = [\d.]+ per ms/g)].length;
    // A line ends test n-1; the next test starts after a 100 ms pause: switch the flood for it now.
    if (n !== seen) {
      const now = sample();
      if (seen > 0) {
        const kind = isAttack(seen) ? 'attack' : 'quiet';
        wall[kind] += now.at - last.at;
        for (const k of ['controller', 'bench', 'flood'] as const) used[kind][k] += now[k] - last[k];
      }
      last = now;
      seen = n;
      flood.stdin.write(isAttack(n) ? 'on\n' : 'off\n');
    }
  });
  bench.stderr.on('data', (d: Buffer) => { err += d; });
  const code = await new Promise<number | null>((r) => bench.on('close', r));
  flood.stdin.end('stop\n');
  const summary = await floodDone;
  if (code !== 0) throw new Error(`nodeflow bench exited ${code}:\n${out}\n${err}`);
  const rates = [...out.matchAll(/total = ([\d.]+) per ms/g)].map((m) => Number(m[1]) * 1000);
  const quiet: number[] = [], attack: number[] = [];
  rates.forEach((r, i) => { if (i > 0) (isAttack(i) ? attack : quiet).push(r); });
  // quiet[i] and quiet[i + 1] are the windows around attack[i].
  const ratios = attack.map((x, i) => x / ((quiet[i]! + quiet[i + 1]!) / 2));
  const perSecond = (c: WindowCpu, ms: number): WindowCpu => ({ controller: c.controller / ms, bench: c.bench / ms, flood: c.flood / ms });
  const cpu = { quiet: perSecond(used.quiet, wall.quiet), attack: perSecond(used.attack, wall.attack) };
  return { quiet, attack, ratio: median(ratios), ratios, flood: summary, cpu, benchOutput: out };
}
