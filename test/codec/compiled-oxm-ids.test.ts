/**
 * The compiled encoder's OXM-id lists (codec/of13/oxm-encode.ts oxmIdList: one loop per list, a
 * basic field's name looked up as a property, each id stored as one 32-bit word through a DataView
 * of the buffer written into) against the interpreter, the oracle: the same bytes for every
 * spelling the interpreter takes, on the compiled path for the common ones; the interpreter's error
 * through both entry points for the rest; and encodeMessageInto writing nothing outside its range
 * when the caller's buffer is a window on a larger ArrayBuffer, or several buffers take turns.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { compiledFor, decodeMessageInterpreted, encodeMessage, encodeMessageInterpreted, encodeMessageInto } from '../../codec/index.js';
import { listFixtures } from '../support/fixtures.js';

/** A TABLE_FEATURES reply with one table whose MATCH property lists `ids`. */
function reply(ids: unknown[]): Record<string, unknown> {
  return {
    version: 4, type: 'OFPT_MULTIPART_REPLY', xid: 7, multipart_type: 'OFPMP_TABLE_FEATURES', flags: 0,
    body: [{
      table_id: 0, name: 'classifier', metadata_match: 0n, metadata_write: 0n, config: 0, max_entries: 1000,
      properties: [{ type: 'OFPTFPT_MATCH', oxm_ids: ids }, { type: 'OFPTFPT_NEXT_TABLES', next_table_ids: [1, 2] }],
    }],
  };
}

const basic = 'OFPXMC_OPENFLOW_BASIC';
// Names built at run time, as the interpreter's decoder builds them (not interned: compared as text).
const built = (s: string): string => ['OFPXMT_OFB_', s].join('');

/** Spellings the interpreter takes; the first group is what decoders give and must stay on the compiled path. */
const common: Record<string, unknown>[] = [
  { class: basic, field: 'OFPXMT_OFB_IN_PORT', hasmask: false, oxm_length: 4 },
  { class: basic, field: built('ETH_DST'), hasmask: true, oxm_length: 12 },
  { class: basic, field: 3, hasmask: false, oxm_length: 6 },
  { class: 'OFPXMC_NXM_0', field: 0, hasmask: false, oxm_length: 2 },
  { class: 'OFPXMC_NXM_1', field: 31, hasmask: false, oxm_length: 4 },
  { class: 'OFPXMC_NXM_1', field: 127, hasmask: true, oxm_length: 255 },
  { class: 'OFPXMC_EXPERIMENTER', field: 5, hasmask: false, oxm_length: 8, experimenter: 0x4f4e4600 },
  { class: 0xffff, field: 1, hasmask: false, oxm_length: 4, experimenter: 0xffffffff },
  { class: 0x8001, field: 2, hasmask: false, oxm_length: 4 },
  { class: 0, field: 0, hasmask: false, oxm_length: 0 },
];
const rare: Record<string, unknown>[] = [
  { field: 'OFPXMT_OFB_VLAN_VID', hasmask: false, oxm_length: 2 },
  { class: null, field: 4, hasmask: false, oxm_length: 2 },
  { class: 'OFPXMC_NXM_1', field: 'OFPXMT_OFB_IN_PORT', hasmask: 1, oxm_length: 4 },
  { class: '0x8000', field: '5', hasmask: false, oxm_length: '0x10' },
  { class: 'OFPXMC_EXPERIMENTER', field: 5, hasmask: false, oxm_length: 8, experimenter: '1234' },
  { class: 'OFPXMC_OPENFLOW_BASIC', field: 'OFPXMT_OFB_IN_PORT', hasmask: false, oxm_length: 4, extra: 'ignored by ofp_oxm_id' },
];
const bad: unknown[] = [
  { class: 'OFPXMC_NOPE', field: 1, hasmask: false, oxm_length: 4 },
  { class: basic, field: 'OFPXMT_OFB_NOPE', hasmask: false, oxm_length: 4 },
  { class: basic, field: 128, hasmask: false, oxm_length: 4 },
  { class: 'OFPXMC_NXM_1', field: 1.5, hasmask: false, oxm_length: 4 },
  { class: 'OFPXMC_NXM_1', field: 1, hasmask: false, oxm_length: 256 },
  { class: 'OFPXMC_NXM_1', field: 1, hasmask: false },
  { class: 'OFPXMC_EXPERIMENTER', field: 5, hasmask: false, oxm_length: 8 },
  { class: 0xffff, field: 5, hasmask: false, oxm_length: 8, experimenter: -1 },
  { class: 0x10000, field: 1, hasmask: false, oxm_length: 4 },
  null,
  5,
];

