/**
 * Dispatch after the handshake: one table per wire version, indexed by
 * message type, built once at start from the built-in handlers and the apps'
 * handlers. The per-message path is: version check, minimum-length check
 * (BAD_LEN), table lookup, call. No closures, strings or objects are made per
 * message; the PACKET_IN view is the connection's own, re-pointed by bind().
 */
import type { Datapath } from './datapath.js';
import * as S10 from '../codec/of10/schema.js';
import * as S13 from '../codec/of13/schema.js';
import type { App, FlowRemoved, MessageHandler, OfError, Switch } from './app.js';
import { readFeatures, readPortDesc } from './handshake.js';
import { portInfo } from './ports.js';
import { OFP10, OFP13, OFP14, OFP15, OFPPR_DELETE } from './protocol.js';
import { OFPT as T10 } from '../codec/of10/enums.js';
import { OFPT as T13 } from '../codec/of13/enums.js';
import { OFPT14 as T14, OFPT15 as T15 } from '../codec/of14/enums.js';
import type { ErrorMsg, PacketIn, PortStatus } from '../codec/views/types.js';
import { profileFor } from './request/versions.js';

export type Handler = (dp: Datapath, buf: Buffer, off: number, len: number) => void;

/** Message counters (plain number fields, bumped in place). */
export class Stats {
  messagesIn = 0;
  packetIn = 0;
  flowMod = 0;
  packetOut = 0;
  errorsSent = 0;
  badMessages = 0;
  connections = 0;
  /** Times reading from a switch paused because it did not read our output. */
  backpressurePauses = 0;
  /** Switches that completed the handshake. */
  switchesUp = 0;
  /** OFPT_ERROR messages received, by (wire version << 16) | OpenFlow error type (errors are rare: a Map is fine). */
  readonly errorsReceived = new Map<number, number>();
  /** Switches that went down, and connections that closed before the handshake finished, by close reason label (metrics/reasons.ts). */
  readonly disconnects = new Map<string, number>();
  readonly handshakeFailures = new Map<string, number>();
  /** Messages in and out of connections that closed, by wire version then type: totals stay monotonic. */
  readonly retiredRx = new Map<number, Float64Array>();
  readonly retiredTx = new Map<number, Float64Array>();
}

/** Add one to `key`'s count. */
export function bump<K>(m: Map<K, number>, key: K, by = 1): void {
  m.set(key, (m.get(key) ?? 0) + by);
}

/** Apps that define each typed handler, in registration order. */
export class AppHooks {
  readonly packetIn: App[] = [];
  readonly warm: App[] = [];
  readonly portStatus: App[] = [];
  readonly flowRemoved: App[] = [];
  readonly error: App[] = [];
  readonly switchUp: App[] = [];
  readonly switchDown: App[] = [];
  readonly roleChanged: App[] = [];
  constructor(apps: readonly App[]) {
    for (const a of apps) {
      if (typeof a.packetIn === 'function') this.packetIn.push(a);
      if (typeof a.warm === 'function') this.warm.push(a);
      if (typeof a.portStatus === 'function') this.portStatus.push(a);
      if (typeof a.flowRemoved === 'function') this.flowRemoved.push(a);
      if (typeof a.error === 'function') this.error.push(a);
      if (typeof a.switchUp === 'function') this.switchUp.push(a);
      if (typeof a.switchDown === 'function') this.switchDown.push(a);
      if (typeof a.roleChanged === 'function') this.roleChanged.push(a);
    }
  }
}

/** Per-version dispatch data. */
export interface VersionTable {
  readonly version: number;
  readonly handlers: (Handler | null)[];
  /** Smallest valid length of each message type (0 = no check). */
  readonly minLen: Uint16Array;
  readonly maxType: number;
  /**
   * True when PACKET_IN goes to the built-in handler alone (no `ctl.on` handler chained to it):
   * the connection then calls onPacketIn directly, a call V8 can inline, instead of through the table.
   */
  readonly plainPacketIn: boolean;
}

/** Log an async handler's rejection (it may await requests); never leave it unhandled. Not used on the PACKET_IN path. */
function watch(dp: Datapath, app: App, what: string, r: unknown): void {
  if (r instanceof Promise) {
    r.catch((e: unknown) => dp.core.logger.error('app handler failed', { app: app.name ?? '?', handler: what, dpid: dp.dpidHex, error: e instanceof Error ? (e.stack ?? e.message) : String(e) }));
  }
}

