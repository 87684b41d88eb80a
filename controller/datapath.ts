/**
 * One switch connection: the socket, its framer and output buffers, the
 * handshake/liveness state, and the `Switch` handle apps send through.
 */
import type { Socket } from 'node:net';
import type { Switch } from './app.js';
import type { Logger } from './log.js';
import { Framer, Output, attachUserBuffer, type FrameSink, type OutputOwner } from './connection.js';
import { startHandshake, handshakeMessage } from './handshake.js';
import type { AppHooks, Stats, VersionTable } from './dispatch.js';
import { dpidHex } from './registry.js';
import {
  type FlowMod, type PacketIn, type PortInfo, PacketInView, OFP10, OFP13, OFPT_ECHO_REQUEST, OFPT10_BARRIER_REQUEST, OFPT13_BARRIER_REQUEST,
  OFPET_BAD_REQUEST, OFPBRC_BAD_VERSION, OFPBRC_BAD_TYPE, NO_BUFFER,
  flowModSize, writeFlowMod, packetOutSize, writePacketOut, writeEmpty, writeHello, writeSetConfig, writePortDescRequest,
  writeError, writeEchoReply, versionLabel,
} from './wire.js';
import { encodeMessage } from '../codec/message.js';

export interface CoreConfig {
  /** Wire versions we speak, ascending. */
  readonly versions: readonly number[];
  readonly missSendLen: number;
  /** Pause reading from a peer whose unwritten output exceeds this many bytes. */
  readonly maxPendingOutput: number;
  readonly readBufferSize: number;
  readonly outputBufferSize: number;
}

/** What a connection needs from the controller. */
export interface Core {
  readonly logger: Logger;
  readonly stats: Stats;
  readonly config: CoreConfig;
  readonly hooks: AppHooks;
  /** Milliseconds since the controller started, updated by its timer. */
  readonly now: number;
  table(version: number): VersionTable;
  switchReady(dp: Datapath): void;
  connectionClosed(dp: Datapath, reason: string, wasUp: boolean): void;
}

export const S_HANDSHAKE = 0;
export const S_UP = 1;
export const S_CLOSED = 2;

/** Read and write buffer size while a connection is in the handshake. */
const HANDSHAKE_BUFFER = 4096;

const NO_TABLE: VersionTable = { version: 0, handlers: [], minLen: new Uint16Array(256), maxType: 0 };

export class Datapath implements Switch, FrameSink, OutputOwner {
  state = S_HANDSHAKE;
  version = 0;
  dpid = 0n;
  dpidHex = '';
  nBuffers = 0;
  nTables = 0;
  capabilities = 0;
  readonly ports = new Map<number, PortInfo>();
  readonly remoteAddress: string;
  readonly framer: Framer;
  readonly out: Output;
  readonly view = new PacketInView();
  /** Handshake progress. */
  featuresXid = 0;
  portDescXid = 0;
  featuresDone = false;
  portDescDone = false;
  readonly openedAt: number;
  /** Liveness (see keepalive.ts). */
  rxSeen = false;
  lastRx: number;
  echoPending = false;
  echoSentAt = 0;
  closeReason = '';
  private tbl: VersionTable = NO_TABLE;
  private xid = 0;
  private inBatch = false;
  private flushScheduled = false;
  private paused = false;
  private failures = 0;
  private readonly one: number[] = [0];
  private readonly onReadBound: (nread: number) => boolean;
  private readonly flushTask: () => void;

  constructor(readonly core: Core, readonly socket: Socket, readonly id: number) {
    this.remoteAddress = `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? '?'}`;
    // small buffers until the switch is up (many half-open connections stay cheap); see ready()
    this.framer = new Framer(this, HANDSHAKE_BUFFER);
    this.out = new Output(this, HANDSHAKE_BUFFER, core.config.maxPendingOutput);
    this.openedAt = this.lastRx = core.now;
    this.onReadBound = this.onRead.bind(this);
    this.flushTask = this.scheduledFlush.bind(this);
  }

  get up(): boolean {
    return this.state === S_UP;
  }

  /** Wire the socket and send HELLO. The socket must have been created paused. */
  start(): void {
    const s = this.socket;
    s.setNoDelay(true);
    this.out.attach(s);
    const framer = this.framer;
    const gen = () => framer.readTarget();
    if (!attachUserBuffer(s, gen, this.onReadBound)) {
      s.on('data', (chunk: Buffer) => {
        this.rxSeen = true;
        this.inBatch = true;
        try {
          framer.feed(chunk);
        } finally {
          this.inBatch = false;
        }
        this.out.flush();
      });
    }
    s.on('error', (err) => this.close(`socket error: ${err.message}`));
    s.on('end', () => this.close('peer closed the connection'));
    s.on('close', () => {
      this.close('connection closed');
      // nothing reads into or writes from these buffers any more
      this.framer.release();
      this.out.release();
    });
    startHandshake(this);
    this.out.flush();
    s.resume();
  }

