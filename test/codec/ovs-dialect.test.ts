/**
 * Real Open vSwitch traffic beyond plain 1.0/1.3 (fixtures/ovs-dialect, recorded
 * by its make-captures.sh): ovs-ofctl against a private ovs-vswitchd in
 * OpenFlow 1.4 and 1.5, 1.3 with Nicira actions and ONF bundles, and 1.0 in
 * OVS's NXM dialect. Every message decodes (the `-O OpenFlow10 show` session
 * and its port-description stats type 13 included) and re-encodes
 * byte-exact; the Nicira messages and actions OVS sent are named; and for
 * every 1.0 message carrying Nicira actions, `ovs-ofctl ofp-print` (OVS's own
 * decoder; tshark has no Nicira dissector) names the same actions in the same
 * order.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { encodeMessage, type Message } from '../../codec/index.js';
import { decodeCapture, type PcapMessage } from '../../cli/pcap/index.js';
import { FIXTURES } from '../support/fixtures.js';

const msgs: PcapMessage[] = [];
decodeCapture(readFileSync(join(FIXTURES, 'ovs-dialect', 'ovs-dialect.pcap')), [6653], (m) => msgs.push(m));
const values = msgs.map((m) => (m.result.ok ? m.result.value : undefined));

test('every message of the OVS dialect capture decodes and re-encodes byte-exact', () => {
  assert.ok(msgs.length > 300, `${msgs.length} messages`);
  msgs.forEach((m, i) => {
    if (!m.result.ok) assert.unreachable(`frame ${m.meta.frame}: ${m.result.error.message}`);
    assert.ok(encodeMessage(values[i]!).equals(m.bytes), `frame ${m.meta.frame}: re-encoded bytes differ`);
  });
  assert.equal([...new Set(values.map((v) => v!.version))].sort(), [1, 4, 5, 6]);
});

/** Every `subtype` (Nicira messages and actions) and multipart/stats type in a value. */
function names(v: unknown, out: Set<string>): Set<string> {
  if (Array.isArray(v)) v.forEach((x) => names(x, out));
  else if (v !== null && typeof v === 'object' && !(v instanceof Uint8Array)) {
    for (const [k, x] of Object.entries(v)) {
      if ((k === 'subtype' || k === 'stats_type' || k === 'multipart_type' || k === 'type' || k === 'exp_type') && typeof x === 'string') out.add(x);
      names(x, out);
    }
  }
  return out;
}

test('OVS\'s extensions are named: 1.0 port-description stats, Nicira messages, stats and actions; 1.4/1.5 bundles and monitors', () => {
  const seen = new Set<string>();
  for (const v of values) names(v, seen);
  for (const want of [
    'OFPST_PORT_DESC', 'NXT_SET_FLOW_FORMAT', 'NXT_FLOW_MOD', 'NXT_SET_PACKET_IN_FORMAT', 'NXT_TLV_TABLE_MOD',
    'NXT_TLV_TABLE_REQUEST', 'NXT_TLV_TABLE_REPLY', 'NXT_CT_FLUSH_ZONE', 'NXST_FLOW', 'NXST_AGGREGATE',
    'NXAST_RESUBMIT_TABLE', 'NXAST_REG_LOAD', 'NXAST_REG_MOVE', 'NXAST_NOTE', 'NXAST_OUTPUT_REG', 'NXAST_DEC_TTL',
    'NXAST_SET_TUNNEL', 'NXAST_POP_QUEUE', 'NXAST_FIN_TIMEOUT',
    'OFPT_BUNDLE_CONTROL', 'OFPT_BUNDLE_ADD_MESSAGE', 'OFPMP_TABLE_DESC', 'OFPMP_QUEUE_DESC', 'OFPMP_FLOW_MONITOR',
    'OFPMP_FLOW_DESC', 'OFPMP_METER_DESC', 'OFPT_TABLE_MOD', 'OFPT_PORT_MOD', 'OFPT_PACKET_OUT',
    'ONFT_BUNDLE_CONTROL', 'ONFT_BUNDLE_ADD_MESSAGE', // ovs-ofctl -O OpenFlow13 --bundle
    'NXAST_LEARN', 'NXAST_CT', 'NXAST_CT_CLEAR', 'NXAST_CONJUNCTION', 'NXAST_MULTIPATH', 'NXAST_BUNDLE',
  ]) assert.ok(seen.has(want), `no ${want} in the capture`);
  // The flow mod an ONF bundle carries on 1.3 is decoded as a 1.3 FLOW_MOD.
  const add = values.find((v) => v!['exp_type'] === 'ONFT_BUNDLE_ADD_MESSAGE')!;
  assert.equal([(add['message'] as Message).version, (add['message'] as Message).type], [4, 'OFPT_FLOW_MOD']);
});

