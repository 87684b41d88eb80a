/**
 * Request/reply against a scripted switch over a real socket: xid matching,
 * multipart reassembly across REPLY_MORE, ERROR rejection with the spec's
 * names, disconnect, timeout, the in-flight bound, malformed and oversized
 * replies, flow management confirmed by a barrier. Replies are real bytes
 * captured from Open vSwitch (fixtures/of1x/ovs) with the xid (and the
 * REPLY_MORE flag) rewritten, or encoded by the codec.
 */
import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { FakeSwitch, startController, header, until, OFP10, OFP13, type Msg } from './support.js';
import type { App, Switch } from '../../controller/app.js';
import type { ControllerOptions } from '../../controller/server.js';
import { decodeMessage, encodeMessage, OFPT10, OFPT13 } from '../../codec/index.js';
import {
  BadReplyError, BatchError, OpenFlowError, RequestTimeoutError, SwitchDisconnectedError, TooManyRequestsError, UnsupportedRequestError, output,
} from '../../controller/request/index.js';
import { join } from 'node:path';
import { FIXTURES } from '../support/fixtures.js';

const fx = (rel: string): Buffer => readFileSync(join(FIXTURES, rel));
const F13 = {
  flowA: fx('of13/ovs/133-OFPT_MULTIPART_REPLY-OFPMP_FLOW.packet'),
  flowB: fx('of13/ovs/135-OFPT_MULTIPART_REPLY-OFPMP_FLOW.packet'),
  desc: fx('of13/ovs/045-OFPT_MULTIPART_REPLY-OFPMP_DESC.packet'),
  ports: fx('of13/ovs/070-OFPT_MULTIPART_REPLY-OFPMP_PORT_STATS.packet'),
  portDesc: fx('of13/ovs/140-OFPT_MULTIPART_REPLY-OFPMP_PORT_DESC.packet'),
  table: fx('of13/ovs/138-OFPT_MULTIPART_REPLY-OFPMP_TABLE.packet'),
  aggregate: fx('of13/ovs/137-OFPT_MULTIPART_REPLY-OFPMP_AGGREGATE.packet'),
  role: fx('of13/ovs/002-OFPT_ROLE_REPLY.packet'),
  getConfig: fx('of13/ovs/042-OFPT_GET_CONFIG_REPLY.packet'),
};
const F10 = {
  flowA: fx('of10/ovs/ovs-3.1-stats_reply-flow-dump-flows.packet'),
  flowB: fx('of10/ovs/ovs-3.1-stats_reply-flow-dump-flows-match.packet'),
  desc: fx('of10/ovs/ovs-3.1-stats_reply-desc-dump-desc.packet'),
  ports: fx('of10/ovs/ovs-3.1-stats_reply-port-dump-ports.packet'),
  features: fx('of10/ovs/ovs-3.1-features_reply-show.packet'),
};

/** A copy of captured bytes with another xid and, for stats/multipart replies, the REPLY_MORE bit. */
function retag(b: Buffer, xid: number, more?: boolean): Buffer {
  const c = Buffer.from(b);
  c.writeUInt32BE(xid, 4);
  if (more !== undefined) c.writeUInt16BE(more ? 1 : 0, 10);
  return c;
}
const body = (b: Buffer): unknown[] => {
  const r = decodeMessage(b);
  if (!r.ok) throw new Error(r.error.message);
  return r.value['body'] as unknown[];
};

const STATS_REQ = { [OFP10]: 16, [OFP13]: 18 } as const;
const BARRIER_REQ = { [OFP10]: 18, [OFP13]: 20 } as const;
const BARRIER_REP = { [OFP10]: 19, [OFP13]: 21 } as const;

async function lab(version: number, opts: ControllerOptions = {}): Promise<{ sw: Switch; fake: FakeSwitch; done(): Promise<void> }> {
  let up: Switch | undefined;
  const app: App = { switchUp: (s) => void (up = s) };
  const { ctl, port } = await startController({ apps: [app], ...opts });
  const fake = await FakeSwitch.connect(port);
  await fake.handshake({ version, dpid: 7n, plain: version === OFP10 });
  await until(() => up !== undefined, 2000, 'switchUp');
  return { sw: up!, fake, done: async () => { fake.close(); await ctl.stop(); } };
}

const stats = (version: number) => (m: Msg) => m.type === STATS_REQ[version as 1 | 4];

