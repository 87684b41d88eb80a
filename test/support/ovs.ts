/**
 * A private Open vSwitch for end-to-end tests.
 *
 * Everything lives in a fresh temporary directory (OVS_RUNDIR, OVS_LOGDIR,
 * OVS_DBDIR and OVS_SYSCONFDIR all point there): its own database, its own
 * ovsdb-server on a unix socket, its own ovs-vswitchd. A system instance is
 * never contacted: every ovs-* command gets the private environment and an
 * explicit `--db`/`-t` target.
 *
 * ovs-vswitchd runs inside its own network namespace. The userspace datapath
 * creates tap devices (`ovs-netdev` and one per bridge) that would clash
 * between two instances in one namespace, and would outlive a crash; in a
 * private namespace they cannot clash and vanish with it. The controller a
 * test runs must therefore run in the same namespace (`ovs.netns`) to be
 * reachable on 127.0.0.1.
 *
 * Stop: `ovs-appctl -t DIR/ovs-vswitchd.PID.ctl exit`, the same for
 * ovsdb-server, then the namespace goes. The same steps run from a process
 * exit handler if a test dies first.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addNetns, type Netns } from './netns.js';
import { must, onExitCleanup, run, runSyncQuiet, uniqueTag, waitFor, which } from './sys.js';

export type OfVersion = '1.0' | '1.3' | '1.4' | '1.5';

/** The OVS `protocols` name for a version. */
export function ofProtocol(v: OfVersion): 'OpenFlow10' | 'OpenFlow13' | 'OpenFlow14' | 'OpenFlow15' {
  return `OpenFlow1${v.slice(2)}` as 'OpenFlow10' | 'OpenFlow13' | 'OpenFlow14' | 'OpenFlow15';
}

const SCHEMA_CANDIDATES = ['/usr/share/openvswitch/vswitch.ovsschema', '/usr/local/share/openvswitch/vswitch.ovsschema'];
const REQUIRED_BINARIES = ['ovsdb-tool', 'ovsdb-server', 'ovs-vswitchd', 'ovs-vsctl', 'ovs-ofctl', 'ovs-appctl', 'ip', 'ss', 'ping', 'ethtool', 'sysctl'];

/**
 * Why end-to-end tests cannot run here, or undefined when they can: root,
 * the OVS binaries and schema, iproute2, ping, ethtool, and a namespace we can
 * actually create.
 */
export function e2eUnavailable(): string | undefined {
  if (process.platform !== 'linux') return `needs Linux (this is ${process.platform})`;
  if (typeof process.getuid === 'function' && process.getuid() !== 0) return 'needs root (network namespaces, veth pairs, ovs-vswitchd)';
  const missing = REQUIRED_BINARIES.filter((b) => !which(b));
  if (missing.length) return `missing programs: ${missing.join(', ')} (Debian: openvswitch-switch iproute2 iputils-ping ethtool procps)`;
  if (!SCHEMA_CANDIDATES.some((p) => existsSync(p))) return 'vswitch.ovsschema not found (Debian: openvswitch-common)';
  const probe = `nfprobe${uniqueTag(5)}`;
  try {
    execFileSync('ip', ['netns', 'add', probe], { stdio: ['ignore', 'ignore', 'pipe'], timeout: 5_000 });
  } catch (e) {
    return `cannot create a network namespace: ${(e as Error).message.split('\n')[0]}`;
  }
  runSyncQuiet('ip', ['netns', 'del', probe]);
  return undefined;
}

export interface Flow {
  readonly raw: string;
  readonly table: number;
  readonly priority: number;
  /** Match fields as OVS prints them (`in_port`, `dl_dst`, `arp`, ...); flags map to ''. */
  readonly match: Readonly<Record<string, string>>;
  /** Actions as OVS prints them, e.g. ['output:2'], ['CONTROLLER:65535']. */
  readonly actions: readonly string[];
  readonly idleTimeout?: number;
  readonly hardTimeout?: number;
  readonly packets: number;
}

