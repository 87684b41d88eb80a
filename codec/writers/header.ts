/** The header part every writer shares (same layout in every OpenFlow version). */
import { HEADER } from '../views/frame.js';
import { OutBuffer, patchLength16 } from './out.js';

/**
 * Make room for `size` bytes, write a header (length = size, patched later
 * by endMessage when the message grows) at out.pos, advance past the header
 * and return the message start.
 */
export function beginMessage(out: OutBuffer, version: number, type: number, xid: number, size: number): number {
  out.ensure(size);
  const d = out.view(), at = out.pos;
  // version, type, length are bytes 0, 1, 2-3 (checked below): one 32-bit store
  d.setUint32(at, (version << 24) | (type << 16) | (size & 0xffff));
  d.setUint32(at + HEADER.xid, xid >>> 0);
  out.pos = at + HEADER.size;
  return at;
}

/** Back-patch ofp_header.length of the message started at `start` with what was written since; returns out.pos. */
if (HEADER.version !== 0 || HEADER.type !== 1 || HEADER.length !== 2) throw new Error('writers: header layout is not version, type, length');

export function endMessage(out: OutBuffer, start: number): number {
  patchLength16(out, start + HEADER.length, start);
  return out.pos;
}
