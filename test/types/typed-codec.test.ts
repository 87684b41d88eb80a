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
import { decodeMessage, encodeMessage, type Message, type MessageOf, type Oxm, type OxmInput, type OxmOf } from '../../codec/index.js';
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

test('OXM match fields are typed per field, from the OXM field table', () => {
  // Real bytes from the encoder: a 1.3 FLOW_MOD matching on fields of every value type, one masked.
  const bytes = encodeMessage({
    version: 4, type: 'OFPT_FLOW_MOD', priority: 10,
    match: {
      oxm_fields: [
        { field: 'OFPXMT_OFB_IN_PORT', value: 1 },
        { field: 'OFPXMT_OFB_METADATA', value: 0x1234n, mask: 0xffffn },
        { field: 'OFPXMT_OFB_ETH_SRC', value: '00:11:22:33:44:55' },
        { field: 'OFPXMT_OFB_ETH_TYPE', value: 0x0800 },
        { field: 'OFPXMT_OFB_IPV4_SRC', value: '10.0.0.0', mask: '255.0.0.0' },
        { field: 'OFPXMT_OFB_IPV6_DST', value: '2001:db8::1' },
      ],
    },
  });
  const r = decodeMessage(bytes);
  if (!r.ok || r.value.version !== 4 || r.value.type !== 'OFPT_FLOW_MOD') return assert.unreachable('a 1.3 FLOW_MOD');
  const seen: string[] = [];
  for (const f of r.value.match.oxm_fields) {
    // Narrowing on `field` gives the value's type (and the mask's, once `hasmask` says there is one).
    switch (f.field) {
      case 'OFPXMT_OFB_IN_PORT': {
        const port: number = f.value;
        assert.is(port, 1);
        // @ts-expect-error in_port is a number, not text
        const asText: string = f.value;
        assert.is(typeof asText, 'number');
        break;
      }
      case 'OFPXMT_OFB_METADATA': {
        const md: bigint = f.value;
        assert.is(md, 0x1234n);
        if (f.hasmask) {
          const mask: bigint = f.mask;
          assert.is(mask, 0xffffn);
        } else {
          assert.unreachable('the metadata field was given a mask');
        }
        // @ts-expect-error without narrowing on hasmask, the mask may be absent
        const unchecked: bigint = f.mask;
        assert.ok(unchecked !== null);
        break;
      }
      case 'OFPXMT_OFB_ETH_SRC': {
        const mac: string = f.value;
        assert.is(mac, '00:11:22:33:44:55');
        // @ts-expect-error a MAC is text, not a number
        const asNumber: number = f.value;
        assert.is(typeof asNumber, 'string');
        break;
      }
      case 'OFPXMT_OFB_IPV4_SRC': {
        const ip: string = f.value;
        assert.is(ip, '10.0.0.0');
        assert.is(f.hasmask ? f.mask : undefined, '255.0.0.0');
        break;
      }
      case 'OFPXMT_OFB_IPV6_DST':
      case 'OFPXMT_OFB_ETH_TYPE':
        break;
      // @ts-expect-error no such basic field
      case 'OFPXMT_OFB_IN_PROT':
        break;
      default: {
        // Every field of the table has a case above except those this match lacks: opaque TLVs have a numeric field and bytes.
        if (typeof f.field === 'number') {
          const body: Uint8Array = f.body;
          assert.ok(body.length >= 0);
        }
      }
    }
    seen.push(String(f.field));
  }
  assert.is(seen.length, 6);
  // One field's type by name; a decoded field is input again (decode, change, encode).
  const ethSrc: OxmOf<'OFPXMT_OFB_ETH_SRC'>['value'] = '00:00:00:00:00:01';
  const again: OxmInput[] = r.value.match.oxm_fields.map((f: Oxm) => f);
  assert.is(encodeMessage({ version: 4, type: 'OFPT_FLOW_MOD', priority: 10, match: { oxm_fields: again } }).length, bytes.length);
  assert.is(ethSrc.length, 17);
  // Addresses also as numbers or bytes (what the hand-written writers take): the same bytes as the text.
  const asText = encodeMessage({ version: 4, type: 'OFPT_FLOW_MOD', match: { oxm_fields: [
    { field: 'OFPXMT_OFB_ETH_SRC', value: '00:00:00:00:00:01' }, { field: 'OFPXMT_OFB_ETH_TYPE', value: 0x800 },
    { field: 'OFPXMT_OFB_IPV4_SRC', value: '10.0.0.0', mask: '255.0.0.0' }] } });
  const asNumbers = encodeMessage({ version: 4, type: 'OFPT_FLOW_MOD', match: { oxm_fields: [
    { field: 'OFPXMT_OFB_ETH_SRC', value: 1 }, { field: 'OFPXMT_OFB_ETH_TYPE', value: 0x800 },
    { field: 'OFPXMT_OFB_IPV4_SRC', value: new Uint8Array([10, 0, 0, 0]), mask: 0xff000000 }] } });
  assert.ok(asNumbers.equals(asText));

  const wrong = [
    // @ts-expect-error in_port takes a number
    () => encodeMessage({ version: 4, type: 'OFPT_FLOW_MOD', match: { oxm_fields: [{ field: 'OFPXMT_OFB_IN_PORT', value: 'port one' }] } }),
    // @ts-expect-error eth_src takes a MAC (text, a number or 6 bytes), not a boolean
    () => encodeMessage({ version: 4, type: 'OFPT_FLOW_MOD', match: { oxm_fields: [{ field: 'OFPXMT_OFB_ETH_SRC', value: true }] } }),
    // @ts-expect-error a misspelt field name
    () => encodeMessage({ version: 4, type: 'OFPT_FLOW_MOD', match: { oxm_fields: [{ field: 'OFPXMT_OFB_ETH_SCR', value: '00:11:22:33:44:55' }] } }),
    // @ts-expect-error the mask has the value's type (ipv4_src: an address, not a bigint)
    () => encodeMessage({ version: 4, type: 'OFPT_FLOW_MOD', match: { oxm_fields: [{ field: 'OFPXMT_OFB_IPV4_SRC', value: '10.0.0.0', mask: 0xff000000n }] } }),
  ];
  // The same mistakes are run-time errors too.
  for (const f of wrong) assert.throws(f);
});

test.run();
