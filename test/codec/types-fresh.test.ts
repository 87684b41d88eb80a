/**
 * The checked-in message types (codec/types/messages.ts) are what the schema
 * gives today: a schema change without `npm run gen:types` fails here.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { currentTypes, TYPES_FILE } from '../../codec/types/generate.js';
import { knownVersions } from '../../codec/index.js';
import { ROOT } from '../support/fixtures.js';

test('codec/types/messages.ts matches the schema (else: npm run build && npm run gen:types && npm run build)', () => {
  const have = readFileSync(join(ROOT, TYPES_FILE), 'utf8');
  const want = currentTypes();
  if (have !== want) {
    const a = have.split('\n'), b = want.split('\n');
    const i = a.findIndex((l, k) => l !== b[k]);
    assert.unreachable(`stale at line ${i + 1}:\n  file:   ${a[i]}\n  schema: ${b[i]}`);
  }
  for (const v of knownVersions()) assert.ok(want.includes(`export namespace V${v} {`), `types for wire version ${v}`);
});

test.run();
