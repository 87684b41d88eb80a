/**
 * Encoding with the spec's defaults (declared once, in the schema) and the
 * 1.0 match given as fields: what is left out gets the spec's value, the 1.0
 * wildcards (nw_src/nw_dst prefix bits included) are worked out, and Open
 * vSwitch's own decoder (`ovs-ofctl ofp-print`) reads the bytes as meant.
 * Unknown fields are errors naming the field and the struct. Compiled and
 * interpreted encoders give the same bytes and the same errors throughout.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { decodeMessage, encodeMessage, encodeMessageInterpreted, schemaFor, type ScalarMember } from '../../codec/index.js';
import { must, which } from '../support/sys.js';

const requireTools = process.env['NODEFLOW_REQUIRE_TOOLS'] === '1';
const ofctl = which('ovs-ofctl');

function both(v: Record<string, unknown>): Buffer {
  const a = encodeMessage(v);
  assert.ok(a.equals(encodeMessageInterpreted(v)), 'compiled and interpreted encoders agree');
  return a;
}
function errorOf(v: Record<string, unknown>): string {
  let c = '', i = '';
  try { encodeMessage(v); } catch (e) { c = (e as Error).message; }
  try { encodeMessageInterpreted(v); } catch (e) { i = (e as Error).message; }
  assert.is(c, i, 'same error from both encoders');
  return c;
}
function decoded(b: Buffer): Record<string, unknown> {
  const r = decodeMessage(b);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

test('1.3 FLOW_MOD with only a match and instructions: the spec defaults', () => {
  const m = decoded(both({
    version: 4, type: 'OFPT_FLOW_MOD',
    match: { oxm_fields: [{ class: 'OFPXMC_OPENFLOW_BASIC', field: 'OFPXMT_OFB_IN_PORT', hasmask: false, value: 1 }] },
    instructions: [{ type: 'OFPIT_APPLY_ACTIONS', actions: [{ type: 'OFPAT_OUTPUT', port: 2, max_len: 0 }] }],
  }));
  assert.equal(
    [m['xid'], m['cookie'], m['cookie_mask'], m['table_id'], m['command'], m['idle_timeout'], m['hard_timeout'], m['priority'], m['buffer_id'], m['out_port'], m['out_group'], m['flags']],
    [0, 0n, 0n, 0, 'OFPFC_ADD', 0, 0, 0x8000, 0xffffffff, 'OFPP_ANY', 'OFPG_ANY', 0],
  );
  assert.is((m['match'] as { type: string }).type, 'OFPMT_OXM');
});

test('1.0 FLOW_MOD and PACKET_OUT defaults; a given value wins over the default', () => {
  const m = decoded(both({ version: 1, type: 'OFPT_FLOW_MOD', match: {}, priority: 7 }));
  assert.equal([m['cookie'], m['command'], m['priority'], m['buffer_id'], m['out_port'], m['flags']], [0n, 'OFPFC_ADD', 7, 0xffffffff, 'OFPP_NONE', 0]);
  const p = decoded(both({ version: 1, type: 'OFPT_PACKET_OUT', actions: [], data: Buffer.from('aa', 'hex') }));
  assert.equal([p['buffer_id'], p['in_port']], [0xffffffff, 'OFPP_NONE']);
  const p13 = decoded(both({ version: 4, type: 'OFPT_PACKET_OUT', actions: [] }));
  assert.equal([p13['buffer_id'], p13['in_port']], [0xffffffff, 'OFPP_CONTROLLER']);
});

test('the defaults are declared in the schema (one place), with the spec values', () => {
  const fm = schemaFor(4)!.defs['ofp_flow_mod']!;
  assert.is(fm.kind, 'struct');
  const defaults = Object.fromEntries((fm.kind === 'struct' ? fm.members : []).filter((x): x is ScalarMember => x.kind === 'scalar' && x.default !== undefined).map((x) => [x.name, x.default]));
  assert.equal(defaults, {
    xid: 0, cookie: 0n, cookie_mask: 0n, table_id: 0, command: 'OFPFC_ADD', idle_timeout: 0, hard_timeout: 0, priority: 0x8000,
    buffer_id: 0xffffffff, out_port: 'OFPP_ANY', out_group: 'OFPG_ANY', flags: 0,
  });
});

test('1.0 match as fields: wildcards worked out, prefix length and netmask', () => {
  const m = decoded(both({
    version: 1, type: 'OFPT_FLOW_MOD',
    match: { in_port: 1, dl_type: 0x0800, nw_src: '10.0.0.0/8', nw_dst: '192.168.1.0/255.255.255.0' },
    actions: [{ type: 'OFPAT_OUTPUT', port: 2, max_len: 0 }],
  }));
  const match = m['match'] as Record<string, unknown>;
  // everything but in_port and dl_type wildcarded; nw_src ignores 24 low bits, nw_dst 8
  assert.is(match['wildcards'], 0x3218ee);
  assert.equal([match['nw_src'], match['nw_dst'], match['in_port'], match['dl_type']], ['10.0.0.0', '192.168.1.0', 1, 0x0800]);
  const all = decoded(both({ version: 1, type: 'OFPT_FLOW_MOD', match: {} }))['match'] as Record<string, unknown>;
  assert.is(all['wildcards'], 0x3820ff, 'an empty match is all wildcards (nw_src/nw_dst: 32 bits each)');
  const given = decoded(both({ version: 1, type: 'OFPT_FLOW_MOD', match: { ...match, nw_src: '10.1.0.0/16' } }))['match'] as Record<string, unknown>;
  assert.is(given['wildcards'], (0x3218ee & ~0x3f00) | (16 << 8), 'with wildcards given, a prefix still sets its bits');
  assert.match(errorOf({ version: 1, type: 'OFPT_FLOW_MOD', match: { nw_src: '10.0.0.0/255.0.255.0' } }), /message\.match\.nw_src .*contiguous netmask/);
  assert.match(errorOf({ version: 1, type: 'OFPT_FLOW_MOD', match: { nw_dst: '10.0.0.0/33' } }), /message\.match\.nw_dst/);
});

test('Open vSwitch reads the worked-out 1.0 match as meant (ovs-ofctl ofp-print)', async () => {
  if (!ofctl) {
    if (requireTools) assert.unreachable('ovs-ofctl is required (NODEFLOW_REQUIRE_TOOLS=1)');
    return;
  }
  const b = both({
    version: 1, type: 'OFPT_FLOW_MOD',
    match: { in_port: 1, dl_type: 0x0800, nw_src: '10.0.0.0/8', nw_dst: '192.168.1.0/255.255.255.0' },
    actions: [{ type: 'OFPAT_OUTPUT', port: 2, max_len: 0 }],
  });
  const text = await must('ovs-ofctl', ['ofp-print', b.toString('hex')]);
  assert.match(text, /ADD ip,in_port=1,nw_src=10\.0\.0\.0\/8,nw_dst=192\.168\.1\.0\/24 actions=output:2/);
  const d = await must('ovs-ofctl', ['ofp-print', both({ version: 4, type: 'OFPT_FLOW_MOD', match: {} }).toString('hex')]);
  // ovs-ofctl prints no priority, cookie, timeouts, buffer or out_port/out_group when they are the spec defaults.
  assert.match(d, /OFPT_FLOW_MOD \(OF1\.3\) \(xid=0x0\): ADD actions=drop\s*$/);
  const p = await must('ovs-ofctl', ['ofp-print', both({ version: 4, type: 'OFPT_FLOW_MOD', match: {}, priority: 7 }).toString('hex')]);
  assert.match(p, /ADD priority=7 actions=drop/);
});

test('unknown fields are errors naming the field and the struct', () => {
  assert.match(errorOf({ version: 4, type: 'OFPT_FLOW_MOD', match: {}, bogus_field: 5 }), /message\.bogus_field at offset 0 is not a field of ofp_flow_mod/);
  assert.match(errorOf({ version: 1, type: 'OFPT_FLOW_MOD', match: { in_prot: 1 } }), /message\.match\.in_prot .*is not a field of ofp_match/);
  assert.match(errorOf({ version: 4, type: 'OFPT_PACKET_OUT', actions: [{ type: 'OFPAT_OUTPUT', port: 1, maxlen: 0 }] }), /actions\[0\]\.maxlen .*not a field of ofp_action_output/);
  // A field set to undefined is absent, not unknown.
  both({ version: 4, type: 'OFPT_ECHO_REQUEST', extra: undefined });
});

test.run();
