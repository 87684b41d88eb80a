/**
 * `nodeflow bench` behaves like cbench where a controller can tell: the probe
 * is cbench's 82-byte PACKET_IN (buffer ids counting from 1, M distinct source
 * MACs, destination 80:00:00:00:00:<switch>), the learning ARP comes first
 * from port 2, FEATURES_REPLY carries dpid = switch number and 4 ports, and
 * only FLOW_MOD ADD/MODIFY_STRICT and non-LLDP PACKET_OUT count as answers.
 * The last tests run the generator against a controller written here.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as net from 'node:net';
import '../../codec/index.js';
import { decodeMessage } from '../../codec/message.js';
import { frameSize } from '../../codec/views/frame.js';
import { OutBuffer } from '../../codec/writers/out.js';
import { action10Output, beginFlowMod10, beginPacketOut10, endMessage, endPacketOut10, featuresRequest10, flowMod10Params, hello10 } from '../../codec/writers/of10.js';
import { isCountedResponse } from '../../loadgen/count.js';
import { DEFAULTS, checkOptions, parseFlag, type BenchOptions } from '../../loadgen/options.js';
import { NUM_BUFFER_IDS, PROBE_SIZE, featuresReplyTemplate, learnTemplate, patchProbe, probeTemplate } from '../../loadgen/probe.js';
import { runBench } from '../../loadgen/run.js';
import { LatencyHistogram, parseResult, progressLine, resultLine, summarize } from '../../loadgen/stats.js';

const mac = (b: Buffer, off: number): string => [...b.subarray(off, off + 6)].map((x) => x.toString(16).padStart(2, '0')).join(':');

test('probe: an 82-byte 1.0 PACKET_IN the generic decoder reads back, with patched xid, buffer id and source MAC', () => {
  const p = probeTemplate(7);
  assert.is(p.length, PROBE_SIZE);
  patchProbe(p, 0, 1234, 99999, 0x0a0b0c0d);
  const d = decodeMessage(p);
  assert.ok(d.ok, JSON.stringify(d));
  if (!d.ok) return;
  const m = d.value;
  assert.is(m.version, 1);
  assert.is(m.type, 'OFPT_PACKET_IN');
  assert.is(m.length, 82);
  assert.is(m.xid, 1234);
  assert.is(m['buffer_id'], 99999);
  assert.is(m['in_port'], 1);
  assert.is(m['total_len'], 64);
  const data = m['data'] as Buffer;
  assert.is(data.length, 64);
  assert.is(mac(data, 0), '80:00:00:00:00:07');
  assert.is(mac(data, 6), '00:0d:0c:0b:0a:07', 'MAC counter little-endian in bytes 1..4, switch number last');
  assert.is(data.readUInt16BE(12), 0x0800);
});

test('learning packet: unbuffered gratuitous ARP reply from port 2 announcing 80:00:00:00:00:<switch>', () => {
  const d = decodeMessage(learnTemplate(3, 9));
  assert.ok(d.ok);
  if (!d.ok) return;
  assert.is(d.value['in_port'], 2);
  assert.is(d.value['buffer_id'], 0xffffffff);
  const f = d.value['data'] as Buffer;
  assert.is(mac(f, 0), 'ff:ff:ff:ff:ff:ff');
  assert.is(mac(f, 6), '80:00:00:00:00:03');
  assert.is(f.readUInt16BE(12), 0x0806);
  assert.is(f.readUInt16BE(14 + 6), 2, 'ARP reply');
  assert.is(mac(f, 14 + 8), '80:00:00:00:00:03');
});

test('FEATURES_REPLY: datapath id = switch number, 4 ports', () => {
  const d = decodeMessage(featuresReplyTemplate(12));
  assert.ok(d.ok);
  if (!d.ok) return;
  assert.is(d.value.type, 'OFPT_FEATURES_REPLY');
  assert.is(d.value['datapath_id'], 12n);
  assert.is((d.value['ports'] as unknown[]).length, 4);
});

function flowMod(command: number): Buffer {
  const out = new OutBuffer(256);
  const p = flowMod10Params();
  p.command = command;
  const at = beginFlowMod10(out, p);
  action10Output(out, 1, 0);
  endMessage(out, at);
  return Buffer.from(out.bytes());
}
function packetOut(frame: Buffer | null): Buffer {
  const out = new OutBuffer(256);
  const at = beginPacketOut10(out, 0, 0xffffffff, 1);
  action10Output(out, 2, 0);
  endPacketOut10(out, at, frame, 0, frame ? frame.length : 0);
  return Buffer.from(out.bytes());
}
function frame(ethType: number, inner?: number): Buffer {
  const f = Buffer.alloc(60);
  f.writeUInt16BE(ethType, 12);
  if (inner !== undefined) f.writeUInt16BE(inner, 16);
  return f;
}

test('counting: FLOW_MOD ADD and MODIFY_STRICT count, MODIFY/DELETE/DELETE_STRICT do not', () => {
  const counted = [0, 1, 2, 3, 4].map((c) => { const b = flowMod(c); return isCountedResponse(b, 0, b.length); });
  assert.equal(counted, [true, false, true, false, false]);
});

test('counting: PACKET_OUT counts unless its frame is LLDP (also behind a VLAN tag); one without frame counts', () => {
  const c = (b: Buffer): boolean => isCountedResponse(b, 0, b.length);
  assert.ok(c(packetOut(frame(0x0800))));
  assert.not.ok(c(packetOut(frame(0x88cc))));
  assert.not.ok(c(packetOut(frame(0x8100, 0x88cc))));
  assert.ok(c(packetOut(frame(0x8100, 0x0800))));
  assert.ok(c(packetOut(null)));
  assert.not.ok(c(Buffer.from('0100000800000000', 'hex')), 'HELLO is no answer');
});

test('stats: population stdev, cbench line formats, RESULT parses back, percentiles', () => {
  const s = summarize([2, 4, 4, 4, 5, 5, 7, 9]);
  assert.equal([s.min, s.max, s.avg, s.stdev], [2, 9, 5, 2]);
  const line = resultLine(16, s);
  assert.is(line, 'RESULT: 16 switches 8 tests min/max/avg/stdev = 2.00/9.00/5.00/2.00 responses/s');
  assert.equal(parseResult(line), { switches: 16, tests: 8, min: 2, max: 9, avg: 5, stdev: 2 });
  assert.match(progressLine(new Date(2020, 0, 1, 9, 5, 7, 42), [3, 4], 0.007), /^09:05:07\.042 2   switches: flows\/sec:  3  4   total = 0\.007000 per ms $/);
  const h = new LatencyHistogram();
  for (let i = 0; i < 100; i++) h.add(i + 0.5);
  assert.equal([h.quantile(0.5), h.quantile(0.9), h.quantile(0.99)], [50, 90, 99]);
});

test('options: cbench defaults and checks', () => {
  assert.is(checkOptions(DEFAULTS), null);
  assert.equal([DEFAULTS.port, DEFAULTS.switches, DEFAULTS.macs, DEFAULTS.loops, DEFAULTS.msPerTest, DEFAULTS.warmup], [6633, 16, 100000, 16, 1000, 1]);
  assert.match(checkOptions({ ...DEFAULTS, loops: 2, warmup: 2 }) ?? '', /warmup/);
  assert.equal([parseFlag('false'), parseFlag('off'), parseFlag('on'), parseFlag(undefined), parseFlag(false)], [false, false, true, true, false]);
});

// ---- against a controller written here ---------------------------------------

interface Seen { dpid: bigint; ports: number; packetIns: { inPort: number; bufferId: number; src: string; dst: string }[] }

/** A tiny 1.0 controller: HELLO + FEATURES_REQUEST, then answers each probe with `answer(out, bufferId)`. */
function fakeController(answer: (out: OutBuffer, bufferId: number) => void): Promise<{ port: number; seen: Seen[]; close: () => void }> {
  const seen: Seen[] = [];
  const socks: net.Socket[] = [];
  const server = net.createServer((sock) => {
    socks.push(sock);
    const me: Seen = { dpid: -1n, ports: -1, packetIns: [] };
    seen.push(me);
    const hello = new OutBuffer(64);
    hello10(hello, 1); featuresRequest10(hello, 2);
    sock.write(Buffer.from(hello.bytes()));
    let pending = Buffer.alloc(0);
    sock.on('data', (chunk: Buffer) => {
      const b = Buffer.concat([pending, chunk]);
      let off = 0;
      const out = new OutBuffer(4096);
      for (let n = frameSize(b, off); n > 0; n = frameSize(b, off)) {
        const d = decodeMessage(b, off, off + n);
        if (d.ok && d.value.type === 'OFPT_FEATURES_REPLY') { me.dpid = d.value['datapath_id'] as bigint; me.ports = (d.value['ports'] as unknown[]).length; }
        if (d.ok && d.value.type === 'OFPT_PACKET_IN') {
          const data = d.value['data'] as Buffer;
          me.packetIns.push({ inPort: d.value['in_port'] as number, bufferId: d.value['buffer_id'] as number, src: mac(data, 6), dst: mac(data, 0) });
          if (d.value['in_port'] === 1) answer(out, d.value['buffer_id'] as number);
        }
        off += n;
      }
      pending = Buffer.from(b.subarray(off));
      if (out.pos) sock.write(Buffer.from(out.bytes()));
    });
    sock.on('error', () => {});
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({
    port: (server.address() as net.AddressInfo).port, seen,
    close: () => { for (const s of socks) s.destroy(); server.close(); },
  })));
}

