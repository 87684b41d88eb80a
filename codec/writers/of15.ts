/**
 * OpenFlow 1.5 writers for what 1.5 changed that the controller sends:
 * PACKET_OUT, whose input port is an OXM IN_PORT in a match (1.5 spec
 * 7.3.7) instead of a fixed field, and the PORT_DESC request, which got a
 * body. Offsets from codec/of15 (the schema).
 */
import { ofp_packet_out } from '../of15/messages.js';
import { OFP15_VERSION } from '../of14/enums.js';
import { OFPMP, OFPMT, OFPP } from '../of13/enums.js';
import { fixedOf, offsetOf } from '../views/common.js';
import { OXM_FIELD } from '../views/oxm.js';
import { beginMessage, endMessage } from './header.js';
import { OutBuffer, copyIn, zeroBytes } from './out.js';
import { w16, w32 } from '../views/bytes.js';
import { multipartRequest13, oxmWord } from './of13.js';

const PO = {
  type: fixedOf(ofp_packet_out, 'type'), bufferId: offsetOf(ofp_packet_out, 'buffer_id'),
  actionsLen: offsetOf(ofp_packet_out, 'actions_len'), match: offsetOf(ofp_packet_out, 'match'),
};
/** The match a 1.5 PACKET_OUT carries: type, length 12, OXM IN_PORT (8 bytes), 4 bytes of padding. */
const MATCH_LEN = 12, MATCH_SIZE = 16;
const OXM_IN_PORT = oxmWord(OXM_FIELD['IN_PORT']!, 4, false);

/** PACKET_OUT header, buffer id and an IN_PORT match; append actions (action13*), then endPacketOut15. */
export function beginPacketOut15(out: OutBuffer, xid: number, bufferId: number, inPort: number): number {
  const at = beginMessage(out, OFP15_VERSION, PO.type, xid, PO.match + MATCH_SIZE);
  zeroBytes(out, at + PO.bufferId, PO.match + MATCH_SIZE - PO.bufferId);
  w32(out.buf, at + PO.bufferId, bufferId >>> 0);
  const m = at + PO.match;
  w16(out.buf, m, OFPMT.OXM);
  w16(out.buf, m + 2, MATCH_LEN);
  w32(out.buf, m + 4, OXM_IN_PORT);
  w32(out.buf, m + 8, inPort >>> 0);
  out.pos = m + MATCH_SIZE;
  return at;
}
/** Patch actions_len, append data copied from src[off, off+len) (src null: none), patch the length. */
export function endPacketOut15(out: OutBuffer, start: number, src: Buffer | null = null, off = 0, len = 0): number {
  w16(out.buf, start + PO.actionsLen, out.pos - start - PO.match - MATCH_SIZE);
  if (src) copyIn(out, src, off, len);
  return endMessage(out, start);
}

/** 1.5 OFPMP_PORT_DESC request: unlike 1.3/1.4 it has a body, the port to describe (OFPP_ANY: all) and 4 pad bytes. */
export function portDescRequest15(out: OutBuffer, xid: number, portNo = OFPP.ANY): number {
  const at = multipartRequest13(out, xid, OFPMP.PORT_DESC, 0, OFP15_VERSION);
  out.ensure(8);
  const b = out.pos;
  zeroBytes(out, b, 8);
  w32(out.buf, b, portNo >>> 0);
  out.pos = b + 8;
  endMessage(out, at);
  return at;
}
