/**
 * MULTIPART_REQUEST / MULTIPART_REPLY (1.3 section A.3.5): header, the
 * multipart type (`multipart_type`, spec `type`, renamed because the header
 * already has `type`), flags (REQ_MORE / REPLY_MORE kept as data), 4 pad
 * bytes, then `body`: a struct or a list of records chosen by the type.
 * Unknown multipart types keep their body as bytes.
 */
import { len, list, pad, rest, str, struct, sub, u16, u32, u64, u8, union } from '../schema/define.js';
import type { Def, Member, StructDef } from '../schema/types.js';
import { header, ofp_port } from './common.js';
import { OFPMP, OFPT, ofpGroup, ofpGroupType, ofpMultipartType, ofpPort } from './enums.js';
import { ofp_bucket, ofp_meter_band } from './group-meter.js';
import { ofp_instruction } from './instructions.js';
import { ofp_match } from './match.js';
import { ofp_table_features } from './table-features.js';
import { ofp_action } from './actions.js';
import { NX_VENDOR_ID, nxStats, type NxHead } from '../nicira/messages.js';

// ---- bodies ----------------------------------------------------------------

/** `struct ofp_desc` (1056 bytes). */
export const ofp_desc = struct('ofp_desc', [
  str('mfr_desc', 256), str('hw_desc', 256), str('sw_desc', 256), str('serial_num', 32), str('dp_desc', 256),
]);

export const ofp_flow_stats_request = struct('ofp_flow_stats_request', [
  u8('table_id'), pad(3), u32('out_port', { enum: ofpPort }), u32('out_group', { enum: ofpGroup }), pad(4), u64('cookie'), u64('cookie_mask'), sub('match', ofp_match),
]);
export const ofp_aggregate_stats_request = struct('ofp_aggregate_stats_request', [
  u8('table_id'), pad(3), u32('out_port', { enum: ofpPort }), u32('out_group', { enum: ofpGroup }), pad(4), u64('cookie'), u64('cookie_mask'), sub('match', ofp_match),
]);

/** `struct ofp_flow_stats` (48 bytes before the match; 56 with an empty match). */
export const ofp_flow_stats = struct('ofp_flow_stats', [
  len('length'), u8('table_id'), pad(1), u32('duration_sec'), u32('duration_nsec'), u16('priority'),
  u16('idle_timeout'), u16('hard_timeout'), u16('flags'), pad(4), u64('cookie'), u64('packet_count'),
  u64('byte_count'), sub('match', ofp_match), list('instructions', ofp_instruction),
]);

export const ofp_aggregate_stats_reply = struct('ofp_aggregate_stats_reply', [
  u64('packet_count'), u64('byte_count'), u32('flow_count'), pad(4),
]);

export const ofp_table_stats = struct('ofp_table_stats', [
  u8('table_id'), pad(3), u32('active_count'), u64('lookup_count'), u64('matched_count'),
]);

export const ofp_port_stats_request = struct('ofp_port_stats_request', [u32('port_no', { enum: ofpPort }), pad(4)]);
/** `struct ofp_port_stats` (112 bytes). */
export const ofp_port_stats = struct('ofp_port_stats', [
  u32('port_no', { enum: ofpPort }), pad(4), u64('rx_packets'), u64('tx_packets'), u64('rx_bytes'), u64('tx_bytes'),
  u64('rx_dropped'), u64('tx_dropped'), u64('rx_errors'), u64('tx_errors'), u64('rx_frame_err'),
  u64('rx_over_err'), u64('rx_crc_err'), u64('collisions'), u32('duration_sec'), u32('duration_nsec'),
]);

export const ofp_queue_stats_request = struct('ofp_queue_stats_request', [u32('port_no', { enum: ofpPort }), u32('queue_id')]);
export const ofp_queue_stats = struct('ofp_queue_stats', [
  u32('port_no', { enum: ofpPort }), u32('queue_id'), u64('tx_bytes'), u64('tx_packets'), u64('tx_errors'), u32('duration_sec'),
  u32('duration_nsec'),
]);

