/**
 * One emulated OpenFlow switch, as cbench's fakeswitch behaves: HELLO first,
 * FEATURES_REPLY to FEATURES_REQUEST, answers to ECHO, BARRIER, GET_CONFIG
 * and desc stats, SET_CONFIG stored, VENDOR answered with an error; then
 * (unless disabled) one learning PACKET_IN, then probes. The protocol comes
 * from a Profile (profile.ts): cbench's OpenFlow 1.0 by default, or 1.3
 * (then PORT_DESC is answered too).
 *
 * Hot path, per probe: patch xid, buffer id and 4 MAC bytes of a copy of the
 * template that sits in a reused batch buffer. Per read: scan the headers in
 * the receive buffer in place (reads land in a buffer this class owns, via
 * `onread`), keep a partial tail for the next read.
 */
import * as net from 'node:net';
import * as tls from 'node:tls';
import { performance } from 'node:perf_hooks';
import { HEADER } from '../codec/views/frame.js';
import { NUM_BUFFER_IDS, RESP_OFF, patchProbeAt, setXid } from './probe.js';
import { OF10, type Profile } from './profile.js';
import { LatencyHistogram } from './stats.js';
import type { BenchMode } from './options.js';

const enum Status { Start, WaitTableMiss, LearnDstMac, Ready, Waiting }
/** How long a 1.3 switch waits for the controller's first FLOW_MOD (its table-miss flow) before probing anyway. */
const TABLE_MISS_WAIT_MS = 1000;

/**
 * Batches written per switch per event-loop turn (cbench: one write of up to
 * its 64 KiB buffer per switch per poll round). Writing on from write
 * callbacks (process.nextTick) instead would starve reads and the other
 * switches while the kernel keeps accepting.
 */
const BATCHES_PER_TURN = 1;
const SLOTS = 8;
const RX_SIZE = 256 * 1024;
const RX_MIN_FREE = 64 * 1024;
/** The STATS / MULTIPART request's type field (right after the header in 1.0 and 1.3). */
const STATS_TYPE_OFF = HEADER.size;

export interface SwitchConfig {
  dpid: number;
  mode: BenchMode;
  macs: number;
  learnDstMacs: boolean;
  delay: number;
  /** OpenFlow version spoken (default OF10, cbench's). */
  profile?: Profile;
  /** Unexpected message types are reported here (once per type). */
  warn: (msg: string) => void;
  /** Connect over TLS presenting this certificate and trusting this CA (see BenchOptions.tls). */
  tls?: BenchTls;
}

/** The switch side of TLS: its certificate and key, and the CA the controller's certificate must chain to (PEM contents). */
export interface BenchTls {
  readonly cert: Buffer;
  readonly key: Buffer;
  readonly ca: Buffer;
}

export class EmulatedSwitch {
  readonly dpid: number;
  private readonly cfg: SwitchConfig;
  private readonly p: Profile;
  private sock: net.Socket | null = null;
  private status = Status.Start;
  private nextStatus = Status.Start;
  /** Counted responses in the current test. */
  count = 0;
  /** Probes sent and not answered (latency mode: 0 or 1). */
  private inFlight = 0;
  /** Probing allowed (a test is running). */
  private testing = false;
  private xid = 1;
  private bufferId = 1;
  private macIndex = 0;
  private swConfigFlags = 0;
  private swConfigMissSendLen = 0;
  private readonly probe: Buffer;
  // transmit: batch buffers, each reused once its write has completed
  private readonly slots: Buffer[] = [];
  private readonly slotBusy: boolean[] = [];
  private readonly slotDone: (() => void)[] = [];
  private nextSlot = 0;
  private waitDrain = false;
  private readonly perWrite: number;
  // receive
  private readonly rx = Buffer.allocUnsafe(RX_SIZE);
  private rxStart = 0;
  private rxEnd = 0;
  // latency
  private sentAt = 0;
  readonly hist = new LatencyHistogram();
  private readonly warned = new Set<number>();
  private pumpScheduled = false;
  private readonly scheduledPump = (): void => { this.pumpScheduled = false; this.pump(); };
  closed = false;
  closeReason = '';
  probesSent = 0;

  constructor(cfg: SwitchConfig) {
    this.cfg = cfg;
    this.dpid = cfg.dpid;
    const p = (this.p = cfg.profile ?? OF10);
    this.probe = p.probeTemplate(cfg.dpid);
    this.perWrite = cfg.mode === 'throughput' ? p.probesPerBatch : 1;
    for (let i = 0; i < SLOTS; i++) {
      const b = Buffer.allocUnsafe(this.perWrite * p.probeSize);
      for (let k = 0; k < this.perWrite; k++) this.probe.copy(b, k * p.probeSize);
      this.slots.push(b);
      this.slotBusy.push(false);
      this.slotDone.push(() => {
        this.slotBusy[i] = false;
        if (this.perWrite > 1) this.schedulePump();
      });
    }
  }

