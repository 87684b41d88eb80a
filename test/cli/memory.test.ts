/**
 * `nodeflow decode` in bounded memory: an input many times larger than a
 * small one of the same traffic must not take more memory to decode than a
 * small part of its size. The decoding process reports its peak RSS
 * (process.resourceUsage().maxRSS, from a preload passed on to the decode
 * child) and the peaks of a 1 MiB and a 64 MiB input, decoded in the same
 * run, are compared: no absolute figure and no time, so the test holds on a
 * loaded machine. The inputs are real bytes (the switch's messages of the
 * OVS session in fixtures/pcap) repeated, cut into TCP segments at arbitrary
 * offsets (messages straddle segments and read chunks).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { decodeCapture } from '../../cli/pcap/index.js';
import { FIXTURES, ROOT } from '../support/fixtures.js';
import { CLI, ethernet, ipPacket, writePcap, type Record } from './support.js';

const TMP = mkdtempSync(join(tmpdir(), 'nodeflow-memory-'));
const REPORT = join(TMP, 'report.mjs');
writeFileSync(REPORT, "process.on('exit', () => { if (process.env.NODEFLOW_DECODE_CHILD === '1') process.stderr.write(`maxrss-kib ${process.resourceUsage().maxRSS}\\n`); });\n");

/** The messages one side of a real session sent, in order (the side that sent more bytes). */
function realMessages(): Buffer[] {
  const bySide = new Map<string, Buffer[]>();
  decodeCapture(readFileSync(join(FIXTURES, 'pcap', 'of13-session.pcap')), [6653, 6633], (m) => {
    const k = `${m.meta.src}>${m.meta.dst}`;
    if (!bySide.has(k)) bySide.set(k, []);
    bySide.get(k)!.push(Buffer.from(m.bytes));
  });
  const size = (l: Buffer[]) => l.reduce((n, b) => n + b.length, 0);
  return [...bySide.values()].sort((a, b) => size(b) - size(a))[0]!;
}
const MESSAGES = realMessages();

/** The messages repeated until the stream has `size` bytes; with their count. */
function stream(size: number): { bytes: Buffer; count: number } {
  const parts: Buffer[] = [];
  let n = 0, count = 0;
  while (n < size) {
    const m = MESSAGES[count % MESSAGES.length]!;
    parts.push(m);
    n += m.length;
    count++;
  }
  return { bytes: Buffer.concat(parts), count };
}

/** A pcap of the stream sent from a switch to port 6653, in segments of 1-16 KiB cut anywhere. */
function capture(bytes: Buffer): Buffer {
  const recs: Record[] = [];
  let seq = 1000, ns = 1_700_000_000_000_000_000n;
  for (let off = 0, i = 0; off < bytes.length; i++) {
    const len = Math.min(bytes.length - off, 1024 + ((i * 7919) % 15360));
    recs.push({ data: ethernet(ipPacket({ src: '10.0.0.2', dst: '10.0.0.1', srcPort: 40000, dstPort: 6653, seq, payload: bytes.subarray(off, off + len) })), ns: ns++ });
    seq = (seq + len) >>> 0;
    off += len;
  }
  return writePcap(1, recs);
}

/** Runs `nodeflow decode ARGS` (its stdout a pipe read here); returns the decoding process's peak RSS and the lines out. */
function decodePeak(args: string[]): Promise<{ peakKiB: number; lines: number; status: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--import', pathToFileURL(REPORT).href, CLI, 'decode', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let lines = 0;
    const err: Buffer[] = [];
    p.stdout.on('data', (c: Buffer) => {
      for (let i = c.indexOf(10); i >= 0; i = c.indexOf(10, i + 1)) lines++;
    });
    p.stderr.on('data', (c: Buffer) => err.push(c));
    p.on('error', reject);
    p.on('close', (status) => {
      const stderr = Buffer.concat(err).toString('utf8');
      const m = /maxrss-kib (\d+)/.exec(stderr);
      resolve({ peakKiB: m ? Number(m[1]) : NaN, lines, status, stderr });
    });
  });
}

const SMALL = 1 << 20, LARGE = 64 << 20;

for (const kind of ['pcap', 'raw'] as const) {
  test(`decode ${kind === 'pcap' ? '--pcap' : 'FILE (raw messages)'}: 64x the input costs far less than the input in peak RSS`, async () => {
    const runs: { peakKiB: number; lines: number }[] = [];
    for (const size of [SMALL, LARGE]) {
      const s = stream(size);
      const file = join(TMP, `${kind}-${size}`);
      writeFileSync(file, kind === 'pcap' ? capture(s.bytes) : s.bytes);
      const r = await decodePeak(kind === 'pcap' ? ['--pcap', file] : [file]);
      rmSync(file);
      assert.is(r.status, 0, r.stderr);
      assert.is(r.lines, s.count, 'one line per message');
      assert.ok(Number.isFinite(r.peakKiB), `the decode child reported its peak RSS: ${r.stderr}`);
      runs.push(r);
    }
    const growthKiB = runs[1]!.peakKiB - runs[0]!.peakKiB;
    console.log(`  decode ${kind}: peak RSS ${runs[0]!.peakKiB} KiB for 1 MiB, ${runs[1]!.peakKiB} KiB for 64 MiB (growth ${growthKiB} KiB)`);
    // Bounded: what a larger input adds is garbage awaiting collection, not the input or the output.
    assert.ok(growthKiB < (LARGE >> 10) / 4, `peak RSS grew by ${growthKiB} KiB for ${(LARGE - SMALL) >> 20} MiB more input`);
  });
}

test.after(() => rmSync(TMP, { recursive: true, force: true }));

test.run();
