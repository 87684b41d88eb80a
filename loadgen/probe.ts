/**
 * Message templates of the emulated switch, built once with the codec's
 * generic encoder (codec/message.ts) and patched in place afterwards.
 *
 * The probe is the PACKET_IN cbench sends (82 bytes: 18-byte header and
 * fixed part, 64 bytes of frame): buffer_id counting up from 1 and wrapping
 * at 100000, in_port 1, reason NO_MATCH, destination MAC 80:00:00:00:00:<id>,
 * source MAC 00:<4 bytes of the MAC counter, little-endian>:<id>, an IPv4
 * packet behind it. Offsets of the patched fields come from the 1.0 schema.
 */
import { encodeMessage } from '../codec/index.js'; // (index registers the version schemas)
import { ofp_packet_in, ofp_flow_mod, ofp_packet_out, ofp_switch_config } from '../codec/of10/schema.js';
import { offsetOf, prefixSize } from '../codec/views/common.js';
import { HEADER } from '../codec/views/frame.js';

/** cbench's NUM_BUFFER_IDS: buffer ids run 1, 2, ... 99999, 0, 1, ... */
export const NUM_BUFFER_IDS = 100000;
export const PROBE_SIZE = 82;
export const PROBE_FRAME_SIZE = 64;
/** The emulated switches' port count (cbench: 4). */
export const SWITCH_PORTS = 4;

export const PI_OFF = {
  xid: HEADER.xid,
  bufferId: offsetOf(ofp_packet_in, 'buffer_id'),
  inPort: offsetOf(ofp_packet_in, 'in_port'),
  data: offsetOf(ofp_packet_in, 'data'),
};
if (prefixSize(ofp_packet_in) + PROBE_FRAME_SIZE !== PROBE_SIZE) throw new Error('loadgen: 1.0 PACKET_IN prefix is not 18 bytes');
/** Where in a probe the four varying source-MAC bytes start (eth_src[1..4]). */
export const PROBE_MAC_OFF = PI_OFF.data + 6 + 1;

/** Offsets the response counter reads (from the schema, not hand arithmetic). */
export const RESP_OFF = {
  type: HEADER.type,
  length: HEADER.length,
  flowModCommand: offsetOf(ofp_flow_mod, 'command'),
  packetOutActionsLen: offsetOf(ofp_packet_out, 'actions_len'),
  packetOutActions: offsetOf(ofp_packet_out, 'actions'),
  configFlags: offsetOf(ofp_switch_config, 'flags'),
  configMissSendLen: offsetOf(ofp_switch_config, 'miss_send_len'),
};

function mac(b: number[]): string {
  return b.map((x) => x.toString(16).padStart(2, '0')).join(':');
}

/** The 64-byte frame of a probe: Ethernet + a 20-byte IPv4 header (protocol 255) + 30 payload bytes. */
export function probeFrame(switchId: number): Buffer {
  const f = Buffer.alloc(PROBE_FRAME_SIZE);
  f.set([0x80, 0, 0, 0, 0, switchId & 0xff], 0); // eth_dst: the address the learning ARP announced
  f.set([0, 0, 0, 0, 0, switchId & 0xff], 6); // eth_src: bytes 1..4 patched per probe
  f.writeUInt16BE(0x0800, 12);
  const ip = 14;
  f[ip] = 0x45; // IPv4, 5-word header
  f.writeUInt16BE(PROBE_FRAME_SIZE - ip, ip + 2); // total length 50
  f[ip + 8] = 64; // ttl
  f[ip + 9] = 0xff; // protocol: reserved, nobody parses it
  f.set([192, 168, 0, 40], ip + 12);
  f.set([192, 168, 1, 40], ip + 16);
  let sum = 0;
  for (let i = 0; i < 20; i += 2) sum += f.readUInt16BE(ip + i);
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  f.writeUInt16BE(~sum & 0xffff, ip + 10);
  for (let i = ip + 20; i < PROBE_FRAME_SIZE; i++) f[i] = (i * 37) & 0xff; // filler
  return f;
}

/** One probe PACKET_IN for switch `switchId` (xid, buffer id and MAC patched later). */
export function probeTemplate(switchId: number): Buffer {
  const b = encodeMessage({
    version: 1, type: 'OFPT_PACKET_IN', xid: 0, buffer_id: 0, total_len: PROBE_FRAME_SIZE, in_port: 1,
    reason: 'OFPR_NO_MATCH', data: probeFrame(switchId),
  });
  if (b.length !== PROBE_SIZE) throw new Error(`loadgen: probe is ${b.length} bytes, not ${PROBE_SIZE}`);
  return b;
}

/** Patch xid, buffer id and source MAC counter of the 1.0 probe at buf[off]. */
export function patchProbe(buf: Buffer, off: number, xid: number, bufferId: number, macIndex: number): void {
  patchProbeAt(buf, off, PATCH10, xid, bufferId, macIndex);
}
const PATCH10 = { xid: PI_OFF.xid, bufferId: PI_OFF.bufferId, mac: PROBE_MAC_OFF };

