/**
 * Every input the fuzzer ever broke something with, in fixtures/regress/:
 * messages (*.bin) pass every fuzz property through every entry point, and
 * captures (*.pcap, *.pcapng) go through the CLI's --pcap decoder, in process
 * and as a real `nodeflow decode --pcap` run, without an escaped exception.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fixtureSeeds } from './corpus.js';
import { checkCli, checkInput, loadTargets } from './properties.js';
import { FIXTURES } from '../support/fixtures.js';

const DIR = join(FIXTURES, 'regress');
const inputs = fixtureSeeds(DIR);
const captures = existsSync(DIR) ? readdirSync(DIR).filter((f) => /\.pcap(ng)?$/.test(f)).sort() : [];
const CLI = fileURLToPath(new URL('../../cli/nodeflow.js', import.meta.url));

test('every regression message passes every property', async () => {
  const targets = await loadTargets();
  for (const i of inputs) {
    const f = checkInput(i.bytes, targets) ?? (await checkCli(i.bytes, targets));
    assert.is(f, undefined, `${i.id}: ${f?.property}: ${f?.detail}`);
  }
});

test('every regression capture decodes with --pcap without an escaped exception', async () => {
  const targets = await loadTargets();
  assert.ok(targets.cliPcap, 'the CLI exports its --pcap decoder');
  for (const name of captures) {
    const bytes = readFileSync(join(DIR, name));
    try {
      await targets.cliPcap!.fn(bytes);
    } catch (e) {
      const allowed = targets.cliPcap!.allowed;
      assert.ok(allowed && e instanceof allowed, `${name}: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
    }
    const r = spawnSync(process.execPath, [CLI, 'decode', '--pcap', join(DIR, name)], { encoding: 'utf8', timeout: 30_000 });
    assert.ok(r.status === 0 || r.status === 1, `${name}: nodeflow decode --pcap exit status ${r.status}\n${r.stderr.slice(0, 1500)}`);
    assert.not.match(r.stderr, /\n\s+at .+:\d+:\d+\)?\n|RangeError|TypeError/, `${name}: an exception escaped\n${r.stderr.slice(0, 1500)}`);
  }
});

test.run();
