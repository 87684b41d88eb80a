/**
 * MULTIPART_REQUEST / MULTIPART_REPLY of 1.4 and 1.5. The message layout is
 * that of 1.3 (header, `multipart_type`, flags, 4 pad bytes, `body`); the
 * bodies whose layout did not change are the 1.3 structs themselves. The
 * builder takes each version's table of bodies; an unknown multipart type
 * keeps its body as bytes.
 */
import { len, list, pad, rest, struct, sub, u16, u32, u64, u8, union } from '../schema/define.js';
import type { Def, EnumDef, Member, StructDef, UnionDef } from '../schema/types.js';
import { OFPT } from '../of13/enums.js';
import { ofpGroup, ofpPort } from '../of13/enums.js';
import { ofp_instruction } from '../of13/instructions.js';
import { ofp_match } from '../of13/match.js';
import {
  OFPFME, OFPPSPT, OFPQDPT, ofpFlowMonitorCommand, ofpFlowUpdateEvent, ofpPortStatsPropType, ofpQueueDescPropType,
  ofpQueueStatsPropType,
} from './enums.js';
import { header14 } from './messages.js';
import { prop, propList } from './properties.js';

export type Body = { one: Def } | { many: Def } | 'none';
/** One multipart type of a version: name, code, request body, reply body. */
export type MultipartEntry = readonly [name: string, code: number, request: Body, reply: Body];

function mp(dir: 'request' | 'reply', name: string, code: number, body: Body, e: EnumDef, hdr: EnumDef): StructDef {
  const t = dir === 'request' ? OFPT.MULTIPART_REQUEST : OFPT.MULTIPART_REPLY;
  const members: Member[] = [...header14(t, hdr), u16('multipart_type', { fixed: code, enum: e }), u16('flags'), pad(4)];
  if (body !== 'none') members.push('one' in body ? sub('body', body.one) : list('body', body.many));
  return struct(`ofp_multipart_${dir}_${name}`, members);
}

/** The request and reply unions of one version, plus every variant by name. */
export function multipartUnions(entries: readonly MultipartEntry[], e: EnumDef, hdr: EnumDef): {
  request: UnionDef; reply: UnionDef; variants: Record<string, StructDef>;
} {
  const out = (dir: 'request' | 'reply') => {
    const t = dir === 'request' ? OFPT.MULTIPART_REQUEST : OFPT.MULTIPART_REPLY;
    const vs = entries.map(([n, c, rq, rp]) => mp(dir, n, c, dir === 'request' ? rq : rp, e, hdr));
    const fallback = struct(`ofp_multipart_${dir}`, [
      ...header14(t, hdr), u16('multipart_type', { enum: e }), u16('flags'), pad(4), rest('body'),
    ]);
    return { u: union(`ofp_multipart_${dir}`, 'multipart_type', vs, { fallback, when: t }), vs };
  };
  const rq = out('request');
  const rp = out('reply');
  return { request: rq.u, reply: rp.u, variants: Object.fromEntries([...rq.vs, ...rp.vs].map((s) => [s.name, s])) };
}

// ---- bodies new or changed in 1.4 ------------------------------------------------------

/** 1.4 flow stats: `importance` in 2 of 1.3's pad bytes. */
export const ofp_flow_stats = struct('ofp_flow_stats', [
  len('length'), u8('table_id'), pad(1), u32('duration_sec'), u32('duration_nsec'), u16('priority'),
  u16('idle_timeout'), u16('hard_timeout'), u16('flags'), u16('importance'), pad(2), u64('cookie'), u64('packet_count'),
  u64('byte_count'), sub('match', ofp_match), list('instructions', ofp_instruction),
]);

