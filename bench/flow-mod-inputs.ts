/**
 * The FLOW_MOD encode inputs that compiled.bench.ts and
 * compiled-encode-cpu.bench.ts share: the same flow as a plain object for
 * encodeMessage (as a user writes it: MACs as text, enum names) and as the
 * numeric parameters of the hand-written writers of codec/hot.ts (the cases
 * of `npm run bench`). Both give the same bytes (the benches check it).
 */
import * as hot from '../codec/hot.js';

const wild10 = hot.OFPFW10.ALL & ~(hot.OFPFW10.IN_PORT | hot.OFPFW10.DL_DST | hot.OFPFW10.DL_SRC);
export const obj10: Record<string, unknown> = {
  version: 1, type: 'OFPT_FLOW_MOD', xid: 0,
  match: { wildcards: wild10, in_port: 1, dl_src: '00:00:00:00:00:02', dl_dst: '80:00:00:00:00:01', dl_vlan: 0, dl_vlan_pcp: 0, dl_type: 0, nw_tos: 0, nw_proto: 0, nw_src: '0.0.0.0', nw_dst: '0.0.0.0', tp_src: 0, tp_dst: 0 },
  cookie: 0n, command: 'OFPFC_ADD', idle_timeout: 10, hard_timeout: 0, priority: 100, buffer_id: 0xffffffff, out_port: 0xffff, flags: 0,
  actions: [{ type: 'OFPAT_OUTPUT', port: 2, max_len: 0 }],
};
// Field names as literals, as a program writes them (interned strings: a name built at run time is compared as text).
const oxm = (field: string, v: unknown) => ({ class: 'OFPXMC_OPENFLOW_BASIC', field, hasmask: false, value: v });
export const obj13: Record<string, unknown> = {
  version: 4, type: 'OFPT_FLOW_MOD', xid: 0, cookie: 0n, cookie_mask: 0n, table_id: 0, command: 'OFPFC_ADD', idle_timeout: 10,
  hard_timeout: 0, priority: 100, buffer_id: 0xffffffff, out_port: 0xffffffff, out_group: 0xffffffff, flags: 0,
  match: { type: 'OFPMT_OXM', oxm_fields: [oxm('OFPXMT_OFB_IN_PORT', 1), oxm('OFPXMT_OFB_ETH_DST', '80:00:00:00:00:01'), oxm('OFPXMT_OFB_ETH_SRC', '00:00:00:00:00:02')] },
  instructions: [{ type: 'OFPIT_APPLY_ACTIONS', actions: [{ type: 'OFPAT_OUTPUT', port: 2, max_len: 0 }] }],
};

/**
 * The same flows with the addresses as numbers (MACs as 48-bit integers, IPv4 as 32-bit ones), the
 * form the writers take them in: encodeMessage accepts both, the text costs parsing. Written as
 * literals of their own (a copy made by spreading obj10 and then given numbers where it held text
 * shares, then changes, the original's hidden class: the timings then depend on the order of runs).
 */
export const obj10n: Record<string, unknown> = {
  version: 1, type: 'OFPT_FLOW_MOD', xid: 0,
  match: { wildcards: wild10, in_port: 1, dl_src: 0x000000000002, dl_dst: 0x800000000001, dl_vlan: 0, dl_vlan_pcp: 0, dl_type: 0, nw_tos: 0, nw_proto: 0, nw_src: 0, nw_dst: 0, tp_src: 0, tp_dst: 0 },
  cookie: 0n, command: 'OFPFC_ADD', idle_timeout: 10, hard_timeout: 0, priority: 100, buffer_id: 0xffffffff, out_port: 0xffff, flags: 0,
  actions: [{ type: 'OFPAT_OUTPUT', port: 2, max_len: 0 }],
};
const oxmN = (field: string, v: number) => ({ class: 'OFPXMC_OPENFLOW_BASIC', field, hasmask: false, value: v });
export const obj13n: Record<string, unknown> = {
  version: 4, type: 'OFPT_FLOW_MOD', xid: 0, cookie: 0n, cookie_mask: 0n, table_id: 0, command: 'OFPFC_ADD', idle_timeout: 10,
  hard_timeout: 0, priority: 100, buffer_id: 0xffffffff, out_port: 0xffffffff, out_group: 0xffffffff, flags: 0,
  match: { type: 'OFPMT_OXM', oxm_fields: [oxmN('OFPXMT_OFB_IN_PORT', 1), oxmN('OFPXMT_OFB_ETH_DST', 0x800000000001), oxmN('OFPXMT_OFB_ETH_SRC', 0x000000000002)] },
  instructions: [{ type: 'OFPIT_APPLY_ACTIONS', actions: [{ type: 'OFPAT_OUTPUT', port: 2, max_len: 0 }] }],
};

/** The writers' side: each call appends one FLOW_MOD to `out` (reset when nearly full), from numbers. */
export function handWriters(out: hot.OutBuffer): { writer10: () => void; writer13: () => void } {
  const m: hot.MatchFields = { inPort: 1, ethSrc: 0x000000000002, ethDst: 0x800000000001, ethType: -1 };
  const f10: hot.FlowMod10Spec = Object.assign(hot.flowMod10Params(), { idleTimeout: 10, priority: 100, outputs: [2], nOutputs: 1, maxLen: 0 });
  const f13: hot.FlowMod13Spec = Object.assign(hot.flowMod13Params(), { idleTimeout: 10, priority: 100, outputs: [2], nOutputs: 1, maxLen: 0 });
  return {
    writer10: () => {
      if (out.pos > 60000) out.reset();
      hot.flowMod10(out, 0, f10, m);
    },
    writer13: () => {
      if (out.pos > 60000) out.reset();
      hot.flowMod13(out, 0, f13, m);
    },
  };
}
