/**
 * Faults on the switch side, with a real Open vSwitch under `nodeflow start`
 * (OpenFlow 1.3 and 1.0):
 * - ovs-vswitchd (alone, or with ovsdb-server) restarted on the same
 *   database while the controller runs:
 *   the switch reconnects as the same datapath (one registry entry), traffic
 *   recovers within a bound, the learned flows are rebuilt;
 * - ports added and deleted while traffic flows: PORT_STATUS add/delete
 *   reach the controller, a new host is reachable, and the MAC learned on a
 *   deleted port is forgotten (the host, moved to a new port with the same
 *   MAC, is found by flooding rather than sent to the dead port).
 * The controller runs with --json-logs; its log lines are the evidence.
 */
import { existsSync } from 'node:fs';
import { suite } from 'uvu';
import { NODEFLOW_CLI } from '../support/controller.js';
import { check, guard, Lab, learnedFlowProblems, type LabHost } from '../support/lab.js';
import { addHost, describeFailures, ping, pingAll, type Host } from '../support/netns.js';
import { e2eUnavailable, matchDlDst, outputPort, type OfVersion } from '../support/ovs.js';
import { must, spawnChild, timed, uniqueTag, waitFor } from '../support/sys.js';

const reason = e2eUnavailable() ?? (existsSync(NODEFLOW_CLI) ? undefined : `nodeflow CLI not built at ${NODEFLOW_CLI}`);

/**
 * Traffic must come back after ovs-vswitchd is started again; this long is a
 * hang guard, not a bound (a shared machine can be slow): the measured times
 * are printed and go to RELIABILITY.md.
 */
const RECOVERY_BOUND_MS = 60_000;

interface LogRec {
  readonly msg: string;
  readonly [k: string]: unknown;
}

/** The controller's JSON log records so far (other lines, e.g. `listening on`, skipped). */
function records(l: Lab): LogRec[] {
  const out: LogRec[] = [];
  for (const line of l.controller.output().split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      out.push(JSON.parse(line) as LogRec);
    } catch {
      /* a line cut by the output buffer */
    }
  }
  return out;
}

const dpidOf = (n: number): string => n.toString(16).padStart(16, '0');

/** Pings `from` -> `to` once a second-ish until one gets a reply; returns ms taken, or undefined. */
async function pingUntil(from: Host, to: Host, withinMs: number): Promise<number | undefined> {
  const t0 = Date.now();
  while (Date.now() - t0 < withinMs) {
    if ((await ping(from, to, 1)).ok) return Date.now() - t0;
  }
  return undefined;
}

/** Waits for a `port status` record for `port` with `why` (add/delete) after the first `skip` records. */
function waitPortStatus(l: Lab, port: number, why: 'add' | 'delete', skip: number): Promise<LogRec> {
  return waitFor(`a 'port status' ${why} log line for port ${port}`, 5_000, () =>
    records(l).slice(skip).find((r) => r.msg === 'port status' && r['port'] === port && r['reason'] === why && r['dpid'] === dpidOf(1)),
  ).catch((e: Error) => {
    throw new Error(`${e.message}\n${l.diagnostics()}`);
  });
}

