/**
 * The decoded Open vSwitch fixtures say what fixtures/of10/ovs/capture.sh
 * asked ovs-ofctl/ovs-vsctl for: the actions and match of each add-flow,
 * the Nicira action arguments, the packets injected, the ports added and
 * modified, the stats requested. This checks field meaning, not just bytes.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { decodeMessage, encodeMessage, type Message } from '../../codec/message.js';
import '../../codec/index.js';
import { OFP_NO_BUFFER, OFPFF, OFPFW, OFPPC, OFPQ_ALL, nwDstWildBits, nwSrcWildBits } from '../../codec/of10/enums.js';
import { listFixtures } from '../support/fixtures.js';

type Obj = Record<string, any>;
const all = listFixtures('of10').filter((f) => f.id.startsWith('of10/ovs/') && !f.truncated);

function msg(stem: string): { m: Obj; bytes: Buffer } {
  const f = all.find((x) => x.id === `of10/ovs/ovs-3.1-${stem}.packet`);
  if (!f) throw new Error(`no fixture ${stem}`);
  const r = decodeMessage(f.bytes);
  if (!r.ok) throw new Error(r.error.message);
  return { m: r.value as Obj, bytes: f.bytes };
}
/** Actions without their len fields (OVS always writes the fixed sizes; other tests check those). */
const acts = (m: Obj) => (m['actions'] as Obj[]).map(({ len: _len, ...a }) => a);

test('add-flow with every 1.0 action: match, flow fields and actions in order', () => {
  const { m } = msg('flow_mod-add-all-actions');
  assert.is(m['command'], 'OFPFC_ADD');
  assert.is(m['cookie'], 0x1234n);
  assert.is(m['idle_timeout'], 60);
  assert.is(m['hard_timeout'], 120);
  assert.is(m['priority'], 100);
  assert.is(m['buffer_id'], OFP_NO_BUFFER);
  assert.is(m['out_port'], 'OFPP_NONE');
  const mt = m['match'] as Obj;
  assert.equal(
    { in_port: mt['in_port'], dl_vlan: mt['dl_vlan'], dl_vlan_pcp: mt['dl_vlan_pcp'], dl_src: mt['dl_src'], dl_dst: mt['dl_dst'],
      dl_type: mt['dl_type'], nw_proto: mt['nw_proto'], nw_src: mt['nw_src'], nw_dst: mt['nw_dst'], nw_tos: mt['nw_tos'],
      tp_src: mt['tp_src'], tp_dst: mt['tp_dst'] },
    { in_port: 1, dl_vlan: 10, dl_vlan_pcp: 2, dl_src: '00:00:00:00:00:01', dl_dst: '00:00:00:00:00:02', dl_type: 0x0800,
      nw_proto: 6, nw_src: '10.0.0.0', nw_dst: '192.168.1.1', nw_tos: 8, tp_src: 1234, tp_dst: 80 },
  );
  assert.is(nwSrcWildBits(mt['wildcards']), 24, 'nw_src=10.0.0.0/8 wildcards 24 low bits');
  assert.is(nwDstWildBits(mt['wildcards']), 0);
  assert.equal(acts(m), [
    { type: 'OFPAT_SET_VLAN_VID', vlan_vid: 5 },
    { type: 'OFPAT_SET_VLAN_PCP', vlan_pcp: 3 },
    { type: 'OFPAT_STRIP_VLAN' },
    { type: 'OFPAT_SET_DL_SRC', dl_addr: '00:11:22:33:44:55' },
    { type: 'OFPAT_SET_DL_DST', dl_addr: '66:77:88:99:aa:bb' },
    { type: 'OFPAT_SET_NW_SRC', nw_addr: '1.2.3.4' },
    { type: 'OFPAT_SET_NW_DST', nw_addr: '5.6.7.8' },
    { type: 'OFPAT_SET_NW_TOS', nw_tos: 16 },
    { type: 'OFPAT_SET_TP_SRC', tp_port: 1000 },
    { type: 'OFPAT_SET_TP_DST', tp_port: 2000 },
    { type: 'OFPAT_ENQUEUE', port: 2, queue_id: 1 },
    { type: 'OFPAT_OUTPUT', port: 2, max_len: 0 },
    { type: 'OFPAT_OUTPUT', port: 'OFPP_CONTROLLER', max_len: 64 },
    { type: 'OFPAT_OUTPUT', port: 'OFPP_LOCAL', max_len: 0 },
    { type: 'OFPAT_OUTPUT', port: 'OFPP_IN_PORT', max_len: 0 },
    { type: 'OFPAT_OUTPUT', port: 'OFPP_NORMAL', max_len: 0 },
    { type: 'OFPAT_OUTPUT', port: 'OFPP_FLOOD', max_len: 0 },
    { type: 'OFPAT_OUTPUT', port: 'OFPP_ALL', max_len: 0 },
  ]);
});

