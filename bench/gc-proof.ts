/**
 * GC proof: run `nodeflow start` under `node --trace-gc`, drive it with
 * `nodeflow bench` in throughput mode (16 switches x 100k MACs by default)
 * and count the collections V8 reports during the steady state: the tests
 * after warmup. Prints responses, scavenges per million responses,
 * mark-compacts, and the controller's resident memory.
 *
 *   node dist/bench/gc-proof.js [--seconds 10] [--warmup 3] [--switches 16] [--macs 100000]
 *                               [--controller-args "..."] [--trivial] [--keep-trace FILE]
 *   bench/gc-proof.sh  (the same, after checking dist/ exists)
 *
 * Steady-state window: from the moment the last warmup test's progress line
 * arrives to the moment the RESULT line arrives (the 100 ms pauses between
 * tests are inside it, so the count is, if anything, pessimistic). The trace
 * is read as it arrives (line-buffered through stdbuf when available).
 * Targets: zero mark-compacts, <= 1 scavenge per million responses.
 */
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './e2e/compare.js';
import { parseResult } from './loadgen/stats.js';

export interface GcEvent { ms: number; kind: 'scavenge' | 'mark-compact' | 'other'; text: string }

/** Classify a --trace-gc line (`[pid:0x..]  1234 ms: Scavenge ...`); null for other output. */
export function parseGcLine(line: string): GcEvent | null {
  const m = /^\[\d+:0x[0-9a-f]+\]\s+(\d+) ms: (.*)$/.exec(line);
  if (!m) return null;
  const what = m[2]!;
  let kind: GcEvent['kind'] = 'other';
  if (/^(Scavenge|Minor Mark-(Compact|Sweep))/.test(what)) kind = 'scavenge';
  else if (/^Mark-(Compact|Sweep)/.test(what)) kind = 'mark-compact';
  return { ms: Number(m[1]), kind, text: what };
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
  const warmup = Number(arg(argv, '--warmup', '3'));
  const switches = arg(argv, '--switches', '16');
  const macs = arg(argv, '--macs', '100000');
  const extra = arg(argv, '--controller-args', '').split(' ').filter(Boolean);
  const trivial = argv.includes('--trivial');
  const keep = arg(argv, '--keep-trace', '');
  const port = await freePort();
  const nodeArgs = ['--trace-gc', ...(trivial ? [path.join(dist, 'bench/trivial-responder.js'), String(port)]
    : [path.join(dist, 'cli/nodeflow.js'), 'start', '--port', String(port), '--log-level', 'warn', ...extra])];
  const haveStdbuf = spawnSync('stdbuf', ['--version']).status === 0;
  const ctl = haveStdbuf ? spawn('stdbuf', ['-oL', process.execPath, ...nodeArgs], { stdio: ['ignore', 'pipe', 'inherit'] })
    : spawn(process.execPath, nodeArgs, { stdio: ['ignore', 'pipe', 'inherit'] });
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
        if (progress === warmup) t0 = performance.now();
      }
      if (l.startsWith('RESULT:')) t1 = performance.now();
    }
  });
  let genErr = '';
  gen.stderr.on('data', (d: Buffer) => { genErr += d.toString(); });
  await new Promise((r) => gen.on('close', r));
  const rssEnd = rssKiB(pid);
  await new Promise((r) => setTimeout(r, 300)); // late trace lines
  ctl.kill('SIGTERM');
  await new Promise((r) => ctl.on('close', r));
  if (keep) writeFileSync(keep, trace.join('\n') + '\n');
  const res = parseResult(out);
  if (!res || !Number.isFinite(t0) || !Number.isFinite(t1)) throw new Error(`generator gave no result: ${out.slice(-500)} ${genErr.slice(-500)}`);
  const inWindow = events.filter((e) => e.at >= t0 && e.at <= t1);
  const scav = inWindow.filter((e) => e.ev.kind === 'scavenge').length;
  const mc = inWindow.filter((e) => e.ev.kind === 'mark-compact').length;
  const responses = counts.slice(warmup).reduce((a, x) => a + x, 0);
  const perM = responses > 0 ? scav / (responses / 1e6) : NaN;
  const all = (k: GcEvent['kind']): number => events.filter((e) => e.ev.kind === k).length;
  const lines = [
    `controller: ${trivial ? 'bench/trivial-responder' : 'nodeflow start'} (node ${process.version}), generator: nodeflow bench -t -s ${switches} -M ${macs}, ${seconds} x 1 s after ${warmup} warmup tests`,
    `steady state: ${((t1 - t0) / 1000).toFixed(1)} s, ${responses.toLocaleString('en-US')} responses (RESULT avg ${Math.round(res.avg).toLocaleString('en-US')}/s)`,
    `GC in steady state: ${scav} scavenges, ${mc} mark-compacts -> ${perM.toFixed(2)} scavenges per million responses`,
    `GC over the whole run: ${all('scavenge')} scavenges, ${all('mark-compact')} mark-compacts`,
    `controller RSS: ${rssStart === null ? 'n/a' : (rssStart / 1024).toFixed(1)} MiB after start, ${rssEnd === null ? 'n/a' : (rssEnd / 1024).toFixed(1)} MiB after the run (${switches} switches x ${macs} MACs)`,
    `targets: 0 mark-compacts: ${mc === 0 ? 'MET' : 'MISSED'}; <= 1 scavenge per million responses: ${perM <= 1 ? 'MET' : 'MISSED'}`,
  ];
  process.stdout.write(lines.join('\n') + '\n');
  if (mc > 0 || !(perM <= 1)) {
    process.stdout.write('steady-state GC lines:\n' + inWindow.slice(0, 20).map((e) => '  ' + e.ev.text).join('\n') + (inWindow.length > 20 ? `\n  ... ${inWindow.length - 20} more` : '') + '\n');
    process.exitCode = 3;
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).catch((e: unknown) => { process.stderr.write(`gc-proof: ${(e as Error).message}\n`); process.exit(1); });
}
