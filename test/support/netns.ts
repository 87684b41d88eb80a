/**
 * Hosts for end-to-end tests: each host is a Linux network namespace with one
 * veth pair; its `eth0` end lives in the host namespace and the other end in
 * the switch namespace, ready to be added to an Open vSwitch bridge.
 *
 * Every namespace is registered for removal at process exit (deleting a
 * namespace also deletes the veth ends inside it), so nothing outlives a
 * failed or interrupted test. IPv6 is off in every namespace we create so the
 * only traffic is the traffic a test sends.
 */
import { createHash } from 'node:crypto';
import { must, onExitCleanup, run, runSyncQuiet, sleep, spawnChild, waitFor } from './sys.js';

const IFNAMSIZ = 15;

function checkIfName(name: string): void {
  if (name.length > IFNAMSIZ || !/^[A-Za-z0-9_.-]+$/.test(name)) throw new Error(`bad interface name '${name}'`);
}

export interface Netns {
  readonly name: string;
  /** Removes the namespace (and every interface in it). Idempotent. */
  remove(): Promise<void>;
}

/** Creates a network namespace with `lo` up and IPv6 disabled. */
export async function addNetns(name: string): Promise<Netns> {
  checkIfName(name);
  await must('ip', ['netns', 'add', name]);
  let removed = false;
  const unregister = onExitCleanup(() => {
    if (!removed) runSyncQuiet('ip', ['netns', 'del', name]);
  });
  const ns: Netns = {
    name,
    async remove() {
      if (removed) return;
      removed = true;
      // `ip netns del` fails (EBUSY) while a mount namespace made inside
      // this one (e.g. by `unshare --mount-proc`) is still going away: retry
      let r = await run('ip', ['netns', 'del', name]);
      for (let i = 0; i < 20 && r.code !== 0 && /busy/i.test(r.stderr); i++) {
        await sleep(100);
        r = await run('ip', ['netns', 'del', name]);
      }
      unregister();
      if (r.code !== 0 && !/No such file/i.test(r.stderr)) throw new Error(`ip netns del ${name}: ${r.stderr.trim()}`);
    },
  };
  try {
    await must('ip', ['-n', name, 'link', 'set', 'lo', 'up']);
    await must('ip', ['netns', 'exec', name, 'sysctl', '-q', '-w', 'net.ipv6.conf.all.disable_ipv6=1', 'net.ipv6.conf.default.disable_ipv6=1']);
  } catch (e) {
    await ns.remove();
    throw e;
  }
  return ns;
}

export interface Host {
  /** Short label used in messages, e.g. 'h1'. */
  readonly label: string;
  readonly ns: Netns;
  /** Interface inside the host namespace. */
  readonly ifname: 'eth0';
  readonly ip: string;
  readonly mac: string;
  /** The peer end, inside the switch namespace, to add to a bridge. */
  readonly switchIf: string;
}

export interface HostOptions {
  readonly label: string;
  /** Namespace name for the host (unique on the machine, ≤ 15 chars). */
  readonly nsName: string;
  /** Namespace where the switch side of the veth pair goes. */
  readonly switchNs: string;
  /** Name of the switch-side interface (≤ 15 chars). */
  readonly switchIf: string;
  /** e.g. '10.0.0.1/24' */
  readonly cidr: string;
  readonly mac: string;
}

/**
 * Creates a host namespace wired to the switch namespace. Checksum offload
 * is off on the host end: TCP through OVS's userspace datapath needs it.
 * IPv6 is off in the host (hosts talk IPv4 only).
 */
