/**
 * Emulated switches for the hostile-switch suite, on raw loopback sockets.
 *
 * RawClient: a connection that records every message the controller sends
 * (framed by header length), when it closed, and lets a test write anything.
 *
 * GoodSwitch: a well-behaved OpenFlow 1.0 or 1.3 switch. It answers the handshake
 * (HELLO, FEATURES_REPLY, GET_CONFIG, DESC stats, BARRIER, ECHO; in 1.3 also
 * PORT_DESC, with the load generator's 1.3 messages, made by the codec's
 * encoder: loadgen/probe13.ts), then sends
 * PACKET_INs of broadcast frames at a steady rate and matches every
 * PACKET_OUT/FLOW_MOD back to its probe by buffer id (or the sequence number
 * in the frame), keeping the count of unanswered probes and each answer's
 * latency.
 */
import { connect, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import {
  Deframer, E, OFP10, T, answeredSeq, descStatsReply10, error10, featuresReply10, getConfigReply10, hello, msg, packetIn10,
  parseError, type ErrorInfo, OFP13, NO_BUFFER,
} from './hostile-wire.js';
import {
  PI13_OFF, barrierReply13, descReplyTemplate13, echoReply13, featuresReplyTemplate13, getConfigReply13, hello13,
  portDescReplyTemplate13, probeTemplate13,
} from '../../loadgen/probe13.js';
import { setXid } from '../../loadgen/probe.js';
import { ofp_flow_mod as ofp_flow_mod13, ofp_packet_out as ofp_packet_out13 } from '../../codec/of13/schema.js';
import { offsetOf } from '../../codec/views/common.js';

/** 1.3 message types the switch answers (the 1.0 codes in T differ from BARRIER on). */
const T13 = { MULTIPART_REQUEST: 18, BARRIER_REQUEST: 20 } as const;
const MP_DESC = 0, MP_PORT_DESC = 13;
const PO13_BUFFER_ID = offsetOf(ofp_packet_out13, 'buffer_id');
const FM13_BUFFER_ID = offsetOf(ofp_flow_mod13, 'buffer_id');

/** The probe a 1.3 answer refers to: its buffer id (probes are always buffered, buffer id = sequence number). */
function answeredSeq13(m: Buffer): number | undefined {
  const off = m[1] === T.PACKET_OUT ? PO13_BUFFER_ID : m[1] === T.FLOW_MOD ? FM13_BUFFER_ID : -1;
  if (off < 0 || m.length < off + 4) return undefined;
  const bid = m.readUInt32BE(off);
  return bid !== NO_BUFFER ? bid : undefined;
}

export class RawClient {
  readonly messages: Buffer[] = [];
  bytesIn = 0;
  bytesOut = 0;
  closedAt: number | undefined;
  readonly openedAt = performance.now();
  protected readonly deframer = new Deframer();
  private waiters: (() => void)[] = [];

  constructor(readonly sock: Socket) {
    sock.setNoDelay(true);
    sock.on('data', (d: Buffer) => {
      this.bytesIn += d.length;
      for (const m of this.deframer.push(d)) this.onMessage(m);
      this.wake();
    });
    sock.on('error', () => { /* resets are expected here: the peer is a controller under attack */ });
    sock.on('close', () => {
      this.closedAt = performance.now();
      this.wake();
    });
  }

  static open(port: number, host = '127.0.0.1'): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const s = connect({ port, host });
      s.once('connect', () => resolve(new RawClient(s)));
      s.once('error', reject);
    });
  }

  protected onMessage(m: Buffer): void {
    this.messages.push(m);
  }

  private wake(): void {
    const ws = this.waiters;
    this.waiters = [];
    for (const w of ws) w();
  }

  /** Resolves on the next message or close (or after ms). */
  private tick(ms: number): Promise<void> {
    return new Promise((r) => {
      const t = setTimeout(r, ms);
      this.waiters.push(() => { clearTimeout(t); r(); });
    });
  }

  get closed(): boolean {
    return this.closedAt !== undefined;
  }

  send(b: Buffer): boolean {
    if (this.sock.destroyed) return false;
    this.bytesOut += b.length;
    return this.sock.write(b);
  }

  /** The first message (already received or arriving within ms) that satisfies pred. */
  async waitMessage(pred: (m: Buffer) => boolean, ms: number): Promise<Buffer | undefined> {
    const until = performance.now() + ms;
    let seen = 0;
    for (;;) {
      for (; seen < this.messages.length; seen++) if (pred(this.messages[seen]!)) return this.messages[seen];
      const left = until - performance.now();
      if (left <= 0 || this.closed) return undefined;
      await this.tick(left);
    }
  }

  async waitError(ms: number): Promise<ErrorInfo | undefined> {
    const m = await this.waitMessage((x) => x[1] === T.ERROR, ms);
    return m && parseError(m);
  }

  /** True once the controller closed the connection (within ms). */
  async waitClosed(ms: number): Promise<boolean> {
    const until = performance.now() + ms;
    while (!this.closed) {
      const left = until - performance.now();
      if (left <= 0) return false;
      await this.tick(Math.min(left, 50));
    }
    return true;
  }

  errors(): ErrorInfo[] {
    return this.messages.map(parseError).filter((e): e is ErrorInfo => e !== undefined);
  }

  destroy(): void {
    this.sock.destroy();
  }
}

