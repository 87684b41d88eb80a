/**
 * The topology service and the forwarding app against emulated switches
 * (test/controller/support.ts) wired into a ring of three by a test "wire":
 * every LLDP PACKET_OUT a switch is told to send out of a linked port comes
 * back as a PACKET_IN at the peer port, as a real link would carry it.
 *
 *   s1:2 -- s2:3    s2:2 -- s3:3    s3:2 -- s1:3    (port 1 of each: a host)
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { FakeSwitch, startController, until, frame, packetIn10, portStatus, header, OFP10, OFP13, type Msg } from '../controller/support.js';
import { decodeMessage } from '../../codec/index.js';
import { Topology } from '../../controller/topology/service.js';
import { Forwarding, FORWARDING_COOKIE } from '../../controller/apps/forwarding/forwarding.js';
import type { Link } from '../../controller/topology/graph.js';
import type { Controller } from '../../controller/server.js';

type Obj = Record<string, any>;
const T_PACKET_OUT = 13;
const T_FLOW_MOD = 14;
const NO_BUFFER = 0xffffffff;
const HOST_A = '02:00:00:00:00:0a';
const HOST_B = '02:00:00:00:00:0b';
const BCAST = 'ff:ff:ff:ff:ff:ff';

/** (switch index, port) -> (switch index, port) */
const WIRES: Array<[[number, number], [number, number]]> = [[[0, 2], [1, 3]], [[1, 2], [2, 3]], [[2, 2], [0, 3]]];

function decode(m: Msg): Obj {
  const r = decodeMessage(m.bytes);
  if (!r.ok) throw new Error(`undecodable message type ${m.type}`);
  return r.value as Obj;
}
const outputs = (v: Obj): number[] => (v['actions'] as Obj[]).filter((a) => a['type'] === 'OFPAT_OUTPUT').map((a) => a['port'] as number);

interface Net {
  ctl: Controller;
  topo: Topology;
  fwd: Forwarding;
  sw: FakeSwitch[];
  events: string[];
  /** Ports (`switchIndex:port`) whose wire is cut silently: no PORT_STATUS, probes just stop crossing. */
  cut: Set<string>;
  close(): Promise<void>;
}

async function ring(): Promise<Net> {
  const topo = new Topology({ lldpInterval: 0.2, settle: 0 });
  const fwd = new Forwarding();
  const { ctl, port } = await startController({ apps: [topo, fwd] });
  const events: string[] = [];
  const id = (l: Link) => `${l.src.dpid}:${l.src.port}>${l.dst.dpid}:${l.dst.port}`;
  topo.on('linkUp', (l) => events.push(`up ${id(l)}`));
  topo.on('linkDown', (l, why) => events.push(`down ${id(l)} ${why}`));
  topo.on('hostAdded', (h) => events.push(`host+ ${h.macString} ${h.dpid}:${h.port}`));
  topo.on('hostMoved', (h, from) => events.push(`host~ ${h.macString} ${from.dpid}:${from.port}->${h.dpid}:${h.port}`));
  topo.on('hostRemoved', (h, why) => events.push(`host- ${h.macString} ${why}`));
  const sw: FakeSwitch[] = [];
  for (let i = 0; i < 3; i++) sw.push(await FakeSwitch.connect(port));
  const cut = new Set<string>();
  // the wire: LLDP PACKET_OUTs to a linked port come out at the peer
  sw.forEach((s, i) => {
    s.sock.on('data', () => {
      // FakeSwitch's own listener (registered first) has matched its waiters; keep what came in and
      // empty its list so a long test does not rescan it
      for (const m of s.msgs.splice(0)) {
        kept(s).push(m);
        if (m.type !== T_PACKET_OUT) continue;
        const v = decode(m);
        const data = Buffer.from(v['data'] as Uint8Array);
        if (data.length < 14 || data.readUInt16BE(12) !== 0x88cc) continue;
        for (const p of outputs(v)) {
          for (const [a, b] of WIRES) {
            for (const [x, y] of [[a, b], [b, a]] as const) {
              if (x[0] === i && x[1] === p && !cut.has(`${x[0]}:${x[1]}`) && !cut.has(`${y[0]}:${y[1]}`)) sw[y[0]]!.send(packetIn10(0, NO_BUFFER, y[1], data));
            }
          }
        }
      }
    });
  });
  await Promise.all(sw.map((s, i) => s.handshake({ version: OFP10, dpid: BigInt(i + 1), plain: true, ports: [1, 2, 3] })));
  return {
    ctl, topo, fwd, sw, events, cut,
    async close() {
      for (const s of sw) s.close();
      await ctl.stop();
    },
  };
}
/** Every message a ring switch received, in order (the wire keeps them). */
const keptBySwitch = new WeakMap<FakeSwitch, Msg[]>();
function kept(s: FakeSwitch): Msg[] {
  let k = keptBySwitch.get(s);
  if (k === undefined) keptBySwitch.set(s, (k = []));
  return k;
}
const mark = (s: FakeSwitch) => kept(s).length;
const since = (s: FakeSwitch, at: number, type: number) => kept(s).slice(at).filter((m) => m.type === type).map(decode);