function opts(port: number, o: Partial<BenchOptions>): BenchOptions {
  return { ...DEFAULTS, controller: '127.0.0.1', port, switches: 2, macs: 3, loops: 2, msPerTest: 250, warmup: 1, ...o };
}

const quiet = { lines: [] as string[], out(l: string) { quiet.lines.push(l); }, err(l: string) { quiet.lines.push(l); } };

test('latency mode: learning ARP first, probes with consecutive buffer ids and M source MACs, answers counted', async () => {
  const fm = flowMod10Params();
  const ctl = await fakeController((out, bid) => { fm.bufferId = bid; endMessage(out, beginFlowMod10(out, fm)); });
  try {
    quiet.lines = [];
    const [r] = await runBench(opts(ctl.port, {}), quiet);
    assert.ok(r);
    assert.ok(r!.summary.avg > 0, 'answers counted');
    assert.ok(r!.latency !== null && r!.latency.n > 0 && r!.latency.p50 > 0, 'latency percentiles');
    assert.ok(quiet.lines.some((l) => parseResult(l)?.switches === 2), 'RESULT line');
    assert.equal(ctl.seen.map((s) => s.dpid).sort(), [1n, 2n]);
    for (const s of ctl.seen) {
      assert.is(s.ports, 4);
      const id = Number(s.dpid);
      assert.is(s.packetIns[0]!.inPort, 2, 'learning packet first, from port 2');
      assert.is(s.packetIns[0]!.src, `80:00:00:00:00:0${id}`);
      const probes = s.packetIns.slice(1);
      assert.ok(probes.length > 10);
      probes.forEach((p, i) => {
        assert.is(p.inPort, 1);
        assert.is(p.bufferId, (i + 1) % NUM_BUFFER_IDS);
        assert.is(p.dst, `80:00:00:00:00:0${id}`);
      });
      assert.equal(new Set(probes.map((p) => p.src)).size, 3, '-M 3 distinct source MACs');
    }
  } finally {
    ctl.close();
  }
});

