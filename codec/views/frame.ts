/**
 * Framing: read the header of the message at an offset without decoding it.
 * The header layout (version, type, length, xid) is the same in every
 * OpenFlow version; the offsets come from the 1.0 schema and each version's
 * view module checks that its own schema agrees.
 */
import { ofp_hello } from '../of10/schema.js';
import { headerOffsets } from './common.js';
import { r16, r32 } from './bytes.js';

export const HEADER = headerOffsets(ofp_hello);
const V = HEADER.version, T = HEADER.type, L = HEADER.length, X = HEADER.xid;
/** Size of the common OpenFlow header (8). */
export const HEADER_SIZE = HEADER.size;

export function frameVersion(buf: Buffer, off: number): number { return buf[off + V]!; }
export function frameType(buf: Buffer, off: number): number { return buf[off + T]!; }
export function frameLength(buf: Buffer, off: number): number { return r16(buf, off + L); }
export function frameXid(buf: Buffer, off: number): number { return r32(buf, off + X); }

/**
 * How much of buf[off, end) the next message takes: its length when the whole
 * message is there, 0 when more bytes are needed (header or body incomplete),
 * -1 when the header's length is impossible (below the header size; the
 * stream cannot be framed any further).
 */
export function frameSize(buf: Buffer, off: number, end: number = buf.length): number {
  if (end - off < HEADER_SIZE) return 0;
  const n = r16(buf, off + L);
  if (n < HEADER_SIZE) return -1;
  return off + n <= end ? n : 0;
}
