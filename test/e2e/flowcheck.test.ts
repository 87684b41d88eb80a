/**
 * The e2e harness's own checks, without root or Open vSwitch: parsing real
 * `ovs-ofctl dump-flows` output (1.0 and 1.3 formats, as printed by Open
 * vSwitch 3.1 for nodeflow's learning switch) and the learned-flow check
 * the e2e tests rely on — which must fail for wrong flows, not only pass.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { type LabHost, learnedFlowProblems, PATCH_NEXT, PATCH_PREV } from '../support/lab.js';
import { isTableMiss, matchDlDst, outputPort, parseFlows } from '../support/ovs.js';

const OF10 = `NXST_FLOW reply (xid=0x4):
 cookie=0x0, duration=0.122s, table=0, n_packets=2, n_bytes=196, idle_timeout=60, idle_age=0, in_port=2,dl_src=02:00:00:00:00:02,dl_dst=02:00:00:00:00:01 actions=output:1
 cookie=0x0, duration=0.118s, table=0, n_packets=1, n_bytes=98, idle_timeout=60, idle_age=0, in_port=1,dl_src=02:00:00:00:00:01,dl_dst=02:00:00:00:00:02 actions=output:2
`;
const OF13 = `OFPST_FLOW reply (OF1.3) (xid=0x2):
 cookie=0x0, duration=0.107s, table=0, n_packets=2, n_bytes=196, idle_timeout=60, in_port=2,dl_src=02:00:00:00:00:02,dl_dst=02:00:00:00:00:01 actions=output:1
 cookie=0x0, duration=0.104s, table=0, n_packets=1, n_bytes=98, idle_timeout=60, in_port=1,dl_src=02:00:00:00:00:01,dl_dst=02:00:00:00:00:02 actions=output:2
 cookie=0x0, duration=0.236s, table=0, n_packets=9, n_bytes=546, priority=0 actions=CONTROLLER:65535
 cookie=0x0, duration=0.090s, table=0, n_packets=1, n_bytes=98, idle_timeout=60, idle_age=0, priority=65535,icmp,in_port=1,vlan_tci=0x0000,dl_src=02:00:00:00:00:01,dl_dst=02:00:00:00:00:02,nw_src=10.0.0.1,nw_dst=10.0.0.2,nw_tos=0,icmp_type=8,icmp_code=0 actions=output:2
`;

test('parseFlows reads matches, actions, priority and timeouts from 1.0 and 1.3 dumps', () => {
  const f10 = parseFlows(OF10);
  assert.is(f10.length, 2);
  assert.equal(f10[0]!.match, { in_port: '2', dl_src: '02:00:00:00:00:02', dl_dst: '02:00:00:00:00:01' });
  assert.equal(f10[0]!.actions, ['output:1']);
  assert.is(f10[0]!.priority, 32768, 'no priority= means the default, 32768');
  assert.is(f10[0]!.idleTimeout, 60);
  assert.is(f10[0]!.packets, 2);

  const f13 = parseFlows(OF13);
  assert.is(f13.length, 4);
  assert.ok(isTableMiss(f13[2]!));
  assert.not.ok(isTableMiss(f13[0]!));
  assert.is(f13[3]!.priority, 65535);
  assert.is(f13[3]!.match['icmp'], '', 'protocol shorthands are flags');
  assert.is(f13[3]!.match['nw_dst'], '10.0.0.2');
  assert.is(matchDlDst(f13[3]!), '02:00:00:00:00:02');
});

test('outputPort accepts output:N and bare N only', () => {
  assert.is(outputPort('output:20'), 20);
  assert.is(outputPort('3'), 3);
  assert.is(outputPort('CONTROLLER:65535'), undefined);
  assert.is(outputPort('FLOOD'), undefined);
});

// h1, h2 on s1 (ports 1, 2); h3 on s2, reached from s1 through PATCH_NEXT
const host = (n: number, bridge: string, ofport: number) => ({ label: `h${n}`, mac: `02:00:00:00:00:0${n}`, bridge, ofport }) as unknown as LabHost;
const hosts = [host(1, 's1', 1), host(2, 's1', 2), host(3, 's2', 1)];
const topo = {
  hosts,
  portTowards: (bridge: string, h: LabHost) => (h.bridge === bridge ? h.ofport : bridge === 's1' ? PATCH_NEXT : PATCH_PREV),
};
const line = (inPort: number, dst: number, out: string) =>
  ` cookie=0x0, duration=1s, table=0, n_packets=1, n_bytes=98, idle_timeout=60, in_port=${inPort},dl_dst=02:00:00:00:00:0${dst} actions=${out}`;
const complete = [line(1, 2, 'output:2'), line(2, 1, 'output:1'), line(1, 3, 'output:20'), line(20, 1, 'output:1'), line(2, 3, 'output:20'), line(20, 2, 'output:2')];

test('learnedFlowProblems: a complete learned table passes', () => {
  assert.equal(learnedFlowProblems(topo, 's1', parseFlows(complete.join('\n'))), []);
});

test('learnedFlowProblems: a missing pair, a wrong port and a flow without in_port are reported', () => {
  const missing = learnedFlowProblems(topo, 's1', parseFlows(complete.slice(1).join('\n')));
  assert.equal(missing, ['s1: no flow in_port=1,dl_dst=02:00:00:00:00:02 -> output:2 (h1->h2)']);

  const wrongPort = complete.map((l, i) => (i === 0 ? line(1, 2, 'output:3') : l));
  const p = learnedFlowProblems(topo, 's1', parseFlows(wrongPort.join('\n')));
  assert.is(p.length, 2, p.join('\n'));
  assert.match(p[1]!, /flow for h2's MAC outputs to 3, expected only 2/);

  const noInPort = complete.map((l, i) => (i === 0 ? l.replace('in_port=1,', '') : l));
  assert.equal(learnedFlowProblems(topo, 's1', parseFlows(noInPort.join('\n'))), ['s1: no flow in_port=1,dl_dst=02:00:00:00:00:02 -> output:2 (h1->h2)']);
});

test.run();
