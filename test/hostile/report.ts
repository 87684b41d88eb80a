/**
 * The hostile-switch figures for RELIABILITY.md: the same attacks as
 * hostile.test.ts, at a chosen size, with the controller's fds and RSS read
 * before and after each one and the good switches' answers and latency over
 * the whole run. Run from the repository root after a build:
 *   node dist/test/hostile/report.js [--scale N] [--good N] [--rate PER_S] [--flood-ms MS] [--silent N]
 *     [--conn-flood-rounds N] [--conn-flood-only] [--conn-flood-sources N]
 * Prints Markdown tables; exits 1 if any pass criterion failed. The first
 * table is the connection flood (flood-run.ts) against a controller with its
 * default admission control, good switches on 1.0 and on 1.3; with
 * --conn-flood-only nothing else runs, so NODEFLOW_CLI may name any build
 * (e.g. one from before admission control) to compare. --conn-flood-sources N
 * spreads the flood over 127.0.0.1 .. 127.0.0.N; --conn-flood-attacker-nice N
 * runs the attacker N nice levels below the rest (default 0, as the test). The CPU columns are CPU
 * seconds per wall second of the controller / the good switches' bench / the
 * attacker, in the quiet and in the attack windows.
 */
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { startController } from '../support/hostile-controller.js';
import type { GoodSwitch } from '../support/hostile-switch.js';
import * as A from './attacks.js';
import { floodRun, median } from './flood-run.js';

const { values } = parseArgs({
  options: {
    scale: { type: 'string', default: '1' },
    good: { type: 'string', default: '4' },
    rate: { type: 'string', default: '100' },
    'flood-ms': { type: 'string', default: '5000' },
    silent: { type: 'string', default: '1000' },
    'handshake-timeout': { type: 'string', default: '1' },
    'conn-flood-rounds': { type: 'string', default: '10' },
    'conn-flood-only': { type: 'boolean', default: false },
    'conn-flood-sources': { type: 'string', default: '1' },
    'conn-flood-attacker-nice': { type: 'string', default: '0' },
  },
});
const scale = Number(values.scale);
const hto = Number(values['handshake-timeout']);

/** Issue 10's goal: good switches keep this share of their quiet rate during a connection flood. */
const FLOOD_MIN_RATIO = 0.25;
const floodRows: string[] = [];
let floodFailed = false;
for (const protocol of ['1.0', '1.3']) {
  const c = await startController(['--log-level', 'warn', '--summary-interval', '0']);
  try {
    const sources = Number(values['conn-flood-sources']);
    const r = await floodRun({ port: c.port, protocol, rounds: Number(values['conn-flood-rounds']), controllerPid: c.pid, floodArgs: ['--sources', String(sources)], attackerNice: Number(values['conn-flood-attacker-nice']) });
    const f = r.flood;
    const pass = r.ratio >= FLOOD_MIN_RATIO && c.exited() === undefined;
    floodFailed ||= !pass;
    const cpu = (w: { controller: number; bench: number; flood: number }) => `${w.controller.toFixed(2)} / ${w.bench.toFixed(2)} / ${w.flood.toFixed(2)}`;
    floodRows.push(`| ${protocol} | ${Math.round(median(r.quiet))} | ${Math.round(median(r.attack))} | ${r.ratio.toFixed(2)} (${Math.min(...r.ratios).toFixed(2)}–${Math.max(...r.ratios).toFixed(2)}) | ${f.perSecond} | ${f.attempted} | ${f.reset} | ${cpu(r.cpu.quiet)} | ${cpu(r.cpu.attack)} | ${c.exited() === undefined ? 'yes' : 'NO'} | ${pass ? 'pass' : 'FAIL'} |`);
    process.stderr.write(`${floodRows[floodRows.length - 1]}\n`);
  } finally {
    await c.stop();
  }
}
process.stdout.write([
  `Connection flood (${values['conn-flood-rounds']} attack windows of 300 ms between quiet ones; 4 good switches, nodeflow bench latency mode -s 4 -M 1000; flood: ~3000 connections/s from ${values['conn-flood-sources']} address(es), 500 silent per window; attacker at nice +${values['conn-flood-attacker-nice']}; controller ${process.env['NODEFLOW_CLI'] ?? 'this build'}):`,
  '',
  '| good switches | quiet responses/s (median) | attack responses/s (median) | ratio, median of windows (range) | flood connections/s | attempted | reset by the controller | CPU s/s quiet: controller / bench / attacker | CPU s/s attack | controller alive | verdict |',
  '|---|---|---|---|---|---|---|---|---|---|---|',
  ...floodRows,
  '',
].join('\n'));
if (values['conn-flood-only']) process.exit(floodFailed ? 1 : 0);

