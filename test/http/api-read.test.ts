import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { FakeSwitch, OFP10, OFP13, frame, packetIn13, portStatus, until } from '../controller/support.js';
import { answerMultipart, harness } from './support.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES } from '../support/fixtures.js';

const fx = (rel: string): Buffer => readFileSync(join(FIXTURES, rel));
/** Open vSwitch 3.1 replies captured for the codec's fixtures. */
const OVS13 = {
  flows: fx('of13/ovs/133-OFPT_MULTIPART_REPLY-OFPMP_FLOW.packet'),
  ports: fx('of13/ovs/070-OFPT_MULTIPART_REPLY-OFPMP_PORT_STATS.packet'),
  groupDesc: fx('of13/ovs/125-OFPT_MULTIPART_REPLY-OFPMP_GROUP_DESC.packet'),
  groups: fx('of13/ovs/127-OFPT_MULTIPART_REPLY-OFPMP_GROUP.packet'),
  meters: fx('of13/ovs/131-OFPT_MULTIPART_REPLY-OFPMP_METER.packet'),
};
const MP = { FLOW: 1, PORT_STATS: 4, GROUP: 6, GROUP_DESC: 7, METER: 9 };

test('GET /api/v1/switches lists connected switches: 16-hex dpid, version, address, ports with state, uptime, message counts', async () => {
  const h = await harness();
  const a = await FakeSwitch.connect(h.port);
  const b = await FakeSwitch.connect(h.port);
  try {
    await a.handshake({ version: OFP13, dpid: 0xabcn, ports: [1, 2, 3] });
    await b.handshake({ version: OFP10, dpid: 7n, ports: [1, 2] });
    await until(() => h.ctl.registry.size === 2);
    const r = await h.app.inject({ method: 'GET', url: '/api/v1/switches?counters=false' });
    assert.is(r.statusCode, 200);
    const list = r.json() as Array<Record<string, unknown>>;
    assert.equal(list.map((s) => s['dpid']), ['0000000000000007', '0000000000000abc']);
    const s13 = list[1]!;
    assert.is(s13['version'], '1.3');
    assert.match(String(s13['address']), /^127\.0\.0\.1:\d+$/);
    assert.ok(typeof s13['uptime_seconds'] === 'number' && (s13['uptime_seconds'] as number) >= 0);
    const ports = s13['ports'] as Array<Record<string, unknown>>;
    assert.equal(ports.map((p) => [p['port_no'], p['name'], p['down']]), [[1, 'eth1', false], [2, 'eth2', false], [3, 'eth3', false]]);
    const msgs = s13['messages'] as Record<string, number>;
    assert.ok(msgs['received']! >= 3 && msgs['sent']! >= 4, JSON.stringify(msgs)); // hello, features, port desc in; hello, features, set_config, port desc, table-miss out
    assert.is(list[0]!['version'], '1.0');

    // a port going down shows in the list
    a.send(portStatus(OFP13, 2, 2, true));
    await until(() => h.ctl.registry.get(0xabcn)!.ports.get(2)!.down);
    const one = (await h.app.inject({ method: 'GET', url: '/api/v1/switches/0000000000000abc?counters=false' })).json() as Record<string, unknown>;
    assert.is((one['ports'] as Array<Record<string, unknown>>)[1]!['down'], true);
  } finally {
    a.close();
    b.close();
    await h.close();
  }
});

test('a switch is addressed by 16 hex digits, 0x-hex, colon form or decimal; bad ids answer 400, unknown ones 404, both with a message', async () => {
  const h = await harness();
  const a = await FakeSwitch.connect(h.port);
  try {
    await a.handshake({ version: OFP13, dpid: 0x10n });
    await until(() => h.ctl.registry.size === 1);
    for (const id of ['0000000000000010', '0x10', '00:00:00:00:00:00:00:10', '16']) {
      const r = await h.app.inject({ method: 'GET', url: `/api/v1/switches/${id}?counters=false` });
      assert.is(r.statusCode, 200, id);
      assert.is(r.json().dpid, '0000000000000010');
    }
    for (const id of ['zz', '0x', '-1', '18446744073709551616', '000000000000001g', '1:2']) {
      const r = await h.app.inject({ method: 'GET', url: `/api/v1/switches/${id}` });
      assert.is(r.statusCode, 400, id);
      assert.match(r.json().message, /bad datapath id/);
    }
    const r = await h.app.inject({ method: 'GET', url: '/api/v1/switches/99' });
    assert.is(r.statusCode, 404);
    assert.match(r.json().message, /no switch with datapath id 0000000000000063/);
    const nf = await h.app.inject({ method: 'GET', url: '/api/v1/nothing' });
    assert.is(nf.statusCode, 404);
    assert.match(nf.json().message, /no route GET \/api\/v1\/nothing/);
  } finally {
    a.close();
    await h.close();
  }
});

