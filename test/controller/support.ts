/**
 * An emulated switch for controller tests: a real TCP client on loopback
 * that frames what the controller sends, answers the handshake like a 1.0,
 * 1.3, 1.4 or 1.5 switch (optionally with a plain HELLO, as cbench does) and builds
 * PACKET_IN / PORT_STATUS / FEATURES_REPLY bytes by hand (layouts from the
 * OpenFlow 1.0 and 1.3 specifications).
 */
import net from 'node:net';
import tls from 'node:tls';
import { Controller, type ControllerOptions } from '../../controller/server.js';
import { Logger } from '../../controller/log.js';
import { encodeMessage } from '../../codec/index.js';

export const OFP10 = 1;
export const OFP13 = 4;

export function header(version: number, type: number, length: number, xid: number): Buffer {
  const b = Buffer.alloc(length);
  b[0] = version;
  b[1] = type;
  b.writeUInt16BE(length, 2);
  b.writeUInt32BE(xid >>> 0, 4);
  return b;
}

/** HELLO; with `bitmap` a version-bitmap element listing those wire versions. */
export function hello(version: number, bitmap?: number[]): Buffer {
  if (!bitmap) return header(version, 0, 8, 1);
  const b = header(version, 0, 16, 1);
  let bits = 0;
  for (const v of bitmap) bits |= 1 << v;
  b.writeUInt16BE(1, 8);
  b.writeUInt16BE(8, 10);
  b.writeUInt32BE(bits >>> 0, 12);
  return b;
}

export function macBytes(mac: string): Buffer {
  return Buffer.from(mac.replace(/:/g, ''), 'hex');
}

/** An Ethernet frame: dst, src, ethertype, payload. */
export function frame(dst: string, src: string, ethType: number, payloadLen = 46): Buffer {
  const b = Buffer.alloc(14 + payloadLen, 0x5a);
  macBytes(dst).copy(b, 0);
  macBytes(src).copy(b, 6);
  b.writeUInt16BE(ethType, 12);
  return b;
}

export function packetIn10(xid: number, bufferId: number, inPort: number, data: Buffer): Buffer {
  const b = header(OFP10, 10, 18 + data.length, xid);
  b.writeUInt32BE(bufferId >>> 0, 8);
  b.writeUInt16BE(data.length, 12);
  b.writeUInt16BE(inPort, 14);
  b[16] = 0; // OFPR_NO_MATCH
  data.copy(b, 18);
  return b;
}

export function packetIn13(xid: number, bufferId: number, inPort: number, data: Buffer): Buffer {
  // match: type OXM (1), length 12 (4 + IN_PORT TLV 8), padded to 16; then 2 pad bytes
  const b = header(OFP13, 10, 24 + 16 + 2 + data.length, xid);
  b.writeUInt32BE(bufferId >>> 0, 8);
  b.writeUInt16BE(data.length, 12);
  b[14] = 0; // reason
  b[15] = 0; // table
  b.writeBigUInt64BE(0n, 16);
  b.writeUInt16BE(1, 24);
  b.writeUInt16BE(12, 26);
  b.writeUInt32BE(0x80000004, 28);
  b.writeUInt32BE(inPort, 32);
  data.copy(b, 42);
  return b;
}

function port10(no: number): Buffer {
  const p = Buffer.alloc(48);
  p.writeUInt16BE(no, 0);
  Buffer.from([0, 0, 0, 0, 0, no & 0xff]).copy(p, 2);
  p.write(`eth${no}`, 8, 'latin1');
  return p;
}

function port13(no: number, down = false): Buffer {
  const p = Buffer.alloc(64);
  p.writeUInt32BE(no, 0);
  Buffer.from([0, 0, 0, 0, 0, no & 0xff]).copy(p, 8);
  p.write(`eth${no}`, 16, 'latin1');
  p.writeUInt32BE(down ? 1 : 0, 32);
  p.writeUInt32BE(down ? 1 : 0, 36);
  return p;
}

