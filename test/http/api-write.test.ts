import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { FakeSwitch, OFP10, OFP13, until } from '../controller/support.js';
import { decodeMessage } from '../../codec/index.js';
import { AUTH, answerBarrier, errorMsg, harness, type Harness } from './support.js';

const FLOW = { priority: 4242, match: { eth_type: 2048, ipv4_dst: '10.9.9.9' }, actions: [{ type: 'OUTPUT', port: 2 }] };
const json = { 'content-type': 'application/json' };

function decoded(bytes: Buffer): Record<string, unknown> {
  const r = decodeMessage(bytes);
  assert.ok(r.ok, 'decodes');
  return (r as { ok: true; value: Record<string, unknown> }).value;
}

type Reply = Awaited<ReturnType<Harness['app']['inject']>>;

/**
 * A controller with the HTTP API (token s3cret) and one switch of `version`
 * that has finished its handshake and received the learning switch's first
 * FLOW_MOD (1.3: the table-miss flow; 1.0: delete-all), so that the next
 * FLOW_MOD it sees is the API's. Closed after `body`, whatever happens.
 */
async function withSwitch(version: number, dpid: bigint, body: (h: Harness, a: FakeSwitch) => Promise<void>): Promise<void> {
  const h = await harness('s3cret');
  const a = await FakeSwitch.connect(h.port);
  try {
    await a.handshake({ version, dpid });
    await until(() => h.ctl.registry.size === 1);
    await a.waitType(14);
    await body(h, a);
  } finally {
    a.close();
    await h.close();
  }
}

/** A write with the bearer token (and a JSON body when there is one). */
function write(h: Harness, method: 'POST' | 'PUT' | 'DELETE', url: string, payload?: object): Promise<Reply> {
  return h.app.inject({ method, url, headers: payload === undefined ? AUTH : { ...json, ...AUTH }, payload });
}

/** The FLOW_MOD a write sent (decoded), then the switch's BARRIER_REPLY; returns both and the write's answer. */
async function confirmFlowMod(a: FakeSwitch, version: number, res: Promise<Reply>): Promise<{ v: Record<string, unknown>; r: Reply }> {
  const v = decoded((await a.waitType(14)).bytes);
  await answerBarrier(a, version);
  const r = await res;
  assert.is(r.statusCode, 200, r.body);
  return { v, r };
}

test('writes need the bearer token: none configured -> 403 with how to configure one; missing or wrong -> 401; nothing reaches the switch', async () => {
  const open = await harness();
  const locked = await harness('s3cret');
  const a = await FakeSwitch.connect(locked.port);
  try {
    await a.handshake({ version: OFP13, dpid: 1n });
    await until(() => locked.ctl.registry.size === 1);
    await a.settle(50);
    const before = a.msgs.length;
    const r0 = await open.app.inject({ method: 'POST', url: '/api/v1/switches/1/flows', headers: { ...json, ...AUTH }, payload: FLOW });
    assert.is(r0.statusCode, 403);
    assert.match(r0.json().message, /--http-token/);
    const r1 = await locked.app.inject({ method: 'POST', url: '/api/v1/switches/1/flows', headers: json, payload: FLOW });
    assert.is(r1.statusCode, 401);
    assert.is(r1.headers['www-authenticate'], 'Bearer realm="nodeflow"');
    const r2 = await locked.app.inject({ method: 'DELETE', url: '/api/v1/switches/1/flows/all', headers: { authorization: 'Bearer nope' } });
    assert.is(r2.statusCode, 401);
    assert.match(r2.json().message, /wrong bearer token/);
    const r3 = await locked.app.inject({ method: 'GET', url: '/api/v1/switches/1?counters=false' });
    assert.is(r3.statusCode, 200, 'reads need no token');
    await a.settle(50);
    assert.is(a.msgs.length, before, 'nothing sent to the switch');
  } finally {
    a.close();
    await open.close();
    await locked.close();
  }
});

