/**
 * GC proof: run `nodeflow start` under `node --trace-gc`, drive it with
 * `nodeflow bench` in throughput mode (16 switches x 100k MACs by default)
 * and count the collections V8 reports during the steady state: the tests
 * after warmup. Prints responses, scavenges per million responses,
 * mark-compacts, and the controller's resident memory.
 *
 *   node dist/bench/gc-proof.js [--seconds 10] [--warmup 12] [--switches 16] [--macs 100000]
 *                               [--controller-args "..."] [--node-flags "..."] [--trivial] [--keep-trace FILE]
 *   bench/gc-proof.sh  (the same, after checking dist/ exists)
 *
 * To find what allocates: `--alloc-profile` samples allocations (V8's
 * sampling heap profiler, objects later collected included) in the
 * controller during the steady state only and prints the top allocation
 * sites; `--cpu-prof DIR` runs the controller with `--cpu-prof` and prints
 * the functions with the most self time. Both disturb timing: take GC counts
 * and rates from a plain run.
 *
 * Steady-state window: from the moment the last warmup test's progress line
 * arrives to the moment the RESULT line arrives (the 100 ms pauses between
 * tests are inside it, so the count is, if anything, pessimistic). The trace
 * is read as it arrives (line-buffered through stdbuf when available).
 * Targets: zero mark-compacts that V8's memory reducer did not start (see
 * below), <= 1 scavenge per million responses.
 *
 * Mark-compacts are told apart by cause. V8's memory reducer (heap/
 * memory-reducer.cc) arms a timer after a mark-compact that grew the heap
 * (start-up, here) and checks every 8 s: when the allocation rate is low
 * (under about 1 MB/s, which a loop that allocates nothing per message is)
 * it starts up to three "Mark-Compact (reduce)" collections to shrink the
 * heap, then stops until the heap grows again. Whether its check lands
 * in the window and sees a low rate is a coin toss (the steady state here
 * allocates about 1 MB/s in Node's socket-write bookkeeping); what it finds
 * says nothing about per-message allocation, and the collection is there
 * *because* the rate is low. So the controller runs with
 * `--trace-gc-verbose`, whose "Memory reducer: started GC" line precedes the
 * reducer's collection, and the target is zero mark-compacts that the
 * reducer did not start; the reducer's are reported beside it. The 12
 * warmup tests keep the start-up collections (switches connecting, tables
 * growing) out of the window. `--node-flags --no-memory-reducer` turns the
 * reducer off to check that nothing else is left.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './e2e/compare.js';
import { parseResult } from '../loadgen/stats.js';

export interface GcEvent { ms: number; kind: 'scavenge' | 'mark-compact' | 'reducer-start' | 'other'; text: string; byReducer?: boolean }

/** Classify a --trace-gc(-verbose) line (`[pid:0x..]  1234 ms: Scavenge ...`); null for other output. */
export function parseGcLine(line: string): GcEvent | null {
  const m = /^\[\d+:0x[0-9a-f]+\]\s+(\d+) ms: (.*)$/.exec(line);
  if (!m) return null;
  const what = m[2]!;
  let kind: GcEvent['kind'] = 'other';
  if (/^(Scavenge|Minor Mark-(Compact|Sweep))/.test(what)) kind = 'scavenge';
  else if (/^Mark-(Compact|Sweep)/.test(what)) kind = 'mark-compact';
  else if (/^Memory reducer: started GC/.test(what)) kind = 'reducer-start';
  return { ms: Number(m[1]), kind, text: what };
}

/**
 * Mark each mark-compact that completes a collection the memory reducer
 * started (the first one after its "started GC" line).
 */
export function attributeReducer(events: GcEvent[]): void {
  let pending = false;
  for (const e of events) {
    if (e.kind === 'reducer-start') pending = true;
    else if (e.kind === 'mark-compact') {
      e.byReducer = pending;
      pending = false;
    }
  }
}

// ---- profiles -----------------------------------------------------------------

