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
import { encodeMessage, toJSON, type Message } from '../../codec/index.js';
import { decodeCapture, type PcapMessage } from '../../cli/pcap/index.js';
import { FIXTURES, type Fixture } from '../support/fixtures.js';
import { checkRoundTrips, checkTruncations } from '../support/fixture-checks.js';

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
    // Decoded with named fields (learn specs, NAT ranges, members, properties), from OVS's own bytes:
    'NXAST_LEARN2', 'NXAST_NAT', 'NXAST_BUNDLE_LOAD', 'NXAST_DEC_TTL_CNT_IDS', 'NXAST_CONTROLLER2', 'NXAST_STACK_PUSH',
    'NXAST_STACK_POP', 'NXAST_ENCAP', 'NXAST_DECAP', 'NXAC2PT_USERDATA', 'NXAC2PT_PAUSE', 'NXAC2PT_METER_ID',
    'OFPPPT_PROP_NSH_MDTYPE', 'OFPPPT_PROP_NSH_TLV',
    // What OVS sends to a controller (async-client.mjs and the monitors in make-captures.sh):
    'NXT_PACKET_IN', 'NXT_PACKET_IN2', 'NXT_RESUME', 'NXPINT_PACKET', 'NXPINT_METADATA', 'NXPINT_CONTINUATION',
    'NXPINT_USERDATA', 'NXPINT_COOKIE', 'NXPINT_TABLE_ID', 'NXPINT_REASON',
    'OFPT_ROLE_STATUS', 'OFPT_TABLE_STATUS', 'OFPT_REQUESTFORWARD', 'OFPTMPT_VACANCY',
  ]) assert.ok(seen.has(want), `no ${want} in the capture`);
  // Stack push/pop read their field header whole: 4-byte NXM and 8-byte experimenter OXM (NSH) headers.
  const stackFields = values.flatMap((v) => nxActionsIn(v)).filter((a) => String(a['subtype']).startsWith('NXAST_STACK_')).map((a) => a['field'] as Record<string, unknown>);
  assert.ok(stackFields.some((f) => f['class'] === 'OFPXMC_NXM_1'), 'a stack action on a register');
  assert.ok(stackFields.some((f) => f['class'] === 'OFPXMC_EXPERIMENTER' && typeof f['experimenter'] === 'number'), 'a stack action on an experimenter (NSH) field');
  // ROLE_STATUS and TABLE_STATUS in both 1.4 and 1.5.
  for (const t of ['OFPT_ROLE_STATUS', 'OFPT_TABLE_STATUS']) {
    assert.equal([...new Set(values.filter((v) => v!.type === t).map((v) => v!.version))].sort(), [5, 6], t);
  }
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

/** The messages that carry what this capture added: Nicira properties, specs, ranges, members; async 1.4+ messages. */
const NEW = /NXAST_(LEARN|NAT|BUNDLE|DEC_TTL_CNT_IDS|CONTROLLER2|STACK|ENCAP)|NXT_(PACKET_IN|RESUME)|OFPT_(ROLE_STATUS|TABLE_STATUS|REQUESTFORWARD)/;
const newFixtures: Fixture[] = msgs.flatMap((m, i) => (values[i] && NEW.test(toJSON(values[i])) ? [{
  id: `ovs-dialect frame ${m.meta.frame} @${m.meta.offset}`, path: '', bytes: Buffer.from(m.bytes), truncated: false,
}] : []));

test('the newly named parts round-trip byte-exact as decoded, without length fields and via JSON; every truncated prefix is a truncated error', () => {
  assert.ok(newFixtures.length >= 20, `${newFixtures.length} messages`);
  for (const wire of [1, 4, 5, 6]) checkRoundTrips(newFixtures.filter((f) => f.bytes[0] === wire), wire);
  assert.ok(checkTruncations(newFixtures) > 1000);
});

/** Every Nicira action in a value, at any depth (ct's nested actions, flow entries of stats replies). */
function nxActionsIn(v: unknown, out: Record<string, unknown>[] = []): Record<string, unknown>[] {
  if (Array.isArray(v)) v.forEach((x) => nxActionsIn(x, out));
  else if (v !== null && typeof v === 'object' && !(v instanceof Uint8Array)) {
    const o = v as Record<string, unknown>;
    if (typeof o['subtype'] === 'string' && (o['subtype'] as string).startsWith('NXAST_')) out.push(o);
    Object.values(o).forEach((x) => nxActionsIn(x, out));
  }
  return out;
}
const dotted = (b: Uint8Array): string => [...b].map((x) => x.toString(16).padStart(2, '0')).join('.');
const hexNum = (b: Uint8Array): string => BigInt(`0x${Buffer.from(b).toString('hex')}`).toString(16);
const props = (a: Record<string, unknown>, key = 'properties'): Record<string, unknown>[] => a[key] as Record<string, unknown>[];

