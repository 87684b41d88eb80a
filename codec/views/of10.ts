/**
 * OpenFlow 1.0 views. Offsets come from codec/of10/schema.ts at module load;
 * a schema change that moves or drops a field fails here loudly at import.
 */
import { ofp_packet_in } from '../of10/schema.js';
import { OFP10_VERSION, OFPT } from '../of10/enums.js';
import type { DecodeError } from '../schema/errors.js';
import { PLACEHOLDER, checkMessage, fixedOf, headerOffsets, offsetOf, prefixSize } from './common.js';
import { HEADER } from './frame.js';
import type { Echo, PacketIn } from './types.js';

const H = headerOffsets(ofp_packet_in);
if (H.size !== HEADER.size || H.xid !== HEADER.xid || H.length !== HEADER.length) throw new Error('views: 1.0 header layout differs');

/** Common state and header getters of every 1.0 view. */
abstract class View10 {
  buf: Buffer = PLACEHOLDER;
  offset = 0;
  length = 0;
  get version(): number { return this.buf[this.offset + H.version]!; }
  get xid(): number { return this.buf.readUInt32BE(this.offset + H.xid); }
  protected fail(e: DecodeError): DecodeError {
    this.buf = PLACEHOLDER; this.offset = 0; this.length = 0;
    return e;
  }
  protected ok(buf: Buffer, off: number, n: number): null {
    this.buf = buf; this.offset = off; this.length = n;
    return null;
  }
}

// ---- PACKET_IN -------------------------------------------------------------
const PI = {
  type: fixedOf(ofp_packet_in, 'type'),
  bufferId: offsetOf(ofp_packet_in, 'buffer_id'),
  totalLen: offsetOf(ofp_packet_in, 'total_len'),
  inPort: offsetOf(ofp_packet_in, 'in_port'),
  reason: offsetOf(ofp_packet_in, 'reason'),
  data: offsetOf(ofp_packet_in, 'data'),
  min: prefixSize(ofp_packet_in, 18),
};

export class PacketIn10View extends View10 implements PacketIn {
  bind(buf: Buffer, off: number, len: number): DecodeError | null {
    const n = checkMessage(buf, off, len, OFP10_VERSION, PI.type, PI.min, 'ofp_packet_in', H);
    return typeof n === 'number' ? this.ok(buf, off, n) : this.fail(n);
  }
  get bufferId(): number { return this.buf.readUInt32BE(this.offset + PI.bufferId); }
  get totalLen(): number { return this.buf.readUInt16BE(this.offset + PI.totalLen); }
  get inPort(): number { return this.buf.readUInt16BE(this.offset + PI.inPort); }
  get reason(): number { return this.buf[this.offset + PI.reason]!; }
  get dataOffset(): number { return this.offset + PI.data; }
  get dataLength(): number { return this.length - PI.data; }
}

// ---- ECHO_REQUEST / ECHO_REPLY ---------------------------------------------
/** ECHO request or reply: a header and an opaque payload. */
export class Echo10View extends View10 implements Echo {
  /** The message type this view accepts (OFPT_ECHO_REQUEST or OFPT_ECHO_REPLY). */
  constructor(readonly type: number = OFPT.ECHO_REQUEST) { super(); }
  bind(buf: Buffer, off: number, len: number): DecodeError | null {
    const n = checkMessage(buf, off, len, OFP10_VERSION, this.type, H.size, this.type === OFPT.ECHO_REPLY ? 'ofp_echo_reply' : 'ofp_echo_request', H);
    return typeof n === 'number' ? this.ok(buf, off, n) : this.fail(n);
  }
  get payloadOffset(): number { return this.offset + H.size; }
  get payloadLength(): number { return this.length - H.size; }
}
