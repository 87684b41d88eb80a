/**
 * The OpenFlow 1.0 layouts computed from the schema have the sizes and
 * offsets the 1.0 specification states (its OFP_ASSERT lines), the constants
 * have the spec's values, and the message/stats/error tables are complete.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import '../../codec/index.js';
import { of10 } from '../../codec/of10/index.js';
import * as s from '../../codec/of10/schema.js';
import * as e from '../../codec/of10/enums.js';
import type { StructDef, UnionDef } from '../../codec/schema/types.js';

/** Sizes from the OpenFlow 1.0.0 specification (fixed structs: whole size; variable: size before the tail). */
const SIZES: [StructDef, number, boolean][] = [
  [s.ofp_header, 8, true],
  [s.ofp_match, 40, true],
  [s.ofp_phy_port, 48, true],
  [s.ofp_switch_features, 32, false],
  [s.ofp_switch_config, 12, true],
  [s.ofp_get_config_reply, 12, true],
  [s.ofp_flow_mod, 72, false],
  [s.ofp_packet_in, 18, false],
  [s.ofp_packet_out, 16, false],
  [s.ofp_flow_removed, 88, true],
  [s.ofp_port_status, 64, true],
  [s.ofp_port_mod, 32, true],
  [s.ofp_error_msg, 12, false],
  [s.ofp_vendor_header, 12, false],
  [s.ofp_hello, 8, false],
  [s.ofp_echo_request, 8, false],
  [s.ofp_echo_reply, 8, false],
  [s.ofp_features_request, 8, true],
  [s.ofp_get_config_request, 8, true],
  [s.ofp_barrier_request, 8, true],
  [s.ofp_barrier_reply, 8, true],
  [s.ofp_queue_get_config_request, 12, true],
  [s.ofp_queue_get_config_reply, 16, false],
  [s.ofp_stats_request_header, 12, true],
  [s.ofp_stats_reply_header, 12, true],
  [s.ofp_desc_stats, 1056, true],
  [s.ofp_flow_stats_request, 44, true],
  [s.ofp_aggregate_stats_request, 44, true],
  [s.ofp_flow_stats, 88, false],
  [s.ofp_aggregate_stats_reply, 24, true],
  [s.ofp_table_stats, 64, true],
  [s.ofp_port_stats_request, 8, true],
  [s.ofp_port_stats, 104, true],
  [s.ofp_queue_stats_request, 8, true],
  [s.ofp_queue_stats, 32, true],
  [s.ofp_packet_queue, 8, false],
  [s.ofp_queue_prop_none, 8, true],
  [s.ofp_queue_prop_min_rate, 16, true],
  [s.ofp_action_header, 8, true],
  [s.ofp_action_output, 8, true],
  [s.ofp_action_vlan_vid, 8, true],
  [s.ofp_action_vlan_pcp, 8, true],
  [s.ofp_action_strip_vlan, 8, true],
  [s.ofp_action_dl_addr, 16, true],
  [s.ofp_action_set_dl_src, 16, true],
  [s.ofp_action_set_dl_dst, 16, true],
  [s.ofp_action_nw_addr, 8, true],
  [s.ofp_action_set_nw_src, 8, true],
  [s.ofp_action_set_nw_dst, 8, true],
  [s.ofp_action_nw_tos, 8, true],
  [s.ofp_action_tp_port, 8, true],
  [s.ofp_action_set_tp_src, 8, true],
  [s.ofp_action_set_tp_dst, 8, true],
  [s.ofp_action_enqueue, 16, true],
  [s.ofp_action_vendor_header, 8, true],
  // Nicira extension actions (OVS nicira-ext.h / ofp-actions.c OFP_ASSERTs).
  [s.nx_action_header, 16, true],
  [s.nx_action_resubmit, 16, true],
  [s.nx_action_resubmit_table, 16, true],
  [s.nx_action_set_tunnel, 16, true],
  [s.nx_action_set_tunnel64, 24, true],
  [s.nx_action_set_queue, 16, true],
  [s.nx_action_pop_queue, 16, true],
  [s.nx_action_reg_move, 24, true],
  [s.nx_action_reg_load, 24, true],
  [s.nx_action_output_reg, 24, true],
  [s.nx_action_fin_timeout, 16, true],
  [s.nx_action_controller, 16, true],
  [s.nx_action_write_metadata, 32, true],
  [s.nx_action_push_mpls, 16, true],
  [s.nx_action_pop_mpls, 16, true],
  [s.nx_action_set_mpls_ttl, 16, true],
  [s.nx_action_dec_mpls_ttl, 16, true],
  [s.nx_action_set_mpls_label, 16, true],
  [s.nx_action_set_mpls_tc, 16, true],
  [s.nx_action_dec_ttl, 16, true],
  [s.nx_action_exit, 16, true],
];

