/**
 * `nodeflow start --workers 2 --http`: the primary serves HTTP and gathers
 * from the workers over IPC at request time: the switch list spans both
 * workers, a write reaches the switch on whichever worker holds it, events
 * from every worker reach the stream, and /metrics sums the workers.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { FakeSwitch, waitFor, OFP13, until } from '../controller/support.js';
import { answerBarrier, answerMultipart } from './support.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES } from '../support/fixtures.js';

/** Open vSwitch 3.1's 1.3 port-stats reply (ports 1, 2 and LOCAL). */
const PORT_STATS = readFileSync(join(FIXTURES, 'of13/ovs/070-OFPT_MULTIPART_REPLY-OFPMP_PORT_STATS.packet'));
import { parsePromText, valueOf } from '../support/prom-text.js';

const CLI = fileURLToPath(new URL('../../cli/nodeflow.js', import.meta.url));

test('--workers 2 --http: switches of both workers listed, writes reach the right worker, events and metrics gathered from both', async () => {
  const child = spawn(process.execPath, [CLI, 'start', '--host', '127.0.0.1', '--port', '0', '--workers', '2', '--http', '127.0.0.1:0', '--summary-interval', '0'], {
    stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODEFLOW_HTTP_TOKEN: 'w0rkers' },
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exit = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  const switches: FakeSwitch[] = [];
  const ac = new AbortController();
  try {
    const port = Number((await waitFor(() => out, /listening on 127\.0\.0\.1:(\d+) \(2 workers\)/, 10_000))[1]);
    const base = (await waitFor(() => out, /http on (http:\/\/127\.0\.0\.1:\d+)/, 10_000))[1]!;
    // the event stream, opened before the switches come
    let events = '';
    const res = await fetch(`${base}/api/v1/events`, { signal: ac.signal });
    const pump = (async () => {
      const reader = res.body!.getReader();
      const dec = new TextDecoder();
      for (;;) {
        const { done, value } = await reader.read().catch(() => ({ done: true, value: undefined }));
        if (done) return;
        events += dec.decode(value);
      }
    })();
    for (let i = 1; i <= 4; i++) {
      const sw = await FakeSwitch.connect(port);
      await sw.handshake({ version: OFP13, dpid: BigInt(i), ports: [1, 2] });
      await sw.waitType(14); // table-miss flow from the worker's learning switch
      switches.push(sw);
    }
    const list = await (async () => {
      for (;;) {
        const l = (await (await fetch(`${base}/api/v1/switches?counters=false`)).json()) as Array<{ dpid: string; worker: number }>;
        if (l.length === 4) return l;
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    assert.equal(list.map((s) => s.dpid), ['0000000000000001', '0000000000000002', '0000000000000003', '0000000000000004']);
    assert.equal([...new Set(list.map((s) => s.worker))].sort(), [1, 2], 'switches on both workers');

    for (const [i, sw] of switches.entries()) {
      const r = fetch(`${base}/api/v1/switches/${i + 1}/flows`, {
        method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer w0rkers' },
        body: JSON.stringify({ priority: 100 + i, match: { in_port: 1 }, actions: [{ type: 'OUTPUT', port: 2 }] }),
      });
      const fm = await sw.waitType(14);
      assert.is(fm.bytes.readUInt16BE(30), 100 + i, `switch ${i + 1} got its FLOW_MOD`);
      await answerBarrier(sw, OFP13);
      assert.is((await r).status, 200);
    }
    // live port counters for switches on every worker: each worker asks its own switches
    const withCounters = fetch(`${base}/api/v1/switches`);
    await Promise.all(switches.map((sw) => answerMultipart(sw, 4, PORT_STATS)));
    const cl = (await (await withCounters).json()) as Array<{ dpid: string; worker: number; ports: Array<{ port_no: number; counters?: Record<string, number> }>; counters_error?: string }>;
    assert.is(cl.length, 4);
    for (const s of cl) {
      assert.is(s.counters_error, undefined, `${s.dpid}: ${s.counters_error}`);
      assert.is(typeof s.ports.find((p) => p.port_no === 1)?.counters?.['rx_packets'], 'number', `${s.dpid} (worker ${s.worker}) has live counters`);
    }
    const missing = await fetch(`${base}/api/v1/switches/99`);
    assert.is(missing.status, 404);

    const fams = parsePromText(await (await fetch(`${base}/metrics`)).text());
    assert.is(valueOf(fams, 'nodeflow_switches_connected'), 4, 'summed over the workers');
    assert.is(valueOf(fams, 'nodeflow_request_duration_seconds_count', { kind: 'FLOW_MOD', result: 'ok' }), 4);

    await until(() => (events.match(/"kind":"switch_up"/g) ?? []).length === 4, 3000, 'switch_up events from both workers');
    assert.match(events, /"worker":1/);
    assert.match(events, /"worker":2/);
    ac.abort();
    await pump;
    child.kill('SIGTERM');
    assert.is(await exit, 0);
  } finally {
    ac.abort();
    for (const sw of switches) sw.close();
    if (child.exitCode === null) child.kill('SIGKILL');
  }
});

test.run();
