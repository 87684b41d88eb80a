/**
 * Dispatch after the handshake: one table per wire version, indexed by
 * message type, built once at start from the built-in handlers and the apps'
 * handlers. The per-message path is: version check, minimum-length check
 * (BAD_LEN), table lookup, call. No closures, strings or objects are made per
 * message; the PACKET_IN view is the connection's own, re-pointed by bind().
 */
import type { Datapath } from './datapath.js';
import type { App, FlowRemoved, MessageHandler, OfError, Switch } from './app.js';
import { readFeatures, readPortDesc } from './handshake.js';
import {
  OFP10, OFP13, OFPT_HELLO, OFPT_ERROR, OFPT_ECHO_REQUEST, OFPT_ECHO_REPLY, OFPT_VENDOR, OFPT_FEATURES_REPLY,
  OFPT_GET_CONFIG_REPLY, OFPT_PACKET_IN, OFPT_FLOW_REMOVED, OFPT_PORT_STATUS, OFPT10_STATS_REPLY, OFPT13_MULTIPART_REPLY,
  OFPT10_BARRIER_REPLY, OFPT13_BARRIER_REPLY, OFPT10_MAX, OFPT13_MAX, OFPET_BAD_REQUEST, OFPBRC_BAD_LEN, OFPPR_DELETE,
  readPort, portDescSize,
} from './wire.js';

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
}

