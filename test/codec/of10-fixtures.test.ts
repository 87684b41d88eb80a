/**
 * Every OpenFlow 1.0 fixture (Ryu's corpus and the Open vSwitch capture)
 * decodes, and re-encodes byte for byte: from the decoded value, from the
 * value with every length field removed (the encoder computes them), and from
 * its JSON form. Every cut-short prefix fails as `truncated` without
 * throwing; the *.truncatedN files do too. The fixtures cover every message
 * type 0..21, every 1.0 action and the Nicira actions the brief lists.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { decodeMessage, encodeMessage, tryEncodeMessage, type Message } from '../../codec/message.js';
import '../../codec/index.js';
import { of10 } from '../../codec/of10/index.js';
import { toJSON } from '../../codec/schema/json.js';
import type { Def } from '../../codec/schema/types.js';
import { listFixtures } from '../support/fixtures.js';

const fixtures = listFixtures('of10');
const packets = fixtures.filter((f) => !f.truncated);
const cut = fixtures.filter((f) => f.truncated);

/** Names of every length member in the 1.0 schema, collected from the definitions themselves. */
function lengthNames(): Set<string> {
  const names = new Set<string>();
  const seen = new Set<Def>();
  const walk = (d: Def): void => {
    if (seen.has(d)) return;
    seen.add(d);
    if (d.kind === 'union') {
      for (const v of d.variants.values()) walk(v);
      if (d.fallback) walk(d.fallback);
    } else if (d.kind === 'struct') {
      for (const m of d.members) {
        if (m.kind === 'length') names.add(m.name);
        else if (m.kind === 'struct') walk(m.def);
        else if (m.kind === 'list' && m.of.kind !== 'scalar') walk(m.of);
      }
    }
  };
  walk(of10.message);
  return names;
}
const LENGTHS = lengthNames();

function stripLengths(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(stripLengths);
  if (v instanceof Uint8Array || v === null || typeof v !== 'object') return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) if (!LENGTHS.has(k)) out[k] = stripLengths(x);
  return out;
}

test('fixtures are present: Ryu corpus and the OVS capture', () => {
  assert.ok(packets.filter((f) => f.id.startsWith('of10/ryu/')).length >= 13);
  assert.ok(packets.filter((f) => f.id.startsWith('of10/ovs/')).length >= 80);
  assert.ok(cut.length >= 4);
  assert.equal([...LENGTHS].sort(), ['actions_len', 'len', 'length', 'match_len', 'tlv_len']); // match_len: Nicira NXM matches; tlv_len: NSH TLVs of encap
});

for (const f of packets) {
  test(`${f.id}: decodes, re-encodes byte-exact (as is, without lengths, via JSON)`, () => {
    const r = decodeMessage(f.bytes);
    if (!r.ok) return assert.unreachable(`${f.id}: ${r.error.message}`);
    assert.is(r.size, f.bytes.length, 'one message per file');
    assert.is(r.value.version, 1);
    assert.is(r.value.length, f.bytes.length);
    assert.is(typeof r.value.type, 'string', 'known message type decodes to its name');
    assert.ok(encodeMessage(r.value).equals(f.bytes), 'encode(decode(bytes))');
    const bare = stripLengths(r.value) as Message;
    assert.not.ok('length' in bare);
    assert.ok(encodeMessage(bare).equals(f.bytes), 'encode without length fields');
    const viaJson = JSON.parse(toJSON(r.value)) as Message;
    const e = tryEncodeMessage(viaJson);
    if (!e.ok) return assert.unreachable(`${f.id} JSON: ${e.error.message}`);
    assert.ok(e.bytes.equals(f.bytes), 'encode(JSON.parse(toJSON(value)))');
    assert.ok(encodeMessage(stripLengths(viaJson) as Message).equals(f.bytes), 'JSON form without lengths');
  });

  test(`${f.id}: every truncated prefix is a 'truncated' error value`, () => {
    for (let n = 0; n < f.bytes.length; n++) {
      const prefix = f.bytes.subarray(0, n);
      let r: ReturnType<typeof decodeMessage>;
      try {
        r = decodeMessage(prefix);
      } catch (err) {
        return assert.unreachable(`prefix ${n} threw ${String(err)}`);
      }
      if (r.ok) return assert.unreachable(`prefix ${n} of ${f.bytes.length} decoded`);
      assert.is(r.error.code, 'truncated', `prefix ${n}: ${r.error.message}`);
      // The offset is where the missing field starts: inside the message (a union's tag may lie past the cut).
      assert.ok(r.error.offset < f.bytes.length, `prefix ${n}: offset ${r.error.offset} is inside the message`);
      assert.match(r.error.message, /^truncated: [a-z0-9_]+(\.[a-z0-9_]+)? at offset \d+ needs \d+ bytes, \d+ left$/);
      assert.equal(r.error.ofError, { type: 1, code: 6 });
    }
  });
}

for (const f of cut) {
  test(`${f.id}: decodes as truncated`, () => {
    const n = Number(/\.truncated(\d+)$/.exec(f.id)![1]);
    assert.is(f.bytes.length, n, 'truncatedN keeps N bytes');
    assert.ok(f.bytes.readUInt16BE(2) > n, 'the header still claims the full length');
    const r = decodeMessage(f.bytes);
    if (r.ok) return assert.unreachable('decoded');
    assert.is(r.error.code, 'truncated');
    assert.is(r.size, f.bytes.readUInt16BE(2), 'framing still knows the full length');
  });
}