export function featuresReply(version: number, xid: number, dpid: bigint, ports: number[]): Buffer {
  const body = version === OFP10 ? Buffer.concat(ports.map(port10)) : Buffer.alloc(0);
  const b = Buffer.concat([header(version, 6, 32, xid), body]);
  b.writeUInt16BE(b.length, 2);
  b.writeBigUInt64BE(dpid, 8);
  b.writeUInt32BE(256, 16);
  b[20] = 1;
  b.writeUInt32BE(0xc7, 24);
  return b;
}

export function portDescReply13(xid: number, ports: number[]): Buffer {
  const b = Buffer.concat([header(OFP13, 19, 16, xid), ...ports.map((p) => port13(p))]);
  b.writeUInt16BE(b.length, 2);
  b.writeUInt16BE(13, 8);
  return b;
}

export function portStatus(version: number, reason: number, portNo: number, down = false): Buffer {
  const p = version === OFP10 ? port10(portNo) : port13(portNo, down);
  if (version === OFP10 && down) p.writeUInt32BE(1, 28); // state LINK_DOWN
  const b = Buffer.concat([header(version, 12, 16, 0), p]);
  b.writeUInt16BE(b.length, 2);
  b[8] = reason;
  return b;
}

export interface Msg {
  version: number;
  type: number;
  xid: number;
  bytes: Buffer;
}

/** A TCP client that plays a switch. */
export class FakeSwitch {
  readonly msgs: Msg[] = [];
  private pending = Buffer.alloc(0);
  private waiters: { pred: (m: Msg) => boolean; resolve: (m: Msg) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }[] = [];
  closed = false;
  readonly closedP: Promise<void>;
  /** Reply to ECHO_REQUEST automatically. */
  autoEcho = true;
  private cursor = 0;

  private constructor(readonly sock: net.Socket) {
    this.closedP = new Promise((resolve) => sock.on('close', () => {
      this.closed = true;
      resolve();
    }));
    sock.on('error', () => {});
    sock.on('data', (d) => this.onData(d));
  }

  static connect(port: number): Promise<FakeSwitch> {
    return new Promise((resolve, reject) => {
      const s = net.connect({ host: '127.0.0.1', port }, () => resolve(new FakeSwitch(s)));
      s.once('error', reject);
    });
  }

  /** Over TLS, presenting `cert`/`key` (omit both for no client certificate) and trusting `ca`. Resolves after the TLS handshake. */
  static connectTls(port: number, creds: { cert?: Buffer; key?: Buffer; ca: Buffer }): Promise<FakeSwitch> {
    return new Promise((resolve, reject) => {
      const s = tls.connect({ host: '127.0.0.1', port, ...creds, servername: 'localhost', checkServerIdentity: () => undefined }, () => resolve(new FakeSwitch(s)));
      s.once('error', reject);
    });
  }

  private onData(d: Buffer): void {
    this.pending = Buffer.concat([this.pending, d]);
    while (this.pending.length >= 8) {
      const len = this.pending.readUInt16BE(2);
      if (len < 8 || this.pending.length < len) break;
      const bytes = Buffer.from(this.pending.subarray(0, len));
      this.pending = this.pending.subarray(len);
      const m: Msg = { version: bytes[0]!, type: bytes[1]!, xid: bytes.readUInt32BE(4), bytes };
      if (this.autoEcho && m.type === 2) {
        const r = Buffer.from(bytes);
        r[1] = 3;
        this.send(r);
      }
      this.msgs.push(m);
      for (const w of [...this.waiters]) {
        if (w.pred(m)) {
          clearTimeout(w.timer);
          this.waiters.splice(this.waiters.indexOf(w), 1);
          w.resolve(m);
          this.cursor = this.msgs.length;
          break;
        }
      }
    }
  }

  send(b: Buffer): void {
    if (!this.sock.destroyed) this.sock.write(b);
  }