test("POST /flows in Ryu ofctl_rest's shape: a 1.3 FLOW_MOD with OXM match and APPLY_ACTIONS, then a barrier; answers once the switch confirmed", () =>
  withSwitch(OFP13, 1n, async (h, a) => {
    const { v, r } = await confirmFlowMod(a, OFP13, write(h, 'POST', '/api/v1/switches/0000000000000001/flows', FLOW));
    assert.is(v['command'], 'OFPFC_ADD');
    assert.is(v['priority'], 4242);
    assert.is(v['idle_timeout'], 0);
    const fields = (v['match'] as { oxm_fields: Array<Record<string, unknown>> }).oxm_fields.map((f) => [f['field'], f['value']]);
    assert.equal(fields, [['OFPXMT_OFB_ETH_TYPE', 2048], ['OFPXMT_OFB_IPV4_DST', '10.9.9.9']]);
    const ins = v['instructions'] as Array<{ type: string; actions: Array<Record<string, unknown>> }>;
    assert.is(ins.length, 1);
    assert.is(ins[0]!.type, 'OFPIT_APPLY_ACTIONS');
    assert.is(ins[0]!.actions[0]!['port'], 2);
    assert.is(r.json().dpid, '0000000000000001');
    assert.is(r.json().result, 'ok');
    assert.is(r.json().sent.priority, 4242);
  }));

test("a flow the switch refuses answers 422 with the switch's OpenFlow error, by name", () =>
  withSwitch(OFP13, 1n, async (h, a) => {
    const res = write(h, 'POST', '/api/v1/switches/1/flows', { ...FLOW, table_id: 200 });
    const fm = await a.waitType(14);
    a.send(errorMsg(OFP13, fm.xid, 5, 2, fm.bytes)); // FLOW_MOD_FAILED / BAD_TABLE_ID
    await answerBarrier(a, OFP13);
    const r = await res;
    assert.is(r.statusCode, 422);
    const body = r.json();
    assert.match(body.message, /refused the request: OFPET_FLOW_MOD_FAILED \/ OFPFMFC_BAD_TABLE_ID/);
    assert.is(body.openflow_error.type, 'OFPET_FLOW_MOD_FAILED');
    assert.is(body.openflow_error.code, 'OFPFMFC_BAD_TABLE_ID');
    assert.is(body.openflow_error.xid, fm.xid);
  }));

test('1.0 switch: the same body becomes a 1.0 FLOW_MOD (wildcards, nw_dst); PUT ?strict=true is MODIFY_STRICT; DELETE matches; DELETE /flows/all; barrier', () =>
  withSwitch(OFP10, 2n, async (h, a) => {
    const { v } = await confirmFlowMod(a, OFP10, write(h, 'POST', '/api/v1/switches/2/flows', { ...FLOW, match: { ...FLOW.match, ipv4_src: '10.1.0.0/16', in_port: 1 } }));
    const m = v['match'] as Record<string, unknown>;
    assert.is(m['dl_type'], 2048);
    assert.is(m['nw_dst'], '10.9.9.9');
    assert.is(m['nw_src'], '10.1.0.0');
    assert.is(m['in_port'], 1);
    // in_port, dl_type and nw_dst exact, nw_src /16 (16 wildcard bits), everything else wildcarded
    assert.is(m['wildcards'], ((1 << 22) - 1) & ~1 & ~(1 << 4) & ~(0x3f << 8) & ~(0x3f << 14) | (16 << 8));
    assert.equal(v['actions'], [{ type: 'OFPAT_OUTPUT', len: 8, port: 2, max_len: 65535 }]);

    const put = await confirmFlowMod(a, OFP10, write(h, 'PUT', '/api/v1/switches/2/flows?strict=true', FLOW));
    assert.is(put.v['command'], 'OFPFC_MODIFY_STRICT');

    const del = await confirmFlowMod(a, OFP10, write(h, 'DELETE', '/api/v1/switches/2/flows', { match: { eth_type: 2048 } }));
    assert.is(del.v['command'], 'OFPFC_DELETE');
    assert.equal(del.v['actions'], []);

    const all = await confirmFlowMod(a, OFP10, write(h, 'DELETE', '/api/v1/switches/2/flows/all'));
    assert.is(all.v['command'], 'OFPFC_DELETE');
    assert.is((all.v['match'] as Record<string, unknown>)['wildcards'], (1 << 22) - 1);
    assert.is(all.v['out_port'], 'OFPP_NONE');

    const bar = write(h, 'POST', '/api/v1/switches/2/barrier');
    await answerBarrier(a, OFP10);
    const br = await bar;
    assert.is(br.statusCode, 200);
    assert.is(br.json().result, 'ok');
  }));