// Every attack below comes from 127.0.0.1, up to thousands of connections at a time: per-source admission is off
// here (it would refuse them before they show the behaviour under test); the flood above runs with it on.
const ctl = await startController(['--versions', '1.0,1.3', '--handshake-timeout', String(hto), '--log-level', 'error', '--summary-interval', '0', '--per-source-rate', '0', '--global-rate', '0']);
const good: GoodSwitch[] = [];
for (let i = 0; i < Number(values.good); i++) good.push(await A.upSwitch(ctl.port, 0x600dn + BigInt(i), 1 + i * 10_000_000, i % 2 ? A.OFP13 : A.OFP10));
for (const g of good) g.startProbing(Number(values.rate));
await A.sleep(500);
const base = ctl.stats();
const rows: string[] = [];
let failed = false;
const t0 = performance.now();

async function row(name: string, f: () => Promise<{ connections?: number; bytesOut?: number; result: string; pass: boolean }>): Promise<void> {
  const before = ctl.stats();
  const a = performance.now();
  let r: { connections?: number; bytesOut?: number; result: string; pass: boolean };
  try {
    r = await f();
  } catch (e) {
    r = { result: `attack failed: ${e instanceof Error ? e.message : String(e)}`, pass: false };
  }
  const b = performance.now();
  const ms = b - a;
  const after = await A.settle(ctl.pid, base.fds + 2, 5000);
  const exited = ctl.exited();
  if (exited) r = { ...r, result: `${r.result}; CONTROLLER EXITED ${JSON.stringify(exited)}`, pass: false };
  failed ||= !r.pass;
  // Good-switch latency for the probes sent during this attack (their answers may come a little later).
  await A.sleep(100);
  let worst = 0, probes = 0;
  for (const g of good) { const w = g.window(a, b); worst = Math.max(worst, w.max); probes += w.n + w.pending; }
  rows.push(`| ${name} | ${probes} / ${worst.toFixed(0)} | ${r.connections ?? ''} | ${r.bytesOut ?? ''} | ${(ms / 1000).toFixed(1)} | ${before.fds} → ${after.fds} | ${(before.rssKiB / 1024).toFixed(0)} → ${(after.rssKiB / 1024).toFixed(0)} | ${r.result} | ${r.pass ? 'pass' : 'FAIL'} |`);
  process.stderr.write(`${rows[rows.length - 1]}\n`);
  if (exited) throw new Error('controller exited');
}

const errs = (o: A.Outcome) => o.errors.map((e) => `${e.type}/${e.code}`).join(',') || 'none';