/** Parses `ovs-ofctl dump-flows` text (one flow per line after the header). */
export function parseFlows(text: string): Flow[] {
  const flows: Flow[] = [];
  for (const line of text.split('\n')) {
    const t = line.trim();
    const ai = t.indexOf(' actions=');
    if (ai < 0 || !t.startsWith('cookie=')) continue;
    const head = t.slice(0, ai);
    const acts = t.slice(ai + ' actions='.length);
    // head: "cookie=0x0, duration=1.2s, table=0, ..., priority=1,in_port=1,dl_dst=..."
    const stats: Record<string, string> = {};
    const match: Record<string, string> = {};
    const parts = head.split(', ');
    const last = parts.pop() ?? '';
    for (const p of parts) {
      const [k, v = ''] = p.split('=');
      stats[k!] = v;
    }
    for (const p of last.split(',')) {
      if (!p) continue;
      const eq = p.indexOf('=');
      const k = eq < 0 ? p : p.slice(0, eq);
      const v = eq < 0 ? '' : p.slice(eq + 1);
      if (['duration', 'table', 'n_packets', 'n_bytes', 'idle_timeout', 'hard_timeout', 'idle_age', 'hard_age', 'cookie', 'reset_counts', 'send_flow_rem', 'check_overlap', 'no_packet_counts', 'no_byte_counts', 'importance'].includes(k)) stats[k] = v;
      else match[k] = v;
    }
    const actions: string[] = [];
    let depth = 0;
    let cur = '';
    for (const ch of acts) {
      if (ch === '(') depth++;
      if (ch === ')') depth--;
      if (ch === ',' && depth === 0) {
        actions.push(cur);
        cur = '';
      } else cur += ch;
    }
    if (cur) actions.push(cur);
    const priority = match['priority'] !== undefined ? Number(match['priority']) : 32768;
    delete match['priority'];
    flows.push({
      raw: t,
      table: Number(stats['table'] ?? 0),
      priority,
      match,
      actions,
      ...(stats['idle_timeout'] !== undefined ? { idleTimeout: Number(stats['idle_timeout']) } : {}),
      ...(stats['hard_timeout'] !== undefined ? { hardTimeout: Number(stats['hard_timeout']) } : {}),
      packets: Number(stats['n_packets'] ?? 0),
    });
  }
  return flows;
}

export interface PortCounters {
  /** The port as dump-ports prints it: a number, or LOCAL. */
  readonly port: string;
  readonly rxPackets: number;
  readonly txPackets: number;
}

/** Parses `ovs-ofctl dump-ports` text: `port  1: rx pkts=5, bytes=...` then `tx pkts=...` on the next line. */
export function parsePortCounters(text: string): PortCounters[] {
  const out: PortCounters[] = [];
  const re = /port\s+"?([^:"]+)"?:\s*rx pkts=(\d+|\?)[^\n]*\n\s*tx pkts=(\d+|\?)/g;
  for (const m of text.matchAll(re)) {
    out.push({ port: m[1]!.trim(), rxPackets: m[2] === '?' ? 0 : Number(m[2]), txPackets: m[3] === '?' ? 0 : Number(m[3]) });
  }
  return out;
}

/** The port number an action outputs to (`output:2` or a bare `2`), if it is an output action. */
export function outputPort(action: string): number | undefined {
  const m = /^(?:output:)?(\d+)$/.exec(action);
  return m ? Number(m[1]) : undefined;
}

/** Destination MAC of a flow's match, whichever name OVS printed it under. */
export function matchDlDst(f: Flow): string | undefined {
  return (f.match['dl_dst'] ?? f.match['eth_dst'])?.toLowerCase();
}

/** True for a table-miss flow: priority 0, empty match, sends to the controller. */
export function isTableMiss(f: Flow): boolean {
  return f.priority === 0 && Object.keys(f.match).length === 0 && f.actions.some((a) => /^CONTROLLER/i.test(a));
}

export interface BridgeOptions {
  /** Bridge name inside the private namespace (≤ 15 chars). */
  readonly name: string;
  readonly version: OfVersion;
  readonly controllerPort: number;
  readonly controllerHost?: string;
  /** `tcp` (default) or `ssl` (set the switch's TLS files first: setSsl). */
  readonly scheme?: 'tcp' | 'ssl';
  /** Datapath id (defaults to OVS's choice). */
  readonly dpid?: number;
}

export interface Bridge {
  readonly name: string;
  readonly version: OfVersion;
  readonly target: string;
}

export interface StartOptions {
  /** Keep the directory (logs) after stop, e.g. for debugging. Default: env NODEFLOW_E2E_KEEP=1. */
  readonly keep?: boolean;
}

export class PrivateOvs {
  readonly bridges = new Map<string, Bridge>();
  private stopped = false;

  private constructor(
    readonly dir: string,
    readonly netns: Netns,
    readonly env: NodeJS.ProcessEnv,
    private readonly pids: { db: number; vswitchd: number },
    private readonly keep: boolean,
    private readonly unregister: () => void,
  ) {}