test('Nicira actions decode to their arguments', () => {
  const NX = { type: 'OFPAT_VENDOR', vendor: 0x2320 };
  assert.equal(acts(msg('flow_mod-add-nx-actions').m), [
    { ...NX, subtype: 'NXAST_DEC_TTL' },
    { ...NX, subtype: 'NXAST_SET_QUEUE', queue_id: 1 },
    { ...NX, subtype: 'NXAST_POP_QUEUE' },
    { ...NX, subtype: 'NXAST_NOTE', note: Buffer.from([1, 2, 3, 4, 0, 0]) },
    { ...NX, subtype: 'NXAST_RESUBMIT_TABLE', in_port: 2, table: 255 },
    { ...NX, subtype: 'NXAST_RESUBMIT_TABLE', in_port: 'OFPP_IN_PORT', table: 1 },
    { ...NX, subtype: 'NXAST_SET_TUNNEL', tun_id: 5 },
    { ...NX, subtype: 'NXAST_SET_TUNNEL64', tun_id: 0x123456789n },
    // load:0x5->NXM_NX_REG0[0..7]: ofs 0, 8 bits; dst is the NXM header of reg0 (class 1, field 0, 4 bytes).
    { ...NX, subtype: 'NXAST_REG_LOAD', ofs_nbits: (0 << 6) | 7, dst: 0x00010004, value: 5n },
    // move:NXM_OF_ETH_SRC[]->NXM_OF_ETH_DST[]: 48 bits; NXM headers 0x00000406 and 0x00000206.
    { ...NX, subtype: 'NXAST_REG_MOVE', n_bits: 48, src_ofs: 0, dst_ofs: 0, src: 0x00000406, dst: 0x00000206 },
    { ...NX, subtype: 'NXAST_OUTPUT_REG', ofs_nbits: 31, src: 0x00010004, max_len: 0xffff },
    { ...NX, subtype: 'NXAST_FIN_TIMEOUT', fin_idle_timeout: 10, fin_hard_timeout: 20 },
    { ...NX, subtype: 'NXAST_CONTROLLER', max_len: 100, controller_id: 3, reason: 0 },
    { ...NX, subtype: 'NXAST_EXIT' },
  ]);
  assert.equal(acts(msg('flow_mod-add-mpls-actions').m), [
    { ...NX, subtype: 'NXAST_DEC_MPLS_TTL' },
    { ...NX, subtype: 'NXAST_SET_MPLS_TTL', ttl: 10 },
    { ...NX, subtype: 'NXAST_SET_MPLS_LABEL', label: 10 },
    { ...NX, subtype: 'NXAST_SET_MPLS_TC', tc: 3 },
    { ...NX, subtype: 'NXAST_POP_MPLS', ethertype: 0x0800 },
    { type: 'OFPAT_OUTPUT', port: 1, max_len: 0 },
  ]);
  assert.equal(acts(msg('flow_mod-add-push-mpls').m).slice(0, 2), [
    { ...NX, subtype: 'NXAST_PUSH_MPLS', ethertype: 0x8847 },
    { ...NX, subtype: 'NXAST_SET_MPLS_LABEL', label: 7 },
  ]);
  // ovs-ofctl ofp-print: ct(commit,zone=1),ct_clear,clone(output:1),check_pkt_larger(1500)->NXM_NX_REG0[0],output:1
  const ct = acts(msg('flow_mod-add-nx-ct-actions').m);
  assert.equal(ct.map((a) => a['subtype']), ['NXAST_CT', 'NXAST_CT_CLEAR', 'NXAST_CLONE', 'NXAST_CHECK_PKT_LARGER', undefined]);
  assert.equal(ct[0], { ...NX, subtype: 'NXAST_CT', flags: 1, zone_src: 0, zone: 1, recirc_table: 255, alg: 0, actions: [] });
  assert.equal(ct[2]!['actions'], [{ type: 'OFPAT_OUTPUT', len: 8, port: 1, max_len: 0 }]);
  assert.equal(ct[3], { ...NX, subtype: 'NXAST_CHECK_PKT_LARGER', pkt_len: 1500, offset: 0, dst: 0x00010004 });
  // A subtype with no layout here keeps its bytes.
  const b = Buffer.from(msg('flow_mod-add-nx-ct-actions').bytes);
  b.writeUInt16BE(200, 72 + 24 + 16 + 24 + 8); // CHECK_PKT_LARGER (after ct, ct_clear, clone) -> an unknown subtype 200
  const r = decodeMessage(b);
  if (!r.ok) return assert.unreachable(r.error.message);
  const u = (r.value['actions'] as Record<string, unknown>[])[3]!;
  assert.is(u['subtype'], 200);
  assert.ok(u['body'] instanceof Uint8Array);
  assert.ok(encodeMessage(r.value).equals(b));
});

