/**
 * The package as a user gets it: `npm pack` the built tree, install the
 * tarball into a scratch project without network, and run the README's
 * "Install as a user" commands from the installed bin: --help, decode piped
 * into encode, start (a switch connects and is answered) and a short bench
 * against it. Then a strict NodeNext TypeScript consumer importing `nodeflow`,
 * `nodeflow/codec` and `nodeflow/controller` compiles (with the repository's
 * typescript) and runs.
 *
 * No network: the scratch project gets a package-lock.json made from the
 * repository's (its non-dev entries, whatever package.json lists today), so
 * npm takes every dependency from the cache `npm ci` filled, by integrity.
 * Without a lock npm would need each dependency's registry document, which
 * `npm ci` does not cache.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { GoodSwitch } from '../support/hostile-switch.js';
import { timed, waitFor } from '../support/sys.js';

const DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const REPO = path.dirname(DIST);
const PKG = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as {
  name: string; version: string; bin: Record<string, string>; dependencies?: Record<string, string>;
  exports: Record<string, { types: string; default: string }>;
};
const TARBALL = `${PKG.name}-${PKG.version}.tgz`;

interface Ran { code: number | null; out: string; err: string }

/** Runs a shell command line (the README's lines are shell) in `cwd`, offline. */
function sh(line: string, cwd: string, timeoutMs = 120_000): Promise<Ran> {
  return new Promise((resolve) => {
    const p = spawn('sh', ['-c', line], { cwd, env: offlineEnv(), stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let out = '', err = '';
    p.stdout!.on('data', (d: Buffer) => { out += d; });
    p.stderr!.on('data', (d: Buffer) => { err += d; });
    const t = setTimeout(() => killGroup(p, 'SIGKILL'), timeoutMs);
    p.on('close', (code) => { clearTimeout(t); resolve({ code, out, err }); });
  });
}

/**
 * Offline, and without the npm_* variables of an enclosing `npm test` (they describe the repository, not the
 * scratch project), except the cache `npm ci` filled.
 */
function offlineEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^npm_/i.test(k) || /^npm_config_cache$/i.test(k)) env[k] = v;
  return { ...env, npm_config_offline: 'true', npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' };
}

/** npx runs the bin under `sh -c` and does not pass SIGTERM on: signal the whole process group we made. */
function killGroup(p: ChildProcess, sig: NodeJS.Signals): void {
  try { process.kill(-p.pid!, sig); } catch { /* gone */ }
}

/** The commands of README's "Install as a user" block (comments and blank lines dropped). */
function readmeCommands(): string[] {
  const readme = readFileSync(path.join(REPO, 'README.md'), 'utf8');
  const m = /<!-- install-as-user -->\s*```sh\n([\s\S]*?)```/.exec(readme);
  assert.ok(m, 'README.md has the "Install as a user" block (<!-- install-as-user --> then a sh block)');
  return m![1]!.split('\n').map((l) => l.replace(/\s+#.*$/, '').trim()).filter((l) => l !== '' && !l.startsWith('#'));
}

/** A package-lock.json for a project depending on the tarball alone, from the repository's lock. */
function scratchLock(tarball: string): object {
  const lock = JSON.parse(readFileSync(path.join(REPO, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean }> };
  const packages: Record<string, object> = { '': { name: 'app', version: '1.0.0', dependencies: { [PKG.name]: `file:${tarball}` } } };
  for (const [where, entry] of Object.entries(lock.packages)) {
    if (where !== '' && !entry.dev) packages[where] = entry;
  }
  packages[`node_modules/${PKG.name}`] = {
    version: PKG.version, resolved: `file:${tarball}`,
    integrity: `sha512-${createHash('sha512').update(readFileSync(tarball)).digest('base64')}`,
    dependencies: PKG.dependencies ?? {}, bin: PKG.bin, engines: { node: '>=20' },
  };
  return { name: 'app', version: '1.0.0', lockfileVersion: 3, requires: true, packages };
}

const CONSUMER = `
import { decodeMessage, Controller } from 'nodeflow';
import { encodeMessage, toJSON, type Message } from 'nodeflow/codec';
import { LearningSwitch, silentLogger, type ControllerOptions } from 'nodeflow/controller';
import { decodePcapStream } from 'nodeflow/pcap';

const r = decodeMessage(Buffer.from('0102000c0000000261626364', 'hex'));
if (!r.ok) throw new Error(r.error.message);
const echo: Message = r.value;
const reply: Buffer = encodeMessage({ ...echo, type: 'OFPT_ECHO_REPLY' });
const opts: ControllerOptions = { host: '127.0.0.1', port: 0, apps: [new LearningSwitch()], logger: silentLogger, summaryInterval: 0 };
const ctl = new Controller(opts);
const addr = await ctl.start();
await ctl.stop();
const json: string = toJSON(echo);
if (typeof decodePcapStream !== 'function') throw new Error('nodeflow/pcap exports decodePcapStream');
console.log(JSON.stringify({ json: JSON.parse(json) as unknown, reply: reply.toString('hex'), port: addr.port }));
`;

test('npm pack, install the tarball offline, run the README user commands and a TypeScript consumer', timed(300_000, async (scope) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'nodeflow-pkg-'));
  // NODEFLOW_KEEP_PKG=1 keeps the scratch project for a look after a failure
  if (!process.env['NODEFLOW_KEEP_PKG']) scope.defer(() => rmSync(dir, { recursive: true, force: true }));
  const app = path.join(dir, 'app');
  mkdirSync(app);
  const cmds = readmeCommands();
  const expect = (re: RegExp) => {
    const c = cmds.find((l) => re.test(l));
    assert.ok(c, `README user block has a command matching ${re}:\n${cmds.join('\n')}`);
    return c!;
  };

  // 1. Pack. The README's line builds first; the suite has just built, and prepare would rebuild into this tree.
  expect(/^npm ci && npm pack$/);
  const packed = await sh(`npm pack --ignore-scripts --json --pack-destination ${JSON.stringify(dir)}`, REPO);
  assert.is(packed.code, 0, packed.err);
  const files = new Set((JSON.parse(packed.out) as Array<{ files: Array<{ path: string }> }>)[0]!.files.map((f) => f.path));
  for (const bin of Object.values(PKG.bin)) assert.ok(files.has(bin), `bin ${bin} is packed`);
  for (const [sub, e] of Object.entries(PKG.exports)) {
    for (const f of [e.types, e.default]) assert.ok(files.has(f.replace(/^\.\//, '')), `export ${sub}: ${f} is packed`);
  }
  assert.ok([...files].some((f) => f.startsWith('dist/loadgen/')), 'the load generator (nodeflow bench) is packed');
  // A source map ships only with the sources it points to.
  for (const f of files) {
    if (!f.endsWith('.map')) continue;
    const map = JSON.parse(readFileSync(path.join(DIST, '..', f), 'utf8')) as { sources: string[] };
    for (const s of map.sources) {
      const src = path.posix.normalize(path.posix.join(path.posix.dirname(f), s));
      assert.ok(files.has(src), `${f} points to ${src}, which is not packed`);
    }
  }

  // 2. Install, as the README says, offline from npm's cache.
  const install = expect(/^npm install \/path\/to\/\S+\.tgz$/);
  assert.ok(install.endsWith(`/${TARBALL}`), `README installs ${TARBALL}: ${install}`);
  writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', private: true }, null, 2));
  writeFileSync(path.join(app, 'package-lock.json'), JSON.stringify(scratchLock(path.join(dir, TARBALL)), null, 2));
  const inst = await sh(install.replace('/path/to/', `${dir}/`), app);
  assert.is(inst.code, 0, `${install}\n${inst.err}\n${inst.out}`);
  assert.ok(existsSync(path.join(app, 'node_modules', PKG.name, 'dist/cli/nodeflow.js')), 'installed');
  assert.not.ok(existsSync(path.join(app, 'node_modules', PKG.name, 'dist/test')), 'tests are not shipped');

  // 3. The bin.
  const help = await sh(expect(/^npx nodeflow --help$/), app);
  assert.is(help.code, 0, help.err);
  for (const sub of ['decode', 'encode', 'start', 'bench']) assert.match(help.out, new RegExp(`\\n  ${sub} `), `--help lists ${sub}`);
  const round = await sh(expect(/^npx nodeflow decode .*\| npx nodeflow encode --hex$/), app);
  assert.is(round.code, 0, round.err);
  assert.is(round.out.trim(), '0100000800000001', 'decode | encode gives the bytes back');

  // 4. start: a switch connects and gets answers; then bench measures it.
  const startLine = expect(/^npx nodeflow start\b/);
  const ctl = spawn('sh', ['-c', `${startLine} --host 127.0.0.1 --port 0 --summary-interval 0`], {
    cwd: app, env: offlineEnv(), stdio: ['ignore', 'pipe', 'pipe'], detached: true,
  });
  let log = '';
  ctl.stdout!.on('data', (d: Buffer) => { log += d; });
  ctl.stderr!.on('data', (d: Buffer) => { log += d; });
  const ended = new Promise<void>((r) => ctl.once('close', () => r()));
  scope.defer(async () => {
    killGroup(ctl, 'SIGTERM');
    const t = setTimeout(() => killGroup(ctl, 'SIGKILL'), 5000);
    await ended;
    clearTimeout(t);
  });
  const port = Number((await waitFor(`installed nodeflow start to listen:\n${log}`, 60_000, () => /listening on [^\s:]*:(\d+)/.exec(log)))[1]);
  const sw = await GoodSwitch.openSwitch(port, 0x42n, 1000);
  scope.defer(() => sw.destroy());
  assert.ok(await sw.ready(30_000), `the switch came up and its PACKET_IN was answered:\n${log}`);
  await waitFor(`the controller to log the switch:\n${log}`, 10_000, () => /switch up/.test(log));

  const benchLine = expect(/^npx nodeflow bench\b/);
  const bench = await sh(`${benchLine} -c 127.0.0.1 -p ${port} -s 2 -l 2 -m 300`, app);
  assert.is(bench.code, 0, `${benchLine}\n${bench.err}\n${bench.out}`);
  const result = /RESULT: \d+ switches \d+ tests min\/max\/avg\/stdev = ([\d.]+)\//.exec(bench.out);
  assert.ok(result, `bench printed a RESULT line:\n${bench.out}`);

  // 5. A strict NodeNext TypeScript consumer compiles against the installed types and runs.
  writeFileSync(path.join(app, 'consumer.mts'), CONSUMER);
  // Node's types: the project's own copy when one of nodeflow's dependencies brought it (protobufjs,
  // under etcd3, depends on @types/node), else the repository's. Never both: two copies of @types/node
  // in one program conflict.
  const ownTypes = existsSync(path.join(app, 'node_modules/@types/node'));
  writeFileSync(path.join(app, 'tsconfig.json'), JSON.stringify({
    compilerOptions: {
      target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, outDir: 'out',
      types: ['node'], ...(ownTypes ? {} : { typeRoots: [path.join(REPO, 'node_modules/@types')] }), skipLibCheck: false,
    },
    files: ['consumer.mts'],
  }, null, 2));
  const tsc = await sh(`${JSON.stringify(process.execPath)} ${JSON.stringify(path.join(REPO, 'node_modules/typescript/bin/tsc'))} -p tsconfig.json`, app);
  assert.is(tsc.code, 0, `tsc:\n${tsc.out}${tsc.err}`);
  const ran = await sh(`${JSON.stringify(process.execPath)} out/consumer.mjs`, app);
  assert.is(ran.code, 0, ran.err);
  const got = JSON.parse(ran.out) as { json: { type: string }; reply: string; port: number };
  assert.is(got.json.type, 'OFPT_ECHO_REQUEST');
  assert.is(got.reply, '0103000c0000000261626364');
  assert.ok(got.port > 0);
}));

test.run();
