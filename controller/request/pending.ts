/**
 * The requests one switch has not answered yet, keyed by xid.
 *
 * A request waits for one of three endings:
 * - its reply: the message of the expected type with the same xid. A
 *   stats/multipart reply with REPLY_MORE set is kept and the request waits
 *   for the next part; the last part resolves it with all parts in order.
 * - OFPT_ERROR with its xid: rejected with OpenFlowError.
 * - for a message that has no reply (FLOW_MOD, GROUP_MOD, SET_CONFIG...),
 *   the reply to the BARRIER_REQUEST sent right after it: a switch answers a
 *   barrier only after it has processed (and reported errors for) everything
 *   before it, so a barrier reply with no error first means accepted. The
 *   entry is then filed under both xids.
 * Or it fails: timeout (counted from the send and again from each multipart
 * part, so a long dump that keeps arriving does not time out), the
 * connection closing, or a reply that does not decode.
 *
 * Bounds: at most `maxInFlight` requests per switch (beyond it a request is
 * refused before anything is sent), and at most `maxReplyBytes` of parts per
 * multipart reply (beyond it the request fails: a switch cannot make the
 * controller buffer without end).
 *
 * Replies reach this table only from the dispatch table's answer types
 * (dispatch.ts, `withRequests`), never from PACKET_IN, and only when
 * something is in flight.
 */
import { decodeMessage, type Message } from '../../codec/message.js';
import { BadReplyError, OpenFlowError, RequestTimeoutError, SwitchDisconnectedError } from './errors.js';
import type { VersionProfile } from './versions.js';

/** REPLY_MORE: bit 0 of the flags at offset 10, in 1.0 (OFPSF_) and 1.3+ (OFPMPF_) alike. */
const REPLY_MORE = 1;
const FLAGS_OFFSET = 10;

export interface RequestLimits {
  /** Default milliseconds to wait for a reply (or for the next multipart part). */
  readonly timeoutMs: number;
  /** Requests in flight per switch before new ones are refused with TooManyRequestsError. */
  readonly maxInFlight: number;
  /** Bytes of multipart parts one request may collect. */
  readonly maxReplyBytes: number;
}

export const DEFAULT_REQUEST_LIMITS: RequestLimits = {
  timeoutMs: 10_000,
  maxInFlight: 256,
  maxReplyBytes: 64 * 1024 * 1024,
};

export interface Entry {
  readonly xid: number;
  /** The reply type awaited; -1 for a message acknowledged by a barrier. */
  readonly replyType: number;
  /** For barrier-acknowledged messages: the barrier's xid (0 otherwise). */
  barrierXid: number;
  readonly timeoutMs: number;
  readonly multipart: boolean;
  parts: Message[] | null;
  bytes: number;
  timer: NodeJS.Timeout | null;
  resolve(value: Message | null): void;
  reject(e: Error): void;
}

export class PendingTable {
  private readonly byXid = new Map<number, Entry>();
  /** Requests in flight (a barrier-acknowledged one counts once, though filed twice). */
  size = 0;

  constructor(readonly limits: RequestLimits) {}

  get full(): boolean {
    return this.size >= this.limits.maxInFlight;
  }

  has(xid: number): boolean {
    return this.byXid.has(xid);
  }

  add(e: Entry): void {
    this.byXid.set(e.xid, e);
    if (e.barrierXid !== 0) this.byXid.set(e.barrierXid, e);
    this.size++;
    this.arm(e);
  }

  /** Drop an entry whose message could not be sent (no promise settles). */
  forget(e: Entry): void {
    this.remove(e);
  }

  private arm(e: Entry): void {
    if (e.timer !== null) clearTimeout(e.timer);
    e.timer = setTimeout(() => {
      e.timer = null;
      this.remove(e);
      e.reject(new RequestTimeoutError(e.xid, e.timeoutMs));
    }, e.timeoutMs);
    // a forgotten request must not keep the process alive; closing the switch settles it anyway
    e.timer.unref();
  }

