/**
 * OpenFlow 1.4 and 1.5 fixtures (the Ryu corpus: Erlang of_protocol and Open
 * vSwitch's libofproto encoders): the same checks as the 1.3 corpus (shared
 * helpers in test/support): byte-exact round trips as decoded, without
 * length fields and via JSON; every truncated prefix a `truncated` error;
 * field-by-field agreement with Ryu's JSON; and a real sample of every
 * message type. Two libofproto 1.5 files are malformed by Open vSwitch's own
 * reading (`ovs-ofctl ofp-print`): we must reject them as it does.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { decodeMessage, encodeMessage } from '../../codec/message.js';
import { of14, of15 } from '../../codec/index.js';
import { OFPT14, OFPT15 } from '../../codec/of14/enums.js';
import { listFixtures } from '../support/fixtures.js';
import { checkRoundTrips, checkTruncations, decodeOk } from '../support/fixture-checks.js';
import { ryuComparer, type Tally } from '../support/ryu-json.js';

/** Fixtures Open vSwitch itself refuses, with its verdict (ovs-ofctl ofp-print, OVS 3.1). */
const MALFORMED: Record<string, [code: string, ovs: string]> = {
  'of15/ryu/libofproto-OFP15-flow_desc_reply.packet': ['bad_length', 'OFPBIC_BAD_LEN (goto-table instruction len 0x0808)'],
  'of15/ryu/libofproto-OFP15-meter_features_reply.packet': ['bad_length', 'only uses 32 bytes out of 40'],
};

for (const [dir, schema, wire, types] of [['of14', of14, 5, OFPT14], ['of15', of15, 6, OFPT15]] as const) {
  const all = listFixtures(dir).filter((f) => !f.truncated);
  const packets = all.filter((f) => !MALFORMED[f.id]);
  const label = schema.label;

  test(`the ${label} Ryu corpus is present`, () => {
    assert.ok(packets.length >= 70, `${packets.length} fixtures`);
  });

  test(`every ${label} fixture decodes and re-encodes byte-exact (as is, without lengths, via JSON)`, () => {
    checkRoundTrips(packets, wire);
  });

  test(`every truncated prefix of every ${label} fixture is a truncated error, never an exception`, () => {
    assert.ok(checkTruncations(packets) > 5000);
  });

  test(`${label} fixtures that Open vSwitch refuses are decode errors here too, never exceptions`, () => {
    for (const f of all.filter((x) => MALFORMED[x.id])) {
      const r = decodeMessage(f.bytes);
      assert.not.ok(r.ok, `${f.id} (OVS: ${MALFORMED[f.id]![1]})`);
      if (!r.ok) assert.is(r.error.code, MALFORMED[f.id]![0], f.id);
    }
  });

  test(`the ${label} corpus has a real sample of every message type`, () => {
    const seen = new Set(packets.map((f) => String(decodeOk(f.bytes, f.id).type)));
    const missing = Object.keys(types).map((k) => `OFPT_${k}`).filter((k) => !seen.has(k));
    assert.equal(missing, [], `no real sample of: ${missing.join(', ')}`);
  });

  test(`${label} fixtures agree with Ryu's decoding field by field`, () => {
    const ryu = ryuComparer(schema.enums);
    const withJson = packets.filter((f) => f.json !== undefined);
    assert.ok(withJson.length >= 70, `${withJson.length} fixtures with JSON`);
    let total = 0;
    for (const f of withJson) {
      const v = decodeOk(f.bytes, f.id);
      const cls = Object.keys(f.json as object)[0]!;
      const t: Tally = { checked: 0 };
      ryu.compare(v, (f.json as Record<string, unknown>)[cls], f.id, cls, t);
      total += t.checked;
      if (Object.keys((f.json as Record<string, object>)[cls]!).length > 0) assert.ok(t.checked > 0, `${f.id}: no field compared`);
    }
    assert.equal([...ryu.missing], [], 'Ryu fields with no counterpart in our value');
    assert.ok(total > 900, `${total} fields compared with Ryu`);
  });
}

test('1.4 and 1.5 PACKET_IN reasons carry 1.4\'s names, 3-5 (ACTION_SET, GROUP, PACKET_OUT) included; the encoder also takes the 1.3 spellings', () => {
  const names = ['OFPR_TABLE_MISS', 'OFPR_APPLY_ACTION', 'OFPR_INVALID_TTL', 'OFPR_ACTION_SET', 'OFPR_GROUP', 'OFPR_PACKET_OUT'];
  for (const version of [5, 6]) {
    const base: Record<string, unknown> = { version, type: 'OFPT_PACKET_IN', xid: 1, buffer_id: 0xffffffff, total_len: 0, table_id: 0, cookie: 0n, match: { type: 'OFPMT_OXM', oxm_fields: [] }, data: Buffer.alloc(0) };
    names.forEach((reason, code) => {
      const b = encodeMessage({ ...base, reason });
      assert.is(b[14], code, `${version} ${reason}`);
      const r = decodeMessage(b);
      assert.ok(r.ok && r.value['reason'] === reason, `${version} ${reason}`);
    });
    const old = decodeMessage(encodeMessage({ ...base, reason: 'OFPR_NO_MATCH' }));
    assert.ok(old.ok && old.value['reason'] === 'OFPR_TABLE_MISS');
    const act = decodeMessage(encodeMessage({ ...base, reason: 'OFPR_ACTION' }));
    assert.ok(act.ok && act.value['reason'] === 'OFPR_APPLY_ACTION');
  }
});

test.run();
