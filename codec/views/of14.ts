/**
 * Views for what 1.4 and 1.5 changed that the controller reads: the port
 * description (40 bytes, then properties: the speeds and features live in
 * the ethernet property), PORT_STATUS carrying it, and the ports of a 1.4+
 * PORT_DESC reply (variable-length records). Offsets come from codec/of14.
 * Everything else the controller reads in 1.4/1.5 kept the 1.3 layout and
 * is read by the 1.3 views (views/of13.ts).
 */
import { ofp_port, ofp_port_desc_prop_ethernet, ofp_port_status } from '../of14/messages.js';
import { ofp_flow_removed as ofp_flow_removed15 } from '../of15/messages.js';
import { OXS_FIELDS } from '../of15/oxs.js';
import { OFPXSC } from '../of14/enums.js';
import { WithMatch13, checkMatch } from './of13.js';
import { OFP14_VERSION, OFP15_VERSION, OFPPDPT } from '../of14/enums.js';
import type { DecodeError } from '../schema/errors.js';
import { PLACEHOLDER, checkMessage, fixedOf, headerOffsets, offsetOf, prefixSize, sizeOf, viewError } from './common.js';
import { MessageView } from './view.js';
import { PortStatusView } from './shared.js';
import type { FlowRemoved, MultipartReply, PortDesc } from './types.js';
import { r16, r32 } from './bytes.js';

const H = headerOffsets(ofp_port_status);

const PT = {
  portNo: offsetOf(ofp_port, 'port_no'), length: offsetOf(ofp_port, 'length'), hwAddr: offsetOf(ofp_port, 'hw_addr'),
  name: offsetOf(ofp_port, 'name'), nameSize: sizeOf(ofp_port, 'name'), config: offsetOf(ofp_port, 'config'),
  state: offsetOf(ofp_port, 'state'), props: offsetOf(ofp_port, 'properties'),
};
if (prefixSize(ofp_port, 40) !== PT.props) throw new Error('views: 1.4 ofp_port is 40 bytes before its properties');
const ETH = {
  type: OFPPDPT.ETHERNET, size: prefixSize(ofp_port_desc_prop_ethernet, 32),
  curr: offsetOf(ofp_port_desc_prop_ethernet, 'curr'), advertised: offsetOf(ofp_port_desc_prop_ethernet, 'advertised'),
  supported: offsetOf(ofp_port_desc_prop_ethernet, 'supported'), peer: offsetOf(ofp_port_desc_prop_ethernet, 'peer'),
  currSpeed: offsetOf(ofp_port_desc_prop_ethernet, 'curr_speed'), maxSpeed: offsetOf(ofp_port_desc_prop_ethernet, 'max_speed'),
};

/**
 * A 1.4/1.5 port description inside a message its parent validated. Point it
 * with `point` (which checks the record and its properties); the ethernet
 * fields read 0 when the port has no ethernet property.
 */
export class Port14View implements PortDesc {
  buf: Buffer = PLACEHOLDER;
  offset = 0;
  private eth = -1;
  /** Point at the port record at buf[off, end): its size, or an error. */
  point(buf: Buffer, off: number, end: number): number | DecodeError {
    if (off + PT.props > end) return viewError('bad_length', 'ofp_port', off, `needs ${PT.props} bytes, ${end - off} left`);
    const n = r16(buf, off + PT.length);
    if (n < PT.props || off + n > end) return viewError('bad_length', 'ofp_port.length', off + PT.length, `is ${n}, outside [${PT.props}, ${end - off}]`);
    let eth = -1;
    for (let p = off + PT.props; p < off + n;) {
      if (p + 4 > off + n) return viewError('bad_length', 'ofp_port_desc_prop', p, 'has no room for its header');
      const pl = r16(buf, p + 2);
      if (pl < 4 || p + pl > off + n) return viewError('bad_length', 'ofp_port_desc_prop.length', p + 2, `is ${pl}`);
      if (eth < 0 && r16(buf, p) === ETH.type && pl >= ETH.size) eth = p;
      p += (pl + 7) & ~7;
    }
    this.buf = buf; this.offset = off; this.eth = eth;
    return n;
  }
  clear(): void { this.buf = PLACEHOLDER; this.offset = 0; this.eth = -1; }
  get portNo(): number { return r32(this.buf, this.offset + PT.portNo); }
  get hwAddrOffset(): number { return this.offset + PT.hwAddr; }
  get nameOffset(): number { return this.offset + PT.name; }
  get nameLength(): number {
    let n = 0;
    while (n < PT.nameSize && this.buf[this.offset + PT.name + n] !== 0) n++;
    return n;
  }
  get name(): string { return this.buf.toString('latin1', this.nameOffset, this.nameOffset + this.nameLength); }
  get config(): number { return r32(this.buf, this.offset + PT.config); }
  get state(): number { return r32(this.buf, this.offset + PT.state); }
  private ethField(at: number): number { return this.eth < 0 ? 0 : r32(this.buf, this.eth + at); }
  get curr(): number { return this.ethField(ETH.curr); }
  get advertised(): number { return this.ethField(ETH.advertised); }
  get supported(): number { return this.ethField(ETH.supported); }
  get peer(): number { return this.ethField(ETH.peer); }
  get currSpeed(): number { return this.ethField(ETH.currSpeed); }
  get maxSpeed(): number { return this.ethField(ETH.maxSpeed); }
}

const PS = { type: fixedOf(ofp_port_status, 'type'), reason: offsetOf(ofp_port_status, 'reason'), desc: offsetOf(ofp_port_status, 'desc') };

