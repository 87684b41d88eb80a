/**
 * The capture reader on real Open vSwitch captures (fixtures/pcap), checked
 * against tshark, and on the same sessions re-packaged in every supported
 * shape: other link types and file formats, split/reordered/duplicated
 * segments, sequence numbers that wrap, lost and cut-short segments.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { encodeMessage, supportedVersions } from '../../codec/index.js';
import { CaptureError, CaptureReader, decodeCapture, parseFrame, readCapture, type PcapMessage, type TcpSegment } from '../../cli/pcap/index.js';
import { FIXTURES } from '../support/fixtures.js';
import { bsdLoopback, cooked, ethernet, ipPacket, rng, toolOrSkip, writePcap, writePcapng, type NgPacket, type Segment } from './support.js';

const DIR = join(FIXTURES, 'pcap');
const CAPTURES = ['of10-session.pcap', 'of10-session.pcapng', 'of13-session.pcap', 'of13-session.pcapng'];
const PORTS = [6653, 6633];

function decodeAll(file: Buffer, ports = PORTS): { msgs: PcapMessage[]; warnings: string[] } {
  const msgs: PcapMessage[] = [];
  const s = decodeCapture(file, ports, (m) => msgs.push(m));
  return { msgs, warnings: s.warnings };
}

/** What must survive any re-packaging: direction, stream offset and the message bytes. */
function streamView(msgs: PcapMessage[]): string[] {
  return msgs.map((m) => `${m.meta.src}>${m.meta.dst}@${m.meta.offset}:${m.bytes.toString('hex')}`).sort();
}

interface Seg extends TcpSegment { ns: bigint; frame: number }

/** The TCP segments of a real capture, as parsed from it. */
function segmentsOf(name: string): Seg[] {
  const { frames } = readCapture(readFileSync(join(DIR, name)));
  const out: Seg[] = [];
  for (const f of frames) {
    const p = parseFrame(f.linktype, f.data, f.origLen);
    if (!p.ok) continue;
    const t = f.time!;
    out.push({ ...p.seg, ns: t.sec * 1_000_000_000n + t.frac * 10n ** BigInt(9 - t.digits), frame: f.number });
  }
  return out;
}

function seg(s: Seg, payload = s.payload, seq = s.seq): Segment {
  return { src: s.src, dst: s.dst, srcPort: s.srcPort, dstPort: s.dstPort, seq, syn: s.syn, fin: s.fin, payload };
}

const ORIGINAL = new Map<string, PcapMessage[]>();
for (const c of CAPTURES) ORIGINAL.set(c, decodeAll(readFileSync(join(DIR, c))).msgs);

test('real captures: every framed message decodes, the 1.5 HELLO the test controller offers included', () => {
  for (const c of CAPTURES) {
    const msgs = ORIGINAL.get(c)!;
    assert.ok(msgs.length > 100, `${c}: ${msgs.length} messages`);
    for (const m of msgs) {
      assert.ok(m.result.ok, `${c} frame ${m.meta.frame}: ${m.result.ok ? '' : m.result.error.message}`);
      if (!supportedVersions().includes(m.bytes[0]!)) assert.is(m.result.ok && m.result.value.type, 'OFPT_HELLO', `${c} frame ${m.meta.frame}`);
    }
  }
});

test('real captures: each decoded message re-encodes to the bytes captured', () => {
  for (const c of CAPTURES) {
    for (const m of ORIGINAL.get(c)!) {
      if (!m.result.ok) continue;
      assert.ok(encodeMessage(m.result.value).equals(m.bytes), `${c} frame ${m.meta.frame} (${String(m.result.value.type)})`);
    }
  }
});

test('real captures: the pcap and the pcapng of one session give the same messages', () => {
  for (const v of ['of10', 'of13']) {
    const a = ORIGINAL.get(`${v}-session.pcap`)!, b = ORIGINAL.get(`${v}-session.pcapng`)!;
    assert.equal(streamView(a), streamView(b), v);
    // Two capturers on one session: the same message is seen within a millisecond by both.
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      const d = Math.abs(Date.parse(a[i]!.meta.time!) - Date.parse(b[i]!.meta.time!));
      assert.ok(d <= 2, `${v} message ${i}: ${a[i]!.meta.time} vs ${b[i]!.meta.time}`);
    }
  }
});