/** What ovs-ofctl ofp-print must show for one of our decoded actions: fragments, in our field values. */
function expectedFragments(a: Record<string, unknown>): (string | RegExp)[] {
  switch (a['subtype']) {
    case 'NXAST_NAT': {
      const r = a['range'] as Record<string, string | number | undefined>;
      const flags = a['flags'] as number;
      if (!(flags & 3)) return ['nat'];
      let t = `nat(${flags & 1 ? 'src' : 'dst'}=`;
      if (r['ipv4_min']) t += `${r['ipv4_min']}${r['ipv4_max'] ? `-${r['ipv4_max']}` : ''}`;
      if (r['ipv6_min']) t += `[${r['ipv6_min']}]${r['ipv6_max'] ? `-[${r['ipv6_max']}]` : ''}`;
      if (r['proto_min'] !== undefined) t += `:${r['proto_min']}${r['proto_max'] !== undefined ? `-${r['proto_max']}` : ''}`;
      return [t];
    }
    case 'NXAST_BUNDLE': case 'NXAST_BUNDLE_LOAD': return [`members:${(a['members'] as number[]).join(',')})`];
    case 'NXAST_DEC_TTL_CNT_IDS': return [`dec_ttl(${(a['cnt_ids'] as number[]).join(',')})`];
    case 'NXAST_STACK_PUSH': case 'NXAST_STACK_POP': {
      const o = a['offset'] as number;
      const end = o + (a['n_bits'] as number) - 1;
      return [new RegExp(`${a['subtype'] === 'NXAST_STACK_PUSH' ? 'push' : 'pop'}:\\w+\\[(${o}\\.\\.${end}|${o === 0 ? '' : 'x'})\\]`)];
    }
    case 'NXAST_CONTROLLER2': return props(a).flatMap((p) => {
      switch (p['type']) {
        case 'NXAC2PT_USERDATA': return [`userdata=${dotted(p['userdata'] as Uint8Array)}`];
        case 'NXAC2PT_PAUSE': return ['pause'];
        case 'NXAC2PT_METER_ID': return [`meter_id=${p['meter_id'] as number}`];
        case 'NXAC2PT_MAX_LEN': return [`max_len=${p['max_len'] as number}`];
        case 'NXAC2PT_CONTROLLER_ID': return [`id=${p['controller_id'] as number}`];
        default: return [];
      }
    });
    case 'NXAST_ENCAP': return props(a, 'props').map((p) => (p['type'] === 'OFPPPT_PROP_NSH_MDTYPE'
      ? `md_type=${p['md_type'] as number}`
      : `tlv(0x${(p['tlv_class'] as number).toString(16)},${p['tlv_type'] as number},0x${hexNum(p['value'] as Uint8Array)})`));
    case 'NXAST_LEARN': case 'NXAST_LEARN2': {
      const f: (string | RegExp)[] = [`learn(table=${a['table_id'] as number}`];
      if (a['subtype'] === 'NXAST_LEARN2') f.push(`limit=${a['limit'] as number}`);
      if (a['result_dst'] !== undefined) f.push(new RegExp(`result_dst=\\w+\\[${a['result_dst_ofs'] as number}\\]`));
      for (const s of a['specs'] as Record<string, unknown>[]) {
        const imm = s['src'] === 'immediate';
        if (s['dst'] === 'output') f.push(/output:\w+\[/);
        else if (s['dst'] === 'load') f.push(imm ? `load:0x${hexNum(s['value'] as Uint8Array)}->` : /load:[A-Z]\w*\[/);
        else f.push(imm ? `=0x${hexNum(s['value'] as Uint8Array)}` : /\w+\[[0-9.]*\]=\w+\[/);
      }
      return f;
    }
    default: return [];
  }
}

/** What ofp-print shows for the async messages and Nicira packet-ins we decoded. */
function expectedMessage(v: Message): string[] {
  const f: string[] = [];
  const kind = (v['exp_type'] ?? v['subtype'] ?? v.type) as string;
  if (kind === 'NXT_PACKET_IN2' || kind === 'NXT_RESUME') {
    const ps = v['properties'] as Record<string, unknown>[];
    const get = (t: string) => ps.find((p) => p['type'] === t);
    f.push(`${kind} (OF1.${(v.version as number) - 1})`);
    const pkt = get('NXPINT_PACKET')!['packet'] as Uint8Array;
    f.push(`total_len=${(get('NXPINT_FULL_LEN')?.['full_len'] as number | undefined) ?? pkt.length}`, `data_len=${pkt.length}`);
    const inPort = (get('NXPINT_METADATA')!['metadata'] as Record<string, unknown>[]).find((o) => o['field'] === 'OFPXMT_OFB_IN_PORT');
    f.push(`in_port=${inPort!['value'] as number}`);
    const reason = get('NXPINT_REASON')?.['reason'];
    if (reason === 1) f.push('(via action)');
    if (reason === 5) f.push('(via packet_out)');
    const ud = get('NXPINT_USERDATA');
    if (ud) f.push(`userdata=${dotted(ud['userdata'] as Uint8Array)}`);
    if (get('NXPINT_CONTINUATION')) f.push('continuation.');
  } else if (kind === 'NXT_PACKET_IN') {
    const inPort = (v['match'] as Record<string, unknown>[]).find((o) => o['class'] === 'OFPXMC_NXM_0' && o['field'] === 0);
    f.push(`total_len=${v['total_len'] as number}`, `in_port=${(inPort!['body'] as Buffer).readUInt16BE(0)}`);
  } else if (kind === 'OFPT_ROLE_STATUS') {
    f.push(`generation_id=${String(v['generation_id'])}`);
    if (v['role'] === 'OFPCR_ROLE_SLAVE') f.push('role=secondary');
    if (v['reason'] === 'OFPCRR_MASTER_REQUEST') f.push('reason=primary_request');
  } else if (kind === 'OFPT_TABLE_STATUS') {
    f.push(`reason=${String(v['reason']).replace('OFPTR_', '')}`, `table ${(v['table'] as Record<string, unknown>)['table_id'] as number}:`);
  } else if (kind === 'OFPT_REQUESTFORWARD') {
    const r = v['request'] as Message;
    f.push(r.type === 'OFPT_GROUP_MOD' ? `reason=group_mod` : 'reason=meter_mod');
    f.push(r.type === 'OFPT_GROUP_MOD' ? `group_id=${r['group_id'] as number}` : `meter=${r['meter_id'] as number}`);
  }
  return f;
}

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

  test('learn specs, NAT ranges, bundle members, controller2 and encap properties, stack fields, PACKET_IN2/RESUME properties and the 1.4+ async messages agree with ovs-ofctl ofp-print', () => {
    let checked = 0;
    const kinds = new Set<string>();
    msgs.forEach((m, i) => {
      const v = values[i] as Message;
      const frags: [string, string | RegExp][] = [
        ...nxActionsIn(v).flatMap((a) => expectedFragments(a).map((f) => [String(a['subtype']), f] as [string, string | RegExp])),
        ...expectedMessage(v).map((f) => [String(v['exp_type'] ?? v['subtype'] ?? v.type), f] as [string, string]),
      ];
      if (frags.length === 0) return;
      const text = spawnSync('ovs-ofctl', ['ofp-print', m.bytes.toString('hex')], { encoding: 'utf8' }).stdout;
      for (const [kind, f] of frags) {
        assert.ok(typeof f === 'string' ? text.includes(f) : f.test(text), `frame ${m.meta.frame}: ${kind}: ${String(f)} not in ofp-print:\n${text}`);
        kinds.add(kind);
        checked++;
      }
    });
    for (const k of ['NXAST_LEARN', 'NXAST_LEARN2', 'NXAST_NAT', 'NXAST_BUNDLE', 'NXAST_BUNDLE_LOAD', 'NXAST_DEC_TTL_CNT_IDS',
      'NXAST_CONTROLLER2', 'NXAST_STACK_PUSH', 'NXAST_STACK_POP', 'NXAST_ENCAP', 'NXT_PACKET_IN2', 'NXT_RESUME', 'NXT_PACKET_IN',
      'OFPT_ROLE_STATUS', 'OFPT_TABLE_STATUS', 'OFPT_REQUESTFORWARD']) assert.ok(kinds.has(k), `${k} not cross-checked`);
    assert.ok(checked >= 100, `${checked} fields cross-checked`);
  });
}

test.run();
