/**
 * A few fuzz inputs through the real `nodeflow decode` process (the in-process
 * fuzz run calls the same functions; this checks the command around them):
 * mutated messages as --hex, a mutated stream as a file, damaged captures as
 * --pcap. Every run must end with status 0 (decoded) or 1 (reported a bad
 * input) and print no uncaught exception.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Rng } from './prng.js';
import { captureFiles, loadCorpus } from './corpus.js';
import { makeInput } from './run.js';
import { mutate } from './mutate.js';
import { pcapOf } from './properties.js';

const CLI = fileURLToPath(new URL('../../cli/nodeflow.js', import.meta.url));
const SEED = 424242;
const dir = mkdtempSync(join(tmpdir(), 'nodeflow-fuzz-cli-'));

function decode(args: string[]): { status: number | null; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, 'decode', ...args], { encoding: 'utf8', timeout: 30_000, maxBuffer: 64 << 20 });
  return { status: r.status, stderr: r.stderr };
}

function clean(what: string, r: { status: number | null; stderr: string }): void {
  assert.ok(r.status === 0 || r.status === 1, `${what}: exit status ${r.status}\n${r.stderr.slice(0, 2000)}`);
  assert.not.match(r.stderr, /\n\s+at .+:\d+:\d+\)?\n|Uncaught|TypeError|RangeError|ReferenceError/, `${what}: an exception escaped\n${r.stderr.slice(0, 2000)}`);
}

test('mutated messages through `nodeflow decode --hex`, a mutated stream file and damaged --pcap captures', () => {
  assert.ok(existsSync(CLI), `CLI built at ${CLI}`);
  const corpus = loadCorpus(new Rng(SEED));
  const rng = new Rng(SEED);
  for (let i = 0; i < 8; i++) {
    const inp = makeInput(SEED, i, corpus);
    if (inp.bytes.length === 0) continue;
    clean(`--hex input ${i} (${inp.how.join(', ')})`, decode(['--hex', inp.bytes.toString('hex')]));
  }
  const stream = Buffer.concat(Array.from({ length: 200 }, (_, i) => makeInput(SEED + 1, i, corpus).bytes));
  writeFileSync(join(dir, 'stream.bin'), stream);
  clean('stream file', decode([join(dir, 'stream.bin')]));
  const caps = captureFiles();
  for (let i = 0; i < 4; i++) {
    const base = caps.length && i % 2 === 0 ? rng.pick(caps) : pcapOf(makeInput(SEED + 2, i, corpus).bytes);
    const file = join(dir, `c${i}.pcap`);
    writeFileSync(file, mutate(rng, base, base).bytes);
    clean(`damaged capture ${i}`, decode(['--pcap', file]));
  }
});

test.after(() => rmSync(dir, { recursive: true, force: true }));

test.run();