  /** Open the TCP connection (HELLO is sent when the first test starts, as cbench does). */
  connect(host: string, port: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const t = this.cfg.tls;
      let sock: net.Socket;
      if (t === undefined) {
        sock = net.connect({
          host, port,
          onread: { buffer: () => this.rxRegion(), callback: (n: number) => { this.onRead(n); return true; } },
        });
      } else {
        // node:tls has no `onread`: decrypted chunks are copied into the same receive buffer (one copy per read)
        sock = tls.connect({ host, port, cert: t.cert, key: t.key, ca: t.ca, checkServerIdentity: () => undefined });
        sock.on('data', (d: Buffer) => {
          for (let i = 0; i < d.length;) {
            const r = this.rxRegion();
            const n = Math.min(r.length, d.length - i);
            d.copy(r, 0, i, i + n);
            i += n;
            this.onRead(n);
          }
        });
      }
      this.sock = sock;
      const onError = (e: Error): void => reject(e);
      sock.once('error', onError);
      sock.once(t === undefined ? 'connect' : 'secureConnect', () => {
        sock.off('error', onError);
        sock.on('error', (e) => { this.closed = true; this.closeReason = e.message; });
        sock.on('close', () => { this.closed = true; this.closeReason ||= 'controller closed the connection'; });
        sock.on('drain', () => { this.waitDrain = false; this.pump(); });
        resolve();
      });
    });
  }

  /** Send HELLO (once, before the first test). */
  hello(): void {
    this.send(this.p.hello());
  }

  /** Start counting and probing. */
  startTest(): void {
    this.count = 0;
    this.inFlight = 0;
    this.testing = true;
    this.pump();
  }

  /** Stop probing; responses from now on are not counted. Returns the test's count. */
  endTest(): number {
    this.testing = false;
    return this.count;
  }

  /** Transmit state, for diagnosing a stalled switch. */
  debugState(): string {
    const s = this.sock;
    return `dpid ${this.dpid} status ${this.status} sent ${this.probesSent} count ${this.count} waitDrain ${this.waitDrain} busy ${this.slotBusy.filter(Boolean).length} writableLength ${s?.writableLength} bytesWritten ${s?.bytesWritten} bytesRead ${s?.bytesRead}`;
  }

  close(): void {
    this.testing = false;
    this.sock?.destroy();
  }

  // ---- receive -------------------------------------------------------------

  private rxRegion(): Buffer {
    if (this.rxStart === this.rxEnd) {
      this.rxStart = this.rxEnd = 0;
    } else if (this.rx.length - this.rxEnd < RX_MIN_FREE) {
      this.rx.copy(this.rx, 0, this.rxStart, this.rxEnd);
      this.rxEnd -= this.rxStart;
      this.rxStart = 0;
    }
    return this.rx.subarray(this.rxEnd);
  }

  private onRead(n: number): void {
    this.rxEnd += n;
    const b = this.rx;
    let off = this.rxStart;
    const end = this.rxEnd;
    while (end - off >= HEADER.size) {
      const len = (b[off + RESP_OFF.length]! << 8) | b[off + RESP_OFF.length + 1]!;
      if (len < HEADER.size) { this.fatal(`message with length ${len} at stream offset ${off}`); return; }
      if (off + len > end) break;
      const type = b[off + RESP_OFF.type]!;
      if (type === this.p.t.flowMod || type === this.p.t.packetOut) {
        if (this.testing && this.status === Status.Ready && this.p.isCounted(b, off, len)) this.counted();
        else if (this.status === Status.WaitTableMiss && type === this.p.t.flowMod) this.afterTableMiss();
      } else {
        this.control(type, off, len);
      }
      off += len;
    }
    this.rxStart = off;
    this.pump();
  }

  private counted(): void {
    this.count++;
    if (this.cfg.mode === 'latency' && this.inFlight > 0) this.hist.add((performance.now() - this.sentAt) * 1000);
    if (--this.inFlight < 0) this.inFlight = 0;
  }

  private control(type: number, off: number, len: number): void {
    const b = this.rx;
    const xid = b.readUInt32BE(off + HEADER.xid);
    const p = this.p;
    const t = p.t;
    switch (type) {
      case t.hello:
      case t.echoReply:
        break;
      case t.featuresRequest:
        this.send(setXid(p.featuresReply(this.dpid), xid));
        if (p.waitForTableMiss) this.waitTableMiss();
        else this.changeStatus(this.cfg.learnDstMacs ? Status.LearnDstMac : Status.Ready);
        break;
      case t.setConfig:
        if (len >= RESP_OFF.configMissSendLen + 2) {
          this.swConfigFlags = b.readUInt16BE(off + RESP_OFF.configFlags);
          this.swConfigMissSendLen = b.readUInt16BE(off + RESP_OFF.configMissSendLen);
        }
        break;
      case t.getConfigRequest:
        this.send(p.getConfigReply(xid, this.swConfigFlags, this.swConfigMissSendLen));
        this.unblockLatencyProbe();
        break;
      case t.experimenter:
        this.send(p.experimenterError(xid, Buffer.from(b.subarray(off, off + len))));
        this.unblockLatencyProbe();
        break;
      case t.echoRequest:
        this.send(p.echoReply(xid, Buffer.from(b.subarray(off + HEADER.size, off + len))));
        break;
      case t.barrierRequest:
        this.send(p.barrierReply(xid));
        break;
      case t.statsRequest: {
        const reply = len >= STATS_TYPE_OFF + 2 ? p.statsReply(b.readUInt16BE(off + STATS_TYPE_OFF), this.dpid) : null;
        if (reply !== null) {
          this.send(setXid(reply, xid));
          this.unblockLatencyProbe();
        }
        break;
      }
      default:
        if (!this.warned.has(type)) {
          this.warned.add(type);
          this.cfg.warn(`switch ${this.dpid}: ignoring OpenFlow message type ${type}`);
        }
    }
  }

  /**
   * OpenFlow 1.3: a switch sends a table miss to the controller only once a
   * flow says so, and controllers install that table-miss flow when the
   * switch comes up (after PORT_DESC), so packets sent before it would be
   * lost on a real switch and may be dropped by a controller still in its
   * handshake. Wait for the first FLOW_MOD, or TABLE_MISS_WAIT_MS.
   */
  private waitTableMiss(): void {
    this.status = Status.WaitTableMiss;
    setTimeout(() => {
      if (this.status !== Status.WaitTableMiss) return;
      this.cfg.warn(`switch ${this.dpid}: no FLOW_MOD within ${TABLE_MISS_WAIT_MS} ms of FEATURES_REPLY (no table-miss flow); probing anyway`);
      this.afterTableMiss();
    }, TABLE_MISS_WAIT_MS).unref();
  }

  private afterTableMiss(): void {
    this.changeStatus(this.cfg.learnDstMacs ? Status.LearnDstMac : Status.Ready);
  }

  /** cbench re-arms the latency probe when a controller asks for config/desc/vendor first (some block on it). */
  private unblockLatencyProbe(): void {
    if (this.cfg.mode === 'latency' && this.inFlight === 1) this.inFlight = 0;
  }

  private changeStatus(next: Status): void {
    if (this.cfg.delay === 0) {
      this.status = next;
      if (next === Status.Ready) this.inFlight = 0;
      this.pump();
      return;
    }
    this.status = Status.Waiting;
    this.nextStatus = next;
    setTimeout(() => {
      this.status = this.nextStatus;
      if (this.status === Status.Ready) this.inFlight = 0;
      this.pump();
    }, this.cfg.delay);
  }

  private fatal(why: string): void {
    this.closed = true;
    this.closeReason = why;
    this.close();
  }

  // ---- transmit --------------------------------------------------------------

  private send(b: Buffer): void {
    if (this.sock && !this.closed && !this.sock.write(b)) this.waitDrain = true;
  }

  /** Send what the state allows: the learning packet, then probes (latency: one in flight; throughput: until the socket pushes back). */
  private pump(): void {
    if (!this.testing || this.closed || this.sock === null) return;
    if (this.status === Status.LearnDstMac) {
      this.send(this.p.learnTemplate(this.dpid, this.xid++));
      this.changeStatus(Status.Ready);
      return;
    }
    if (this.status !== Status.Ready) return;
    if (this.cfg.mode === 'latency') {
      if (this.inFlight === 0) this.writeBatch();
      return;
    }
    for (let k = 0; k < BATCHES_PER_TURN; k++) {
      if (this.waitDrain || !this.writeBatch()) return; // 'drain' or a write callback resumes
    }
    this.schedulePump();
  }

  /** Pump again on the next event-loop turn (after pending reads), once. */
  private schedulePump(): void {
    if (this.pumpScheduled || this.waitDrain || !this.testing) return;
    this.pumpScheduled = true;
    setImmediate(this.scheduledPump);
  }

  /** Fill the next free slot with probes and write it; false when no slot is free. */
  private writeBatch(): boolean {
    const i = this.nextSlot;
    if (this.slotBusy[i]) return false;
    this.nextSlot = (i + 1) % SLOTS;
    const buf = this.slots[i]!;
    const n = this.perWrite;
    const size = this.p.probeSize;
    const o = this.p.off;
    const macs = this.cfg.macs;
    let xid = this.xid, bid = this.bufferId, mac = this.macIndex;
    for (let k = 0; k < n; k++) {
      patchProbeAt(buf, k * size, o, xid, bid, mac);
      xid = (xid + 1) >>> 0;
      bid = bid + 1 === NUM_BUFFER_IDS ? 0 : bid + 1;
      mac = mac + 1 === macs ? 0 : mac + 1;
    }
    this.xid = xid; this.bufferId = bid; this.macIndex = mac;
    this.inFlight += n;
    this.probesSent += n;
    this.slotBusy[i] = true;
    this.sentAt = performance.now();
    if (!this.sock!.write(buf, this.slotDone[i])) this.waitDrain = true;
    return true;
  }
}
