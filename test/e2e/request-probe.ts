/**
 * An app for the request/reply end-to-end test, loaded into `nodeflow start`
 * with `--app`: it listens on the Unix socket named by NODEFLOW_PROBE_SOCKET
 * and runs each JSON line `{ id, dpid, op, args }` it receives as
 * `sw[op](...args)` (or `sw.flows[op]` for op `flows.*`) on the switch with
 * that dpid, answering `{ id, ok, value }` or `{ id, ok: false, error }`.
 * bigints cross as `{ $big: "123" }` both ways. The test process drives it
 * from outside the switch namespace (a Unix socket is reachable from any
 * namespace).
 */
import net from 'node:net';
import { rmSync } from 'node:fs';
import type { App, ControllerApi, Switch } from '../../controller/app.js';

export interface ProbeError {
  readonly name: string;
  readonly code?: string;
  readonly message: string;
  readonly typeName?: string;
  readonly codeName?: string;
}

export const toWire = (v: unknown): string => JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? { $big: x.toString() } : x));
export const fromWire = (s: string): unknown =>
  JSON.parse(s, (_k, x: unknown) => (x !== null && typeof x === 'object' && typeof (x as { $big?: unknown }).$big === 'string' ? BigInt((x as { $big: string }).$big) : x));

function describe(e: unknown): ProbeError {
  if (!(e instanceof Error)) return { name: 'Error', message: String(e) };
  const r = e as Error & { code?: unknown; typeName?: unknown; codeName?: unknown };
  return {
    name: e.name, message: e.message, code: typeof r.code === 'string' ? r.code : undefined,
    typeName: typeof r.typeName === 'string' ? r.typeName : undefined, codeName: typeof r.codeName === 'string' ? r.codeName : undefined,
  };
}

export default function createProbe(): App {
  let ctl: ControllerApi | undefined;
  let server: net.Server | undefined;
  const path = process.env['NODEFLOW_PROBE_SOCKET'];
  const run = async (line: string): Promise<string> => {
    const { id, dpid, op, args } = fromWire(line) as { id: number; dpid: string; op: string; args: unknown[] };
    try {
      const sw = ctl?.switches.get(BigInt(dpid));
      if (sw === undefined) throw new Error(`no switch ${dpid} is up`);
      const target: Record<string, unknown> = op.startsWith('flows.') ? (sw.flows as unknown as Record<string, unknown>) : (sw as unknown as Record<string, unknown>);
      const name = op.replace(/^flows\./, '');
      const fn = target[name];
      if (typeof fn !== 'function') throw new Error(`no operation ${op}`);
      const value: unknown = await (fn as (...a: unknown[]) => unknown).apply(target, args);
      return toWire({ id, ok: true, value: value ?? null });
    } catch (e) {
      return toWire({ id, ok: false, error: describe(e) });
    }
  };
  return {
    name: 'request-probe',
    start(c) {
      ctl = c;
      if (path === undefined) throw new Error('request-probe: NODEFLOW_PROBE_SOCKET is not set');
      rmSync(path, { force: true });
      server = net.createServer((sock) => {
        let buf = '';
        sock.on('error', () => {});
        sock.on('data', (d) => {
          buf += d.toString('utf8');
          let nl: number;
          while ((nl = buf.indexOf('\n')) >= 0) {
            const line = buf.slice(0, nl);
            buf = buf.slice(nl + 1);
            void run(line).then((out) => sock.write(`${out}\n`));
          }
        });
      });
      return new Promise<void>((resolve, reject) => {
        server!.once('error', reject);
        server!.listen(path, () => resolve());
      });
    },
    stop() {
      server?.close();
    },
  };
}

/** The test side: one connection to the probe, calls matched by id. */
export class ProbeClient {
  private next = 1;
  private buf = '';
  private readonly waiting = new Map<number, (r: { ok: boolean; value?: unknown; error?: ProbeError }) => void>();

  private constructor(private readonly sock: net.Socket) {
    sock.on('data', (d) => {
      this.buf += d.toString('utf8');
      let nl: number;
      while ((nl = this.buf.indexOf('\n')) >= 0) {
        const r = fromWire(this.buf.slice(0, nl)) as { id: number; ok: boolean; value?: unknown; error?: ProbeError };
        this.buf = this.buf.slice(nl + 1);
        this.waiting.get(r.id)?.(r);
        this.waiting.delete(r.id);
      }
    });
  }

  static connect(path: string): Promise<ProbeClient> {
    return new Promise((resolve, reject) => {
      const s = net.connect(path, () => resolve(new ProbeClient(s)));
      s.once('error', reject);
    });
  }

  /** Resolves with `{ ok, value }` or `{ ok: false, error }` (never rejects for the switch's answer). */
  call(dpid: bigint, op: string, ...args: unknown[]): Promise<{ ok: boolean; value?: unknown; error?: ProbeError }> {
    const id = this.next++;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      this.sock.write(`${toWire({ id, dpid: dpid.toString(), op, args })}\n`);
    });
  }

  /** The value, or throws with the probe's error text. */
  async value<T>(dpid: bigint, op: string, ...args: unknown[]): Promise<T> {
    const r = await this.call(dpid, op, ...args);
    if (!r.ok) throw new Error(`${op} failed: ${r.error?.name}: ${r.error?.message}`);
    return r.value as T;
  }

  close(): void {
    this.sock.destroy();
  }
}

export type { Switch };
