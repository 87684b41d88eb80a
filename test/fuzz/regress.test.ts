/**
 * Every input the fuzzer ever broke the codec with (fixtures/regress/*.bin)
 * passes every fuzz property, through every entry point, today.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { fixtureSeeds } from './corpus.js';
import { checkCli, checkInput, loadTargets } from './properties.js';
import { FIXTURES } from '../support/fixtures.js';

const inputs = fixtureSeeds(join(FIXTURES, 'regress'));

test('every regression input passes every property', async () => {
  const targets = await loadTargets();
  for (const i of inputs) {
    const f = checkInput(i.bytes, targets) ?? (await checkCli(i.bytes, targets));
    assert.is(f, undefined, `${i.id}: ${f?.property}: ${f?.detail}`);
  }
});

test.run();
