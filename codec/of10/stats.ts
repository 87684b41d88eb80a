/**
 * OpenFlow 1.0 statistics (spec 5.3.5): STATS_REQUEST and STATS_REPLY are
 * unions keyed by the stats type at offset 8. The header already has a
 * `type`, so the stats type is the `stats_type` member; the body is `body`
 * (one struct, or a list of records for flow/table/port/queue replies).
 * Open vSwitch adds type 13 (port description); vendor stats from Nicira
 * (NXST_*) are named; any other stats type or vendor keeps its body as
 * bytes and re-encodes byte-exact (an unknown code is data, not an error).
 */
import { len, list, pad, rest, str, struct, sub, u16, u32, u64, u8, union } from '../schema/define.js';
import type { Member } from '../schema/types.js';
import { header, ofp_phy_port } from './common.js';
import { NX_VENDOR_ID, nxStats, type NxHead } from '../nicira/messages.js';
import { ofp_match } from './common.js';
import { ofp_action } from './actions.js';
import { OFPST, OFPT, ofpPort, ofpStatsType } from './enums.js';


function statsHead(msg: number, stats: number): Member[] {
  return [...header(msg), u16('stats_type', { fixed: stats, enum: ofpStatsType }), u16('flags')];
}

/** The common 12-byte prefix, for static offsets. */
export const ofp_stats_request_header = struct('ofp_stats_request_header', [...header(OFPT.STATS_REQUEST), u16('stats_type', { enum: ofpStatsType }), u16('flags')]);
export const ofp_stats_reply_header = struct('ofp_stats_reply_header', [...header(OFPT.STATS_REPLY), u16('stats_type', { enum: ofpStatsType }), u16('flags')]);

// ---- bodies ------------------------------------------------------------------------
export const ofp_desc_stats = struct('ofp_desc_stats', [
  str('mfr_desc', 256), str('hw_desc', 256), str('sw_desc', 256), str('serial_num', 32), str('dp_desc', 256),
]);
export const ofp_flow_stats_request = struct('ofp_flow_stats_request', [
  sub('match', ofp_match), u8('table_id'), pad(1), u16('out_port', { enum: ofpPort }),
]);
export const ofp_aggregate_stats_request = struct('ofp_aggregate_stats_request', [
  sub('match', ofp_match), u8('table_id'), pad(1), u16('out_port', { enum: ofpPort }),
]);
export const ofp_flow_stats = struct('ofp_flow_stats', [
  len('length'), u8('table_id'), pad(1), sub('match', ofp_match), u32('duration_sec'), u32('duration_nsec'),
  u16('priority'), u16('idle_timeout'), u16('hard_timeout'), pad(6), u64('cookie'), u64('packet_count'),
  u64('byte_count'), list('actions', ofp_action),
]);
export const ofp_aggregate_stats_reply = struct('ofp_aggregate_stats_reply', [
  u64('packet_count'), u64('byte_count'), u32('flow_count'), pad(4),
]);
export const ofp_table_stats = struct('ofp_table_stats', [
  u8('table_id'), pad(3), str('name', 32), u32('wildcards'), u32('max_entries'), u32('active_count'),
  u64('lookup_count'), u64('matched_count'),
]);
export const ofp_port_stats_request = struct('ofp_port_stats_request', [u16('port_no', { enum: ofpPort }), pad(6)]);
export const ofp_port_stats = struct('ofp_port_stats', [
  u16('port_no', { enum: ofpPort }), pad(6), u64('rx_packets'), u64('tx_packets'), u64('rx_bytes'), u64('tx_bytes'),
  u64('rx_dropped'), u64('tx_dropped'), u64('rx_errors'), u64('tx_errors'), u64('rx_frame_err'), u64('rx_over_err'),
  u64('rx_crc_err'), u64('collisions'),
]);
export const ofp_queue_stats_request = struct('ofp_queue_stats_request', [u16('port_no', { enum: ofpPort }), pad(2), u32('queue_id')]);
export const ofp_queue_stats = struct('ofp_queue_stats', [
  u16('port_no', { enum: ofpPort }), pad(2), u32('queue_id'), u64('tx_bytes'), u64('tx_packets'), u64('tx_errors'),
]);

