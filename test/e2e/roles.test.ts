/**
 * OpenFlow roles with a real Open vSwitch: two `nodeflow start` processes
 * control one 1.3 bridge; an app in each (loaded with --app) asks for the
 * roles the test writes to its command file. OVS's Controller table
 * (`ovs-vsctl --columns=target,role list controller`) shows the outcome:
 * MASTER moves with the newer generation id, an older generation is refused
 * as stale, the demoted controller is told (ROLE_STATUS) and refuses to
 * write while SLAVE.
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { NODEFLOW_CLI, pickPort, startNodeflow, waitListening, type Controller } from '../support/controller.js';
import { guard } from '../support/lab.js';
import { e2eUnavailable, PrivateOvs } from '../support/ovs.js';
import { timed, waitFor } from '../support/sys.js';

const reason = e2eUnavailable() ?? (existsSync(NODEFLOW_CLI) ? undefined : `nodeflow CLI not built at ${NODEFLOW_CLI}`);
const s = suite('e2e: OpenFlow roles, two nodeflow controllers on one Open vSwitch bridge');

/** Reads "ROLE GEN" lines from $ROLE_CMD (each new line once) and asks the switch; prints what happened. */
const APP = `
import { readFileSync } from 'node:fs';
export default () => {
  let done = 0;
  const say = (o) => process.stdout.write('ROLEAPP ' + JSON.stringify(o) + '\\n');
  return {
    name: 'role-driver',
    switchUp(sw) {
      const t = setInterval(() => {
        if (!sw.up) return clearInterval(t);
        let lines = [];
        try { lines = readFileSync(process.env.ROLE_CMD, 'utf8').split('\\n').filter(Boolean); } catch { return; }
        for (; done < lines.length; done++) {
          const [role, gen] = lines[done].split(' ');
          if (role === 'flowmod') {
            try { sw.deleteAllFlows(); say({ flowmod: 'sent' }); }
            catch (e) { say({ flowmod: 'refused', code: e.code, error: e.message }); }
            continue;
          }
          sw.requestRole(role, BigInt(gen)).then(
            (r) => say({ asked: role, gen, got: String(r.role), role: sw.role }),
            (e) => say({ asked: role, gen, error: e.codeName || e.message, role: sw.role }),
          );
        }
      }, 50);
    },
    roleChanged(sw, role, previous, why) { say({ changed: role, previous, why }); },
  };
};
`;

if (guard(s, reason)) {
  s(
    'MASTER follows the newest generation; an older one is refused STALE; the demoted controller is SLAVE and writes nothing',
    timed(60_000, async (scope) => {
      const ovs = await PrivateOvs.start();
      scope.defer(() => ovs.stop());
      const dir = mkdtempSync(join(tmpdir(), 'nodeflow-roles-'));
      const app = join(dir, 'role-driver.mjs');
      writeFileSync(app, APP);
      const ports = [pickPort(), pickPort()];
      const cmd = [join(dir, 'a.cmd'), join(dir, 'b.cmd')];
      const ctls: Controller[] = [];
      scope.defer(async () => {
        for (const c of ctls) await c.stop();
      });
      for (const [i, p] of ports.entries()) {
        writeFileSync(cmd[i]!, '');
        process.env['ROLE_CMD'] = cmd[i]; // inherited by the child at spawn
        const c = startNodeflow(ovs.netns.name, p, '1.3', ['--app', app, '--app', 'learning-switch', '--summary-interval', '0']);
        ctls.push(c);
        await waitListening(c, ovs.netns.name);
      }
      delete process.env['ROLE_CMD'];
      const [a, b] = ctls as [Controller, Controller];
      await ovs.addBridge({ name: 'r1', version: '1.3', controllerPort: ports[0]!, dpid: 7 });
      await ovs.vsctl(['set-controller', 'r1', `tcp:127.0.0.1:${ports[0]}`, `tcp:127.0.0.1:${ports[1]}`]);
      await waitFor('both controllers to see the switch', 15_000, () => /switch up/.test(a.output()) && /switch up/.test(b.output()));

      const roles = async () => {
        const out = JSON.parse(await ovs.vsctl(['--format=json', '--columns=target,role', 'list', 'controller'])) as { data: [string, string | [string, unknown[]]][] };
        return new Map(out.data.map(([t, r]) => [Number(t.split(':')[2]), typeof r === 'string' ? r : '']));
      };
      const waitRoles = (want: [string, string]) => waitFor(`OVS roles A=${want[0]} B=${want[1]}`, 15_000, async () => {
        const r = await roles();
        return r.get(ports[0]!) === want[0] && r.get(ports[1]!) === want[1] ? r : undefined;
      }, 100);
      const say = (i: number, line: string) => writeFileSync(cmd[i]!, line + '\n', { flag: 'a' });
      const events = (c: Controller) => c.output().split('\n').filter((l) => l.startsWith('ROLEAPP ')).map((l) => JSON.parse(l.slice(8)) as Record<string, string>);

      // A becomes master with generation 10; B stays 'other' (EQUAL)
      say(0, 'master 10');
      await waitRoles(['master', 'other']);
      await waitFor('A confirmed master', 5_000, () => events(a).some((e) => e['asked'] === 'master' && e['role'] === 'master'));
      // B asks with an older generation: refused as stale, A keeps it
      say(1, 'master 5');
      await waitFor('B refused', 5_000, () => events(b).some((e) => e['asked'] === 'master' && e['error'] === 'OFPRRFC_STALE'));
      assert.is((await roles()).get(ports[0]!), 'master', 'the stale request changed nothing');
      // B asks with a newer generation: B master, A demoted to slave by the switch
      say(1, 'master 11');
      await waitRoles(['slave', 'master']);
      await waitFor('A told it is SLAVE', 5_000, () => events(a).some((e) => e['changed'] === 'slave'));
      // A, now SLAVE, refuses to write
      say(0, 'flowmod');
      await waitFor('A refuses the FLOW_MOD', 5_000, () => events(a).some((e) => e['flowmod'] === 'refused' && e['code'] === 'NODEFLOW_ERR_SLAVE'));
      // A tries to come back with its old generation: stale
      say(0, 'master 10');
      await waitFor('A refused as stale', 5_000, () => events(a).some((e) => e['asked'] === 'master' && e['gen'] === '10' && e['error'] === 'OFPRRFC_STALE'));
      const r = await roles();
      assert.equal([r.get(ports[0]!), r.get(ports[1]!)], ['slave', 'master']);
    }),
  );
}

s.run();
