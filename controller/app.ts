/**
 * The app API. An app is a plain object (or class instance) with any of the
 * handlers below; apps are called in registration order. Handlers run on the
 * connection's read path: the `PacketIn` view and any (buf, off, len) bytes
 * are only valid during the call (copy what you keep), and sends are written
 * into the switch's output buffer and flushed once per read batch.
 *
 * Built-in apps (learning-switch, hub) use nothing beyond this file and the
 * public codec (nodeflow/codec: e.g. the Ethernet readers for App.warm).
 */
import type { FlowMod } from './flow-mod.js';
import type { PortInfo } from './ports.js';
import type { PacketIn } from '../codec/views/types.js';
import type { Logger } from './log.js';
import type { OutBuffer } from '../codec/writers/out.js';
import type { FlowTable } from './request/flows.js';
import type { FlowFilter } from './request/helpers.js';
import type { Reply, RequestOptions } from './request/requester.js';
import type {
  AggregateStats, FlowStats, GroupDesc, GroupStats, MeterStats, PortStats, QueueConfig, QueueStats, RoleName, RoleReply, SwitchConfig, SwitchDesc, TableFeatures, TableStats,
} from './request/results.js';
import type { Role } from './role/role.js';

export type { FlowMod } from './flow-mod.js';
export type { Role } from './role/role.js';
export type { PortInfo } from './ports.js';
/** The PACKET_IN view (codec/views): valid during the packetIn call only. */
export type { PacketIn } from '../codec/views/types.js';

/** A connected switch, as apps see it (valid from switchUp to switchDown). */
export interface Switch {
  /** Datapath id, full 64 bits. */
  readonly dpid: bigint;
  /** 16 hex digits. */
  readonly dpidHex: string;
  /** Negotiated wire version (0x01 = 1.0, 0x04 = 1.3). */
  readonly version: number;
  readonly nBuffers: number;
  readonly nTables: number;
  readonly capabilities: number;
  /** Ports by version-neutral number, kept current from FEATURES_REPLY / PORT_DESC / PORT_STATUS. */
  readonly ports: ReadonlyMap<number, PortInfo>;
  readonly remoteAddress: string;
  /** True between switchUp and switchDown. */
  readonly up: boolean;
  /**
   * This controller's role at the switch (OpenFlow 1.2+ roles; 'equal' until
   * one is requested). While 'slave', flowMod, packetOut, forward,
   * deleteAllFlows and send/sendMessage of state-changing messages (FLOW_MOD,
   * PACKET_OUT, GROUP_MOD, PORT_MOD, TABLE_MOD, METER_MOD) throw SlaveError.
   * Messages written straight into `out` with the codec writers are not
   * checked: apps doing that must look at `role` themselves.
   */
  readonly role: Role;
  /**
   * Send ROLE_REQUEST (MASTER, SLAVE or EQUAL; 1.3+) with a generation id
   * (compared by the switch for MASTER and SLAVE; default 0) and track the
   * answer in `role`. Resolves with the switch's ROLE_REPLY; rejects like
   * any request (request/errors.ts): a stale generation id is an
   * OpenFlowError OFPET_ROLE_REQUEST_FAILED / OFPRRFC_STALE
   * (isStaleGeneration(e)), 1.0 an UnsupportedRequestError. SLAVE applies
   * locally at once; MASTER and EQUAL once the switch confirms.
   */
  requestRole(role: Role | 'nochange', generationId?: bigint, opts?: RequestOptions): Promise<RoleReply>;
  /**
   * The connection's output buffer: any codec/writers function (of10.ts,
   * of13.ts) can append messages to it. It is flushed after the current read
   * batch; call flush() when writing from elsewhere (timers, promises).
   */
  readonly out: OutBuffer;

