import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { FakeSwitch, startController, header, until, OFP10 } from './support.js';

test('a peer that does not read: the controller stops reading from it (bounded pending output), resumes when it reads again', async () => {
  const lines: string[] = [];
  const { ctl, port } = await startController({ maxPendingOutput: 64 * 1024 }, lines);
  const sw = await FakeSwitch.connect(port);
  try {
    await sw.handshake({ version: OFP10, dpid: 1n, plain: true });
    await until(() => ctl.registry.size === 1);
    const dp = ctl.registry.get(1n)!;
    sw.sock.pause(); // stop reading: echo replies pile up
    const req = header(OFP10, 2, 60000, 0);
    const n = 300; // 18 MB of ECHO_REQUESTs
    let maxPending = 0;
    const watch = setInterval(() => (maxPending = Math.max(maxPending, dp.out.pending)), 1);
    for (let i = 0; i < n; i++) {
      req.writeUInt32BE(i + 1, 4);
      sw.sock.write(Buffer.from(req));
    }
    await until(() => lines.some((l) => /pausing input/.test(l)), 5000, 'pause');
    await new Promise((r) => setTimeout(r, 300));
    assert.ok(maxPending < 2 * 1024 * 1024, `pending output stayed bounded (max ${maxPending})`);
    assert.ok(sw.ofType(3).length < n, 'not everything was answered while the peer was not reading');
    sw.sock.resume();
    await until(() => sw.ofType(3).length === n, 10000, 'all echo replies');
    clearInterval(watch);
    assert.equal(sw.ofType(3).map((m) => m.xid), Array.from({ length: n }, (_, i) => i + 1), 'in order, none lost');
    assert.ok(ctl.registry.has(1n));
  } finally {
    sw.close();
    await ctl.stop();
  }
});
test.run();
