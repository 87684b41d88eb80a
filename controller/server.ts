/**
 * The controller: a TCP server (default 0.0.0.0:6653, big listen backlog,
 * sockets accepted paused so reads can go into each connection's own buffer),
 * the registry of switches that are up, app hooks, the keepalive timer and a
 * periodic one-line summary.
 */
import net from 'node:net';
import type { App, ControllerApi, MessageHandler, Switch } from './app.js';
import { Logger } from './log.js';
import { BusyPoller } from './busy-poll.js';
import { Registry } from './registry.js';
import { Datapath, type Core, type CoreConfig } from './datapath.js';
import { AppHooks, Stats, buildTable, bump, type VersionTable } from './dispatch.js';
import { classifyCloseReason } from './metrics/reasons.js';
import { keepaliveTick, tickPeriod, type KeepaliveConfig } from './keepalive.js';
import { OFP10, OFP13, SPOKEN_VERSIONS, versionFromLabel, versionLabel } from './protocol.js';
import { AdmissionGate, type AdmissionOptions } from './admission/gate.js';
import { gateServer } from './admission/early.js';
import { TlsListener } from './tls/listener.js';
import type { TlsMaterial } from './tls/files.js';
import type { Role } from './role/role.js';
import { DEFAULT_REQUEST_LIMITS } from './request/pending.js';
import { ofpt } from '../codec/message-types.js';

export const DEFAULT_PORT = 6653;

export interface ControllerOptions {
  host?: string;
  /** 0 picks a free port (see `address()` after start). */
  port?: number;
  /** Wire versions to speak (default [0x01, 0x04]). */
  versions?: readonly number[];
  apps?: readonly App[];
  /** SET_CONFIG miss_send_len (default 128). */
  missSendLen?: number;
  /** Seconds without input before an ECHO_REQUEST (default 5). */
  echoInterval?: number;
  /** Seconds to wait for any answer after an ECHO_REQUEST (default 10). */
  echoTimeout?: number;
  /** Seconds a connection may take to finish the handshake (default 15). */
  handshakeTimeout?: number;
  /** Seconds between summary log lines; 0 turns them off (default 10). */
  summaryInterval?: number;
  logger?: Logger;
  /** listen() backlog (default 4096; the kernel may cap it). */
  backlog?: number;
  /** Pending output per connection before reading from it pauses (default 8 MiB; 4x that drops it). */
  maxPendingOutput?: number;
  /** Per-connection read buffer once a switch is up (default 256 KiB; grows for longer messages). Pages are touched only as far as reads fill them. */
  readBufferSize?: number;
  /** Per-connection output buffer size once a switch is up (default 256 KiB: fewer, larger socket writes). */
  outputBufferSize?: number;
  /** Keep polling for this many microseconds after each read instead of sleeping (default 0: off; see busy-poll.ts). */
  busyPollUs?: number;
  /** Admission control for new connections (defaults: ADMISSION_DEFAULTS in admission/gate.ts). */
  admission?: Partial<AdmissionOptions>;
  /** OpenFlow over TLS with mutual authentication (controller/tls), on its own port (default 6653, 0 = any). */
  tls?: { material: TlsMaterial; port?: number };
  /** Also serve plain TCP on `port` (default: true without `tls`, false with it). */
  plain?: boolean;
  /** Role each new connection starts with locally (default 'equal'; see role/). A cluster member starts as 'slave'. */
  initialRole?: Role;
  /** Default milliseconds a request waits for its reply, or for the next part of a multipart reply (default 10000; per call: `{ timeoutMs }`). */
  requestTimeoutMs?: number;
  /** Requests in flight per switch; more are refused with TooManyRequestsError before sending (default 256). */
  maxRequestsInFlight?: number;
  /** Bytes of multipart parts one request may collect before it fails (default 64 MiB). */
  maxReplyBytes?: number;
}

