/**
 * The message types generated from the schema, proved by the compiler: this
 * file is part of the build (`tsc -p tsconfig.json`, run by `npm test` and
 * CI), so every `@ts-expect-error` below must be a compile error, or the build
 * fails ("unused @ts-expect-error"). The positive cases also run, on real bytes.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeMessage, encodeMessage, type Message, type MessageOf } from '../../codec/index.js';
import { FIXTURES } from '../support/fixtures.js';

const ovsPacketIn13 = readFileSync(join(FIXTURES, 'of13/ovs/013-OFPT_PACKET_IN.packet'));

test('narrowing on version and type gives typed fields', () => {
  const r = decodeMessage(ovsPacketIn13);
  assert.ok(r.ok);
  if (!r.ok) return;
  const m: Message = r.value;
  if (m.version === 4 && m.type === 'OFPT_PACKET_IN') {
    const bufferId: number = m.buffer_id;
    const cookie: bigint = m.cookie; // u64 → bigint
    const data: Uint8Array = m.data; // bytes → Uint8Array
    const reason: 'OFPR_NO_MATCH' | 'OFPR_ACTION' | 'OFPR_INVALID_TTL' | number = m.reason; // enum → names | number
    const fields = m.match.oxm_fields;
    assert.ok(bufferId >= 0 && cookie >= 0n && data.length > 0 && fields.length > 0 && reason !== undefined);
    // @ts-expect-error a misspelt field is not a number (it reads as unknown)
    const misspelt: number = m.buffer_idd;
    assert.is(misspelt, undefined);
    // @ts-expect-error a 1.3 PACKET_IN has no 1.0 in_port field of type number
    const inPort: number = m.in_port;
    assert.is(inPort, undefined);
  } else {
    assert.unreachable('the fixture is a 1.3 PACKET_IN');
  }
  // @ts-expect-error without narrowing, a field of one message type is not typed
  const notNarrowed: number = m.buffer_id;
  assert.ok(notNarrowed !== null);
});

test('MessageOf names one message type', () => {
  const m = decodeMessage(ovsPacketIn13);
  if (m.ok && m.value.version === 4 && m.value.type === 'OFPT_PACKET_IN') {
    const p: MessageOf<4, 'OFPT_PACKET_IN'> = m.value;
    const tableId: number = p.table_id;
    assert.is(typeof tableId, 'number');
  }
});

test('encodeMessage accepts well-formed literals, with defaults left out; rejects misspellings at compile time', () => {
  const b = encodeMessage({
    version: 4, type: 'OFPT_FLOW_MOD', priority: 10,
    match: { oxm_fields: [{ class: 'OFPXMC_OPENFLOW_BASIC', field: 'OFPXMT_OFB_IN_PORT', value: 1 }] },
    instructions: [{ type: 'OFPIT_APPLY_ACTIONS', actions: [{ type: 'OFPAT_OUTPUT', port: 2, max_len: 0 }] }],
  });
  assert.is(b[1], 14);
  encodeMessage({ version: 1, type: 'OFPT_FLOW_MOD', match: { in_port: 1, nw_src: '10.0.0.0/8' }, actions: [{ type: 'OFPAT_OUTPUT', port: 2, max_len: 0 }] });
  encodeMessage({ version: 1, type: 'OFPT_PACKET_OUT', actions: [], data: Buffer.from('00', 'hex') });
  // A value known only at run time (JSON) is checked at run time.
  const fromJson = JSON.parse('{"version":1,"type":"OFPT_HELLO"}') as Record<string, unknown>;
  assert.is(encodeMessage(fromJson).length, 8);

  const compileErrors = [
    // @ts-expect-error misspelt type name
    () => encodeMessage({ version: 4, type: 'OFPT_FLOW_MODD', match: {} }),
    // @ts-expect-error misspelt field
    () => encodeMessage({ version: 4, type: 'OFPT_FLOW_MOD', match: {}, priorty: 1 }),
    // @ts-expect-error misspelt nested field (in the 1.0 match)
    () => encodeMessage({ version: 1, type: 'OFPT_FLOW_MOD', match: { in_prot: 1 } }),
    // @ts-expect-error a field of another action type
    () => encodeMessage({ version: 1, type: 'OFPT_PACKET_OUT', actions: [{ type: 'OFPAT_OUTPUT', port: 1, max_len: 0, vlan_vid: 3 }] }),
    // @ts-expect-error a required field missing (PACKET_IN has no default buffer_id)
    () => encodeMessage({ version: 1, type: 'OFPT_PACKET_IN', total_len: 0, in_port: 1, reason: 0 }),
    // @ts-expect-error a u64 is not an object
    () => encodeMessage({ version: 4, type: 'OFPT_FLOW_MOD', match: {}, cookie: {} }),
  ];
  // The same mistakes are run-time errors too (the value escaped the compiler here).
  for (const f of compileErrors) assert.throws(f);
});

test.run();
