/**
 * Failover measurement (not part of `npm test`): one private etcd, three
 * `nodeflow start --cluster` instances (lease TTL 1 s), one Open vSwitch
 * bridge listing all three, two hosts pinging every 50 ms. Each run:
 * SIGKILL the bridge's master and, at the same moment, delete the learned
 * flows, so the ping gets through again only once a new master has taken
 * over and installed flows. Per run it reports:
 * - takeover: kill -> the new master's "role changed ... master" (it writes
 *   its table-miss FLOW_MOD in that same call);
 * - data plane back: kill -> the end of the longest gap in ping replies
 *   after the kill (the new master's learned FLOW_MOD / PACKET_OUT carried
 *   that reply);
 * - pings lost (sent every 50 ms).
 * Then the killed instance is started again and becomes a SLAVE.
 *
 *   node dist/test/e2e/cluster-failover.js [RUNS=10] [--tls]
 */
import { ClusterLab, logRecords } from '../support/cluster-lab.js';
import { pingAll } from '../support/netns.js';
import { Scope, sleep, spawnChild, waitFor } from '../support/sys.js';

const runs = Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 10);
const tls = process.argv.includes('--tls');

interface RunResult {
  run: number;
  victim: string;
  heir: string;
  takeoverMs: number;
  dataPlaneMs: number;
  lost: number;
  sent: number;
}

function stats(xs: number[]): string {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * (s.length - 1) + 0.5))]!;
  return `min ${s[0]} / median ${q(0.5)} / p90 ${q(0.9)} / max ${s.at(-1)}`;
}

async function main(): Promise<void> {
  const scope = new Scope();
  const results: RunResult[] = [];
  try {
    const lab = await ClusterLab.build(scope, { bridges: 1, instances: 3, tls });
    await lab.waitOneMasterEach();
    const [h1, h2] = lab.hosts;
    const warm = await pingAll([h1!, h2!]);
    if (!warm.every((r) => r.ok)) throw new Error(`no ping before the first run\n${lab.diagnostics()}`);
    for (let run = 1; run <= runs; run++) {
      const victim = (await lab.waitOneMasterEach()).get('s1')!;
      // every other instance connected and SLAVE before we kill
      let seen = '';
      await waitFor('all instances connected', 40_000, async () => {
        const r = (await lab.ovsRoles()).get('s1')!;
        seen = [...r.byTarget].map(([t, x]) => `${t}=${x || '?'}`).join(' ');
        return lab.instances.every((i) => ['master', 'slave'].includes(r.byTarget.get(lab.target(i)) ?? ''));
      }, 100).catch((e: Error) => {
        throw new Error(`${e.message}; OVS roles: ${seen}\n${lab.diagnostics()}`);
      });
      const pinger = spawnChild('ip', ['netns', 'exec', h1!.ns.name, 'ping', '-D', '-n', '-i', '0.05', '-w', '7', h2!.ip]);
      await sleep(1500);
      const tKill = Date.now();
      await victim.controller.kill();
      for (const h of [h1!, h2!]) await lab.ovs.ofctl('s1', 'del-flows', `dl_dst=${h.mac}`);
      const heir = (await lab.waitOneMasterEach(20_000, (_b, m) => m !== victim)).get('s1')!;
      await pinger.exited;
      const out = pinger.output();
      const replies = [...out.matchAll(/^\[(\d+\.\d+)\] \d+ bytes from/gm)].map((m) => Math.round(Number(m[1]) * 1000));
      // the outage: the longest gap between replies after the kill; the data plane is back at its end
      let firstAfter: number | undefined;
      let gap = 0;
      for (let i = 1; i < replies.length; i++) {
        if (replies[i]! > tKill && replies[i]! - replies[i - 1]! > gap) {
          gap = replies[i]! - replies[i - 1]!;
          firstAfter = replies[i];
        }
      }
      const sent = Number(/(\d+) packets transmitted/.exec(out)?.[1] ?? 0);
      const received = Number(/(\d+) received/.exec(out)?.[1] ?? 0);
      const became = logRecords(heir.controller.output()).find((r) => r['msg'] === 'role changed' && r['role'] === 'master' && Date.parse(String(r['time'])) >= tKill);
      results.push({
        run, victim: victim.nodeId, heir: heir.nodeId,
        takeoverMs: became ? Date.parse(String(became['time'])) - tKill : NaN,
        dataPlaneMs: firstAfter !== undefined ? firstAfter - tKill : NaN,
        lost: sent - received, sent,
      });
      const r = results.at(-1)!;
      process.stdout.write(`run ${run}: ${r.victim} killed, ${r.heir} took over after ${r.takeoverMs} ms; pings back after ${r.dataPlaneMs} ms; ${r.lost}/${r.sent} pings lost\n`);
      await lab.restart(victim);
    }
  } finally {
    await scope.close();
  }
  const ok = results.filter((r) => Number.isFinite(r.takeoverMs));
  process.stdout.write(`\n${results.length} runs${tls ? ' (TLS)' : ''}, lease TTL 1 s:\n`);
  process.stdout.write(`  kill -> new master (ms):          ${stats(ok.map((r) => r.takeoverMs))}\n`);
  process.stdout.write(`  kill -> pings flow again (ms):    ${stats(results.filter((r) => Number.isFinite(r.dataPlaneMs)).map((r) => r.dataPlaneMs))}\n`);
  process.stdout.write(`  pings lost (one sent every 50 ms): ${stats(results.map((r) => r.lost))}\n`);
}

main().then(
  () => process.exit(0),
  (e: Error) => {
    process.stderr.write(`${e.stack ?? e.message}\n`);
    process.exit(1);
  },
);
