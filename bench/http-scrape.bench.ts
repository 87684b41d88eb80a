/**
 * What one /metrics scrape and one event-stream snapshot cost the
 * controller's process: 16 emulated switches (OpenFlow 1.3, 4 ports each,
 * MAC tables with entries) connected to a controller with the HTTP layer,
 * then N scrapes through fastify's inject (no socket), timed as CPU time of
 * this process (process.cpuUsage: user + system) and wall time. A scrape a
 * second costing C ms of CPU takes C/1000 of one core away from the packet
 * path, which is what the `--http` on/off comparison in BENCHMARKS.md bounds.
 * Usage: node dist/bench/http-scrape.bench.js [SCRAPES=500]
 */
import { FakeSwitch, OFP13, frame, packetIn13, until } from '../test/controller/support.js';
import { harness } from '../test/http/support.js';

const N = Number(process.argv[2] ?? 500);
const h = await harness();
const sws: FakeSwitch[] = [];
for (let i = 1; i <= 16; i++) {
  const sw = await FakeSwitch.connect(h.port);
  await sw.handshake({ version: OFP13, dpid: BigInt(i), ports: [1, 2, 3, 4] });
  for (let m = 0; m < 50; m++) sw.send(packetIn13(m, 0xffffffff, 1 + (m % 4), frame('ff:ff:ff:ff:ff:ff', `02:00:00:00:${i.toString(16).padStart(2, '0')}:${m.toString(16).padStart(2, '0')}`, 0x0800)));
  sws.push(sw);
}
await until(() => h.ctl.stats.packetIn >= 16 * 50, 10_000, 'packet-ins handled');

async function measure(what: string, f: () => Promise<unknown>): Promise<void> {
  for (let i = 0; i < 20; i++) await f(); // warm up
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < N; i++) await f();
  const wall = Number(process.hrtime.bigint() - t0) / 1e6 / N;
  const c = process.cpuUsage(c0);
  const cpu = (c.user + c.system) / 1000 / N;
  console.log(`${what}: ${cpu.toFixed(3)} ms CPU, ${wall.toFixed(3)} ms wall per call (${N} calls, 16 switches)`);
}

let bytes = 0;
await measure('GET /metrics', async () => {
  const r = await h.app.inject({ method: 'GET', url: '/metrics' });
  bytes = r.body.length;
});
console.log(`  exposition size: ${bytes} bytes`);
await measure('GET /api/v1/switches?counters=false (the event stream snapshot)', () => h.app.inject({ method: 'GET', url: '/api/v1/switches?counters=false' }));
for (const sw of sws) sw.close();
await h.close();
