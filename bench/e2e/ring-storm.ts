/**
 * One broadcast on a ring of four Open vSwitch bridges (the lab of
 * test/e2e/ring.test.ts): the bridges' port counters (rx + tx of every
 * port, summed) before it and about 2 s after, with the default learning
 * switch (which floods the broadcast round the loop forever) or with
 * `--app forwarding`. Needs root and Open vSwitch, like the e2e tests; it
 * loads the machine while a storm lasts, so it is not part of CI.
 *
 *   node dist/bench/e2e/ring-storm.js [learning-switch|forwarding] [1.0|1.3]
 */
import { Lab } from '../../test/support/lab.js';
import { e2eUnavailable, type OfVersion } from '../../test/support/ovs.js';
import { run, Scope, sleep } from '../../test/support/sys.js';

const app = process.argv[2] ?? 'forwarding';
const version = (process.argv[3] ?? '1.3') as OfVersion;
if (app !== 'learning-switch' && app !== 'forwarding') throw new Error(`app must be learning-switch or forwarding, not ${app}`);
const why = e2eUnavailable();
if (why) {
  process.stderr.write(`ring-storm: ${why}\n`);
  process.exit(2);
}

const scope = new Scope();
try {
  const lab = await Lab.build(scope, { version, hostsPerBridge: [2, 2, 2, 2], ring: true, controller: 'nodeflow', controllerArgs: ['--app', app] });
  const total = async () => {
    let n = 0;
    for (const br of lab.bridges) for (const p of await lab.ovs.portCounters(br)) n += p.rxPackets + p.txPackets;
    return n;
  };
  await sleep(2000); // forwarding: links found and host ports classified
  const before = await total();
  const t0 = Date.now();
  await run('ip', ['netns', 'exec', lab.hosts[0]!.ns.name, 'ping', '-b', '-c', '1', '-W', '1', '10.0.0.255']);
  await sleep(1000);
  const after = await total();
  process.stdout.write(`${app}, OpenFlow ${version}: port counters +${after - before} in ${Date.now() - t0} ms after one broadcast\n`);
} finally {
  await scope.close();
}