  nextXid(): number;
  /** Send a FLOW_MOD described by a (reused) FlowMod object; returns its xid. */
  flowMod(fm: FlowMod): number;
  /**
   * Send a PACKET_OUT to outputs[0..n). With bufferId = NO_BUFFER the packet
   * is data[dataOff, dataOff + dataLen). Returns the xid.
   */
  packetOut(bufferId: number, inPort: number, outputs: readonly number[], n: number, data: Buffer | null, dataOff: number, dataLen: number): number;
  /** PACKET_OUT of a received packet to one port: by buffer_id when buffered, else with its data. */
  forward(pi: PacketIn, outPort: number): number;
  /** FLOW_MOD DELETE of every flow (1.3: in every table); returns its xid. */
  deleteAllFlows(): number;
  /**
   * Request/reply (controller/request/). `request` sends a message given in
   * the generic codec's value form (what `encodeMessage` takes; version and
   * xid are filled in) and resolves with the decoded reply of the same xid:
   * for STATS/MULTIPART requests all parts reassembled in order (`body` is
   * every part's entries), for messages without a reply of their own
   * (FLOW_MOD, GROUP_MOD, SET_CONFIG, PACKET_OUT...) null once a barrier sent
   * after them is answered with no error. Rejects with OpenFlowError (the
   * switch's OFPT_ERROR, type and code named), SwitchDisconnectedError,
   * RequestTimeoutError (default 10 s, per call `{ timeoutMs }`) or
   * TooManyRequestsError (more than 256 in flight to this switch, by default).
   * Usable from any async code, not only from handlers.
   */
  request(message: Readonly<Record<string, unknown>>, opts?: RequestOptions): Promise<Reply>;
  /** BARRIER_REQUEST: resolves once the switch has processed everything sent before it. */
  barrier(opts?: RequestOptions): Promise<void>;
  /** Typed requests, version-neutral results (request/results.ts). Kinds a version lacks reject with UnsupportedRequestError. */
  desc(opts?: RequestOptions): Promise<SwitchDesc>;
  flowStats(filter?: FlowFilter, opts?: RequestOptions): Promise<FlowStats[]>;
  aggregateStats(filter?: FlowFilter, opts?: RequestOptions): Promise<AggregateStats>;
  /** One port's counters, or every port's (default). */
  portStats(port?: number, opts?: RequestOptions): Promise<PortStats[]>;
  tableStats(opts?: RequestOptions): Promise<TableStats[]>;
  queueStats(port?: number, queueId?: number, opts?: RequestOptions): Promise<QueueStats[]>;
  /** The queues configured on a port, or on every port (default; 1.0 asks one port at a time). */
  queueConfig(port?: number, queueId?: number, opts?: RequestOptions): Promise<QueueConfig[]>;
  /** 1.3+. */
  groupStats(groupId?: number, opts?: RequestOptions): Promise<GroupStats[]>;
  /** 1.3+. */
  groupDesc(opts?: RequestOptions): Promise<GroupDesc[]>;
  /** 1.3+. */
  meterStats(meterId?: number, opts?: RequestOptions): Promise<MeterStats[]>;
  /** Every port's description (1.0: from a fresh FEATURES_REPLY). */
  portDesc(opts?: RequestOptions): Promise<PortInfo[]>;
  /** 1.3+: every table's features (switches send these in many parts). */
  tableFeatures(opts?: RequestOptions): Promise<TableFeatures[]>;
  getConfig(opts?: RequestOptions): Promise<SwitchConfig>;
  /** Flow-table management: add / modify / modifyStrict / delete / deleteStrict, each confirmed by a barrier, and apply (a batch, one barrier) (request/flows.ts). */
  readonly flows: FlowTable;
  /** Send one or more already encoded messages (bytes are copied). */
  send(bytes: Uint8Array): void;
  /** Encode with the generic codec (version defaults to the switch's, xid to a fresh one) and send; returns the xid. */
  sendMessage(value: Record<string, unknown>): number;
  /** Write buffered output now (sends from timers are flushed automatically on the next microtask). */
  flush(): void;
  /** Close the connection (apps then see switchDown). */
  close(reason?: string): void;
}

/** FLOW_REMOVED, read into a plain object (not a hot message). */
export interface FlowRemoved {
  readonly cookie: bigint;
  readonly priority: number;
  readonly reason: number;
  readonly tableId: number;
  readonly durationSec: number;
  readonly idleTimeout: number;
  readonly packetCount: bigint;
  readonly byteCount: bigint;
  /** The whole message (copied). */
  readonly bytes: Buffer;
}

