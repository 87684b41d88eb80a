import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { FakeSwitch, startController, header, until, OFP10 } from './support.js';
import { Controller } from '../../controller/server.js';
import { BusyPoller } from '../../controller/busy-poll.js';

test('busy poll: input keeps the loop polling for the window, then it sleeps again; answers are unchanged', async () => {
  const { ctl, port } = await startController({ busyPollUs: 30_000 });
  const sw = await FakeSwitch.connect(port);
  try {
    assert.ok(ctl.poller !== null);
    await sw.handshake({ version: OFP10, dpid: 1n, plain: true });
    sw.send(header(OFP10, 2, 8, 0x55)); // ECHO_REQUEST
    await sw.wait((m) => m.type === 3 && m.xid === 0x55);
    assert.ok(ctl.poller!.active, 'polling right after a read');
    await until(() => !ctl.poller!.active, undefined, 'the window to end');
    // while polling, timers still run (the loop turns; it does not block): this timer firing at all is the check
    sw.send(header(OFP10, 2, 8, 0x56));
    await new Promise((r) => setTimeout(r, 10));
    await sw.wait((m) => m.type === 3 && m.xid === 0x56);
  } finally {
    sw.close();
    await ctl.stop();
  }
  assert.ok(!ctl.poller!.active || (await until(() => !ctl.poller!.active).then(() => true)), 'stopped with the controller');
});

test('busy poll: off by default; bad windows are refused', () => {
  assert.is(new Controller({ port: 0 }).poller, null);
  assert.throws(() => new Controller({ port: 0, busyPollUs: -1 }), /busy poll/);
  assert.throws(() => new Controller({ port: 0, busyPollUs: 2_000_000 }), /busy poll/);
  const p = new BusyPoller(1);
  assert.is(p.active, false);
});

test.run();
