/**
 * OpenFlow 1.0 building blocks shared by several messages: the header,
 * ofp_match, ofp_phy_port and the queue descriptions.
 */
import { len, list, mac, ipv4, pad, rest, str, struct, u16, u32, u8, union } from '../schema/define.js';
import type { Member } from '../schema/types.js';
import { prepareMatch10 } from './match-fields.js';
import { OFP10_VERSION, OFPQT, ofpPort, ofpQueueProperties, ofpType } from './enums.js';

/** ofp_header members (8 bytes); `type` is fixed per message. */
export function header(type: number): Member[] {
  return [u8('version', { fixed: OFP10_VERSION }), u8('type', { fixed: type, enum: ofpType }), len('length'), u32('xid', { default: 0 })];
}

/** The header alone, for static offsets. */
export const ofp_header = struct('ofp_header', [u8('version'), u8('type', { enum: ofpType }), u16('length'), u32('xid')]);

/** Flow description (40 bytes); which fields count is said by `wildcards` (OFPFW_*). */
export const ofp_match = struct('ofp_match', [
  u32('wildcards'), u16('in_port', { enum: ofpPort }), mac('dl_src'), mac('dl_dst'), u16('dl_vlan'), u8('dl_vlan_pcp'),
  pad(1), u16('dl_type'), u8('nw_tos'), u8('nw_proto'), pad(2), ipv4('nw_src'), ipv4('nw_dst'), u16('tp_src'),
  u16('tp_dst'),
], {
  // Encoding: `wildcards` may be left out and is then worked out from the fields given (match-fields.ts).
  encodePrepare: prepareMatch10,
});

/** Description of a physical port (48 bytes). config/state/features are OFPPC_/OFPPS_/OFPPF_ bit sets. */
export const ofp_phy_port = struct('ofp_phy_port', [
  u16('port_no', { enum: ofpPort }), mac('hw_addr'), str('name', 16), u32('config'), u32('state'), u32('curr'),
  u32('advertised'), u32('supported'), u32('peer'),
]);

/** Queue property with no further data (8 bytes). */
export const ofp_queue_prop_none = struct('ofp_queue_prop_none', [
  u16('property', { fixed: OFPQT.NONE, enum: ofpQueueProperties }), len('len'), pad(4),
]);
/** Minimum-rate queue property (16 bytes); rate in 1/10 of a percent, > 1000 means disabled. */
export const ofp_queue_prop_min_rate = struct('ofp_queue_prop_min_rate', [
  u16('property', { fixed: OFPQT.MIN_RATE, enum: ofpQueueProperties }), len('len'), pad(4), u16('rate'), pad(6),
]);
/** A property this codec has no layout for: kept as bytes after `len`. */
export const ofp_queue_prop_unknown = struct('ofp_queue_prop_unknown', [
  u16('property', { enum: ofpQueueProperties }), len('len'), rest('data'),
]);
export const ofp_queue_prop = union('ofp_queue_prop', 'property', [ofp_queue_prop_none, ofp_queue_prop_min_rate], {
  fallback: ofp_queue_prop_unknown,
});

/** A queue and its properties (8 bytes before the properties). */
export const ofp_packet_queue = struct('ofp_packet_queue', [
  u32('queue_id'), len('len'), pad(2), list('properties', ofp_queue_prop),
]);
