/**
 * The controller's own CPU cost per PACKET_IN, without the kernel: what
 * issue 16 takes apart. End-to-end runs (cbench, `nodeflow bench`) on a
 * shared 2-core box move by ±20% between runs; this one replays cbench's
 * traffic into the real connection code in one process and times it, so a
 * change to the per-packet path shows as a few nanoseconds.
 *
 *   npm run build && node dist/bench/packet-path.bench.js [switches 16] [macs 1000,100000] [rounds 7]
 *
 * Per switch: a real Datapath of a real Controller with the learning switch
 * (`nodeflow start`'s default app), brought up as a 1.0 switch with cbench's
 * features, that has learned cbench's destination MAC from port 2. Then, in
 * rounds, batches of 800 probes (one 64 KiB socket read of 82-byte
 * PACKET_INs, cbench's bytes from loadgen/probe.ts: source MAC counter,
 * buffer id and xid counting up) are written where the socket read would
 * put them and handed to the connection's read callback, switch after
 * switch; each batch's answers (80-byte FLOW_MODs) are flushed to a socket
 * stand-in that completes every write at once. Timed: the read callback
 * (warm pass, framing, dispatch, view, app, FLOW_MOD writer, flush). Not
 * timed: copying the probes in (the kernel's copy, the same for any
 * controller). The first round of each MAC count (every source new) is
 * warm-up.
 *
 * Beside it, in the same process and on the same bytes, the trivial
 * responder's work (bench/trivial-responder.ts --output: find each
 * PACKET_IN by its header, copy an 80-byte FLOW_MOD template, patch xid and
 * buffer id) with the same buffers and no allocation: the floor a
 * controller that does no work at all could reach.
 */
import { EventEmitter } from 'node:events';
import type { Socket } from 'node:net';
import { Controller } from '../controller/server.js';
import { Datapath } from '../controller/datapath.js';
import { LearningSwitch } from '../controller/apps/learning-switch.js';
import { Logger } from '../controller/log.js';
import { FLOW_MOD_OUTPUT } from './responder-bytes.js';
import { PROBE_SIZE, learnTemplate, patchProbe, probeTemplate } from '../loadgen/probe.js';

const S = Number(process.argv[2] ?? 16);
const MACS = (process.argv[3] ?? '1000,100000').split(',').map(Number);
const ROUNDS = Number(process.argv[4] ?? 7);
const BATCH = 800;

/** What Datapath uses of a socket: every write completes at once; no `_handle`, so reads come only from us. */
class SocketStandIn extends EventEmitter {
  readonly remoteAddress = '127.0.0.1';
  readonly remotePort = 1;
  destroyed = false;
  writable = true;
  /** Node's count of bytes it still buffers: 0, every write is taken at once. */
  readonly writableLength = 0;
  bytes = 0;
  setNoDelay(): this { return this; }
  pause(): this { return this; }
  resume(): this { return this; }
  end(): this { return this; }
  destroy(): this { this.destroyed = true; return this; }
  write(b: Buffer, cb?: () => void): boolean {
    this.bytes += b.length;
    cb?.();
    return true;
  }
}

interface Conn {
  dp: Datapath;
  sock: SocketStandIn;
  read: (nread: number) => boolean;
  mac: number;
  xid: number;
  bufferId: number;
}

function connect(ctl: Controller, id: number): Conn {
  const sock = new SocketStandIn();
  const dp = new Datapath(ctl, sock as unknown as Socket, id);
  ctl.connections.add(dp);
  dp.start();
  dp.negotiated(1);
  dp.setFeatures(BigInt(id), 256, 1, 0);
  dp.ready();
  const read = (dp as unknown as { onRead(n: number): boolean }).onRead.bind(dp);
  const c: Conn = { dp, sock, read, mac: 0, xid: 1, bufferId: 1 };
  feed(c, learnTemplate(id, 1));
  return c;
}

