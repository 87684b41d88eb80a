/**
 * Raw OpenFlow bytes for the hostile-switch suite, written by hand from the
 * spec layouts so the suite does not trust the codec it attacks: header
 * framing, the few 1.0 messages an emulated switch sends, and the ERROR
 * fields a test checks.
 */
export const OFP10 = 0x01;
export const OFP13 = 0x04;

export const T = {
  HELLO: 0, ERROR: 1, ECHO_REQUEST: 2, ECHO_REPLY: 3, VENDOR: 4, FEATURES_REQUEST: 5, FEATURES_REPLY: 6,
  GET_CONFIG_REQUEST: 7, GET_CONFIG_REPLY: 8, SET_CONFIG: 9, PACKET_IN: 10, FLOW_REMOVED: 11, PORT_STATUS: 12,
  PACKET_OUT: 13, FLOW_MOD: 14, PORT_MOD: 15, STATS_REQUEST: 16, STATS_REPLY: 17, BARRIER_REQUEST: 18, BARRIER_REPLY: 19,
} as const;

/** ERROR types/codes (identical numbers in 1.0 and 1.3 for these). */
export const E = {
  HELLO_FAILED: 0, INCOMPATIBLE: 0,
  BAD_REQUEST: 1, BAD_VERSION: 0, BAD_TYPE: 1, BAD_STAT: 2, BAD_LEN: 6,
} as const;

export const NO_BUFFER = 0xffffffff;

export function msg(version: number, type: number, xid: number, body: Buffer = Buffer.alloc(0)): Buffer {
  const b = Buffer.alloc(8 + body.length);
  b[0] = version;
  b[1] = type;
  b.writeUInt16BE(b.length, 2);
  b.writeUInt32BE(xid >>> 0, 4);
  body.copy(b, 8);
  return b;
}

export function hello(version = OFP10, xid = 1): Buffer {
  return msg(version, T.HELLO, xid);
}

/** A 1.3-style HELLO with a version bitmap element listing exactly `versions`. */
export function helloBitmap(headerVersion: number, versions: readonly number[], xid = 1): Buffer {
  let bits = 0;
  for (const v of versions) bits |= 1 << v;
  const el = Buffer.alloc(8);
  el.writeUInt16BE(1, 0); // OFPHET_VERSIONBITMAP
  el.writeUInt16BE(8, 2);
  el.writeUInt32BE(bits >>> 0, 4);
  return msg(headerVersion, T.HELLO, xid, el);
}

/** 1.0 FEATURES_REPLY: datapath id, 256 buffers, 1 table, `ports` physical ports. */
export function featuresReply10(xid: number, dpid: bigint, ports = 2): Buffer {
  const body = Buffer.alloc(24 + 48 * ports);
  body.writeBigUInt64BE(dpid, 0);
  body.writeUInt32BE(256, 8); // n_buffers
  body[12] = 1; // n_tables
  body.writeUInt32BE(0x87, 16); // capabilities
  body.writeUInt32BE(0xfff, 20); // actions
  for (let i = 0; i < ports; i++) {
    const p = 24 + 48 * i;
    body.writeUInt16BE(i + 1, p);
    body.writeUInt32BE(0x020000000000 / 0x100000000, p + 2);
    body.writeUInt16BE(i + 1, p + 6);
    body.write(`eth${i + 1}`, p + 8, 'latin1');
  }
  return msg(OFP10, T.FEATURES_REPLY, xid, body);
}

/** 1.0 GET_CONFIG_REPLY: flags 0, miss_send_len 128. */
export function getConfigReply10(xid: number): Buffer {
  const body = Buffer.alloc(4);
  body.writeUInt16BE(128, 2);
  return msg(OFP10, T.GET_CONFIG_REPLY, xid, body);
}

/** 1.0 DESC stats reply (1056-byte ofp_desc_stats). */
export function descStatsReply10(xid: number): Buffer {
  const body = Buffer.alloc(4 + 1056);
  body.write('nodeflow hostile suite', 4, 'latin1');
  return msg(OFP10, T.STATS_REPLY, xid, body);
}

/** 1.0 ERROR. */
export function error10(xid: number, type: number, code: number, data: Buffer = Buffer.alloc(0)): Buffer {
  const body = Buffer.alloc(4 + data.length);
  body.writeUInt16BE(type, 0);
  body.writeUInt16BE(code, 2);
  data.copy(body, 4);
  return msg(OFP10, T.ERROR, xid, body);
}

/**
 * 1.0 PACKET_IN of a 64-byte broadcast Ethernet frame (a learning switch
 * floods it, so every one is answered) whose payload carries `seq`; the
 * buffer id is `seq` as well, so either form of answer identifies it.
 */
export function packetIn10(seq: number, inPort: number, srcMac: number, buffered = true): Buffer {
  const frame = Buffer.alloc(64);
  frame.fill(0xff, 0, 6); // dst: broadcast
  frame.writeUInt16BE(0x0200, 6);
  frame.writeUInt32BE(srcMac >>> 0, 8);
  frame.writeUInt16BE(0x88b5, 12); // local experimental ethertype
  frame.writeUInt32BE(seq >>> 0, 14);
  const body = Buffer.alloc(10 + frame.length);
  body.writeUInt32BE(buffered ? seq >>> 0 : NO_BUFFER, 0);
  body.writeUInt16BE(frame.length, 4);
  body.writeUInt16BE(inPort, 6);
  body[8] = 0; // OFPR_NO_MATCH
  frame.copy(body, 10);
  return msg(OFP10, T.PACKET_IN, seq, body);
}

/** The probe sequence number an answer refers to, or undefined: buffer_id, else the frame payload. */
export function answeredSeq(m: Buffer): number | undefined {
  const type = m[1];
  if (m[0] !== OFP10) return undefined;
  if (type === T.PACKET_OUT && m.length >= 16) {
    const bid = m.readUInt32BE(8);
    if (bid !== NO_BUFFER) return bid;
    const actionsLen = m.readUInt16BE(14);
    const data = 16 + actionsLen;
    if (m.length >= data + 18 && m.readUInt16BE(data + 12) === 0x88b5) return m.readUInt32BE(data + 14);
    return undefined;
  }
  if (type === T.FLOW_MOD && m.length >= 72) {
    const bid = m.readUInt32BE(8 + 40 + 8 + 2 + 2 + 2 + 2);
    return bid !== NO_BUFFER ? bid : undefined;
  }
  return undefined;
}

/** Splits a byte stream into messages by header length; keeps the incomplete tail. */
export class Deframer {
  private tail: Buffer = Buffer.alloc(0);
  /** Set when a header's length is below 8 (the stream cannot be framed any more). */
  broken = false;

  push(chunk: Buffer): Buffer[] {
    const buf = this.tail.length ? Buffer.concat([this.tail, chunk]) : chunk;
    const out: Buffer[] = [];
    let off = 0;
    while (!this.broken && buf.length - off >= 8) {
      const len = buf.readUInt16BE(off + 2);
      if (len < 8) { this.broken = true; break; }
      if (buf.length - off < len) break;
      out.push(Buffer.from(buf.subarray(off, off + len)));
      off += len;
    }
    this.tail = Buffer.from(buf.subarray(off));
    return out;
  }
}

export interface ErrorInfo { version: number; xid: number; type: number; code: number }

export function parseError(m: Buffer): ErrorInfo | undefined {
  if (m[1] !== T.ERROR || m.length < 12) return undefined;
  return { version: m[0]!, xid: m.readUInt32BE(4), type: m.readUInt16BE(8), code: m.readUInt16BE(10) };
}
