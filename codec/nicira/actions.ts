/**
 * Nicira extension actions (vendor/experimenter 0x00002320, OVS
 * lib/ofp-actions.c and include/openflow/nicira-ext.h: facts only). The bytes
 * are the same in every version: type 0xffff (1.0 OFPAT_VENDOR, 1.3+
 * OFPAT_EXPERIMENTER), len, the vendor id, a 16-bit subtype, then the
 * subtype's fields. One description, built per dialect (the name of the
 * vendor-id field and of the action type differ: see nxActions).
 *
 * NXM field headers of register actions (`dst`, `src`) stay 32-bit numbers;
 * stack push/pop and learn specs read theirs as OXM ids (4 bytes, or 8 for an
 * experimenter class). Learn specs (learn.ts), NAT ranges (nat.ts), bundle
 * members, controller2 and encap properties (properties.ts) are decoded with
 * named fields; ct and clone carry nested actions of the same dialect. A
 * subtype without a layout here keeps its bytes after `subtype`.
 */
import { align, count, custom, len, list, pad, rest, struct, sub, u16, u32, u64, u8, union } from '../schema/define.js';
import { decodeDef } from '../schema/decode.js';
import { CodecError } from '../schema/errors.js';
import { encodeDef } from '../schema/encode.js';
import type { Def, EnumDef, Member, OfErrorCode, StructDef, UnionDef } from '../schema/types.js';
import { ofp_oxm, ofp_oxm_id } from '../of13/oxm.js';
import { nx_learn_result_dst, nx_learn_specs } from './learn.js';
// The compiled path's learn-spec decoder (registers itself as the twin of nx_learn_specs).
import './learn-compiled.js';
// The compiled encoder's twins of the learn and NAT definitions (they register themselves).
import './encode-twins.js';
import { nx_nat_range } from './nat.js';
import { nx_action_controller2_prop, ofp_ed_prop } from './properties.js';
import { NX_VENDOR_ID } from './messages.js';
import { NXAST, nxActionSubtype } from './enums.js';

export { NXAST, nxActionSubtype };

/** How deep ct/clone may nest actions (Open vSwitch itself stops parsing at 100 levels; real flows use 2 or 3). */
export const MAX_NESTING = 32;
let depth = 0;
function tooDeep(field: string, at: number): CodecError {
  return new CodecError('bad_length', field, at, `nests actions more than ${MAX_NESTING} deep`, { type: 2, code: 5 }); // OFPBAC_BAD_ARGUMENT
}

/** How a version spells a Nicira action's head. */
export interface NxActionDialect {
  /** The action-type enum of the version (names 0xffff OFPAT_VENDOR or OFPAT_EXPERIMENTER). */
  readonly typeEnum: EnumDef;
  /** `vendor` (1.0) or `experimenter` (1.3+). */
  readonly idField: string;
  /** The OpenFlow error for an impossible `len`. */
  readonly lengthError?: OfErrorCode;
  /** Names of the 16-bit (OpenFlow 1.0 numbering) ports in resubmit and output_trunc: Open vSwitch uses 1.0 port numbers in Nicira actions of every version. */
  readonly portEnum: EnumDef;
  /** The version's whole action union, for actions nested in ct and clone (read when decoding, so it may be set after). */
  readonly actions: () => Def;
}

export interface NxActions {
  /** Every described action struct by name (nx_action_resubmit, ...). */
  readonly structs: Readonly<Record<string, StructDef>>;
  /** The union on `subtype`, with `when` = the Nicira vendor id. */
  readonly union: UnionDef;
}

