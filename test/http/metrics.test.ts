import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { FakeSwitch, OFP10, OFP13, frame, header, hello, packetIn13, until } from '../controller/support.js';
import { parsePromText, valueOf } from '../support/prom-text.js';
import { errorMsg, harness } from './support.js';
import { which } from '../support/sys.js';
import { classifyCloseReason } from '../../controller/metrics/reasons.js';
import { errorCodeName, errorTypeName, messageTypeName } from '../../controller/metrics/names.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES } from '../support/fixtures.js';

const fx = (rel: string): Buffer => readFileSync(join(FIXTURES, rel));

test('/metrics: counts read from the controller at scrape time, Prometheus names, strict text format (and promtool check metrics when installed)', async () => {
  const h = await harness();
  const a = await FakeSwitch.connect(h.port);
  const b = await FakeSwitch.connect(h.port);
  try {
    await a.handshake({ version: OFP13, dpid: 0x1an });
    await b.handshake({ version: OFP10, dpid: 0x2bn });
    await until(() => h.ctl.registry.size === 2);
    for (let i = 0; i < 5; i++) a.send(packetIn13(i, 0xffffffff, 1, frame('ff:ff:ff:ff:ff:ff', `02:00:00:00:00:0${i}`, 0x0800)));
    a.send(errorMsg(OFP13, 999, 5, 2, Buffer.alloc(8)));
    a.send(header(OFP13, 10, 12, 77)); // a PACKET_IN too short to be one: BAD_LEN, counted as a bad message
    await until(() => a.ofType(13).length >= 5 && h.ctl.stats.badMessages === 1);
    // a connection that never finishes the handshake
    const c = await FakeSwitch.connect(h.port);
    await c.waitType(0);
    c.send(hello(OFP13, [0x06])); // only a version we do not speak
    await c.closedP;
    await until(() => h.ctl.stats.handshakeFailures.size > 0);
    b.close();
    await until(() => h.ctl.registry.size === 1);

    const r = await h.app.inject({ method: 'GET', url: '/metrics' });
    assert.is(r.statusCode, 200);
    assert.match(String(r.headers['content-type']), /^text\/plain; version=0\.0\.4/);
    const text = r.body;
    const fams = parsePromText(text);
    for (const f of fams.values()) {
      if (!f.name.startsWith('nodeflow_')) continue;
      assert.ok(f.help.length > 0, `${f.name} has help`);
      if (f.type === 'counter') assert.ok(f.name.endsWith('_total'), `${f.name}: counters end in _total`);
    }
    assert.is(valueOf(fams, 'nodeflow_switches_connected'), 1);
    assert.is(valueOf(fams, 'nodeflow_switch_connects_total'), 2);
    assert.is(valueOf(fams, 'nodeflow_switch_disconnects_total', { reason: 'peer_closed' }), 1);
    assert.is(valueOf(fams, 'nodeflow_handshake_failures_total', { reason: 'handshake_failed' }), 1);
    assert.is(valueOf(fams, 'nodeflow_packet_in_total'), 6); // the short one was received as a PACKET_IN too
    assert.is(valueOf(fams, 'nodeflow_messages_received_total', { version: '1.3', type: 'PACKET_IN' }), 6);
    assert.is(valueOf(fams, 'nodeflow_messages_sent_total', { version: '1.3', type: 'PACKET_OUT' }), 5);
    assert.ok((valueOf(fams, 'nodeflow_messages_received_total', { version: '1.0', type: 'FEATURES_REPLY' }) ?? 0) >= 1, 'a closed switch still counts in the totals');
    assert.is(valueOf(fams, 'nodeflow_switch_messages_received_total', { dpid: '000000000000001a' }), h.ctl.registry.get(0x1an)!.rxByType.reduce((x, y) => x + y, 0));
    assert.is(valueOf(fams, 'nodeflow_switch_messages_received_total', { dpid: '000000000000002b' }), undefined, 'a switch that went down has no per-switch series');
    assert.is(valueOf(fams, 'nodeflow_errors_received_total', { version: '1.3', type: 'OFPET_FLOW_MOD_FAILED' }), 1);
    assert.is(valueOf(fams, 'nodeflow_bad_messages_total'), 1);
    assert.is(valueOf(fams, 'nodeflow_mac_table_entries', { dpid: '000000000000001a' }), 5);
    assert.is(valueOf(fams, 'nodeflow_mac_table_evictions_total', { dpid: '000000000000001a' }), 0);
    assert.is(valueOf(fams, 'nodeflow_backpressure_pauses_total'), 0);
    assert.ok(fams.has('nodeflow_request_duration_seconds'), 'request latency histogram');
    for (const name of ['nodejs_eventloop_lag_seconds', 'process_resident_memory_bytes', 'nodejs_gc_duration_seconds', 'process_cpu_seconds_total']) {
      assert.ok(fams.has(name), `${name} (process metrics)`);
    }

    // the same text through Prometheus's own checker
    const promtool = which('promtool');
    if (promtool === undefined) {
      if (process.env['NODEFLOW_REQUIRE_TOOLS'] === '1') assert.unreachable('promtool is required (NODEFLOW_REQUIRE_TOOLS=1) but not installed');
      console.log('metrics: promtool SKIPPED (Debian prometheus not installed)');
    } else {
      const p = spawnSync(promtool, ['check', 'metrics'], { input: text, encoding: 'utf8' });
      // promtool parses, then lints. prom-client's own default gauges nodejs_active_*_total trip one lint
      // rule (a gauge named _total); they keep their standard names for existing dashboards. Anything
      // else (a parse error, any problem with our metrics) fails.
      const problems = `${p.stdout}${p.stderr}`.split('\n').filter((l) => l.trim() !== '');
      const ours = problems.filter((l) => !/^nodejs_active_\w+_total non-counter metrics should not have "_total" suffix$/.test(l));
      assert.equal(ours, [], `promtool check metrics (exit ${p.status}):\n${problems.join('\n')}`);
    }
  } finally {
    a.close();
    await h.close();
  }
});