export class Controller implements Core, ControllerApi {
  readonly logger: Logger;
  readonly stats = new Stats();
  readonly config: CoreConfig;
  readonly keepalive: KeepaliveConfig;
  readonly registry = new Registry<Datapath>();
  /** Every open connection, up or still in the handshake. */
  readonly connections = new Set<Datapath>();
  readonly apps: readonly App[];
  hooks: AppHooks;
  /** Request/reply round trips go here when metrics are on (controller/metrics). */
  requestTimer: { observe(kind: string, seconds: number, ok: boolean): void } | null = null;
  now = 0;
  readonly poller: BusyPoller | null;
  readonly admission: AdmissionGate;
  private readonly t0 = Date.now();
  private readonly host: string;
  private readonly port: number;
  private readonly backlog: number;
  private readonly summaryMs: number;
  private readonly tables = new Map<number, VersionTable>();
  private readonly extra: { version: number; type: number; handler: MessageHandler }[] = [];
  private server: net.Server | null = null;
  private readonly tlsOpts: ControllerOptions['tls'];
  private readonly plain: boolean;
  /** The TLS listener when serving TLS (refusal counters in `tls.refusals`). */
  tls: TlsListener | null = null;
  private tickTimer: NodeJS.Timeout | null = null;
  private summaryTimer: NodeJS.Timeout | null = null;
  private nextId = 0;
  private last = { at: 0, packetIn: 0, flowMod: 0, packetOut: 0 };

  constructor(opts: ControllerOptions = {}) {
    this.logger = opts.logger ?? new Logger();
    const versions = [...new Set(opts.versions ?? [OFP10, OFP13])].sort((a, b) => a - b);
    for (const v of versions) if (!SPOKEN_VERSIONS.includes(v)) throw new RangeError(`unsupported OpenFlow wire version ${v}`);
    if (versions.length === 0) throw new RangeError('no OpenFlow version to speak');
    this.config = {
      versions,
      missSendLen: opts.missSendLen ?? 128,
      maxPendingOutput: opts.maxPendingOutput ?? 8 * 1024 * 1024,
      readBufferSize: opts.readBufferSize ?? 256 * 1024,
      outputBufferSize: opts.outputBufferSize ?? 256 * 1024,
      initialRole: opts.initialRole ?? 'equal',
      requests: {
        timeoutMs: opts.requestTimeoutMs ?? DEFAULT_REQUEST_LIMITS.timeoutMs,
        maxInFlight: opts.maxRequestsInFlight ?? DEFAULT_REQUEST_LIMITS.maxInFlight,
        maxReplyBytes: opts.maxReplyBytes ?? DEFAULT_REQUEST_LIMITS.maxReplyBytes,
      },
    };
    const rl = this.config.requests;
    if (!(rl.timeoutMs > 0 && rl.timeoutMs <= 0x7fffffff)) throw new RangeError(`requestTimeoutMs must be positive (got ${rl.timeoutMs})`);
    if (!(Number.isInteger(rl.maxInFlight) && rl.maxInFlight >= 1)) throw new RangeError(`maxRequestsInFlight must be an integer >= 1 (got ${rl.maxInFlight})`);
    if (!(rl.maxReplyBytes >= 65536)) throw new RangeError(`maxReplyBytes must be at least 65536 (got ${rl.maxReplyBytes})`);
    this.keepalive = {
      echoInterval: (opts.echoInterval ?? 5) * 1000,
      echoTimeout: (opts.echoTimeout ?? 10) * 1000,
      handshakeTimeout: (opts.handshakeTimeout ?? 15) * 1000,
      maxPendingOutput: this.config.maxPendingOutput,
    };
    this.host = opts.host ?? '0.0.0.0';
    this.port = opts.port ?? DEFAULT_PORT;
    this.backlog = opts.backlog ?? 4096;
    this.summaryMs = (opts.summaryInterval ?? 10) * 1000;
    this.apps = [...(opts.apps ?? [])];
    this.hooks = new AppHooks(this.apps);
    const us = opts.busyPollUs ?? 0;
    if (!(us >= 0 && us <= 1_000_000)) throw new RangeError(`busy poll window must be 0..1000000 us (got ${us})`);
    this.poller = us > 0 ? new BusyPoller(us) : null;
    this.admission = new AdmissionGate(opts.admission, (sock) => this.accept(sock), this.logger);
    this.tlsOpts = opts.tls;
    this.plain = opts.plain ?? opts.tls === undefined;
    if (!this.plain && this.tlsOpts === undefined) throw new RangeError('nothing to listen on: plain TCP is off and no TLS is configured');
  }

  /** Seconds since the controller was created. */
  uptimeSeconds(): number {
    return (Date.now() - this.t0) / 1000;
  }

  /** Switches that are up, by dpid (a live, read-only map). */
  get switches(): ReadonlyMap<bigint, Switch> {
    return this.registry.map;
  }