export const ofp_group_stats_request = struct('ofp_group_stats_request', [u32('group_id', { enum: ofpGroup }), pad(4)]);
export const ofp_bucket_counter = struct('ofp_bucket_counter', [u64('packet_count'), u64('byte_count')]);
export const ofp_group_stats = struct('ofp_group_stats', [
  len('length'), pad(2), u32('group_id'), u32('ref_count'), pad(4), u64('packet_count'), u64('byte_count'),
  u32('duration_sec'), u32('duration_nsec'), list('bucket_stats', ofp_bucket_counter),
]);

export const ofp_group_desc = struct('ofp_group_desc', [
  len('length'), u8('type', { enum: ofpGroupType }), pad(1), u32('group_id', { enum: ofpGroup }), list('buckets', ofp_bucket),
]);

export const ofp_group_features = struct('ofp_group_features', [
  u32('types'), u32('capabilities'), list('max_groups', u32('max_groups'), 4), list('actions', u32('actions'), 4),
]);

export const ofp_meter_multipart_request = struct('ofp_meter_multipart_request', [u32('meter_id'), pad(4)]);
export const ofp_meter_band_stats = struct('ofp_meter_band_stats', [u64('packet_band_count'), u64('byte_band_count')]);
export const ofp_meter_stats = struct('ofp_meter_stats', [
  u32('meter_id'), len('len'), pad(6), u32('flow_count'), u64('packet_in_count'), u64('byte_in_count'),
  u32('duration_sec'), u32('duration_nsec'), list('band_stats', ofp_meter_band_stats),
]);
export const ofp_meter_config = struct('ofp_meter_config', [
  len('length'), u16('flags'), u32('meter_id'), list('bands', ofp_meter_band),
]);
export const ofp_meter_features = struct('ofp_meter_features', [
  u32('max_meter'), u32('band_types'), u32('capabilities'), u8('max_bands'), u8('max_color'), pad(2),
]);

export const ofp_experimenter_multipart_header = struct('ofp_experimenter_multipart_header', [
  u32('experimenter'), u32('exp_type'), rest('data'),
]);

/**
 * Nicira statistics as 1.3+ experimenter multipart bodies (OVS takes and
 * answers NXST_FLOW and NXST_AGGREGATE in every version): the body starts
 * with the experimenter id and the NXST subtype as `exp_type`, then the same
 * Nicira bodies as 1.0's vendor stats (codec/nicira/messages.ts nxStats),
 * with 1.3+ actions in the flow entries.
 */
const nxMultipartHead: NxHead = {
  tag: 'exp_type',
  members: (st, e) => [u32('experimenter', { fixed: NX_VENDOR_ID }), u32('exp_type', st === undefined ? { enum: e } : { fixed: st, enum: e })],
};
/** Experimenter multipart bodies by experimenter id: Nicira's named, others as bytes. */
export const ofp_experimenter_multipart_request = union('ofp_experimenter_multipart_request', 'experimenter', [
  nxStats(nxMultipartHead, 'request', ofp_action, NX_VENDOR_ID),
], { fallback: ofp_experimenter_multipart_header });
export const ofp_experimenter_multipart_reply = union('ofp_experimenter_multipart_reply', 'experimenter', [
  nxStats(nxMultipartHead, 'reply', ofp_action, NX_VENDOR_ID),
], { fallback: ofp_experimenter_multipart_header });

// ---- messages --------------------------------------------------------------

type Body = { one: Def } | { many: Def } | 'none';

function mp(dir: 'request' | 'reply', name: string, mpType: number, body: Body): StructDef {
  const t = dir === 'request' ? OFPT.MULTIPART_REQUEST : OFPT.MULTIPART_REPLY;
  const members: Member[] = [...header(t), u16('multipart_type', { fixed: mpType, enum: ofpMultipartType }), u16('flags'), pad(4)];
  if (body !== 'none') members.push('one' in body ? sub('body', body.one) : list('body', body.many));
  return struct(`ofp_multipart_${dir}_${name}`, members);
}