test('request latency: every request/reply round trip is timed into nodeflow_request_duration_seconds by kind and result', async () => {
  const h = await harness('s3cret');
  const a = await FakeSwitch.connect(h.port);
  try {
    await a.handshake({ version: OFP13, dpid: 1n });
    await until(() => h.ctl.registry.size === 1);
    const res = h.app.inject({ method: 'POST', url: '/api/v1/switches/1/barrier', headers: { authorization: 'Bearer s3cret' } });
    const m = await a.waitType(20);
    a.send(header(OFP13, 21, 8, m.xid));
    assert.is((await res).statusCode, 200);
    const fams = parsePromText((await h.app.inject({ method: 'GET', url: '/metrics' })).body);
    assert.is(valueOf(fams, 'nodeflow_request_duration_seconds_count', { kind: 'BARRIER_REQUEST', result: 'ok' }), 1);
    // a request an app makes itself (not through HTTP) is timed too, and a refused one counts as an error
    const sw = h.ctl.registry.get(1n)!;
    const f = sw.flowStats().catch(() => null);
    const req = await a.wait((m) => m.type === 18 && m.bytes.readUInt16BE(8) === 1);
    a.send(errorMsg(OFP13, req.xid, 1, 2, req.bytes)); // BAD_REQUEST / BAD_MULTIPART
    await f;
    const again = parsePromText((await h.app.inject({ method: 'GET', url: '/metrics' })).body);
    assert.is(valueOf(again, 'nodeflow_request_duration_seconds_count', { kind: 'OFPMP_FLOW', result: 'error' }), 1);
  } finally {
    a.close();
    await h.close();
  }
});