test("GET /switches/{dpid}/mac-table: the learning switch's learned MACs and ports", async () => {
  const h = await harness();
  const a = await FakeSwitch.connect(h.port);
  try {
    await a.handshake({ version: OFP13, dpid: 1n });
    await until(() => h.ctl.registry.size === 1);
    a.send(packetIn13(1, 0xffffffff, 3, frame('ff:ff:ff:ff:ff:ff', '02:00:00:00:00:0b', 0x0800)));
    a.send(packetIn13(2, 0xffffffff, 1, frame('ff:ff:ff:ff:ff:ff', '02:00:00:00:00:0a', 0x0800)));
    await a.waitType(13); // the controller flooded (PACKET_OUT): both handled
    await a.waitType(13);
    const r = await h.app.inject({ method: 'GET', url: '/api/v1/switches/1/mac-table' });
    assert.is(r.statusCode, 200);
    const t = r.json();
    assert.is(t.size, 2);
    assert.is(t.truncated, false);
    assert.equal(t.entries, [{ mac: '02:00:00:00:00:0a', port: 1 }, { mac: '02:00:00:00:00:0b', port: 3 }]);
  } finally {
    a.close();
    await h.close();
  }
});

test("live statistics through request/reply: flows, ports (also as the switch's port counters), groups, meters; groups on 1.0 answer 400; topology 501 without the topology app", async () => {
  const h = await harness();
  const a = await FakeSwitch.connect(h.port);
  const b = await FakeSwitch.connect(h.port);
  try {
    await a.handshake({ version: OFP13, dpid: 1n, ports: [1, 2] });
    await b.handshake({ version: OFP10, dpid: 2n });
    await until(() => h.ctl.registry.size === 2);
    const get = (url: string) => h.app.inject({ method: 'GET', url });

    let p = get('/api/v1/switches/1/flows');
    await answerMultipart(a, MP.FLOW, OVS13.flows);
    let r = await p;
    assert.is(r.statusCode, 200, r.body);
    const flows = r.json().flows as Array<Record<string, unknown>>;
    assert.ok(flows.length > 0);
    assert.is(flows[0]!['priority'], 11);
    assert.is(flows[0]!['packet_count'], 0, '64-bit counters as JSON numbers');
    assert.ok('idle_timeout' in flows[0]! && 'match' in flows[0]!, 'snake_case names as in ofctl_rest');

    p = get('/api/v1/switches/1/ports');
    await answerMultipart(a, MP.PORT_STATS, OVS13.ports);
    r = await p;
    assert.is(r.statusCode, 200, r.body);
    const ports = r.json().ports as Array<Record<string, unknown>>;
    assert.ok(ports.some((x) => x['port_no'] === 1 && typeof x['rx_packets'] === 'number'));

    // the switch view merges the same counters into its ports (default; ?counters=false skips the request)
    p = get('/api/v1/switches/1');
    await answerMultipart(a, MP.PORT_STATS, OVS13.ports);
    r = await p;
    const withCounters = r.json().ports as Array<{ port_no: number; counters?: Record<string, number> }>;
    assert.is(typeof withCounters.find((x) => x.port_no === 1)!.counters!['tx_bytes'], 'number');

    p = get('/api/v1/switches/1/groups');
    await Promise.all([answerMultipart(a, MP.GROUP_DESC, OVS13.groupDesc), answerMultipart(a, MP.GROUP, OVS13.groups)]);
    r = await p;
    assert.is(r.statusCode, 200, r.body);
    assert.ok((r.json().desc as unknown[]).length > 0 && (r.json().stats as unknown[]).length > 0);

    p = get('/api/v1/switches/1/meters');
    await answerMultipart(a, MP.METER, OVS13.meters);
    r = await p;
    assert.is(r.statusCode, 200, r.body);
    assert.ok(Array.isArray(r.json().meters));

    const g = await get('/api/v1/switches/2/groups');
    assert.is(g.statusCode, 400);
    assert.match(g.json().message, /OpenFlow 1.0 has no groups/);
    const t = await get('/api/v1/topology');
    assert.is(t.statusCode, 501);
    assert.match(t.json().message, /topology/);
  } finally {
    a.close();
    b.close();
    await h.close();
  }
});