// ---- requests ------------------------------------------------------------------------
const R = OFPT.STATS_REQUEST;
export const ofp_desc_stats_request = struct('ofp_desc_stats_request', [...statsHead(R, OFPST.DESC)]);
export const ofp_flow_stats_request_msg = struct('ofp_flow_stats_request_msg', [...statsHead(R, OFPST.FLOW), sub('body', ofp_flow_stats_request)]);
export const ofp_aggregate_stats_request_msg = struct('ofp_aggregate_stats_request_msg', [...statsHead(R, OFPST.AGGREGATE), sub('body', ofp_aggregate_stats_request)]);
export const ofp_table_stats_request = struct('ofp_table_stats_request', [...statsHead(R, OFPST.TABLE)]);
export const ofp_port_stats_request_msg = struct('ofp_port_stats_request_msg', [...statsHead(R, OFPST.PORT), sub('body', ofp_port_stats_request)]);
export const ofp_queue_stats_request_msg = struct('ofp_queue_stats_request_msg', [...statsHead(R, OFPST.QUEUE), sub('body', ofp_queue_stats_request)]);
/** Vendor statistics of a vendor without a layout here: a vendor id, then vendor-defined bytes. */
export const ofp_vendor_stats_request = struct('ofp_vendor_stats_request', [...statsHead(R, OFPST.VENDOR), u32('vendor'), rest('data')]);
/** Open vSwitch's port description (OFPST_PORT_DESC, 13, an OVS extension to 1.0): no request body. */
export const ofp_port_desc_stats_request = struct('ofp_port_desc_stats_request', [...statsHead(R, OFPST.PORT_DESC)]);

/** How 1.0 spells the Nicira stats head: `struct nicira10_stats_msg` (vendor, subtype, 4 pad bytes). */
function nxStatsHead(msg: number): NxHead {
  return {
    tag: 'subtype',
    members: (st, e) => [
      ...statsHead(msg, OFPST.VENDOR), u32('vendor', { fixed: NX_VENDOR_ID }),
      u32('subtype', st === undefined ? { enum: e } : { fixed: st, enum: e }), pad(4),
    ],
  };
}
/** Vendor statistics by vendor id: Nicira's NXST_FLOW / NXST_AGGREGATE named, others opaque. */
export const ofp_vendor_stats_request_msg = union('ofp_vendor_stats_request_msg', 'vendor', [
  nxStats(nxStatsHead(R), 'request', ofp_action, NX_VENDOR_ID),
], { fallback: ofp_vendor_stats_request, when: OFPST.VENDOR });
/** A stats type without a layout here: its body kept as bytes (never a decode error). */
export const ofp_stats_request_unknown = struct('ofp_stats_request_unknown', [...header(R), u16('stats_type', { enum: ofpStatsType }), u16('flags'), rest('body')]);

export const ofp_stats_request = union('ofp_stats_request', 'stats_type', [
  ofp_desc_stats_request, ofp_flow_stats_request_msg, ofp_aggregate_stats_request_msg, ofp_table_stats_request,
  ofp_port_stats_request_msg, ofp_queue_stats_request_msg, ofp_port_desc_stats_request, ofp_vendor_stats_request_msg,
], { when: OFPT.STATS_REQUEST, fallback: ofp_stats_request_unknown });

// ---- replies ---------------------------------------------------------------------------
const P = OFPT.STATS_REPLY;
export const ofp_desc_stats_reply = struct('ofp_desc_stats_reply', [...statsHead(P, OFPST.DESC), sub('body', ofp_desc_stats)]);
export const ofp_flow_stats_reply = struct('ofp_flow_stats_reply', [...statsHead(P, OFPST.FLOW), list('body', ofp_flow_stats)]);
export const ofp_aggregate_stats_reply_msg = struct('ofp_aggregate_stats_reply_msg', [...statsHead(P, OFPST.AGGREGATE), sub('body', ofp_aggregate_stats_reply)]);
export const ofp_table_stats_reply = struct('ofp_table_stats_reply', [...statsHead(P, OFPST.TABLE), list('body', ofp_table_stats)]);
export const ofp_port_stats_reply = struct('ofp_port_stats_reply', [...statsHead(P, OFPST.PORT), list('body', ofp_port_stats)]);
export const ofp_queue_stats_reply = struct('ofp_queue_stats_reply', [...statsHead(P, OFPST.QUEUE), list('body', ofp_queue_stats)]);
export const ofp_vendor_stats_reply = struct('ofp_vendor_stats_reply', [...statsHead(P, OFPST.VENDOR), u32('vendor'), rest('data')]);
export const ofp_port_desc_stats_reply = struct('ofp_port_desc_stats_reply', [...statsHead(P, OFPST.PORT_DESC), list('body', ofp_phy_port)]);
export const ofp_vendor_stats_reply_msg = union('ofp_vendor_stats_reply_msg', 'vendor', [
  nxStats(nxStatsHead(P), 'reply', ofp_action, NX_VENDOR_ID),
], { fallback: ofp_vendor_stats_reply, when: OFPST.VENDOR });
export const ofp_stats_reply_unknown = struct('ofp_stats_reply_unknown', [...header(P), u16('stats_type', { enum: ofpStatsType }), u16('flags'), rest('body')]);

export const ofp_stats_reply = union('ofp_stats_reply', 'stats_type', [
  ofp_desc_stats_reply, ofp_flow_stats_reply, ofp_aggregate_stats_reply_msg, ofp_table_stats_reply,
  ofp_port_stats_reply, ofp_queue_stats_reply, ofp_port_desc_stats_reply, ofp_vendor_stats_reply_msg,
], { when: OFPT.STATS_REPLY, fallback: ofp_stats_reply_unknown });