test('ring of 3: LLDP finds the 6 directed links; a broadcast is flooded along the tree only; a copy on the blocked link is dropped', async () => {
  const n = await ring();
  try {
    await until(() => n.topo.graph.size === 6, 3000, '6 directed links');
    assert.is(n.events.filter((e) => e.startsWith('up ')).length, 6);
    const snap = n.topo.snapshot();
    assert.is(snap.links.length, 6);
    assert.is(snap.switches.length, 3);
    // tree: BFS from dpid 1 over its ports in order: 1-2 (s1:2) and 1-3 (s1:3); s2:2 -- s3:3 is blocked
    assert.equal([...n.topo.graph.treePorts(1n)].sort(), [2, 3]);
    assert.equal([...n.topo.graph.treePorts(2n)], [3]);
    assert.equal([...n.topo.graph.treePorts(3n)], [2]);
    const kinds = snap.switches.find((s) => s.dpid.endsWith('2'))!.ports.map((p) => `${p.port}:${p.kind}`).sort();
    assert.equal(kinds, ['1:edge', '2:link', '3:link']);

    // a broadcast from host A at s1:1 -> s1 floods to its tree ports 2 and 3 (never back to 1)
    let at = mark(n.sw[0]!);
    n.sw[0]!.send(packetIn10(1, NO_BUFFER, 1, frame(BCAST, HOST_A, 0x0806)));
    await until(() => since(n.sw[0]!, at, T_PACKET_OUT).some((v) => v['in_port'] === 1), 2000, 'the flood');
    const flood = since(n.sw[0]!, at, T_PACKET_OUT).find((v) => v['in_port'] === 1)!;
    assert.equal(outputs(flood).sort(), [2, 3]);
    // its copy at s2 (in on tree port 3) goes to the host port only, not into the blocked link (port 2)
    at = mark(n.sw[1]!);
    n.sw[1]!.send(packetIn10(2, NO_BUFFER, 3, frame(BCAST, HOST_A, 0x0806)));
    await until(() => since(n.sw[1]!, at, T_PACKET_OUT).some((v) => v['in_port'] === 3), 2000, 'the flood at s2');
    assert.equal(outputs(since(n.sw[1]!, at, T_PACKET_OUT).find((v) => v['in_port'] === 3)!), [1]);
    // a copy arriving on the blocked link is dropped
    const drops = n.fwd.stats.floodDrops;
    n.sw[2]!.send(packetIn10(3, NO_BUFFER, 3, frame(BCAST, HOST_A, 0x0806)));
    await until(() => n.fwd.stats.floodDrops === drops + 1, 2000, 'the drop');
    // host A was learnt at s1:1 only (copies on link ports teach nothing)
    assert.equal(n.events.filter((e) => e.startsWith('host')), [`host+ ${HOST_A} 1:1`]);
  } finally {
    await n.close();
  }
});