test('flow_mod commands and flags from mod-flows/del-flows/--strict/send_flow_rem/table=5', () => {
  assert.is(msg('flow_mod-modify-mod-flows').m['command'], 'OFPFC_MODIFY');
  const ms = msg('flow_mod-modify_strict-mod-flows-strict').m;
  assert.is(ms['command'], 'OFPFC_MODIFY_STRICT');
  assert.is(ms['priority'], 20);
  assert.is(msg('flow_mod-delete_strict-del-flows-strict').m['command'], 'OFPFC_DELETE_STRICT');
  const del = msg('flow_mod-delete-del-flows').m;
  assert.is(del['command'], 'OFPFC_DELETE');
  // del-flows with no match wildcards everything; OVS writes 32 (not 63) for the nw_src/nw_dst bit counts.
  const w = del['match']['wildcards'] as number;
  assert.is(w & ~(OFPFW.NW_SRC_MASK | OFPFW.NW_DST_MASK), OFPFW.ALL & ~(OFPFW.NW_SRC_MASK | OFPFW.NW_DST_MASK));
  assert.is(nwSrcWildBits(w), 32);
  assert.is(nwDstWildBits(w), 32);
  assert.ok(msg('flow_mod-add-send-flow-rem').m['flags'] & OFPFF.SEND_FLOW_REM);
  assert.ok(msg('flow_mod-add-check-overlap').m['flags'] & OFPFF.CHECK_OVERLAP);
  // OVS's flow_mod_table_id extension puts the table in the command's high byte: an unnamed command is data.
  assert.is(msg('flow_mod-add-table-id').m['command'], (5 << 8) | 0);
  const v = msg('vendor-table-id').m;
  assert.is(v['vendor'], 0x2320);
});

test('FLOW_REMOVED for the flows with send_flow_rem: reason, priority, match', () => {
  const hard = msg('flow_removed-hard_timeout').m;
  assert.is(hard['reason'], 'OFPRR_HARD_TIMEOUT');
  assert.is(hard['priority'], 30);
  assert.is(hard['match']['nw_dst'], '10.1.1.1');
  const idle = msg('flow_removed-idle_timeout').m;
  assert.is(idle['reason'], 'OFPRR_IDLE_TIMEOUT');
  assert.is(idle['idle_timeout'], 1);
  assert.is(idle['match']['nw_dst'], '10.1.1.2');
  const del = msg('flow_removed-delete-del-flows-send-flow-rem').m;
  assert.is(del['reason'], 'OFPRR_DELETE');
  assert.is(del['match']['nw_dst'], '10.1.1.3');
  assert.is(del['packet_count'], 0n);
});

test('PACKET_IN from injected packets and from a packet-out to CONTROLLER', () => {
  const a = msg('packet_in-action-traffic-packet-in').m;
  assert.is(a['reason'], 'OFPR_ACTION');
  assert.is(a['in_port'], 1);
  assert.is(a['buffer_id'], OFP_NO_BUFFER);
  assert.is(a['total_len'], (a['data'] as Buffer).length);
  assert.is((a['data'] as Buffer).readUInt16BE(12), 0x0800, 'IPv4 frame');
  const miss = msg('packet_in-no_match-traffic-table-miss').m;
  assert.is(miss['reason'], 'OFPR_NO_MATCH');
  assert.is(miss['in_port'], 2);
  assert.is((miss['data'] as Buffer).readUInt16BE(12), 0x0806, 'ARP frame');
  const po = msg('packet_in-action-packet-out-controller').m;
  assert.is((po['data'] as Buffer).subarray(6, 12).toString('hex'), '000000000009', 'mod_dl_src applied before CONTROLLER');
  const out = msg('packet_out-packet-out').m;
  assert.is(out['in_port'], 'OFPP_LOCAL');
  assert.equal(acts(out), [{ type: 'OFPAT_OUTPUT', port: 1, max_len: 0 }]);
  assert.is((out['data'] as Buffer).toString('hex'), 'ffffffffffff000000000001080600010800060400010000000000010a0000010000000000000a000002');
  assert.is(msg('packet_out-packet-out-controller').m['in_port'], 'OFPP_NONE');
});