test('1.4 and 1.5 message types only those versions have are named in the labels (ROLE_STATUS, TABLE_STATUS, REQUESTFORWARD, BUNDLE_CONTROL, CONTROLLER_STATUS), and their error types too', async () => {
  const h = await harness(undefined, undefined, { versions: [OFP10, OFP13, 5, 6] });
  const a = await FakeSwitch.connect(h.port);
  const b = await FakeSwitch.connect(h.port);
  try {
    assert.is(await a.handshake({ version: 5, dpid: 0x14n, bitmap: [5] }), 5);
    assert.is(await b.handshake({ version: 6, dpid: 0x15n, bitmap: [6] }), 6);
    await until(() => h.ctl.registry.size === 2);
    // Ryu's encodings of these messages (fixtures/of14/ryu, fixtures/of15/ryu)
    const of14 = ['5-65-ofp_role_status', '5-68-ofp_table_status', '5-71-ofp_requestforward', '5-69-ofp_bundle_ctrl_msg'];
    for (const f of of14) a.send(fx(`of14/ryu/${f}.packet`));
    a.send(errorMsg(5, 0, 17, 14, Buffer.alloc(8))); // BUNDLE_FAILED / TIMEOUT: an error type 1.3 lacks
    b.send(fx('of15/ryu/libofproto-OFP15-controller_status.packet'));
    b.send(fx('of15/ryu/libofproto-OFP15-role_status.packet'));
    const rx14 = h.ctl.registry.get(0x14n)!.rxByType;
    const rx15 = h.ctl.registry.get(0x15n)!.rxByType;
    await until(() => rx14[30] === 1 && rx14[31] === 1 && rx14[32] === 1 && rx14[33] === 1 && rx14[1] === 1 && rx15[35] === 1 && rx15[30] === 1);
    const fams = parsePromText((await h.app.inject({ method: 'GET', url: '/metrics' })).body);
    const rx = (version: string, type: string) => valueOf(fams, 'nodeflow_messages_received_total', { version, type });
    for (const t of ['ROLE_STATUS', 'TABLE_STATUS', 'REQUESTFORWARD', 'BUNDLE_CONTROL', 'FEATURES_REPLY']) assert.is(rx('1.4', t), 1, `1.4 ${t}`);
    assert.is(rx('1.5', 'CONTROLLER_STATUS'), 1);
    assert.is(rx('1.5', 'ROLE_STATUS'), 1);
    assert.is(valueOf(fams, 'nodeflow_errors_received_total', { version: '1.4', type: 'OFPET_BUNDLE_FAILED' }), 1);
    const numeric = (fams.get('nodeflow_messages_received_total')?.samples ?? []).filter((x) => /^\d+$/.test(x.labels['type'] ?? ''));
    assert.equal(numeric, [], 'no type label is a bare number');
    assert.ok((valueOf(fams, 'nodeflow_messages_sent_total', { version: '1.5', type: 'MULTIPART_REQUEST' }) ?? 0) >= 1);
  } finally {
    a.close();
    b.close();
    await h.close();
  }
});

test('names come from each version: a type or code a version lacks is its number', () => {
  assert.is(messageTypeName(OFP13, 30), '30', '1.3 has no type 30');
  assert.is(messageTypeName(5, 30), 'ROLE_STATUS');
  assert.is(messageTypeName(5, 35), '35', '1.4 has no CONTROLLER_STATUS');
  assert.is(messageTypeName(6, 35), 'CONTROLLER_STATUS');
  assert.is(messageTypeName(5, 22), '22', '1.4 dropped QUEUE_GET_CONFIG_REQUEST');
  assert.is(messageTypeName(OFP13, 22), 'QUEUE_GET_CONFIG_REQUEST');
  assert.is(messageTypeName(OFP10, 13), 'PACKET_OUT');
  assert.is(messageTypeName(OFP13, 13), 'PACKET_OUT');
  assert.is(errorTypeName(6, 17), 'OFPET_BUNDLE_FAILED');
  assert.is(errorCodeName(6, 17, 18), 'OFPBFC_SCHED_PAST', '1.5 adds codes');
  assert.is(errorCodeName(5, 17, 18), '18', '1.4 lacks that code');
  assert.is(errorTypeName(OFP13, 17), '17');
});

test('close reasons map to a few fixed labels', () => {
  assert.is(classifyCloseReason('peer closed the connection'), 'peer_closed');
  assert.is(classifyCloseReason('socket error: read ECONNRESET'), 'socket_error');
  assert.is(classifyCloseReason('no answer to ECHO_REQUEST within 10 s'), 'echo_timeout');
  assert.is(classifyCloseReason('handshake not finished within 15 s'), 'handshake_timeout');
  assert.is(classifyCloseReason('handshake failed: no common version'), 'handshake_failed');
  assert.is(classifyCloseReason('replaced by a new connection from the same datapath (1.2.3.4:5)'), 'replaced');
  assert.is(classifyCloseReason('controller shutting down'), 'shutdown');
  assert.is(classifyCloseReason('peer is not reading: 40000000 bytes of output pending'), 'output_overflow');
  assert.is(classifyCloseReason('unframeable input: message length 4 is less than the 8-byte header'), 'bad_input');
  assert.is(classifyCloseReason('something else'), 'other');
});

test.run();
