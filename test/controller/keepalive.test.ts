import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { FakeSwitch, startController, header, until, OFP10, OFP13 } from './support.js';
import type { App, Switch } from '../../controller/app.js';

test('ECHO_REQUEST is answered at once with the same xid and payload', async () => {
  const { ctl, port } = await startController();
  const sw = await FakeSwitch.connect(port);
  try {
    await sw.handshake({ version: OFP13, dpid: 9n });
    const req = header(OFP13, 2, 8 + 5, 0xabcdef01);
    Buffer.from('hello').copy(req, 8);
    sw.send(req);
    const rep = await sw.waitType(3);
    assert.is(rep.xid, 0xabcdef01);
    assert.is(rep.bytes.subarray(8).toString(), 'hello');
    assert.is(rep.version, OFP13);
  } finally {
    sw.close();
    await ctl.stop();
  }
});

test('an idle switch is probed with ECHO_REQUEST; one that answers stays, a silent one is dropped', async () => {
  // The timeout is long enough that a loaded machine stalling this process (switch and controller alike) cannot
  // make the answering switch look silent: the controller cannot tell a stalled peer from a dead one.
  const { ctl, port } = await startController({ echoInterval: 0.1, echoTimeout: 2 });
  const live = await FakeSwitch.connect(port);
  const silent = await FakeSwitch.connect(port);
  try {
    await live.handshake({ version: OFP10, dpid: 1n, plain: true });
    silent.autoEcho = false;
    await silent.handshake({ version: OFP10, dpid: 2n, plain: true });
    await until(() => ctl.registry.size === 2);
    const probe = await silent.waitType(2);
    assert.is(probe.version, OFP10);
    await silent.closedP;
    assert.not.ok(ctl.registry.has(2n), 'silent switch removed');
    await until(() => live.ofType(2).length >= 2, undefined, 'live switch probed repeatedly');
    assert.ok(ctl.registry.has(1n) && !live.closed, 'answering switch kept');
  } finally {
    live.close();
    silent.close();
    await ctl.stop();
  }
});

test('a reconnect with the same dpid replaces the old connection: apps see down then up', async () => {
  const events: string[] = [];
  let last: Switch | undefined;
  const app: App = {
    switchUp: (sw) => { events.push(`up ${sw.dpidHex} ${sw.remoteAddress === last?.remoteAddress ? 'same' : 'new'}`); last = sw; },
    switchDown: (sw, reason) => events.push(`down ${sw.dpidHex} ${/replaced/.test(reason) ? 'replaced' : reason}`),
  };
  const { ctl, port } = await startController({ apps: [app] });
  const a = await FakeSwitch.connect(port);
  const b = await FakeSwitch.connect(port);
  try {
    await a.handshake({ version: OFP13, dpid: 0x42n });
    await until(() => events.length === 1);
    const first = ctl.registry.get(0x42n);
    await b.handshake({ version: OFP13, dpid: 0x42n });
    await until(() => events.length === 3);
    assert.equal(events, ['up 0000000000000042 new', 'down 0000000000000042 replaced', 'up 0000000000000042 new']);
    await a.closedP;
    assert.is(ctl.registry.size, 1);
    assert.is.not(ctl.registry.get(0x42n), first);
    assert.not.ok(b.closed);
    b.close();
    await until(() => events.length === 4);
    assert.match(events[3]!, /^down 0000000000000042/);
    assert.is(ctl.registry.size, 0);
  } finally {
    a.close();
    b.close();
    await ctl.stop();
  }
});
test.run();
