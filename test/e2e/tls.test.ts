/**
 * OpenFlow over TLS with a real Open vSwitch: certificates made by the test
 * with openssl, `ovs-vsctl set-ssl`, `ssl:127.0.0.1:PORT` targets. The
 * learning switch works over TLS (1.0 and 1.3); a switch whose certificate
 * comes from another CA is refused, with the reason in the log, while the
 * controller keeps listening.
 */
import { existsSync } from 'node:fs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { NODEFLOW_CLI } from '../support/controller.js';
import { check, guard, Lab, learnedFlowProblems } from '../support/lab.js';
import { describeFailures, pingAll } from '../support/netns.js';
import { e2eUnavailable, type OfVersion } from '../support/ovs.js';
import { Pki } from '../support/pki.js';
import { timed, waitFor, which } from '../support/sys.js';

const reason = e2eUnavailable()
  ?? (which('openssl') ? undefined : 'openssl not installed (Debian: openssl)')
  ?? (existsSync(NODEFLOW_CLI) ? undefined : `nodeflow CLI not built at ${NODEFLOW_CLI}`);

const s = suite('e2e: nodeflow start over TLS with Open vSwitch');

if (guard(s, reason)) {
  for (const version of ['1.0', '1.3'] as OfVersion[]) {
    s(
      `OpenFlow ${version} over ssl: — 3 hosts ping every pair, learned flows installed; a switch certified by another CA is then refused`,
      timed(45_000, async (scope) => {
        const pki = new Pki();
        scope.defer(() => pki.remove());
        const ca = pki.ca('ours');
        const ctlCert = ca.issue('nodeflow');
        const swCert = ca.issue('ovs-switch');
        const l = await Lab.build(scope, {
          version, hostsPerBridge: [3], controller: 'nodeflow',
          tls: { controller: { ...ctlCert, ca: ca.cert }, switch: { ...swCert, ca: ca.cert } },
        });
        assert.match(l.ovs.bridges.get('s1')!.target, /^ssl:127\.0\.0\.1:/);
        const results = await pingAll(l.hosts);
        check(l, results.every((r) => r.ok), `pings over a TLS control channel: ${describeFailures(results)}`);
        const problems = learnedFlowProblems(l, 's1', await l.ovs.dumpFlows('s1'));
        check(l, problems.length === 0, problems.join('\n'));

        // the switch now presents a certificate from another CA: refused, logged, never connected
        const other = pki.ca('theirs');
        const rogue = other.issue('rogue-switch');
        await l.ovs.setSsl(rogue.key, rogue.cert, ca.cert);
        await l.controller.child.stop().catch(() => {});
        const c = await l.restartController();
        await waitFor('the controller to refuse the switch certificate', 15_000, () => /switch certificate refused/.test(c.output()));
        check(l, /certificate not signed by a CA we trust/.test(c.output()), 'the refusal names the reason');
        check(l, !/switch up/.test(c.output()), 'the rogue switch never comes up');
        check(l, !c.child.hasExited(), 'the controller keeps running');
      }),
    );
  }
}

s.run();