test('truncated fixtures name the field where the input ends', () => {
  const msg = (suffix: string) => {
    const f = cut.find((x) => x.id.endsWith(suffix))!;
    const r = decodeMessage(f.bytes);
    return r.ok ? '' : r.error.message;
  };
  // FLOW_MOD cut inside its last 8-byte output action (at 232): the port is missing.
  assert.is(msg('flow_mod-add-all-actions.truncated236'), 'truncated: ofp_action_output.port at offset 236 needs 2 bytes, 0 left');
  // PACKET_IN cut after 17 bytes: the reason byte at 16 is there, the pad byte is not.
  assert.is(msg('packet_in-action-traffic-packet-in.truncated17'), 'truncated: ofp_packet_in.pad at offset 17 needs 1 bytes, 0 left');
  // FLOW stats reply cut 60 bytes into the body: the first record (at 12) has its 6 pad bytes at 70..75.
  assert.is(msg('stats_reply-flow-dump-flows.truncated72'), 'truncated: ofp_flow_stats.pad at offset 70 needs 6 bytes, 2 left');
});

// ---- coverage -----------------------------------------------------------------------------

function decodedOvs(): Message[] {
  return packets.filter((f) => f.id.startsWith('of10/ovs/')).map((f) => {
    const r = decodeMessage(f.bytes);
    if (!r.ok) throw new Error(r.error.message);
    return r.value;
  });
}

function actionsOf(m: Message): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const add = (a: unknown) => { if (Array.isArray(a)) out.push(...(a as Record<string, unknown>[])); };
  add(m['actions']);
  if (Array.isArray(m['body'])) for (const r of m['body'] as Record<string, unknown>[]) add(r['actions']);
  return out;
}

test('the OVS capture has every message type 0..21', () => {
  const types = new Set<string | number>(decodedOvs().map((m) => m.type));
  for (const name of of10.enums['ofp_type']!.byName.keys()) assert.ok(types.has(name), name);
});

test('the OVS capture has every stats type both ways, every flow_mod command and every async reason', () => {
  const ms = decodedOvs();
  const has = (pred: (m: Message) => boolean, what: string) => assert.ok(ms.some(pred), what);
  for (const st of ['OFPST_DESC', 'OFPST_FLOW', 'OFPST_AGGREGATE', 'OFPST_TABLE', 'OFPST_PORT', 'OFPST_QUEUE', 'OFPST_VENDOR']) {
    has((m) => m.type === 'OFPT_STATS_REQUEST' && m['stats_type'] === st, `request ${st}`);
    has((m) => m.type === 'OFPT_STATS_REPLY' && m['stats_type'] === st, `reply ${st}`);
  }
  for (const c of ['OFPFC_ADD', 'OFPFC_MODIFY', 'OFPFC_MODIFY_STRICT', 'OFPFC_DELETE', 'OFPFC_DELETE_STRICT']) {
    has((m) => m.type === 'OFPT_FLOW_MOD' && m['command'] === c, c);
  }
  for (const r of ['OFPRR_IDLE_TIMEOUT', 'OFPRR_HARD_TIMEOUT', 'OFPRR_DELETE']) has((m) => m['reason'] === r, r);
  for (const r of ['OFPPR_ADD', 'OFPPR_DELETE', 'OFPPR_MODIFY']) has((m) => m['reason'] === r, r);
  for (const r of ['OFPR_NO_MATCH', 'OFPR_ACTION']) has((m) => m['reason'] === r, r);
  has((m) => m['error_type'] === 'OFPET_HELLO_FAILED' && m['code'] === 'OFPHFC_INCOMPATIBLE', 'hello failed');
  has((m) => m['error_type'] === 'OFPET_BAD_REQUEST' && m['code'] === 'OFPBRC_EPERM', 'bad request');
  has((m) => m['error_type'] === 'OFPET_QUEUE_OP_FAILED' && m['code'] === 'OFPQOFC_BAD_PORT', 'queue op failed');
});

test('fixtures carry every 1.0 action, every special output port and the Nicira actions', () => {
  const all = packets.flatMap((f) => {
    const r = decodeMessage(f.bytes);
    return r.ok ? actionsOf(r.value) : [];
  });
  const types = new Set(all.map((a) => a['type']));
  for (const t of of10.enums['ofp_action_type']!.byName.keys()) assert.ok(types.has(t), t);
  const ports = new Set(all.filter((a) => a['type'] === 'OFPAT_OUTPUT').map((a) => a['port']));
  for (const p of ['OFPP_IN_PORT', 'OFPP_NORMAL', 'OFPP_FLOOD', 'OFPP_ALL', 'OFPP_CONTROLLER', 'OFPP_LOCAL']) assert.ok(ports.has(p), p);
  const nx = new Set(all.filter((a) => a['vendor'] === 0x2320).map((a) => a['subtype']));
  for (const st of ['NXAST_DEC_MPLS_TTL', 'NXAST_DEC_TTL', 'NXAST_POP_MPLS', 'NXAST_PUSH_MPLS', 'NXAST_SET_MPLS_LABEL',
    'NXAST_SET_MPLS_TC', 'NXAST_SET_MPLS_TTL', 'NXAST_SET_QUEUE', 'NXAST_RESUBMIT_TABLE', 'NXAST_REG_LOAD', 'NXAST_NOTE']) {
    assert.ok(nx.has(st), st);
  }
  // Named Nicira actions decode to fields, not opaque bytes.
  const named = all.filter((a) => a['vendor'] === 0x2320 && a['subtype'] === 'NXAST_SET_MPLS_LABEL');
  assert.ok(named.every((a) => typeof a['label'] === 'number' && !('body' in a)));
  // ct is named too (its nested actions decode as actions); round trips are checked per fixture above.
  assert.ok(all.some((a) => a['subtype'] === 'NXAST_CT' && Array.isArray(a['actions'])));
});

test.run();