export interface GoodSwitchStats {
  sent: number;
  answered: number;
  /** Probes with no answer (after the final wait). */
  lost: number;
  p50: number;
  p99: number;
  max: number;
}

export class GoodSwitch extends RawClient {
  /** FEATURES_REPLY sent. */
  featuresSent = false;
  private seq = 0;
  private readonly outstanding = new Map<number, number>();
  readonly latencies: number[] = [];
  /** Send time (performance.now()) of each answered probe, parallel to latencies. */
  readonly sentAt: number[] = [];
  sent = 0;
  answered = 0;
  /** Answers for probes we did not send or had already seen answered (should stay 0). */
  strayAnswers = 0;
  private timer: NodeJS.Timeout | undefined;

  private readonly probe13: Buffer | undefined;

  constructor(sock: Socket, readonly dpid: bigint, private readonly seqBase: number, readonly version: number = OFP10) {
    super(sock);
    if (version === OFP13) {
      this.probe13 = probeTemplate13(Number(dpid & 0xffn));
      this.send(hello13());
    } else {
      this.send(hello(OFP10));
    }
  }

  static openSwitch(port: number, dpid: bigint, seqBase: number, version: number = OFP10): Promise<GoodSwitch> {
    return new Promise((resolve, reject) => {
      const s = connect({ port, host: '127.0.0.1' });
      s.once('connect', () => resolve(new GoodSwitch(s, dpid, seqBase, version)));
      s.once('error', reject);
    });
  }

  protected override onMessage(m: Buffer): void {
    const type = m[1]!;
    const xid = m.readUInt32BE(4);
    if (m[0] !== this.version && type !== T.HELLO && type !== T.ERROR) {
      this.messages.push(m);
      return;
    }
    if (this.version === OFP13) {
      this.onMessage13(m, type, xid);
      return;
    }
    switch (type) {
      case T.FEATURES_REQUEST: this.send(featuresReply10(xid, this.dpid)); this.featuresSent = true; break;
      case T.GET_CONFIG_REQUEST: this.send(getConfigReply10(xid)); break;
      case T.ECHO_REQUEST: this.send(msg(OFP10, T.ECHO_REPLY, xid, m.subarray(8))); break;
      case T.BARRIER_REQUEST: this.send(msg(OFP10, T.BARRIER_REPLY, xid)); break;
      case T.STATS_REQUEST:
        if (m.length >= 10 && m.readUInt16BE(8) === 0) this.send(descStatsReply10(xid));
        else this.send(error10(xid, E.BAD_REQUEST, E.BAD_STAT, m.subarray(0, 64)));
        break;
      case T.PACKET_OUT: case T.FLOW_MOD:
        this.answer(answeredSeq(m));
        break;
      default:
        this.messages.push(m);
    }
  }

