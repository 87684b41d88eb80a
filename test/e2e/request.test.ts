/**
 * Request/reply against a real Open vSwitch (userspace datapath), OpenFlow
 * 1.0 and 1.3: `nodeflow start --app learning-switch --app <request-probe>`
 * as the controller of one bridge with two hosts; the test drives
 * `sw.flowStats()`, `sw.desc()`, `sw.flows.add()`... through the probe's
 * Unix socket and checks the answers against what OVS itself reports
 * (`ovs-ofctl dump-flows`, the ports it was given).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { NODEFLOW_CLI } from '../support/controller.js';
import { check, guard, Lab } from '../support/lab.js';
import { describeFailures, ping, pingAll } from '../support/netns.js';
import { e2eUnavailable, type OfVersion } from '../support/ovs.js';
import { timed, waitFor, type Scope } from '../support/sys.js';
import { ProbeClient } from './request-probe.js';
import type { FlowStats, PortStats, SwitchDesc, TableStats, AggregateStats, QueueConfig } from '../../controller/request/index.js';
import type { PortInfo } from '../../controller/app.js';

const PROBE = fileURLToPath(new URL('./request-probe.js', import.meta.url));
const reason = e2eUnavailable() ?? (existsSync(NODEFLOW_CLI) ? undefined : `nodeflow CLI not built at ${NODEFLOW_CLI}`);
const PORT_LOCAL = 0xfffffffe;

/** A lab whose controller also runs the probe app; returns the lab and a connected client. */
async function probeLab(scope: Scope, version: OfVersion): Promise<{ lab: Lab; probe: ProbeClient }> {
  const dir = mkdtempSync(join(tmpdir(), 'nf-probe-'));
  scope.defer(() => rmSync(dir, { recursive: true, force: true }));
  const sock = join(dir, 'probe.sock');
  // the controller process inherits the environment at spawn (ip netns exec keeps it)
  process.env['NODEFLOW_PROBE_SOCKET'] = sock;
  let lab: Lab;
  try {
    lab = await Lab.build(scope, { version, hostsPerBridge: [2], controller: 'nodeflow', controllerArgs: ['--app', 'learning-switch', '--app', PROBE] });
  } finally {
    delete process.env['NODEFLOW_PROBE_SOCKET'];
  }
  const probe = await ProbeClient.connect(sock);
  scope.defer(() => probe.close());
  // The lab is ready when Open vSwitch says it is connected; the controller has the switch up a little later
  // (after FEATURES_REPLY, and PORT_DESC in 1.3), which on a loaded machine can be long enough to matter.
  await waitFor('the controller to have switch 1 up', 30_000, async () => (await probe.call(1n, 'barrier')).ok, 100);
  return { lab, probe };
}

