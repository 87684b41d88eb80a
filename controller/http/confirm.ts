/**
 * Send a message and learn how the switch took it: the message is followed
 * by a BARRIER_REQUEST, and the switch answers either OFPT_ERROR with the
 * message's xid (refused) or, once it has processed the message, the
 * BARRIER_REPLY (accepted). This is how ofctl-style writes report the
 * switch's answer; the REST API answers with it.
 *
 * An app: it watches ERROR and BARRIER_REPLY messages (not PACKET_IN: no cost
 * per packet) and switches going down (pending writes fail at once).
 */
import type { App, ControllerApi, OfError, Switch } from '../app.js';
import { OFPT as T10 } from '../../codec/of10/enums.js';
import { OFPT as T13 } from '../../codec/of13/enums.js';
import { OFP10, OFP13 } from '../protocol.js';
import { HttpError } from './errors.js';
import { errorCodeName, errorTypeName } from '../metrics/names.js';
import type { RequestTimer } from '../metrics/collector.js';

export interface Confirmed {
  /** xid of the message sent. */
  xid: number;
  /** xid of the BARRIER_REQUEST / BARRIER_REPLY that confirmed it. */
  barrier_xid: number;
}

interface Pending {
  sw: Switch;
  xid: number;
  barrierXid: number;
  t0: bigint;
  kind: string;
  resolve: (c: Confirmed) => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout;
}

export class Confirmer implements App {
  readonly name = 'http-confirm';
  /** By switch, then by xid (of the message and of its barrier). */
  private readonly pending = new Map<Switch, Map<number, Pending>>();
  timer: RequestTimer | null = null;

  constructor(private readonly timeoutMs = 10_000) {}

  start(ctl: ControllerApi): void {
    ctl.on(OFP10, T10.BARRIER_REPLY, (sw, buf, off) => this.barrierReply(sw, buf.readUInt32BE(off + 4)));
    ctl.on(OFP13, T13.BARRIER_REPLY, (sw, buf, off) => this.barrierReply(sw, buf.readUInt32BE(off + 4)));
  }

  /**
   * Send `write(sw)` (which sends one message and returns its xid), then a
   * barrier; resolves when the switch confirmed it, rejects with a 422
   * HttpError carrying the switch's OpenFlow error, 503 when the switch goes
   * down first, 504 on no answer.
   */
  send(sw: Switch, kind: string, write: (sw: Switch) => number): Promise<Confirmed> {
    return new Promise((resolve, reject) => {
      const xid = write(sw);
      const barrierXid = sw.barrier();
      sw.flush();
      let bySw = this.pending.get(sw);
      if (bySw === undefined) this.pending.set(sw, (bySw = new Map()));
      const p: Pending = {
        sw, xid, barrierXid, kind, t0: process.hrtime.bigint(), resolve, reject,
        timer: setTimeout(() => this.fail(p, new HttpError(504, `no answer from switch ${sw.dpidHex} within ${this.timeoutMs} ms (xid ${xid})`)), this.timeoutMs),
      };
      if (xid !== 0) bySw.set(xid, p); // 0: nothing before the barrier (a bare barrier)
      bySw.set(barrierXid, p);
    });
  }

  private done(p: Pending): void {
    clearTimeout(p.timer);
    const bySw = this.pending.get(p.sw);
    bySw?.delete(p.xid);
    bySw?.delete(p.barrierXid);
    if (bySw?.size === 0) this.pending.delete(p.sw);
    this.timer?.observe(p.kind, Number(process.hrtime.bigint() - p.t0) / 1e9);
  }

  private fail(p: Pending, e: Error): void {
    this.done(p);
    p.reject(e);
  }

  private barrierReply(sw: Switch, xid: number): void {
    const p = this.pending.get(sw)?.get(xid);
    if (p === undefined || p.barrierXid !== xid) return;
    this.done(p);
    p.resolve({ xid: p.xid, barrier_xid: p.barrierXid });
  }

  error(sw: Switch, err: OfError): void {
    const p = this.pending.get(sw)?.get(err.xid);
    if (p === undefined) return;
    const type = errorTypeName(sw.version, err.type);
    const code = errorCodeName(sw.version, err.type, err.code);
    this.fail(p, new HttpError(422, `switch ${sw.dpidHex} refused the request: ${type} / ${code}`, {
      openflow_error: { type, code, type_number: err.type, code_number: err.code, xid: err.xid, data: err.data.toString('hex') },
    }));
  }

  switchDown(sw: Switch, reason: string): void {
    const bySw = this.pending.get(sw);
    if (bySw === undefined) return;
    for (const p of new Set(bySw.values())) this.fail(p, new HttpError(503, `switch ${sw.dpidHex} disconnected before answering: ${reason}`));
  }
}