for (const version of [OFP10, OFP13]) {
  const F = version === OFP10 ? F10 : F13;
  const v = version === OFP10 ? '1.0' : '1.3';

  test(`request ${v}: replies are matched by xid, answered out of order, each request gets its own`, async () => {
    const { sw, fake, done } = await lab(version);
    try {
      const d = sw.desc();
      const f = sw.flowStats();
      const p = sw.portStats();
      const [qd, qf, qp] = [await fake.wait(stats(version)), await fake.wait(stats(version)), await fake.wait(stats(version))];
      assert.ok(new Set([qd.xid, qf.xid, qp.xid]).size === 3, 'three distinct xids');
      // answer in reverse order, with an unsolicited reply (unknown xid) first
      fake.send(retag(F.desc, 0xdead0000));
      fake.send(retag(F.ports, qp.xid, false));
      fake.send(retag(F.flowA, qf.xid, false));
      fake.send(retag(F.desc, qd.xid, false));
      const [desc, flows, ports] = await Promise.all([d, f, p]);
      const dv = (decodeMessage(F.desc).ok && (decodeMessage(F.desc) as { value: Record<string, unknown> }).value['body']) as Record<string, string>;
      assert.is(desc.mfrDesc, dv['mfr_desc']);
      assert.is(desc.swDesc, dv['sw_desc']);
      assert.is(flows.length, body(F.flowA).length);
      assert.is(ports.length, body(F.ports).length);
      assert.ok(ports.every((x) => typeof x.rxPackets === 'bigint' && x.portNo > 0), 'port stats with neutral port numbers and bigint counters');
    } finally {
      await done();
    }
  });

  test(`request ${v}: a multipart reply in parts (REPLY_MORE) is reassembled in order`, async () => {
    const { sw, fake, done } = await lab(version);
    try {
      const f = sw.flowStats();
      const q = await fake.wait(stats(version));
      fake.send(retag(F.flowA, q.xid, true));
      fake.send(retag(F.flowB, q.xid, true));
      fake.send(retag(F.flowA, q.xid, false));
      const flows = await f;
      const a = body(F.flowA) as Record<string, unknown>[];
      const b = body(F.flowB) as Record<string, unknown>[];
      const want = [...a, ...b, ...a];
      assert.is(flows.length, want.length);
      assert.equal(flows.map((x) => x.priority), want.map((x) => x['priority']));
      assert.equal(flows.map((x) => x.packetCount), want.map((x) => x['packet_count']));
      // the generic form: sw.request resolves with one value whose body holds every part's entries
      const r = sw.request({ type: STATS_REQ[version as 1 | 4], [version === OFP10 ? 'stats_type' : 'multipart_type']: version === OFP10 ? 'OFPST_FLOW' : 'OFPMP_FLOW', flags: 0,
        body: version === OFP10
          ? { match: { wildcards: 0x3fffff, in_port: 0, dl_src: '00:00:00:00:00:00', dl_dst: '00:00:00:00:00:00', dl_vlan: 0, dl_vlan_pcp: 0, dl_type: 0, nw_tos: 0, nw_proto: 0, nw_src: '0.0.0.0', nw_dst: '0.0.0.0', tp_src: 0, tp_dst: 0 }, table_id: 0xff, out_port: 'OFPP_NONE' }
          : { table_id: 0xff, out_port: 'OFPP_ANY', out_group: 'OFPG_ANY', cookie: 0n, cookie_mask: 0n, match: { type: 'OFPMT_OXM', oxm_fields: [] } } });
      const q2 = await fake.wait(stats(version));
      fake.send(retag(F.flowB, q2.xid, true));
      fake.send(retag(F.flowA, q2.xid, false));
      const v2 = await r;
      assert.ok(v2 !== null);
      assert.is((v2!['body'] as unknown[]).length, b.length + a.length);
      assert.is(v2!['parts'], 2);
    } finally {
      await done();
    }
  });

  test(`request ${v}: flows.add sends FLOW_MOD + BARRIER and resolves on the barrier; an ERROR on the FLOW_MOD's xid rejects with names`, async () => {
    const { sw, fake, done } = await lab(version);
    try {
      const ok = sw.flows.add({ match: { inPort: 1, ethDst: '02:00:00:00:00:02' }, actions: [output(2)], idleTimeout: 30 });
      const fm = await fake.waitType(14);
      const br = await fake.waitType(BARRIER_REQ[version as 1 | 4]);
      const dv = decodeMessage(fm.bytes);
      assert.ok(dv.ok);
      const val = (dv as { value: Record<string, unknown> }).value;
      assert.is(val['command'], 'OFPFC_ADD');
      assert.is(val['priority'], 0x8000);
      assert.is(val['idle_timeout'], 30);
      assert.is(val['buffer_id'], 0xffffffff);
      fake.send(header(version, BARRIER_REP[version as 1 | 4], 8, br.xid));
      await ok;

      const bad = sw.flows.add({ priority: 1, actions: [output(2)] });
      const fm2 = await fake.waitType(14);
      const br2 = await fake.waitType(BARRIER_REQ[version as 1 | 4]);
      const err = encodeMessage({ version, type: 'OFPT_ERROR', xid: fm2.xid, error_type: 'OFPET_FLOW_MOD_FAILED', code: 'OFPFMFC_EPERM', data: fm2.bytes.subarray(0, 64) });
      fake.send(err);
      fake.send(header(version, BARRIER_REP[version as 1 | 4], 8, br2.xid));
      const e = await bad.then(() => null, (x: unknown) => x);
      assert.instance(e, OpenFlowError);
      const oe = e as OpenFlowError;
      assert.is(oe.typeName, 'OFPET_FLOW_MOD_FAILED');
      assert.is(oe.codeName, 'OFPFMFC_EPERM');
      assert.is(oe.xid, fm2.xid);
      assert.is(oe.code, 'ERR_OPENFLOW');
      assert.equal(oe.data, fm2.bytes.subarray(0, 64));
      // a stats request refused with an ERROR
      const d = sw.desc();
      const q = await fake.wait(stats(version));
      fake.send(encodeMessage({ version, type: 'OFPT_ERROR', xid: q.xid, error_type: 'OFPET_BAD_REQUEST', code: 'OFPBRC_EPERM', data: q.bytes }));
      const e2 = await d.then(() => null, (x: unknown) => x);
      assert.instance(e2, OpenFlowError);
      assert.is((e2 as OpenFlowError).codeName, 'OFPBRC_EPERM');
    } finally {
      await done();
    }
  });

  test(`request ${v}: the switch disconnecting rejects what is in flight with SwitchDisconnectedError; later requests reject at once`, async () => {
    const { sw, fake, done } = await lab(version);
    try {
      const a = sw.flowStats().then(() => null, (x: unknown) => x);
      const b = sw.barrier().then(() => null, (x: unknown) => x);
      await fake.wait(stats(version));
      await fake.waitType(BARRIER_REQ[version as 1 | 4]);
      fake.close();
      const [ea, eb] = await Promise.all([a, b]);
      assert.instance(ea, SwitchDisconnectedError);
      assert.instance(eb, SwitchDisconnectedError);
      await until(() => !sw.up, 2000, 'switch down');
      const ec = await sw.desc().then(() => null, (x: unknown) => x);
      assert.instance(ec, SwitchDisconnectedError);
    } finally {
      await done();
    }
  });

  test(`request ${v}: no reply within the timeout rejects with RequestTimeoutError; a late reply is ignored and the switch stays usable`, async () => {
    const { sw, fake, done } = await lab(version, { requestTimeoutMs: 60_000 });
    try {
      const t = sw.desc({ timeoutMs: 50 }).then(() => null, (x: unknown) => x);
      const q = await fake.wait(stats(version));
      const e = await t;
      assert.instance(e, RequestTimeoutError);
      assert.is((e as RequestTimeoutError).timeoutMs, 50);
      fake.send(retag(F.desc, q.xid, false)); // too late: nobody waits
      const d = sw.desc();
      const q2 = await fake.wait(stats(version));
      fake.send(retag(F.desc, q2.xid, false));
      assert.ok((await d).mfrDesc.length > 0);
      assert.ok(sw.up);
    } finally {
      await done();
    }
  });
}

