/**
 * The harness against a reference controller: ovs-testcontroller (the C
 * learning switch shipped with Open vSwitch, OpenFlow 1.0). The same
 * scenarios and the same flow checks as nodeflow's e2e tests; when these pass
 * and nodeflow's fail, the fault is in nodeflow, not in the harness.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { haveTestController } from '../support/controller.js';
import { check, guard, Lab, learnedFlowProblems } from '../support/lab.js';
import { describeFailures, pingAll } from '../support/netns.js';
import { e2eUnavailable } from '../support/ovs.js';
import { timed } from '../support/sys.js';

const s = suite('e2e: ovs-testcontroller (reference, OpenFlow 1.0)');
const reason = e2eUnavailable() ?? (haveTestController() ? undefined : 'ovs-testcontroller not installed (Debian: openvswitch-testcontroller)');

if (guard(s, reason)) {
  s(
    '3 hosts on one bridge: every pair pings, learned flows match in_port+dl_dst and output to the right port',
    timed(90_000, async (scope) => {
      const lab = await Lab.build(scope, { version: '1.0', hostsPerBridge: [3], controller: 'ovs-testcontroller' });
      const results = await pingAll(lab.hosts);
      check(lab, results.every((r) => r.ok), `pings: ${describeFailures(results)}`);
      const problems = learnedFlowProblems(lab, 's1', await lab.ovs.dumpFlows('s1'));
      assert.equal(problems, [], problems.join('\n'));
    }),
  );

  s(
    'chain of 2 bridges, 2 hosts on each: every pair pings',
    timed(90_000, async (scope) => {
      const lab = await Lab.build(scope, { version: '1.0', hostsPerBridge: [2, 2], controller: 'ovs-testcontroller' });
      const results = await pingAll(lab.hosts);
      check(lab, results.every((r) => r.ok), `pings: ${describeFailures(results)}`);
      for (const br of lab.bridges) {
        const problems = learnedFlowProblems(lab, br, await lab.ovs.dumpFlows(br));
        assert.equal(problems, [], problems.join('\n'));
      }
    }),
  );
}

s.run();