  private onRead(nread: number): boolean {
    this.rxSeen = true;
    this.inBatch = true;
    try {
      this.framer.push(nread);
    } catch (e) {
      // the framer itself does not throw; this is a last line of defence
      this.fail(e);
    }
    this.inBatch = false;
    this.out.flush();
    return !this.paused;
  }

  // ------------------------------------------------------------------ FrameSink

  message(buf: Buffer, off: number, len: number): void {
    this.core.stats.messagesIn++;
    try {
      if (this.state === S_UP) this.dispatch(buf, off, len);
      else if (this.state === S_HANDSHAKE) handshakeMessage(this, buf, off, len);
    } catch (e) {
      this.fail(e);
    }
  }

  private dispatch(buf: Buffer, off: number, len: number): void {
    const t = this.tbl;
    const type = buf[off + 1]!;
    if (buf[off] !== this.version) {
      this.badMessage(OFPBRC_BAD_VERSION, buf, off, len);
      return;
    }
    if (len < t.minLen[type]!) {
      this.badMessage(6 /* OFPBRC_BAD_LEN */, buf, off, len);
      return;
    }
    const h = t.handlers[type];
    if (h != null) h(this, buf, off, len);
    else if (type > t.maxType) this.badMessage(OFPBRC_BAD_TYPE, buf, off, len);
  }

  /** A header with length < 8: answer BAD_REQUEST/BAD_LEN with the bytes, then close (the stream cannot be framed again). */
  badFrame(buf: Buffer, off: number, avail: number): void {
    const len = (buf[off + 2]! << 8) | buf[off + 3]!;
    this.core.stats.badMessages++;
    this.sendError(this.version || OFP10, buf.readUInt32BE(off + 4), OFPET_BAD_REQUEST, 6 /* OFPBRC_BAD_LEN */, buf, off, Math.min(avail, 64));
    this.close(`unframeable input: message length ${len} is less than the 8-byte header`);
  }

  private badMessage(code: number, buf: Buffer, off: number, len: number): void {
    this.core.stats.badMessages++;
    this.sendError(this.version, buf.readUInt32BE(off + 4), OFPET_BAD_REQUEST, code, buf, off, len < 64 ? len : 64);
  }

  private fail(e: unknown): void {
    this.failures++;
    if (this.failures <= 10 || this.failures % 1000 === 0) {
      this.core.logger.error('handler failed', {
        dpid: this.dpidHex || undefined, conn: this.remoteAddress, failures: this.failures,
        error: e instanceof Error ? (e.stack ?? e.message) : String(e),
      });
    }
  }

  // ------------------------------------------------------------------ handshake support

  negotiated(version: number): void {
    this.version = version;
    this.tbl = this.core.table(version);
    this.ports.clear();
  }

  /** Pick up a rebuilt dispatch table (after ControllerApi.on). */
  retable(): void {
    if (this.version !== 0) this.tbl = this.core.table(this.version);
  }

  setFeatures(dpid: bigint, nBuffers: number, nTables: number, capabilities: number): void {
    if (this.state === S_UP && dpid !== this.dpid) {
      this.core.logger.warn('switch reported a different datapath id; ignored', { dpid: this.dpidHex, reported: dpidHex(dpid) });
      return;
    }
    this.dpid = dpid;
    this.dpidHex = dpidHex(dpid);
    this.nBuffers = nBuffers;
    this.nTables = nTables;
    this.capabilities = capabilities;
  }

  ready(): void {
    if (this.state !== S_HANDSHAKE) return;
    this.state = S_UP;
    this.framer.resize(this.core.config.readBufferSize);
    this.out.resize(this.core.config.outputBufferSize);
    this.core.switchReady(this);
  }

  // ------------------------------------------------------------------ OutputOwner

  outputHigh(pending: number): void {
    this.paused = true;
    this.socket.pause();
    this.core.logger.warn('peer is not reading; pausing input', { dpid: this.dpidHex || undefined, conn: this.remoteAddress, pending });
  }

  outputLow(): void {
    if (!this.paused) return;
    this.paused = false;
    if (this.state !== S_CLOSED) this.socket.resume();
  }

  // ------------------------------------------------------------------ writing

  nextXid(): number {
    this.xid = (this.xid + 1) >>> 0;
    if (this.xid === 0) this.xid = 1;
    return this.xid;
  }

