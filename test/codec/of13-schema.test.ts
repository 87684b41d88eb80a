/**
 * OpenFlow 1.3 schema: layouts against the sizes the 1.3 spec asserts, the
 * OXM field table (widths checked on decode, masks, opaque classes), opaque
 * fallbacks for unknown TLV types, error codes named per error type.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { decodeMessage, encodeMessage } from '../../codec/message.js';
import { of13 } from '../../codec/index.js';
import { decodeDef } from '../../codec/schema/decode.js';
import { CodecError } from '../../codec/schema/errors.js';
import type { StructDef, UnionDef } from '../../codec/schema/types.js';
import * as s from '../../codec/of13/schema.js';
import { OFPT, OFPET, errorCodeEnums } from '../../codec/of13/enums.js';
import { OXM_OFB_FIELDS, oxmField } from '../../codec/of13/oxm.js';
import { tryEncodeMessage } from '../../codec/message.js';

const size = (d: StructDef) => d.layout.size;
const at = (d: StructDef, m: string) => d.layout.offsets[m];

test('fixed-size structs have the sizes the 1.3 spec asserts', () => {
  const fixed: [StructDef, number][] = [
    [s.ofp_header, 8], [s.ofp_port, 64], [s.ofp_switch_features, 32], [s.ofp_port_status, 80], [s.ofp_port_mod, 40],
    [s.ofp_table_mod, 16], [s.ofp_get_config_reply, 12], [s.ofp_set_config, 12], [s.ofp_role_request, 24],
    [s.ofp_role_reply, 24], [s.ofp_get_async_reply, 32], [s.ofp_set_async, 32], [s.ofp_queue_get_config_request, 16],
    [s.ofp_desc, 1056], [s.ofp_aggregate_stats_reply, 24], [s.ofp_table_stats, 24], [s.ofp_port_stats, 112],
    [s.ofp_port_stats_request, 8], [s.ofp_queue_stats_request, 8], [s.ofp_queue_stats, 40], [s.ofp_group_stats_request, 8],
    [s.ofp_bucket_counter, 16], [s.ofp_group_features, 40], [s.ofp_meter_multipart_request, 8],
    [s.ofp_meter_band_stats, 16], [s.ofp_meter_features, 16], [s.ofp_meter_band_drop, 16],
    [s.ofp_meter_band_dscp_remark, 16], [s.ofp_queue_prop_min_rate, 16], [s.ofp_queue_prop_max_rate, 16],
    [s.ofp_action_output, 16], [s.ofp_action_copy_ttl_out, 8], [s.ofp_action_copy_ttl_in, 8], [s.ofp_action_mpls_ttl, 8],
    [s.ofp_action_dec_mpls_ttl, 8], [s.ofp_action_push_vlan, 8], [s.ofp_action_pop_vlan, 8], [s.ofp_action_push_mpls, 8],
    [s.ofp_action_pop_mpls, 8], [s.ofp_action_set_queue, 8], [s.ofp_action_group, 8], [s.ofp_action_nw_ttl, 8],
    [s.ofp_action_dec_nw_ttl, 8], [s.ofp_action_push_pbb, 8], [s.ofp_action_pop_pbb, 8],
    [s.ofp_instruction_goto_table, 8], [s.ofp_instruction_write_metadata, 24], [s.ofp_instruction_meter, 8],
    [s.ofp_features_request, 8], [s.ofp_barrier_request, 8], [s.ofp_get_async_request, 8],
  ];
  for (const [d, n] of fixed) {
    assert.ok(d.layout.fixed, `${d.name} is fixed-size`);
    assert.is(size(d), n, d.name);
  }
});

test('variable structs put their variable part where the 1.3 spec does', () => {
  const offsets: [StructDef, string, number][] = [
    [s.ofp_packet_in, 'match', 24], // 16 bytes after the header; sizeof == 32 with an empty match
    [s.ofp_flow_mod, 'match', 48], // sizeof == 56
    [s.ofp_flow_removed, 'match', 48], // sizeof == 56
    [s.ofp_packet_out, 'actions', 24],
    [s.ofp_multipart_request_header, 'body', 16], [s.ofp_multipart_reply_header, 'body', 16],
    [s.ofp_flow_stats, 'match', 48], // sizeof == 56
    [s.ofp_flow_stats_request, 'match', 32], // sizeof == 40
    [s.ofp_table_features, 'properties', 64],
    [s.ofp_group_mod, 'buckets', 16], [s.ofp_bucket, 'actions', 16], [s.ofp_group_desc, 'buckets', 8],
    [s.ofp_group_stats, 'bucket_stats', 40], [s.ofp_meter_mod, 'bands', 16], [s.ofp_meter_stats, 'band_stats', 40],
    [s.ofp_meter_config, 'bands', 8], [s.ofp_packet_queue, 'properties', 16], [s.ofp_queue_get_config_reply, 'queues', 16],
    [s.ofp_error_msg, 'data', 12], [s.ofp_error_experimenter_msg, 'data', 16], [s.ofp_experimenter_header, 'data', 16],
    [s.ofp_hello, 'elements', 8], [s.ofp_match, 'oxm_fields', 4], [s.ofp_instruction_write_actions, 'actions', 8],
    [s.ofp_action_set_field, 'field', 4], [s.ofp_action_experimenter_header, 'body', 8],
    [s.ofp_instruction_experimenter, 'body', 8], [s.ofp_meter_band_experimenter, 'body', 16],
  ];
  for (const [d, m, n] of offsets) assert.is(at(d, m), n, `${d.name}.${m}`);
  assert.is(s.ofp_match.layout.align, 8, 'ofp_match pads to 8 outside its length');
});

test('the message union covers exactly the types 0-29', () => {
  const keys = [...(of13.message as UnionDef).variants.keys()].sort((a, b) => a - b);
  assert.equal(keys, Object.values(OFPT).slice().sort((a, b) => a - b));
  assert.equal(keys, [...Array(30).keys()]);
});

const base = { version: 4, xid: 7 };
function roundTrip(v: Record<string, unknown>): any {
  const bytes = encodeMessage({ ...base, ...v });
  const r = decodeMessage(bytes);
  if (!r.ok) assert.unreachable(r.error.message);
  assert.ok(encodeMessage((r as any).value).equals(bytes), 're-encodes byte-exact');
  return { bytes, value: (r as any).value };
}

// ---- OXM ---------------------------------------------------------------------

test('the OXM table lists the 40 OpenFlow-basic fields of 1.3 with codes 0-39, then 1.4\'s and 1.5\'s', () => {
  const of13Fields = OXM_OFB_FIELDS.filter((f) => f.since === 4);
  assert.is(of13Fields.length, 40);
  assert.equal(of13Fields.map((f) => f.code), [...Array(40).keys()]);
  assert.is(new Set(OXM_OFB_FIELDS.map((f) => f.name)).size, OXM_OFB_FIELDS.length);
  assert.equal(OXM_OFB_FIELDS.filter((f) => f.since > 4).map((f) => [f.name, f.code, f.width, f.since]),
    [['PBB_UCA', 41, 1, 5], ['TCP_FLAGS', 42, 2, 6], ['ACTSET_OUTPUT', 43, 4, 6], ['PACKET_TYPE', 44, 4, 6]]);
  const w = Object.fromEntries(OXM_OFB_FIELDS.map((f) => [f.name, f.width]));
  assert.equal([w['IN_PORT'], w['METADATA'], w['ETH_DST'], w['VLAN_VID'], w['IPV6_SRC'], w['PBB_ISID'], w['TUNNEL_ID'], w['IPV6_EXTHDR']],
    [4, 8, 6, 2, 16, 3, 8, 2]);
});

function sample(type: string, width: number, i: number): unknown {
  switch (type) {
    case 'mac': return `02:00:00:00:00:${(i + 16).toString(16)}`;
    case 'ipv4': return `10.0.0.${i}`;
    case 'ipv6': return `2001:db8::${i.toString(16)}`;
    default: return width === 8 ? BigInt(i) * 0x100000001n : (i * 37) % (2 ** (8 * width));
  }
}

test('every basic OXM field encodes with its spec width and decodes back, with and without a mask', () => {
  OXM_OFB_FIELDS.forEach((f, i) => {
    for (const masked of [false, true]) {
      const field: Record<string, unknown> = { class: 'OFPXMC_OPENFLOW_BASIC', field: `OFPXMT_OFB_${f.name}`, value: sample(f.type, f.width, i + 1) };
      if (masked) field['mask'] = sample(f.type, f.width, i + 2);
      const { bytes, value } = roundTrip({ type: 'OFPT_PACKET_IN', buffer_id: 0xffffffff, total_len: 0, reason: 'OFPR_NO_MATCH', table_id: 0, cookie: 0n, match: { type: 'OFPMT_OXM', oxm_fields: [field] }, data: Buffer.alloc(0) });
      const header = bytes.readUInt32BE(24 + 4);
      assert.is(header >>> 16, 0x8000, `${f.name} class`);
      assert.is((header >>> 9) & 0x7f, f.code, `${f.name} field code`);
      assert.is((header >>> 8) & 1, masked ? 1 : 0, `${f.name} hasmask`);
      assert.is(header & 0xff, masked ? 2 * f.width : f.width, `${f.name} length`);
      assert.is(bytes.readUInt16BE(24 + 2), 4 + 4 + (masked ? 2 : 1) * f.width, `${f.name} match length excludes padding`);
      assert.is((bytes.length - 2 - 24) % 8, 0, 'match padded to 8');
      const got = value.match.oxm_fields[0];
      assert.equal(got.value, field['value'], `${f.name} value`);
      if (masked) assert.equal(got.mask, field['mask'], `${f.name} mask`);
      else assert.not.ok('mask' in got, `${f.name} has no mask`);
    }
  });
});

function oxmBytes(cls: number, field: number, hasmask: boolean, len: number, fill = 0): Buffer {
  const b = Buffer.alloc(4 + len, fill);
  b.writeUInt32BE(((cls << 16) | (field << 9) | (hasmask ? 0x100 : 0) | len) >>> 0, 0);
  return b;
}

test('a basic OXM whose length is not its spec width is a bad_length error naming the field', () => {
  for (const f of OXM_OFB_FIELDS) {
    for (const masked of [false, true]) {
      for (const delta of [-1, 1]) {
        const len = (masked ? 2 : 1) * f.width + delta;
        try {
          decodeDef(s.ofp_oxm, oxmBytes(0x8000, f.code, masked, len), 0, 4 + len);
          assert.unreachable(`${f.name} length ${len} decoded`);
        } catch (e) {
          assert.instance(e, CodecError);
          assert.is((e as CodecError).code, 'bad_length');
          assert.is((e as CodecError).field, `ofp_oxm.OFPXMT_OFB_${f.name}`);
          assert.equal((e as CodecError).ofError, { type: OFPET.BAD_MATCH, code: 1 });
        }
      }
    }
  }
  // Through the public API: an error value, not an exception.
  const { bytes } = roundTrip({ type: 'OFPT_PACKET_IN', buffer_id: 1, total_len: 0, reason: 0, table_id: 0, cookie: 0n, match: { type: 'OFPMT_OXM', oxm_fields: [{ field: 'OFPXMT_OFB_IN_PORT', value: 3 }, { field: 'OFPXMT_OFB_ETH_TYPE', value: 0x800 }] }, data: '' });
  const bad = Buffer.from(bytes);
  bad[24 + 4 + 3] = 5; // IN_PORT claims 5 bytes
  const r = decodeMessage(bad);
  assert.not.ok(r.ok);
  if (!r.ok) {
    assert.is(r.error.code, 'bad_length');
    assert.is(r.error.field, 'ofp_oxm.OFPXMT_OFB_IN_PORT');
    assert.is(r.error.offset, 24 + 4 + 3);
  }
});

test('experimenter, Nicira and unknown OXM classes/fields are opaque TLVs that re-encode byte-exact', () => {
  const tlvs = [
    oxmBytes(0xffff, 5, false, 8, 0xab), // experimenter: 4-byte id + 4 bytes
    oxmBytes(0x0001, 37, false, 4, 0x11), // NXM_1
    oxmBytes(0x0000, 33, true, 8, 0x22), // NXM_0 with mask
    oxmBytes(0x1234, 1, false, 3, 0x33), // unknown class
    oxmBytes(0x8000, 60, false, 2, 0x44), // basic class, field code no version defines
    oxmBytes(0xffff, 9, false, 2, 0x55), // experimenter too short for an id: still opaque
  ];
  const fields = tlvs.map((t) => decodeDef(s.ofp_oxm, t, 0, t.length).value as any);
  assert.is(fields[0].class, 'OFPXMC_EXPERIMENTER');
  assert.is(fields[0].experimenter, 0xabababab);
  assert.is(fields[1].class, 'OFPXMC_NXM_1');
  assert.is(fields[3].class, 0x1234);
  assert.is(fields[4].field, 60);
  const { bytes } = roundTrip({ type: 'OFPT_FLOW_MOD', cookie: 0n, cookie_mask: 0n, table_id: 0, command: 'OFPFC_ADD', idle_timeout: 0, hard_timeout: 0, priority: 1, buffer_id: 0xffffffff, out_port: 'OFPP_ANY', out_group: 'OFPG_ANY', flags: 0, match: { type: 'OFPMT_OXM', oxm_fields: fields }, instructions: [] });
  const m = Buffer.concat(tlvs);
  assert.ok(bytes.subarray(52, 52 + m.length).equals(m), 'TLV bytes kept exactly');
  assert.is(bytes.readUInt16BE(50), 4 + m.length);
});

test('bad OXM values are encode errors naming the field, not exceptions', () => {
  const pin = (f: Record<string, unknown>) => tryEncodeMessage({ ...base, type: 'OFPT_PACKET_IN', buffer_id: 1, total_len: 0, reason: 0, table_id: 0, cookie: 0n, match: { type: 'OFPMT_OXM', oxm_fields: [f] }, data: '' });
  const cases: [Record<string, unknown>, string][] = [
    [{ field: 'OFPXMT_OFB_PBB_ISID', value: 0x1000000 }, '.value'],
    [{ field: 'OFPXMT_OFB_VLAN_VID', value: 0x10000 }, '.value'],
    [{ field: 'OFPXMT_OFB_ETH_DST', value: '00:11:22:33:44:55', mask: 'nope' }, '.mask'],
    [{ field: 'OFPXMT_OFB_NO_SUCH_FIELD', value: 1 }, '.field'],
    [{ field: 45, value: 1 }, '.field'],
    [{ class: 'OFPXMC_NXM_1', field: 2, value: 1 }, '.body'],
    [{ field: 'OFPXMT_OFB_IN_PORT' }, '.value'],
  ];
  for (const [f, suffix] of cases) {
    const r = pin(f);
    assert.not.ok(r.ok, JSON.stringify(f));
    if (!r.ok) {
      assert.is(r.error.code, 'bad_value', JSON.stringify(f));
      assert.ok(r.error.field.endsWith(`oxm_fields[0]${suffix}`), `${JSON.stringify(f)}: ${r.error.field}`);
    }
  }
  assert.is(oxmField('OFPXMT_OFB_ETH_DST')?.width, 6);
  assert.is(oxmField(37)?.name, 'PBB_ISID');
});

// ---- opaque fallbacks, set-field padding, multipart flags ----------------------

test('unknown action, instruction, band, property and element types are kept as bytes', () => {
  const { value } = roundTrip({
    type: 'OFPT_FLOW_MOD', cookie: 1n, cookie_mask: 0n, table_id: 0, command: 0, idle_timeout: 0, hard_timeout: 0,
    priority: 1, buffer_id: 0xffffffff, out_port: 'OFPP_ANY', out_group: 'OFPG_ANY', flags: 0,
    match: { type: 'OFPMT_OXM', oxm_fields: [] },
    instructions: [
      { type: 77, body: '01020304' },
      { type: 'OFPIT_EXPERIMENTER', experimenter: 0x2320, body: 'aabbccdd' },
      { type: 'OFPIT_APPLY_ACTIONS', actions: [{ type: 99, body: '0000000000000000' }, { type: 'OFPAT_EXPERIMENTER', experimenter: 0x2321, body: '0102030405060708' }] },
    ],
  });
  assert.is(value.instructions[0].type, 77);
  assert.is(value.instructions[1].experimenter, 0x2320);
  assert.is(value.instructions[2].actions[0].type, 99);
  assert.is(value.instructions[2].actions[0].len, 12);
  roundTrip({ type: 'OFPT_METER_MOD', command: 'OFPMC_ADD', flags: 1, meter_id: 1, bands: [
    { type: 'OFPMBT_DROP', rate: 1, burst_size: 2 }, { type: 'OFPMBT_DSCP_REMARK', rate: 3, burst_size: 4, prec_level: 1 },
    { type: 'OFPMBT_EXPERIMENTER', rate: 5, burst_size: 6, experimenter: 9, body: '' }, { type: 7, rate: 1, burst_size: 1, body: 'ffff' }] });
  const hello = roundTrip({ type: 'OFPT_HELLO', elements: [{ type: 'OFPHET_VERSIONBITMAP', bitmaps: [0x12, 0x1] }, { type: 9, body: '0102' }] });
  assert.is(hello.bytes.length, 8 + 16 + 8, 'hello elements padded to 8');
  assert.is(hello.value.elements[0].length, 12, 'element length excludes padding');
  assert.is(hello.value.elements[1].type, 9);
  roundTrip({ type: 'OFPT_QUEUE_GET_CONFIG_REPLY', port: 1, queues: [{ queue_id: 1, port: 1, properties: [
    { property: 'OFPQT_MIN_RATE', rate: 10 }, { property: 'OFPQT_MAX_RATE', rate: 20 },
    { property: 'OFPQT_EXPERIMENTER', experimenter: 1, data: 'abcd' }, { property: 42, body: '0000' }] }] });
  roundTrip({ type: 'OFPT_MULTIPART_REPLY', multipart_type: 'OFPMP_TABLE_FEATURES', flags: 1, body: [{
    table_id: 0, name: 't0', metadata_match: 0n, metadata_write: 0n, config: 0, max_entries: 10, properties: [
      { type: 'OFPTFPT_NEXT_TABLES', next_table_ids: [1, 2, 3] },
      { type: 'OFPTFPT_MATCH', oxm_ids: [{ field: 'OFPXMT_OFB_IN_PORT', hasmask: false, oxm_length: 4 }, { class: 'OFPXMC_EXPERIMENTER', field: 1, hasmask: false, oxm_length: 8, experimenter: 0x4f4e4600 }] },
      { type: 'OFPTFPT_EXPERIMENTER', experimenter: 1, exp_type: 2, experimenter_data: '01' },
      { type: 0x1234, body: '0102030405' }] }] });
});

test('unknown multipart types keep their body; REQ_MORE/REPLY_MORE flags are kept', () => {
  const r = roundTrip({ type: 'OFPT_MULTIPART_REQUEST', multipart_type: 200, flags: 1, body: '0102' });
  assert.is(r.value.multipart_type, 200);
  assert.is(r.value.flags, 1);
  const more = roundTrip({ type: 'OFPT_MULTIPART_REPLY', multipart_type: 'OFPMP_PORT_DESC', flags: 1, body: [] });
  assert.is(more.value.flags, 1);
});

test('set-field actions pad the OXM so the action length is a multiple of 8', () => {
  for (const [field, value, len] of [['OFPXMT_OFB_ETH_DST', '00:00:00:00:00:01', 16], ['OFPXMT_OFB_IPV6_DST', '::1', 24], ['OFPXMT_OFB_VLAN_VID', 5, 16], ['OFPXMT_OFB_METADATA', 5n, 16]] as const) {
    const { value: v } = roundTrip({ type: 'OFPT_PACKET_OUT', buffer_id: 0xffffffff, in_port: 'OFPP_CONTROLLER', actions: [{ type: 'OFPAT_SET_FIELD', field: { field, value } }], data: '' });
    assert.is(v.actions[0].len, len, field);
    assert.is(v.actions_len, len);
  }
});

test('error codes decode to names per error type; unknown codes stay numbers', () => {
  assert.is(errorCodeEnums.size, 14, 'every 1.3 error type but EXPERIMENTER has its code names');
  const cases: [string, number, string | number][] = [
    ['OFPET_HELLO_FAILED', 0, 'OFPHFC_INCOMPATIBLE'], ['OFPET_BAD_REQUEST', 13, 'OFPBRC_MULTIPART_BUFFER_OVERFLOW'],
    ['OFPET_BAD_ACTION', 15, 'OFPBAC_BAD_SET_ARGUMENT'], ['OFPET_BAD_INSTRUCTION', 8, 'OFPBIC_EPERM'],
    ['OFPET_BAD_MATCH', 11, 'OFPBMC_EPERM'], ['OFPET_FLOW_MOD_FAILED', 7, 'OFPFMFC_BAD_FLAGS'],
    ['OFPET_GROUP_MOD_FAILED', 14, 'OFPGMFC_EPERM'], ['OFPET_PORT_MOD_FAILED', 4, 'OFPPMFC_EPERM'],
    ['OFPET_TABLE_MOD_FAILED', 2, 'OFPTMFC_EPERM'], ['OFPET_QUEUE_OP_FAILED', 2, 'OFPQOFC_EPERM'],
    ['OFPET_SWITCH_CONFIG_FAILED', 2, 'OFPSCFC_EPERM'], ['OFPET_ROLE_REQUEST_FAILED', 2, 'OFPRRFC_BAD_ROLE'],
    ['OFPET_METER_MOD_FAILED', 11, 'OFPMMFC_OUT_OF_BANDS'], ['OFPET_TABLE_FEATURES_FAILED', 5, 'OFPTFFC_EPERM'],
    ['OFPET_BAD_MATCH', 99, 99],
  ];
  for (const [type, code, name] of cases) {
    const { value } = roundTrip({ type: 'OFPT_ERROR', error_type: type, code, data: '0102' });
    assert.is(value.code, name, `${type} ${code}`);
  }
  const exp = roundTrip({ type: 'OFPT_ERROR', error_type: 'OFPET_EXPERIMENTER', exp_type: 3, experimenter: 0x2320, data: '' });
  assert.is(exp.value.experimenter, 0x2320);
  assert.is(exp.bytes.length, 16);
});

test('an unknown message type is an unknown_type error answered with OFPBRC_BAD_TYPE', () => {
  const b = Buffer.from('041e0008000000aa', 'hex');
  const r = decodeMessage(b);
  assert.not.ok(r.ok);
  if (!r.ok) {
    assert.is(r.error.code, 'unknown_type');
    assert.equal(r.error.ofError, { type: 1, code: 1 });
  }
});

test.run();
