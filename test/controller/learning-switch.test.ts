import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { FakeSwitch, startController, frame, packetIn10, packetIn13, portStatus, until, OFP10, OFP13, type Msg } from './support.js';
import { LearningSwitch } from '../../controller/apps/learning-switch.js';
import { decodeMessage } from '../../codec/index.js';

const A = '00:00:00:00:00:0a';
const B = '00:00:00:00:00:0b';
const C = '00:00:00:00:00:0c';
const NO_BUFFER = 0xffffffff;

type V = Record<string, any>;
function decode(m: Msg): V {
  const r = decodeMessage(m.bytes);
  if (!r.ok) throw new Error(r.error.message);
  return r.value as V;
}

/** Output ports of a decoded FLOW_MOD / PACKET_OUT (1.0 actions or 1.3 apply-actions). */
function outputs(v: V): (number | string)[] {
  const acts: V[] = v['actions'] ?? (v['instructions'] ?? []).flatMap((i: V) => i['actions'] ?? []);
  return acts.map((a) => a['port']);
}

/** FLOW_MOD match fields as {inPort, dst, src} whatever the version. */
function matchOf(v: V): { inPort: unknown; dst: unknown; src: unknown } {
  const m = v['match'];
  if (m['oxm_fields']) {
    const f = (name: string) => m['oxm_fields'].find((x: V) => x['field'] === name)?.['value'];
    return { inPort: f('OFPXMT_OFB_IN_PORT'), dst: f('OFPXMT_OFB_ETH_DST'), src: f('OFPXMT_OFB_ETH_SRC') };
  }
  return { inPort: m['in_port'], dst: m['dl_dst'], src: m['dl_src'] };
}

