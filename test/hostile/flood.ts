/**
 * A connection flood, run as its own process (so its CPU is not the good
 * switches' or the controller's): new TCP connections at a target rate, each
 * sending one bad opening and closing (random bytes; a header whose length is
 * below 8; a HELLO claiming 65535 bytes; a HELLO of an unknown version; an
 * unknown message type; 3 bytes of a header), plus `--silent` connections
 * opened at the start that never send a byte. Prints one JSON line when done.
 *
 *   node dist/test/hostile/flood.js --port P [--host 127.0.0.1] [--ms 4000]
 *     [--rate 3000] [--silent 500] [--sources 1] [--in-flight 512]
 *
 * --sources N spreads the connections over 127.0.0.1 .. 127.0.0.N (loopback
 * answers the whole 127/8), i.e. N attacking addresses.
 *
 * With --control the flood runs only while switched on by the lines `on` and
 * `off` on standard input (the silent connections are opened at each `on` and
 * dropped at each `off`); `stop` (or the end of standard input) ends it. This
 * lets a measurement interleave attack and quiet windows, so background load
 * on a shared machine weighs on both alike.
 */
import { connect, type Socket } from 'node:net';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';

const { values: a } = parseArgs({
  options: {
    host: { type: 'string', default: '127.0.0.1' },
    port: { type: 'string' },
    ms: { type: 'string', default: '4000' },
    rate: { type: 'string', default: '3000' },
    silent: { type: 'string', default: '500' },
    sources: { type: 'string', default: '1' },
    'in-flight': { type: 'string', default: '512' },
    control: { type: 'boolean', default: false },
  },
});
const host = a.host!;
const port = Number(a.port);
const ms = Number(a.ms), rate = Number(a.rate), silentN = Number(a.silent), sources = Number(a.sources), maxInFlight = Number(a['in-flight']);
if (!(port > 0)) throw new Error('--port is required');

export interface FloodSummary {
  /** Flood connections attempted (not counting the silent ones). */
  attempted: number;
  /** Flood connections that completed the TCP handshake. */
  connected: number;
  /** Flood connections reset by the controller (ECONNRESET) before or after our bytes. */
  reset: number;
  /** Other errors by code (EADDRNOTAVAIL, ECONNREFUSED, ...). */
  errors: Record<string, number>;
  /** Silent connections opened, and how many the controller closed (the rest we dropped at the end of a phase). */
  silentOpened: number;
  silentClosed: number;
  /** Time switched on. */
  ms: number;
  /** Achieved attempts per second switched on. */
  perSecond: number;
}

const s: FloodSummary = { attempted: 0, connected: 0, reset: 0, errors: {}, silentOpened: 0, silentClosed: 0, ms: 0, perSecond: 0 };
let seed = 0x2545f491;
const rnd = (): number => {
  seed ^= seed << 13; seed ^= seed >>> 17; seed ^= seed << 5;
  return (seed >>> 0) / 0x1_0000_0000;
};
const header = (version: number, type: number, length: number, xid: number): Buffer => {
  const b = Buffer.alloc(8);
  b[0] = version; b[1] = type; b.writeUInt16BE(length, 2); b.writeUInt32BE(xid, 4);
  return b;
};

/** The bad openings, in turn. */
const OPENINGS: Array<() => Buffer> = [
  () => {
    const b = Buffer.allocUnsafe(8 + Math.floor(rnd() * 504));
    for (let i = 0; i < b.length; i++) b[i] = Math.floor(rnd() * 256);
    if (b[1] === 0) b[1] = 0x55; // not a plausible HELLO
    return b;
  },
  () => header(1, 2, 4, 1),                                        // ECHO_REQUEST whose length is below 8
  () => Buffer.concat([header(1, 0, 0xffff, 2), Buffer.alloc(64)]), // HELLO claiming 65535 bytes
  () => header(0x7f, 0, 8, 3),                                     // HELLO of an unknown version
  () => Buffer.concat([header(1, 0, 8, 4), header(1, 0xee, 8, 5)]), // HELLO, then an unknown type
  () => header(1, 0, 8, 6).subarray(0, 3),                         // 3 bytes of a header
];

let inFlight = 0;
let next = 0;
const local = (i: number): string | undefined => (sources > 1 ? `127.0.0.${1 + (i % sources)}` : undefined);
const countError = (e: NodeJS.ErrnoException): void => {
  if (e.code === 'ECONNRESET' || e.code === 'EPIPE') s.reset++;
  else s.errors[e.code ?? e.message] = (s.errors[e.code ?? e.message] ?? 0) + 1;
};

function attack(): void {
  const i = next++;
  s.attempted++;
  inFlight++;
  const lo = local(i);
  const sock = connect({ host, port, ...(lo ? { localAddress: lo } : {}) });
  let done = false;
  const end = () => {
    if (done) return;
    done = true;
    inFlight--;
  };
  sock.on('connect', () => {
    s.connected++;
    sock.end(OPENINGS[i % OPENINGS.length]!());
  });
  sock.on('data', () => {}); // read whatever the controller answers
  sock.on('error', countError);
  sock.on('close', end);
  // never wait long for a controller that does not close its side
  setTimeout(() => sock.destroy(), 1000).unref();
}

let silent: Socket[] = [];
function openSilent(n: number): void {
  for (let i = 0; i < n; i++) {
    const lo = local(i);
    const sock = connect({ host, port, ...(lo ? { localAddress: lo } : {}) });
    sock.on('connect', () => { s.silentOpened++; });
    sock.on('error', () => {});
    sock.on('close', () => { if (!dropping) s.silentClosed++; });
    sock.on('data', () => {});
    silent.push(sock);
  }
}
let dropping = false;
function dropSilent(): void {
  dropping = true;
  for (const c of silent) c.destroy();
  silent = [];
  setImmediate(() => { dropping = false; });
}

const t0 = performance.now();
/** Time spent switched on, and when the current on-phase began (NaN while off). */
let onMs = 0, onSince = NaN, dueBase = 0;
function on(): void {
  if (!Number.isNaN(onSince)) return;
  onSince = performance.now();
  dueBase = s.attempted;
  openSilent(silentN);
}
function off(): void {
  if (Number.isNaN(onSince)) return;
  onMs += performance.now() - onSince;
  onSince = NaN;
  dropSilent();
}
// Paced in 5 ms ticks: the attempts due by now, as far as the in-flight bound allows.
const timer = setInterval(() => {
  if (Number.isNaN(onSince)) return;
  const due = dueBase + Math.floor(((performance.now() - onSince) * rate) / 1000);
  while (s.attempted < due && inFlight < maxInFlight) attack();
  if (!a.control && performance.now() - t0 >= ms) finish();
}, 5);

let finished = false;
function finish(): void {
  if (finished) return;
  finished = true;
  off();
  clearInterval(timer);
  s.ms = onMs;
  s.perSecond = Math.round((s.attempted * 1000) / Math.max(1, onMs));
  process.stdout.write(JSON.stringify(s) + '\n');
  setTimeout(() => process.exit(0), 200).unref();
}
process.on('SIGTERM', finish);
if (a.control) {
  let buf = '';
  process.stdin.on('data', (d: Buffer) => {
    buf += d.toString();
    let nl;
    while ((nl = buf.indexOf('\n')) >= 0) {
      const cmd = buf.slice(0, nl).trim();
      buf = buf.slice(nl + 1);
      if (cmd === 'on') on();
      else if (cmd === 'off') off();
      else if (cmd === 'stop') finish();
    }
  });
  process.stdin.on('end', finish);
} else {
  on();
}