export const ofp_port_stats_prop_ethernet = prop('ofp_port_stats_prop_ethernet', OFPPSPT.ETHERNET, ofpPortStatsPropType, [
  pad(4), u64('rx_frame_err'), u64('rx_over_err'), u64('rx_crc_err'), u64('collisions'),
]);
export const ofp_port_stats_prop_optical = prop('ofp_port_stats_prop_optical', OFPPSPT.OPTICAL, ofpPortStatsPropType, [
  pad(4), u32('flags'), u32('tx_freq_lmda'), u32('tx_offset'), u32('tx_grid_span'), u32('rx_freq_lmda'), u32('rx_offset'),
  u32('rx_grid_span'), u16('tx_pwr'), u16('rx_pwr'), u16('bias_current'), u16('temperature'),
]);
export const ofp_port_stats_prop = propList('ofp_port_stats_prop', ofpPortStatsPropType, [ofp_port_stats_prop_ethernet, ofp_port_stats_prop_optical]);
/** `struct ofp_port_stats` of 1.4/1.5 (80 bytes, then properties). */
export const ofp_port_stats = struct('ofp_port_stats', [
  len('length'), pad(2), u32('port_no', { enum: ofpPort }), u32('duration_sec'), u32('duration_nsec'), u64('rx_packets'),
  u64('tx_packets'), u64('rx_bytes'), u64('tx_bytes'), u64('rx_dropped'), u64('tx_dropped'), u64('rx_errors'),
  u64('tx_errors'), list('properties', ofp_port_stats_prop),
]);

export const ofp_queue_stats_prop = propList('ofp_queue_stats_prop', ofpQueueStatsPropType, []);
export const ofp_queue_stats = struct('ofp_queue_stats', [
  len('length'), pad(6), u32('port_no', { enum: ofpPort }), u32('queue_id'), u64('tx_bytes'), u64('tx_packets'),
  u64('tx_errors'), u32('duration_sec'), u32('duration_nsec'), list('properties', ofp_queue_stats_prop),
]);

export const ofp_queue_desc_prop_min_rate = prop('ofp_queue_desc_prop_min_rate', OFPQDPT.MIN_RATE, ofpQueueDescPropType, [u16('rate'), pad(2)]);
export const ofp_queue_desc_prop_max_rate = prop('ofp_queue_desc_prop_max_rate', OFPQDPT.MAX_RATE, ofpQueueDescPropType, [u16('rate'), pad(2)]);
export const ofp_queue_desc_prop = propList('ofp_queue_desc_prop', ofpQueueDescPropType, [ofp_queue_desc_prop_min_rate, ofp_queue_desc_prop_max_rate]);
export const ofp_queue_desc_request = struct('ofp_queue_desc_request', [u32('port_no', { enum: ofpPort }), u32('queue_id')]);
export const ofp_queue_desc = struct('ofp_queue_desc', [
  u32('port_no', { enum: ofpPort }), u32('queue_id'), len('len'), pad(6), list('properties', ofp_queue_desc_prop),
]);

export const ofp_flow_monitor_request = struct('ofp_flow_monitor_request', [
  u32('monitor_id'), u32('out_port', { enum: ofpPort }), u32('out_group', { enum: ofpGroup }), u16('flags'), u8('table_id'),
  u8('command', { enum: ofpFlowMonitorCommand }), sub('match', ofp_match),
]);

function update(name: string, events: number[], body: Member[]): StructDef[] {
  return events.map((ev) => struct(events.length > 1 ? `${name}_${ev}` : name, [
    len('length'), u16('event', { fixed: ev, enum: ofpFlowUpdateEvent }), ...body,
  ]));
}
/** Flow updates by event: full (initial/added/removed/modified), abbreviated, paused/resumed; others opaque. */
export const ofp_flow_update = union('ofp_flow_update', 'event', [
  ...update('ofp_flow_update_full', [OFPFME.INITIAL, OFPFME.ADDED, OFPFME.REMOVED, OFPFME.MODIFIED], [
    u8('table_id'), u8('reason'), u16('idle_timeout'), u16('hard_timeout'), u16('priority'), pad(4), u64('cookie'),
    sub('match', ofp_match), list('instructions', ofp_instruction),
  ]),
  ...update('ofp_flow_update_abbrev', [OFPFME.ABBREV], [u32('xid')]),
  ...update('ofp_flow_update_paused', [OFPFME.PAUSED, OFPFME.RESUMED], [pad(4)]),
], { fallback: struct('ofp_flow_update_unknown', [len('length'), u16('event', { enum: ofpFlowUpdateEvent }), rest('body')]) });