  private remove(e: Entry): void {
    if (this.byXid.get(e.xid) !== e) return;
    this.byXid.delete(e.xid);
    if (e.barrierXid !== 0) this.byXid.delete(e.barrierXid);
    if (e.timer !== null) clearTimeout(e.timer);
    e.timer = null;
    this.size--;
  }

  /**
   * A message of one of the answer types arrived (buf[off, off + len), valid
   * during the call). Returns true when it settled or advanced a request.
   */
  answer(p: VersionProfile, buf: Buffer, off: number, len: number): boolean {
    const xid = buf.readUInt32BE(off + 4);
    const e = this.byXid.get(xid);
    if (e === undefined) return false;
    const type = buf[off + 1]!;
    if (type === p.type['ERROR']) {
      this.remove(e);
      e.reject(openFlowError(xid, buf, off, len));
      return true;
    }
    if (e.replyType === -1) {
      if (xid !== e.barrierXid || type !== p.type['BARRIER_REPLY']) return false;
      this.remove(e);
      e.resolve(null);
      return true;
    }
    if (type !== e.replyType) return false;
    // the decoded value points into the bytes: copy them out of the connection's read buffer
    const r = decodeMessage(Buffer.from(buf.subarray(off, off + len)));
    if (!r.ok) {
      this.remove(e);
      e.reject(new BadReplyError(xid, r.error.message));
      return true;
    }
    if (!e.multipart) {
      this.remove(e);
      e.resolve(r.value);
      return true;
    }
    e.bytes += len;
    (e.parts ??= []).push(r.value);
    if (e.bytes > this.limits.maxReplyBytes) {
      this.remove(e);
      e.reject(new BadReplyError(xid, `multipart reply exceeds ${this.limits.maxReplyBytes} bytes`));
      return true;
    }
    if (len > FLAGS_OFFSET + 1 && (buf.readUInt16BE(off + FLAGS_OFFSET) & REPLY_MORE) !== 0) {
      this.arm(e); // more to come: the timeout counts from this part
      return true;
    }
    this.remove(e);
    e.resolve(joinParts(e.parts));
    return true;
  }

  /** Reject everything in flight (connection closed). */
  closeAll(reason: string): void {
    const all = new Set(this.byXid.values());
    for (const e of all) {
      this.remove(e);
      e.reject(new SwitchDisconnectedError(e.xid, reason));
    }
  }
}

/**
 * One value for a multipart reply: the first part's header fields with
 * `body` the concatenation of every part's body list, in arrival order
 * (TCP keeps the switch's order), and `flags` of the last part (REPLY_MORE
 * clear). A body that is not a list (DESC, AGGREGATE) comes in one part.
 */
export function joinParts(parts: readonly Message[]): Message {
  const first = parts[0]!;
  if (parts.length === 1) return first;
  const body: unknown[] = [];
  let length = 0;
  for (const p of parts) {
    length += p.length;
    const b = p['body'];
    if (Array.isArray(b)) body.push(...(b as unknown[]));
    else if (b !== undefined) body.push(b);
  }
  return { ...first, flags: parts[parts.length - 1]!['flags'], length, body, parts: parts.length };
}

function openFlowError(xid: number, buf: Buffer, off: number, len: number): OpenFlowError {
  const copy = Buffer.from(buf.subarray(off, off + len));
  const type = len >= 10 ? copy.readUInt16BE(8) : -1;
  const code = len >= 12 ? copy.readUInt16BE(10) : -1;
  const r = decodeMessage(copy);
  let typeName = String(type);
  let codeName = String(code);
  let data: Buffer = copy.subarray(Math.min(len, 12));
  if (r.ok) {
    const v = r.value;
    if (typeof v['error_type'] === 'string') typeName = v['error_type'];
    if (typeof v['code'] === 'string') codeName = v['code'];
    // experimenter errors: exp_type and experimenter instead of a code
    else if (typeof v['exp_type'] === 'number') codeName = `exp_type ${v['exp_type']} (experimenter 0x${Number(v['experimenter']).toString(16)})`;
    if (Buffer.isBuffer(v['data'])) data = v['data'] as Buffer;
  }
  return new OpenFlowError(xid, type, code, typeName, codeName, data);
}