  /** The unix socket of the private ovsdb-server. */
  get db(): string {
    return `unix:${join(this.dir, 'db.sock')}`;
  }
  get vswitchdLog(): string {
    return join(this.dir, 'ovs-vswitchd.log');
  }
  /** `ovs-appctl -t` target of the private ovs-vswitchd. */
  get vswitchdCtl(): string {
    return join(this.dir, `ovs-vswitchd.${this.pids.vswitchd}.ctl`);
  }
  get ovsdbCtl(): string {
    return join(this.dir, `ovsdb-server.${this.pids.db}.ctl`);
  }

  /** Starts ovsdb-server and ovs-vswitchd (in a new namespace `nf<tag>sw`). */
  static async start(opts: StartOptions = {}): Promise<PrivateOvs> {
    const tag = uniqueTag(6);
    const dir = mkdtempSync(join(tmpdir(), `nodeflow-ovs-${tag}-`));
    const env: NodeJS.ProcessEnv = { ...process.env, OVS_RUNDIR: dir, OVS_LOGDIR: dir, OVS_DBDIR: dir, OVS_SYSCONFDIR: dir, OVS_PKGDATADIR: process.env['OVS_PKGDATADIR'] };
    if (!env['OVS_PKGDATADIR']) delete env['OVS_PKGDATADIR'];
    const keep = opts.keep ?? process.env['NODEFLOW_E2E_KEEP'] === '1';
    const pids = { db: 0, vswitchd: 0 };
    let netns: Netns | undefined;
    // last-resort cleanup, registered before anything starts
    const unregister = onExitCleanup(() => {
      for (const [name, pid] of [['ovs-vswitchd', pids.vswitchd], ['ovsdb-server', pids.db]] as const) {
        if (!pid) continue;
        runSyncQuiet('ovs-appctl', ['-t', join(dir, `${name}.${pid}.ctl`), 'exit'], env);
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          /* already gone */
        }
      }
      if (netns) runSyncQuiet('ip', ['netns', 'del', netns.name]);
      if (!keep) rmSync(dir, { recursive: true, force: true });
    });
    try {
      netns = await addNetns(`nf${tag}sw`);
      const schema = SCHEMA_CANDIDATES.find((p) => existsSync(p))!;
      await must('ovsdb-tool', ['create', join(dir, 'conf.db'), schema], { env });
      await must(
        'ovsdb-server',
        [join(dir, 'conf.db'), `--remote=punix:${join(dir, 'db.sock')}`, `--pidfile=${join(dir, 'ovsdb-server.pid')}`, `--log-file=${join(dir, 'ovsdb-server.log')}`, '--detach', '-vconsole:off'],
        { env },
      );
      pids.db = readPid(join(dir, 'ovsdb-server.pid'));
      await must('ovs-vsctl', [`--db=unix:${join(dir, 'db.sock')}`, '--no-wait', 'init'], { env });
      await must(
        'ip',
        ['netns', 'exec', netns.name, 'ovs-vswitchd', `unix:${join(dir, 'db.sock')}`, `--pidfile=${join(dir, 'ovs-vswitchd.pid')}`, `--log-file=${join(dir, 'ovs-vswitchd.log')}`, '--detach', '-vconsole:off'],
        { env },
      );
      pids.vswitchd = readPid(join(dir, 'ovs-vswitchd.pid'));
      return new PrivateOvs(dir, netns, env, pids, keep, unregister);
    } catch (e) {
      const o = new PrivateOvs(dir, netns ?? { name: '', remove: async () => {} }, env, pids, keep, unregister);
      await o.stop();
      throw e;
    }
  }

  vsctl(args: readonly string[]): Promise<string> {
    return must('ovs-vsctl', [`--db=${this.db}`, '--timeout=10', ...args], { env: this.env });
  }

  /** `ovs-ofctl -O <version> --no-names <cmd> <bridge mgmt socket> ...args` */
  ofctl(bridge: string, cmd: string, ...args: string[]): Promise<string> {
    const b = this.bridges.get(bridge);
    if (!b) throw new Error(`unknown bridge ${bridge}`);
    return must('ovs-ofctl', ['-O', ofProtocol(b.version), '--no-names', cmd, this.mgmt(bridge), ...args], { env: this.env });
  }

  /** The bridge's OpenFlow management socket (what `ovs-ofctl BRIDGE` would use). */
  mgmt(bridge: string): string {
    return `unix:${join(this.dir, `${bridge}.mgmt`)}`;
  }

  async dumpFlows(bridge: string): Promise<Flow[]> {
    return parseFlows(await this.ofctl(bridge, 'dump-flows'));
  }

  /**
   * Adds a netdev (userspace) bridge pinned to one OpenFlow version,
   * fail-mode secure, in-band control off, one controller at
   * tcp:HOST:PORT with max_backoff 1000 ms.
   */
  async addBridge(o: BridgeOptions): Promise<Bridge> {
    const target = `${o.scheme ?? 'tcp'}:${o.controllerHost ?? '127.0.0.1'}:${o.controllerPort}`;
    const set = ['datapath_type=netdev', `protocols=${ofProtocol(o.version)}`, 'other-config:disable-in-band=true'];
    if (o.dpid !== undefined) set.push(`other-config:datapath-id=${o.dpid.toString(16).padStart(16, '0')}`);
    await this.vsctl([
      '--', 'add-br', o.name,
      '--', 'set', 'bridge', o.name, ...set,
      '--', 'set-fail-mode', o.name, 'secure',
      '--', 'set-controller', o.name, target,
      '--', 'set', 'controller', o.name, 'max_backoff=1000',
    ]);
    const b: Bridge = { name: o.name, version: o.version, target };
    this.bridges.set(o.name, b);
    return b;
  }

  /** The switch's TLS files for `ssl:` controller targets (`ovs-vsctl set-ssl KEY CERT CACERT`). */
  async setSsl(key: string, cert: string, caCert: string): Promise<void> {
    await this.vsctl(['set-ssl', key, cert, caCert]);
  }

  /** Adds existing interfaces (in the switch namespace) with fixed OpenFlow port numbers. */
  async addPorts(bridge: string, ports: ReadonlyArray<{ ifname: string; ofport: number }>): Promise<void> {
    const args: string[] = [];
    for (const p of ports) args.push('--', 'add-port', bridge, p.ifname, '--', 'set', 'interface', p.ifname, `ofport_request=${p.ofport}`);
    if (args.length) await this.vsctl(args);
  }

  /** Links two bridges with a pair of patch ports. */
  async addPatch(a: { bridge: string; ofport: number }, b: { bridge: string; ofport: number }): Promise<void> {
    const pa = `${a.bridge}-to-${b.bridge}`.slice(0, 15);
    const pb = `${b.bridge}-to-${a.bridge}`.slice(0, 15);
    await this.vsctl([
      '--', 'add-port', a.bridge, pa, '--', 'set', 'interface', pa, 'type=patch', `options:peer=${pb}`, `ofport_request=${a.ofport}`,
      '--', 'add-port', b.bridge, pb, '--', 'set', 'interface', pb, 'type=patch', `options:peer=${pa}`, `ofport_request=${b.ofport}`,
    ]);
  }

  /** Removes the pair of patch ports addPatch made between two bridges. */
  async deletePatch(a: string, b: string): Promise<void> {
    await this.vsctl(['--', 'del-port', a, `${a}-to-${b}`.slice(0, 15), '--', 'del-port', b, `${b}-to-${a}`.slice(0, 15)]);
  }

  /** Packet counters of every port of a bridge (`ovs-ofctl dump-ports`), LOCAL included. */
  async portCounters(bridge: string): Promise<PortCounters[]> {
    return parsePortCounters(await this.ofctl(bridge, 'dump-ports'));
  }

  /**
   * Drops the datapath flow cache (`ovs-appctl revalidator/purge`). Datapath
   * flows translated while no controller was connected say `drop`, and OVS
   * keeps using them after a controller reconnects until something changes
   * the OpenFlow tables or they idle out (10 s): without this, a controller
   * that installs nothing on connect (any OpenFlow 1.0 learning switch,
   * ovs-testcontroller included) sees no PACKET_IN for that traffic.
   */
  async purgeDatapathFlows(): Promise<void> {
    await must('ovs-appctl', ['-t', this.vswitchdCtl, 'revalidator/purge'], { env: this.env });
  }

  /** The vswitchd log so far ('' if none yet). */
  log(): string {
    try {
      return readFileSync(this.vswitchdLog, 'utf8');
    } catch {
      return '';
    }
  }

  /** Last `n` lines of the vswitchd log, for failure messages. */
  logTail(n = 30): string {
    return this.log().trimEnd().split('\n').slice(-n).join('\n');
  }

  /** How many times the vswitchd log says BRIDGE<->TARGET: connected. */
  connectedCount(bridge: string): number {
    const b = this.bridges.get(bridge);
    if (!b) throw new Error(`unknown bridge ${bridge}`);
    const needle = `${bridge}<->${b.target}: connected`;
    let n = 0;
    for (let i = this.log().indexOf(needle); i >= 0; i = this.log().indexOf(needle, i + 1)) n++;
    return n;
  }

  /**
   * Waits until each bridge has logged one more `connected` than `before`
   * (default: 0, i.e. the first connection). `abort` may end the wait early
   * with a reason (e.g. the controller exited).
   */
  async waitConnected(bridges: readonly string[], timeoutMs = 30_000, before?: ReadonlyMap<string, number>, abort?: () => string | undefined): Promise<void> {
    try {
      await waitFor(`${bridges.join(', ')} to connect to the controller`, timeoutMs, () => {
        const why = abort?.();
        if (why) throw new Error(why);
        const text = this.log();
        return bridges.every((br) => {
          const b = this.bridges.get(br)!;
          const needle = `${br}<->${b.target}: connected`;
          let n = 0;
          for (let i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) n++;
          return n > (before?.get(br) ?? 0);
        });
      });
    } catch (e) {
      throw new Error(`${(e as Error).message}\n--- ovs-vswitchd.log (tail) ---\n${this.logTail()}`);
    }
  }

  /** Connection counts per bridge now, to pass to waitConnected after a reconnect. */
  snapshotConnected(): Map<string, number> {
    return new Map([...this.bridges.keys()].map((b) => [b, this.connectedCount(b)]));
  }

  /**
   * Stops ovs-vswitchd (`ovs-appctl exit`, SIGKILL if it lingers) and starts
   * a new one on the same database, in the same namespace, logging to the
   * same file. The OpenFlow tables are gone with the old process (OVS keeps
   * no flows in the database); bridges, ports and controllers come back from
   * the database. With `withDb`, ovsdb-server is stopped too (after
   * ovs-vswitchd) and started again on the same database file first: a whole
   * Open vSwitch restart. Returns the new ovs-vswitchd pid.
   */
  async restartVswitchd(opts: { withDb?: boolean } = {}): Promise<number> {
    const stopDaemon = async (name: 'ovs-vswitchd' | 'ovsdb-server', key: 'vswitchd' | 'db') => {
      const old = this.pids[key];
      await run('ovs-appctl', ['-t', join(this.dir, `${name}.${old}.ctl`), 'exit'], { env: this.env, timeoutMs: 5_000 });
      try {
        await waitFor(`${name} ${old} to exit`, 3_000, () => !alive(old), 20);
      } catch {
        try {
          process.kill(old, 'SIGKILL');
        } catch {
          /* gone */
        }
        await waitFor(`${name} ${old} to die`, 3_000, () => !alive(old), 20);
      }
      this.pids[key] = 0;
    };
    await stopDaemon('ovs-vswitchd', 'vswitchd');
    if (opts.withDb) {
      await stopDaemon('ovsdb-server', 'db');
      await must(
        'ovsdb-server',
        [join(this.dir, 'conf.db'), `--remote=punix:${join(this.dir, 'db.sock')}`, `--pidfile=${join(this.dir, 'ovsdb-server.pid')}`, `--log-file=${join(this.dir, 'ovsdb-server.log')}`, '--detach', '-vconsole:off'],
        { env: this.env },
      );
      this.pids.db = readPid(join(this.dir, 'ovsdb-server.pid'));
    }
    await must(
      'ip',
      ['netns', 'exec', this.netns.name, 'ovs-vswitchd', this.db, `--pidfile=${join(this.dir, 'ovs-vswitchd.pid')}`, `--log-file=${this.vswitchdLog}`, '--detach', '-vconsole:off'],
      { env: this.env },
    );
    this.pids.vswitchd = readPid(join(this.dir, 'ovs-vswitchd.pid'));
    return this.pids.vswitchd;
  }

  /** Stops both daemons (by their own ctl sockets), removes the namespace and the directory. Idempotent. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    for (const [name, pid] of [['ovs-vswitchd', this.pids.vswitchd], ['ovsdb-server', this.pids.db]] as const) {
      if (!pid) continue;
      await run('ovs-appctl', ['-t', join(this.dir, `${name}.${pid}.ctl`), 'exit'], { env: this.env, timeoutMs: 5_000 });
      try {
        await waitFor(`${name} ${pid} to exit`, 3_000, () => !alive(pid), 20);
      } catch {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          /* gone */
        }
      }
    }
    if (this.netns.name) await this.netns.remove();
    if (!this.keep) rmSync(this.dir, { recursive: true, force: true });
    this.unregister();
  }
}

function readPid(file: string): number {
  const pid = Number(readFileSync(file, 'utf8').trim());
  if (!Number.isInteger(pid) || pid <= 0) throw new Error(`bad pid in ${file}`);
  return pid;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  // a zombie still answers kill(0); treat it as gone
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^\d+ \(.*\) Z/.test(stat);
  } catch {
    return false;
  }
}
