/**
 * What sharing learned MACs through etcd would cost, next to relearning
 * them: one put per learned (switch, MAC) -> port, sequential and 64 in
 * flight, against a private etcd (the same flags as the tests) on this
 * machine. Prints puts/s and the per-put latency percentiles.
 *   node dist/bench/etcd-mac-share.js [PUTS=2000]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Etcd3 } from 'etcd3';

const n = Number(process.argv[2] ?? 2000);
const dir = mkdtempSync(join(tmpdir(), 'nodeflow-etcd-bench-'));
const port = 30_000 + Math.floor(Math.random() * 20_000);
const url = `http://127.0.0.1:${port}`;
const etcd = spawn('etcd', ['--name', 'b', '--data-dir', join(dir, 'd'), '--listen-client-urls', url, '--advertise-client-urls', url,
  '--listen-peer-urls', `http://127.0.0.1:${port + 1}`, '--initial-advertise-peer-urls', `http://127.0.0.1:${port + 1}`,
  '--initial-cluster', `b=http://127.0.0.1:${port + 1}`, '--log-level', 'error'], { stdio: 'ignore' });

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
}

async function main(): Promise<void> {
  const c = new Etcd3({ hosts: url });
  for (let i = 0; ; i++) {
    try {
      await c.put('/probe').value('1');
      break;
    } catch (e) {
      if (i > 100) throw e;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  const lat: number[] = [];
  let t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await c.put(`/nodeflow/macs/0000000000000001/02:00:00:${(i >> 16).toString(16)}:${((i >> 8) & 255).toString(16)}:${(i & 255).toString(16)}`).value(String(i % 48));
    lat.push(performance.now() - t);
  }
  const seq = n / ((performance.now() - t0) / 1000);
  t0 = performance.now();
  let next = 0;
  await Promise.all(Array.from({ length: 64 }, async () => {
    while (next < n) {
      const i = next++;
      await c.put(`/nodeflow/macs/0000000000000002/${i}`).value('1');
    }
  }));
  const par = n / ((performance.now() - t0) / 1000);
  process.stdout.write(`etcd put, one at a time: ${Math.round(seq)}/s, latency p50 ${pct(lat, 0.5).toFixed(2)} ms, p99 ${pct(lat, 0.99).toFixed(2)} ms\n`);
  process.stdout.write(`etcd put, 64 in flight:  ${Math.round(par)}/s\n`);
  c.close();
}

main().finally(() => {
  etcd.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
}).catch((e: Error) => {
  process.stderr.write(`${e.message}\n`);
  process.exitCode = 1;
});
