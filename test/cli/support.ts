/**
 * Test helpers for the command line and the capture reader: spawn the real
 * `nodeflow` CLI that sits next to the compiled tests (dist/cli/nodeflow.js
 * under `npm test`), and build capture files (pcap/pcapng, several link
 * types) from TCP segments, to re-package real captures in other shapes.
 */
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseIpv4, parseIpv6 } from '../../codec/schema/scalars.js';
import { ROOT } from '../support/fixtures.js';

export const CLI = fileURLToPath(new URL('../../cli/nodeflow.js', import.meta.url));

export interface RunResult {
  status: number | null;
  stdout: Buffer;
  stderr: string;
}

export function nodeflow(args: string[], input?: Buffer | string): RunResult {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, input: input ?? '', maxBuffer: 1 << 28 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr.toString('utf8') };
}

/** Like nodeflow(), without blocking: independent runs can overlap. */
export function nodeflowAsync(args: string[], input?: Buffer | string): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [CLI, ...args], { cwd: ROOT });
    const out: Buffer[] = [], err: Buffer[] = [];
    p.stdout.on('data', (c: Buffer) => out.push(c));
    p.stderr.on('data', (c: Buffer) => err.push(c));
    p.on('error', reject);
    p.on('close', (status) => resolve({ status, stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString('utf8') }));
    p.stdin.on('error', () => {}); // the CLI may exit before reading all of it
    p.stdin.end(input ?? '');
  });
}

/** Runs several CLI invocations at once. */
export function nodeflowAll(runs: [string[], (Buffer | string)?][]): Promise<RunResult[]> {
  return Promise.all(runs.map(([a, i]) => nodeflowAsync(a, i)));
}

/** True when a tool the cross-checks need is on PATH. */
export function have(tool: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;
}

/** Skip a check when a tool is missing, unless NODEFLOW_REQUIRE_TOOLS=1 (CI), where that is a failure. */
export function toolOrSkip(tool: string): boolean {
  if (have(tool)) return true;
  if (process.env['NODEFLOW_REQUIRE_TOOLS'] === '1') throw new Error(`${tool} is required (NODEFLOW_REQUIRE_TOOLS=1) but not installed`);
  console.warn(`  (skipped: ${tool} not installed)`);
  return false;
}

export interface Segment {
  src: string;
  dst: string;
  srcPort: number;
  dstPort: number;
  seq: number;
  syn?: boolean;
  fin?: boolean;
  payload: Buffer;
}

function addr(ip: string): Buffer {
  const v6 = ip.includes(':');
  const b = Buffer.alloc(v6 ? 16 : 4);
  if (!(v6 ? parseIpv6(ip, b, 0) : parseIpv4(ip, b, 0))) throw new Error(`bad address ${ip}`);
  return b;
}

/** An IPv4 or IPv6 packet (by the address family) carrying the TCP segment. */
export function ipPacket(s: Segment): Buffer {
  const tcp = Buffer.alloc(20);
  tcp.writeUInt16BE(s.srcPort, 0);
  tcp.writeUInt16BE(s.dstPort, 2);
  tcp.writeUInt32BE(s.seq >>> 0, 4);
  tcp[12] = 5 << 4;
  tcp[13] = 0x10 | (s.syn ? 0x02 : 0) | (s.fin ? 0x01 : 0) | (s.payload.length ? 0x08 : 0);
  tcp.writeUInt16BE(65535, 14);
  const src = addr(s.src), dst = addr(s.dst);
  if (src.length === 16) {
    const ip = Buffer.alloc(40);
    ip[0] = 0x60;
    ip.writeUInt16BE(20 + s.payload.length, 4);
    ip[6] = 6;
    ip[7] = 64;
    src.copy(ip, 8);
    dst.copy(ip, 24);
    return Buffer.concat([ip, tcp, s.payload]);
  }
  const ip = Buffer.alloc(20);
  ip[0] = 0x45;
  ip.writeUInt16BE(40 + s.payload.length, 2);
  ip.writeUInt16BE(0x4000, 6); // don't fragment
  ip[8] = 64;
  ip[9] = 6;
  src.copy(ip, 12);
  dst.copy(ip, 16);
  return Buffer.concat([ip, tcp, s.payload]);
}

/** Ethernet framing, with 802.1Q tags when `vlans` is given; pads to the 60-byte minimum like a NIC. */
export function ethernet(ip: Buffer, vlans: number[] = []): Buffer {
  const parts: Buffer[] = [Buffer.from('020000000002020000000001', 'hex')];
  for (const v of vlans) {
    const t = Buffer.alloc(4);
    t.writeUInt16BE(0x8100, 0);
    t.writeUInt16BE(v, 2);
    parts.push(t);
  }
  const et = Buffer.alloc(2);
  et.writeUInt16BE(ip[0]! >> 4 === 6 ? 0x86dd : 0x0800, 0);
  parts.push(et, ip);
  const f = Buffer.concat(parts);
  return f.length < 60 ? Buffer.concat([f, Buffer.alloc(60 - f.length)]) : f;
}