/** 1.4/1.5 PORT_STATUS: a reason and one port description with properties (getters: PortStatusView). */
export class PortStatus14View extends PortStatusView<Port14View> {
  constructor() {
    super({ version: OFP14_VERSION, maxVersion: OFP15_VERSION, H }, { type: PS.type, reason: PS.reason, desc: PS.desc, size: PS.desc + PT.props }, new Port14View());
  }
  override bind(buf: Buffer, off: number, len: number): DecodeError | null {
    const n = checkMessage(buf, off, len, OFP14_VERSION, PS.type, PS.desc + PT.props, 'ofp_port_status', H, OFP15_VERSION);
    if (typeof n !== 'number') { this.p.clear(); return this.fail(n); }
    const size = this.p.point(buf, off + PS.desc, off + n);
    if (typeof size !== 'number') { this.p.clear(); return this.fail(size); }
    if (PS.desc + size !== n) { this.p.clear(); return this.fail(viewError('bad_length', 'ofp_port_status', off + PS.desc + size, `has ${n - PS.desc - size} bytes after its port`)); }
    return this.ok(buf, off, n);
  }
}

/**
 * The ports of a bound 1.4/1.5 PORT_DESC reply, one after another: call with
 * at = reply.bodyOffset, then with the returned offset while it is below the
 * body end. Returns the next record's offset, or an error for a malformed record.
 */
export function nextPort14(reply: MultipartReply, at: number, into: Port14View): number | DecodeError {
  const n = into.point(reply.buf, at, reply.bodyOffset + reply.bodyLength);
  return typeof n === 'number' ? at + n : n;
}

// ---- 1.5 FLOW_REMOVED: counters in OXS statistics after the match ----------------------
const FR15 = {
  type: fixedOf(ofp_flow_removed15, 'type'), tableId: offsetOf(ofp_flow_removed15, 'table_id'),
  reason: offsetOf(ofp_flow_removed15, 'reason'), priority: offsetOf(ofp_flow_removed15, 'priority'),
  idle: offsetOf(ofp_flow_removed15, 'idle_timeout'), hard: offsetOf(ofp_flow_removed15, 'hard_timeout'),
  cookie: offsetOf(ofp_flow_removed15, 'cookie'), match: offsetOf(ofp_flow_removed15, 'match'),
};
const OXS = Object.fromEntries(OXS_FIELDS.map(([name, code]) => [name, code])) as Record<(typeof OXS_FIELDS)[number][0], number>;
const SCRATCH15 = { inPortAt: -1 };

/** 1.5 FLOW_REMOVED: the 1.3 fields, with duration and counters read from its OXS statistics (0 when absent). */
export class FlowRemoved15View extends WithMatch13 implements FlowRemoved {
  private durationAt = -1;
  private packetsAt = -1;
  private bytesAt = -1;
  bind(buf: Buffer, off: number, len: number): DecodeError | null {
    this.durationAt = this.packetsAt = this.bytesAt = -1;
    const n = checkMessage(buf, off, len, OFP15_VERSION, FR15.type, FR15.match + 4, 'ofp_flow_removed', H);
    if (typeof n !== 'number') { this.resetMatch(); return this.fail(n); }
    const padded = checkMatch(buf, off + FR15.match, off + n, 'ofp_flow_removed', SCRATCH15);
    if (typeof padded !== 'number') { this.resetMatch(); return this.fail(padded); }
    const st = off + FR15.match + padded;
    if (st + 4 > off + n) { this.resetMatch(); return this.fail(viewError('bad_length', 'ofp_flow_removed.stats', st, 'has no room for its header')); }
    const sl = r16(buf, st + 2);
    if (sl < 4 || st + ((sl + 7) & ~7) !== off + n) { this.resetMatch(); return this.fail(viewError('bad_length', 'ofp_stats.length', st + 2, `is ${sl}, not what the message holds`)); }
    for (let p = st + 4; p < st + sl;) {
      if (p + 4 > st + sl) { this.resetMatch(); return this.fail(viewError('bad_length', 'ofp_oxs', p, 'has no room for its header')); }
      const pl = buf[p + 3]!;
      if (p + 4 + pl > st + sl) { this.resetMatch(); return this.fail(viewError('bad_length', 'ofp_oxs', p, `payload of ${pl} bytes runs past the statistics`)); }
      if (r16(buf, p) === OFPXSC.OPENFLOW_BASIC && pl === 8) {
        const f = buf[p + 2]! >>> 1;
        if (f === OXS.DURATION) this.durationAt = p + 4;
        else if (f === OXS.PACKET_COUNT) this.packetsAt = p + 4;
        else if (f === OXS.BYTE_COUNT) this.bytesAt = p + 4;
      }
      p += 4 + pl;
    }
    this.matchAt = off + FR15.match;
    this.inPortAt = SCRATCH15.inPortAt;
    return this.ok(buf, off, n);
  }
  get cookie(): bigint { return this.buf.readBigUInt64BE(this.offset + FR15.cookie); }
  get priority(): number { return r16(this.buf, this.offset + FR15.priority); }
  get reason(): number { return this.buf[this.offset + FR15.reason]!; }
  get tableId(): number { return this.buf[this.offset + FR15.tableId]!; }
  get durationSec(): number { return this.durationAt < 0 ? 0 : r32(this.buf, this.durationAt); }
  get durationNsec(): number { return this.durationAt < 0 ? 0 : r32(this.buf, this.durationAt + 4); }
  get idleTimeout(): number { return r16(this.buf, this.offset + FR15.idle); }
  get hardTimeout(): number { return r16(this.buf, this.offset + FR15.hard); }
  get packetCount(): bigint { return this.packetsAt < 0 ? 0n : this.buf.readBigUInt64BE(this.packetsAt); }
  get byteCount(): bigint { return this.bytesAt < 0 ? 0n : this.buf.readBigUInt64BE(this.bytesAt); }
}