interface ProfileNode { callFrame: { functionName: string; url: string; lineNumber: number }; selfSize?: number; hitCount?: number; id?: number; children?: (ProfileNode | number)[] }

function site(n: ProfileNode): string {
  const f = n.callFrame;
  const url = f.url.replace(/^file:\/\//, '').replace(process.cwd() + '/', '');
  return `${f.functionName || '(anonymous)'} ${url ? `${url}:${f.lineNumber + 1}` : '(native)'}`;
}

/** Top allocation sites of a sampling heap profile: self bytes per function, with the caller. */
export function topAllocations(profile: { head: ProfileNode }, n = 15): string[] {
  const by = new Map<string, number>();
  let total = 0;
  const walk = (node: ProfileNode, parent: ProfileNode | null): void => {
    const sz = node.selfSize ?? 0;
    if (sz > 0) {
      total += sz;
      const k = `${site(node)}  <- ${parent ? site(parent) : '-'}`;
      by.set(k, (by.get(k) ?? 0) + sz);
    }
    for (const c of node.children ?? []) walk(c as ProfileNode, node);
  };
  walk(profile.head, null);
  const samples = (profile as { samples?: unknown[] }).samples?.length ?? 0;
  return [`(${samples} samples, ${(total / 1024 / 1024).toFixed(1)} MiB sampled in all)`, ...[...by.entries()].sort((a, b) => b[1] - a[1]).slice(0, n)
    .map(([k, v]) => `${((v / total) * 100).toFixed(1).padStart(5)}%  ${(v / 1024 / 1024).toFixed(2).padStart(7)} MiB  ${k}`)];
}

/** Top self-time functions of a .cpuprofile. */
export function topSelfTime(profile: { nodes: ProfileNode[] }, n = 15): string[] {
  const by = new Map<string, number>();
  let total = 0;
  for (const node of profile.nodes) {
    const h = node.hitCount ?? 0;
    total += h;
    const k = site(node);
    by.set(k, (by.get(k) ?? 0) + h);
  }
  return [...by.entries()].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, v]) => `${((v / total) * 100).toFixed(1).padStart(5)}%  ${k}`);
}

/**
 * Loaded with `node --import dist/bench/gc-proof.js` and NODEFLOW_ALLOC_SAMPLE=FILE:
 * the first SIGUSR2 starts allocation sampling, the second writes the profile to FILE.
 */
function installSampler(file: string): void {
  const s = new Session();
  s.connect();
  let on = false;
  process.on('SIGUSR2', () => {
    if (!on) {
      on = true;
      s.post('HeapProfiler.startSampling', { samplingInterval: 4096, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
      return;
    }
    s.post('HeapProfiler.stopSampling', (err, r) => {
      writeFileSync(file, err ? JSON.stringify({ error: String(err) }) : JSON.stringify((r as { profile: unknown }).profile));
    });
  });
}

function arg(argv: string[], name: string, dflt: string): string {
  const i = argv.indexOf(name);
  return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1]! : dflt;
}

function rssKiB(pid: number): number | null {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : null;
  } catch { return null; }
}