test('every spelling of an OXM id in a list: the interpreter\'s bytes, the common ones on the compiled path', () => {
  const write = compiledFor(4)!.encoder.write;
  const out = Buffer.alloc(70000);
  for (const id of [...common, ...rare]) {
    // Alone, and among others (the loop carries its position from id to id).
    for (const ids of [[id], [common[4], id, common[6], id, common[0]]]) {
      const v = reply(ids);
      const want = encodeMessageInterpreted(v);
      assert.ok(encodeMessage(v).equals(want), JSON.stringify(id));
      assert.ok(out.subarray(0, encodeMessageInto(v, out, 0)).equals(want), JSON.stringify(id));
    }
  }
  // The common forms never leave the compiled path (write throws when it would).
  const v = reply([...common, ...common.slice().reverse()]);
  const n = write(v, out, 0);
  assert.ok(out.subarray(0, n).equals(encodeMessageInterpreted(v)));
});

test('bad OXM ids in a list: the interpreter\'s error from encodeMessage and encodeMessageInto, wherever the id is', () => {
  for (const id of bad) {
    for (const ids of [[id], [common[4], common[6], id], [common[0], id, common[1]]]) {
      const v = reply(ids);
      let ie: unknown, ce: unknown, te: unknown, se: unknown;
      try { encodeMessageInterpreted(v); } catch (e) { ie = e; }
      try { encodeMessage(v); } catch (e) { ce = e; }
      try { encodeMessageInto(v, Buffer.alloc(70000), 3); } catch (e) { te = e; }
      try { encodeMessageInto(v, Buffer.alloc(1000), 3); } catch (e) { se = e; }
      assert.ok(ie instanceof Error, `${JSON.stringify(id)}: the interpreter refuses it`);
      assert.is((ce as Error).message, (ie as Error).message);
      assert.is((te as Error).message, (ie as Error).message);
      assert.is((se as Error).message, (ie as Error).message);
    }
  }
});

test('encodeMessageInto a window on a larger ArrayBuffer, buffers taking turns: the same bytes, nothing outside touched', () => {
  const replies = listFixtures('of13')
    .filter((f) => f.id.includes('MULTIPART_REPLY-OFPMP_TABLE_FEATURES'))
    .map((f) => ({ bytes: f.bytes, d: decodeMessageInterpreted(f.bytes) }))
    .filter((x) => x.d.ok)
    .slice(0, 4);
  assert.ok(replies.length >= 2);
  const whole = new ArrayBuffer(3 * 80000);
  const all = new Uint8Array(whole);
  // Two windows of the same memory at odd byte offsets, and a buffer of its own.
  const windows = [Buffer.from(whole, 1001, 70000), Buffer.from(whole, 80003, 70001), Buffer.alloc(70000)];
  let k = 0;
  for (let round = 0; round < 3; round++) {
    for (const { bytes, d } of replies) {
      const buf = windows[k % windows.length]!;
      const at = (k * 3) % 7;
      k++;
      all.fill(0xee);
      buf.fill(0xee);
      const n = encodeMessageInto((d as { value: Record<string, unknown> }).value, buf, at);
      assert.is(n, bytes.length);
      assert.ok(buf.subarray(at, at + n).equals(bytes));
      assert.ok(buf.subarray(0, at).every((x) => x === 0xee) && buf.subarray(at + n).every((x) => x === 0xee), 'nothing around it in the window');
      if (buf.buffer === whole) {
        const start = buf.byteOffset;
        assert.ok(all.subarray(0, start).every((x) => x === 0xee) && all.subarray(start + buf.length).every((x) => x === 0xee), 'nothing outside the window');
      }
    }
  }
});

test.run();
