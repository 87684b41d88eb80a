/**
 * Controller roles against a scripted OpenFlow 1.3 switch: ROLE_REQUEST with
 * a generation id, the switch's ROLE_REPLY tracked into `sw.role` and the
 * apps' roleChanged hook, a STALE refusal, ROLE_STATUS (Open vSwitch's 1.3
 * form), and a SLAVE that refuses every state-changing message with a typed
 * error while the learning switch does not even try. The switch's answers
 * are made by the codec's generic encoder.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { encodeMessage } from '../../codec/index.js';
import type { App, Role, Switch } from '../../controller/app.js';
import { LearningSwitch } from '../../controller/apps/learning-switch.js';
import { FlowMod } from '../../controller/flow-mod.js';
import { SlaveError } from '../../controller/role/role.js';
import { isStaleGeneration } from '../../controller/role/keeper.js';
import { OpenFlowError, RequestTimeoutError, SwitchDisconnectedError } from '../../controller/request/errors.js';
import { UnsupportedRequestError } from '../../controller/request/requester.js';
import { FakeSwitch, OFP10, OFP13, frame, header, packetIn13, startController, until, type Msg } from './support.js';

const s = suite('controller: OpenFlow roles');
const T_ROLE_REQUEST = 24;

class RoleWatch implements App {
  readonly name = 'role-watch';
  readonly changes: { role: Role; previous: Role; why: string }[] = [];
  sw: Switch | null = null;
  switchUp(sw: Switch): void {
    this.sw = sw;
  }
  roleChanged(_sw: Switch, role: Role, previous: Role, why: string): void {
    this.changes.push({ role, previous, why });
  }
}

function roleReply(req: Msg, role: 'OFPCR_ROLE_MASTER' | 'OFPCR_ROLE_SLAVE' | 'OFPCR_ROLE_EQUAL', gen: bigint): Buffer {
  return Buffer.from(encodeMessage({ version: OFP13, type: 'OFPT_ROLE_REPLY', xid: req.xid, role, generation_id: gen }));
}

async function setup(opts: Parameters<typeof startController>[0] = {}) {
  const watch = new RoleWatch();
  const ls = new LearningSwitch();
  const lines: string[] = [];
  const { ctl, port } = await startController({ apps: [watch, ls], ...opts }, lines);
  const fake = await FakeSwitch.connect(port);
  await fake.handshake({ version: OFP13, dpid: 0x42n });
  await until(() => watch.sw !== null, 2000, 'switch up');
  return { ctl, fake, watch, ls, sw: watch.sw!, lines };
}

s('MASTER with a generation id: the request carries role and generation; the reply sets sw.role and tells the apps', async () => {
  const { ctl, fake, watch, sw } = await setup();
  try {
    assert.is(sw.role, 'equal', 'a controller starts EQUAL');
    const p = sw.requestRole('master', 0x1234n);
    const req = await fake.waitType(T_ROLE_REQUEST);
    assert.is(req.bytes.length, 24);
    assert.is(req.bytes.readUInt32BE(8), 2, 'OFPCR_ROLE_MASTER');
    assert.is(req.bytes.readBigUInt64BE(16), 0x1234n, 'generation id');
    assert.is(sw.role, 'equal', 'not master before the switch confirms');
    fake.send(roleReply(req, 'OFPCR_ROLE_MASTER', 0x1234n));
    const r = await p;
    assert.equal(r, { role: 'master', generationId: 0x1234n });
    assert.is(sw.role, 'master');
    assert.equal(watch.changes.map((c) => [c.role, c.previous]), [['master', 'equal']]);
  } finally {
    fake.close();
    await ctl.stop();
  }
});

s('STALE generation: the request is rejected with the switch\'s OFPRRFC_STALE error and the controller is not master', async () => {
  const { ctl, fake, sw, lines } = await setup();
  try {
    const p = sw.requestRole('master', 3n);
    const req = await fake.waitType(T_ROLE_REQUEST);
    fake.send(Buffer.from(encodeMessage({ version: OFP13, type: 'OFPT_ERROR', xid: req.xid, error_type: 'OFPET_ROLE_REQUEST_FAILED', code: 'OFPRRFC_STALE', data: req.bytes })));
    const e = await p.then(() => null, (x: unknown) => x);
    assert.instance(e, OpenFlowError);
    assert.ok(isStaleGeneration(e));
    assert.is((e as OpenFlowError).codeName, 'OFPRRFC_STALE');
    assert.is.not(sw.role, 'master');
    assert.ok(lines.some((l) => /error from switch/.test(l)));
  } finally {
    fake.close();
    await ctl.stop();
  }
});

s('SLAVE: takes effect at once; FLOW_MOD, PACKET_OUT, deleteAllFlows and state-changing send/sendMessage throw SlaveError; reads and barriers still go', async () => {
  const { ctl, fake, sw, watch, ls, lines } = await setup();
  try {
    await fake.settle(50);
    const p = sw.requestRole('slave', 9n);
    assert.is(sw.role, 'slave', 'local at once: no write can slip out before the switch answers');
    const req = await fake.waitType(T_ROLE_REQUEST);
    assert.is(req.bytes.readUInt32BE(8), 3, 'OFPCR_ROLE_SLAVE');
    fake.send(roleReply(req, 'OFPCR_ROLE_SLAVE', 9n));
    await p;
    assert.equal(watch.changes.map((c) => c.role), ['slave']);

    const refused = (f: () => unknown, what: RegExp) => {
      try {
        f();
        assert.unreachable('should throw');
      } catch (e) {
        assert.instance(e, SlaveError);
        assert.is((e as SlaveError).code, 'NODEFLOW_ERR_SLAVE');
        assert.match((e as Error).message, what);
      }
    };
    refused(() => sw.flowMod(new FlowMod().output(1)), /FLOW_MOD refused: this controller is SLAVE for switch 0000000000000042/);
    refused(() => sw.packetOut(0xffffffff, 1, [2], 1, Buffer.alloc(60), 0, 60), /PACKET_OUT/);
    refused(() => sw.deleteAllFlows(), /FLOW_MOD/);
    // the gate reads the header's type: GROUP_MOD 15, PORT_MOD 16, TABLE_MOD 17, METER_MOD 29
    for (const type of [15, 16, 17, 29]) refused(() => sw.send(header(OFP13, type, 8, 1)), new RegExp(`message type ${type}`));
    // a harmless message followed by a FLOW_MOD in one send: nothing of it is sent
    const before = fake.msgs.length;
    const pair = Buffer.concat([encodeMessage({ version: OFP13, type: 'OFPT_BARRIER_REQUEST', xid: 2 }), header(OFP13, 14, 8, 3)]);
    refused(() => sw.send(pair), /message type 14/);
    void sw.barrier().catch(() => {}); // unanswered here; only that it is sent matters
    sw.sendMessage({ type: 'OFPT_ECHO_REQUEST' });
    await fake.waitType(20);
    await fake.waitType(2);

    // the learning switch does not try: a PACKET_IN gets no FLOW_MOD / PACKET_OUT and no handler error
    fake.send(packetIn13(5, 0xffffffff, 1, frame('ff:ff:ff:ff:ff:ff', '02:00:00:00:00:01', 0x0800)));
    await fake.settle(100);
    assert.ok(fake.msgs.slice(before).every((m) => m.type !== 13 && m.type !== 14), 'no PACKET_OUT or FLOW_MOD while SLAVE');
    assert.is(ls.floods + ls.installs, 0);
    assert.not.ok(lines.some((l) => /handler failed/.test(l)), lines.join('\n'));
  } finally {
    fake.close();
    await ctl.stop();
  }
});

s('initialRole slave (a cluster member): nothing written at switch up; promoted to MASTER the learning switch installs its table-miss flow and serves', async () => {
  const { ctl, fake, sw } = await setup({ initialRole: 'slave' });
  try {
    await fake.settle(100);
    assert.is(fake.ofType(14).length, 0, 'no FLOW_MOD from a slave');
    const p = sw.requestRole('master', 1n);
    const req = await fake.waitType(T_ROLE_REQUEST);
    fake.send(roleReply(req, 'OFPCR_ROLE_MASTER', 1n));
    await p;
    const fm = await fake.waitType(14);
    assert.is(fm.bytes.readUInt16BE(30), 0, 'the table-miss flow (priority 0)');
    fake.send(packetIn13(6, 0xffffffff, 1, frame('ff:ff:ff:ff:ff:ff', '02:00:00:00:00:01', 0x0800)));
    await fake.waitType(13);
  } finally {
    fake.close();
    await ctl.stop();
  }
});

s('ROLE_STATUS (Open vSwitch\'s 1.3 ONF extension): another controller became master, so this one is SLAVE now', async () => {
  const { ctl, fake, sw, watch } = await setup();
  try {
    const p = sw.requestRole('master', 4n);
    fake.send(roleReply(await fake.waitType(T_ROLE_REQUEST), 'OFPCR_ROLE_MASTER', 4n));
    await p;
    // experimenter header (ONF 0x4f4e4600, ONFT_ROLE_STATUS 1911), then role, reason, pad, generation id
    const st = Buffer.concat([
      encodeMessage({ version: OFP13, type: 'OFPT_EXPERIMENTER', xid: 0, experimenter: 0x4f4e4600, exp_type: 1911, data: Buffer.alloc(16) }),
    ]);
    st.writeUInt32BE(3, 16); // OFPCR_ROLE_SLAVE
    st[20] = 0; // OFPCRR_MASTER_REQUEST
    st.writeBigUInt64BE(5n, 24);
    fake.send(st);
    await until(() => sw.role === 'slave', 2000, 'slave after ROLE_STATUS');
    assert.match(watch.changes.at(-1)!.why, /ROLE_STATUS: master request \(generation 5\)/);
    assert.throws(() => sw.flowMod(new FlowMod().output(1)), (e: unknown) => e instanceof SlaveError);
  } finally {
    fake.close();
    await ctl.stop();
  }
});

s('no answer: RequestTimeoutError; connection closed: SwitchDisconnectedError; OpenFlow 1.0: UnsupportedRequestError', async () => {
  const { ctl, fake, sw } = await setup();
  try {
    const t = await sw.requestRole('master', 1n, { timeoutMs: 50 }).then(() => null, (e: unknown) => e);
    assert.instance(t, RequestTimeoutError);
    assert.is(sw.role, 'equal', 'an unanswered MASTER request changes nothing');
    const pending = sw.requestRole('equal', 0n, { timeoutMs: 5000 }).then(() => null, (e: unknown) => e);
    await fake.wait((m) => m.type === T_ROLE_REQUEST && m.bytes.readUInt32BE(8) === 1);
    fake.close();
    assert.instance(await pending, SwitchDisconnectedError);
    const old = await FakeSwitch.connect(ctl.address().port);
    await old.handshake({ version: OFP10, dpid: 0x10n });
    await until(() => ctl.switches.has(0x10n), 2000, '1.0 switch up');
    const r = await ctl.switches.get(0x10n)!.requestRole('master').then(() => null, (e: unknown) => e);
    assert.instance(r, UnsupportedRequestError);
    old.close();
  } finally {
    await ctl.stop();
  }
});

s.run();