for (const version of ['1.3', '1.0'] as OfVersion[]) {
  const s = suite(`e2e: Open vSwitch faults under nodeflow start, OpenFlow ${version}`);
  const lab = (scope: Parameters<typeof Lab.build>[0]) =>
    Lab.build(scope, { version, hostsPerBridge: [3], controller: 'nodeflow', controllerArgs: ['--json-logs', '--summary-interval', '0.25'] });

  if (guard(s, reason)) {
    for (const withDb of [false, true]) {
      const what = withDb ? 'ovsdb-server and ovs-vswitchd' : 'ovs-vswitchd';
      s(
        `${what} restarted (same database): same datapath reconnects (switch down then up, one registry entry), pings recover, learned flows rebuilt`,
        timed(120_000, async (scope) => {
          const l = await lab(scope);
          const [h1, h2] = l.hosts as [LabHost, LabHost];
          const first = await pingAll(l.hosts);
          check(l, first.every((r) => r.ok), `pings before the restart: ${describeFailures(first)}`);
          const ups0 = records(l).filter((r) => r.msg === 'switch up');
          check(l, ups0.length === 1 && ups0[0]!['dpid'] === dpidOf(1), `one 'switch up' for dpid ${dpidOf(1)} before the restart, got ${JSON.stringify(ups0)}`);

          const before = l.ovs.snapshotConnected();
          const nRecs = records(l).length;
          const t0 = Date.now();
          await l.ovs.restartVswitchd({ withDb });
          await l.waitReady(before, RECOVERY_BOUND_MS);
          const recovery = await pingUntil(h1, h2, RECOVERY_BOUND_MS - (Date.now() - t0));
          const total = Date.now() - t0;
          check(l, recovery !== undefined, `h1 -> h2 did not get a reply within ${RECOVERY_BOUND_MS} ms of restarting ${what}`);
          process.stdout.write(`  [${version}] ${what} restart -> first ping reply: ${total} ms (${total - recovery!} ms to reconnect and table-miss)\n`);

          // the controller saw the old connection go and the same datapath come back, in that order
          const after = records(l).slice(nRecs);
          const downs = after.filter((r) => r.msg === 'switch down');
          const ups = after.filter((r) => r.msg === 'switch up');
          check(l, downs.length === 1 && downs[0]!['dpid'] === dpidOf(1), `one 'switch down' for ${dpidOf(1)}: ${JSON.stringify(downs)}`);
          check(l, ups.length === 1 && ups[0]!['dpid'] === dpidOf(1), `one new 'switch up' for ${dpidOf(1)}: ${JSON.stringify(ups)}`);
          check(l, after.indexOf(downs[0]!) < after.indexOf(ups[0]!), `'switch down' comes before the new 'switch up'`);
          // one registry entry: a summary written after the new 'switch up' counts 1 switch, 1 connection
          const upAt = after.indexOf(ups[0]!);
          const summary = await waitFor('a summary line after the new switch up', 3_000, () =>
            records(l).slice(nRecs).slice(upAt + 1).find((r) => r.msg === 'summary'),
          );
          check(l, summary['switches'] === 1 && summary['connections'] === 1, `registry after the restart: ${JSON.stringify(summary)}`);

          // the flow table was lost with the old vswitchd: everything learned now is the controller's new work
          const again = await pingAll(l.hosts);
          check(l, again.every((r) => r.ok), `pings after the restart: ${describeFailures(again)}`);
          const flows = await l.ovs.dumpFlows('s1');
          const problems = learnedFlowProblems(l, 's1', flows);
          check(l, problems.length === 0, `${problems.join('\n')}\n--- dump-flows ---\n${flows.map((f) => f.raw).join('\n')}`);
        }),
      );
    }

    s(
      'ports added and deleted under traffic: PORT_STATUS add/delete logged, a new host pings everyone, a host moved to a new port (same MAC) is found again',
      timed(60_000, async (scope) => {
        const l = await lab(scope);
        const [h1, h2, h3] = l.hosts as [LabHost, LabHost, LabHost];
        // h2 and h3 know each other's MAC without ARP and never exchange a
        // packet before h3 moves: the first h2 -> h3 packet after the move is
        // a unicast the controller must decide on from its MAC table alone
        await must('ip', ['netns', 'exec', h2.ns.name, 'ip', 'neigh', 'replace', h3.ip, 'lladdr', h3.mac, 'dev', 'eth0', 'nud', 'permanent']);
        await must('ip', ['netns', 'exec', h3.ns.name, 'ip', 'neigh', 'replace', h2.ip, 'lladdr', h2.mac, 'dev', 'eth0', 'nud', 'permanent']);
        for (const [a, b] of [[h1, h2], [h2, h1], [h1, h3], [h3, h1]] as const) {
          const r = await ping(a, b);
          check(l, r.ok, `${a.label} -> ${b.label} before the port changes`);
        }

        // traffic that keeps flowing through all the changes: h1 -> h2, 5/s
        const bg = spawnChild('ip', ['netns', 'exec', h1.ns.name, 'ping', '-n', '-i', '0.2', '-W', '1', h2.ip]);
        scope.defer(() => bg.stop(500));

        // 1. a new host on a new port
        let skip = records(l).length;
        const tag = uniqueTag(6);
        const h4h = await addHost({ label: 'h4', nsName: `nf${tag}h4`, switchNs: l.ovs.netns.name, switchIf: 's1h4', cidr: '10.0.0.4/24', mac: '02:00:00:00:00:04' });
        scope.defer(() => h4h.ns.remove());
        const h4: LabHost = { ...h4h, bridge: 's1', ofport: 4 };
        await l.ovs.addPorts('s1', [{ ifname: h4.switchIf, ofport: 4 }]);
        const add4 = await waitPortStatus(l, 4, 'add', skip);
        check(l, add4['name'] === 's1h4', `port status add names the interface: ${JSON.stringify(add4)}`);
        for (const o of [h1, h2, h3]) {
          for (const [a, b] of [[h4, o], [o, h4]] as const) {
            const r = await ping(a, b);
            check(l, r.ok, `${a.label} -> ${b.label} after h4 was added on port 4`);
          }
        }

        // 2. h3's port deleted, then the same interface (same MAC) added back as port 7
        skip = records(l).length;
        await l.ovs.vsctl(['del-port', 's1', h3.switchIf]);
        await waitPortStatus(l, 3, 'delete', skip);
        const dark = await ping(h1, h3, 1);
        check(l, !dark.ok, 'h3 is unreachable while its port is deleted');
        skip = records(l).length;
        await l.ovs.addPorts('s1', [{ ifname: h3.switchIf, ofport: 7 }]);
        await waitPortStatus(l, 7, 'add', skip);

        // the controller forgot h3@3: h2's first (unicast) packet to h3 is
        // flooded, reaches port 7, h3 answers and is learned there
        const t = await pingUntil(h2, h3, 15_000);
        check(l, t !== undefined, 'h2 -> h3 after h3 moved to port 7 (same MAC): no reply within 15 s (a hang guard; the time is printed): the controller still sends to the deleted port 3');
        process.stdout.write(`  [${version}] h2 -> h3 after the move: first reply after ${t} ms\n`);
        // h3 is learned on port 7 now: the next h2 -> h3 packet gets a flow to port 7
        const next = await ping(h2, h3);
        check(l, next.ok, 'h2 -> h3, second ping after the move');
        const flows = await l.ovs.dumpFlows('s1');
        const toH3 = flows.filter((f) => matchDlDst(f) === h3.mac && f.match['in_port'] === '2');
        check(l, toH3.length > 0 && toH3.every((f) => f.actions.map(outputPort).every((p) => p === 7)), `flows h2 -> h3 output to port 7 only:\n${flows.map((f) => f.raw).join('\n')}`);
        const fromH3 = flows.filter((f) => f.match['in_port'] === '7' && matchDlDst(f) === h2.mac);
        check(l, fromH3.length > 0, `a flow in_port=7,dl_dst=h2 (h3 learned on port 7):\n${flows.map((f) => f.raw).join('\n')}`);

        // The learning switch deleted the flows that used port 3 when the port
        // went away (OVS itself keeps them): no flow still outputs to port 3,
        // and h1 -> h3 (whose flow pointed at port 3) works again at once
        // instead of staying dark for as long as traffic refreshes the stale flow.
        const stale = flows.filter((f) => f.actions.map(outputPort).includes(3) || f.match['in_port'] === '3');
        check(l, stale.length === 0, `no flow uses the deleted port 3:\n${stale.map((f) => f.raw).join('\n')}`);
        const h1h3 = await pingUntil(h1, h3, 15_000);
        check(l, h1h3 !== undefined, 'h1 -> h3 after the move (its old flow to port 3 was deleted)');

        // the background pings kept flowing through all of it
        // SIGINT makes ping print its summary (`ip netns exec` exec'd ping: same pid)
        if (!bg.hasExited()) process.kill(bg.pid, 'SIGINT');
        await Promise.race([bg.exited, new Promise((r) => setTimeout(r, 2_000))]);
        const out = bg.output();
        // ping's summary: "N packets transmitted, M received"
        const stats = /(\d+) packets transmitted, (\d+) received/.exec(out);
        check(l, stats !== null, `background ping printed no summary:\n${out}`);
        const [sent, got] = [Number(stats![1]), Number(stats![2])];
        process.stdout.write(`  [${version}] background h1 -> h2 pings: ${got} replies of ${sent}\n`);
        check(l, sent >= 5 && got >= sent - 1, `background h1 -> h2 pings: ${got} replies of ${sent} sent\n${out.split('\n').slice(-8).join('\n')}`);
      }),
    );
  }

  s.run();
}