  /**
   * Next message (after the last one a wait returned) matching `pred`;
   * already received ones count.
   */
  wait(pred: (m: Msg) => boolean, timeout = HANG_GUARD_MS): Promise<Msg> {
    for (let i = this.cursor; i < this.msgs.length; i++) {
      if (pred(this.msgs[i]!)) {
        this.cursor = i + 1;
        return Promise.resolve(this.msgs[i]!);
      }
    }
    this.cursor = this.msgs.length;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w.timer !== timer);
        reject(new Error(`timed out waiting for a message; got types ${this.msgs.map((m) => m.type).join(',')}`));
      }, timeout);
      this.waiters.push({ pred, resolve, reject, timer });
    });
  }

  waitType(type: number, timeout = HANG_GUARD_MS): Promise<Msg> {
    return this.wait((m) => m.type === type, timeout);
  }

  /** Messages of a type received so far. */
  ofType(type: number): Msg[] {
    return this.msgs.filter((m) => m.type === type);
  }

  /** Wait until nothing new arrives for `quietMs`. */
  async settle(quietMs = 100): Promise<void> {
    let n = -1;
    while (n !== this.msgs.length) {
      n = this.msgs.length;
      await new Promise((r) => setTimeout(r, quietMs));
    }
  }

  /**
   * Do the switch side of the handshake. `plain`: send a HELLO without a
   * bitmap. Returns the negotiated version (from FEATURES_REQUEST).
   */
  async handshake(opts: { version: number; dpid: bigint; ports?: number[]; plain?: boolean; bitmap?: number[] }): Promise<number> {
    const ports = opts.ports ?? [1, 2, 3, 4];
    await this.waitType(0);
    this.send(opts.plain ? hello(opts.version) : hello(opts.version, opts.bitmap ?? [opts.version]));
    const fr = await this.waitType(5);
    this.send(featuresReply(fr.version, fr.xid, opts.dpid, ports));
    if (fr.version === OFP13) {
      const pd = await this.wait((m) => m.type === 18 && m.bytes.readUInt16BE(8) === 13);
      this.send(portDescReply13(pd.xid, ports));
    } else if (fr.version === 5 || fr.version === 6) {
      // 1.4/1.5 ports carry properties: built by the codec's encoder rather than by hand
      const pd = await this.wait((m) => m.type === 18 && m.bytes.readUInt16BE(8) === 13);
      const version: number = fr.version;
      this.send(encodeMessage({
        version, type: 'OFPT_MULTIPART_REPLY', xid: pd.xid, multipart_type: 'OFPMP_PORT_DESC', flags: 0,
        body: ports.map((no) => ({ port_no: no, hw_addr: `02:00:00:00:00:${(no & 0xff).toString(16).padStart(2, '0')}`, name: `p${no}`, config: 0, state: 0, properties: [] })),
      }));
    }
    return fr.version;
  }

  close(): void {
    this.sock.destroy();
  }
}

/** A controller on 127.0.0.1, a free port, logging nothing (or into `lines`). */
export async function startController(opts: ControllerOptions = {}, lines?: string[]): Promise<{ ctl: Controller; port: number }> {
  const logger = new Logger({ level: 'debug', write: (l) => void lines?.push(l) });
  const ctl = new Controller({ host: '127.0.0.1', port: 0, summaryInterval: 0, logger, ...opts });
  const { port } = await ctl.start();
  return { ctl, port };
}

/**
 * How long a wait for something that must happen may take before the test
 * fails: a guard against hanging, not a latency bound. Generous, because CI
 * and this machine are shared and a loaded 2-core box can stall a process for
 * seconds; waits return as soon as the thing happens, so it costs nothing.
 */
export const HANG_GUARD_MS = 15_000;

export async function until(cond: () => boolean, timeout = HANG_GUARD_MS, what = 'condition'): Promise<void> {
  const end = Date.now() + timeout;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Poll `get()` until it matches `re` (for a child process's collected output). */
export async function waitFor(get: () => string, re: RegExp, ms = HANG_GUARD_MS): Promise<RegExpMatchArray> {
  const end = Date.now() + ms;
  for (;;) {
    const m = get().match(re);
    if (m) return m;
    if (Date.now() > end) throw new Error(`timed out waiting for ${re}; output:\n${get()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