  private onMessage13(m: Buffer, type: number, xid: number): void {
    switch (type) {
      case T.FEATURES_REQUEST: this.send(setXid(featuresReplyTemplate13(Number(this.dpid)), xid)); this.featuresSent = true; break;
      case T.GET_CONFIG_REQUEST: this.send(getConfigReply13(xid, 0, 128)); break;
      case T.ECHO_REQUEST: this.send(echoReply13(xid, m.subarray(8))); break;
      case T13.BARRIER_REQUEST: this.send(barrierReply13(xid)); break;
      case T13.MULTIPART_REQUEST: {
        const mp = m.length >= 10 ? m.readUInt16BE(8) : -1;
        if (mp === MP_PORT_DESC) this.send(setXid(portDescReplyTemplate13(Number(this.dpid)), xid));
        else if (mp === MP_DESC) this.send(setXid(descReplyTemplate13(), xid));
        else this.messages.push(m);
        break;
      }
      case T.PACKET_OUT: case T.FLOW_MOD:
        this.answer(answeredSeq13(m));
        break;
      default:
        this.messages.push(m);
    }
  }

  private answer(s: number | undefined): void {
    if (s === undefined) return;
    const t0 = this.outstanding.get(s);
    if (t0 === undefined) {
      // A FLOW_MOD and a PACKET_OUT may both carry the buffer id: count the first.
      if (s < this.seqBase || s >= this.seqBase + this.seq) this.strayAnswers++;
      return;
    }
    this.outstanding.delete(s);
    this.answered++;
    this.latencies.push(performance.now() - t0);
    this.sentAt.push(t0);
  }

  /** Resolves once the controller has the switch up: the handshake is done and a probe was answered. */
  async ready(ms = 5000): Promise<boolean> {
    const until = performance.now() + ms;
    while (performance.now() < until && !this.closed) {
      if (this.featuresSent) {
        const before = this.answered;
        const seq = this.probe();
        const t = performance.now();
        while (performance.now() - t < 300 && this.answered === before && !this.closed) await new Promise((r) => setTimeout(r, 5));
        if (this.answered > before) return true;
        // Not up yet (the probe raced the handshake and was dropped): forget it.
        this.outstanding.delete(seq);
        this.sent--;
      } else {
        await new Promise((r) => setTimeout(r, 10));
      }
    }
    return false;
  }

  /** Worst latency of the probes sent in [from, to), and how many of them are still unanswered. */
  window(from: number, to: number): { max: number; n: number; pending: number } {
    let max = 0, n = 0, pending = 0;
    for (let i = 0; i < this.sentAt.length; i++) {
      const t = this.sentAt[i]!;
      if (t >= from && t < to) { n++; max = Math.max(max, this.latencies[i]!); }
    }
    for (const t of this.outstanding.values()) if (t >= from && t < to) pending++;
    return { max, n, pending };
  }

  /** Send one PACKET_IN; returns its sequence number. */
  probe(): number {
    const s = this.seqBase + this.seq++;
    this.outstanding.set(s, performance.now());
    this.sent++;
    if (this.probe13 !== undefined) {
      const b = Buffer.from(this.probe13);
      b.writeUInt32BE(s >>> 0, PI13_OFF.xid);
      b.writeUInt32BE(s >>> 0, PI13_OFF.bufferId);
      b.writeUInt32BE(0x10000 + (s & 0xff), PI13_OFF.mac);
      this.send(b);
    } else {
      this.send(packetIn10(s, 1 + (s % 2), 0x10000 + (s & 0xff)));
    }
    return s;
  }

  /** Send `perSecond` probes a second (in 10 ms batches) until stopProbing. */
  startProbing(perSecond: number): void {
    const perTick = Math.max(1, Math.round(perSecond / 100));
    this.timer = setInterval(() => {
      for (let i = 0; i < perTick; i++) this.probe();
    }, 10);
  }

  /** Stop sending and wait up to ms for the answers still due. */
  async stopProbing(ms: number): Promise<GoodSwitchStats> {
    if (this.timer) clearInterval(this.timer);
    const until = performance.now() + ms;
    while (this.outstanding.size > 0 && performance.now() < until && !this.closed) await new Promise((r) => setTimeout(r, 10));
    const l = [...this.latencies].sort((a, b) => a - b);
    const q = (p: number) => (l.length ? l[Math.min(l.length - 1, Math.floor(p * l.length))]! : NaN);
    return { sent: this.sent, answered: this.answered, lost: this.outstanding.size, p50: q(0.5), p99: q(0.99), max: l.length ? l[l.length - 1]! : NaN };
  }
}