test('known unicast: flows on every hop of the shortest path; a cut link deletes them on every hop; host moves and switch down', async () => {
  const n = await ring();
  try {
    await until(() => n.topo.graph.size === 6, 3000, '6 directed links');
    // B announces itself at s3:1
    n.sw[2]!.send(packetIn10(1, NO_BUFFER, 1, frame(BCAST, HOST_B, 0x0806)));
    await until(() => n.topo.hosts.size === 1, 2000, 'host B');
    // A (s1:1) -> B: shortest path s1:3 -> s3:2, then s3:1
    const m1 = mark(n.sw[0]!);
    const m3 = mark(n.sw[2]!);
    n.sw[0]!.send(packetIn10(2, NO_BUFFER, 1, frame(HOST_B, HOST_A, 0x0800)));
    await until(() => since(n.sw[0]!, m1, T_PACKET_OUT).length > 0 && since(n.sw[2]!, m3, T_FLOW_MOD).length > 0, 2000, 'the path');
    const f1 = since(n.sw[0]!, m1, T_FLOW_MOD).find((v) => v['command'] === 'OFPFC_ADD')!;
    const f3 = since(n.sw[2]!, m3, T_FLOW_MOD).find((v) => v['command'] === 'OFPFC_ADD')!;
    assert.equal([f1['match']['in_port'], f1['match']['dl_src'], f1['match']['dl_dst'], outputs(f1)], [1, HOST_A, HOST_B, [3]]);
    assert.equal([f3['match']['in_port'], f3['match']['dl_src'], f3['match']['dl_dst'], outputs(f3)], [2, HOST_A, HOST_B, [1]]);
    assert.is(BigInt(f1['cookie']), FORWARDING_COOKIE);
    assert.equal(outputs(since(n.sw[0]!, m1, T_PACKET_OUT)[0]!), [3], 'the packet itself follows the path');
    assert.is(n.fwd.paths.size, 1);

    // a packet for the pair that comes back in at s1 by the port its path leaves by (a stale flow
    // elsewhere sent it there): nothing goes back out of in_port, and the pair's path is removed
    const s1 = mark(n.sw[0]!);
    n.sw[0]!.send(packetIn10(7, NO_BUFFER, 3, frame(HOST_B, HOST_A, 0x0800)));
    await until(() => n.fwd.paths.size === 0, 2000, 'the stale path removed');
    await until(() => since(n.sw[0]!, s1, T_FLOW_MOD).some((v) => v['command'] === 'OFPFC_DELETE'), 2000, 'its flows deleted');
    assert.not.ok(since(n.sw[0]!, s1, T_PACKET_OUT).some((v) => v['in_port'] === 3 && outputs(v).includes(3)), 'nothing sent back out of in_port');
    assert.not.ok(since(n.sw[0]!, s1, T_FLOW_MOD).some((v) => v['command'] === 'OFPFC_ADD'), 'no flow out of in_port');
    // routed again from the host's port
    n.sw[0]!.send(packetIn10(8, NO_BUFFER, 1, frame(HOST_B, HOST_A, 0x0800)));
    await until(() => n.fwd.paths.size === 1, 2000, 'the path again');

    // cut s3:2 -- s1:3 (s1 reports its port 3 gone): both directions go, and the pair's flows go on s1 and s3
    const d1 = mark(n.sw[0]!);
    const d3 = mark(n.sw[2]!);
    n.sw[0]!.send(portStatus(OFP10, 1, 3));
    await until(() => n.topo.graph.size === 4, 2000, '4 directed links');
    await until(() => since(n.sw[2]!, d3, T_FLOW_MOD).some((v) => v['command'] === 'OFPFC_DELETE'), 2000, 'the delete at s3');
    for (const v of [...since(n.sw[0]!, d1, T_FLOW_MOD), ...since(n.sw[2]!, d3, T_FLOW_MOD)].filter((x) => x['command'] === 'OFPFC_DELETE')) {
      assert.equal([v['match']['dl_src'], v['match']['dl_dst']], [HOST_A, HOST_B]);
    }
    assert.ok(n.events.includes('down 1:3>3:2 port-deleted') && n.events.includes('down 3:2>1:3 port-deleted'));
    assert.is(n.fwd.paths.size, 0);
    // the next packet takes the long way: s1:2 -> s2:3, s2:2 -> s3:3, s3:1
    const r1 = mark(n.sw[0]!);
    const r2 = mark(n.sw[1]!);
    n.sw[0]!.send(packetIn10(3, NO_BUFFER, 1, frame(HOST_B, HOST_A, 0x0800)));
    await until(() => since(n.sw[1]!, r2, T_FLOW_MOD).length > 0 && since(n.sw[0]!, r1, T_PACKET_OUT).length > 0, 2000, 'the new path');
    assert.equal(outputs(since(n.sw[0]!, r1, T_FLOW_MOD)[0]!), [2]);
    const mid = since(n.sw[1]!, r2, T_FLOW_MOD)[0]!;
    assert.equal([mid['match']['in_port'], outputs(mid)], [3, [2]]);

    // B moves to s2:1: its paths go
    n.sw[1]!.send(packetIn10(4, NO_BUFFER, 1, frame(BCAST, HOST_B, 0x0806)));
    await until(() => n.events.some((e) => e.startsWith('host~')), 2000, 'the move');
    assert.ok(n.events.includes(`host~ ${HOST_B} 3:1->2:1`));
    assert.is(n.fwd.paths.size, 0);

    // s2 goes: its links and its host go
    n.sw[1]!.close();
    await until(() => n.topo.graph.size === 0, 2000, 'no links left (s1-s3 was cut)');
    await until(() => n.events.includes(`host- ${HOST_B} switch-down`), 2000, 'host B removed');
  } finally {
    await n.close();
  }
});