  on(version: number | string, type: number | string, handler: MessageHandler): void {
    const v = versionFromLabel(version);
    let t = type;
    if (typeof t === 'string') {
      // a type name of that version: 'OFPT_MULTIPART_REPLY' or 'MULTIPART_REPLY'
      const n = ofpt(v)?.[t.replace(/^OFPT_/, '')];
      if (n === undefined) throw new RangeError(`on(): ${t} is not a message type of OpenFlow ${versionLabel(v)}`);
      t = n;
    }
    this.extra.push({ version: v, type: t, handler });
    this.tables.clear();
    for (const dp of this.connections) dp.retable();
  }

  app<T extends App = App>(name: string): T | undefined {
    return this.apps.find((a) => a.name === name) as T | undefined;
  }

  table(version: number): VersionTable {
    let t = this.tables.get(version);
    if (t === undefined) {
      t = buildTable(version, this.extra);
      this.tables.set(version, t);
    }
    return t;
  }

  /** Start the apps, then listen. Resolves with the bound address. */
  async start(): Promise<{ host: string; port: number }> {
    for (const app of this.apps) if (app.start) await app.start(this);
    this.hooks = new AppHooks(this.apps);
    if (this.plain) {
      const server = net.createServer({ pauseOnConnect: true, noDelay: true });
      gateServer(server, this.admission);
      this.server = server;
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen({ host: this.host, port: this.port, backlog: this.backlog }, () => {
          server.off('error', reject);
          resolve();
        });
      });
      server.on('error', (err) => this.logger.error('server error', { error: err.message }));
    }
    if (this.tlsOpts !== undefined) {
      const t = new TlsListener({
        material: this.tlsOpts.material, host: this.host, port: this.tlsOpts.port ?? DEFAULT_PORT, backlog: this.backlog,
        handshakeTimeoutMs: this.keepalive.handshakeTimeout, logger: this.logger,
        // the same admission as plain TCP, on the raw socket before the TLS handshake; the slot covers that handshake too
        gate: this.admission,
        accept: (sock) => this.accept(sock),
      });
      try {
        await t.listen();
      } catch (e) {
        if (this.server) await new Promise((r) => this.server!.close(r));
        this.server = null;
        throw e;
      }
      this.tls = t;
    }
    this.tickTimer = setInterval(() => this.tick(), tickPeriod(this.keepalive));
    if (this.summaryMs > 0) {
      this.last = { at: Date.now(), packetIn: 0, flowMod: 0, packetOut: 0 };
      this.summaryTimer = setInterval(() => this.summary(), this.summaryMs);
    }
    return this.address();
  }

  /** The plain TCP address (the TLS one when only TLS is served). */
  address(): { host: string; port: number } {
    const a = this.server?.address();
    if (a && typeof a === 'object') return { host: a.address, port: a.port };
    if (!this.plain && this.tls) return this.tls.address();
    return { host: this.host, port: this.port };
  }

  /** The TLS address, or null without TLS. */
  tlsAddress(): { host: string; port: number } | null {
    return this.tls ? this.tls.address() : null;
  }

  /** Close every connection and the listener, then stop the apps. */
  async stop(): Promise<void> {
    if (this.tickTimer) clearInterval(this.tickTimer);
    if (this.summaryTimer) clearInterval(this.summaryTimer);
    this.tickTimer = this.summaryTimer = null;
    this.poller?.stop();
    this.admission.stop();
    const server = this.server;
    this.server = null;
    const t = this.tls;
    this.tls = null;
    const closed = Promise.all([
      server ? new Promise<void>((resolve) => server.close(() => resolve())) : Promise.resolve(),
      t ? t.close() : Promise.resolve(),
    ]);
    for (const dp of [...this.connections]) dp.close('controller shutting down');
    // give peers a moment to read what was flushed, then make sure everything is gone
    await Promise.race([closed, new Promise((r) => setTimeout(r, 500).unref())]);
    for (const dp of [...this.connections]) dp.socket.destroy();
    for (const app of [...this.apps].reverse()) if (app.stop) await app.stop();
  }

  private accept(sock: net.Socket): void {
    this.now = Date.now() - this.t0;
    const dp = new Datapath(this, sock, ++this.nextId);
    this.connections.add(dp);
    this.stats.connections++;
    this.logger.debug('connection', { conn: dp.remoteAddress });
    try {
      dp.start();
    } catch (e) {
      this.logger.error('could not start connection', { conn: dp.remoteAddress, error: e instanceof Error ? e.message : String(e) });
      dp.close('start failed');
      sock.destroy();
    }
  }

  switchReady(dp: Datapath): void {
    const old = this.registry.get(dp.dpid);
    if (old !== undefined && old !== dp) old.close(`replaced by a new connection from the same datapath (${dp.remoteAddress})`);
    this.registry.set(dp);
    this.admission.handshakeEnded();
    this.stats.switchesUp++;
    this.logger.info('switch up', {
      dpid: dp.dpidHex, version: versionLabel(dp.version), ports: dp.ports.size, conn: dp.remoteAddress,
      buffers: dp.nBuffers, tables: dp.nTables,
    });
    const apps = this.hooks.switchUp;
    for (let i = 0; i < apps.length; i++) {
      try {
        this.watch(apps[i]!, 'switchUp', apps[i]!.switchUp!(dp));
      } catch (e) {
        this.appFailed(apps[i]!, 'switchUp', e);
      }
    }
  }

  connectionClosed(dp: Datapath, reason: string, wasUp: boolean): void {
    this.connections.delete(dp);
    if (!wasUp) this.admission.handshakeEnded();
    this.retire(dp, reason, wasUp);
    if (wasUp && this.registry.delete(dp)) {
      this.logger.info('switch down', { dpid: dp.dpidHex, version: versionLabel(dp.version), conn: dp.remoteAddress, reason });
      const apps = this.hooks.switchDown;
      for (let i = 0; i < apps.length; i++) {
        try {
          this.watch(apps[i]!, 'switchDown', apps[i]!.switchDown!(dp, reason));
        } catch (e) {
          this.appFailed(apps[i]!, 'switchDown', e);
        }
      }
    } else {
      // A connection that never came up logs at debug: under a connection flood one line per failed handshake would
      // be a log flood (the admission gate warns with counts). A replaced switch's old connection stays at info.
      this.logger.log(wasUp ? 'info' : 'debug', 'connection closed', { conn: dp.remoteAddress, dpid: dp.dpidHex || undefined, reason });
    }
  }

  /** Keep a closing connection's counts in the controller's totals. */
  private retire(dp: Datapath, reason: string, wasUp: boolean): void {
    const s = this.stats;
    bump(wasUp ? s.disconnects : s.handshakeFailures, classifyCloseReason(reason));
    if (dp.version === 0) return;
    for (const [mine, all] of [[dp.rxByType, s.retiredRx], [dp.txByType, s.retiredTx]] as const) {
      let t = all.get(dp.version);
      if (t === undefined) all.set(dp.version, (t = new Float64Array(256)));
      for (let i = 0; i < 256; i++) t[i]! += mine[i]!;
    }
  }

  roleChanged(dp: Datapath, role: Role, previous: Role, why: string): void {
    this.logger.info('role changed', { dpid: dp.dpidHex, role, previous, why });
    const apps = this.hooks.roleChanged;
    for (let i = 0; i < apps.length; i++) {
      try {
        apps[i]!.roleChanged!(dp, role, previous, why);
      } catch (e) {
        this.appFailed(apps[i]!, 'roleChanged', e);
      }
    }
  }

  /** An async handler's rejection (a request that failed, say) is logged like a throw, never left unhandled. */
  private watch(app: App, what: string, r: unknown): void {
    if (r instanceof Promise) r.catch((e: unknown) => this.appFailed(app, what, e));
  }

  private appFailed(app: App, what: string, e: unknown): void {
    this.logger.error('app handler failed', { app: app.name ?? '?', handler: what, error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  }

  private tick(): void {
    this.now = Date.now() - this.t0;
    keepaliveTick(this.connections, this.now, this.keepalive);
  }

  private summary(): void {
    const t = Date.now();
    const s = this.stats;
    const dt = (t - this.last.at) / 1000 || 1;
    this.logger.info('summary', {
      switches: this.registry.size,
      connections: this.connections.size,
      'packet_in/s': Math.round((s.packetIn - this.last.packetIn) / dt),
      'flow_mod/s': Math.round((s.flowMod - this.last.flowMod) / dt),
      'packet_out/s': Math.round((s.packetOut - this.last.packetOut) / dt),
      // totals since start: a reader can difference any two lines exactly
      packet_in: s.packetIn,
      refused: this.admission.counts.refusedHandshakes + this.admission.counts.refusedRate + this.admission.counts.refusedGlobal,
    });
    this.last = { at: t, packetIn: s.packetIn, flowMod: s.flowMod, packetOut: s.packetOut };
  }
}