test('ports: features reply, PORT_STATUS for add/delete/modify, PORT_MOD', () => {
  const f = msg('features_reply-show').m;
  assert.is(f['datapath_id'], 0xa10n);
  assert.equal((f['ports'] as Obj[]).map((p) => [p['port_no'], p['name']]).sort(), [[1, 'p1'], [2, 'p2'], ['OFPP_LOCAL', f['ports'].find((p: Obj) => p['port_no'] === 'OFPP_LOCAL')['name']]].sort());
  const add = msg('port_status-add-port-add').m;
  assert.is(add['reason'], 'OFPPR_ADD');
  assert.equal([add['desc']['port_no'], add['desc']['name']], [3, 'p3']);
  const del = msg('port_status-delete-port-delete').m;
  assert.is(del['reason'], 'OFPPR_DELETE');
  assert.is(del['desc']['name'], 'p3');
  const down = msg('port_mod-mod-port-down').m;
  assert.is(down['port_no'], 1);
  assert.ok(down['config'] & OFPPC.PORT_DOWN);
  assert.ok(down['mask'] & OFPPC.PORT_DOWN);
  const nf = msg('port_mod-mod-port-no-flood').m;
  assert.is(nf['port_no'], 2);
  assert.ok(nf['config'] & OFPPC.NO_FLOOD);
  const st = msg('port_status-modify-mod-port-down').m;
  assert.is(st['reason'], 'OFPPR_MODIFY');
  assert.is(st['desc']['port_no'], 1);
});

test('stats: desc strings, one record per table, the port and queue asked for', () => {
  const d = msg('stats_reply-desc-dump-desc').m['body'] as Obj;
  assert.is(d['mfr_desc'], 'Nicira, Inc.');
  assert.is(d['hw_desc'], 'Open vSwitch');
  assert.match(d['sw_desc'], /^3\.1/);
  const tables = msg('stats_reply-table-dump-tables').m['body'] as Obj[];
  assert.is(tables.length, 254);
  assert.equal(tables.map((t) => t['table_id']), [...Array(254).keys()]);
  assert.is(msg('stats_request-port-dump-ports').m['body']['port_no'], 'OFPP_NONE');
  assert.is(msg('stats_request-port-dump-port-1').m['body']['port_no'], 1);
  assert.equal((msg('stats_reply-port-dump-port-1').m['body'] as Obj[]).map((p) => p['port_no']), [1]);
  const q = msg('stats_request-queue-queue-stats').m['body'];
  assert.equal([q['port_no'], q['queue_id']], ['OFPP_ALL', OFPQ_ALL]);
  const q1 = msg('stats_request-queue-queue-stats-port').m['body'];
  assert.equal([q1['port_no'], q1['queue_id']], [1, 0]);
  const flows = msg('stats_reply-flow-dump-flows').m['body'] as Obj[];
  assert.ok(flows.some((r) => r['cookie'] === 0x1234n && r['priority'] === 100 && r['actions'].length === 18));
  const agg = msg('stats_reply-aggregate-dump-aggregate-match').m['body'];
  assert.is(agg['flow_count'], 2, 'ovs-ofctl printed flow_count=2 for "udp"');
  const nx = msg('stats_request-vendor-dump-flows-nxm').m;
  assert.is(nx['vendor'], 0x2320);
});

test('config, errors and echo', () => {
  assert.is(msg('set_config-monitor').m['miss_send_len'], 128);
  const bad = msg('queue_get_config_request-queue-get-config-bad-port');
  assert.is(bad.m['port'], 99);
  const err = msg('error-queue_op_failed-queue-get-config-bad-port').m;
  assert.equal([err['error_type'], err['code']], ['OFPET_QUEUE_OP_FAILED', 'OFPQOFC_BAD_PORT']);
  assert.ok((err['data'] as Buffer).equals(bad.bytes), 'the error carries the offending request');
  const eperm = msg('error-bad_request-error-hidden-table').m;
  assert.equal([eperm['error_type'], eperm['code']], ['OFPET_BAD_REQUEST', 'OFPBRC_EPERM']);
  const hello = msg('error-hello_failed-version-mismatch').m;
  assert.match((hello['data'] as Buffer).toString('latin1'), /version/);
  const q = msg('queue_get_config_reply-queue-get-config').m;
  assert.is(q['port'], 1);
  assert.equal((q['queues'] as Obj[]).map((x) => x['queue_id']), [0]);
  assert.equal(msg('echo_reply-probe').m['data'].length, 0);
});

test.run();
