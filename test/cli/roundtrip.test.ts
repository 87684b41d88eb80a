/**
 * `nodeflow decode X | nodeflow encode` gives back X byte for byte, for
 * every .packet fixture: all fixtures of a version go through the real CLI
 * as one stream (two processes per version, not two per file).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listFixtures } from '../support/fixtures.js';
import { nodeflowAsync } from './support.js';

const TMP = mkdtempSync(join(tmpdir(), 'nodeflow-roundtrip-'));

// The two 1.5 files Open vSwitch itself refuses (of14-of15-fixtures.test.ts) cannot round-trip.
const REFUSED = /libofproto-OFP15-(flow_desc_reply|meter_features_reply)\.packet$/;

for (const version of ['of10', 'of13', 'of14', 'of15']) {
  test(`decode | encode gives back every ${version} .packet fixture byte for byte`, async () => {
    const fixtures = listFixtures(version).filter((f) => !f.truncated && !REFUSED.test(f.id));
    if (fixtures.length === 0) assert.unreachable(`no .packet fixtures under fixtures/${version}`);
    const stream = Buffer.concat(fixtures.map((f) => f.bytes));
    const file = join(TMP, `${version}.bin`);
    writeFileSync(file, stream);

    const dec = await nodeflowAsync(['decode', file]);
    // Name the fixture where decoding stopped, if it did.
    const at = /\(byte (\d+)\)/.exec(dec.stderr);
    let where = '';
    if (at) {
      let off = 0;
      for (const f of fixtures) {
        if (off + f.bytes.length > Number(at[1])) { where = ` (fixture ${f.id})`; break; }
        off += f.bytes.length;
      }
    }
    assert.is(dec.status, 0, `${dec.stderr.trim()}${where}`);
    const lines = dec.stdout.toString('utf8').trimEnd().split('\n');
    assert.is(lines.length, fixtures.length, 'one line per message');

    const enc = await nodeflowAsync(['encode', '-'], dec.stdout);
    assert.is(enc.status, 0, enc.stderr);
    if (!enc.stdout.equals(stream)) {
      let off = 0;
      for (const f of fixtures) {
        const got = enc.stdout.subarray(off, off + f.bytes.length);
        assert.is(got.toString('hex'), f.bytes.toString('hex'), `first difference in ${f.id}`);
        off += f.bytes.length;
      }
      assert.is(enc.stdout.length, stream.length);
    }
  });
}

test.after(() => rmSync(TMP, { recursive: true, force: true }));
test.run();