for (const version of [OFP10, OFP13]) {
  const label = version === OFP10 ? '1.0' : '1.3';
  const pin = version === OFP10 ? packetIn10 : packetIn13;
  const FLOOD = version === OFP10 ? 'OFPP_FLOOD' : 'OFPP_FLOOD';

  async function setup(opts: { maxMacs?: number } = {}) {
    const app = new LearningSwitch({ idleTimeout: 30, maxMacs: opts.maxMacs ?? 100 });
    const { ctl, port } = await startController({ apps: [app] });
    const sw = await FakeSwitch.connect(port);
    await sw.handshake({ version, dpid: 7n });
    await until(() => ctl.registry.size === 1);
    return { app, ctl, sw };
  }

  test(`${label}: the first FLOW_MOD at switch up is ${version === OFP10 ? 'DELETE of every flow (wildcard-all, out_port NONE)' : 'the table-miss flow'}`, async () => {
    const { ctl, sw } = await setup();
    try {
      const first = decode(await sw.waitType(14));
      if (version === OFP10) {
        assert.is(first['command'], 'OFPFC_DELETE');
        assert.is(first['match']['wildcards'], (1 << 22) - 1, 'OFPFW_ALL');
        assert.is(first['out_port'], 'OFPP_NONE');
        assert.equal(outputs(first), []);
        // learning still works after it
        sw.send(pin(1, 100, 1, frame(B, A, 0x0800)));
        assert.equal(outputs(decode(await sw.waitType(13))), [FLOOD]);
      } else {
        assert.is(first['command'], 'OFPFC_ADD');
        assert.is(first['priority'], 0);
      }
      await sw.settle(50);
      assert.is(sw.ofType(14).filter((m) => decode(m)['command'] === 'OFPFC_DELETE').length, version === OFP10 ? 1 : 0, 'one DELETE, on 1.0 only');
    } finally {
      sw.close();
      await ctl.stop();
    }
  });

  test(`${label}: unknown destination is flooded; a learned one gets a FLOW_MOD (in_port+dl_dst+dl_src, idle timeout, buffer_id) and no extra PACKET_OUT`, async () => {
    const { ctl, sw } = await setup();
    try {
      if (version === OFP13) {
        const miss = decode(await sw.waitType(14));
        assert.is(miss['priority'], 0, 'table-miss flow at switch up');
        assert.equal(miss['match']['oxm_fields'], []);
        assert.equal(outputs(miss), ['OFPP_CONTROLLER']);
      }
      sw.send(pin(1, 100, 1, frame(B, A, 0x0800)));
      const po = decode(await sw.waitType(13));
      assert.equal(outputs(po), [FLOOD]);
      assert.is(po['buffer_id'], 100, 'flood by buffer_id');
      sw.send(pin(2, 101, 2, frame(A, B, 0x0800)));
      const fm = decode(await sw.waitType(14));
      assert.equal(matchOf(fm), { inPort: 2, dst: A, src: B });
      assert.is(fm['idle_timeout'], 30);
      assert.is(fm['buffer_id'], 101);
      assert.equal(outputs(fm), [1]);
      await sw.settle(50);
      assert.is(sw.ofType(13).length, 1, 'buffered packet: the FLOW_MOD alone sends it');
    } finally {
      sw.close();
      await ctl.stop();
    }
  });

  test(`${label}: unbuffered packet to a known host: FLOW_MOD then PACKET_OUT carrying the data`, async () => {
    const { ctl, sw } = await setup();
    try {
      sw.send(pin(1, NO_BUFFER, 1, frame(B, A, 0x0800)));
      const flood = decode(await sw.waitType(13));
      assert.is(flood['buffer_id'], NO_BUFFER);
      assert.is((flood['data'] as Buffer).length, 60, 'flood carries the frame');
      const f = frame(A, B, 0x0806);
      sw.send(pin(2, NO_BUFFER, 2, f));
      const fm = decode(await sw.waitType(14).then(async (m) => (version === OFP13 && decode(m)['priority'] === 0 ? sw.waitType(14) : m)));
      assert.is(fm['buffer_id'], NO_BUFFER);
      const po = decode(await sw.waitType(13));
      assert.equal(outputs(po), [1]);
      assert.ok((po['data'] as Buffer).equals(f));
    } finally {
      sw.close();
      await ctl.stop();
    }
  });

  test(`${label}: broadcast is flooded; LLDP and 01:80:c2:00:00:0x frames are neither learned nor forwarded`, async () => {
    const { app, ctl, sw } = await setup();
    try {
      sw.send(pin(1, 1, 3, frame('01:80:c2:00:00:0e', C, 0x88cc)));
      sw.send(pin(2, 2, 3, frame('01:80:c2:00:00:00', C, 0x0800)));
      sw.send(pin(3, 3, 1, frame('ff:ff:ff:ff:ff:ff', A, 0x0806)));
      const po = decode(await sw.waitType(13));
      assert.is(po['buffer_id'], 3, 'the broadcast is the first thing answered');
      assert.equal(outputs(po), [FLOOD]);
      sw.send(pin(4, 4, 1, frame(C, A, 0x0800)));
      const po2 = decode(await sw.waitType(13));
      assert.is(po2['buffer_id'], 4);
      assert.equal(outputs(po2), [FLOOD], 'C was not learned from LLDP/BPDU frames');
      await sw.settle(50);
      assert.is(sw.ofType(13).length, 2);
      assert.is(app.ignored, 2);
    } finally {
      sw.close();
      await ctl.stop();
    }
  });

  test(`${label}: the MAC table is bounded (oldest evicted) and forgets hosts behind a deleted or down port`, async () => {
    const { app, ctl, sw } = await setup({ maxMacs: 2 });
    try {
      sw.send(pin(1, 1, 1, frame(B, A, 0x0800))); // learn A@1
      sw.send(pin(2, 2, 2, frame(C, B, 0x0800))); // learn B@2
      sw.send(pin(3, 3, 3, frame(B, C, 0x0800))); // learn C@3 evicts A; B known -> FLOW_MOD
      sw.send(pin(4, 4, 2, frame(A, B, 0x0800))); // A evicted -> flood
      await until(() => sw.ofType(13).length + sw.ofType(14).length >= (version === OFP13 ? 5 : 4));
      await sw.settle(50);
      const last = decode(sw.ofType(13).at(-1)!);
      assert.is(last['buffer_id'], 4);
      assert.equal(outputs(last), [FLOOD], 'A was evicted');
      const tbl = app.table(ctl.registry.get(7n)!)!;
      assert.is(tbl.size, 2);
      assert.is(tbl.evictions, 1);
      // port 3 goes down: C is forgotten, and the flows using port 3 are deleted
      const deletes = () => sw.ofType(14).map(decode).filter((v) => v['command'] === 'OFPFC_DELETE');
      const before = deletes().length;
      sw.send(portStatus(version, 2, 3, true));
      await until(() => tbl.size === 1);
      await until(() => deletes().length === before + 2, 2000, 'two FLOW_MOD DELETEs for port 3');
      const [byOut, byIn] = deletes().slice(-2) as [V, V];
      assert.is(byOut['out_port'], 3, 'flows that output to port 3');
      assert.is(matchOf(byOut).inPort, version === OFP10 ? 0 : undefined, 'any in_port');
      if (version === OFP10) assert.is(byOut['match']['wildcards'] & 1, 1, 'in_port wildcarded');
      assert.equal(outputs(byOut), []);
      assert.is(matchOf(byIn).inPort, 3, 'flows matching in_port 3');
      if (version === OFP10) assert.is(byIn['match']['wildcards'] & 1, 0);
      assert.is(byIn['out_port'], version === OFP10 ? 'OFPP_NONE' : 'OFPP_ANY');
      sw.send(pin(5, 5, 2, frame(C, B, 0x0800)));
      await until(() => sw.ofType(13).some((m) => decode(m)['buffer_id'] === 5));
      assert.equal(outputs(decode(sw.ofType(13).at(-1)!)), [FLOOD]);
      // port 2 deleted: B forgotten
      sw.send(portStatus(version, 1, 2));
      await until(() => tbl.size === 0);
      assert.not.ok(ctl.registry.get(7n)!.ports.has(2), 'deleted port left the registry');
    } finally {
      sw.close();
      await ctl.stop();
    }
  });
}
test.run();
