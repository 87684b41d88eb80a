/**
 * The emulated switch's messages in OpenFlow 1.3 (`nodeflow bench -O 1.3`;
 * cbench itself speaks only 1.0). The same traffic as the 1.0 templates in
 * probe.ts: the probe carries the same 64-byte frame (eth_dst
 * 80:00:00:00:00:<id>, source MAC bytes 1..4 patched per probe), buffer ids
 * from 1, in_port 1 (an OXM IN_PORT in the match), reason NO_MATCH; the
 * learning packet is the same gratuitous ARP from port 2. A 1.3 switch also
 * describes its ports in a MULTIPART PORT_DESC reply (FEATURES_REPLY has
 * none). Built with the codec's generic encoder; patch offsets from the 1.3
 * schema.
 */
import { encodeMessage } from '../codec/index.js';
import { ofp_packet_in, ofp_flow_mod, ofp_packet_out } from '../codec/of13/schema.js';
import { offsetOf } from '../codec/views/common.js';
import { HEADER } from '../codec/views/frame.js';
import { PROBE_FRAME_SIZE, SWITCH_PORTS, probeFrame, learnFrame, portMac } from './probe.js';

const V = 4;
const oxmInPort = (port: number) => ({ class: 'OFPXMC_OPENFLOW_BASIC', field: 'OFPXMT_OFB_IN_PORT', hasmask: false, value: port }) as const;

function packetIn(xid: number, bufferId: number, inPort: number, frame: Buffer): Buffer {
  return encodeMessage({
    version: V, type: 'OFPT_PACKET_IN', xid, buffer_id: bufferId >>> 0, total_len: frame.length, reason: 'OFPR_NO_MATCH', table_id: 0,
    cookie: 0n, match: { type: 'OFPMT_OXM', oxm_fields: [oxmInPort(inPort)] }, data: frame,
  });
}

/** One 1.3 probe PACKET_IN for switch `switchId` (xid, buffer id and MAC patched later). */
export function probeTemplate13(switchId: number): Buffer {
  return packetIn(0, 0, 1, probeFrame(switchId));
}

/** Where the frame starts in a probe (after the padded OXM match and 2 pad bytes). */
export const PROBE13_DATA_OFF = probeTemplate13(1).length - PROBE_FRAME_SIZE;
export const PROBE13_SIZE = PROBE13_DATA_OFF + PROBE_FRAME_SIZE;
export const PI13_OFF = {
  xid: HEADER.xid,
  bufferId: offsetOf(ofp_packet_in, 'buffer_id'),
  /** The four varying source-MAC bytes (eth_src[1..4]). */
  mac: PROBE13_DATA_OFF + 6 + 1,
};

/** The learning packet: the gratuitous ARP of probe.ts as an unbuffered 1.3 PACKET_IN from port 2. */
export function learnTemplate13(switchId: number, xid: number): Buffer {
  return packetIn(xid, 0xffffffff, 2, learnFrame(switchId));
}

/** HELLO with a version bitmap offering 1.3 only (as Open vSwitch pinned to OpenFlow13 sends). */
export function hello13(): Buffer {
  return encodeMessage({ version: V, type: 'OFPT_HELLO', xid: 1, elements: [{ type: 'OFPHET_VERSIONBITMAP', bitmaps: [1 << V] }] });
}

/** FEATURES_REPLY: datapath id = the switch number (ports come in PORT_DESC). */
export function featuresReplyTemplate13(dpid: number): Buffer {
  return encodeMessage({
    version: V, type: 'OFPT_FEATURES_REPLY', xid: 0, datapath_id: BigInt(dpid), n_buffers: 256, n_tables: 1, auxiliary_id: 0,
    capabilities: 0x47, reserved: 0,
  });
}

/** MULTIPART_REPLY PORT_DESC: SWITCH_PORTS ports (xid patched per request). */
export function portDescReplyTemplate13(dpid: number): Buffer {
  const body = [];
  for (let p = 1; p <= SWITCH_PORTS; p++) {
    body.push({
      port_no: p, hw_addr: portMac(dpid, p), name: `s${dpid}-eth${p}`, config: 0, state: 0x4, // live
      curr: 0x820, advertised: 0, supported: 0, peer: 0, curr_speed: 1000000, max_speed: 0, // 1 Gb full duplex, copper
    });
  }
  return encodeMessage({ version: V, type: 'OFPT_MULTIPART_REPLY', xid: 0, multipart_type: 'OFPMP_PORT_DESC', flags: 0, body });
}

export function descReplyTemplate13(): Buffer {
  return encodeMessage({
    version: V, type: 'OFPT_MULTIPART_REPLY', xid: 0, multipart_type: 'OFPMP_DESC', flags: 0,
    body: { mfr_desc: 'nodeflow bench', hw_desc: 'emulated switch', sw_desc: 'nodeflow bench (OpenFlow 1.3)', serial_num: 'none', dp_desc: 'none' },
  });
}

export function getConfigReply13(xid: number, flags: number, missSendLen: number): Buffer {
  return encodeMessage({ version: V, type: 'OFPT_GET_CONFIG_REPLY', xid, flags, miss_send_len: missSendLen });
}

/** ERROR BAD_REQUEST/BAD_EXPERIMENTER carrying (up to 64 bytes of) the offending request. */
export function experimenterError13(xid: number, request: Buffer): Buffer {
  return encodeMessage({ version: V, type: 'OFPT_ERROR', xid, error_type: 'OFPET_BAD_REQUEST', code: 'OFPBRC_BAD_EXPERIMENTER', data: request.subarray(0, 64) });
}

export function barrierReply13(xid: number): Buffer {
  return encodeMessage({ version: V, type: 'OFPT_BARRIER_REPLY', xid });
}

export function echoReply13(xid: number, payload: Buffer): Buffer {
  return encodeMessage({ version: V, type: 'OFPT_ECHO_REPLY', xid, data: payload });
}

/** Offsets the 1.3 response counter reads (from the schema). */
export const RESP13_OFF = {
  flowModCommand: offsetOf(ofp_flow_mod, 'command'),
  packetOutActionsLen: offsetOf(ofp_packet_out, 'actions_len'),
  packetOutActions: offsetOf(ofp_packet_out, 'actions'),
};