for (const [def, size, fixed] of SIZES) {
  test(`${def.name} is ${size} bytes${fixed ? '' : ' before its variable part'}`, () => {
    assert.is(def.layout.size, size);
    assert.is(def.layout.fixed, fixed);
  });
}

test('offsets the views read: variable parts start where the spec says', () => {
  const at = (d: StructDef, m: string) => d.layout.offsets[m];
  assert.is(at(s.ofp_packet_in, 'data'), 18);
  assert.is(at(s.ofp_packet_in, 'in_port'), 14);
  assert.is(at(s.ofp_flow_mod, 'actions'), 72);
  assert.is(at(s.ofp_flow_mod, 'match'), 8);
  assert.is(at(s.ofp_flow_mod, 'cookie'), 48);
  assert.is(at(s.ofp_flow_mod, 'buffer_id'), 64);
  assert.is(at(s.ofp_packet_out, 'actions'), 16);
  assert.is(at(s.ofp_packet_out, 'actions_len'), 14);
  assert.is(at(s.ofp_switch_features, 'ports'), 32);
  assert.is(at(s.ofp_flow_removed, 'byte_count'), 80);
  assert.is(at(s.ofp_port_status, 'desc'), 16);
  assert.is(at(s.ofp_error_msg, 'error_type'), 8);
  assert.is(at(s.ofp_error_msg, 'code'), 10);
  assert.is(at(s.ofp_error_msg, 'data'), 12);
  assert.is(at(s.ofp_flow_stats, 'actions'), 88);
  assert.is(at(s.ofp_queue_get_config_reply, 'queues'), 16);
  assert.is(at(s.ofp_match, 'nw_src'), 28);
  assert.is(at(s.ofp_match, 'nw_dst'), 32);
  assert.is(at(s.ofp_match, 'tp_dst'), 38);
  assert.is(at(s.ofp_phy_port, 'config'), 24);
  assert.is(at(s.ofp_desc_stats, 'dp_desc'), 800);
  assert.is(at(s.ofp_table_stats, 'wildcards'), 36);
});

test('wildcard constants, including the CIDR-style nw_src/nw_dst fields', () => {
  assert.is(e.OFPFW.IN_PORT, 1);
  assert.is(e.OFPFW.TP_DST, 0x80);
  assert.is(e.OFPFW.NW_SRC_SHIFT, 8);
  assert.is(e.OFPFW.NW_SRC_BITS, 6);
  assert.is(e.OFPFW.NW_SRC_MASK, 0x3f00);
  assert.is(e.OFPFW.NW_SRC_ALL, 0x2000);
  assert.is(e.OFPFW.NW_DST_SHIFT, 14);
  assert.is(e.OFPFW.NW_DST_BITS, 6);
  assert.is(e.OFPFW.NW_DST_MASK, 0xfc000);
  assert.is(e.OFPFW.NW_DST_ALL, 0x80000);
  assert.is(e.OFPFW.DL_VLAN_PCP, 0x100000);
  assert.is(e.OFPFW.NW_TOS, 0x200000);
  assert.is(e.OFPFW.ALL, 0x3fffff);
  // 10.0.0.0/8 has 24 wildcarded source bits; Ryu's flow_mod fixture wildcards everything but dl_dst.
  assert.is(e.nwSrcWildBits(24 << e.OFPFW.NW_SRC_SHIFT), 24);
  assert.is(e.nwDstWildBits(0x3ffff7), 63);
  assert.is(e.nwSrcWildBits(0x3ffff7), 63);
});

test('special ports, buffer and queue constants', () => {
  assert.equal({ ...e.OFPP }, {
    IN_PORT: 0xfff8, TABLE: 0xfff9, NORMAL: 0xfffa, FLOOD: 0xfffb, ALL: 0xfffc, CONTROLLER: 0xfffd, LOCAL: 0xfffe,
    NONE: 0xffff,
  });
  assert.is(e.OFPP_MAX, 0xff00);
  assert.is(e.OFP_NO_BUFFER, 0xffffffff);
  assert.is(e.OFPQ_ALL, 0xffffffff);
  assert.is(e.ofpPort.byValue.get(0xfffd), 'OFPP_CONTROLLER');
  assert.is(e.OFPPC.NO_PACKET_IN, 64);
  assert.is(e.OFPPS.STP_MASK, 0x300);
  assert.is(e.OFPPF.PAUSE_ASYM, 0x800);
  assert.is(e.OFPC.ARP_MATCH_IP, 0x80);
});