test("the codec's full JSON form of a FLOW_MOD is accepted too (version and xid filled in)", () =>
  withSwitch(OFP13, 3n, async (h, a) => {
    const full = {
      type: 'OFPT_FLOW_MOD', cookie: '77', cookie_mask: '0', table_id: 0, command: 'OFPFC_ADD', idle_timeout: 30, hard_timeout: 0, priority: 99,
      buffer_id: 4294967295, out_port: 'OFPP_ANY', out_group: 'OFPG_ANY', flags: 0,
      match: { type: 'OFPMT_OXM', oxm_fields: [{ class: 'OFPXMC_OPENFLOW_BASIC', field: 'OFPXMT_OFB_IN_PORT', hasmask: false, value: 4 }] },
      instructions: [{ type: 'OFPIT_APPLY_ACTIONS', actions: [{ type: 'OFPAT_OUTPUT', port: 'OFPP_FLOOD', max_len: 0 }] }],
    };
    const { v } = await confirmFlowMod(a, OFP13, write(h, 'POST', '/api/v1/switches/3/flows', full));
    assert.is(v['priority'], 99);
    assert.is(v['cookie'], 77n);
    assert.is(v['idle_timeout'], 30);
    // a broken full form: the codec's own words, 400, nothing sent
    const bad = await write(h, 'POST', '/api/v1/switches/3/flows', { ...full, instructions: [{ type: 'OFPIT_APPLY_ACTIONS', actions: [{ type: 'OFPAT_NOPE' }] }] });
    assert.is(bad.statusCode, 400);
    assert.match(bad.json().message, /cannot encode this FLOW_MOD for OpenFlow 1\.3: .*OFPAT_NOPE/);
    const cmd = await write(h, 'POST', '/api/v1/switches/3/flows', { ...full, command: 'OFPFC_DELETE' });
    assert.is(cmd.statusCode, 400);
    assert.match(cmd.json().message, /command: OFPFC_DELETE does not go with this method \(use OFPFC_ADD\)/);
  }));

test('bad requests answer 4xx with a clear message and never disturb the controller or the switch', () =>
  withSwitch(OFP13, 1n, async (h, a) => {
    await a.settle(50);
    const before = a.msgs.length;
    const post = (payload: string | object, headers: Record<string, string> = json, url = '/api/v1/switches/1/flows') =>
      h.app.inject({ method: 'POST', url, headers: { ...headers, ...AUTH }, payload });
    const cases: Array<[Promise<Reply>, number, RegExp]> = [
      [post('{"priority": 1,'), 400, /not valid JSON/],
      [post({ ...FLOW, prioritee: 3 }), 400, /unknown field 'prioritee'/],
      [post({ ...FLOW, match: { ipv4_dest: '1.2.3.4' } }), 400, /match: unknown field 'ipv4_dest'/],
      [post({ ...FLOW, match: { ipv4_dst: '1.2.3.400' } }), 400, /match\.ipv4_dst: '1\.2\.3\.400' is not an IPv4 address/],
      [post({ ...FLOW, match: { eth_type: 2048, tcp_dst: 'http' } }), 400, /match\.tcp_dst/],
      [post({ ...FLOW, priority: 70000 }), 400, /priority must be <= 65535/],
      [post({ ...FLOW, actions: [{ type: 'TELEPORT' }] }), 400, /unknown action type 'TELEPORT'/],
      [post({ ...FLOW, actions: [{ type: 'OUTPUT', port: 'SOMEWHERE' }] }), 400, /is not a port/],
      [post({ ...FLOW, dpid: 9 }), 400, /the body names datapath 0000000000000009/],
      [post({ type: 'OFPT_PACKET_OUT' }), 400, /only OFPT_FLOW_MOD/],
      [post('priority=1', { 'content-type': 'text/plain' }), 415, /Unsupported Media Type|content-type/i],
      [post('x'.repeat(2 * 1024 * 1024)), 413, /too large|body/i],
      [post(FLOW, json, '/api/v1/switches/nope/flows'), 400, /bad datapath id/],
      [post(FLOW, json, '/api/v1/switches/42/flows'), 404, /no switch/],
      [post(FLOW, json, '/api/v1/switches/1/flows?strict=maybe'), 400, /querystring/],
    ];
    for (const [p, status, re] of cases) {
      const r = await p;
      assert.is(r.statusCode, status, `${re}: ${JSON.stringify(r.json())}`);
      assert.match(r.json().message, re);
    }
    await a.settle(50);
    assert.is(a.msgs.length, before, 'nothing was sent to the switch');
    // the controller still serves the switch
    const ok = write(h, 'POST', '/api/v1/switches/1/barrier');
    await answerBarrier(a, OFP13);
    assert.is((await ok).statusCode, 200);
  }));

test('a switch that disconnects before answering: 503 with the reason', () =>
  withSwitch(OFP13, 1n, async (h, a) => {
    const res = write(h, 'POST', '/api/v1/switches/1/barrier');
    await a.waitType(20);
    a.close();
    const r = await res;
    assert.is(r.statusCode, 503);
    assert.match(r.json().message, /disconnected before answering/);
  }));

test.run();
