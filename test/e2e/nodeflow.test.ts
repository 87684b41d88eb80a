/**
 * nodeflow against the real thing: `nodeflow start` as the controller of a
 * private Open vSwitch (userspace datapath) with hosts in network
 * namespaces, with the bridges pinned to OpenFlow 1.0, 1.3, 1.4 and 1.5 in turn.
 * The same checks pass with ovs-testcontroller (testcontroller.test.ts).
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { NODEFLOW_CLI } from '../support/controller.js';
import { check, guard, Lab, learnedFlowProblems } from '../support/lab.js';
import { describeFailures, ping, pingAll, tcpEcho } from '../support/netns.js';
import { e2eUnavailable, type OfVersion } from '../support/ovs.js';
import { timed, type Scope } from '../support/sys.js';

const reason = e2eUnavailable() ?? (existsSync(NODEFLOW_CLI) ? undefined : `nodeflow CLI not built at ${NODEFLOW_CLI}`);

// 1.4 and 1.5 run the same checks: the learning switch on a bridge that allows only that version.
for (const version of ['1.0', '1.3', '1.4', '1.5'] as OfVersion[]) {
  const s = suite(`e2e: nodeflow start, OpenFlow ${version}`);
  const lab = (scope: Scope, hostsPerBridge: number[]) => Lab.build(scope, { version, hostsPerBridge, controller: 'nodeflow' });

  if (guard(s, reason)) {
    s(
      '3 hosts on one bridge: every pair pings; dump-flows shows learned flows matching in_port and dl_dst, output to the host port',
      timed(30_000, async (scope) => {
        const l = await lab(scope, [3]);
        const results = await pingAll(l.hosts);
        check(l, results.every((r) => r.ok), `pings: ${describeFailures(results)}`);
        const flows = await l.ovs.dumpFlows('s1');
        const problems = learnedFlowProblems(l, 's1', flows);
        check(l, problems.length === 0, `${problems.join('\n')}\n--- dump-flows ---\n${flows.map((f) => f.raw).join('\n')}`);
      }),
    );

    s(
      'chain of 2 bridges, 2 hosts on each: every pair pings and both bridges learn the right ports',
      timed(30_000, async (scope) => {
        const l = await lab(scope, [2, 2]);
        const results = await pingAll(l.hosts);
        check(l, results.every((r) => r.ok), `pings: ${describeFailures(results)}`);
        for (const br of l.bridges) {
          const flows = await l.ovs.dumpFlows(br);
          const problems = learnedFlowProblems(l, br, flows);
          check(l, problems.length === 0, `${problems.join('\n')}\n--- dump-flows ${br} ---\n${flows.map((f) => f.raw).join('\n')}`);
        }
      }),
    );

    s(
      'TCP across 2 bridges: 1 MiB sent to an echo server arrives intact and comes back intact',
      timed(30_000, async (scope) => {
        const l = await lab(scope, [1, 1]);
        const [h1, h2] = l.hosts as [(typeof l.hosts)[0], (typeof l.hosts)[0]];
        const payload = randomBytes(1 << 20);
        const r = await tcpEcho(h1, h2, payload);
        assert.equal(r.serverReceived, r.sent, 'server received exactly what the client sent');
        assert.equal(r.clientReceived, r.sent, 'client got the same bytes back');
      }),
    );

    s(
      'controller killed and restarted: switches reconnect, flows are rebuilt, every pair pings again',
      timed(45_000, async (scope) => {
        const l = await lab(scope, [2, 1]);
        const first = await pingAll(l.hosts);
        check(l, first.every((r) => r.ok), `pings before the kill: ${describeFailures(first)}`);

        const before = l.ovs.snapshotConnected();
        await l.controller.kill();
        // wipe what the old controller installed: whatever works afterwards
        // is the new controller's doing (fail-mode secure: no flows, no traffic)
        for (const br of l.bridges) await l.ovs.ofctl(br, 'del-flows');
        const [h1, , h3] = l.hosts;
        const dark = await ping(h1!, h3!, 1);
        check(l, !dark.ok, 'with the controller down and no flows, a ping must not get through');

        await l.restartController();
        await l.waitReady(before, 15_000);
        // no datapath purge here: flows OVS cached while no controller was
        // connected say `drop`; the learning switch's FLOW_MOD DELETE at
        // switch up (1.0) changes the flow table, so OVS revalidates them
        const again = await pingAll(l.hosts);
        check(l, again.every((r) => r.ok), `pings after the restart: ${describeFailures(again)}`);
        for (const br of l.bridges) {
          const problems = learnedFlowProblems(l, br, await l.ovs.dumpFlows(br));
          check(l, problems.length === 0, problems.join('\n'));
        }
      }),
    );
  }

  s.run();
}