test('latency mode polls during tests by default (cbench spins too), sleeps with busyPoll off; answers counted either way', async () => {
  assert.is(DEFAULTS.busyPoll, true);
  const fm = flowMod10Params();
  const ctl = await fakeController((out, bid) => { fm.bufferId = bid; endMessage(out, beginFlowMod10(out, fm)); });
  try {
    const [busy] = await runBench(opts(ctl.port, { switches: 1, loops: 3 }), quiet);
    const [sleepy] = await runBench(opts(ctl.port, { switches: 1, loops: 3, busyPoll: false }), quiet);
    assert.ok(busy!.summary.avg > 0 && sleepy!.summary.avg > 0, 'answers counted in both');
    assert.ok(busy!.pollTurns > 100, `event loop kept turning: ${busy!.pollTurns} polls`);
    assert.is(sleepy!.pollTurns, 0);
  } finally {
    ctl.close();
  }
});

test('throughput mode counts FLOW_MOD ADD + PACKET_OUT twice per probe, not at all for MODIFY; --no-learn-dst-macs skips the ARP', async () => {
  const fm = flowMod10Params();
  const both = await fakeController((out, bid) => {
    fm.bufferId = bid; endMessage(out, beginFlowMod10(out, fm));
    const at = beginPacketOut10(out, 0, bid, 1); action10Output(out, 2, 0); endPacketOut10(out, at);
  });
  const modify = flowMod10Params();
  modify.command = 1;
  const none = await fakeController((out) => { endMessage(out, beginFlowMod10(out, modify)); });
  try {
    const [r] = await runBench(opts(both.port, { mode: 'throughput', switches: 1, learnDstMacs: false }), quiet);
    assert.ok(r!.summary.avg > 0);
    assert.is(both.seen[0]!.packetIns[0]!.inPort, 1, 'no learning packet');
    const answered = both.seen[0]!.packetIns.length;
    // Every probe answered during a test is counted twice, one answered in a pause not at all. Tests are longer
    // than pauses (250 vs 100 ms, and a late timer delays both alike), so most answers fall inside tests and the
    // count exceeds the answers only if both answers of a probe count: counting one of them can never get there.
    const total = r!.counts.reduce((a, x) => a + x, 0);
    assert.ok(total > answered, `counted ${total} for ${answered} probes: both answers count`);
    const [z] = await runBench(opts(none.port, { mode: 'throughput', switches: 1 }), quiet);
    assert.ok(none.seen[0]!.packetIns.length > 1);
    assert.is(z!.summary.max, 0, 'FLOW_MOD MODIFY is not an answer');
  } finally {
    both.close();
    none.close();
  }
});

test.run();