await row('garbage from byte 0', async () => {
  const o = await A.garbage(ctl.port, 20 * scale, 7, 3000 + hto * 1000);
  return { ...o, result: `${o.closedByController}/${o.connections} closed, errors ${errs(o)}`, pass: o.closedByController === o.connections };
});
for (const len of [0, 4, 7]) {
  await row(`length ${len} after handshake`, async () => {
    const o = await A.shortLength(ctl.port, 0xba01n, len);
    const badLen = o.errors.some((e) => e.type === 1 && e.code === 6);
    // Pass: closed (the stream cannot be framed); the spec's BAD_REQUEST/BAD_LEN before closing is noted when missing.
    return { ...o, result: `error ${errs(o)}${badLen ? '' : ' (spec names BAD_REQUEST/BAD_LEN: missing)'}, ${o.closedByController ? 'closed' : 'left open'}`, pass: badLen && o.closedByController === 1 && o.errors.every((e) => e.type === 1 && e.code === 6) };
  });
}
for (const type of [0x7f, 22]) {
  await row(`unknown type ${type}`, async () => {
    const o = await A.unknownType(ctl.port, 0xba02n, type);
    return { ...o, result: `error ${errs(o)}, ${o.stillUp ? 'still up' : 'dropped'}`, pass: o.errors.some((e) => e.type === 1 && e.code === 1) && o.stillUp };
  });
}
await row('unknown version 0x09 after handshake', async () => {
  const o = await A.unknownVersion(ctl.port, 0xba03n, 0x09);
  return { ...o, result: `error ${errs(o)}`, pass: o.errors.some((e) => e.type === 1 && e.code === 0) };
});
await row('HELLO bitmap {1.1, 1.2} only', async () => {
  const o = await A.noCommonVersion(ctl.port, 0x04, [2, 3]);
  return { ...o, result: `error ${errs(o)}, ${o.closedByController ? 'closed' : 'left open'}`, pass: o.errors.some((e) => e.type === 0 && e.code === 0) && o.closedByController === 1 };
});
await row('PACKET_IN before HELLO', async () => {
  const o = await A.packetInBeforeHello(ctl.port);
  return { ...o, result: `error ${errs(o)}, ${o.closedByController ? 'closed' : 'left open'}, ${o.answered ? 'ANSWERED' : 'not answered'}`, pass: !o.answered && (o.closedByController === 1 || o.errors.length > 0) };
});
await row('PACKET_IN before FEATURES_REPLY', async () => {
  const o = await A.packetInBeforeFeatures(ctl.port, 0xba04n);
  return { ...o, result: `early one ${o.earlyAnswered ? 'ANSWERED' : 'ignored'}, switch ${o.upAfter ? 'came up' : 'DID NOT come up'}`, pass: !o.earlyAnswered && o.upAfter };
});
await row('HELLO then silence', async () => {
  const o = await A.neverFeatures(ctl.port, hto * 1000 + 5000);
  return { ...o, result: `closed after ${o.closedAfterMs.toFixed(0)} ms`, pass: o.closedAfterMs < hto * 1000 + 1500 };
});
await row(`${Number(values.silent) * scale} silent connections`, async () => {
  const o = await A.silentMany(ctl.port, Number(values.silent) * scale, hto * 1000 + 10000, ctl.pid);
  return { ...o, result: `peak ${o.peakFds} fds; ${o.closedByController}/${o.connections} closed, last after ${o.closedAfterMs.toFixed(0)} ms`, pass: o.closedByController === o.connections };
});
await row('slow-loris (1 byte / 50 ms)', async () => {
  const o = await A.slowLoris(ctl.port, 20 * scale, 50, hto * 1000 + 5000);
  return { ...o, result: `${o.closedByController}/${o.connections} closed, last after ${o.closedAfterMs.toFixed(0)} ms (${o.note})`, pass: o.closedByController === o.connections };
});
await row('PACKET_IN flood, never reading', async () => {
  const before = ctl.stats();
  const o = await A.floodNoRead(ctl.port, 0xf100dn, Number(values['flood-ms']), ctl.pid);
  const growth = (o.peakRssKiB - before.rssKiB) / 1024;
  return {
    ...o,
    result: `${o.packetIns} PACKET_INs; peak RSS ${(o.peakRssKiB / 1024).toFixed(0)} MiB (+${growth.toFixed(0)}); longest stall ${o.longestStallMs.toFixed(0)} ms; ${o.closedByController ? 'closed by controller' : 'kept open'}`,
    pass: growth < 160 && (o.closedByController === 1 || o.longestStallMs > 500),
  };
});
await row('disconnect mid-message', async () => {
  const o = await A.midMessage(ctl.port, 10 * scale, 0xd000n);
  return { ...o, result: 'controller alive', pass: true };
});
await row('same datapath id twice', async () => {
  const r = await A.sameDpid(ctl.port, 0xd0b1en);
  return { connections: 2, result: JSON.stringify(r), pass: r.oldClosed !== r.newClosed && (r.oldClosed ? r.newAnswers : r.oldAnswers) };
});
await row(`flap x${200 * scale}`, async () => {
  const o = await A.flap(ctl.port, 200 * scale, 8, 0xf1a9n);
  return { ...o, result: `${o.connections} connections`, pass: true };
});

await row(`fuzzed messages x${2000 * scale}`, async () => {
  const o = await A.fuzzedMessages(ctl.port, 2000 * scale, 11);
  return { ...o, result: `${o.connections} connections (${o.reconnects} closed by the controller and reopened), ECHO answered ${o.echoesAnswered}/${o.echoesSent}, errors received on ${o.errors.length}`, pass: true };
});

let sent = 0, answered = 0, lost = 0, p99 = 0, max = 0, p50 = 0;
for (const g of good) {
  const s = await g.stopProbing(5000);
  sent += s.sent; answered += s.answered; lost += s.lost;
  p50 = Math.max(p50, s.p50); p99 = Math.max(p99, s.p99); max = Math.max(max, s.max);
}
const end = await A.settle(ctl.pid, base.fds, 3000);
const total = (performance.now() - t0) / 1000;
for (const g of good) g.destroy();
await A.sleep(200);
const final = ctl.stats();
await ctl.stop();
failed ||= lost > 0 || floodFailed;

process.stdout.write([
  `Controller pid ${ctl.pid}, handshake timeout ${hto} s; baseline ${base.fds} fds, ${(base.rssKiB / 1024).toFixed(0)} MiB RSS (with ${good.length} good switches connected).`,
  '',
  '| attack | good probes / worst ms | connections | bytes sent | s | fds before → after | RSS MiB before → after | result | verdict |',
  '|---|---|---|---|---|---|---|---|---|',
  ...rows,
  '',
  `Good switches (${good.length} × ${values.rate}/s over ${total.toFixed(0)} s): ${sent} PACKET_INs sent, ${answered} answered, ${lost} lost; latency worst-switch p50 ${p50.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms, max ${max.toFixed(1)} ms.`,
  `After all attacks: ${end.fds} fds, ${(end.rssKiB / 1024).toFixed(0)} MiB RSS (baseline ${base.fds} fds, ${(base.rssKiB / 1024).toFixed(0)} MiB); after the good switches left: ${final.fds} fds, ${(final.rssKiB / 1024).toFixed(0)} MiB.`,
  '',
].join('\n'));
process.exitCode = failed ? 1 : 0;
