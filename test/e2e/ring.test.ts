/**
 * Loops: four Open vSwitch bridges in a ring (patch ports), two hosts on
 * each, `nodeflow start --app forwarding` (which brings the topology
 * service), once with the bridges pinned to OpenFlow 1.0 and once to 1.3.
 * A plain learning switch floods broadcasts round this ring forever.
 *
 * - the topology service finds exactly the ring's 4 links (8 directed);
 * - every pair of the 8 hosts pings, and afterwards the network is quiet:
 *   between two samples a few seconds apart, the bridges' packet counters
 *   and the controller's PACKET_IN count grow by no more than the LLDP probes
 *   sent in that time allow (a broadcast storm grows them by thousands a
 *   second);
 * - one ring link is cut (its patch ports deleted) under a running ping
 *   that crossed it: the ping resumes (the outage is printed, for
 *   RELIABILITY.md), the topology shows 3 links, every pair pings again;
 * - the link is put back: 4 links again, every pair pings;
 * - a host sends real LLDP of another implementation (lldpd, fixtures/lldp)
 *   and a truncated copy: the controller ignores them (links unchanged) and
 *   keeps forwarding;
 * - a host moves to another bridge: forgotten with its old port, found at
 *   the new one, and it pings every other host again;
 * - a link stops carrying traffic with no PORT_STATUS saying so (both ends
 *   set to no-receive): it is dropped when its probes stop arriving, and a
 *   ping across it resumes round the other side (gap printed); set back to
 *   receive, it comes back.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readCapture } from '../../cli/pcap/index.js';
import { FIXTURES } from '../support/fixtures.js';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { NODEFLOW_CLI } from '../support/controller.js';
import { check, guard, Lab, PATCH_NEXT, PATCH_PREV } from '../support/lab.js';
import { describeFailures, pingAll } from '../support/netns.js';
import { e2eUnavailable, type OfVersion } from '../support/ovs.js';
import { must, sleep, spawnChild, timed, waitFor } from '../support/sys.js';
import { jsonRecords, linksFromLog, packetInTotal, summaryCount } from '../support/topology-log.js';

const reason = e2eUnavailable() ?? (existsSync(NODEFLOW_CLI) ? undefined : `nodeflow CLI not built at ${NODEFLOW_CLI}`);
const BRIDGES = 4;
/** Probe interval the controller runs with here (seconds): the default, or NODEFLOW_RING_LLDP_INTERVAL to measure another. */
const LLDP_INTERVAL = Number(process.env['NODEFLOW_RING_LLDP_INTERVAL'] ?? 1);

const dpid = (k: number) => k.toString(16).padStart(16, '0');
/** The directed links of the ring, with link `cut` (bridge cut+1 to cut+2, 1-based) left out. */
function ringLinks(cut?: number): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i < BRIDGES; i++) {
    if (i === cut) continue;
    const a = dpid(i + 1);
    const b = dpid(((i + 1) % BRIDGES) + 1);
    out.add(`${a}:${PATCH_NEXT}>${b}:${PATCH_PREV}`);
    out.add(`${b}:${PATCH_PREV}>${a}:${PATCH_NEXT}`);
  }
  return out;
}
const sameSet = (a: Set<string>, b: Set<string>) => a.size === b.size && [...a].every((x) => b.has(x));

/** rx + tx packets of every port of every bridge, by `bridge:port`. */
async function counters(l: Lab): Promise<Map<string, number>> {
  const m = new Map<string, number>();
  for (const br of l.bridges) for (const p of await l.ovs.portCounters(br)) m.set(`${br}:${p.port}`, p.rxPackets + p.txPackets);
  return m;
}
const total = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
const deltas = (a: Map<string, number>, b: Map<string, number>) => [...b].map(([k, v]) => `${k}+${v - (a.get(k) ?? 0)}`).join(' ');

/** Reply timestamps (seconds, from ping -D) in ping's output. */
function replyTimes(out: string): number[] {
  return [...out.matchAll(/^\[(\d+\.\d+)\] \d+ bytes from/gm)].map((m) => Number(m[1]));
}