function onEchoRequest(dp: Datapath, buf: Buffer, off: number, len: number): void {
  const v = dp.version === OFP10 ? dp.v10.echo : dp.v13.echo;
  const e = v.bind(buf, off, len);
  if (e !== null) dp.refuse(e, buf, off, len);
  else dp.echoReply(v);
}

function onEchoReply(dp: Datapath): void {
  dp.echoPending = false;
}

function onHello(): void {
  // a repeated HELLO after the handshake carries nothing we act on
}

export function onPacketIn(dp: Datapath, buf: Buffer, off: number, len: number): void {
  dp.core.stats.packetIn++;
  const view: PacketIn = dp.version === OFP10 ? dp.v10.packetIn : dp.v13.packetIn;
  const e = view.bind(buf, off, len);
  if (e !== null) {
    dp.refuse(e, buf, off, len);
    return;
  }
  const apps = dp.core.hooks.packetIn;
  for (let i = 0; i < apps.length; i++) {
    if (apps[i]!.packetIn!(dp, view) === true) break;
  }
}

function onError(dp: Datapath, buf: Buffer, off: number, len: number): void {
  const v: ErrorMsg = dp.version === OFP10 ? dp.v10.error : dp.v13.error;
  const e = v.bind(buf, off, len);
  if (e !== null) {
    dp.refuse(e, buf, off, len);
    return;
  }
  const err: OfError = {
    type: v.errType,
    code: v.errCode,
    xid: v.xid,
    data: Buffer.from(buf.subarray(v.dataOffset, v.dataOffset + v.dataLength)),
  };
  bump(dp.core.stats.errorsReceived, (dp.version << 16) | err.type);
  dp.core.logger.warn('error from switch', { dpid: dp.dpidHex, type: err.type, code: err.code, xid: err.xid });
  const apps = dp.core.hooks.error;
  for (let i = 0; i < apps.length; i++) watch(dp, apps[i]!, 'error', apps[i]!.error!(dp, err));
}

function onPortStatus(dp: Datapath, buf: Buffer, off: number, len: number): void {
  const v: PortStatus = dp.version === OFP10 ? dp.v10.portStatus : dp.version === OFP13 ? dp.v13.portStatus : dp.v14.portStatus;
  const e = v.bind(buf, off, len);
  if (e !== null) {
    dp.refuse(e, buf, off, len);
    return;
  }
  const reason = v.reason;
  const port = portInfo(v.port, dp.version);
  if (reason === OFPPR_DELETE) dp.ports.delete(port.portNo);
  else dp.ports.set(port.portNo, port);
  dp.core.logger.info('port status', { dpid: dp.dpidHex, port: port.portNo, name: port.name, reason: ['add', 'delete', 'modify'][reason] ?? reason, down: port.down });
  const apps = dp.core.hooks.portStatus;
  for (let i = 0; i < apps.length; i++) watch(dp, apps[i]!, 'portStatus', apps[i]!.portStatus!(dp, reason, port));
}

function onFlowRemoved(dp: Datapath, buf: Buffer, off: number, len: number): void {
  const v = dp.version === OFP10 ? dp.v10.flowRemoved : dp.version === OFP15 ? dp.v14.flowRemoved15 : dp.v13.flowRemoved;
  const e = v.bind(buf, off, len);
  if (e !== null) {
    dp.refuse(e, buf, off, len);
    return;
  }
  const fr: FlowRemoved = {
    cookie: v.cookie, priority: v.priority, reason: v.reason, tableId: 'tableId' in v ? v.tableId : 0,
    durationSec: v.durationSec, idleTimeout: v.idleTimeout, packetCount: v.packetCount, byteCount: v.byteCount,
    bytes: Buffer.from(buf.subarray(off, off + v.length)),
  };
  const apps = dp.core.hooks.flowRemoved;
  for (let i = 0; i < apps.length; i++) watch(dp, apps[i]!, 'flowRemoved', apps[i]!.flowRemoved!(dp, fr));
}

/** ROLE_STATUS (OpenFlow 1.4+): role at offset 8. */
function onRoleStatus(dp: Datapath, buf: Buffer, off: number, len: number): void {
  dp.roles.onStatus(buf, off + 8, off + len);
}

/** Open vSwitch sends role changes to 1.3 controllers as an ONF experimenter message (ONFT_ROLE_STATUS, 1911). */
const ONF_EXPERIMENTER_ID = 0x4f4e4600;
const ONFT_ROLE_STATUS = 1911;
function onExperimenter13(dp: Datapath, buf: Buffer, off: number, len: number): void {
  if (len >= 32 && buf.readUInt32BE(off + 8) === ONF_EXPERIMENTER_ID && buf.readUInt32BE(off + 12) === ONFT_ROLE_STATUS) {
    dp.roles.onStatus(buf, off + 16, off + len);
  }
}

