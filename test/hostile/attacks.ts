/**
 * Misbehaving switches, one function per attack, used by the CI suite
 * (hostile.test.ts, small sizes) and the report run (report.ts, large
 * sizes). Each returns what happened on the wire; the callers decide pass or
 * fail. All traffic is on loopback to a controller the caller started.
 */
import { performance } from 'node:perf_hooks';
import { RawClient, GoodSwitch } from '../support/hostile-switch.js';
import { E, OFP10, OFP13, T, featuresReply10, hello, helloBitmap, msg, packetIn10, type ErrorInfo } from '../support/hostile-wire.js';
import { procStats, type ProcStats } from '../support/hostile-controller.js';
import { Rng } from '../fuzz/prng.js';
import { makeInput } from '../fuzz/run.js';
import { loadCorpus } from '../fuzz/corpus.js';

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * How long to wait for an answer that must come (an ERROR, an ECHO_REPLY, the
 * close): a guard against hanging, not a latency bound, since the suite runs on
 * shared, loaded machines. Waits for something that must NOT come stay short.
 */
export const ANSWER_MS = 15_000;

export interface Outcome {
  /** Connections opened by the attack. */
  connections: number;
  /** Bytes the attack wrote. */
  bytesOut: number;
  ms: number;
  /** ERRORs received (first per connection). */
  errors: ErrorInfo[];
  /** Connections the controller closed. */
  closedByController: number;
  note?: string;
}

function outcome(clients: RawClient[], t0: number, note?: string): Outcome {
  const errors: ErrorInfo[] = [];
  for (const c of clients) {
    const e = c.errors()[0];
    if (e) errors.push(e);
  }
  return {
    connections: clients.length, bytesOut: clients.reduce((n, c) => n + c.bytesOut, 0), ms: performance.now() - t0, errors,
    closedByController: clients.filter((c) => c.closed).length, ...(note ? { note } : {}),
  };
}

/** A 1.0 (or 1.3) switch that completed the handshake (ready = a probe was answered). */
export async function upSwitch(port: number, dpid: bigint, seqBase: number, version: number = OFP10): Promise<GoodSwitch> {
  const s = await GoodSwitch.openSwitch(port, dpid, seqBase, version);
  if (!(await s.ready(ANSWER_MS))) throw new Error(`switch ${dpid} did not come up`);
  return s;
}

/** Random bytes from the first byte on (no HELLO). */
export async function garbage(port: number, n: number, seed: number, waitMs: number): Promise<Outcome> {
  const t0 = performance.now();
  const rng = new Rng(seed);
  const cs: RawClient[] = [];
  for (let i = 0; i < n; i++) {
    const c = await RawClient.open(port);
    const b = rng.bytes(rng.range(8, 512));
    // Never a plausible HELLO: that would be a valid peer, not garbage.
    if (b[1] === T.HELLO) b[1] = 0x55;
    c.send(b);
    cs.push(c);
  }
  await Promise.all(cs.map((c) => c.waitClosed(waitMs)));
  for (const c of cs) c.destroy();
  return outcome(cs, t0);
}

/** After the handshake, a header whose length field is below 8. */
export async function shortLength(port: number, dpid: bigint, len: number): Promise<Outcome> {
  const t0 = performance.now();
  const s = await upSwitch(port, dpid, 1);
  const m = msg(OFP10, T.ECHO_REQUEST, 77);
  m.writeUInt16BE(len, 2);
  s.send(m);
  await s.waitError(ANSWER_MS);
  await s.waitClosed(ANSWER_MS);
  s.destroy();
  return outcome([s], t0);
}

/** After the handshake, one message of an unknown type (then an ECHO to see the connection still works). */
export async function unknownType(port: number, dpid: bigint, type: number): Promise<Outcome & { stillUp: boolean }> {
  const t0 = performance.now();
  const s = await upSwitch(port, dpid, 1);
  s.send(msg(OFP10, type, 78, Buffer.alloc(8)));
  await s.waitError(ANSWER_MS);
  s.send(msg(OFP10, T.ECHO_REQUEST, 79));
  const stillUp = (await s.waitMessage((m) => m[1] === T.ECHO_REPLY && m.readUInt32BE(4) === 79, ANSWER_MS)) !== undefined;
  s.destroy();
  return { ...outcome([s], t0), stillUp };
}

/** After the handshake, a message with a version byte nobody speaks. */
export async function unknownVersion(port: number, dpid: bigint, version: number): Promise<Outcome> {
  const t0 = performance.now();
  const s = await upSwitch(port, dpid, 1);
  s.send(msg(version, T.ECHO_REQUEST, 80));
  await s.waitError(ANSWER_MS);
  await sleep(100);
  s.destroy();
  return outcome([s], t0);
}