/** OFPT_ERROR from a switch. */
export interface OfError {
  readonly type: number;
  readonly code: number;
  readonly xid: number;
  /** The error's data (copied). */
  readonly data: Buffer;
}

/** Handler for `ctl.on(version, type, handler)`: the raw message bytes, valid during the call. */
export type MessageHandler = (sw: Switch, buf: Buffer, off: number, len: number) => void;

/** What an app can reach of the controller. */
export interface ControllerApi {
  readonly logger: Logger;
  /** Switches that are up, by dpid. */
  readonly switches: ReadonlyMap<bigint, Switch>;
  /**
   * Handle every message of (wire version 0x01/0x04 or '1.0'/'1.3', type)
   * after the built-in handling. `type` is a number from the version's table
   * (`OFPT13.MULTIPART_REPLY`) or its name (`'OFPT_MULTIPART_REPLY'`). Call from start().
   */
  on(version: number | string, type: number | string, handler: MessageHandler): void;
  /**
   * Another app of this controller by its `name` (e.g. `ctl.app<Topology>('topology')`),
   * or undefined. Apps are all constructed before any start() runs, so this
   * works from start(); whether that app has started yet depends on the
   * order apps were given in (they start in that order).
   */
  app<T extends App = App>(name: string): T | undefined;
}

export interface App {
  /** How other apps find this one (`ctl.app(name)`) and how logs name it. */
  readonly name?: string;
  /**
   * Built-in apps (by name) this app needs registered before it, e.g.
   * `['topology']`. `nodeflow start` (loadApps) adds any that are missing,
   * ahead of this app; code that builds a Controller itself lists them.
   */
  readonly requires?: readonly string[];
  /** Called once, in order, before the controller listens. */
  start?(ctl: ControllerApi): void;
  /** Called on controller shutdown. */
  stop?(): void;
  /**
   * May be an async function (e.g. to await requests): a rejected promise is
   * logged as a handler failure, never left unhandled. The same holds for
   * switchDown, portStatus, flowRemoved and error.
   */
  switchUp?(sw: Switch): void;
  switchDown?(sw: Switch, reason: string): void;
  /** Return true to stop later apps from seeing this packet. */
  packetIn?(sw: Switch, pi: PacketIn): boolean | void;
  /**
   * Optional, for speed only: called for every PACKET_IN of a read batch,
   * in order, a window ahead of packetIn (about 8 KiB of the read: each
   * packet is offered before it reaches packetIn, which then follows as
   * usual), with the packet's bytes, frame[frameOff, frameOff + frameLen)
   * (not yet validated: the message is checked when it is handled). Touch
   * the memory packetIn will need for it (e.g. the hash bucket of its source
   * MAC) and do nothing else: no sends, no state changes. A big table's cache
   * misses then overlap across the window instead of stalling each packet in
   * turn (see MacTable.prefetch). Only called when a read holds more than one
   * message. Return false when there is nothing worth warming for this
   * switch now (e.g. a table small enough to stay in cache): the rest of
   * the read is then not offered to this app, and when no app wants it the
   * pass stops, so it costs nothing where it cannot help.
   */
  warm?(sw: Switch, frame: Buffer, frameOff: number, frameLen: number): boolean | void;
  /** reason: OFPPR_ADD 0, DELETE 1, MODIFY 2. `sw.ports` is already updated. */
  portStatus?(sw: Switch, reason: number, port: PortInfo): void;
  flowRemoved?(sw: Switch, fr: FlowRemoved): void;
  /** This controller's role at a switch changed (ROLE_REPLY, ROLE_STATUS, or a local step-down); `why` says which. */
  roleChanged?(sw: Switch, role: Role, previous: Role, why: string): void;
  error?(sw: Switch, err: OfError): void;
}

/** Options every app factory receives (from the command line or the embedding code). */
export interface AppOptions {
  idleTimeout: number;
  maxMacs: number;
  [key: string]: unknown;
}

/** A module exports an App, or a factory/class taking AppOptions, as `default` (or `app`/`createApp`). */
export type AppFactory = (opts: AppOptions) => App;
