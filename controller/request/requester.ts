/**
 * `sw.request(message)` for one switch: encode the codec's value form in the
 * switch's version with a fresh xid, file it in the pending table, send it
 * (followed by a BARRIER_REQUEST when the message has no reply of its own)
 * and hand back a promise of the decoded reply. See pending.ts for how it
 * settles and the bounds.
 */
import { encodeMessage, type Message } from '../../codec/message.js';
import { CodecError } from '../../codec/schema/errors.js';
import { BadRequestValueError, RequestError, SwitchDisconnectedError, TooManyRequestsError } from './errors.js';
import { PendingTable, type Entry, type RequestLimits } from './pending.js';
import { profileFor, type StatsKind, type VersionProfile } from './versions.js';

/** What the requester needs from a connection (Datapath implements it). */
export interface RequestLink {
  readonly version: number;
  readonly up: boolean;
  readonly closeReason: string;
  nextXid(): number;
  /** Append encoded bytes to the output (flushed with the batch or on the next microtask). */
  send(bytes: Uint8Array): void;
}

export interface RequestOptions {
  /** Milliseconds to wait for the reply (or each multipart part); default: the controller's requestTimeoutMs. */
  readonly timeoutMs?: number;
}

/** A reply in the codec's value form; null for messages acknowledged by a barrier (FLOW_MOD, GROUP_MOD...). */
export type Reply = Message | null;

/** A request for a kind this version does not have (groups on 1.0, roles on 1.0...). */
export class UnsupportedRequestError extends RequestError {
  constructor(what: string, label: string) {
    super('ERR_UNSUPPORTED', `${what} does not exist in OpenFlow ${label}`, 0);
  }
}

export class Requester {
  readonly pending: PendingTable;

  constructor(private readonly link: RequestLink, limits: RequestLimits) {
    this.pending = new PendingTable(limits);
  }

  /** The negotiated version's profile (throws for a version request/reply has no table entry for). */
  profile(): VersionProfile {
    const p = profileFor(this.link.version);
    if (p === undefined) throw new UnsupportedRequestError('request/reply', `wire version ${this.link.version}`);
    return p;
  }

  request(message: Readonly<Record<string, unknown>>, opts: RequestOptions = {}): Promise<Reply> {
    try {
      return this.start(message, opts);
    } catch (e) {
      return Promise.reject(e instanceof Error ? e : new Error(String(e)));
    }
  }

  private start(message: Readonly<Record<string, unknown>>, opts: RequestOptions): Promise<Reply> {
    const link = this.link;
    if (!link.up) throw new SwitchDisconnectedError(0, link.closeReason || 'the switch is not up');
    const p = this.profile();
    const pending = this.pending;
    if (pending.full) throw new TooManyRequestsError(pending.limits.maxInFlight);
    const type = typeNumber(p, message['type']);
    const given = message['xid'];
    const xid = typeof given === 'number' ? given >>> 0 : link.nextXid();
    if (pending.has(xid)) throw new BadRequestValueError(`xid ${xid} is already in flight`);
    const bytes = encode({ ...message, version: p.wire, xid });
    const replyType = p.replyOf.get(type) ?? -1;
    let barrier: Buffer | null = null;
    let barrierXid = 0;
    if (replyType === -1) {
      barrierXid = link.nextXid();
      barrier = encode({ version: p.wire, type: p.type['BARRIER_REQUEST'], xid: barrierXid });
    }
    const timeoutMs = opts.timeoutMs ?? pending.limits.timeoutMs;
    if (!(timeoutMs > 0 && timeoutMs <= 0x7fffffff)) throw new RangeError(`timeoutMs must be a positive number of milliseconds (got ${timeoutMs})`);
    return new Promise<Reply>((resolve, reject) => {
      const e: Entry = {
        xid, replyType, barrierXid, timeoutMs, multipart: type === p.stats.request, parts: null, bytes: 0, timer: null, resolve, reject,
      };
      pending.add(e);
      link.send(bytes);
      if (barrier !== null) link.send(barrier);
    });
  }

  /**
   * A stats/multipart request of `kind` with `body` (the codec's value form
   * of the request body, or undefined for kinds without one); resolves with
   * the reply's body (for list kinds: every part's entries, in order).
   */
  async stats(kind: StatsKind, body: unknown, opts?: RequestOptions): Promise<unknown> {
    const p = this.profile();
    const name = p.stats.kinds[kind];
    if (name === undefined) throw new UnsupportedRequestError(`${kind} statistics`, p.label);
    const msg: Record<string, unknown> = { type: p.stats.request, [p.stats.kindField]: name, flags: 0 };
    if (body !== undefined) msg['body'] = body;
    const r = await this.request(msg, opts);
    return r === null ? undefined : r['body'];
  }

  /** Called by dispatch for each answer-type message while something is in flight. */
  answer(buf: Buffer, off: number, len: number): void {
    const p = profileFor(this.link.version);
    if (p !== undefined) this.pending.answer(p, buf, off, len);
  }

  closeAll(reason: string): void {
    this.pending.closeAll(reason);
  }
}

function typeNumber(p: VersionProfile, t: unknown): number {
  if (typeof t === 'number' && Number.isInteger(t) && t >= 0 && t < 256) return t;
  if (typeof t === 'string') {
    const n = p.type[t.replace(/^OFPT_/, '')];
    if (n !== undefined) return n;
  }
  throw new BadRequestValueError(`message type ${String(t)} is not an OpenFlow ${p.label} type (give OFPT_* or its number)`);
}

function encode(value: Record<string, unknown>): Buffer {
  try {
    return encodeMessage(value);
  } catch (e) {
    if (e instanceof CodecError) throw new BadRequestValueError(e.message);
    throw e;
  }
}
