/**
 * Property lists inside Nicira actions and messages (OVS nicira-ext.h,
 * ofp-ed-props.h: facts only).
 *
 * - controller2 (NXAST_CONTROLLER2) and NXT_PACKET_IN2 / NXT_RESUME use the
 *   OpenFlow 1.4 property form (`type`, `length` without the padding to 8):
 *   codec/of14/properties.ts.
 * - encap (NXAST_ENCAP) uses OVS's encap/decap property form: a 16-bit
 *   class, an 8-bit type and an 8-bit length, each property padded to 8
 *   bytes. NSH (class 4) has md_type and TLV properties; as OVS 3.1 writes
 *   them (fixtures/ovs-dialect), md_type's length leaves the padding out (5)
 *   and a TLV's counts it (16 for a 4-byte value).
 */
import { align, enumOf, len, list, pad, rest, struct, u16, u32, u64, u8, union } from '../schema/define.js';
import type { Def } from '../schema/types.js';
import { prop, propList } from '../of14/properties.js';

/** controller2 property types (NXAC2PT_*). */
export const NXAC2PT = { MAX_LEN: 0, CONTROLLER_ID: 1, REASON: 2, USERDATA: 3, PAUSE: 4, METER_ID: 5 } as const;
export const nxac2pt = enumOf('nx_action_controller2_prop_type', Object.fromEntries(Object.entries(NXAC2PT).map(([k, v]) => [`NXAC2PT_${k}`, v])));

// OVS writes a 16-bit property value with two zero bytes after it, counted by its length (8).
export const nx_action_controller2_prop = propList('nx_action_controller2_prop', nxac2pt, [
  prop('nx_ac2_max_len', NXAC2PT.MAX_LEN, nxac2pt, [u16('max_len'), pad(2)]),
  prop('nx_ac2_controller_id', NXAC2PT.CONTROLLER_ID, nxac2pt, [u16('controller_id'), pad(2)]),
  prop('nx_ac2_reason', NXAC2PT.REASON, nxac2pt, [u8('reason')]),
  prop('nx_ac2_userdata', NXAC2PT.USERDATA, nxac2pt, [rest('userdata')]),
  prop('nx_ac2_pause', NXAC2PT.PAUSE, nxac2pt, []),
  prop('nx_ac2_meter_id', NXAC2PT.METER_ID, nxac2pt, [u32('meter_id')]),
]);

/** NXT_PACKET_IN2 / NXT_RESUME property types (NXPINT_*). */
export const NXPINT = {
  PACKET: 0, FULL_LEN: 1, BUFFER_ID: 2, TABLE_ID: 3, COOKIE: 4, REASON: 5, METADATA: 6, USERDATA: 7, CONTINUATION: 8,
} as const;
export const nxpint = enumOf('nx_packet_in2_prop_type', Object.fromEntries(Object.entries(NXPINT).map(([k, v]) => [`NXPINT_${k}`, v])));

/**
 * The properties of NXT_PACKET_IN2 and NXT_RESUME. `metadata` is the
 * packet's pipeline fields as OXM TLVs (`oxm` is the OXM element of the
 * dialect); `continuation` is OVS's own state for resuming, opaque to a
 * controller, kept as bytes (a controller sends it back unchanged).
 */
export function nxPacketIn2Props(oxm: Def) {
  return propList('nx_packet_in2_prop', nxpint, [
    prop('nx_pin2_packet', NXPINT.PACKET, nxpint, [rest('packet')]),
    prop('nx_pin2_full_len', NXPINT.FULL_LEN, nxpint, [u32('full_len')]),
    prop('nx_pin2_buffer_id', NXPINT.BUFFER_ID, nxpint, [u32('buffer_id')]),
    prop('nx_pin2_table_id', NXPINT.TABLE_ID, nxpint, [u8('table_id')]),
    prop('nx_pin2_cookie', NXPINT.COOKIE, nxpint, [pad(4), u64('cookie')]),
    prop('nx_pin2_reason', NXPINT.REASON, nxpint, [u8('reason')]),
    prop('nx_pin2_metadata', NXPINT.METADATA, nxpint, [list('metadata', oxm)]),
    prop('nx_pin2_userdata', NXPINT.USERDATA, nxpint, [rest('userdata')]),
    prop('nx_pin2_continuation', NXPINT.CONTINUATION, nxpint, [rest('continuation')]),
  ]);
}

/** Encap property classes and NSH property types (OFPPPC_*, OFPPPT_PROP_NSH_*). */
export const OFPPPC_NSH = 4;
export const edPropClass = enumOf('ofp_ed_prop_class', { OFPPPC_NSH });
export const edNshType = enumOf('ofp_ed_nsh_prop_type', { OFPPPT_PROP_NSH_MDTYPE: 1, OFPPPT_PROP_NSH_TLV: 2 });

const nshProps = union('ofp_ed_prop_nsh', 'type', [
  struct('ofp_ed_prop_nsh_md_type', [
    u16('prop_class', { fixed: OFPPPC_NSH, enum: edPropClass }), u8('type', { fixed: 1, enum: edNshType }), len('len', 'u8'),
    u8('md_type'), align(8),
  ]),
  struct('ofp_ed_prop_nsh_tlv', [
    u16('prop_class', { fixed: OFPPPC_NSH, enum: edPropClass }), u8('type', { fixed: 2, enum: edNshType }), len('len', 'u8'),
    u16('tlv_class'), u8('tlv_type'), len('tlv_len', 'u8', 'value'), rest('value'), align(8, true),
  ]),
], {
  when: OFPPPC_NSH,
  fallback: struct('ofp_ed_prop_nsh_unknown', [
    u16('prop_class', { fixed: OFPPPC_NSH, enum: edPropClass }), u8('type', { enum: edNshType }), len('len', 'u8'), rest('body'),
  ]),
});

/** One encap property: NSH's named, any other class kept as its bytes. */
export const ofp_ed_prop = union('ofp_ed_prop', 'prop_class', [nshProps], {
  fallback: struct('ofp_ed_prop_unknown', [u16('prop_class', { enum: edPropClass }), u8('type'), len('len', 'u8'), rest('body')]),
});