/** A HELLO whose version bitmap shares nothing with the controller's versions. */
export async function noCommonVersion(port: number, headerVersion: number, versions: number[]): Promise<Outcome> {
  const t0 = performance.now();
  const c = await RawClient.open(port);
  c.send(versions.length ? helloBitmap(headerVersion, versions) : hello(headerVersion));
  await c.waitError(ANSWER_MS);
  await c.waitClosed(ANSWER_MS);
  c.destroy();
  return outcome([c], t0);
}

/** A PACKET_IN as the very first message (no HELLO). */
export async function packetInBeforeHello(port: number): Promise<Outcome & { answered: boolean }> {
  const t0 = performance.now();
  const c = await RawClient.open(port);
  c.send(packetIn10(5, 1, 1));
  const answered = (await c.waitMessage((m) => m[1] === T.PACKET_OUT || m[1] === T.FLOW_MOD, 500)) !== undefined;
  await c.waitClosed(ANSWER_MS);
  c.destroy();
  return { ...outcome([c], t0), answered };
}

/**
 * HELLO, then a PACKET_IN before FEATURES_REPLY (must not be treated as a
 * switch's packet), then the FEATURES_REPLY: the switch must come up anyway.
 */
export async function packetInBeforeFeatures(port: number, dpid: bigint): Promise<Outcome & { earlyAnswered: boolean; upAfter: boolean }> {
  const t0 = performance.now();
  const c = await RawClient.open(port);
  c.send(hello(OFP10));
  const fr = await c.waitMessage((m) => m[1] === T.FEATURES_REQUEST, ANSWER_MS);
  c.send(packetIn10(9001, 1, 1));
  const earlyAnswered = (await c.waitMessage((m) => m[1] === T.PACKET_OUT || m[1] === T.FLOW_MOD, 300)) !== undefined;
  let upAfter = false;
  if (fr) {
    c.send(featuresReply10(fr.readUInt32BE(4), dpid));
    await sleep(50);
    c.send(packetIn10(9002, 1, 1));
    upAfter = (await c.waitMessage((m) => (m[1] === T.PACKET_OUT || m[1] === T.FLOW_MOD) && m.readUInt32BE(8) === 9002, ANSWER_MS)) !== undefined;
  }
  c.destroy();
  return { ...outcome([c], t0), earlyAnswered, upAfter };
}

/** HELLO and then silence: never a FEATURES_REPLY. Returns when the controller closed it. */
export async function neverFeatures(port: number, waitMs: number): Promise<Outcome & { closedAfterMs: number }> {
  const t0 = performance.now();
  const c = await RawClient.open(port);
  c.send(hello(OFP10));
  await c.waitClosed(waitMs);
  c.destroy();
  return { ...outcome([c], t0), closedAfterMs: c.closedAt !== undefined ? c.closedAt - c.openedAt : NaN };
}

/** n connections opened at once that never send a byte. */
export async function silentMany(port: number, n: number, waitMs: number, pid: number): Promise<Outcome & { peakFds: number; closedAfterMs: number; greeted: number }> {
  const t0 = performance.now();
  const cs: RawClient[] = [];
  const batch = 250;
  let peakFds = 0;
  const sampler = setInterval(() => {
    try { peakFds = Math.max(peakFds, procStats(pid).fds); } catch { /* exited: the caller sees it */ }
  }, 20);
  for (let i = 0; i < n; i += batch) {
    const opened = await Promise.allSettled(Array.from({ length: Math.min(batch, n - i) }, () => RawClient.open(port)));
    for (const o of opened) if (o.status === 'fulfilled') cs.push(o.value);
  }
  await Promise.all(cs.map((c) => c.waitClosed(waitMs)));
  clearInterval(sampler);
  const last = Math.max(...cs.map((c) => (c.closedAt ?? NaN) - t0));
  const greeted = cs.filter((c) => c.messages.some((m) => m[1] === T.HELLO)).length;
  for (const c of cs) c.destroy();
  return { ...outcome(cs, t0), peakFds, closedAfterMs: last, greeted };
}

/** A HELLO and then a FEATURES_REPLY dribbled one byte every `everyMs`: the handshake must still time out. */
export async function slowLoris(port: number, n: number, everyMs: number, waitMs: number): Promise<Outcome & { closedAfterMs: number }> {
  const t0 = performance.now();
  const bytes = Buffer.concat([hello(OFP10), featuresReply10(1, 0x5107n, 48)]);
  const cs = await Promise.all(Array.from({ length: n }, () => RawClient.open(port)));
  let i = 0;
  const timer = setInterval(() => {
    if (i < bytes.length) for (const c of cs) if (!c.closed) c.send(bytes.subarray(i, i + 1));
    i++;
  }, everyMs);
  await Promise.all(cs.map((c) => c.waitClosed(waitMs)));
  clearInterval(timer);
  const last = Math.max(...cs.map((c) => (c.closedAt ?? NaN) - t0));
  for (const c of cs) c.destroy();
  return { ...outcome(cs, t0, `${Math.min(i, bytes.length)} of ${bytes.length} bytes dribbled`), closedAfterMs: last };
}

