/**
 * Version-neutral writers for replies whose layout is the same in 1.0 and
 * 1.3: they answer in the version of the message they reply to.
 */
import { ofp_echo_reply as echo10 } from '../of10/schema.js';
import { ofp_echo_reply as echo13 } from '../of13/schema.js';
import { fixedOf, offsetOf } from '../views/common.js';
import { OFPET } from '../of10/enums.js';
import type { Echo } from '../views/types.js';
import { hello13 } from './of13.js';
import { errorMessage } from './same-layout.js';
import { HEADER } from '../views/frame.js';
import { beginMessage, endMessage } from './header.js';
import { OutBuffer, copyIn } from './out.js';

const ECHO_REPLY = fixedOf(echo10, 'type');
const ECHO_DATA = offsetOf(echo10, 'data');
if (fixedOf(echo13, 'type') !== ECHO_REPLY || offsetOf(echo13, 'data') !== ECHO_DATA) throw new Error('writers: echo reply differs between versions');

/** ECHO_REPLY to a bound ECHO_REQUEST view (1.0 or 1.3): same version, xid and payload. */
export function echoReplyTo(out: OutBuffer, req: Echo): number {
  const at = beginMessage(out, req.version, ECHO_REPLY, req.xid, ECHO_DATA + req.payloadLength);
  copyIn(out, req.buf, req.payloadOffset, req.payloadLength);
  endMessage(out, at);
  return at;
}

/**
 * ERROR in `version` (0x01 or 0x04) about the message at src[off, off+len)
 * (at most 64 bytes of it are included), e.g. a DecodeError's ofError.
 */
export function errorFor(out: OutBuffer, version: number, xid: number, errType: number, code: number, src: Buffer | null, off = 0, len = 0): number {
  return errorMessage(out, version, xid, errType, code, src, off, len);
}

/**
 * ERROR HELLO_FAILED in `version` whose data is an ASCII text explaining the
 * failure (what the spec asks for HELLO_FAILED), not an offending message:
 * the whole text is sent, not just 64 bytes.
 */
export function helloFailedFor(out: OutBuffer, version: number, xid: number, code: number, text: Buffer): number {
  return errorMessage(out, version, xid, OFPET.HELLO_FAILED, code, text, 0, text.length, text.length);
}

/**
 * HELLO with a version-bitmap element (bit n = wire version n) in header
 * version `version`, the highest one offered: a 1.0-only controller still
 * says which versions it speaks (a 1.0 peer ignores the element).
 */
export function helloFor(out: OutBuffer, version: number, xid: number, bitmap: number): number {
  const at = hello13(out, xid, bitmap);
  out.buf[at + HEADER.version] = version;
  return at;
}