export function nxActions(d: NxActionDialect): NxActions {
  const opts = d.lengthError ? { lengthError: d.lengthError } : {};
  const head = (st: number | undefined): Member[] => [
    u16('type', { fixed: 0xffff, enum: d.typeEnum }), len('len'), u32(d.idField, { fixed: NX_VENDOR_ID }),
    u16('subtype', st === undefined ? { enum: nxActionSubtype } : { fixed: st, enum: nxActionSubtype }),
  ];
  // Nested actions (ct, clone): one element of the version's action union, looked up when used.
  // Nesting is bounded (a 64 KiB message could nest 2 700 ct actions and overflow the stack).
  const nested = custom({
    name: 'nx_nested_action', headerSize: 4,
    decode: (buf, start, end) => {
      if (depth >= MAX_NESTING) throw tooDeep('nx_nested_action', start);
      depth++;
      try { return decodeDef(d.actions(), buf, start, end); } finally { depth--; }
    },
    encode: (value, w, path) => {
      if (depth >= MAX_NESTING) throw tooDeep(path, w.pos);
      depth++;
      try { encodeDef(d.actions(), value, w, path); } finally { depth--; }
    },
  });
  const S: Record<string, StructDef> = {};
  const a = (name: string, st: number, body: Member[]): void => {
    S[name] = struct(name, [...head(st), ...body], opts);
  };
  const P = { enum: d.portEnum };
  a('nx_action_resubmit', NXAST.RESUBMIT, [u16('in_port', P), pad(4)]);
  a('nx_action_resubmit_table', NXAST.RESUBMIT_TABLE, [u16('in_port', P), u8('table'), pad(3)]);
  a('nx_action_resubmit_table_ct', NXAST.RESUBMIT_TABLE_CT, [u16('in_port', P), u8('table'), pad(3)]);
  a('nx_action_set_tunnel', NXAST.SET_TUNNEL, [pad(2), u32('tun_id')]);
  a('nx_action_set_tunnel64', NXAST.SET_TUNNEL64, [pad(6), u64('tun_id')]);
  a('nx_action_set_queue', NXAST.SET_QUEUE, [pad(2), u32('queue_id')]);
  a('nx_action_pop_queue', NXAST.POP_QUEUE, [pad(6)]);
  /** Copy n_bits from src[src_ofs] to dst[dst_ofs]; src and dst are NXM headers. */
  a('nx_action_reg_move', NXAST.REG_MOVE, [u16('n_bits'), u16('src_ofs'), u16('dst_ofs'), u32('src'), u32('dst')]);
  /** Load `value` into dst bits given by ofs_nbits (offset << 6 | (n_bits - 1)). */
  a('nx_action_reg_load', NXAST.REG_LOAD, [u16('ofs_nbits'), u32('dst'), u64('value')]);
  /** Load an OXM/NXM value (with mask) into its field: the TLV, then zeros to 8 bytes, all counted by len. */
  a('nx_action_reg_load2', NXAST.REG_LOAD2, [sub('field', ofp_oxm), align(8, true)]);
  /** A comment carried in the flow: bytes after the subtype, zero-padded to 8. */
  a('nx_action_note', NXAST.NOTE, [rest('note')]);
  a('nx_action_output_reg', NXAST.OUTPUT_REG, [u16('ofs_nbits'), u32('src'), u16('max_len'), pad(6)]);
  a('nx_action_output_reg2', NXAST.OUTPUT_REG2, [u16('ofs_nbits'), u16('max_len'), u32('src'), pad(6)]);
  a('nx_action_exit', NXAST.EXIT, [pad(6)]);
  a('nx_action_dec_ttl', NXAST.DEC_TTL, [pad(6)]);
  a('nx_action_dec_ttl_cnt_ids', NXAST.DEC_TTL_CNT_IDS, [count('n_controllers', 'u16', 'cnt_ids'), pad(4), list('cnt_ids', u16('id')), align(8, true)]);
  a('nx_action_fin_timeout', NXAST.FIN_TIMEOUT, [u16('fin_idle_timeout'), u16('fin_hard_timeout'), pad(2)]);
  a('nx_action_controller', NXAST.CONTROLLER, [u16('max_len'), u16('controller_id'), u8('reason'), pad(1)]);
  a('nx_action_controller2', NXAST.CONTROLLER2, [pad(6), list('properties', nx_action_controller2_prop)]);
  a('nx_action_write_metadata', NXAST.WRITE_METADATA, [pad(6), u64('metadata'), u64('mask')]);
  /** Push an MPLS label stack entry with the given ethertype (0x8847 or 0x8848). */
  a('nx_action_push_mpls', NXAST.PUSH_MPLS, [u16('ethertype'), pad(4)]);
  /** Pop the outermost MPLS label; `ethertype` is that of the payload. */
  a('nx_action_pop_mpls', NXAST.POP_MPLS, [u16('ethertype'), pad(4)]);
  a('nx_action_set_mpls_ttl', NXAST.SET_MPLS_TTL, [u8('ttl'), pad(5)]);
  a('nx_action_dec_mpls_ttl', NXAST.DEC_MPLS_TTL, [pad(6)]);
  a('nx_action_set_mpls_label', NXAST.SET_MPLS_LABEL, [pad(2), u32('label')]);
  a('nx_action_set_mpls_tc', NXAST.SET_MPLS_TC, [u8('tc'), pad(5)]);
  /**
   * Push/pop a field slice to/from the stack: bit offset, the field's NXM/OXM header (4 bytes, 8 for
   * an experimenter class), n_bits, zeros to 8 bytes.
   */
  a('nx_action_stack_push', NXAST.STACK_PUSH, [u16('offset'), sub('field', ofp_oxm_id), u16('n_bits'), align(8, true)]);
  a('nx_action_stack_pop', NXAST.STACK_POP, [u16('offset'), sub('field', ofp_oxm_id), u16('n_bits'), align(8, true)]);
  a('nx_action_sample', NXAST.SAMPLE, [u16('probability'), u32('collector_set_id'), u32('obs_domain_id'), u32('obs_point_id')]);
  a('nx_action_sample2', NXAST.SAMPLE2, [
    u16('probability'), u32('collector_set_id'), u32('obs_domain_id'), u32('obs_point_id'), u16('sampling_port'),
    u8('direction'), pad(5),
  ]);
  a('nx_action_sample3', NXAST.SAMPLE3, [
    u16('probability'), u32('collector_set_id'), u32('obs_domain_id'), u32('obs_point_id'), u16('sampling_port'),
    u8('direction'), pad(5),
  ]);
  a('nx_action_conjunction', NXAST.CONJUNCTION, [u8('clause'), u8('n_clauses'), u32('id')]);
  /** Connection tracking: zone from a field (zone_src, zone = ofs_nbits) or immediate (zone_src 0, zone = the zone); nested actions (commit's exec). */
  a('nx_action_ct', NXAST.CT, [
    u16('flags'), u32('zone_src'), u16('zone'), u8('recirc_table'), pad(3), u16('alg'), list('actions', nested),
  ]);
  a('nx_action_ct_clear', NXAST.CT_CLEAR, [pad(6)]);
  /** NAT inside ct: flags (NX_NAT_F_*), which range fields are present, then those fields (nat.ts), zeros to 8. */
  a('nx_action_nat', NXAST.NAT, [pad(2), u16('flags'), u16('range_present'), sub('range', nx_nat_range), align(8, true)]);
  a('nx_action_output_trunc', NXAST.OUTPUT_TRUNC, [u16('port', P), u32('max_len')]);
  a('nx_action_clone', NXAST.CLONE, [pad(6), list('actions', nested)]);
  /** learn: the new flow's parameters, then its flow_mod_specs (learn.ts). */
  a('nx_action_learn', NXAST.LEARN, [
    u16('idle_timeout'), u16('hard_timeout'), u16('priority'), u64('cookie'), u16('flags'), u8('table_id'), pad(1),
    u16('fin_idle_timeout'), u16('fin_hard_timeout'), sub('specs', nx_learn_specs), align(8, true),
  ]);
  /** learn2: learn with a flow limit and, when flags has NX_LEARN_F_WRITE_RESULT, the field that gets the result. */
  a('nx_action_learn2', NXAST.LEARN2, [
    u16('idle_timeout'), u16('hard_timeout'), u16('priority'), u64('cookie'), u16('flags'), u8('table_id'), pad(1),
    u16('fin_idle_timeout'), u16('fin_hard_timeout'), u32('limit'), u16('result_dst_ofs'), pad(2),
    sub('result_dst', nx_learn_result_dst), sub('specs', nx_learn_specs), align(8, true),
  ]);
  a('nx_action_multipath', NXAST.MULTIPATH, [
    u16('fields'), u16('basis'), pad(2), u16('algorithm'), u16('max_link'), u32('arg'), pad(2), u16('ofs_nbits'), u32('dst'),
  ]);
  /** bundle / bundle_load: choose one of `members` (16-bit ports, n_members of them), zeros to 8. */
  for (const [name, st] of [['nx_action_bundle', NXAST.BUNDLE], ['nx_action_bundle_load', NXAST.BUNDLE_LOAD]] as const) {
    a(name, st, [
      u16('algorithm'), u16('fields'), u16('basis'), u32('member_type'), count('n_members', 'u16', 'members'), u16('ofs_nbits'),
      u32('dst'), pad(4), list('members', u16('port', P)), align(8, true),
    ]);
  }
  a('nx_action_encap', NXAST.ENCAP, [u16('hdr_size'), u32('new_pkt_type'), list('props', ofp_ed_prop)]);
  a('nx_action_decap', NXAST.DECAP, [pad(2), u32('new_pkt_type')]);
  a('nx_action_dec_nsh_ttl', NXAST.DEC_NSH_TTL, [pad(6)]);
  /** Set bit `offset` of field `dst` (an NXM header) when the packet is longer than pkt_len. */
  a('nx_action_check_pkt_larger', NXAST.CHECK_PKT_LARGER, [u16('pkt_len'), u16('offset'), u32('dst'), pad(6)]);
  const unknown = struct('nx_action_unknown', [...head(undefined), rest('body')], opts);
  return { structs: S, union: union('nx_action', 'subtype', Object.values(S), { fallback: unknown, when: NX_VENDOR_ID }) };
}