/** Bytes as one socket read: copied where the read lands, then the read callback. */
function feed(c: Conn, bytes: Buffer): void {
  bytes.copy(c.dp.framer.readTarget());
  c.read(bytes.length);
}

/** Fill `into` with the next BATCH probes of switch `id`. */
function fillBatch(c: Conn, id: number, into: Buffer, macs: number): void {
  const t = probeTemplate(id);
  for (let i = 0; i < BATCH; i++) {
    const off = i * PROBE_SIZE;
    t.copy(into, off);
    patchProbe(into, off, c.xid++, c.bufferId, c.mac);
    c.bufferId = c.bufferId === 100000 ? 1 : c.bufferId + 1;
    c.mac = (c.mac + 1) % macs;
  }
}

/** The trivial responder's work on one read, with a preallocated output (bench/trivial-responder.ts --output). */
function respond(buf: Buffer, end: number, out: Buffer): number {
  let off = 0, n = 0;
  while (end - off >= 8) {
    const len = buf.readUInt16BE(off + 2);
    if (len < 8 || end - off < len) break;
    if (buf[off + 1] === 10) {
      const at = n * 80;
      FLOW_MOD_OUTPUT.copy(out, at);
      out.writeUInt32BE(buf.readUInt32BE(off + 4), at + 4);
      out.writeUInt32BE(buf.readUInt32BE(off + 8), at + 64);
      n++;
    }
    off += len;
  }
  return n;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1]!;
}

function main(): void {
  const quiet = new Logger({ level: 'error', write: () => {} });
  process.stdout.write(`${S} switches, batches of ${BATCH} probes; ${ROUNDS} rounds over every MAC (first is warm-up); median [min-max] ns per PACKET_IN\n`);
  for (const macs of MACS) {
    const ls = new LearningSwitch();
    const bufs = process.env.BUFS ? { readBufferSize: Number(process.env.BUFS), outputBufferSize: Number(process.env.BUFS) } : {};
    const ctl = new Controller({ apps: [ls], logger: quiet, summaryInterval: 0, ...bufs });
    const conns: Conn[] = [];
    for (let i = 1; i <= S; i++) conns.push(connect(ctl, i));
    const batches = Math.max(1, Math.ceil(macs / BATCH));
    const nf: number[] = [];
    const triv: number[] = [];
    const out = Buffer.allocUnsafe(BATCH * 80);
    const copyOnly = Buffer.allocUnsafe(BATCH * PROBE_SIZE);
    let answered = 0, sink = 0;
    for (let r = 0; r < ROUNDS; r++) {
      let tNf = 0n, tTriv = 0n, n = 0;
      for (let b = 0; b < batches; b++) {
        for (let s = 0; s < S; s++) {
          const c = conns[s]!;
          const target = c.dp.framer.readTarget();
          fillBatch(c, s + 1, target, macs);
          target.copy(copyOnly, 0, 0, BATCH * PROBE_SIZE);
          const before = ls.installs;
          const t0 = process.hrtime.bigint();
          c.read(BATCH * PROBE_SIZE);
          const t1 = process.hrtime.bigint();
          sink += respond(copyOnly, BATCH * PROBE_SIZE, out);
          const t2 = process.hrtime.bigint();
          tNf += t1 - t0;
          tTriv += t2 - t1;
          answered += ls.installs - before;
          n += BATCH;
        }
      }
      if (r === 0) continue;
      nf.push(Number(tNf) / n);
      triv.push(Number(tTriv) / n);
    }
    const f = (xs: number[]) => `${median(xs).toFixed(1).padStart(6)}  [${Math.min(...xs).toFixed(1)}-${Math.max(...xs).toFixed(1)}]`;
    process.stdout.write(`M=${macs}: learning switch ${f(nf)}   trivial responder's work ${f(triv)}   (${answered} FLOW_MODs, ${sink} templates)\n`);
    for (const c of conns) c.dp.close();
  }
}

main();
