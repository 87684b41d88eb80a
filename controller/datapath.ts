/**
 * One switch connection: the socket, its framer and output buffers, the
 * handshake/liveness state, and the `Switch` handle apps send through.
 */
import type { Socket } from 'node:net';
import type { Switch } from './app.js';
import type { Logger } from './log.js';
import type { BusyPoller } from './busy-poll.js';
import { Framer, Output, attachUserBuffer, type FrameSink, type OutputOwner } from './connection.js';
import { startHandshake, handshakeMessage } from './handshake.js';
import { onPacketIn, type AppHooks, type Stats, type VersionTable } from './dispatch.js';
import { dpidHex } from './registry.js';
import { type FlowMod, flowModBound, packetOutBound, writeFlowMod, writePacketOut } from './flow-mod.js';
import type { PortInfo } from './ports.js';
import { NO_BUFFER, OFP10, OFP15, versionLabel } from './protocol.js';
import { portDescRequest15 } from '../codec/writers/of15.js';
import { OFPBRC, OFPET, OFPT } from '../codec/of10/enums.js';
import { OFPT as OFPT13 } from '../codec/of13/enums.js';
import type { PacketIn } from '../codec/views/types.js';
import { HEADER_SIZE, frameLength, frameXid } from '../codec/views/frame.js';
import { Echo10View, Error10View, FeaturesReply10View, FlowRemoved10View, PacketIn10View, PhyPort10View, PortStatus10View, packetInFrame10 } from '../codec/views/of10.js';
import { FlowRemoved15View, Port14View, PortStatus14View } from '../codec/views/of14.js';
import {
  Echo13View, Error13View, FeaturesReply13View, FlowRemoved13View, MultipartReply13View, PacketIn13View, Port13View, PortStatus13View,
  packetInFrame13,
} from '../codec/views/of13.js';
import { echoRequest10, featuresRequest10, flowModDeleteAll10, setConfig10 } from '../codec/writers/of10.js';
import {
  echoRequest13, featuresRequest13, flowModDeleteAll13, portDescRequest13, setConfig13,
} from '../codec/writers/of13.js';
import { echoReplyTo, errorFor, helloFailedFor, helloFor } from '../codec/writers/neutral.js';
import { ERROR_DATA_MAX } from '../codec/writers/of10.js';
import type { Echo } from '../codec/views/types.js';
import type { DecodeError } from '../codec/schema/errors.js';
import { encodeMessage } from '../codec/message.js';
import { RoleKeeper } from './role/keeper.js';
import { SlaveError, isStateChanging, type Role } from './role/role.js';
import { SwitchRequester } from './request/helpers.js';
import { FlowTable } from './request/flows.js';
import type { RequestLimits } from './request/pending.js';
import type { Reply, RequestOptions } from './request/requester.js';
import type { FlowFilter } from './request/helpers.js';
import type {
  AggregateStats, FlowStats, GroupDesc, GroupStats, MeterStats, PortStats, QueueConfig, QueueStats, RoleName, RoleReply, SwitchConfig, SwitchDesc, TableFeatures, TableStats,
} from './request/results.js';

export interface CoreConfig {
  /** Wire versions we speak, ascending. */
  readonly versions: readonly number[];
  readonly missSendLen: number;
  /** Pause reading from a peer whose unwritten output exceeds this many bytes. */
  readonly maxPendingOutput: number;
  readonly readBufferSize: number;
  readonly outputBufferSize: number;
  /** Role a new connection starts with, locally (default 'equal'; a cluster member starts as 'slave'). */
  readonly initialRole?: Role;
  /** Request/reply timeout and bounds (see request/pending.ts). */
  readonly requests: RequestLimits;
}