test('request: at most maxRequestsInFlight per switch; beyond it TooManyRequestsError and nothing is sent; room frees as replies come', async () => {
  const { sw, fake, done } = await lab(OFP13, { maxRequestsInFlight: 4 });
  try {
    const inflight = [sw.desc(), sw.desc(), sw.flows.add({ actions: [] }), sw.barrier()];
    for (const p of inflight) p.catch(() => {}); // the unanswered ones reject when the controller stops
    const e = await sw.desc().then(() => null, (x: unknown) => x);
    assert.instance(e, TooManyRequestsError);
    assert.is((e as TooManyRequestsError).limit, 4);
    await fake.settle(50);
    const descs = () => fake.ofType(18).filter((m) => m.bytes.readUInt16BE(8) === 0); // OFPMP_DESC (the handshake sent a PORT_DESC)
    assert.is(descs().length, 2, 'only the admitted stats requests were sent');
    const q = descs()[0]!;
    fake.send(retag(F13.desc, q.xid, false));
    await inflight[0];
    const again = sw.desc();
    await until(() => descs().length === 3, 2000, 'the next DESC request');
    const q2 = descs()[2]!;
    fake.send(retag(F13.desc, q2.xid, false));
    await again;
  } finally {
    await done();
  }
});

test('request: a reply that does not decode rejects with BadReplyError; the connection stays up', async () => {
  const { sw, fake, done } = await lab(OFP13);
  try {
    const d = sw.flowStats().then(() => null, (x: unknown) => x);
    const q = await fake.wait(stats(OFP13));
    const broken = retag(F13.flowA, q.xid, false);
    broken.writeUInt16BE(9999, 16); // first flow entry's length: past the message end
    fake.send(broken);
    assert.instance(await d, BadReplyError);
    const g = sw.getConfig();
    const q2 = await fake.waitType(7);
    fake.send(retag(F13.getConfig, q2.xid));
    const cfg = await g;
    assert.is(typeof cfg.missSendLen, 'number');
    assert.ok(sw.up);
  } finally {
    await done();
  }
});