export async function addHost(o: HostOptions): Promise<Host> {
  checkIfName(o.switchIf);
  const ns = await addNetns(o.nsName);
  try {
    await must('ip', ['link', 'add', 'name', o.switchIf, 'netns', o.switchNs, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', o.nsName]);
    await must('ip', ['-n', o.nsName, 'link', 'set', 'eth0', 'address', o.mac]);
    await must('ip', ['-n', o.nsName, 'addr', 'add', o.cidr, 'dev', 'eth0']);
    await must('ip', ['netns', 'exec', o.nsName, 'ethtool', '-K', 'eth0', 'tx', 'off'], {});
    // IPv4 only: IPv6 would send router solicitations, MLD reports and DAD probes for seconds after
    // the link comes up, the only traffic of an otherwise quiet network (tests count packets)
    await must('ip', ['netns', 'exec', o.nsName, 'sysctl', '-q', '-w', 'net.ipv6.conf.all.disable_ipv6=1', 'net.ipv6.conf.default.disable_ipv6=1']);
    await must('ip', ['-n', o.nsName, 'link', 'set', 'eth0', 'up']);
    await must('ip', ['netns', 'exec', o.switchNs, 'sysctl', '-q', '-w', `net.ipv6.conf.${o.switchIf}.disable_ipv6=1`]);
    await must('ip', ['-n', o.switchNs, 'link', 'set', o.switchIf, 'up']);
  } catch (e) {
    await ns.remove();
    throw e;
  }
  return { label: o.label, ns, ifname: 'eth0', ip: o.cidr.split('/')[0]!, mac: o.mac.toLowerCase(), switchIf: o.switchIf };
}

export interface PingResult {
  readonly from: string;
  readonly to: string;
  readonly ok: boolean;
  readonly output: string;
}

/** One ICMP echo from `from` to `to`, waiting up to `waitS` seconds for the reply. */
export async function ping(from: Host, to: Host | string, waitS = 2): Promise<PingResult> {
  const ip = typeof to === 'string' ? to : to.ip;
  const r = await run('ip', ['netns', 'exec', from.ns.name, 'ping', '-n', '-c', '1', '-W', String(waitS), ip], { timeoutMs: (waitS + 3) * 1000 });
  return { from: from.label, to: typeof to === 'string' ? to : to.label, ok: r.code === 0, output: r.stdout + r.stderr };
}

/**
 * Pings every ordered pair of hosts, one after the other (learning happens
 * in order, as a person running pingall would see it). A pair gets `tries`
 * attempts; the result says which pairs never got a reply.
 */
export async function pingAll(hosts: readonly Host[], tries = 2, waitS = 2): Promise<PingResult[]> {
  const out: PingResult[] = [];
  for (const a of hosts) {
    for (const b of hosts) {
      if (a === b) continue;
      let r = await ping(a, b, waitS);
      for (let i = 1; i < tries && !r.ok; i++) r = await ping(a, b, waitS);
      out.push(r);
    }
  }
  return out;
}

/** Formats failed pings for an assertion message. */
export function describeFailures(results: readonly PingResult[]): string {
  const bad = results.filter((r) => !r.ok);
  return bad.length ? bad.map((r) => `${r.from}->${r.to} failed`).join(', ') : 'all replied';
}

// A TCP echo server and client run with Node inside the namespaces: no extra
// packages needed. The server reports the SHA-256 and length of what it
// received; the client sends stdin and reports the same for what came back.
const SERVER_JS = `
const net = require('net'), crypto = require('crypto');
const [ip, port] = process.argv.slice(1);
const srv = net.createServer((s) => {
  const h = crypto.createHash('sha256'); let n = 0;
  s.on('data', (d) => { h.update(d); n += d.length; s.write(d); });
  s.on('end', () => { s.end(); process.stdout.write(JSON.stringify({ n, sha256: h.digest('hex') }) + '\\n'); srv.close(); });
  s.on('error', (e) => { process.stderr.write(String(e) + '\\n'); process.exit(3); });
});
srv.listen(Number(port), ip, () => process.stdout.write('listening\\n'));
`;

const CLIENT_JS = `
const net = require('net'), crypto = require('crypto');
const [ip, port] = process.argv.slice(1);
const chunks = [];
process.stdin.on('data', (d) => chunks.push(d));
process.stdin.on('end', () => {
  const data = Buffer.concat(chunks);
  const h = crypto.createHash('sha256'); let n = 0;
  const s = net.connect(Number(port), ip, () => s.end(data));
  s.on('data', (d) => { h.update(d); n += d.length; });
  s.on('end', () => process.stdout.write(JSON.stringify({ n, sha256: h.digest('hex') }) + '\\n'));
  s.on('error', (e) => { process.stderr.write(String(e) + '\\n'); process.exit(3); });
});
`;

export interface TransferResult {
  readonly sent: { n: number; sha256: string };
  readonly serverReceived: { n: number; sha256: string };
  readonly clientReceived: { n: number; sha256: string };
}

/**
 * Sends `payload` from `client` to a TCP echo server on `server` and reads it
 * back; returns the hashes of what was sent, what the server got and what the
 * client got back, for the test to compare.
 */
export async function tcpEcho(client: Host, server: Host, payload: Buffer, port = 5001, timeoutMs = 15_000): Promise<TransferResult> {
  const srv = spawnChild('ip', ['netns', 'exec', server.ns.name, process.execPath, '-e', SERVER_JS, server.ip, String(port)]);
  try {
    await waitFor('TCP server to listen', 5_000, () => srv.output().includes('listening') || (srv.hasExited() ? Promise.reject(new Error(`server exited: ${srv.output()}`)) : false));
    const r = await run('ip', ['netns', 'exec', client.ns.name, process.execPath, '-e', CLIENT_JS, server.ip, String(port)], { timeoutMs, input: payload });
    if (r.code !== 0) throw new Error(`TCP client failed (${r.code}): ${r.stderr.trim()}`);
    await waitFor('TCP server to report', 5_000, () => srv.hasExited());
    const lastJson = (s: string) => JSON.parse(s.trim().split('\n').filter((l) => l.startsWith('{')).pop() ?? 'null') as { n: number; sha256: string };
    return {
      sent: { n: payload.length, sha256: createHash('sha256').update(payload).digest('hex') },
      serverReceived: lastJson(srv.output()),
      clientReceived: lastJson(r.stdout),
    };
  } finally {
    await srv.stop(500);
  }
}