async function main(argv: string[]): Promise<void> {
  const dist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const seconds = Number(arg(argv, '--seconds', '10'));
  const warmup = Number(arg(argv, '--warmup', '12'));
  const switches = arg(argv, '--switches', '16');
  const macs = arg(argv, '--macs', '100000');
  const extra = arg(argv, '--controller-args', '').split(' ').filter(Boolean);
  const nodeFlags = arg(argv, '--node-flags', '').split(' ').filter(Boolean);
  const trivial = argv.includes('--trivial');
  const keep = arg(argv, '--keep-trace', '');
  const allocProfile = argv.includes('--alloc-profile');
  const cpuProf = arg(argv, '--cpu-prof', '');
  const sampleFile = `/tmp/nodeflow-gc-proof-${process.pid}.heapprofile`;
  const port = await freePort();
  const profArgs = [
    ...(allocProfile ? ['--import', fileURLToPath(import.meta.url)] : []),
    ...(cpuProf ? ['--cpu-prof', '--cpu-prof-dir', cpuProf] : []),
  ];
  const nodeArgs = ['--trace-gc', '--trace-gc-verbose', ...nodeFlags, ...profArgs, ...(trivial ? [path.join(dist, 'bench/trivial-responder.js'), String(port)]
    : [path.join(dist, 'cli/nodeflow.js'), 'start', '--port', String(port), '--log-level', 'warn', ...extra])];
  const haveStdbuf = spawnSync('stdbuf', ['--version']).status === 0;
  const env = allocProfile ? { ...process.env, NODEFLOW_ALLOC_SAMPLE: sampleFile } : process.env;
  const ctl = haveStdbuf ? spawn('stdbuf', ['-oL', process.execPath, ...nodeArgs], { stdio: ['ignore', 'pipe', 'inherit'], env })
    : spawn(process.execPath, nodeArgs, { stdio: ['ignore', 'pipe', 'inherit'], env });
  const events: { at: number; ev: GcEvent }[] = [];
  const trace: string[] = [];
  let listening = false;
  let tail = '';
  ctl.stdout!.on('data', (d: Buffer) => {
    const lines = (tail + d.toString()).split('\n');
    tail = lines.pop()!;
    const at = performance.now();
    for (const l of lines) {
      trace.push(l);
      if (/listening on/.test(l)) listening = true;
      const ev = parseGcLine(l);
      if (ev) events.push({ at, ev });
    }
  });
  for (let i = 0; i < 150 && !listening; i++) await new Promise((r) => setTimeout(r, 100));
  if (!listening) throw new Error('controller did not print "listening on"');
  const pid = ctl.pid!;
  // with stdbuf the child is stdbuf's exec'd node: same pid
  const rssStart = rssKiB(pid);
  const loops = warmup + seconds;
  const gen = spawn(process.execPath, [path.join(dist, 'cli/nodeflow.js'), 'bench', '-c', '127.0.0.1', '-p', String(port), '-t',
    '-s', switches, '-M', macs, '-l', String(loops), '-m', '1000', '-w', String(warmup), '-i', '20', '-I', '4'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let progress = 0;
  let t0 = NaN, t1 = NaN;
  const counts: number[] = [];
  let genTail = '';
  gen.stdout.on('data', (d: Buffer) => {
    out += d.toString();
    const lines = (genTail + d.toString()).split('\n');
    genTail = lines.pop()!;
    for (const l of lines) {
      const m = /switches: flows\/sec: (.*) total = /.exec(l);
      if (m) {
        progress++;
        counts.push(m[1]!.trim().split(/\s+/).reduce((a, x) => a + Number(x), 0));
        if (progress === warmup) { t0 = performance.now(); if (allocProfile) ctl.kill('SIGUSR2'); }
      }
      if (l.startsWith('RESULT:')) { t1 = performance.now(); if (allocProfile) ctl.kill('SIGUSR2'); }
    }
  });
  let genErr = '';
  gen.stderr.on('data', (d: Buffer) => { genErr += d.toString(); });
  await new Promise((r) => gen.on('close', r));
  const rssEnd = rssKiB(pid);
  await new Promise((r) => setTimeout(r, 300)); // late trace lines
  for (let i = 0; allocProfile && i < 100 && !existsSync(sampleFile); i++) await new Promise((r) => setTimeout(r, 100));
  ctl.kill('SIGTERM');
  await new Promise((r) => ctl.on('close', r));
  if (keep) writeFileSync(keep, trace.join('\n') + '\n');
  const res = parseResult(out);
  if (!res || !Number.isFinite(t0) || !Number.isFinite(t1)) throw new Error(`generator gave no result: ${out.slice(-500)} ${genErr.slice(-500)}`);
  attributeReducer(events.map((e) => e.ev));
  const inWindow = events.filter((e) => e.at >= t0 && e.at <= t1);
  const scav = inWindow.filter((e) => e.ev.kind === 'scavenge').length;
  const mcAll = inWindow.filter((e) => e.ev.kind === 'mark-compact');
  const reduced = mcAll.filter((e) => e.ev.byReducer).length;
  const mc = mcAll.length - reduced;
  const responses = counts.slice(warmup).reduce((a, x) => a + x, 0);
  const perM = responses > 0 ? scav / (responses / 1e6) : NaN;
  const all = (k: GcEvent['kind']): number => events.filter((e) => e.ev.kind === k).length;
  const lines = [
    `controller: ${trivial ? 'bench/trivial-responder' : 'nodeflow start'} (node ${process.version}${nodeFlags.length ? ' ' + nodeFlags.join(' ') : ''}), generator: nodeflow bench -t -s ${switches} -M ${macs}, ${seconds} x 1 s after ${warmup} warmup tests`,
    `steady state: ${((t1 - t0) / 1000).toFixed(1)} s, ${responses.toLocaleString('en-US')} responses (RESULT avg ${Math.round(res.avg).toLocaleString('en-US')}/s)`,
    `GC in steady state: ${scav} scavenges, ${mc} mark-compacts (+ ${reduced} started by V8's memory reducer) -> ${perM.toFixed(2)} scavenges per million responses`,
    `GC over the whole run: ${all('scavenge')} scavenges, ${all('mark-compact')} mark-compacts (${events.filter((e) => e.ev.byReducer).length} by the memory reducer)`,
    `controller RSS: ${rssStart === null ? 'n/a' : (rssStart / 1024).toFixed(1)} MiB after start, ${rssEnd === null ? 'n/a' : (rssEnd / 1024).toFixed(1)} MiB after the run (${switches} switches x ${macs} MACs)`,
    `targets: 0 mark-compacts not started by the memory reducer: ${mc === 0 ? 'MET' : 'MISSED'}; <= 1 scavenge per million responses: ${perM <= 1 ? 'MET' : 'MISSED'}`,
  ];
  if (allocProfile) {
    lines.push('allocation sites in steady state (sampled every 4 KiB; self bytes <- caller):');
    try {
      for (const l of topAllocations(JSON.parse(readFileSync(sampleFile, 'utf8')) as { head: ProfileNode })) lines.push('  ' + l);
    } catch (e) { lines.push(`  (no profile: ${(e as Error).message})`); }
  }
  if (cpuProf) {
    const f = existsSync(cpuProf) ? readdirSync(cpuProf).filter((x) => x.endsWith('.cpuprofile')).sort().pop() : undefined;
    lines.push(`self time, whole run (${f ? path.join(cpuProf, f) : 'no profile written'}):`);
    if (f) for (const l of topSelfTime(JSON.parse(readFileSync(path.join(cpuProf, f), 'utf8')) as { nodes: ProfileNode[] })) lines.push('  ' + l);
  }
  if (reduced > 0) lines.push(`the memory reducer's in the window: ${inWindow.filter((e) => e.ev.byReducer).map((e) => e.ev.text.slice(0, 50)).join(' | ')}`);
  process.stdout.write(lines.join('\n') + '\n');
  if (mc > 0 || !(perM <= 1)) {
    const shown = inWindow.filter((e) => e.ev.kind !== 'other');
    process.stdout.write('steady-state GC lines:\n' + shown.slice(0, 20).map((e) => '  ' + e.ev.text).join('\n') + (shown.length > 20 ? `\n  ... ${shown.length - 20} more` : '') + '\n');
    process.exitCode = 3;
  }
}

if (process.env['NODEFLOW_ALLOC_SAMPLE'] && process.argv[1] && path.resolve(process.argv[1]) !== fileURLToPath(import.meta.url)) {
  installSampler(process.env['NODEFLOW_ALLOC_SAMPLE']);
} else if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).catch((e: unknown) => { process.stderr.write(`gc-proof: ${(e as Error).message}\n`); process.exit(1); });
}