  private wrote(): void {
    if (!this.inBatch && !this.flushScheduled) {
      this.flushScheduled = true;
      queueMicrotask(this.flushTask);
    }
  }

  private scheduledFlush(): void {
    this.flushScheduled = false;
    this.out.flush();
  }

  writeHello(version: number, versions: readonly number[]): void {
    const o = this.out;
    const p = o.reserve(16);
    o.commit(writeHello(o.buf, p, version, this.nextXid(), versions));
    this.wrote();
  }

  writeEmpty(type: number): number {
    const o = this.out;
    const p = o.reserve(8);
    const xid = this.nextXid();
    o.commit(writeEmpty(o.buf, p, this.version, type, xid));
    this.wrote();
    return xid;
  }

  writeSetConfig(flags: number, missSendLen: number): void {
    const o = this.out;
    const p = o.reserve(12);
    o.commit(writeSetConfig(o.buf, p, this.version, this.nextXid(), flags, missSendLen));
    this.wrote();
  }

  writePortDescRequest(): number {
    const o = this.out;
    const p = o.reserve(16);
    const xid = this.nextXid();
    o.commit(writePortDescRequest(o.buf, p, xid));
    this.wrote();
    return xid;
  }

  sendError(version: number, xid: number, type: number, code: number, src: Buffer | null, srcOff: number, dataLen: number): void {
    const o = this.out;
    const p = o.reserve(12 + dataLen);
    o.commit(writeError(o.buf, p, version, xid, type, code, src, srcOff, dataLen));
    this.core.stats.errorsSent++;
    this.wrote();
  }

  echoReply(buf: Buffer, off: number, len: number): void {
    const o = this.out;
    const p = o.reserve(len);
    o.commit(writeEchoReply(o.buf, p, this.version, buf, off, len));
    this.wrote();
  }

  sendEchoRequest(): void {
    this.writeEmpty(OFPT_ECHO_REQUEST);
  }

  // ------------------------------------------------------------------ Switch API

  flowMod(fm: FlowMod): number {
    const o = this.out;
    const v = this.version;
    const p = o.reserve(flowModSize(v, fm));
    const xid = this.nextXid();
    o.commit(writeFlowMod(o.buf, p, v, xid, fm));
    this.core.stats.flowMod++;
    this.wrote();
    return xid;
  }

  packetOut(bufferId: number, inPort: number, outputs: readonly number[], n: number, data: Buffer | null, dataOff: number, dataLen: number): number {
    const o = this.out;
    const v = this.version;
    if (data === null || bufferId !== NO_BUFFER) dataLen = 0;
    const p = o.reserve(packetOutSize(v, n, dataLen));
    const xid = this.nextXid();
    o.commit(writePacketOut(o.buf, p, v, xid, bufferId, inPort, outputs, n, data, dataOff, dataLen));
    this.core.stats.packetOut++;
    this.wrote();
    return xid;
  }

  forward(pi: PacketIn, outPort: number): number {
    this.one[0] = outPort;
    return this.packetOut(pi.bufferId, pi.inPort, this.one, 1, pi.buf, pi.dataOffset, pi.dataLength);
  }

  barrier(): number {
    return this.writeEmpty(this.version === OFP13 ? OFPT13_BARRIER_REQUEST : OFPT10_BARRIER_REQUEST);
  }

  send(bytes: Uint8Array): void {
    const o = this.out;
    const p = o.reserve(bytes.length);
    o.buf.set(bytes, p);
    o.commit(bytes.length);
    this.wrote();
  }

  sendMessage(value: Record<string, unknown>): number {
    const xid = typeof value['xid'] === 'number' ? (value['xid'] as number) : this.nextXid();
    const bytes = encodeMessage({ version: this.version, ...value, xid });
    this.send(bytes);
    return xid;
  }

  flush(): void {
    this.out.flush();
  }

  close(reason = 'closed by the controller'): void {
    if (this.state === S_CLOSED) return;
    const wasUp = this.state === S_UP;
    this.state = S_CLOSED;
    this.closeReason = reason;
    this.framer.stop();
    this.out.flush();
    const s = this.socket;
    if (!s.destroyed) {
      s.end();
      // do not wait forever for a peer that never closes its side
      setTimeout(() => s.destroy(), 1000).unref();
    }
    this.core.connectionClosed(this, reason, wasUp);
  }

  /** Label for logs. */
  describe(): string {
    return `${this.dpidHex || '?'} (OpenFlow ${versionLabel(this.version)}, ${this.remoteAddress})`;
  }
}