/** Patch a probe of any version at buf[off], fields at `o` (byte stores: no calls per field). */
export function patchProbeAt(
  buf: Buffer, off: number, o: { readonly xid: number; readonly bufferId: number; readonly mac: number }, xid: number, bufferId: number, macIndex: number,
): void {
  let a = off + o.xid;
  buf[a] = xid >>> 24; buf[a + 1] = xid >>> 16; buf[a + 2] = xid >>> 8; buf[a + 3] = xid;
  a = off + o.bufferId;
  buf[a] = bufferId >>> 24; buf[a + 1] = bufferId >>> 16; buf[a + 2] = bufferId >>> 8; buf[a + 3] = bufferId;
  // cbench copies a host-order int (little-endian on x86) into eth_src[1..4]
  a = off + o.mac;
  buf[a] = macIndex; buf[a + 1] = macIndex >>> 8; buf[a + 2] = macIndex >>> 16; buf[a + 3] = macIndex >>> 24;
}

/** The learning frame: a gratuitous ARP reply from 80:00:00:00:00:<id> (192.168.<id>.40), 64 bytes. */
export function learnFrame(switchId: number): Buffer {
  const id = switchId & 0xff;
  const m = [0x80, 0, 0, 0, 0, id];
  const ipAddr = [192, 168, id, 40];
  const f = Buffer.alloc(PROBE_FRAME_SIZE);
  f.fill(0xff, 0, 6);
  f.set(m, 6);
  f.writeUInt16BE(0x0806, 12);
  const a = 14;
  f.writeUInt16BE(1, a); // htype ethernet
  f.writeUInt16BE(0x0800, a + 2);
  f[a + 4] = 6; f[a + 5] = 4;
  f.writeUInt16BE(2, a + 6); // reply
  f.set(m, a + 8); f.set(ipAddr, a + 14); f.set(m, a + 18); f.set(ipAddr, a + 24);
  return f;
}

/** The learning packet sent once before probing: learnFrame as an unbuffered PACKET_IN from port 2. */
export function learnTemplate(switchId: number, xid: number): Buffer {
  return encodeMessage({
    version: 1, type: 'OFPT_PACKET_IN', xid, buffer_id: 0xffffffff, total_len: PROBE_FRAME_SIZE, in_port: 2,
    reason: 'OFPR_NO_MATCH', data: learnFrame(switchId),
  });
}

/** The MAC address of port p of emulated switch dpid: 02:00:<dpid, 3 bytes>:<p>. */
export function portMac(dpid: number, p: number): string {
  return mac([0x02, 0, (dpid >>> 16) & 0xff, (dpid >>> 8) & 0xff, dpid & 0xff, p]);
}

/** FEATURES_REPLY: datapath id = the switch number, SWITCH_PORTS ports (xid patched per request). */
export function featuresReplyTemplate(dpid: number): Buffer {
  const ports = [];
  for (let p = 1; p <= SWITCH_PORTS; p++) {
    ports.push({
      port_no: p, hw_addr: portMac(dpid, p), name: `s${dpid}-eth${p}`,
      config: 0, state: 0, curr: 0xc0, advertised: 0, supported: 0, peer: 0, // 1 Gb full duplex, copper
    });
  }
  return encodeMessage({
    version: 1, type: 'OFPT_FEATURES_REPLY', xid: 0, datapath_id: BigInt(dpid), n_buffers: 256, n_tables: 1,
    capabilities: 0x87, actions: 0xfff, ports,
  });
}

export function descStatsReplyTemplate(): Buffer {
  return encodeMessage({
    version: 1, type: 'OFPT_STATS_REPLY', xid: 0, stats_type: 'OFPST_DESC', flags: 0,
    body: { mfr_desc: 'nodeflow bench', hw_desc: 'emulated switch', sw_desc: 'nodeflow bench (cbench-compatible)', serial_num: 'none', dp_desc: 'none' },
  });
}

export function getConfigReply(xid: number, flags: number, missSendLen: number): Buffer {
  return encodeMessage({ version: 1, type: 'OFPT_GET_CONFIG_REPLY', xid, flags, miss_send_len: missSendLen });
}

/** ERROR BAD_REQUEST/BAD_VENDOR carrying (up to 64 bytes of) the offending request. */
export function vendorError(xid: number, request: Buffer): Buffer {
  return encodeMessage({ version: 1, type: 'OFPT_ERROR', xid, error_type: 'OFPET_BAD_REQUEST', code: 'OFPBRC_BAD_VENDOR', data: request.subarray(0, 64) });
}

export function headerOnly(type: string, xid: number): Buffer {
  return encodeMessage({ version: 1, type, xid });
}

export function echoReply(xid: number, payload: Buffer): Buffer {
  return encodeMessage({ version: 1, type: 'OFPT_ECHO_REPLY', xid, data: payload });
}

/** Write `xid` into the header of a template (the reply answers the request's xid). */
export function setXid(buf: Buffer, xid: number): Buffer {
  buf.writeUInt32BE(xid >>> 0, HEADER.xid);
  return buf;
}
