/**
 * Views whose logic is the same in every version and only the layout
 * differs: ECHO, the port description (1.0 ofp_phy_port, 1.3 ofp_port) and
 * PORT_STATUS. Each version module (of10.ts, of13.ts) builds its layout from
 * its own schema and subclasses these with it, so the byte offsets still
 * come from the schema and a version's view is still its own class.
 */
import type { DecodeError } from '../schema/errors.js';
import type { StructDef } from '../schema/types.js';
import { PLACEHOLDER, checkMessage, fixedOf, fixedSize, offsetOf, sizeOf, type HeaderOffsets } from './common.js';
import { MessageView } from './view.js';
import type { Echo, PortDesc, PortStatus } from './types.js';
import { r16, r32 } from './bytes.js';

/** Where a version's messages are checked: its wire version and header layout. */
export interface Wire {
  readonly version: number;
  /** The highest version with the same layout (default: `version` only). */
  readonly maxVersion?: number;
  readonly H: HeaderOffsets;
}

/** These classes are bases: a version's subclass passes its layouts (a view made without them would read garbage). */
function needLayout(...parts: unknown[]): void {
  if (parts.some((p) => p === undefined || p === null)) throw new TypeError('views: a shared view needs its version\'s layout (use the Echo10View, PortStatus13View, ... subclasses)');
}

// ---- ECHO ---------------------------------------------------------------------------
export interface EchoLayout {
  readonly requestType: number;
  readonly replyType: number;
  /** Offset of the payload (the same in request and reply: checked by echoLayout). */
  readonly data: number;
}

export function echoLayout(request: StructDef, reply: StructDef): EchoLayout {
  const data = offsetOf(request, 'data');
  if (offsetOf(reply, 'data') !== data) throw new Error(`views: ${request.name}/${reply.name} layouts differ`);
  return { requestType: fixedOf(request, 'type'), replyType: fixedOf(reply, 'type'), data };
}

/** ECHO request or reply: a header and an opaque payload. */
export class EchoView extends MessageView implements Echo {
  /** `type`: the message type this view accepts (the request's by default). */
  constructor(private readonly wire: Wire, private readonly L: EchoLayout, readonly type: number = L.requestType) {
    super();
    needLayout(wire, L);
  }
  bind(buf: Buffer, off: number, len: number): DecodeError | null {
    const name = this.type === this.L.replyType ? 'ofp_echo_reply' : 'ofp_echo_request';
    const n = checkMessage(buf, off, len, this.wire.version, this.type, this.L.data, name, this.wire.H, this.wire.maxVersion);
    return typeof n === 'number' ? this.ok(buf, off, n) : this.fail(n);
  }
  get payloadOffset(): number { return this.offset + this.L.data; }
  get payloadLength(): number { return this.length - this.L.data; }
}

// ---- port description ------------------------------------------------------------------
export interface PortLayout {
  readonly size: number;
  readonly portNo: number;
  /** 2 (1.0) or 4 (1.3) bytes. */
  readonly portNoSize: number;
  readonly hwAddr: number;
  readonly name: number;
  readonly nameSize: number;
  readonly config: number;
  readonly state: number;
  readonly curr: number;
  readonly advertised: number;
  readonly supported: number;
  readonly peer: number;
}

/** The layout of a version's port struct; `size` is the spec's, checked against the schema. */
export function portLayout(def: StructDef, size: number): PortLayout {
  const portNoSize = sizeOf(def, 'port_no');
  if (portNoSize !== 2 && portNoSize !== 4) throw new Error(`views: ${def.name}.port_no is ${portNoSize} bytes`);
  return {
    size: fixedSize(def, size), portNo: offsetOf(def, 'port_no'), portNoSize, hwAddr: offsetOf(def, 'hw_addr'), name: offsetOf(def, 'name'),
    nameSize: sizeOf(def, 'name'), config: offsetOf(def, 'config'), state: offsetOf(def, 'state'), curr: offsetOf(def, 'curr'),
    advertised: offsetOf(def, 'advertised'), supported: offsetOf(def, 'supported'), peer: offsetOf(def, 'peer'),
  };
}