test('every message type 0..21 has a definition in the message union', () => {
  const u = of10.message;
  for (let t = 0; t <= 21; t++) assert.ok(u.variants.has(t), `type ${t}`);
  assert.is(u.variants.size, 22);
  assert.is(u.tagOffset, 1);
  assert.is(e.ofpType.byValue.get(21), 'OFPT_QUEUE_GET_CONFIG_REPLY');
});

test('stats requests and replies cover desc, flow, aggregate, table, port, queue, OVS port desc, vendor; unknown is opaque', () => {
  for (const u of [s.ofp_stats_request, s.ofp_stats_reply] as UnionDef[]) {
    assert.equal([...u.variants.keys()].sort((a, b) => a - b), [0, 1, 2, 3, 4, 5, 13, 0xffff]);
    assert.is(u.tagOffset, 8);
    assert.ok(u.fallback, 'an opaque fallback');
  }
});

test('error codes: one enum per error type with every 1.0 code', () => {
  const counts: Record<string, number> = {
    OFPET_HELLO_FAILED: 2, OFPET_BAD_REQUEST: 9, OFPET_BAD_ACTION: 9, OFPET_FLOW_MOD_FAILED: 6,
    OFPET_PORT_MOD_FAILED: 2, OFPET_QUEUE_OP_FAILED: 3,
  };
  for (const [name, n] of Object.entries(counts)) {
    const t = e.ofpErrorType.byName.get(name)!;
    const codes = e.errorCodeEnums.get(t)!;
    assert.ok(codes, name);
    assert.is(codes.byValue.size, n, name);
    assert.equal([...codes.byValue.keys()], [...Array(n).keys()], `${name} codes are 0..${n - 1}`);
  }
  assert.is(e.ofpBadRequestCode.byValue.get(8), 'OFPBRC_BUFFER_UNKNOWN');
  assert.is(e.ofpBadActionCode.byValue.get(8), 'OFPBAC_BAD_QUEUE');
  assert.is(e.ofpFlowModFailedCode.byValue.get(5), 'OFPFMFC_UNSUPPORTED');
});

test('actions: every 1.0 action type has a layout, vendor actions go through the vendor union', () => {
  const u = s.ofp_action as UnionDef;
  assert.equal([...u.variants.keys()].sort((a, b) => a - b), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 0xffff]);
  assert.ok(u.fallback, 'unknown action types decode to opaque bytes');
  const v = u.variants.get(0xffff) as UnionDef;
  assert.is(v.tag, 'vendor');
  assert.is(v.tagOffset, 4);
  assert.ok(v.fallback);
  const nx = v.variants.get(e.NX_VENDOR_ID) as UnionDef;
  assert.is(nx.tag, 'subtype');
  assert.is(nx.tagOffset, 8);
  for (const st of ['DEC_MPLS_TTL', 'DEC_TTL', 'POP_MPLS', 'PUSH_MPLS', 'SET_MPLS_LABEL', 'SET_MPLS_TC', 'SET_MPLS_TTL'] as const) {
    assert.ok(nx.variants.has(e.NXAST[st]), st);
  }
  assert.ok(nx.fallback);
});

test('the version schema lists its definitions and enums', () => {
  assert.is(of10.wire, 1);
  for (const n of ['ofp_packet_in', 'ofp_flow_mod', 'ofp_packet_out', 'ofp_match', 'ofp_phy_port', 'ofp_switch_features',
    'ofp_flow_removed', 'ofp_port_status', 'ofp_error_msg', 'ofp_echo_request', 'ofp_echo_reply', 'ofp_hello',
    'ofp_switch_config', 'ofp_barrier_request', 'ofp_features_request', 'ofp_action_output', 'ofp_stats_request',
    'ofp_stats_reply', 'ofp_action']) {
    assert.ok(of10.defs[n], n);
  }
  for (const n of ['ofp_type', 'ofp_port', 'ofp_action_type', 'ofp_error_type', 'ofp_bad_request_code', 'nx_action_subtype']) {
    assert.ok(of10.enums[n], n);
  }
});

test.run();
