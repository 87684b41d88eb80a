/**
 * Smoke runs of the real binaries: `nodeflow bench` against the trivial
 * responder and against `nodeflow start` (through bench/e2e/compare.js
 * --smoke) produces parseable RESULT lines with answers counted, and the CLI
 * rejects impossible options like cbench does. Numbers are not judged here
 * (speed is measured in benchmarks, not in tests).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import * as path from 'node:path';

const DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CLI = path.join(DIST, 'cli/nodeflow.js');

function run(args: string[], timeoutMs = 60000): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '', err = '';
    p.stdout.on('data', (d: Buffer) => { out += d; });
    p.stderr.on('data', (d: Buffer) => { err += d; });
    const t = setTimeout(() => p.kill('SIGKILL'), timeoutMs);
    p.on('close', (code) => { clearTimeout(t); resolve({ code, out, err }); });
  });
}

test('compare --smoke: nodeflow bench measures the trivial responder and nodeflow start, throughput and latency', async () => {
  const r = await run([path.join(DIST, 'bench/e2e/compare.js'), '--smoke', '--controllers', 'trivial,nodeflow']);
  assert.is(r.code, 0, r.err + r.out);
  for (const scenario of ['throughput', 'latency1']) {
    for (const ctl of ['trivial', 'nodeflow']) {
      const row = r.out.split('\n').find((l) => l.startsWith(`| ${scenario} | ${ctl} |`));
      assert.ok(row, `${scenario} ${ctl} row in\n${r.out}`);
      const rate = Number(row!.split('|')[3]!.trim().replace(/,/g, ''));
      assert.ok(rate > 0, `${scenario} ${ctl}: ${row}`);
    }
  }
  assert.match(r.out, /\| throughput \| nodeflow-bench \| [\d.]+x \|/, 'ratio table');
});

test('nodeflow bench: warmup >= loops is refused with exit 2; a refused connection exits 1', async () => {
  const bad = await run([CLI, 'bench', '-l', '2', '-w', '2']);
  assert.is(bad.code, 2);
  assert.match(bad.err, /warmup\(2\) \+ cooldown\(0\) >= number of tests \(2\)/);
  const none = await run([CLI, 'bench', '-c', '127.0.0.1', '-p', '1', '-s', '1', '-l', '2', '-m', '100']);
  assert.is(none.code, 1);
  assert.match(none.err, /cannot connect to 127\.0\.0\.1:1/);
});

test.run();