/**
 * A port description inside a message its parent view validated; re-pointed
 * by the parent (FEATURES_REPLY's port(i, view), PORT_STATUS's bind), never
 * bound on its own.
 */
export class PortView implements PortDesc {
  buf: Buffer = PLACEHOLDER;
  offset = 0;
  constructor(protected readonly L: PortLayout) {
    needLayout(L);
  }
  get portNo(): number { return this.L.portNoSize === 2 ? r16(this.buf, this.offset + this.L.portNo) : r32(this.buf, this.offset + this.L.portNo); }
  get hwAddrOffset(): number { return this.offset + this.L.hwAddr; }
  get nameOffset(): number { return this.offset + this.L.name; }
  /** Bytes of the name before its NUL terminator. */
  get nameLength(): number {
    const at = this.offset + this.L.name;
    let n = 0;
    while (n < this.L.nameSize && this.buf[at + n] !== 0) n++;
    return n;
  }
  get name(): string { return this.buf.toString('latin1', this.nameOffset, this.nameOffset + this.nameLength); }
  get config(): number { return r32(this.buf, this.offset + this.L.config); }
  get state(): number { return r32(this.buf, this.offset + this.L.state); }
  get curr(): number { return r32(this.buf, this.offset + this.L.curr); }
  get advertised(): number { return r32(this.buf, this.offset + this.L.advertised); }
  get supported(): number { return r32(this.buf, this.offset + this.L.supported); }
  get peer(): number { return r32(this.buf, this.offset + this.L.peer); }
}

// ---- PORT_STATUS -------------------------------------------------------------------------
export interface PortStatusLayout {
  readonly type: number;
  readonly reason: number;
  readonly desc: number;
  readonly size: number;
}

/** The layout of a version's PORT_STATUS; `size` is the spec's, checked against the schema (the port is its tail). */
export function portStatusLayout(def: StructDef, size: number, port: PortLayout): PortStatusLayout {
  const L = { type: fixedOf(def, 'type'), reason: offsetOf(def, 'reason'), desc: offsetOf(def, 'desc'), size: fixedSize(def, size) };
  if (L.desc + port.size !== L.size) throw new Error(`views: ${def.name} does not end with its ${port.size}-byte port`);
  return L;
}

/**
 * PORT_STATUS: a reason and one port description (a port view owned by this view). 1.0 and 1.3 use
 * it as it is (a fixed-size port); 1.4+ (views/of14.ts) overrides `bind` for its variable-size port
 * and inherits the rest.
 */
export class PortStatusView<P extends PortDesc & { buf: Buffer; offset: number }> extends MessageView implements PortStatus {
  constructor(protected readonly wire: Wire, protected readonly L: PortStatusLayout, protected readonly p: P) {
    super();
    needLayout(wire, L, p);
  }
  bind(buf: Buffer, off: number, len: number): DecodeError | null {
    const e = this.bindExact(buf, off, len, this.wire.version, this.L.type, this.L.size, 'ofp_port_status', this.wire.H);
    this.p.buf = e === null ? buf : PLACEHOLDER;
    this.p.offset = e === null ? off + this.L.desc : 0;
    return e;
  }
  get reason(): number { return this.buf[this.offset + this.L.reason]!; }
  /** The port description (a view owned by this view, re-pointed by bind). */
  get port(): P { return this.p; }
  get portNo(): number { return this.p.portNo; }
  get hwAddrOffset(): number { return this.p.hwAddrOffset; }
  get nameOffset(): number { return this.p.nameOffset; }
  get nameLength(): number { return this.p.nameLength; }
  get name(): string { return this.p.name; }
  get config(): number { return this.p.config; }
  get state(): number { return this.p.state; }
  get curr(): number { return this.p.curr; }
}