/** Linux cooked capture v1 (16 bytes) or v2 (20 bytes) header in front of an IP packet. */
export function cooked(ip: Buffer, v2: boolean): Buffer {
  const proto = ip[0]! >> 4 === 6 ? 0x86dd : 0x0800;
  const h = Buffer.alloc(v2 ? 20 : 16);
  if (v2) {
    h.writeUInt16BE(proto, 0);
    h.writeUInt32BE(1, 4); // ifindex
    h.writeUInt16BE(772, 8); // ARPHRD_LOOPBACK
    h[11] = 6;
  } else {
    h.writeUInt16BE(0, 0);
    h.writeUInt16BE(772, 2);
    h.writeUInt16BE(6, 4);
    h.writeUInt16BE(proto, 14);
  }
  return Buffer.concat([h, ip]);
}

/** BSD loopback (LINKTYPE_NULL): 4-byte address family in the writer's (little-endian) byte order. */
export function bsdLoopback(ip: Buffer): Buffer {
  const h = Buffer.alloc(4);
  h.writeUInt32LE(ip[0]! >> 4 === 6 ? 30 : 2, 0);
  return Buffer.concat([h, ip]);
}

export interface Record {
  data: Buffer;
  /** Nanoseconds since the epoch. */
  ns: bigint;
  origLen?: number;
}

export function writePcap(linktype: number, recs: Record[], o: { bigEndian?: boolean; nano?: boolean } = {}): Buffer {
  const be = o.bigEndian === true;
  const u32 = (b: Buffer, v: number, at: number) => (be ? b.writeUInt32BE(v >>> 0, at) : b.writeUInt32LE(v >>> 0, at));
  const u16 = (b: Buffer, v: number, at: number) => (be ? b.writeUInt16BE(v, at) : b.writeUInt16LE(v, at));
  const h = Buffer.alloc(24);
  u32(h, o.nano ? 0xa1b23c4d : 0xa1b2c3d4, 0);
  u16(h, 2, 4);
  u16(h, 4, 6);
  u32(h, 262144, 16);
  u32(h, linktype, 20);
  const parts: Buffer[] = [h];
  for (const r of recs) {
    const rh = Buffer.alloc(16);
    u32(rh, Number(r.ns / 1_000_000_000n), 0);
    u32(rh, Number(o.nano ? r.ns % 1_000_000_000n : (r.ns % 1_000_000_000n) / 1000n), 4);
    u32(rh, r.data.length, 8);
    u32(rh, r.origLen ?? r.data.length, 12);
    parts.push(rh, r.data);
  }
  return Buffer.concat(parts);
}

export interface NgInterface {
  linktype: number;
  /** if_tsresol option byte; absent = microseconds. */
  tsresol?: number;
}

export interface NgPacket extends Record {
  iface: number;
  /** Write a simple packet block (no interface id, no timestamp). */
  simple?: boolean;
  /** Write an obsolete packet block (type 2, 16-bit interface id). */
  obsolete?: boolean;
}

/** A pcapng file: one section, the given interfaces, then the packets as EPBs (or SPBs). */
export function writePcapng(ifaces: NgInterface[], pkts: NgPacket[], o: { bigEndian?: boolean } = {}): Buffer {
  const be = o.bigEndian === true;
  const block = (type: number, body: Buffer): Buffer => {
    const padded = Buffer.concat([body, Buffer.alloc((4 - (body.length % 4)) % 4)]);
    const b = Buffer.alloc(12 + padded.length);
    const len = b.length;
    if (be) { b.writeUInt32BE(type, 0); b.writeUInt32BE(len, 4); b.writeUInt32BE(len, len - 4); }
    else { b.writeUInt32LE(type, 0); b.writeUInt32LE(len, 4); b.writeUInt32LE(len, len - 4); }
    padded.copy(b, 8);
    return b;
  };
  const w = (n: number, v: number | bigint): Buffer => {
    const b = Buffer.alloc(n);
    if (n === 2) be ? b.writeUInt16BE(Number(v)) : b.writeUInt16LE(Number(v));
    else if (n === 4) be ? b.writeUInt32BE(Number(v)) : b.writeUInt32LE(Number(v));
    return b;
  };
  const shb = Buffer.concat([w(4, 0x1a2b3c4d), w(2, 1), w(2, 0), Buffer.alloc(8, 0xff)]);
  const parts = [block(0x0a0d0d0a, shb)];
  for (const i of ifaces) {
    const opts = i.tsresol === undefined ? Buffer.alloc(0)
      : Buffer.concat([w(2, 9), w(2, 1), Buffer.from([i.tsresol, 0, 0, 0]), w(2, 0), w(2, 0)]);
    parts.push(block(1, Buffer.concat([w(2, i.linktype), w(2, 0), w(4, 0), opts])));
  }
  for (const p of pkts) {
    if (p.simple) {
      parts.push(block(3, Buffer.concat([w(4, p.origLen ?? p.data.length), p.data])));
      continue;
    }
    const r = ifaces[p.iface]!.tsresol;
    const units = r === undefined ? p.ns / 1000n : r & 0x80 ? (p.ns << BigInt(r & 0x7f)) / 1_000_000_000n : (p.ns * 10n ** BigInt(r)) / 1_000_000_000n;
    const id = p.obsolete ? Buffer.concat([w(2, p.iface), w(2, 0)]) : w(4, p.iface);
    parts.push(block(p.obsolete ? 2 : 6, Buffer.concat([id, w(4, Number(units >> 32n)), w(4, Number(units & 0xffffffffn)), w(4, p.data.length), w(4, p.origLen ?? p.data.length), p.data])));
  }
  return Buffer.concat(parts);
}

/** Deterministic pseudo-random numbers (xorshift32), so failures reproduce. */
export function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13; x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5; x >>>= 0;
    return x / 0x100000000;
  };
}