const requests: StructDef[] = [
  mp('request', 'desc', OFPMP.DESC, 'none'),
  mp('request', 'flow', OFPMP.FLOW, { one: ofp_flow_stats_request }),
  mp('request', 'aggregate', OFPMP.AGGREGATE, { one: ofp_aggregate_stats_request }),
  mp('request', 'table', OFPMP.TABLE, 'none'),
  mp('request', 'port_stats', OFPMP.PORT_STATS, { one: ofp_port_stats_request }),
  mp('request', 'queue', OFPMP.QUEUE, { one: ofp_queue_stats_request }),
  mp('request', 'group', OFPMP.GROUP, { one: ofp_group_stats_request }),
  mp('request', 'group_desc', OFPMP.GROUP_DESC, 'none'),
  mp('request', 'group_features', OFPMP.GROUP_FEATURES, 'none'),
  mp('request', 'meter', OFPMP.METER, { one: ofp_meter_multipart_request }),
  mp('request', 'meter_config', OFPMP.METER_CONFIG, { one: ofp_meter_multipart_request }),
  mp('request', 'meter_features', OFPMP.METER_FEATURES, 'none'),
  mp('request', 'table_features', OFPMP.TABLE_FEATURES, { many: ofp_table_features }),
  mp('request', 'port_desc', OFPMP.PORT_DESC, 'none'),
  mp('request', 'experimenter', OFPMP.EXPERIMENTER, { one: ofp_experimenter_multipart_request }),
];

const replies: StructDef[] = [
  mp('reply', 'desc', OFPMP.DESC, { one: ofp_desc }),
  mp('reply', 'flow', OFPMP.FLOW, { many: ofp_flow_stats }),
  mp('reply', 'aggregate', OFPMP.AGGREGATE, { one: ofp_aggregate_stats_reply }),
  mp('reply', 'table', OFPMP.TABLE, { many: ofp_table_stats }),
  mp('reply', 'port_stats', OFPMP.PORT_STATS, { many: ofp_port_stats }),
  mp('reply', 'queue', OFPMP.QUEUE, { many: ofp_queue_stats }),
  mp('reply', 'group', OFPMP.GROUP, { many: ofp_group_stats }),
  mp('reply', 'group_desc', OFPMP.GROUP_DESC, { many: ofp_group_desc }),
  mp('reply', 'group_features', OFPMP.GROUP_FEATURES, { one: ofp_group_features }),
  mp('reply', 'meter', OFPMP.METER, { many: ofp_meter_stats }),
  mp('reply', 'meter_config', OFPMP.METER_CONFIG, { many: ofp_meter_config }),
  mp('reply', 'meter_features', OFPMP.METER_FEATURES, { one: ofp_meter_features }),
  mp('reply', 'table_features', OFPMP.TABLE_FEATURES, { many: ofp_table_features }),
  mp('reply', 'port_desc', OFPMP.PORT_DESC, { many: ofp_port }),
  mp('reply', 'experimenter', OFPMP.EXPERIMENTER, { one: ofp_experimenter_multipart_reply }),
];

function unknown(dir: 'request' | 'reply'): StructDef {
  const t = dir === 'request' ? OFPT.MULTIPART_REQUEST : OFPT.MULTIPART_REPLY;
  return struct(`ofp_multipart_${dir}`, [
    ...header(t), u16('multipart_type', { enum: ofpMultipartType }), u16('flags'), pad(4), rest('body'),
  ]);
}

/** Fallback shape of a request (16 bytes before the body); also the spec's `struct ofp_multipart_request`. */
export const ofp_multipart_request_header = unknown('request');
export const ofp_multipart_reply_header = unknown('reply');

export const ofp_multipart_request = union('ofp_multipart_request', 'multipart_type', requests, {
  fallback: ofp_multipart_request_header, when: OFPT.MULTIPART_REQUEST,
});
export const ofp_multipart_reply = union('ofp_multipart_reply', 'multipart_type', replies, {
  fallback: ofp_multipart_reply_header, when: OFPT.MULTIPART_REPLY,
});

/** Every multipart request/reply variant, by struct name (for views and tests). */
export const multipartVariants: Readonly<Record<string, StructDef>> = Object.fromEntries(
  [...requests, ...replies].map((s) => [s.name, s]),
);
