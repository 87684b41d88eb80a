/** The header part every writer shares (same layout in every OpenFlow version). */
import { HEADER } from '../views/frame.js';
import { OutBuffer, patchLength16 } from './out.js';
import { w16, w32 } from '../views/bytes.js';

/**
 * Make room for `size` bytes, write a header (length = size, patched later
 * by endMessage when the message grows) at out.pos, advance past the header
 * and return the message start.
 */
export function beginMessage(out: OutBuffer, version: number, type: number, xid: number, size: number): number {
  out.ensure(size);
  const b = out.buf, at = out.pos;
  b[at + HEADER.version] = version;
  b[at + HEADER.type] = type;
  w16(b, at + HEADER.length, size);
  w32(b, at + HEADER.xid, xid >>> 0);
  out.pos = at + HEADER.size;
  return at;
}

/** Back-patch ofp_header.length of the message started at `start` with what was written since; returns out.pos. */
export function endMessage(out: OutBuffer, start: number): number {
  patchLength16(out, start + HEADER.length, start);
  return out.pos;
}