test('request: a multipart reply that never ends is cut at maxReplyBytes', async () => {
  const { sw, fake, done } = await lab(OFP13, { maxReplyBytes: 65536 });
  try {
    const f = sw.flowStats().then(() => null, (x: unknown) => x);
    const q = await fake.wait(stats(OFP13));
    const part = retag(F13.flowA, q.xid, true);
    for (let n = 0; n * part.length <= 65536 + part.length; n++) fake.send(part);
    const e = await f;
    assert.instance(e, BadReplyError);
    assert.match((e as Error).message, /exceeds 65536 bytes/);
  } finally {
    await done();
  }
});

test('request 1.3: portDesc, tableStats, aggregateStats, role, getConfig read into neutral results; 1.0 has no groups or roles', async () => {
  const { sw, fake, done } = await lab(OFP13);
  try {
    const pd = sw.portDesc();
    fake.send(retag(F13.portDesc, (await fake.wait(stats(OFP13))).xid, false));
    const ports = await pd;
    assert.equal(ports.map((p) => p.portNo), (body(F13.portDesc) as Record<string, unknown>[]).map((p) => (typeof p['port_no'] === 'number' ? p['port_no'] : 0xfffffffe)));
    const ts = sw.tableStats();
    fake.send(retag(F13.table, (await fake.wait(stats(OFP13))).xid, false));
    assert.is((await ts).length, body(F13.table).length);
    const ag = sw.aggregateStats({ match: { ethType: 0x0800, ipv4Dst: '10.0.0.0/8' } });
    const aq = await fake.wait(stats(OFP13));
    const av = decodeMessage(aq.bytes);
    assert.ok(av.ok);
    const match = ((av as { value: Record<string, unknown> }).value['body'] as Record<string, Record<string, unknown>>)['match']!;
    assert.equal((match['oxm_fields'] as Record<string, unknown>[]).map((f) => [f['field'], f['value'], f['mask']]), [
      ['OFPXMT_OFB_ETH_TYPE', 0x0800, undefined], ['OFPXMT_OFB_IPV4_DST', '10.0.0.0', '255.0.0.0'],
    ]);
    fake.send(retag(F13.aggregate, aq.xid, false));
    assert.is(typeof (await ag).flowCount, 'number');
    const rr = sw.requestRole('master', 5n);
    const rq = await fake.waitType(24);
    const rv = decodeMessage(rq.bytes);
    assert.ok(rv.ok && rv.value['role'] === 'OFPCR_ROLE_MASTER' && rv.value['generation_id'] === 5n);
    fake.send(retag(F13.role, rq.xid));
    const role = await rr;
    assert.ok(['master', 'slave', 'equal', 'nochange'].includes(String(role.role)));
    assert.is(typeof role.generationId, 'bigint');
  } finally {
    await done();
  }
  const l10 = await lab(OFP10);
  try {
    for (const call of [
      () => l10.sw.groupStats(), () => l10.sw.meterStats(), () => l10.sw.requestRole('master'), () => l10.sw.flows.add({ tableId: 3 }), () => l10.sw.flowStats({ cookie: 1n }),
    ]) {
      assert.instance(await call().then(() => null, (x: unknown) => x), UnsupportedRequestError);
    }
    // 1.0 port descriptions come from a fresh FEATURES_REPLY
    const pd = l10.sw.portDesc();
    const fr = await l10.fake.waitType(5);
    l10.fake.send(retag(F10.features, fr.xid));
    const ports = await pd;
    assert.ok(ports.length > 0 && ports.every((p) => p.name.length > 0));
  } finally {
    await l10.done();
  }
});