for (const version of ['1.0', '1.3', '1.4', '1.5'] as OfVersion[]) {
  const s = suite(`e2e: request/reply on Open vSwitch, OpenFlow ${version}`);
  const DPID = 1n;

  if (guard(s, reason)) {
    s(
      'flow stats of a learned flow come back with its packet counter growing while pinging; desc, portDesc, portStats, tableStats, aggregate answer sensibly',
      timed(45_000, async (scope) => {
        const { lab, probe } = await probeLab(scope, version);
        const [h1, h2] = lab.hosts as [(typeof lab.hosts)[0], (typeof lab.hosts)[0]];
        const first = await pingAll(lab.hosts);
        check(lab, first.every((r) => r.ok), `pings: ${describeFailures(first)}`);

        // the learned flow towards h2 (in_port h1's port, dl_dst h2's MAC)
        const filter = { match: { ethDst: h2.mac } };
        const learned = async (): Promise<FlowStats | undefined> =>
          (await probe.value<FlowStats[]>(DPID, 'flowStats', filter)).find((f) => f.match.inPort === h1.ofport && f.match.ethDst === h2.mac);
        const f1 = await waitFor('the learned flow h1 -> h2 in flow stats', 10_000, learned);
        assert.ok(f1.actions.some((a) => a['type'] === 'OFPAT_OUTPUT' && a['port'] === h2.ofport), `outputs to h2's port: ${JSON.stringify(f1.actions)}`);
        assert.is(typeof f1.packetCount, 'bigint');
        assert.ok(f1.idleTimeout > 0, 'learned flows idle out');
        // OVS's own view of the same flow agrees on match and priority
        const ovsFlow = (await lab.ovs.dumpFlows('s1')).find((f) => f.match['in_port'] === String(h1.ofport) && (f.match['dl_dst'] ?? f.match['eth_dst']) === h2.mac);
        check(lab, ovsFlow !== undefined && ovsFlow.priority === f1.priority, `dump-flows has the flow at priority ${f1.priority}`);

        for (let i = 0; i < 3; i++) check(lab, (await ping(h1, h2)).ok, 'ping h1 -> h2');
        // OVS updates flow counters from its datapath periodically: poll until the growth shows
        const f2 = await waitFor('the packet counter of h1 -> h2 to grow', 10_000, async () => {
          const f = await learned();
          return f !== undefined && f.packetCount >= f1.packetCount + 3n ? f : undefined;
        });
        assert.ok(f2.packetCount > f1.packetCount && f2.byteCount > f1.byteCount, `${f1.packetCount} -> ${f2.packetCount} packets`);
        assert.ok(f2.durationSec >= f1.durationSec);

        const desc = await probe.value<SwitchDesc>(DPID, 'desc');
        assert.match(desc.mfrDesc, /Nicira/);
        assert.match(desc.swDesc, /^\d+\.\d+/);
        assert.ok(desc.dpDesc.length > 0);

        const ports = await probe.value<PortInfo[]>(DPID, 'portDesc');
        const byNo = new Map(ports.map((p) => [p.portNo, p]));
        for (const h of lab.hosts) assert.is(byNo.get(h.ofport)?.name, h.switchIf, `port ${h.ofport} is ${h.switchIf}`);
        assert.is(byNo.get(PORT_LOCAL)?.name, 's1', 'the bridge-local port, in neutral numbering');

        const stats = await probe.value<PortStats[]>(DPID, 'portStats');
        const p1 = stats.find((p) => p.portNo === h1.ofport);
        assert.ok(p1 !== undefined && p1.rxPackets >= 4n && p1.txPackets >= 4n, `port ${h1.ofport} counted the pings: ${JSON.stringify(p1, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v))}`);
        const one = await probe.value<PortStats[]>(DPID, 'portStats', h2.ofport);
        assert.equal(one.map((p) => p.portNo), [h2.ofport]);

        const tables = await probe.value<TableStats[]>(DPID, 'tableStats');
        const t0 = tables.find((t) => t.tableId === 0);
        assert.ok(t0 !== undefined && t0.activeCount >= 2 && t0.lookupCount >= t0.matchedCount, 'table 0 holds the learned flows');
        const agg = await probe.value<AggregateStats>(DPID, 'aggregateStats', { tableId: 0 });
        assert.is(agg.flowCount, t0.activeCount, 'aggregate flow count = table 0 active count');

        const cfg = await probe.value<{ missSendLen: number }>(DPID, 'getConfig');
        assert.is(cfg.missSendLen, 128, 'the miss_send_len the controller set');
        assert.is(await probe.value<null>(DPID, 'barrier'), null);
      }),
    );

    s(
      'flows.add / deleteStrict land in the switch; a request the switch refuses rejects with its error, named',
      timed(90_000, async (scope) => {
        const { lab, probe } = await probeLab(scope, version);
        const [h1, h2] = lab.hosts as [(typeof lab.hosts)[0], (typeof lab.hosts)[0]];
        const spec = {
          priority: 4321, idleTimeout: 0, cookie: 0xc0ffeen,
          match: { inPort: h1.ofport, ethType: 0x0800, ipv4Dst: `${h2.ip}/32`, ipProto: 17, udpDst: 9999 },
          actions: [{ type: 'OFPAT_OUTPUT', port: h2.ofport }],
        };
        assert.is(await probe.value<null>(DPID, 'flows.add', spec), null);
        const mine = (await lab.ovs.dumpFlows('s1')).filter((f) => f.priority === 4321);
        check(lab, mine.length === 1 && mine[0]!.actions.includes(`output:${h2.ofport}`), `dump-flows shows the added flow: ${mine.map((f) => f.raw).join('\n')}`);
        const back = (await probe.value<FlowStats[]>(DPID, 'flowStats', { match: spec.match })).filter((f) => f.priority === 4321);
        assert.is(back.length, 1);
        assert.is(back[0]!.cookie, 0xc0ffeen);
        assert.equal(back[0]!.match, { ...spec.match, ipv4Dst: h2.ip }, 'the match reads back as written');

        assert.is(await probe.value<null>(DPID, 'flows.deleteStrict', { priority: 4321, match: spec.match }), null);
        check(lab, !(await lab.ovs.dumpFlows('s1')).some((f) => f.priority === 4321), 'the flow is gone');

        if (version !== '1.0') {
          // OVS has tables 0..254; 255 is OFPTT_ALL, which an add cannot name
          const r = await probe.call(DPID, 'flows.add', { tableId: 255, priority: 1, actions: [] });
          assert.ok(!r.ok, 'refused');
          assert.is(r.error?.name, 'OpenFlowError');
          assert.is(r.error?.typeName, 'OFPET_FLOW_MOD_FAILED');
          assert.is(r.error?.codeName, 'OFPFMFC_BAD_TABLE_ID');
        } else {
          // 1.0 has one table (refused before sending); a VLAN id beyond 12 bits is refused by OVS
          const r = await probe.call(DPID, 'flows.add', { priority: 1, actions: [{ type: 'OFPAT_SET_VLAN_VID', vlan_vid: 0x1fff }] });
          assert.ok(!r.ok, 'refused');
          assert.is(r.error?.name, 'OpenFlowError', JSON.stringify(r.error));
          assert.is(r.error?.typeName, 'OFPET_BAD_ACTION');
          assert.is(r.error?.codeName, 'OFPBAC_BAD_ARGUMENT');
        }
        // a batch with one refused operation: the others are applied, the refused one named by index
        const badOp = version !== '1.0'
          ? { command: 'add', tableId: 255, priority: 7 }
          : { command: 'add', priority: 7, actions: [{ type: 'OFPAT_SET_VLAN_VID', vlan_vid: 0x1fff }] };
        const batch = await probe.call(DPID, 'flows.apply', [
          { command: 'add', priority: 4001, match: { ethType: 0x0800, ipv4Dst: '10.9.9.1' }, actions: [{ type: 'OFPAT_OUTPUT', port: h2.ofport }] },
          badOp,
          { command: 'add', priority: 4002, match: { ethType: 0x0800, ipv4Dst: '10.9.9.2' }, actions: [{ type: 'OFPAT_OUTPUT', port: h2.ofport }] },
        ]);
        assert.is(batch.error?.name, 'BatchError', JSON.stringify(batch));
        assert.match(batch.error?.message ?? '', version !== '1.0' ? /refused 1 of 3 messages: #1 OFPET_FLOW_MOD_FAILED \/ OFPFMFC_BAD_TABLE_ID/ : /refused 1 of 3 messages: #1 OFPET_BAD_ACTION \/ OFPBAC_BAD_ARGUMENT/);
        const applied = (await lab.ovs.dumpFlows('s1')).filter((f) => f.priority === 4001 || f.priority === 4002);
        check(lab, applied.length === 2, `both good operations applied: ${applied.map((f) => f.raw).join('\n')}`);

        if (version !== '1.0') {
          // the generic form for a message with no reply of its own: GROUP_MOD, acknowledged by a barrier
          const output = [{ type: 'OFPAT_OUTPUT', port: h2.ofport, max_len: 0 }];
          // 1.5 buckets carry an id, and weight and watch move into properties
          const group = version === '1.5'
            ? {
              type: 'OFPT_GROUP_MOD', command: 'OFPGC_ADD', group_type: 'OFPGT_ALL', group_id: 7, command_bucket_id: 0xffffffff, properties: [],
              buckets: [{ bucket_id: 0, actions: output, properties: [] }],
            }
            : {
              type: 'OFPT_GROUP_MOD', command: 'OFPGC_ADD', group_type: 'OFPGT_ALL', group_id: 7,
              buckets: [{ weight: 0, watch_port: 'OFPP_ANY', watch_group: 'OFPG_ANY', actions: output }],
            };
          assert.is(await probe.value<null>(DPID, 'request', group), null);
          const descs = await probe.value<Array<{ groupId: number; type: string; buckets: unknown[] }>>(DPID, 'groupDesc');
          assert.equal(descs.map((g) => [g.groupId, g.type, g.buckets.length]), [[7, 'OFPGT_ALL', 1]]);
          const gs = await probe.value<Array<{ groupId: number; refCount: number; packetCount: bigint }>>(DPID, 'groupStats');
          assert.equal(gs.map((g) => [g.groupId, g.refCount, g.packetCount]), [[7, 0, 0n]]);
          // the same group again: the switch refuses it by name
          const dup = await probe.call(DPID, 'request', group);
          assert.is(dup.error?.typeName, 'OFPET_GROUP_MOD_FAILED');
          assert.is(dup.error?.codeName, 'OFPGMFC_GROUP_EXISTS');
          // table features: OVS answers in many parts (one or two tables each)
          const features = await probe.value<Array<{ tableId: number; name: string; maxEntries: number; properties: unknown[] }>>(DPID, 'tableFeatures');
          assert.ok(features.length >= 200, `${features.length} tables: ${JSON.stringify(features.slice(0, 2), (_k, x: unknown) => (typeof x === 'bigint' ? String(x) : x)).slice(0, 400)}`);
          assert.equal(features.slice(0, 3).map((t) => t.tableId), [0, 1, 2], 'in order across the parts');
          const t0 = features[0]!;
          assert.ok(typeof t0.name === 'string' && t0.maxEntries > 0 && t0.properties.length > 0, JSON.stringify(t0, (_k, x: unknown) => (typeof x === 'bigint' ? String(x) : x)).slice(0, 600));
          const meters = await probe.value<unknown[]>(DPID, 'meterStats');
          assert.equal(meters, [], 'no meters configured');
          const role = await probe.value<{ role: string; generationId: bigint }>(DPID, 'requestRole', 'equal');
          assert.is(role.role, 'equal');
          const master = await probe.value<{ role: string; generationId: bigint }>(DPID, 'requestRole', 'master', 10n);
          assert.equal([master.role, master.generationId], ['master', 10n]);
          // an older generation id is stale: the switch refuses it by name and we stay master
          const stale = await probe.call(DPID, 'requestRole', 'slave', 5n);
          assert.is(stale.error?.name, 'OpenFlowError');
          assert.is(stale.error?.typeName, 'OFPET_ROLE_REQUEST_FAILED');
          assert.is(stale.error?.codeName, 'OFPRRFC_STALE');
          assert.is((await probe.value<{ role: string }>(DPID, 'requestRole', 'nochange')).role, 'master');
          assert.is((await probe.value<{ role: string }>(DPID, 'requestRole', 'equal')).role, 'equal');
        } else {
          const r = await probe.call(DPID, 'groupStats');
          assert.is(r.error?.name, 'UnsupportedRequestError');
          assert.is((await probe.call(DPID, 'tableFeatures')).error?.name, 'UnsupportedRequestError');
        }
        const queues = await probe.value<unknown[]>(DPID, 'queueStats');
        assert.ok(Array.isArray(queues), 'queue stats answer (no queues configured)');

        // queues configured on h1's port (linux-htb through OVS): queueConfig reads them back
        await lab.ovs.vsctl([
          '--', 'set', 'port', h1.switchIf, 'qos=@q',
          '--', '--id=@q', 'create', 'qos', 'type=linux-htb', 'other-config:max-rate=10000000', 'queues:1=@q1', 'queues:2=@q2',
          '--', '--id=@q1', 'create', 'queue', 'other-config:min-rate=1000000',
          '--', '--id=@q2', 'create', 'queue', 'other-config:max-rate=2000000',
        ]);
        const queueIds = async (...port: number[]) => (await probe.value<QueueConfig[]>(DPID, 'queueConfig', ...port)).filter((q) => q.portNo === h1.ofport).map((q) => q.queueId).sort();
        // OVS applies the QoS row asynchronously; it also lists its default queue 0
        await waitFor(`queues 1 and 2 on port ${h1.ofport}`, 10_000, async () => ((await queueIds(h1.ofport)).includes(2) ? true : undefined));
        assert.equal(await queueIds(h1.ofport), [0, 1, 2]);
        const one = await probe.value<QueueConfig[]>(DPID, 'queueConfig', h1.ofport, 1);
        assert.equal(one.map((q) => [q.portNo, q.queueId]), [[h1.ofport, 1]]);
        const other = await probe.value<QueueConfig[]>(DPID, 'queueConfig', h2.ofport);
        assert.ok(other.every((q) => q.portNo === h2.ofport && q.queueId === 0), `h2's port has no configured queue (OVS may list its default queue 0): ${JSON.stringify(other)}`);
        if (version === '1.0') {
          // 1.0 asks one port at a time
          assert.is((await probe.call(DPID, 'queueConfig')).error?.name, 'UnsupportedRequestError');
        } else {
          assert.equal(await queueIds(), [0, 1, 2], 'every port (OFPP_ANY) includes h1\'s queues');
        }

        // the switch and its other requests are unaffected
        const desc = await probe.value<SwitchDesc>(DPID, 'desc');
        assert.match(desc.mfrDesc, /Nicira/);
        const again = await pingAll(lab.hosts);
        check(lab, again.every((x) => x.ok), `pings after the refusal: ${describeFailures(again)}`);
      }),
    );

    s(
      '2000 flows added through sw.flows (paced under the in-flight bound) come back from one flow stats request that OVS splits into parts',
      timed(90_000, async (scope) => {
        const { lab, probe } = await probeLab(scope, version);
        const N = 2000;
        const t0 = process.hrtime.bigint();
        for (let base = 0; base < N; base += 200) {
          const batch = [];
          for (let i = base; i < Math.min(N, base + 200); i++) {
            batch.push(probe.value<null>(DPID, 'flows.add', {
              priority: 1000, cookie: BigInt(i), match: { ethType: 0x0800, ipv4Dst: `10.${(i >> 8) & 255}.${i & 255}.1` }, actions: [{ type: 'OFPAT_OUTPUT', port: 1 }],
            }));
          }
          await Promise.all(batch);
        }
        const addMs = Number(process.hrtime.bigint() - t0) / 1e6;
        const t1 = process.hrtime.bigint();
        const flows = await probe.value<FlowStats[]>(DPID, 'flowStats', { match: { ethType: 0x0800 } });
        const statsMs = Number(process.hrtime.bigint() - t1) / 1e6;
        const mine = flows.filter((f) => f.priority === 1000);
        assert.is(mine.length, N, 'every added flow is in the reply');
        assert.equal(new Set(mine.map((f) => f.cookie)).size, N, 'each once');
        const agg = await probe.value<AggregateStats>(DPID, 'aggregateStats', { match: { ethType: 0x0800 }, tableId: 0 });
        assert.is(agg.flowCount, flows.length);
        // the generic form shows the parts: OVS cuts replies at about 64 KiB
        const raw = await probe.value<{ parts: number; body: unknown[] }>(DPID, 'request', version === '1.0'
          ? { type: 'OFPT_STATS_REQUEST', stats_type: 'OFPST_FLOW', flags: 0, body: {
            match: { wildcards: 0x3820ff, in_port: 0, dl_src: '00:00:00:00:00:00', dl_dst: '00:00:00:00:00:00', dl_vlan: 0, dl_vlan_pcp: 0, dl_type: 0, nw_tos: 0, nw_proto: 0, nw_src: '0.0.0.0', nw_dst: '0.0.0.0', tp_src: 0, tp_dst: 0 },
            table_id: 0xff, out_port: 'OFPP_NONE' } }
          // (1.5 calls the full flow statistics OFPMP_FLOW_DESC; its OFPMP_FLOW_STATS is counters only)
          : { type: 'OFPT_MULTIPART_REQUEST', multipart_type: version === '1.5' ? 'OFPMP_FLOW_DESC' : 'OFPMP_FLOW', flags: 0, body: {
            table_id: 0xff, out_port: 'OFPP_ANY', out_group: 'OFPG_ANY', cookie: 0n, cookie_mask: 0n, match: { type: 'OFPMT_OXM', oxm_fields: [] } } });
        assert.ok(raw.parts > 1, `the reply came in ${raw.parts} parts`);
        assert.ok(raw.body.length >= N);
        process.stdout.write(`\n  [request e2e ${version}] ${N} x flows.add in ${addMs.toFixed(0)} ms (${(N / addMs * 1000).toFixed(0)}/s, 200 in flight); flowStats of ${flows.length} flows in ${statsMs.toFixed(0)} ms; generic reply in ${raw.parts} parts\n`);
        assert.is(await probe.value<null>(DPID, 'flows.delete', { priority: 1000, match: { ethType: 0x0800 } }), null);
        const left = await probe.value<FlowStats[]>(DPID, 'flowStats', { match: { ethType: 0x0800 } });
        assert.is(left.filter((f) => f.priority === 1000).length, 0, 'flows.delete (non-strict) removed them all');
        // the same 2000 flows as one batch: one barrier after the last FLOW_MOD
        const ops = Array.from({ length: N }, (_, i) => ({
          command: 'add', priority: 1000, cookie: BigInt(i), match: { ethType: 0x0800, ipv4Dst: `10.${(i >> 8) & 255}.${i & 255}.1` }, actions: [{ type: 'OFPAT_OUTPUT', port: 1 }],
        }));
        const t2 = process.hrtime.bigint();
        assert.is(await probe.value<null>(DPID, 'flows.apply', ops), null);
        const applyMs = Number(process.hrtime.bigint() - t2) / 1e6;
        const back = (await probe.value<FlowStats[]>(DPID, 'flowStats', { match: { ethType: 0x0800 } })).filter((f) => f.priority === 1000);
        assert.is(back.length, N, 'every flow of the batch is in');
        process.stdout.write(`  [request e2e ${version}] ${N} flows as one sw.flows.apply batch in ${applyMs.toFixed(0)} ms (${(N / applyMs * 1000).toFixed(0)}/s)\n`);
      }),
    );
  }
  s.run();
}
