/**
 * cbench's counting rule: a response is a FLOW_MOD whose command is ADD or
 * MODIFY_STRICT, or a PACKET_OUT whose frame is not LLDP (ethertype 0x88cc,
 * also behind one 802.1Q tag). Everything else is not a response.
 *
 * Differences from cbench, on purpose: cbench's VLAN check reads the wrong
 * offset (pointer arithmetic on a struct pointer) and reads past a PACKET_OUT
 * that has no frame; here the inner ethertype is read 4 bytes on, and a
 * PACKET_OUT without frame bytes (a buffered packet) counts.
 */
import { OFPT } from '../codec/of10/enums.js';
import { OFPT as OFPT13 } from '../codec/of13/enums.js';
import { RESP_OFF } from './probe.js';
import { RESP13_OFF } from './probe13.js';

export const OFPFC_ADD = 0;
export const OFPFC_MODIFY_STRICT = 2;
export const ETH_TYPE_LLDP = 0x88cc;
export const ETH_TYPE_VLAN = 0x8100;

/** Is the 1.0 message at buf[off, off+len) a response cbench counts? */
export function isCountedResponse(buf: Buffer, off: number, len: number): boolean {
  const type = buf[off + RESP_OFF.type];
  if (type === OFPT.FLOW_MOD) {
    if (len < RESP_OFF.flowModCommand + 2) return false;
    const cmd = buf.readUInt16BE(off + RESP_OFF.flowModCommand);
    return cmd === OFPFC_ADD || cmd === OFPFC_MODIFY_STRICT;
  }
  if (type === OFPT.PACKET_OUT) {
    if (len < RESP_OFF.packetOutActions) return false;
    return frameCounts(buf, off + RESP_OFF.packetOutActions + buf.readUInt16BE(off + RESP_OFF.packetOutActionsLen), off + len);
  }
  return false;
}

/** The same rule for OpenFlow 1.3 (nodeflow bench -O 1.3): FLOW_MOD's command is one byte there. */
export function isCountedResponse13(buf: Buffer, off: number, len: number): boolean {
  const type = buf[off + RESP_OFF.type];
  if (type === OFPT13.FLOW_MOD) {
    if (len <= RESP13_OFF.flowModCommand) return false;
    const cmd = buf[off + RESP13_OFF.flowModCommand];
    return cmd === OFPFC_ADD || cmd === OFPFC_MODIFY_STRICT;
  }
  if (type === OFPT13.PACKET_OUT) {
    if (len < RESP13_OFF.packetOutActions) return false;
    return frameCounts(buf, off + RESP13_OFF.packetOutActions + buf.readUInt16BE(off + RESP13_OFF.packetOutActionsLen), off + len);
  }
  return false;
}

/** A PACKET_OUT whose frame starts at `data` (message ends at `end`) counts unless the frame is LLDP; one without a frame counts. */
function frameCounts(buf: Buffer, data: number, end: number): boolean {
  if (data + 14 > end) return true;
  let et = buf.readUInt16BE(data + 12);
  if (et === ETH_TYPE_VLAN && data + 18 <= end) et = buf.readUInt16BE(data + 16);
  return et !== ETH_TYPE_LLDP;
}
