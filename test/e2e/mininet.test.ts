/**
 * Mininet's own `pingall` on a tree topology with nodeflow as the remote
 * controller. Opt-in (NODEFLOW_E2E_MININET=1): Mininet is slow and its
 * global cleanup is dangerous on a shared machine, so it runs fenced in:
 * - `mn` runs through test/e2e/mn-nocleanup.py, which disables that cleanup;
 * - inside the private network namespace of a private Open vSwitch (its
 *   links, taps and bridges cannot touch anyone else's), with OVS_RUNDIR
 *   pointing `ovs-vsctl` at that private OVS instead of the system one;
 * - inside its own PID namespace (`unshare --pid --fork --mount-proc`), so
 *   no `killall` it might run can see other processes, and every host shell
 *   it leaves behind dies with it;
 * - under `timeout 60` (Mininet waits for switches forever).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { NODEFLOW_CLI, pickPort, startNodeflow, waitListening } from '../support/controller.js';
import { ROOT } from '../support/fixtures.js';
import { guard } from '../support/lab.js';
import { e2eUnavailable, ofProtocol, PrivateOvs, type OfVersion } from '../support/ovs.js';
import { run, timed, which } from '../support/sys.js';

const WRAPPER = join(ROOT, 'test', 'e2e', 'mn-nocleanup.py');
const s = suite('e2e: Mininet tree,depth=2 pingall with nodeflow start');

function unavailable(): string | undefined {
  if (process.env['NODEFLOW_E2E_MININET'] !== '1') return 'Mininet test runs only with NODEFLOW_E2E_MININET=1';
  const base = e2eUnavailable();
  if (base) return base;
  if (!existsSync('/usr/bin/mn') || !existsSync('/usr/bin/python3')) return 'Mininet not installed (Debian: mininet)';
  if (!which('unshare') || !which('timeout')) return 'unshare/timeout missing (Debian: util-linux, coreutils)';
  if (!existsSync(NODEFLOW_CLI)) return `nodeflow CLI not built at ${NODEFLOW_CLI}`;
  return undefined;
}

const reason = unavailable();
// opt-in: without NODEFLOW_E2E_MININET the skip is not a failure, even in CI
const optedOut = process.env['NODEFLOW_E2E_MININET'] !== '1';
if (optedOut) process.stdout.write(`SKIPPED: ${reason}\n`);

if (!optedOut && guard(s, reason)) {
  for (const version of ['1.0', '1.3'] as OfVersion[]) {
    s(
      `OpenFlow ${version}: Mininet pingall over 3 switches and 4 hosts drops nothing`,
      timed(90_000, async (scope) => {
        const ovs = await PrivateOvs.start();
        scope.defer(() => ovs.stop());
        const port = pickPort();
        const c = startNodeflow(ovs.netns.name, port, version);
        scope.defer(() => c.stop());
        await waitListening(c, ovs.netns.name);
        const r = await run(
          'ip',
          [
            'netns', 'exec', ovs.netns.name,
            'unshare', '--pid', '--fork', '--mount-proc',
            'timeout', '60', '/usr/bin/python3', WRAPPER,
            '--switch', `ovs,datapath=user,protocols=${ofProtocol(version)}`,
            '--controller', `remote,ip=127.0.0.1,port=${port}`,
            '--topo', 'tree,depth=2',
            '--test', 'pingall',
          ],
          { env: ovs.env, timeoutMs: 75_000 },
        );
        const out = r.stdout + r.stderr;
        const m = /Results: (\d+)% dropped \((\d+)\/(\d+) received\)/.exec(out);
        assert.ok(m, `no pingall result from Mininet (exit ${r.code}):\n${out}\n--- nodeflow ---\n${c.output()}`);
        assert.equal(m![3], '12', 'tree,depth=2 has 4 hosts: 12 pings');
        assert.equal(m![2], m![3], `every ping answered:\n${out}`);
        assert.not.match(out, /Caught exception/, 'Mininet reported no error');
      }),
    );
  }
}

s.run();