export interface FloodOutcome extends Outcome {
  /** Peak controller RSS during the flood, KiB. */
  peakRssKiB: number;
  /** Longest wait for 'drain' (the controller stopped reading). */
  longestStallMs: number;
  packetIns: number;
}

/**
 * An up switch that floods PACKET_INs for `ms` and never reads what the controller answers. With `until`, it
 * goes on after `ms` until one write has waited `stallMs` for 'drain' (the controller stopped reading) or the
 * connection closed, for at most `hangGuardMs` more: on a loaded machine filling the buffers takes longer.
 */
export async function floodNoRead(port: number, dpid: bigint, ms: number, pid: number, until?: { stallMs: number; hangGuardMs: number }): Promise<FloodOutcome> {
  const t0 = performance.now();
  const s = await upSwitch(port, dpid, 1_000_000);
  s.sock.pause(); // stop reading: the controller's answers pile up on its side
  let peak = 0;
  const sampler = setInterval(() => {
    try { peak = Math.max(peak, procStats(pid).rssKiB); } catch { /* exited: the caller sees it */ }
  }, 50);
  const burst = Buffer.concat(Array.from({ length: 64 }, (_, k) => packetIn10(2_000_000 + k, 1, 0x20000 + k)));
  let packetIns = 0;
  let longestStall = 0;
  const end = performance.now() + ms;
  const hardEnd = end + (until?.hangGuardMs ?? 0);
  const more = (): boolean => {
    const now = performance.now();
    return now < end || (until !== undefined && longestStall < until.stallMs && now < hardEnd);
  };
  while (more() && !s.closed && !s.sock.destroyed) {
    if (s.send(burst)) {
      packetIns += 64;
      if ((packetIns & 0x3ff) === 0) await new Promise((r) => setImmediate(r));
      continue;
    }
    packetIns += 64;
    const a = performance.now();
    await new Promise<void>((r) => {
      const left = end - performance.now();
      const t = setTimeout(r, left > 0 ? left : until ? 2 * until.stallMs : 1);
      s.sock.once('drain', () => { clearTimeout(t); r(); });
    });
    longestStall = Math.max(longestStall, performance.now() - a);
  }
  clearInterval(sampler);
  const closedByController = s.closed;
  s.destroy();
  const o = outcome([s], t0);
  return { ...o, closedByController: closedByController ? 1 : 0, peakRssKiB: peak, longestStallMs: longestStall, packetIns };
}

/** Up switches that send half a message and then vanish (FIN or RST). */
export async function midMessage(port: number, n: number, dpidBase: bigint): Promise<Outcome> {
  const t0 = performance.now();
  const cs: RawClient[] = [];
  for (let i = 0; i < n; i++) {
    const s = await upSwitch(port, dpidBase + BigInt(i), 1);
    const p = packetIn10(42, 1, 1);
    s.send(p.subarray(0, 8 + (i % 60)));
    if (i % 2) s.sock.end();
    else s.sock.resetAndDestroy();
    cs.push(s);
  }
  await sleep(200);
  return outcome(cs, t0);
}

/** A second switch with the datapath id of one that is still connected. */
export async function sameDpid(port: number, dpid: bigint): Promise<{ oldClosed: boolean; newClosed: boolean; oldAnswers: boolean; newAnswers: boolean; ms: number }> {
  const t0 = performance.now();
  const a = await upSwitch(port, dpid, 10_000);
  const b = await GoodSwitch.openSwitch(port, dpid, 20_000);
  const bUp = await b.ready(ANSWER_MS);
  await sleep(300);
  const answers = async (s: GoodSwitch) => {
    if (s.closed) return false;
    const before = s.answered;
    s.probe();
    const until = performance.now() + ANSWER_MS;
    while (s.answered === before && performance.now() < until && !s.closed) await sleep(5);
    return s.answered > before;
  };
  const r = { oldClosed: a.closed, newClosed: b.closed || !bUp, oldAnswers: await answers(a), newAnswers: await answers(b), ms: 0 };
  a.destroy();
  b.destroy();
  r.ms = performance.now() - t0;
  return r;
}