test('GET /api/v1/openapi.json: an OpenAPI 3 document with every route, generated from the route schemas', async () => {
  const h = await harness();
  try {
    const r = await h.app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    assert.is(r.statusCode, 200);
    const doc = r.json();
    assert.is(doc.openapi, '3.0.3');
    const paths = Object.keys(doc.paths).sort();
    for (const p of ['/api/v1/switches', '/api/v1/switches/{dpid}', '/api/v1/switches/{dpid}/flows', '/api/v1/switches/{dpid}/flows/all', '/api/v1/switches/{dpid}/barrier',
      '/api/v1/switches/{dpid}/ports', '/api/v1/switches/{dpid}/groups', '/api/v1/switches/{dpid}/meters', '/api/v1/switches/{dpid}/mac-table', '/api/v1/topology', '/api/v1/events']) {
      assert.ok(paths.includes(p), `${p} missing from ${paths.join(', ')}`);
    }
    assert.equal(Object.keys(doc.paths['/api/v1/switches/{dpid}/flows']).sort(), ['delete', 'get', 'patch', 'post', 'put']);
    assert.ok(doc.paths['/api/v1/switches/{dpid}/flows'].post.requestBody, 'flow body described');
  } finally {
    await h.close();
  }
});

test('event streams are bounded: past the limit a client gets 503 with the reason, and a slot frees when one closes', async () => {
  const h = await harness(undefined, 1);
  await h.app.listen({ host: '127.0.0.1', port: 0 });
  const url = `http://127.0.0.1:${(h.app.server.address() as { port: number }).port}/api/v1/events`;
  const first = new AbortController();
  try {
    const a = await fetch(url, { signal: first.signal });
    assert.is(a.status, 200);
    const b = await fetch(url);
    assert.is(b.status, 503);
    assert.match(((await b.json()) as { message: string }).message, /1 event streams are open already/);
    first.abort();
    // once the server has seen the close, the slot is free again
    const c = new AbortController();
    let status = 0;
    for (const end = Date.now() + 3000; status !== 200 && Date.now() < end; ) {
      const r = await fetch(url, { signal: c.signal });
      status = r.status;
      if (status !== 200) await r.body?.cancel();
    }
    assert.is(status, 200);
    c.abort();
  } finally {
    first.abort();
    await h.close();
  }
});

test('GET /api/v1/events streams switch up, port changes and switch down as Server-Sent Events, and switch snapshots', async () => {
  const h = await harness();
  await h.app.listen({ host: '127.0.0.1', port: 0 });
  const addr = h.app.server.address() as { port: number };
  const ac = new AbortController();
  const res = await fetch(`http://127.0.0.1:${addr.port}/api/v1/events`, { signal: ac.signal });
  assert.is(res.headers.get('content-type'), 'text/event-stream; charset=utf-8');
  let text = '';
  const reader = res.body!.getReader();
  const pump = (async () => {
    const dec = new TextDecoder();
    for (;;) {
      const { done, value } = await reader.read().catch(() => ({ done: true, value: undefined }));
      if (done) return;
      text += dec.decode(value);
    }
  })();
  const a = await FakeSwitch.connect(h.port);
  try {
    await a.handshake({ version: OFP13, dpid: 5n });
    await until(() => /"kind":"switch_up".*"dpid":"0000000000000005"/.test(text), 3000, 'switch_up event');
    a.send(portStatus(OFP13, 2, 3, true));
    await until(() => /"kind":"port".*"port":3.*"down":true/.test(text), 3000, 'port event');
    await until(() => /event: switches\ndata: .*"dpid":"0000000000000005"/.test(text), 3000, 'snapshot');
    a.close();
    await until(() => /"kind":"switch_down".*"dpid":"0000000000000005"/.test(text), 3000, 'switch_down event');
  } finally {
    ac.abort();
    await pump;
    await h.close();
  }
});

test.run();