/** What a connection needs from the controller. */
export interface Core {
  readonly logger: Logger;
  readonly stats: Stats;
  readonly config: CoreConfig;
  readonly hooks: AppHooks;
  /** Milliseconds since the controller started, updated by its timer. */
  readonly now: number;
  /** Busy polling after reads (opt-in; see busy-poll.ts), or null. */
  readonly poller: BusyPoller | null;
  table(version: number): VersionTable;
  /** Observes request/reply round trips (set by the metrics; null: not timed). */
  readonly requestTimer?: { observe(kind: string, seconds: number, ok: boolean): void } | null;
  switchReady(dp: Datapath): void;
  connectionClosed(dp: Datapath, reason: string, wasUp: boolean): void;
  /** The role at a switch that is up changed (see role/keeper.ts). */
  roleChanged(dp: Datapath, role: Role, previous: Role, why: string): void;
}

export const S_HANDSHAKE = 0;
export const S_UP = 1;
export const S_CLOSED = 2;

/** Read and write buffer size while a connection is in the handshake. */
const HANDSHAKE_BUFFER = 4096;

/** OFPT_PACKET_IN: the same number in 1.0 and 1.3 (checked at load). */
const T_PACKET_IN = OFPT.PACKET_IN;
if (OFPT13.PACKET_IN !== T_PACKET_IN) throw new Error('controller: PACKET_IN differs between 1.0 and 1.3');

/** Types whose number is the same in 1.0 and 1.3 (checked at load), for the output counters. */
const T_HELLO = OFPT.HELLO;
const T_ERROR = OFPT.ERROR;
const T_ECHO_REQUEST = OFPT.ECHO_REQUEST;
const T_ECHO_REPLY = OFPT.ECHO_REPLY;
const T_FEATURES_REQUEST = OFPT.FEATURES_REQUEST;
const T_SET_CONFIG = OFPT.SET_CONFIG;
const T_PACKET_OUT = OFPT.PACKET_OUT;
const T_FLOW_MOD = OFPT.FLOW_MOD;
for (const k of ['HELLO', 'ERROR', 'ECHO_REQUEST', 'ECHO_REPLY', 'FEATURES_REQUEST', 'SET_CONFIG', 'PACKET_OUT', 'FLOW_MOD'] as const) {
  if (OFPT[k] !== OFPT13[k]) throw new Error(`controller: ${k} differs between 1.0 and 1.3`);
}

/**
 * How far ahead of the message being handled the warm pass runs, in bytes
 * of the read: 100 of cbench's PACKET_INs, whose prefetched buckets (6 KiB)
 * stay in the L1 cache until their turn, and whose misses (about 0.1 us each)
 * have 50 messages' handling to complete in.
 */
