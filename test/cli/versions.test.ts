/**
 * OpenFlow version spellings (codec/version-names.ts): one parser for
 * `nodeflow start --versions` and `nodeflow bench -O`; every spelling a user
 * meets (1.3, 4, OpenFlow13, of13, ...) names the same wire version, help
 * shows defaults in an accepted spelling, and versions the command cannot
 * speak are refused with exit 2 and a message naming them.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseVersionName, versionName, versionSpellings } from '../../codec/version-names.js';
import { startController } from '../controller/support.js';

const CLI = fileURLToPath(new URL('../../cli/nodeflow.js', import.meta.url));

test('every spelling of 1.0 to 1.5 names its wire version', () => {
  const cases: [string[], number][] = [
    [['1.0', '1', 'OpenFlow10', 'openflow10', 'of10', 'OF10', 'OpenFlow1.0', '10', '0x01'], 1],
    [['1.1', '2', 'OpenFlow11', 'of11'], 2],
    [['1.2', '3', 'OpenFlow12', 'of12'], 3],
    [['1.3', '4', 'OpenFlow13', 'of13', ' of13 ', 'OF1.3', '13', '0x04'], 4],
    [['1.4', '5', 'OpenFlow14', 'of14'], 5],
    [['1.5', '6', 'OpenFlow15', 'of15', '0x06'], 6],
  ];
  for (const [spellings, wire] of cases) for (const s of spellings) assert.is(parseVersionName(s), wire, s);
  for (const bad of ['', '0', '7', '1.6', '2.0', 'OpenFlow', 'of', 'of16', '1.3.1', 'x', '0x07']) assert.is(parseVersionName(bad), undefined, bad);
  assert.is(versionName(4), '1.3');
  assert.is(versionName(0x7f), '0x7f');
  assert.is(versionSpellings(4), '1.3, 4, OpenFlow13, of13');
  for (let w = 1; w <= 6; w++) for (const s of versionSpellings(w).split(', ')) assert.is(parseVersionName(s), w, `help spelling ${s}`);
});

function startOnce(versions: string): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [CLI, 'start', '--host', '127.0.0.1', '--port', '0', '--summary-interval', '0', '--versions', versions], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '', err = '';
    p.stdout.on('data', (d: Buffer) => {
      out += d;
      if (/controller started/.test(out)) p.kill('SIGTERM');
    });
    p.stderr.on('data', (d: Buffer) => { err += d; });
    p.on('close', (code) => resolve({ code, out, err }));
  });
}

test('nodeflow start --versions: 1,4 and OpenFlow13,of10 and 1.3 and of15,5 start; the log names the versions', async () => {
  for (const [given, logged] of [['1,4', '1.0,1.3'], ['OpenFlow13,of10', '1.0,1.3'], ['1.3', '1.3'], ['of10', '1.0'], ['4,1.3', '1.3'], ['of15,5', '1.4,1.5']]) {
    const r = await startOnce(given!);
    assert.ok(r.out.includes(`versions=${logged!}`), `${given}: ${r.out}${r.err}`);
  }
});

test('nodeflow start --versions: versions it cannot speak and non-versions exit 2; help shows the default as 1.0,1.3', () => {
  for (const [given, msg] of [['1.1', /OpenFlow 1\.1 is not supported by the controller \(supported: 1\.0, 1\.3, 1\.4, 1\.5\)/], ['3', /OpenFlow 1\.2 is not supported/],
    ['of12', /OpenFlow 1\.2 is not supported/], ['1.7', /'1\.7' is not an OpenFlow version/], ['', /give at least one version/]] as const) {
    const r = spawnSync(process.execPath, [CLI, 'start', '--port', '0', '--versions', given], { encoding: 'utf8' });
    assert.is(r.status, 2, `${given}: ${r.stderr}`);
    assert.match(r.stderr, msg, given);
  }
  const help = spawnSync(process.execPath, [CLI, 'start', '--help'], { encoding: 'utf8' }).stdout.replace(/\s+/g, ' ');
  assert.match(help, /--versions <list> .*\(default: 1\.0,1\.3\)/);
  assert.match(help, /1\.3, 4, OpenFlow13, of13/);
});

test('nodeflow bench -O: 4, OpenFlow13, of13 run 1.3 switches; 1, of10 run 1.0; 1.4 is refused', async () => {
  const { ctl, port } = await startController();
  try {
    for (const [given, label] of [['4', '1.3'], ['OpenFlow13', '1.3'], ['of13', '1.3'], ['1', '1.0'], ['of10', '1.0']]) {
      const r = await new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
        const p = spawn(process.execPath, [CLI, 'bench', '-c', '127.0.0.1', '-p', String(port), '-s', '1', '-l', '2', '-m', '100', '-O', given!], { stdio: ['ignore', 'pipe', 'pipe'] });
        let out = '', err = '';
        p.stdout.on('data', (d: Buffer) => { out += d; });
        p.stderr.on('data', (d: Buffer) => { err += d; });
        p.on('close', (code) => resolve({ code, out, err }));
      });
      assert.is(r.code, 0, `${given}: ${r.err}`);
      assert.match(r.out, /RESULT: 1 switches/, given);
      if (label === '1.3') assert.match(r.err, /with OpenFlow 1\.3 switches/, given);
      else assert.not.match(r.err, /OpenFlow 1\.3/, given);
    }
  } finally {
    await ctl.stop();
  }
  for (const given of ['1.4', '6', 'of11']) {
    const r = spawnSync(process.execPath, [CLI, 'bench', '-p', '1', '-O', given], { encoding: 'utf8' });
    assert.is(r.status, 2, given);
    assert.match(r.stderr, /protocol must be 1\.0 or 1\.3 \(got 1\.[145]\)/, given);
  }
  const help = spawnSync(process.execPath, [CLI, 'bench', '--help'], { encoding: 'utf8' }).stdout.replace(/\s+/g, ' ');
  assert.match(help, /4, OpenFlow13, of13/);
});

test.run();