test('an async switchUp whose request fails is logged as a handler failure, not left as an unhandled rejection', async () => {
  const lines: string[] = [];
  const app: App = {
    name: 'impatient',
    async switchUp(sw) {
      await sw.desc({ timeoutMs: 30 });
    },
  };
  const { ctl, port } = await startController({ apps: [app] }, lines);
  const fake = await FakeSwitch.connect(port);
  try {
    await fake.handshake({ version: OFP13, dpid: 0x42n });
    await until(() => lines.some((l) => /app handler failed/.test(l)), 2000, 'the failure log line');
    const line = lines.find((l) => /app handler failed/.test(l))!;
    assert.match(line, /impatient/);
    assert.match(line, /switchUp/);
    assert.match(line, /RequestTimeoutError/);
  } finally {
    fake.close();
    await ctl.stop();
  }
});

test('a switch that never answers costs only its own requests: another switch keeps answering', async () => {
  const ups = new Map<bigint, Switch>();
  const { ctl, port } = await startController({ apps: [{ switchUp: (s) => void ups.set(s.dpid, s) }] });
  const mute = await FakeSwitch.connect(port);
  const live = await FakeSwitch.connect(port);
  try {
    await mute.handshake({ version: OFP13, dpid: 1n });
    await live.handshake({ version: OFP13, dpid: 2n });
    await until(() => ups.size === 2);
    const stuck = ups.get(1n)!.flowStats({}, { timeoutMs: 300 }).then(() => null, (x: unknown) => x);
    // the live switch answers 50 requests while the mute one sits on its own
    live.sock.on('data', () => {
      for (const m of live.msgs.splice(0)) {
        if (m.type === OFPT13.MULTIPART_REQUEST && m.bytes.readUInt16BE(8) === 0) live.send(retag(F13.desc, m.xid, false));
      }
    });
    const sw2 = ups.get(2n)!;
    const answers = await Promise.all(Array.from({ length: 50 }, () => sw2.desc()));
    assert.is(answers.length, 50);
    assert.ok(answers.every((d) => d.mfrDesc.length > 0));
    assert.instance(await stuck, RequestTimeoutError);
    assert.ok(ups.get(1n)!.up, 'a timeout does not close the connection');
  } finally {
    mute.close();
    live.close();
    await ctl.stop();
  }
});

