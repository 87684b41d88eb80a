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
import type { FlowStats, PortStats, SwitchDesc, TableStats, AggregateStats } from '../../controller/request/index.js';
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
  return { lab, probe };
}

for (const version of ['1.0', '1.3'] as OfVersion[]) {
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
      timed(45_000, async (scope) => {
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

        if (version === '1.3') {
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
        // the switch and its other requests are unaffected
        const desc = await probe.value<SwitchDesc>(DPID, 'desc');
        assert.match(desc.mfrDesc, /Nicira/);
        const again = await pingAll(lab.hosts);
        check(lab, again.every((x) => x.ok), `pings after the refusal: ${describeFailures(again)}`);
      }),
    );
  }
  s.run();
}