const WARM_AHEAD = 8192;
const NO_TABLE: VersionTable = { version: 0, handlers: [], minLen: new Uint16Array(256), maxType: 0, plainPacketIn: false };

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
  /** The codec views this connection re-points at each message (never re-created). */
  readonly v10 = {
    packetIn: new PacketIn10View(), echo: new Echo10View(), error: new Error10View(), features: new FeaturesReply10View(),
    portStatus: new PortStatus10View(), flowRemoved: new FlowRemoved10View(), port: new PhyPort10View(),
  };
  /** 1.3 views; they also read 1.4/1.5 PACKET_IN, ECHO, ERROR, FEATURES_REPLY, MULTIPART_REPLY and 1.4 FLOW_REMOVED (same layouts). */
  readonly v13 = {
    packetIn: new PacketIn13View(), echo: new Echo13View(), error: new Error13View(), features: new FeaturesReply13View(),
    portStatus: new PortStatus13View(), flowRemoved: new FlowRemoved13View(), multipart: new MultipartReply13View(), port: new Port13View(),
  };
  /** What 1.4/1.5 changed: ports with properties, PORT_STATUS carrying them, the 1.5 FLOW_REMOVED. */
  readonly v14 = { port: new Port14View(), portStatus: new PortStatus14View(), flowRemoved15: new FlowRemoved15View() };
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
  /** Date.now() when the switch came up (0 before). */
  upAt = 0;
  /**
   * Messages received and sent, by OpenFlow type number of this connection's
   * version: plain counters bumped in place (no allocation), read by the
   * metrics at scrape time (controller/metrics).
   */
  readonly rxByType = new Float64Array(256);
  readonly txByType = new Float64Array(256);
  /** Times reading paused because the peer did not read our output. */
  backpressurePauses = 0;
  /** Role requests and the role this controller holds at the switch (role/keeper.ts). */
  readonly roles: RoleKeeper;
  /** False while SLAVE: state-changing messages are refused (SlaveError). */
  writable: boolean;
  /** Requests awaiting replies (request/): fed by dispatch's answer types, emptied on close. */
  readonly requests: SwitchRequester;
  readonly flows: FlowTable;
  private tbl: VersionTable = NO_TABLE;
  private xid = 0;
  private inBatch = false;
  /** The warm pass of this read (see warmAhead): bytes of framer.buf it has offered, and where the read's bytes end (0: none to offer). */
  private warmedTo = 0;
  private warmEnd = 0;
  /** Apps still warming in this read, one bit each for the first 31 (apps after the 31st are always offered). */
  private warmWanted = 0;
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
    this.requests = new SwitchRequester(this, core.config.requests);
    this.flows = new FlowTable(this.requests);
    this.roles = new RoleKeeper(this, core.config.initialRole ?? 'equal');
    this.writable = this.roles.role !== 'slave';
  }

  /** The role this controller holds at the switch, as enforced here. */
  get role(): Role {
    return this.roles.role;
  }

  /** ROLE_REQUEST (OpenFlow 1.2+) with role tracking: see role/keeper.ts. */
  requestRole(role: Role | 'nochange', generationId = 0n, opts?: RequestOptions): Promise<RoleReply> {
    return this.roles.request(role, generationId, opts);
  }

  /** RoleHost: the raw ROLE_REQUEST through request/. */
  askRole(role: RoleName, generationId: bigint, opts?: RequestOptions): Promise<RoleReply> {
    return this.requests.role(role, generationId, opts);
  }

  /** RoleHost: the local role changed. */
  roleChanged(role: Role, previous: Role, why: string): void {
    this.writable = role !== 'slave';
    if (this.state === S_UP) this.core.roleChanged(this, role, previous, why);
  }

  private refuseWrite(what: string): never {
    throw new SlaveError(this.dpidHex, what);
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
    const poller = this.core.poller;
    if (poller !== null) poller.kick();
    const end = this.framer.filled + nread;
    const buf = this.framer.buf;
    // a warm pass only for reads of more than one message
    if (this.core.hooks.warm.length !== 0 && this.state === S_UP && end >= HEADER_SIZE && frameLength(buf, 0) < end) {
      const n = this.core.hooks.warm.length;
      this.warmWanted = n >= 31 ? -1 : (1 << n) - 1;
      this.warmedTo = 0;
      this.warmEnd = end;
      this.warmAhead(WARM_AHEAD);
    }
    try {
      this.framer.push(nread);
    } catch (e) {
      // the framer itself does not throw; this is a last line of defence
      this.fail(e);
    }
    this.warmEnd = 0;
    this.inBatch = false;
    this.out.flush();
    return !this.paused;
  }

  /**
   * Offer the packet of each complete PACKET_IN of this read, up to offset
   * `limit` of the read buffer, to the apps' warm hooks (see App.warm), a
   * window ahead of the message being handled: message() calls this again
   * when it gets within WARM_AHEAD / 2 of the end of what was offered. The
   * whole read at once (up to 256 KiB, 3000 PACKET_INs) pulled its buckets
   * into cache before the first was handled, and the reading and writing of
   * the batch evicted many of them again before their turn (profile at
   * 100,000 MACs: MacTable.set as costly as the warm pass itself). The frame
   * is located from the fixed offsets (and, on 1.3, the match length),
   * without binding a view: this pass must cost much less than the cache
   * misses it saves; dispatch validates as usual.
   */
  private warmAhead(limit: number): void {
    const buf = this.framer.buf;
    const end = this.warmEnd;
    if (buf.length < end) { // the buffer was handed back mid-read (connection closed): nothing left to warm
      this.warmEnd = 0;
      return;
    }
    const apps = this.core.hooks.warm;
    const version = this.version;
    const frameAt = version === OFP10 ? packetInFrame10 : packetInFrame13;
    let wanted = this.warmWanted;
    let off = this.warmedTo;
    let more = false; // stopped at the limit with messages left to offer
    try {
      while (end - off >= HEADER_SIZE) {
        if (off >= limit) {
          more = true;
          break;
        }
        const len = frameLength(buf, off);
        if (len < HEADER_SIZE || off + len > end) break;
        if (buf[off + 1] === T_PACKET_IN && buf[off] === version) {
          const f = frameAt(buf, off, len);
          if (f >= 0) {
            for (let i = 0; i < apps.length; i++) {
              const bit = i < 31 ? 1 << i : 0;
              if ((bit === 0 || (wanted & bit) !== 0) && apps[i]!.warm!(this, buf, f, off + len - f) === false) wanted &= ~bit;
            }
            if (wanted === 0) break;
          }
        }
        off += len;
      }
    } catch (e) {
      wanted = 0;
      this.fail(e); // warm is advisory: a failing hook costs the rest of this pass, never the messages
    }
    this.warmWanted = wanted;
    this.warmedTo = off;
    if (!more || wanted === 0) this.warmEnd = 0; // nothing more to offer in this read
  }

  // ------------------------------------------------------------------ FrameSink

  message(buf: Buffer, off: number, len: number): void {
    if (this.warmEnd !== 0 && off + WARM_AHEAD / 2 >= this.warmedTo) this.warmAhead(off + WARM_AHEAD);
    this.core.stats.messagesIn++;
    this.rxByType[buf[off + 1]!]!++;
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
      this.badMessage(OFPBRC.BAD_VERSION, buf, off, len);
      return;
    }
    // the common case, called directly (PACKET_IN has no minimum here: its view checks the length)
    if (type === T_PACKET_IN && t.plainPacketIn) {
      onPacketIn(this, buf, off, len);
      return;
    }
    if (len < t.minLen[type]!) {
      this.badMessage(OFPBRC.BAD_LEN, buf, off, len);
      return;
    }
    const h = t.handlers[type];
    if (h != null) h(this, buf, off, len);
    else if (type > t.maxType) this.badMessage(OFPBRC.BAD_TYPE, buf, off, len);
  }

  /** A header with length < 8: answer BAD_REQUEST/BAD_LEN with the bytes, then close (the stream cannot be framed again). */
  badFrame(buf: Buffer, off: number, avail: number): void {
    const len = frameLength(buf, off);
    this.core.stats.badMessages++;
    this.sendError(this.version || OFP10, frameXid(buf, off), OFPET.BAD_REQUEST, OFPBRC.BAD_LEN, buf, off, avail);
    this.close(`unframeable input: message length ${len} is less than the ${HEADER_SIZE}-byte header`);
  }

  /** Answer a message a codec view refused with the OpenFlow error the codec names (BAD_LEN for a short or malformed one). */
  refuse(e: DecodeError, buf: Buffer, off: number, len: number): void {
    this.core.stats.badMessages++;
    this.sendError(this.version, frameXid(buf, off), e.ofError.type, e.ofError.code, buf, off, len);
  }

  private badMessage(code: number, buf: Buffer, off: number, len: number): void {
    this.core.stats.badMessages++;
    this.sendError(this.version, frameXid(buf, off), OFPET.BAD_REQUEST, code, buf, off, len);
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
    this.upAt = Date.now();
    this.framer.resize(this.core.config.readBufferSize);
    this.out.resize(this.core.config.outputBufferSize);
    this.core.switchReady(this);
  }

  // ------------------------------------------------------------------ OutputOwner

  outputHigh(pending: number): void {
    this.paused = true;
    this.backpressurePauses++;
    this.core.stats.backpressurePauses++;
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

  /** Our HELLO: the highest version we speak, with a version bitmap of all of them. */
  writeHello(versions: readonly number[]): void {
    let bits = 0;
    for (const v of versions) bits |= 1 << v;
    const o = this.out;
    o.reserve(16);
    helloFor(o, Math.max(...versions), this.nextXid(), bits);
    this.txByType[T_HELLO]!++;
    this.wrote();
  }

  featuresRequest(): number {
    const o = this.out;
    const xid = this.nextXid();
    o.reserve(HEADER_SIZE);
    if (this.version === OFP10) featuresRequest10(o, xid);
    else featuresRequest13(o, xid, this.version);
    this.txByType[T_FEATURES_REQUEST]!++;
    this.wrote();
    return xid;
  }

  writeSetConfig(flags: number, missSendLen: number): void {
    const o = this.out;
    o.reserve(16);
    if (this.version === OFP10) setConfig10(o, this.nextXid(), flags, missSendLen);
    else setConfig13(o, this.nextXid(), flags, missSendLen, this.version);
    this.txByType[T_SET_CONFIG]!++;
    this.wrote();
  }

  writePortDescRequest(): number {
    const o = this.out;
    o.reserve(16);
    const xid = this.nextXid();
    if (this.version === OFP15) portDescRequest15(o, xid);
    else portDescRequest13(o, xid, this.version);
    this.txByType[OFPT13.MULTIPART_REQUEST]!++;
    this.wrote();
    return xid;
  }

  /** ERROR in `version` about src[srcOff, srcOff + dataLen) (at most ERROR_DATA_MAX bytes of it are sent). */
  sendError(version: number, xid: number, type: number, code: number, src: Buffer | null, srcOff: number, dataLen: number): void {
    const o = this.out;
    o.reserve(HEADER_SIZE + 4 + ERROR_DATA_MAX);
    errorFor(o, version, xid, type, code, src, srcOff, dataLen);
    this.txByType[T_ERROR]!++;
    this.core.stats.errorsSent++;
    this.wrote();
  }

  /** HELLO_FAILED with a text reason. */
  sendHelloFailed(version: number, code: number, text: Buffer): void {
    const o = this.out;
    o.reserve(HEADER_SIZE + 4 + text.length);
    helloFailedFor(o, version, 0, code, text);
    this.txByType[T_ERROR]!++;
    this.core.stats.errorsSent++;
    this.wrote();
  }

  /** Answer a bound ECHO_REQUEST view. */
  echoReply(req: Echo): void {
    const o = this.out;
    o.reserve(req.length);
    echoReplyTo(o, req);
    this.txByType[T_ECHO_REPLY]!++;
    this.wrote();
  }

  sendEchoRequest(): void {
    const o = this.out;
    o.reserve(HEADER_SIZE);
    if (this.version === OFP10) echoRequest10(o, this.nextXid());
    else echoRequest13(o, this.nextXid(), null, 0, 0, this.version);
    this.txByType[T_ECHO_REQUEST]!++;
    this.wrote();
  }

  /** FLOW_MOD DELETE of every flow (all tables, any output); returns its xid. */
  deleteAllFlows(): number {
    if (!this.writable) this.refuseWrite('FLOW_MOD');
    const o = this.out;
    o.reserve(64);
    const xid = this.nextXid();
    if (this.version === OFP10) flowModDeleteAll10(o, xid);
    else flowModDeleteAll13(o, xid, this.version);
    this.txByType[T_FLOW_MOD]!++;
    this.core.stats.flowMod++;
    this.wrote();
    return xid;
  }

  // ------------------------------------------------------------------ Switch API

  flowMod(fm: FlowMod): number {
    if (!this.writable) this.refuseWrite('FLOW_MOD');
    const o = this.out;
    o.reserve(flowModBound(fm));
    const xid = this.nextXid();
    writeFlowMod(o, this.version, xid, fm);
    this.txByType[T_FLOW_MOD]!++;
    this.core.stats.flowMod++;
    this.wrote();
    return xid;
  }

  packetOut(bufferId: number, inPort: number, outputs: readonly number[], n: number, data: Buffer | null, dataOff: number, dataLen: number): number {
    if (!this.writable) this.refuseWrite('PACKET_OUT');
    const o = this.out;
    if (data === null || bufferId !== NO_BUFFER) dataLen = 0;
    o.reserve(packetOutBound(n, dataLen));
    const xid = this.nextXid();
    writePacketOut(o, this.version, xid, bufferId, inPort, outputs, n, data, dataOff, dataLen);
    this.txByType[T_PACKET_OUT]!++;
    this.core.stats.packetOut++;
    this.wrote();
    return xid;
  }

  forward(pi: PacketIn, outPort: number): number {
    this.one[0] = outPort;
    return this.packetOut(pi.bufferId, pi.inPort32, this.one, 1, pi.buf, pi.dataOffset, pi.dataLength);
  }

  /** RequestLink: a request settled (see Core.requestTimer). */
  requestSettled(kind: string, seconds: number, ok: boolean): void {
    this.core.requestTimer?.observe(kind, seconds, ok);
  }

  // Request/reply (request/): each forwards to this switch's SwitchRequester.
  request(message: Readonly<Record<string, unknown>>, opts?: RequestOptions): Promise<Reply> {
    return this.requests.request(message, opts);
  }
  barrier(opts?: RequestOptions): Promise<void> {
    return this.requests.barrier(opts);
  }
  desc(opts?: RequestOptions): Promise<SwitchDesc> {
    return this.requests.desc(opts);
  }
  flowStats(filter?: FlowFilter, opts?: RequestOptions): Promise<FlowStats[]> {
    return this.requests.flowStats(filter, opts);
  }
  aggregateStats(filter?: FlowFilter, opts?: RequestOptions): Promise<AggregateStats> {
    return this.requests.aggregateStats(filter, opts);
  }
  portStats(port?: number, opts?: RequestOptions): Promise<PortStats[]> {
    return this.requests.portStats(port, opts);
  }
  tableStats(opts?: RequestOptions): Promise<TableStats[]> {
    return this.requests.tableStats(opts);
  }
  queueStats(port?: number, queueId?: number, opts?: RequestOptions): Promise<QueueStats[]> {
    return this.requests.queueStats(port, queueId, opts);
  }
  queueConfig(port?: number, queueId?: number, opts?: RequestOptions): Promise<QueueConfig[]> {
    return this.requests.queueConfig(port, queueId, opts);
  }
  groupStats(groupId?: number, opts?: RequestOptions): Promise<GroupStats[]> {
    return this.requests.groupStats(groupId, opts);
  }
  groupDesc(opts?: RequestOptions): Promise<GroupDesc[]> {
    return this.requests.groupDesc(opts);
  }
  meterStats(meterId?: number, opts?: RequestOptions): Promise<MeterStats[]> {
    return this.requests.meterStats(meterId, opts);
  }
  portDesc(opts?: RequestOptions): Promise<PortInfo[]> {
    return this.requests.portDesc(opts);
  }
  tableFeatures(opts?: RequestOptions): Promise<TableFeatures[]> {
    return this.requests.tableFeatures(opts);
  }
  getConfig(opts?: RequestOptions): Promise<SwitchConfig> {
    return this.requests.getConfig(opts);
  }

  send(bytes: Uint8Array): void {
    if (!this.writable) {
      // every message in the bytes: a state-changing one is refused (nothing is sent)
      for (let off = 0; off + HEADER_SIZE <= bytes.length;) {
        if (isStateChanging(bytes[off]!, bytes[off + 1]!)) this.refuseWrite(`message type ${bytes[off + 1]}`);
        const len = (bytes[off + 2]! << 8) | bytes[off + 3]!;
        if (len < HEADER_SIZE) break;
        off += len;
      }
    }
    const o = this.out;
    const p = o.reserve(bytes.length);
    o.buf.set(bytes, p);
    o.commit(bytes.length);
    // count each framed message of the bytes by type (not a hot path: apps' generic sends)
    for (let at = 0; at + HEADER_SIZE <= bytes.length; ) {
      this.txByType[bytes[at + 1]!]!++;
      const n = (bytes[at + 2]! << 8) | bytes[at + 3]!;
      if (n < HEADER_SIZE) break;
      at += n;
    }
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
    this.requests.closeAll(reason);
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
