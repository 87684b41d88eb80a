/**
 * `nodeflow bench -O 1.3`: the same traffic as cbench's in OpenFlow 1.3
 * (cbench has no 1.3 mode). The messages are checked with the generic
 * decoder, the counting rule with the codec's 1.3 writers, and the whole
 * generator against nodeflow's own controller with the learning switch,
 * which must see 1.3 switches with 4 ports and answer the probes.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import '../../codec/index.js';
import { decodeMessage } from '../../codec/message.js';
import { OutBuffer } from '../../codec/writers/out.js';
import { action13Output, beginPacketOut13, endPacketOut13, flowMod13, flowMod13Params } from '../../codec/writers/of13.js';
import { isCountedResponse13 } from '../../loadgen/count.js';
import { OF10, OF13, profileFor } from '../../loadgen/profile.js';
import { PROBE13_SIZE, featuresReplyTemplate13, hello13, learnTemplate13, portDescReplyTemplate13, probeTemplate13 } from '../../loadgen/probe13.js';
import { patchProbeAt } from '../../loadgen/probe.js';
import { DEFAULTS, checkOptions } from '../../loadgen/options.js';
import { runBench } from '../../loadgen/run.js';
import { Controller } from '../../controller/server.js';
import { LearningSwitch } from '../../controller/apps/learning-switch.js';
import { Logger } from '../../controller/log.js';

const mac = (b: Buffer, off: number): string => [...b.subarray(off, off + 6)].map((x) => x.toString(16).padStart(2, '0')).join(':');
type V = Record<string, unknown>;

test('1.3 probe: a PACKET_IN with in_port 1 in its OXM match and the 1.0 probe\'s frame; xid, buffer id and source MAC patched where the profile says', () => {
  const p = probeTemplate13(7);
  assert.is(p.length, PROBE13_SIZE);
  assert.is(OF13.probeSize, PROBE13_SIZE);
  assert.is(OF13.probesPerBatch * PROBE13_SIZE <= 65536, true);
  patchProbeAt(p, 0, OF13.off, 1234, 99999, 0x0a0b0c0d);
  const d = decodeMessage(p);
  assert.ok(d.ok, d.ok ? '' : d.error.message);
  if (!d.ok) return;
  const m = d.value;
  assert.is(m.version, 4);
  assert.is(m.type, 'OFPT_PACKET_IN');
  assert.is(m.xid, 1234);
  assert.is(m['buffer_id'], 99999);
  assert.is(m['total_len'], 64);
  assert.is(m['reason'], 'OFPR_NO_MATCH');
  const fields = (m['match'] as V)['oxm_fields'] as V[];
  assert.equal(fields.map((f) => [f['field'], f['value']]), [['OFPXMT_OFB_IN_PORT', 1]]);
  const data = m['data'] as Buffer;
  assert.is(data.length, 64);
  assert.is(mac(data, 0), '80:00:00:00:00:07');
  assert.is(mac(data, 6), '00:0d:0c:0b:0a:07');
});

test('1.3 handshake messages: HELLO offers 1.3 only, FEATURES_REPLY has the dpid, PORT_DESC 4 live ports; learning ARP from port 2, unbuffered', () => {
  const h = decodeMessage(hello13());
  assert.ok(h.ok);
  if (!h.ok) return;
  assert.is(h.value.version, 4);
  assert.equal(((h.value['elements'] as V[])[0]!['bitmaps'] as number[]), [1 << 4]);
  const f = decodeMessage(featuresReplyTemplate13(12));
  assert.ok(f.ok && f.value['datapath_id'] === 12n);
  const pd = decodeMessage(portDescReplyTemplate13(12));
  assert.ok(pd.ok);
  if (!pd.ok) return;
  const ports = pd.value['body'] as V[];
  assert.equal(ports.map((x) => x['port_no']), [1, 2, 3, 4]);
  assert.ok(ports.every((x) => x['state'] === 4), 'live');
  const l = decodeMessage(learnTemplate13(3, 9));
  assert.ok(l.ok);
  if (!l.ok) return;
  assert.is(l.value['buffer_id'], 0xffffffff);
  assert.equal(((l.value['match'] as V)['oxm_fields'] as V[]).map((x) => x['value']), [2]);
  assert.is(mac(l.value['data'] as Buffer, 6), '80:00:00:00:00:03');
});

test('1.3 counting: FLOW_MOD ADD and MODIFY_STRICT count, MODIFY/DELETE/DELETE_STRICT do not; PACKET_OUT unless LLDP', () => {
  const fm = (command: number): Buffer => {
    const out = new OutBuffer(256);
    flowMod13(out, 1, Object.assign(flowMod13Params(), { command, outputs: [1], nOutputs: 1, maxLen: 0 }), { inPort: 1, ethDst: -1, ethSrc: -1, ethType: -1 });
    return Buffer.from(out.bytes());
  };
  assert.equal([0, 1, 2, 3, 4].map((c) => { const b = fm(c); return isCountedResponse13(b, 0, b.length); }), [true, false, true, false, false]);
  const po = (ethType: number | null): Buffer => {
    const out = new OutBuffer(256);
    const at = beginPacketOut13(out, 0, 0xffffffff, 1);
    action13Output(out, 2, 0);
    const frame = ethType === null ? null : Buffer.alloc(60);
    if (frame) frame.writeUInt16BE(ethType!, 12);
    endPacketOut13(out, at, frame, 0, frame ? frame.length : 0);
    return Buffer.from(out.bytes());
  };
  const c = (b: Buffer): boolean => isCountedResponse13(b, 0, b.length);
  assert.ok(c(po(0x0800)));
  assert.not.ok(c(po(0x88cc)));
  assert.ok(c(po(null)));
  assert.not.ok(c(Buffer.from('0400000800000000', 'hex')), 'HELLO is no answer');
});

test('-O accepts 1.0 / 1.3 / OpenFlow10 / OpenFlow13 and nothing else', () => {
  assert.is(profileFor('1.3'), OF13);
  assert.is(profileFor('OpenFlow13'), OF13);
  assert.is(profileFor('1.0'), OF10);
  assert.is(profileFor('openflow10'), OF10);
  assert.is(profileFor('1.5'), null);
  assert.is(DEFAULTS.protocol, '1.0');
  assert.match(checkOptions({ ...DEFAULTS, protocol: '1.5' as '1.3' }) ?? '', /protocol/);
});

test('nodeflow bench -O 1.3 against nodeflow\'s learning switch: 1.3 switches with 4 ports come up, probes are answered in latency and throughput mode', async () => {
  const app = new LearningSwitch();
  const ctl = new Controller({ host: '127.0.0.1', port: 0, summaryInterval: 0, apps: [app], logger: new Logger({ level: 'error', write: () => {} }) });
  const { port } = await ctl.start();
  const lines: string[] = [];
  const io = { out: (l: string) => void lines.push(l), err: (l: string) => void lines.push(l) };
  try {
    const base = { ...DEFAULTS, controller: '127.0.0.1', port, switches: 2, macs: 50, loops: 3, msPerTest: 200, warmup: 1, protocol: '1.3' as const };
    const [lat] = await runBench(base, io);
    assert.ok(lat!.summary.avg > 0, 'latency-mode answers counted');
    assert.ok(lat!.latency !== null && lat!.latency.n > 0);
    assert.is(ctl.switches.size, 2);
    for (const sw of ctl.switches.values()) {
      assert.is(sw.version, 4);
      assert.equal([...sw.ports.keys()].sort(), [1, 2, 3, 4]);
    }
    assert.ok(app.installs > 0, 'the learning switch installed flows for the probes');
    const [thr] = await runBench({ ...base, mode: 'throughput', dpidOffset: 10 }, io);
    assert.ok(thr!.summary.avg > 0, 'throughput-mode answers counted');
    assert.not.ok(lines.some((l) => l.includes('no table-miss flow')), 'probing waited for the table-miss flow, which came');
    assert.ok(lines.some((l) => l.includes('with OpenFlow 1.3 switches')));
  } finally {
    await ctl.stop();
  }
});

test('-O 1.3 against a controller that installs no table-miss flow: the switches wait 1 s for one, say so, then probe anyway', async () => {
  const ctl = new Controller({ host: '127.0.0.1', port: 0, summaryInterval: 0, apps: [], logger: new Logger({ level: 'error', write: () => {} }) });
  const { port } = await ctl.start();
  const lines: string[] = [];
  try {
    const [r] = await runBench({ ...DEFAULTS, controller: '127.0.0.1', port, switches: 1, macs: 10, loops: 2, msPerTest: 1500, warmup: 1, protocol: '1.3' }, {
      out: (l) => void lines.push(l), err: (l) => void lines.push(l),
    });
    assert.ok(lines.some((l) => /switch 1: no FLOW_MOD within 1000 ms .*probing anyway/.test(l)), lines.join('\n'));
    assert.is(r!.summary.avg, 0, 'a controller with no app answers nothing');
  } finally {
    await ctl.stop();
  }
});

test.run();