/** Connect, handshake, drop, `n` times, `parallel` at a time, each living a few ms. */
export async function flap(port: number, n: number, parallel: number, dpidBase: bigint): Promise<Outcome> {
  const t0 = performance.now();
  const all: RawClient[] = [];
  let next = 0;
  const worker = async () => {
    while (next < n) {
      const i = next++;
      const s = await GoodSwitch.openSwitch(port, dpidBase + BigInt(i % 16), 1);
      all.push(s);
      const until = performance.now() + 2 + (i % 5);
      while (!s.featuresSent && performance.now() < until + 50) await sleep(1);
      await sleep(Math.max(0, until - performance.now()));
      if (i % 3 === 0) s.sock.resetAndDestroy();
      else s.destroy();
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  return outcome(all, t0);
}

/** A minimal OpenFlow 1.3 switch: HELLO, FEATURES_REPLY, an empty PORT_DESC reply, ECHO replies. Resolves once it answered the handshake. */
export async function upSwitch13(port: number, dpid: bigint): Promise<RawClient> {
  const c = await RawClient.open(port);
  c.send(hello(OFP13));
  const seen = new Set<Buffer>();
  const answer = () => {
    for (const m of c.messages) {
      if (seen.has(m) || m[0] !== OFP13) continue;
      seen.add(m);
      const xid = m.readUInt32BE(4);
      if (m[1] === T.FEATURES_REQUEST) {
        const b = Buffer.alloc(24);
        b.writeBigUInt64BE(dpid, 0);
        b.writeUInt32BE(256, 8);
        b[12] = 254;
        c.send(msg(OFP13, T.FEATURES_REPLY, xid, b));
      } else if (m[1] === 18 && m.length >= 12 && m.readUInt16BE(8) === 13) {
        c.send(msg(OFP13, 19, xid, Buffer.from('000d000000000000', 'hex'))); // PORT_DESC reply, no ports
      } else if (m[1] === T.ECHO_REQUEST) {
        c.send(msg(OFP13, T.ECHO_REPLY, xid, m.subarray(8)));
      }
    }
  };
  const timer = setInterval(answer, 2);
  c.sock.once('close', () => clearInterval(timer));
  await c.waitMessage((m) => m[0] === OFP13 && m[1] === 18, ANSWER_MS);
  await sleep(20);
  answer();
  return c;
}

/**
 * Fuzzed messages over the wire: n inputs of the codec fuzzer (mutated
 * fixtures and schema-made messages of both versions) sent one after another
 * by handshaken 1.0 and 1.3 switches, each with its header length set to its
 * size so the stream stays framed, with an ECHO every 50 to see the
 * connection still works; a connection the controller closes is replaced.
 */
export async function fuzzedMessages(port: number, n: number, seed: number): Promise<Outcome & { reconnects: number; echoesAnswered: number; echoesSent: number }> {
  const t0 = performance.now();
  const corpus = loadCorpus(new Rng(seed));
  const all: RawClient[] = [];
  let reconnects = 0, echoesSent = 0, echoesAnswered = 0;
  for (const version of [OFP10, OFP13]) {
    const open = async () => (version === OFP10 ? upSwitch(port, 0xf022n, 1) : upSwitch13(port, 0xf023n));
    const seeds = corpus.filter((x) => x.bytes[0] === version);
    let c: RawClient = await open();
    all.push(c);
    for (let i = 0; i < n; i++) {
      if (c.closed) {
        reconnects++;
        c = await open();
        all.push(c);
      }
      const inp = makeInput(seed + version, i, seeds);
      // Keep the stream framed (the header length is the byte count): framing attacks are the other tests'; here the content is fuzzed.
      const b = inp.bytes.length >= 8 ? Buffer.from(inp.bytes.subarray(0, 0xffff)) : Buffer.concat([inp.bytes, Buffer.alloc(8 - inp.bytes.length)]);
      b.writeUInt16BE(b.length, 2);
      if (b[1] === T.HELLO) b[1] = T.ECHO_REPLY; // a second HELLO is not hostile, just noise
      c.send(b);
      if (i % 50 === 49) {
        await sleep(1);
        const xid = 0xec000000 + i;
        echoesSent++;
        c.send(msg(version, T.ECHO_REQUEST, xid));
        if (await c.waitMessage((m) => m[1] === T.ECHO_REPLY && m.readUInt32BE(4) === xid, ANSWER_MS)) echoesAnswered++;
      }
    }
    await sleep(50);
  }
  const o = outcome(all, t0);
  for (const c of all) c.destroy();
  return { ...o, reconnects, echoesSent, echoesAnswered };
}

/** Poll until the controller's fd count is at most `target` (or ms pass); returns the last reading. */
export async function settle(pid: number, target: number, ms: number): Promise<ProcStats> {
  const until = performance.now() + ms;
  let s = procStats(pid);
  while (s.fds > target && performance.now() < until) {
    await sleep(50);
    s = procStats(pid);
  }
  return s;
}

export { E, OFP10, OFP13 };