/** ovs-ofctl's spelling of each Nicira action we name. */
const OVS_NAME: Record<string, RegExp> = {
  NXAST_RESUBMIT: /resubmit\(/, NXAST_RESUBMIT_TABLE: /resubmit\(/, NXAST_REG_LOAD: /load:/, NXAST_REG_MOVE: /move:/,
  NXAST_NOTE: /note:/, NXAST_OUTPUT_REG: /output:NXM/, NXAST_DEC_TTL: /dec_ttl/, NXAST_SET_TUNNEL: /set_tunnel:/,
  NXAST_POP_QUEUE: /pop_queue/, NXAST_FIN_TIMEOUT: /fin_timeout\(/, NXAST_LEARN: /learn\(/, NXAST_CT: /ct\(/,
  NXAST_CT_CLEAR: /ct_clear/, NXAST_CONJUNCTION: /conjunction\(/, NXAST_MULTIPATH: /multipath\(/, NXAST_BUNDLE: /bundle\(/,
};

const ofctl = spawnSync('ovs-ofctl', ['--version'], { stdio: 'ignore' });
if (ofctl.error || ofctl.status !== 0) {
  if (process.env['NODEFLOW_REQUIRE_TOOLS'] === '1') test('ovs-ofctl is required', () => assert.unreachable('ovs-ofctl not found'));
  else console.log('ovs-dialect: ofp-print cross-check SKIPPED (ovs-ofctl not found)');
} else {
  test('Nicira actions (1.0 and 1.3-1.5) agree with ovs-ofctl ofp-print: the same actions in the same order, resubmit tables and load values', () => {
    let checked = 0;
    msgs.forEach((m, i) => {
      const v = values[i] as Message;
      // Top-level actions of 1.0 FLOW_MODs and PACKET_OUTs; 1.3+ actions inside the instructions.
      const top = Array.isArray(v['actions']) ? (v['actions'] as Record<string, unknown>[]) : [];
      const inIns = Array.isArray(v['instructions'])
        ? (v['instructions'] as Record<string, unknown>[]).flatMap((i) => (Array.isArray(i['actions']) ? (i['actions'] as Record<string, unknown>[]) : []))
        : [];
      const acts = [...top, ...inIns].filter((a) => a['vendor'] === 0x2320 || a['experimenter'] === 0x2320);
      if (acts.length === 0) return;
      const r = spawnSync('ovs-ofctl', ['ofp-print', m.bytes.toString('hex')], { encoding: 'utf8' });
      const text = r.stdout;
      let from = 0;
      for (const a of acts) {
        const re = OVS_NAME[String(a['subtype'])];
        if (!re) continue;
        const hit = re.exec(text.slice(from));
        assert.ok(hit, `frame ${m.meta.frame}: ${String(a['subtype'])} not in ofp-print after offset ${from}:\n${text}`);
        from += hit!.index + hit![0].length;
        if (a['subtype'] === 'NXAST_RESUBMIT_TABLE') assert.match(text, new RegExp(`resubmit\\([^)]*,${String(a['table'])}\\)`));
        if (a['subtype'] === 'NXAST_REG_LOAD') assert.match(text, new RegExp(`load:0x${(a['value'] as bigint).toString(16)}->`));
        checked++;
      }
    });
    assert.ok(checked >= 10, `${checked} actions cross-checked`);
  });
}

test.run();
