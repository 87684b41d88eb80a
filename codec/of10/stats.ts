/**
 * OpenFlow 1.0 statistics (spec 5.3.5): STATS_REQUEST and STATS_REPLY are
 * unions keyed by the stats type at offset 8. The header already has a
 * `type`, so the stats type is the `stats_type` member; the body is `body`
 * (one struct, or a list of records for flow/table/port/queue replies).
 * An unknown stats type is an error: OFPET_BAD_REQUEST / OFPBRC_BAD_STAT.
 */
import { len, list, pad, rest, str, struct, sub, u16, u32, u64, u8, union } from '../schema/define.js';
import { OFPET_BAD_REQUEST, OFPBRC_BAD_STAT } from '../schema/errors.js';
import type { Member } from '../schema/types.js';
import { header } from './common.js';
import { ofp_match } from './common.js';
import { ofp_action } from './actions.js';
import { OFPST, OFPT, ofpPort, ofpStatsType } from './enums.js';

const BAD_STAT = { type: OFPET_BAD_REQUEST, code: OFPBRC_BAD_STAT };

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
/** Vendor statistics: a vendor id, then vendor-defined bytes. */
export const ofp_vendor_stats_request = struct('ofp_vendor_stats_request', [...statsHead(R, OFPST.VENDOR), u32('vendor'), rest('data')]);

export const ofp_stats_request = union('ofp_stats_request', 'stats_type', [
  ofp_desc_stats_request, ofp_flow_stats_request_msg, ofp_aggregate_stats_request_msg, ofp_table_stats_request,
  ofp_port_stats_request_msg, ofp_queue_stats_request_msg, ofp_vendor_stats_request,
], { when: OFPT.STATS_REQUEST, unknownError: BAD_STAT });

// ---- replies ---------------------------------------------------------------------------
const P = OFPT.STATS_REPLY;
export const ofp_desc_stats_reply = struct('ofp_desc_stats_reply', [...statsHead(P, OFPST.DESC), sub('body', ofp_desc_stats)]);
export const ofp_flow_stats_reply = struct('ofp_flow_stats_reply', [...statsHead(P, OFPST.FLOW), list('body', ofp_flow_stats)]);
export const ofp_aggregate_stats_reply_msg = struct('ofp_aggregate_stats_reply_msg', [...statsHead(P, OFPST.AGGREGATE), sub('body', ofp_aggregate_stats_reply)]);
export const ofp_table_stats_reply = struct('ofp_table_stats_reply', [...statsHead(P, OFPST.TABLE), list('body', ofp_table_stats)]);
export const ofp_port_stats_reply = struct('ofp_port_stats_reply', [...statsHead(P, OFPST.PORT), list('body', ofp_port_stats)]);
export const ofp_queue_stats_reply = struct('ofp_queue_stats_reply', [...statsHead(P, OFPST.QUEUE), list('body', ofp_queue_stats)]);
export const ofp_vendor_stats_reply = struct('ofp_vendor_stats_reply', [...statsHead(P, OFPST.VENDOR), u32('vendor'), rest('data')]);

export const ofp_stats_reply = union('ofp_stats_reply', 'stats_type', [
  ofp_desc_stats_reply, ofp_flow_stats_reply, ofp_aggregate_stats_reply_msg, ofp_table_stats_reply,
  ofp_port_stats_reply, ofp_queue_stats_reply, ofp_vendor_stats_reply,
], { when: OFPT.STATS_REPLY, unknownError: BAD_STAT });