test('real captures: timestamps keep the file precision (ns pcap, µs pcap, ns pcapng)', () => {
  assert.match(ORIGINAL.get('of10-session.pcap')![0]!.meta.time!, /^20\d\d-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z$/);
  assert.match(ORIGINAL.get('of13-session.pcap')![0]!.meta.time!, /^20\d\d-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
  assert.match(ORIGINAL.get('of13-session.pcapng')![0]!.meta.time!, /^20\d\d-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z$/); // tshark writes if_tsresol 9
});

test('real captures: messages longer than one segment are reassembled', () => {
  const segs = segmentsOf('of13-session.pcapng');
  const maxPayload = Math.max(...segs.map((s) => s.payload.length));
  const long = ORIGINAL.get('of13-session.pcapng')!.filter((m) => m.bytes.length > maxPayload);
  assert.ok(long.length > 0, `no message longer than the largest segment (${maxPayload} bytes)`);
  for (const m of long) assert.ok(m.result.ok, `frame ${m.meta.frame}`);
});

test('real captures: frame numbers and message type names agree with tshark', () => {
  if (!toolOrSkip('tshark')) return;
  for (const c of CAPTURES) {
    // The Info column names each top-level message (the field `openflow_v4.type` also counts the
    // request echoed inside an OFPT_ERROR, which is data, not a message).
    const r = spawnSync('tshark', ['-r', join(DIR, c), '-Y', 'openflow_v1 || openflow_v4', '-T', 'fields',
      '-e', 'frame.number', '-e', '_ws.col.Info'], { encoding: 'utf8' });
    assert.is(r.status, 0, r.stderr);
    const theirs: string[] = [];
    for (const line of r.stdout.trim().split('\n')) {
      const [frame, info] = line.split('\t');
      for (const m of (info ?? '').matchAll(/Type: (\w+)/g)) theirs.push(`${frame}:${m[1]}`);
    }
    // tshark leaves the 1.5 HELLO on port 6633 as plain data: compare the versions asked for (1.0, 1.3).
    const ours = ORIGINAL.get(c)!.filter((m) => m.result.ok && (m.bytes[0] === 1 || m.bytes[0] === 4)).map((m) => `${m.meta.frame}:${String((m.result as { value: { type: unknown } }).value.type)}`);
    assert.ok(theirs.length > 100);
    const onlyOurs = ours.filter((x) => !theirs.includes(x)), onlyTheirs = theirs.filter((x) => !ours.includes(x));
    assert.equal(ours.sort(), theirs.sort(), `${c}: only nodeflow ${onlyOurs.join(' ')}; only tshark ${onlyTheirs.join(' ')}`);
  }
});

test('re-packaged: segments split small, reordered and retransmitted still give every message', () => {
  for (const c of ['of10-session.pcapng', 'of13-session.pcap']) {
    const rand = rng(c.length * 7919);
    const pieces: { s: Segment; ns: bigint }[] = [];
    for (const s of segmentsOf(c)) {
      if (s.payload.length === 0) { pieces.push({ s: seg(s), ns: s.ns }); continue; }
      for (let at = 0; at < s.payload.length; ) {
        const n = 1 + Math.floor(rand() * 40);
        pieces.push({ s: seg(s, s.payload.subarray(at, at + n), (s.seq + at) >>> 0), ns: s.ns });
        at += n;
      }
    }
    // Shuffle within small windows (never before the connection's SYN), and retransmit some pieces,
    // some of them overlapping the next piece.
    const out: { s: Segment; ns: bigint }[] = [];
    for (let i = 0; i < pieces.length; ) {
      const w = pieces.slice(i, i + 6);
      i += w.length;
      const syn = w.filter((p) => p.s.syn), rest = w.filter((p) => !p.s.syn);
      rest.sort(() => rand() - 0.5);
      for (const p of [...syn, ...rest]) {
        out.push(p);
        if (p.s.payload.length > 0 && rand() < 0.2) out.push(p);
        if (p.s.payload.length > 2 && rand() < 0.1) out.push({ ...p, s: { ...p.s, payload: p.s.payload.subarray(1), seq: (p.s.seq + 1) >>> 0 } });
      }
    }
    const file = writePcap(1, out.map((p) => ({ data: ethernet(ipPacket(p.s)), ns: p.ns })));
    const got = decodeAll(file);
    assert.equal(got.warnings, [], c);
    assert.equal(streamView(got.msgs), streamView(ORIGINAL.get(c)!), c);
  }
});

test('re-packaged: sequence numbers that wrap past 2^32 mid-stream', () => {
  const segs = segmentsOf('of10-session.pcap');
  // Move every connection's initial sequence number to just below 2^32.
  const isn = new Map<string, number>();
  for (const s of segs) if (s.syn) isn.set(`${s.src}:${s.srcPort}>${s.dst}:${s.dstPort}`, s.seq);
  const shifted = segs.map((s) => {
    const base = isn.get(`${s.src}:${s.srcPort}>${s.dst}:${s.dstPort}`) ?? s.seq;
    return { data: ethernet(ipPacket(seg(s, s.payload, (s.seq - base + 0xffffff00) >>> 0))), ns: s.ns };
  });
  const got = decodeAll(writePcap(1, shifted));
  assert.equal(got.warnings, []);
  assert.equal(streamView(got.msgs), streamView(ORIGINAL.get('of10-session.pcap')!));
});

test('re-packaged: link types Ethernet+802.1Q, Linux cooked v1/v2, BSD loopback, raw IP, in pcap and pcapng (enhanced and obsolete packet blocks)', () => {
  const segs = segmentsOf('of13-session.pcapng');
  const want = streamView(ORIGINAL.get('of13-session.pcapng')!);
  const shapes: [number, (ip: Buffer) => Buffer][] = [
    [1, (ip) => ethernet(ip, [0x0064, 0x2065])], // two stacked 802.1Q tags
    [113, (ip) => cooked(ip, false)],
    [276, (ip) => cooked(ip, true)],
    [0, bsdLoopback],
    [101, (ip) => ip],
    [228, (ip) => ip],
  ];
  for (const [lt, wrap] of shapes) {
    for (const o of [{ bigEndian: false }, { bigEndian: true, nano: true }]) {
      const got = decodeAll(writePcap(lt, segs.map((s) => ({ data: wrap(ipPacket(seg(s))), ns: s.ns })), o));
      assert.equal(streamView(got.msgs), want, `pcap linktype ${lt} ${JSON.stringify(o)}`);
    }
  }
  // pcapng with one interface per link type, frames spread over them; nanosecond resolution on one.
  const ifaces = shapes.map(([linktype], i) => ({ linktype, ...(i === 1 ? { tsresol: 9 } : i === 2 ? { tsresol: 0x80 | 20 } : {}) }));
  for (const bigEndian of [false, true]) {
    const pkts: NgPacket[] = segs.map((s, i) => ({ iface: i % shapes.length, obsolete: i % 7 === 3, data: shapes[i % shapes.length]![1](ipPacket(seg(s))), ns: s.ns }));
    const got = decodeAll(writePcapng(ifaces, pkts, { bigEndian }));
    assert.equal(streamView(got.msgs), want, `pcapng bigEndian=${bigEndian}`);
    const first = got.msgs[0]!;
    assert.is(first.meta.frame, ORIGINAL.get('of13-session.pcapng')![0]!.meta.frame);
    assert.is(first.meta.time, ORIGINAL.get('of13-session.pcapng')![0]!.meta.time!.replace(/\d{3}Z$/, 'Z')); // interface 0: µs
  }
});

test('re-packaged: IPv6 addresses, and simple packet blocks (no timestamp)', () => {
  const segs = segmentsOf('of10-session.pcap');
  const v6 = (ip: string) => (ip === '127.0.0.1' ? '::1' : `2001:db8::${ip.split('.').pop()}`);
  const pkts: NgPacket[] = segs.map((s) => ({ iface: 0, simple: true, ns: 0n, data: ethernet(ipPacket({ ...seg(s), src: v6(s.src), dst: v6(s.dst) })) }));
  const got = decodeAll(writePcapng([{ linktype: 1 }], pkts));
  const want = streamView(ORIGINAL.get('of10-session.pcap')!).map((l) => l.replace(/127\.0\.0\.1:(\d+)/g, '[::1]:$1'));
  assert.equal(streamView(got.msgs), want);
  assert.is(got.msgs[0]!.meta.time, undefined);
});

test('a segment lost from the capture: messages before the gap decode, the gap is reported', () => {
  const segs = segmentsOf('of13-session.pcapng');
  // A piece of a long reply, with more messages after it in its direction.
  let victim = -1;
  segs.forEach((s, i) => {
    const later = ORIGINAL.get('of13-session.pcapng')!.some((m) => sameDir(m, s) && m.meta.offset >= lostRange(segs, s, 0)[1]);
    if (later && s.payload.length > 100 && (victim < 0 || s.payload.length > segs[victim]!.payload.length)) victim = i;
  });
  assert.ok(victim > 0);
  const v = segs[victim]!;
  const file = writePcap(1, segs.filter((_, i) => i !== victim).map((s) => ({ data: ethernet(ipPacket(seg(s))), ns: s.ns })));
  const got = decodeAll(file);
  const dir = `${v.src}:${v.srcPort} → ${v.dst}:${v.dstPort}`;
  assert.ok(got.warnings.some((w) => w.startsWith(dir) && w.includes('gap')), got.warnings.join('\n'));
  const before = ORIGINAL.get('of13-session.pcapng')!.filter((m) => m.meta.frame < v.frame);
  for (const m of before) assert.ok(got.msgs.some((g) => g.bytes.equals(m.bytes) && g.meta.offset === m.meta.offset), `frame ${m.meta.frame}`);
  // And the stream goes on after the gap: every message the capture still holds whole is decoded.
  const [from, to] = lostRange(segs, v, 0);
  const whole = ORIGINAL.get('of13-session.pcapng')!.filter((m) => !sameDir(m, v) || m.meta.offset + m.bytes.length <= from || m.meta.offset >= to);
  const after = whole.filter((m) => sameDir(m, v) && m.meta.offset >= to);
  assert.ok(after.length > 0, 'messages follow the gap in that direction');
  for (const m of whole) assert.ok(got.msgs.some((g) => g.bytes.equals(m.bytes) && g.meta.offset === m.meta.offset && g.result.ok), `message at ${m.meta.offset} (frame ${m.meta.frame})`);
  assert.is(got.msgs.filter((g) => g.result.ok).length, whole.length, 'nothing else decodes');
});

test('a lost segment that held message headers: the stream resynchronises at the next message boundary', () => {
  for (const name of ['of10-session.pcap', 'of13-session.pcapng']) {
    const segs = segmentsOf(name);
    const orig = ORIGINAL.get(name)!;
    // A segment that holds the start of a message (so its length is lost with it) and is followed by more messages.
    const victim = segs.findIndex((s) => {
      const [from, to] = lostRange(segs, s, 0);
      return s.payload.length > 0 && orig.some((m) => sameDir(m, s) && m.meta.offset >= from && m.meta.offset < to) &&
        orig.filter((m) => sameDir(m, s) && m.meta.offset >= to).length >= 3;
    });
    assert.ok(victim > 0, name);
    const v = segs[victim]!;
    const got = decodeAll(writePcap(1, segs.filter((_, i) => i !== victim).map((s) => ({ data: ethernet(ipPacket(seg(s))), ns: s.ns }))));
    const [from, to] = lostRange(segs, v, 0);
    const whole = orig.filter((m) => !sameDir(m, v) || m.meta.offset + m.bytes.length <= from || m.meta.offset >= to);
    assert.equal(streamView(got.msgs.filter((m) => m.result.ok)), streamView(whole), name);
    assert.ok(got.warnings.some((w) => w.includes('resumed at stream offset')), got.warnings.join('\n'));
  }
});

function sameDir(m: PcapMessage, s: Seg): boolean {
  return m.meta.src.endsWith(`:${s.srcPort}`) && m.meta.dst.endsWith(`:${s.dstPort}`);
}
/** Stream offsets [from, to) of the bytes a segment loses (its payload from byte `kept` on). */
function lostRange(segs: Seg[], v: Seg, kept: number): [number, number] {
  const syn = segs.find((s) => s.syn && s.srcPort === v.srcPort && s.dstPort === v.dstPort)!;
  const start = (v.seq - syn.seq - 1) >>> 0;
  return [start + kept, start + v.payload.length];
}

test('a segment cut short by the snap length is reported, not decoded as garbage', () => {
  const segs = segmentsOf('of10-session.pcap');
  const i = segs.findIndex((s) => s.payload.length > 60);
  const recs = segs.map((s, k) => {
    const data = ethernet(ipPacket(seg(s)));
    return k === i ? { data: data.subarray(0, 80), ns: s.ns, origLen: data.length } : { data, ns: s.ns };
  });
  const got = decodeAll(writePcap(1, recs));
  assert.ok(got.warnings.some((w) => w.includes(`frame ${i + 1}`) && w.includes('snap length')), got.warnings.join('\n'));
  for (const m of got.msgs) assert.ok(m.result.ok, `frame ${m.meta.frame}`);
  // Every message the capture holds whole is decoded, those after the cut segment included.
  const v = segs[i]!;
  const headers = ethernet(ipPacket(seg(v))).length - v.payload.length;
  const [from, to] = lostRange(segs, v, Math.max(0, 80 - headers));
  const whole = ORIGINAL.get('of10-session.pcap')!.filter((m) => !sameDir(m, v) || m.meta.offset + m.bytes.length <= from || m.meta.offset >= to);
  assert.ok(whole.some((m) => sameDir(m, v) && m.meta.offset >= to), 'messages follow the cut in that direction');
  assert.equal(streamView(got.msgs), streamView(whole));
});

test('malformed capture files raise CaptureError with the byte offset', () => {
  const file = readFileSync(join(DIR, 'of10-session.pcap'));
  assert.throws(() => readCapture(file.subarray(0, file.length - 3)), (e: unknown) => e instanceof CaptureError && /at byte \d+/.test(e.message) && /frame \d+/.test(e.message));
  assert.throws(() => readCapture(Buffer.from('not a capture')), (e: unknown) => e instanceof CaptureError && e.offset === 0);
  const ng = readFileSync(join(DIR, 'of10-session.pcapng'));
  assert.throws(() => readCapture(ng.subarray(0, ng.length - 5)), (e: unknown) => e instanceof CaptureError && /runs past the end/.test(e.message));
  assert.throws(() => readCapture(file.subarray(0, 10)), (e: unknown) => e instanceof CaptureError);
});

test('the streaming reader: any chunk size, the chunk buffer overwritten after each push (as nodeflow decode reuses it), same frames', () => {
  for (const c of CAPTURES) {
    const file = readFileSync(join(DIR, c));
    const want = readCapture(file).frames.map((f) => `${f.number} ${f.origLen} ${f.data.toString('hex')}`);
    for (const size of [1, 3, 16, 17, 100, 4096, 65536]) {
      const reader = new CaptureReader();
      const reused = Buffer.alloc(size);
      const got: string[] = [];
      for (let off = 0; off < file.length; off += size) {
        const n = file.copy(reused, 0, off, off + size);
        const frames = reader.push(reused.subarray(0, n));
        got.push(...frames.map((f) => `${f.number} ${f.origLen} ${f.data.toString('hex')}`));
        reused.fill(0xee); // what a reused read buffer does to anything still pointing into it
      }
      reader.end();
      assert.equal(got, want, `${c} in chunks of ${size}`);
    }
  }
});

test('--port selects the streams: other ports give nothing', () => {
  const file = readFileSync(join(DIR, 'of10-session.pcap'));
  assert.is(decodeAll(file, [9]).msgs.length, 0);
  const only6633 = decodeAll(file, [6633]).msgs;
  assert.ok(only6633.length > 0 && only6633.every((m) => m.meta.src.endsWith(':6633') || m.meta.dst.endsWith(':6633')));
});

test('frames without a usable TCP segment are skipped with a reason; IPv6 extension headers are walked', () => {
  const s: Segment = { src: '2001:db8::1', dst: '2001:db8::2', srcPort: 40000, dstPort: 6653, seq: 5, payload: Buffer.from('0100000800000001', 'hex') };
  const v6 = ipPacket(s);
  // Insert a hop-by-hop options header (8 bytes) between the IPv6 header and TCP.
  const hbh = Buffer.concat([v6.subarray(0, 40), Buffer.from([6, 0, 1, 4, 0, 0, 0, 0]), v6.subarray(40)]);
  hbh[6] = 0;
  hbh.writeUInt16BE(v6.length - 40 + 8, 4);
  const p = parseFrame(1, ethernet(hbh));
  assert.ok(p.ok && p.seg.srcPort === 40000 && p.seg.payload.toString('hex') === '0100000800000001' && p.seg.src === '2001:db8::1');
  // A non-first IPv6 fragment.
  const frag = Buffer.concat([v6.subarray(0, 40), Buffer.from([6, 0, 0x00, 0x10, 0, 0, 0, 1]), v6.subarray(40)]);
  frag[6] = 44;
  const f6 = parseFrame(101, frag);
  assert.ok(!f6.ok && /fragment/.test(f6.why));
  const v4 = ipPacket({ ...s, src: '10.0.0.1', dst: '10.0.0.2' });
  const frag4 = Buffer.from(v4);
  frag4.writeUInt16BE(0x2000, 6); // more fragments
  const f4 = parseFrame(101, frag4);
  assert.ok(!f4.ok && /fragment/.test(f4.why));
  const udp = Buffer.from(v4);
  udp[9] = 17;
  const u = parseFrame(101, udp);
  assert.ok(!u.ok && u.why === 'not TCP');
  const arp = Buffer.from('ffffffffffff0200000000010806' + '00'.repeat(46), 'hex');
  const a = parseFrame(1, arp);
  assert.ok(!a.ok && /not IP/.test(a.why));
  const other = parseFrame(147, v4);
  assert.ok(!other.ok && /link type 147/.test(other.why));
  for (const cut of [5, 13, 20, 30]) assert.is(parseFrame(1, ethernet(v4).subarray(0, cut)).ok, false);
});

test.run();