test('flows.apply: several FLOW_MODs and one barrier; refused ones are named by index in a BatchError, the rest applied', async () => {
  const { sw, fake, done } = await lab(OFP13);
  try {
    const ok = sw.flows.apply([
      { command: 'add', priority: 10, actions: [output(1)] },
      { command: 'deleteStrict', priority: 20, match: { ethType: 0x0806 } },
    ]);
    await fake.settle(50);
    const fms = fake.ofType(14);
    const barriers = fake.ofType(20);
    assert.is(fms.length, 2);
    assert.is(barriers.length, 1, 'one barrier for the batch');
    assert.ok(barriers[0]!.xid > fms[1]!.xid && fms[1]!.xid > fms[0]!.xid, 'in order, barrier last');
    fake.send(header(OFP13, 21, 8, barriers[0]!.xid));
    await ok;

    const bad = sw.flows.apply([
      { command: 'add', priority: 1 }, { command: 'add', tableId: 200, priority: 2 }, { command: 'add', priority: 3 }, { command: 'add', tableId: 201, priority: 4 },
    ]).then(() => null, (x: unknown) => x);
    const b = await fake.wait((m) => m.type === 20 && m.xid !== barriers[0]!.xid);
    const fm = fake.ofType(14).slice(2);
    assert.is(fm.length, 4);
    for (const i of [1, 3]) fake.send(encodeMessage({ version: OFP13, type: 'OFPT_ERROR', xid: fm[i]!.xid, error_type: 'OFPET_FLOW_MOD_FAILED', code: 'OFPFMFC_BAD_TABLE_ID', data: fm[i]!.bytes }));
    fake.send(header(OFP13, 21, 8, b.xid));
    const e = await bad;
    assert.instance(e, BatchError);
    const be = e as BatchError;
    assert.equal(be.failures.map((f) => [f.index, f.error.codeName]), [[1, 'OFPFMFC_BAD_TABLE_ID'], [3, 'OFPFMFC_BAD_TABLE_ID']]);
    assert.is(be.total, 4);
    assert.match(be.message, /refused 2 of 4/);
    assert.is(await sw.flows.apply([]), undefined, 'an empty batch sends nothing');
    // each flows.* call sends its own command, then a barrier
    const calls = [
      ['OFPFC_MODIFY', () => sw.flows.modify({ match: { ethType: 0x0806 }, actions: [output(3)] })],
      ['OFPFC_MODIFY_STRICT', () => sw.flows.modifyStrict({ priority: 9, match: { ethType: 0x0806 }, actions: [output(3)] })],
      ['OFPFC_DELETE', () => sw.flows.delete()],
      ['OFPFC_DELETE_STRICT', () => sw.flows.deleteStrict({ priority: 9, match: { ethType: 0x0806 } })],
    ] as const;
    for (const [command, call] of calls) {
      const pending = call();
      const fmx = await fake.wait((m) => m.type === 14);
      const brx = await fake.wait((m) => m.type === 20);
      const v = decodeMessage(fmx.bytes);
      assert.ok(v.ok && v.value['command'] === command, command);
      fake.send(header(OFP13, 21, 8, brx.xid));
      await pending;
    }
  } finally {
    await done();
  }
});

test('ctl.on takes the named type constants and type names; its handlers also see replies that answered a request', async () => {
  const seen: string[] = [];
  let up: Switch[] = [];
  let bad: unknown;
  const app: App = {
    start(ctl) {
      ctl.on(OFP13, OFPT13.MULTIPART_REPLY, (s, buf, off) => seen.push(`1.3 multipart ${buf.readUInt16BE(off + 8)} ${s.dpidHex}`));
      ctl.on('1.0', 'OFPT_STATS_REPLY', (s, buf, off) => seen.push(`1.0 stats ${buf.readUInt16BE(off + 8)} ${s.dpidHex}`));
      try {
        ctl.on('1.0', 'OFPT_MULTIPART_REPLY', () => {});
      } catch (e) {
        bad = e;
      }
    },
    switchUp: (s) => void up.push(s),
  };
  const { ctl, port } = await startController({ apps: [app] });
  const a = await FakeSwitch.connect(port);
  const b = await FakeSwitch.connect(port);
  try {
    assert.instance(bad, RangeError, '1.0 has no MULTIPART_REPLY');
    await a.handshake({ version: OFP13, dpid: 0x13n });
    await b.handshake({ version: OFP10, dpid: 0x10n, plain: true });
    await until(() => up.length === 2);
    up = up.sort((x, y) => x.version - y.version);
    const d10 = up[0]!.desc();
    const d13 = up[1]!.desc();
    b.send(retag(F10.desc, (await b.wait(stats(OFP10))).xid, false));
    a.send(retag(F13.desc, (await a.wait((m) => m.type === OFPT13.MULTIPART_REQUEST && m.bytes.readUInt16BE(8) === 0)).xid, false));
    await Promise.all([d10, d13]);
    await until(() => seen.length >= 2);
    assert.ok(seen.includes('1.0 stats 0 0000000000000010') && seen.includes('1.3 multipart 0 0000000000000013'), seen.join('; '));
    assert.is(OFPT10.STATS_REPLY, 17);
  } finally {
    a.close();
    b.close();
    await ctl.stop();
  }
});

test.run();
