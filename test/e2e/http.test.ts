/**
 * The REST API and /metrics of `nodeflow start --http` in front of a real
 * Open vSwitch lab (test/support/lab.ts), driven with curl from the
 * controller's namespace: switches, ports, MAC tables and metrics match the
 * lab, and a flow added over REST is in `ovs-ofctl dump-flows`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { NODEFLOW_CLI, pickPort } from '../support/controller.js';
import { check, guard, Lab } from '../support/lab.js';
import { pingAll } from '../support/netns.js';
import { e2eUnavailable, type OfVersion } from '../support/ovs.js';
import { timed, waitFor, which } from '../support/sys.js';
import { curl } from '../support/http-client.js';
import { parsePromText, valueOf } from '../support/prom-text.js';
import { BUILTIN_APPS } from '../../controller/load.js';

/** With the topology app built in, /topology must show the lab's link. */
const TOPOLOGY = 'topology' in BUILTIN_APPS;

const reason = e2eUnavailable() ?? (existsSync(NODEFLOW_CLI) ? undefined : `nodeflow CLI not built at ${NODEFLOW_CLI}`) ?? (which('curl') ? undefined : 'curl is not installed');
const TOKEN = 'e2e-token';
const AUTH = { authorization: `Bearer ${TOKEN}` };

interface SwitchJson { dpid: string; version: string; ports: Array<{ port_no: number; name: string; down: boolean }> }