function onFeaturesReply(dp: Datapath, buf: Buffer, off: number, len: number): void {
  readFeatures(dp, buf, off, len);
}

function onMultipartReply13(dp: Datapath, buf: Buffer, off: number, len: number): void {
  readPortDesc(dp, buf, off, len);
}

/**
 * Smallest valid length of the types no view reads (0 = no check): VENDOR /
 * EXPERIMENTER, GET_CONFIG_REPLY and 1.0 STATS_REPLY, from the schema
 * structs' static sizes. Types with a view are checked by its bind.
 */
function minLengths(version: number): Uint16Array {
  const m = new Uint16Array(256);
  if (version === OFP10) {
    m[T10.GET_CONFIG_REPLY] = S10.ofp_switch_config.layout.size;
    m[T10.VENDOR] = S10.ofp_vendor_header.layout.size;
    m[T10.STATS_REPLY] = S10.ofp_stats_reply_header.layout.size;
  } else {
    m[T13.GET_CONFIG_REPLY] = S13.ofp_get_config_reply.layout.size;
    m[T13.EXPERIMENTER] = S13.ofp_experimenter_header.layout.size;
  }
  return m;
}

/**
 * Answer types (ERROR, BARRIER_REPLY, STATS/MULTIPART_REPLY, ...: see
 * request/versions.ts) go to the switch's pending requests after the
 * built-in handling, and only while a request is in flight. PACKET_IN is
 * never an answer type: its path is unchanged.
 */
function withRequests(first: Handler | null): Handler {
  return (dp, buf, off, len) => {
    if (first !== null) first(dp, buf, off, len);
    if (dp.requests.pending.size !== 0) dp.requests.answer(buf, off, len);
  };
}

function chain(first: Handler | null, h: MessageHandler): Handler {
  if (first === null) return h as Handler;
  return (dp, buf, off, len) => {
    first(dp, buf, off, len);
    h(dp as Switch, buf, off, len);
  };
}

/** Build the dispatch table for one version: built-in handlers, then the apps' `on` handlers. */
export function buildTable(version: number, extra: ReadonlyArray<{ version: number; type: number; handler: MessageHandler }>): VersionTable {
  const handlers: (Handler | null)[] = new Array<Handler | null>(256).fill(null);
  const T = version === OFP10 ? T10 : T13;
  handlers[T.HELLO] = onHello;
  handlers[T.ERROR] = onError;
  handlers[T.ECHO_REQUEST] = onEchoRequest;
  handlers[T.ECHO_REPLY] = onEchoReply;
  handlers[T.FEATURES_REPLY] = onFeaturesReply;
  handlers[T.PACKET_IN] = onPacketIn;
  handlers[T.FLOW_REMOVED] = onFlowRemoved;
  handlers[T.PORT_STATUS] = onPortStatus;
  if (version >= OFP13) handlers[T13.MULTIPART_REPLY] = onMultipartReply13;
  // role changes the switch made: Open vSwitch's ONF extension on 1.3, OFPT_ROLE_STATUS (type 30) on 1.4+
  if (version === OFP13) handlers[T13.EXPERIMENTER] = onExperimenter13;
  if (version >= 0x05) handlers[30] = onRoleStatus;
  const profile = profileFor(version);
  if (profile !== undefined) {
    for (const t of profile.answerTypes) {
      if (t === T.PACKET_IN) throw new Error('dispatch: PACKET_IN cannot be a request answer');
      handlers[t] = withRequests(handlers[t]!);
    }
  }
  for (const e of extra) if (e.version === version && e.type >= 0 && e.type < 256) handlers[e.type] = chain(handlers[e.type]!, e.handler);
  return {
    version,
    handlers,
    plainPacketIn: handlers[T.PACKET_IN] === onPacketIn,
    minLen: minLengths(version),
    maxType: version === OFP10 ? maxOf(T10) : version === OFP13 ? maxOf(T13) : version === OFP14 ? maxOf(T14) : version === OFP15 ? maxOf(T15) : 255,
  };
}

function maxOf(t: Readonly<Record<string, number>>): number {
  return Math.max(...Object.values(t));
}

export const BARRIER_REPLY: Readonly<Record<number, number>> = {
  [OFP10]: T10.BARRIER_REPLY, [OFP13]: T13.BARRIER_REPLY, [OFP14]: T14.BARRIER_REPLY, [OFP15]: T15.BARRIER_REPLY,
};
