/**
 * Request/reply overhead, controller side: `sw.barrier()` and `sw.desc()`
 * round trips per second against a scripted 1.3 switch on loopback that
 * answers each request at once (captured OVS DESC reply bytes), with 1, 16
 * and 256 requests in flight. The switch side is a plain socket reader, so
 * the figure is mostly the controller's encode, pending table, decode and
 * promise work plus two socket hops.
 *   node dist/bench/request.bench.js [--seconds 3]
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { FakeSwitch, startController, until } from '../test/controller/support.js';
import { FIXTURES } from '../test/support/fixtures.js';
import type { Switch } from '../controller/app.js';

const seconds = Number(process.argv[process.argv.indexOf('--seconds') + 1] || 3);
const descFile = readdirSync(join(FIXTURES, 'of13/ovs')).find((f) => f.includes('OFPMP_DESC') && f.includes('REPLY'))!;
const DESC = readFileSync(join(FIXTURES, 'of13/ovs', descFile));

async function main(): Promise<void> {
  let sw: Switch | undefined;
  const { ctl, port } = await startController({ apps: [{ switchUp: (s) => void (sw = s) }], maxRequestsInFlight: 1024 });
  const fake = await FakeSwitch.connect(port);
  await fake.handshake({ version: 4, dpid: 1n });
  await until(() => sw !== undefined);
  // answer every BARRIER_REQUEST and DESC request as it arrives
  fake.sock.on('data', () => {
    const out: Buffer[] = [];
    for (const m of fake.msgs.splice(0)) {
      if (m.type === 20) {
        const r = Buffer.from(m.bytes);
        r[1] = 21;
        out.push(r);
      } else if (m.type === 18 && m.bytes.readUInt16BE(8) === 0) {
        const r = Buffer.from(DESC);
        r.writeUInt32BE(m.xid, 4);
        out.push(r);
      }
    }
    if (out.length > 0) fake.send(Buffer.concat(out));
  });
  const s = sw!;
  for (const [what, call] of [['barrier', () => s.barrier()], ['desc', () => s.desc()]] as const) {
    for (const inflight of [1, 16, 256]) {
      let done = 0;
      const end = Date.now() + seconds * 1000;
      const t0 = process.hrtime.bigint();
      const worker = async () => {
        while (Date.now() < end) {
          await call();
          done++;
        }
      };
      await Promise.all(Array.from({ length: inflight }, worker));
      const s2 = Number(process.hrtime.bigint() - t0) / 1e9;
      process.stdout.write(`${what.padEnd(8)} ${String(inflight).padStart(3)} in flight: ${Math.round(done / s2).toLocaleString('en-US')} requests/s\n`);
    }
  }
  fake.close();
  await ctl.stop();
}

main().catch((e: unknown) => {
  process.stderr.write(`request bench: ${String(e)}\n`);
  process.exit(1);
});