for (const version of ['1.0', '1.3'] as OfVersion[]) {
  const s = suite(`e2e: ring of ${BRIDGES} bridges, nodeflow --app forwarding, OpenFlow ${version}`);
  if (guard(s, reason)) {
    s(
      'exactly 4 links found; all pairs ping with no broadcast storm; a cut link is routed around (3 links); restored (4 links)',
      timed(150_000, async (scope) => {
        const l = await Lab.build(scope, {
          version, hostsPerBridge: [2, 2, 2, 2], ring: true, controller: 'nodeflow',
          controllerArgs: ['--app', 'forwarding', '--json-logs', '--summary-interval', '1', '--lldp-interval', String(LLDP_INTERVAL), '--log-level', 'debug'],
        });
        const out = () => l.controller.output();
        const waitLinks = async (want: Set<string>, what: string) => {
          await waitFor(what, 20_000, () => sameSet(linksFromLog(out()), want)).catch((e: Error) => {
            throw new Error(`${e.message}; links now: ${[...linksFromLog(out())].sort().join(' ')}\n${l.diagnostics()}`);
          });
        };

        // a host re-checks a neighbour entry it learnt from a request (unicast ARP probes, 5 s after
        // first use): that traffic would blur the quiet-period count below, so it waits a minute here
        for (const h of l.hosts) await must('ip', ['netns', 'exec', h.ns.name, 'sysctl', '-q', '-w', 'net.ipv4.neigh.eth0.delay_first_probe_time=60']);
        await waitLinks(ringLinks(), 'the topology service to report the ring: 4 links, 8 directed');
        // hold on a moment for every host port to be classified as an edge port (settle = 1 probe interval)
        await sleep(LLDP_INTERVAL * 1000 + 200);

        const first = await pingAll(l.hosts);
        check(l, first.every((r) => r.ok), `pings on the ring: ${describeFailures(first)}`);
        check(l, sameSet(linksFromLog(out()), ringLinks()), 'still exactly the 4 ring links after the pings');

        // --- no storm: counters grow only by what the LLDP probes explain
        await sleep(1500);
        const s0 = summaryCount(out());
        await waitFor('a fresh summary line', 5_000, () => summaryCount(out()) > s0);
        const t0 = Date.now();
        const m0 = await counters(l);
        const c0 = total(m0);
        const p0 = packetInTotal(out())!;
        await sleep(3000);
        const s1 = summaryCount(out());
        await waitFor('a fresh summary line', 5_000, () => summaryCount(out()) > s1);
        const m1 = await counters(l);
        const c1 = total(m1);
        const p1 = packetInTotal(out())!;
        const rounds = Math.ceil((Date.now() - t0) / (LLDP_INTERVAL * 1000)) + 2;
        // per probe round: 16 probes leave (4 ports x 4 bridges, counted as tx), 8 arrive over the
        // patch links (rx) and come up as PACKET_INs; a little slack on top
        const counterBound = rounds * 24 + 30;
        const packetInBound = rounds * 8 + 50;
        process.stdout.write(`  [ring ${version}] quiet period: port counters +${c1 - c0} (bound ${counterBound}), PACKET_IN +${p1 - p0} (bound ${packetInBound})\n`);
        check(l, c1 - c0 <= counterBound, `bridge packet counters grew by ${c1 - c0} in a quiet period (bound ${counterBound}): a broadcast storm? per port: ${deltas(m0, m1)}`);
        check(l, p1 - p0 <= packetInBound, `PACKET_INs grew by ${p1 - p0} in a quiet period (bound ${packetInBound}): a broadcast storm?`);

        // --- cut s1-s2 under a running ping from h1 (on s1) to h3 (on s2): its shortest path is that link
        const h1 = l.hosts[0]!;
        const h3 = l.hosts[2]!;
        const pinger = spawnChild('ip', ['netns', 'exec', h1.ns.name, 'ping', '-n', '-D', '-i', '0.05', '-w', '12', h3.ip]);
        scope.defer(() => pinger.stop());
        await waitFor('the ping to run', 5_000, () => replyTimes(pinger.output()).length >= 10);
        const cutAt = Date.now() / 1000;
        await l.cutLink(0);
        const cutDone = Date.now() / 1000;
        await waitLinks(ringLinks(0), 'the topology service to report 3 links after the cut');
        await waitFor('pings to resume after the cut', 10_000, () => replyTimes(pinger.output()).some((t) => t > cutDone + 0.2));
        await pinger.stop();
        const times = replyTimes(pinger.output());
        const before = times.filter((t) => t <= cutAt);
        const after = times.filter((t) => t > cutAt);
        assert.ok(before.length > 0 && after.length > 0, `replies before and after the cut:\n${pinger.output()}`);
        let outage = after[0]! - before[before.length - 1]!;
        for (let i = 1; i < after.length; i++) outage = Math.max(outage, after[i]! - after[i - 1]!);
        const seqs = [...pinger.output().matchAll(/icmp_seq=(\d+)/g)].map((m) => Number(m[1]));
        const lost = seqs.length ? Math.max(...seqs) - Math.min(...seqs) + 1 - new Set(seqs).size : 0;
        process.stdout.write(`  [ring ${version}] link cut: longest gap between ping replies ${(outage * 1000).toFixed(0)} ms (ping every 50 ms), ${lost} of ${seqs.length + lost} pings lost\n`);

        const cut = await pingAll(l.hosts);
        check(l, cut.every((r) => r.ok), `pings with the link cut: ${describeFailures(cut)}`);

        // --- restore
        await l.restoreLink(0);
        await waitLinks(ringLinks(), 'the topology service to report 4 links again after the restore');
        const again = await pingAll(l.hosts);
        check(l, again.every((r) => r.ok), `pings after the restore: ${describeFailures(again)}`);

        // --- foreign and broken LLDP from a host (lldpd's real frames, one cut short): ignored, nothing breaks
        const foreign = readCapture(readFileSync(join(FIXTURES, 'lldp', 'lldpd.pcap'))).frames.map((f) => Buffer.from(f.data));
        const frames = [...foreign, foreign[0]!.subarray(0, 40)].map((b) => b.toString('hex'));
        const py = 'import socket,sys\ns=socket.socket(socket.AF_PACKET,socket.SOCK_RAW)\ns.bind(("eth0",0))\nfor h in sys.argv[1:]: s.send(bytes.fromhex(h))';
        const ignored = () => jsonRecords(out()).filter((r) => r.msg === 'LLDP frame ignored');
        await must('ip', ['netns', 'exec', h1.ns.name, 'python3', '-c', py, ...frames]);
        await waitFor('the 3 frames to be reported as ignored LLDP', 5_000, () => ignored().length >= 3).catch((e: Error) => {
          throw new Error(`${e.message}\n${l.diagnostics()}`);
        });
        const reasons = ignored().map((r) => String(r['error']));
        check(l, reasons.filter((r) => /foreign LLDP/.test(r)).length === 2 && reasons.some((r) => /runs past|cut off/.test(r)), `reasons: ${reasons.join(' | ')}`);
        await sleep(LLDP_INTERVAL * 1000);
        check(l, !l.controller.child.hasExited(), 'the controller is still running');
        check(l, sameSet(linksFromLog(out()), ringLinks()), 'foreign LLDP changed no link');
        const still = await pingAll([h1, l.hosts[5]!]);
        check(l, still.every((r) => r.ok), `pings after the foreign LLDP: ${describeFailures(still)}`);

        // --- h1 moves from s1 port 1 to s3 port 3: it is forgotten with its port, found at the new one, reachable again
        await l.ovs.vsctl(['--', 'del-port', 's1', h1.switchIf, '--', 'add-port', 's3', h1.switchIf, '--', 'set', 'interface', h1.switchIf, 'ofport_request=3']);
        const moved = [];
        for (const h of l.hosts.slice(1)) moved.push(...(await pingAll([h1, h])));
        check(l, moved.every((r) => r.ok), `pings after h1 moved: ${describeFailures(moved)}`);
        const h1Events = jsonRecords(out()).filter((r) => r.mac === h1.mac && /^host /.test(r.msg)).map((r) => `${r.msg} ${String(r['dpid']).slice(-1)}:${String(r['port'])}`);
        check(l, h1Events.includes('host removed 1:1') && h1Events[h1Events.length - 1] === 'host added 3:3', `h1's host events: ${h1Events.join(', ')}`);

        // --- a failure no PORT_STATUS reports as down: s3:20 and s4:10 stop receiving (OFPPC_NO_RECV;
        // OVS drops what arrives there, probes included). The link goes when it has missed its probe
        // rounds (--link-timeout, 3.5 s by default), then traffic is routed round it
        const [h5, h7] = [l.hosts[4]!, l.hosts[6]!];
        const pinger2 = spawnChild('ip', ['netns', 'exec', h5.ns.name, 'ping', '-n', '-D', '-i', '0.05', '-w', '25', h7.ip]);
        scope.defer(() => pinger2.stop());
        await waitFor('the second ping to run', 5_000, () => replyTimes(pinger2.output()).length >= 10);
        const failAt = Date.now() / 1000;
        await l.ovs.ofctl('s3', 'mod-port', '20', 'no-receive');
        await l.ovs.ofctl('s4', 'mod-port', '10', 'no-receive');
        await waitLinks(ringLinks(2), 'the topology service to drop the link that stopped carrying probes (3 links)');
        const droppedAt = Date.now() / 1000; // the old way has carried nothing since failAt: a reply after this took the new one
        const timedOut = jsonRecords(out()).filter((r) => r.msg === 'link down' && r['reason'] === 'timeout').length;
        check(l, timedOut >= 2, `both directions dropped for missing probes (timeout): ${timedOut}`);
        await waitFor('pings to resume after the silent failure', 15_000, () => replyTimes(pinger2.output()).some((t) => t > droppedAt));
        await pinger2.stop();
        const t2 = replyTimes(pinger2.output());
        let gap2 = 0;
        for (let i = 1; i < t2.length; i++) if (t2[i]! > failAt) gap2 = Math.max(gap2, t2[i]! - t2[i - 1]!);
        process.stdout.write(`  [ring ${version}] silent failure (no-receive): longest gap between ping replies ${(gap2 * 1000).toFixed(0)} ms\n`);
        await l.ovs.ofctl('s3', 'mod-port', '20', 'receive');
        await l.ovs.ofctl('s4', 'mod-port', '10', 'receive');
        await waitLinks(ringLinks(), 'the link to come back once probes cross again (4 links)');
      }),
    );
  }
  s.run();
}