/** Apps that define each typed handler, in registration order. */
export class AppHooks {
  readonly packetIn: App[] = [];
  readonly portStatus: App[] = [];
  readonly flowRemoved: App[] = [];
  readonly error: App[] = [];
  readonly switchUp: App[] = [];
  readonly switchDown: App[] = [];
  constructor(apps: readonly App[]) {
    for (const a of apps) {
      if (typeof a.packetIn === 'function') this.packetIn.push(a);
      if (typeof a.portStatus === 'function') this.portStatus.push(a);
      if (typeof a.flowRemoved === 'function') this.flowRemoved.push(a);
      if (typeof a.error === 'function') this.error.push(a);
      if (typeof a.switchUp === 'function') this.switchUp.push(a);
      if (typeof a.switchDown === 'function') this.switchDown.push(a);
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
}

function badLen(dp: Datapath, buf: Buffer, off: number, len: number): void {
  dp.sendError(dp.version, buf.readUInt32BE(off + 4), OFPET_BAD_REQUEST, OFPBRC_BAD_LEN, buf, off, len < 64 ? len : 64);
}

function onEchoRequest(dp: Datapath, buf: Buffer, off: number, len: number): void {
  dp.echoReply(buf, off, len);
}

function onEchoReply(dp: Datapath): void {
  dp.echoPending = false;
}

function onHello(): void {
  // a repeated HELLO after the handshake carries nothing we act on
}

function onPacketIn(dp: Datapath, buf: Buffer, off: number, len: number): void {
  dp.core.stats.packetIn++;
  const view = dp.view;
  if (!view.bind(buf, off, len, dp.version)) {
    badLen(dp, buf, off, len);
    return;
  }
  const apps = dp.core.hooks.packetIn;
  for (let i = 0; i < apps.length; i++) {
    if (apps[i]!.packetIn!(dp, view) === true) break;
  }
}

function onError(dp: Datapath, buf: Buffer, off: number, len: number): void {
  const err: OfError = {
    type: buf.readUInt16BE(off + 8),
    code: buf.readUInt16BE(off + 10),
    xid: buf.readUInt32BE(off + 4),
    data: Buffer.from(buf.subarray(off + 12, off + len)),
  };
  dp.core.logger.warn('error from switch', { dpid: dp.dpidHex, type: err.type, code: err.code, xid: err.xid });
  const apps = dp.core.hooks.error;
  for (let i = 0; i < apps.length; i++) apps[i]!.error!(dp, err);
}

function onPortStatus(dp: Datapath, buf: Buffer, off: number, len: number): void {
  if (len < 16 + portDescSize(dp.version)) {
    badLen(dp, buf, off, len);
    return;
  }
  const reason = buf[off + 8]!;
  const port = readPort(buf, off + 16, dp.version);
  if (reason === OFPPR_DELETE) dp.ports.delete(port.portNo);
  else dp.ports.set(port.portNo, port);
  dp.core.logger.info('port status', { dpid: dp.dpidHex, port: port.portNo, name: port.name, reason: ['add', 'delete', 'modify'][reason] ?? reason, down: port.down });
  const apps = dp.core.hooks.portStatus;
  for (let i = 0; i < apps.length; i++) apps[i]!.portStatus!(dp, reason, port);
}

function onFlowRemoved(dp: Datapath, buf: Buffer, off: number, len: number): void {
  let fr: FlowRemoved;
  const bytes = Buffer.from(buf.subarray(off, off + len));
  if (dp.version === OFP10) {
    fr = {
      cookie: buf.readBigUInt64BE(off + 48), priority: buf.readUInt16BE(off + 56), reason: buf[off + 58]!, tableId: 0,
      durationSec: buf.readUInt32BE(off + 60), idleTimeout: buf.readUInt16BE(off + 68),
      packetCount: buf.readBigUInt64BE(off + 72), byteCount: buf.readBigUInt64BE(off + 80), bytes,
    };
  } else {
    fr = {
      cookie: buf.readBigUInt64BE(off + 8), priority: buf.readUInt16BE(off + 16), reason: buf[off + 18]!, tableId: buf[off + 19]!,
      durationSec: buf.readUInt32BE(off + 20), idleTimeout: buf.readUInt16BE(off + 28),
      packetCount: buf.readBigUInt64BE(off + 32), byteCount: buf.readBigUInt64BE(off + 40), bytes,
    };
  }
  const apps = dp.core.hooks.flowRemoved;
  for (let i = 0; i < apps.length; i++) apps[i]!.flowRemoved!(dp, fr);
}

function onFeaturesReply(dp: Datapath, buf: Buffer, off: number, len: number): void {
  readFeatures(dp, buf, off, len);
}

function onMultipartReply13(dp: Datapath, buf: Buffer, off: number, len: number): void {
  readPortDesc(dp, buf, off, len);
}

function minLengths(version: number): Uint16Array {
  const m = new Uint16Array(256);
  m[OFPT_ERROR] = 12;
  m[OFPT_FEATURES_REPLY] = 32;
  m[OFPT_GET_CONFIG_REPLY] = 12;
  if (version === OFP10) {
    m[OFPT_VENDOR] = 12;
    m[OFPT_PACKET_IN] = 18;
    m[OFPT_FLOW_REMOVED] = 88;
    m[OFPT_PORT_STATUS] = 64;
    m[OFPT10_STATS_REPLY] = 12;
  } else {
    m[OFPT_VENDOR] = 16;
    m[OFPT_PACKET_IN] = 34;
    m[OFPT_FLOW_REMOVED] = 56;
    m[OFPT_PORT_STATUS] = 80;
    m[OFPT13_MULTIPART_REPLY] = 16;
  }
  return m;
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
  handlers[OFPT_HELLO] = onHello;
  handlers[OFPT_ERROR] = onError;
  handlers[OFPT_ECHO_REQUEST] = onEchoRequest;
  handlers[OFPT_ECHO_REPLY] = onEchoReply;
  handlers[OFPT_FEATURES_REPLY] = onFeaturesReply;
  handlers[OFPT_PACKET_IN] = onPacketIn;
  handlers[OFPT_FLOW_REMOVED] = onFlowRemoved;
  handlers[OFPT_PORT_STATUS] = onPortStatus;
  if (version === OFP13) handlers[OFPT13_MULTIPART_REPLY] = onMultipartReply13;
  for (const e of extra) if (e.version === version && e.type >= 0 && e.type < 256) handlers[e.type] = chain(handlers[e.type]!, e.handler);
  return {
    version,
    handlers,
    minLen: minLengths(version),
    maxType: version === OFP10 ? OFPT10_MAX : version === OFP13 ? OFPT13_MAX : 255,
  };
}

export const BARRIER_REPLY: Readonly<Record<number, number>> = { [OFP10]: OFPT10_BARRIER_REPLY, [OFP13]: OFPT13_BARRIER_REPLY };