for (const version of ['1.0', '1.3'] as OfVersion[]) {
  const s = suite(`e2e: nodeflow start --http, OpenFlow ${version}`);
  if (guard(s, reason)) {
    s(
      'curl: switches, ports, MAC tables and metrics of a 2-bridge lab; a flow POSTed in ofctl_rest shape shows in dump-flows and DELETE removes it; a flow OVS refuses answers 422 with its error',
      timed(60_000, async (scope) => {
        const hport = pickPort();
        const l = await Lab.build(scope, { version, hostsPerBridge: [2, 1], controller: 'nodeflow', controllerArgs: ['--http', `127.0.0.1:${hport}`, '--http-token', TOKEN, ...(TOPOLOGY ? ['--app', 'learning-switch', '--app', 'topology'] : [])] });
        const ns = l.ovs.netns.name;
        const base = `http://127.0.0.1:${hport}`;
        const switches = await waitFor('both switches in GET /api/v1/switches', 10_000, async () => {
          const r = await curl(ns, `${base}/api/v1/switches`);
          const list = r.status === 200 ? r.json<SwitchJson[]>() : [];
          return list.length === 2 ? list : undefined;
        });
        assert.equal(switches.map((x) => [x.dpid, x.version]), [['0000000000000001', version], ['0000000000000002', version]]);
        const s1 = switches[0]!;
        const ports = s1.ports.map((p) => p.port_no).filter((p) => p < 0xff00).sort((a, b) => a - b);
        assert.equal(ports, [1, 2, 20], 'host ports 1, 2 and the patch port 20');
        assert.ok(s1.ports.filter((p) => p.port_no < 0xff00).every((p) => !p.down), `host and patch ports up: ${JSON.stringify(s1.ports)}`);
        // a dpid as ovs-vsctl prints it
        const ovsDpid = (await l.ovs.vsctl(['get', 'bridge', 's2', 'datapath_id'])).trim().replace(/"/g, '');
        const one = await curl(ns, `${base}/api/v1/switches/${ovsDpid}`);
        assert.is(one.status, 200);
        assert.is(one.json<SwitchJson>().dpid, '0000000000000002');

        const pings = await pingAll(l.hosts);
        check(l, pings.every((p) => p.ok), 'pings');
        const macs = await curl(ns, `${base}/api/v1/switches/1/mac-table`);
        assert.is(macs.status, 200);
        const entries = macs.json<{ entries: Array<{ mac: string; port: number }> }>().entries;
        for (const h of l.hosts) {
          const want = l.portTowards('s1', h);
          assert.ok(entries.some((e) => e.mac === h.mac && e.port === want), `s1 learned ${h.label} ${h.mac} on port ${want}: ${JSON.stringify(entries)}`);
        }

        // a flow added over REST, in Ryu ofctl_rest's shape
        const flow = { priority: 4242, match: { eth_type: 2048, ipv4_dst: '10.9.9.9' }, actions: [{ type: 'OUTPUT', port: 2 }] };
        const add = await curl(ns, `${base}/api/v1/switches/0000000000000001/flows`, { method: 'POST', headers: AUTH, body: flow });
        assert.is(add.status, 200, add.body);
        const mine = (await l.ovs.dumpFlows('s1')).filter((f) => f.raw.includes('priority=4242'));
        check(l, mine.length === 1 && /nw_dst=10\.9\.9\.9/.test(mine[0]!.raw) && /actions=output:2/.test(mine[0]!.raw), `dump-flows s1: ${mine.map((f) => f.raw).join('\n')}`);

        // live flow statistics show it too, and the learned flows with their packet counts
        const fl = await curl(ns, `${base}/api/v1/switches/1/flows`);
        assert.is(fl.status, 200, fl.body);
        const stats = fl.json<{ flows: Array<{ priority: number; packet_count: number }> }>().flows;
        assert.ok(stats.some((f) => f.priority === 4242), `flow stats list the REST flow: ${fl.body.slice(0, 400)}`);
        assert.ok(stats.some((f) => f.priority === 0x8000 && f.packet_count > 0), 'learned flows carry packets');
        // port counters: the ping traffic went through host port 1
        const pc = await curl(ns, `${base}/api/v1/switches/1/ports`);
        assert.is(pc.status, 200, pc.body);
        const p1 = pc.json<{ ports: Array<{ port_no: number; rx_packets: number }> }>().ports.find((p) => p.port_no === 1);
        assert.ok(p1 !== undefined && p1.rx_packets > 0, `port 1 counters: ${pc.body.slice(0, 300)}`);
        const withCounters = (await curl(ns, `${base}/api/v1/switches`)).json<Array<{ ports: Array<{ port_no: number; counters?: { rx_packets: number } }> }>>();
        assert.ok((withCounters[0]!.ports.find((p) => p.port_no === 1)?.counters?.rx_packets ?? 0) > 0, 'the switch list carries port counters');

        // OVS refuses a flow for its hidden table 254 (1.3) / an output to a port 1.0 cannot name
        const refused = version === '1.3'
          ? { ...flow, table_id: 254 }
          : { ...flow, actions: [{ type: 'OUTPUT', port: 'TABLE' }], buffer_id: 123456 };
        const bad = await curl(ns, `${base}/api/v1/switches/1/flows`, { method: 'POST', headers: AUTH, body: refused });
        assert.is(bad.status, 422, bad.body);
        const err = bad.json<{ message: string; openflow_error: { type: string; code: string } }>();
        assert.match(err.message, /refused the request: OFPET_/);
        assert.match(err.openflow_error.type, /^OFPET_/);

        const del = await curl(ns, `${base}/api/v1/switches/1/flows?strict=true`, { method: 'DELETE', headers: AUTH, body: { priority: 4242, match: flow.match } });
        assert.is(del.status, 200, del.body);
        check(l, !(await l.ovs.dumpFlows('s1')).some((f) => f.raw.includes('priority=4242')), 'the flow is gone after DELETE');

        // topology: the patch link s1:20 - s2:10 (both directions as one link or two), or 501 without the app
        if (TOPOLOGY) {
          const topo = await waitFor('the s1-s2 link in GET /api/v1/topology', 15_000, async () => {
            const t = await curl(ns, `${base}/api/v1/topology`);
            const links = t.status === 200 ? t.json<{ links: Array<{ src: { dpid: string; port: number }; dst: { dpid: string; port: number } }> }>().links : [];
            return links.length > 0 ? links : undefined;
          });
          const ends = topo.map((x) => [`${x.src.dpid}:${x.src.port}`, `${x.dst.dpid}:${x.dst.port}`].sort().join(' '));
          assert.ok(ends.every((e) => e === '0000000000000001:20 0000000000000002:10'), ends.join(', '));
        } else {
          assert.is((await curl(ns, `${base}/api/v1/topology`)).status, 501);
        }

        // the controller survived all of it: the network still works
        const again = await pingAll(l.hosts);
        check(l, again.every((p) => p.ok), 'pings after the REST calls');

        const m = await curl(ns, `${base}/metrics`);
        assert.is(m.status, 200);
        const fams = parsePromText(m.body);
        assert.is(valueOf(fams, 'nodeflow_switches_connected'), 2);
        assert.ok((valueOf(fams, 'nodeflow_packet_in_total') ?? 0) > 0, 'PACKET_INs counted');
        assert.ok((valueOf(fams, 'nodeflow_flow_mod_total') ?? 0) > 0, 'FLOW_MODs counted');
        assert.ok((valueOf(fams, 'nodeflow_errors_received_total', { version, type: 'OFPET_BAD_REQUEST' }) ?? 0)
          + (valueOf(fams, 'nodeflow_errors_received_total', { version, type: 'OFPET_FLOW_MOD_FAILED' }) ?? 0)
          + (valueOf(fams, 'nodeflow_errors_received_total', { version, type: 'OFPET_BAD_ACTION' }) ?? 0) >= 1, 'the refusal is counted by type');
        assert.ok((valueOf(fams, 'nodeflow_request_duration_seconds_count', { kind: 'FLOW_MOD', result: 'ok' }) ?? 0) >= 2, 'REST writes timed');
        assert.is(valueOf(fams, 'nodeflow_request_duration_seconds_count', { kind: 'FLOW_MOD', result: 'error' }), 1, 'the refused one as an error');
        const promtool = which('promtool');
        if (promtool) {
          const p = spawnSync(promtool, ['check', 'metrics'], { input: m.body, encoding: 'utf8' });
          const problems = `${p.stdout}${p.stderr}`.split('\n').filter((x) => x.trim() !== '' && !/^nodejs_active_\w+_total non-counter/.test(x));
          assert.equal(problems, [], 'promtool check metrics');
        }
      }),
    );
  }
  s.run();
}