test('a link whose probes stop crossing (no PORT_STATUS) times out after the rounds it may miss; it comes back when they cross again', async () => {
  const n = await ring();
  try {
    await until(() => n.topo.graph.size === 6, 3000, '6 directed links');
    n.cut.add('0:2');
    await until(() => n.topo.graph.size === 4, 5000, 'the s1:2 -- s2:3 link to time out');
    assert.ok(n.events.includes('down 1:2>2:3 timeout') && n.events.includes('down 2:3>1:2 timeout'), n.events.join('\n'));
    n.cut.delete('0:2');
    await until(() => n.topo.graph.size === 6, 3000, 'the link to come back');
  } finally {
    await n.close();
  }
});

test('bad and foreign LLDP, a port that goes down, and a 1.3 switch: no crash, clear counters, LLDP and table-miss flows', async () => {
  const n = await ring();
  try {
    await until(() => n.topo.graph.size === 6, 3000, '6 directed links');
    const lldp = frame('01:80:c2:00:00:0e', '02:00:00:00:00:99', 0x88cc, 60);
    n.sw[0]!.send(packetIn10(9, NO_BUFFER, 1, lldp)); // TLV soup of 0x5a bytes
    n.sw[0]!.send(packetIn10(9, NO_BUFFER, 1, lldp.subarray(0, 15)));
    await until(() => n.topo.stats.badLldp === 2, 2000, 'two bad frames counted');
    assert.is(n.topo.graph.size, 6);
    // still serving: an echo comes back
    n.sw[0]!.send(header(OFP10, 2, 8, 0x77));
    await n.sw[0]!.wait((m) => m.type === 3 && m.xid === 0x77);
    // a port goes down (not deleted): its links go, reason port-down
    n.sw[1]!.send(portStatus(OFP10, 2, 2, true));
    await until(() => n.topo.graph.size === 4, 2000, 'links of s2:2 gone');
    assert.ok(n.events.includes('down 2:2>3:3 port-down'));

    // a 1.3 switch gets the LLDP flow (eth_type 0x88cc -> CONTROLLER, priority 0xffff), the cookie delete and the table-miss
    const { port } = n.ctl.address();
    const s13 = await FakeSwitch.connect(port);
    try {
      await s13.handshake({ version: OFP13, dpid: 0x13n, ports: [1] });
      await until(() => s13.ofType(T_FLOW_MOD).length >= 3 && s13.ofType(T_PACKET_OUT).length >= 1, 2000, 'three FLOW_MODs and a probe');
      const fms = s13.ofType(T_FLOW_MOD).map(decode);
      const lldpFlow = fms.find((v) => v['priority'] === 0xffff)!;
      assert.ok(lldpFlow, 'LLDP flow');
      assert.equal(lldpFlow['match']['oxm_fields'].map((f: Obj) => [f['field'] ?? f['oxm_field'], f['value']]).length, 1);
      const del = fms.find((v) => v['command'] === 'OFPFC_DELETE')!;
      assert.is(BigInt(del['cookie']), FORWARDING_COOKIE);
      assert.is(BigInt(del['cookie_mask']), 0xffffffffffffffffn);
      assert.ok(fms.some((v) => v['priority'] === 0 && v['match']['oxm_fields'].length === 0), 'table-miss flow');
      assert.ok(s13.ofType(T_PACKET_OUT).length >= 1, 'probed at switch up');
    } finally {
      s13.close();
    }
  } finally {
    await n.close();
  }
});

test.run();
