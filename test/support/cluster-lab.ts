/**
 * A cluster lab: a private etcd and a private Open vSwitch (both in the
 * switch namespace), three `nodeflow start --cluster` instances there, and
 * bridges whose controller list names all three, over TLS (certificates
 * made with openssl) or plain TCP. Each bridge has two hosts. Everything is
 * torn down by the Scope. Used by the cluster end-to-end test and by the
 * failover measurement script (cluster-failover.ts).
 */
import { type Controller, startNodeflow, waitListening } from './controller.js';
import { PrivateEtcd } from './etcd.js';
import { addHost, type Host } from './netns.js';
import { PrivateOvs } from './ovs.js';
import { Pki } from './pki.js';
import { fileURLToPath } from 'node:url';
import { run, spawnChild, type Child, type Scope, uniqueTag, waitFor } from './sys.js';

const RELAY = fileURLToPath(new URL('./tcp-proxy.js', import.meta.url));

export interface ClusterLabOptions {
  readonly bridges: number;
  readonly instances: number;
  readonly tls: boolean;
  /** etcd lease TTL for the instances, s (the lab's etcd grants 1 s). */
  readonly leaseTtl?: number;
  /** This instance (1-based) reaches etcd through a TCP relay the test can freeze (`lab.relay`). */
  readonly relayFor?: number;
}

export interface Instance {
  readonly nodeId: string;
  readonly port: number;
  /** The etcd URL it is given (the relay's for a relayed instance). */
  readonly etcdUrl: string;
  controller: Controller;
}

export interface BridgeRoles {
  /** Roles OVS reports per controller target ('master', 'slave', 'other', or '' before it knows). */
  readonly byTarget: ReadonlyMap<string, string>;
  readonly masters: readonly string[];
}

export class ClusterLab {
  private constructor(
    readonly scope: Scope,
    readonly ovs: PrivateOvs,
    readonly etcd: PrivateEtcd,
    readonly instances: Instance[],
    readonly bridges: readonly string[],
    readonly hosts: readonly (Host & { bridge: string })[],
    readonly scheme: 'ssl' | 'tcp',
    private readonly args: readonly string[],
  ) {}

  /** The TCP relay between one instance and etcd (ClusterLabOptions.relayFor), or null. */
  relay: Child | null = null;

  static async build(scope: Scope, o: ClusterLabOptions): Promise<ClusterLab> {
    const ovs = await PrivateOvs.start();
    scope.defer(() => ovs.stop());
    const ns = ovs.netns.name;
    const etcd = await PrivateEtcd.start({ netns: ns });
    scope.defer(() => etcd.stop());
    const args: string[] = ['--lease-ttl', String(o.leaseTtl ?? 1), '--json-logs', '--summary-interval', '0'];
    if (o.tls) {
      const pki = new Pki();
      scope.defer(() => pki.remove());
      const ca = pki.ca('cluster');
      const c = ca.issue('nodeflow');
      const s = ca.issue('ovs');
      args.push('--tls-cert', c.cert, '--tls-key', c.key, '--tls-ca', ca.cert);
      await ovs.setSsl(s.key, s.cert, ca.cert);
    }
    const base = 20_000 + Math.floor(Math.random() * 9_000) * 2;
    const instances: Instance[] = [];
    const lab = new ClusterLab(scope, ovs, etcd, instances, [], [], o.tls ? 'ssl' : 'tcp', args);
    scope.defer(async () => {
      for (const i of instances) await i.controller.stop();
    });
    let relayUrl = '';
    if (o.relayFor !== undefined) {
      const etcdPort = Number(new URL(etcd.url).port);
      const relayPort = etcdPort + 10;
      const relay = spawnChild('ip', ['netns', 'exec', ns, process.execPath, RELAY, String(relayPort), String(etcdPort)]);
      lab.relay = relay;
      scope.defer(async () => {
        try {
          process.kill(relay.pid, 'SIGCONT');
        } catch {
          /* gone */
        }
        await relay.stop();
      });
      await waitFor('the etcd relay', 5_000, () => /relaying/.test(relay.output()));
      relayUrl = `http://127.0.0.1:${relayPort}`;
    }
    for (let k = 1; k <= o.instances; k++) {
      const inst: Instance = { nodeId: `n${k}`, port: base + k, etcdUrl: k === o.relayFor ? relayUrl : etcd.url, controller: null as unknown as Controller };
      instances.push(inst);
      inst.controller = lab.spawn(inst);
    }
    for (const i of instances) await waitListening(i.controller, ns);

    const tag = uniqueTag(6);
    const bridges: string[] = [];
    const hosts: (Host & { bridge: string })[] = [];
    for (let b = 1; b <= o.bridges; b++) {
      const br = `s${b}`;
      bridges.push(br);
      const mine: Host[] = [];
      for (let p = 1; p <= 2; p++) {
        const n = (b - 1) * 2 + p;
        const h = await addHost({ label: `h${n}`, nsName: `nf${tag}h${n}`, switchNs: ns, switchIf: `${br}h${n}`, cidr: `10.0.0.${n}/24`, mac: `02:00:00:00:00:${n.toString(16).padStart(2, '0')}` });
        scope.defer(() => h.ns.remove());
        mine.push(h);
        hosts.push({ ...h, bridge: br });
      }
      await ovs.addBridge({ name: br, version: '1.3', controllerPort: instances[0]!.port, dpid: b, scheme: lab.scheme });
      // every instance as a controller of the bridge, each reconnecting within a second
      const ids = instances.map((_, k) => `@c${k}`);
      const vs: string[] = [];
      instances.forEach((i, k) => vs.push('--', `--id=${ids[k]}`, 'create', 'controller', `target="${lab.target(i)}"`, 'max_backoff=1000'));
      await ovs.vsctl([...vs, '--', 'set', 'bridge', br, `controller=[${ids.join(',')}]`]);
      await ovs.addPorts(br, mine.map((h, k) => ({ ifname: h.switchIf, ofport: k + 1 })));
    }
    (lab as { bridges: readonly string[] }).bridges = bridges;
    (lab as { hosts: readonly (Host & { bridge: string })[] }).hosts = hosts;
    return lab;
  }

  target(i: Instance): string {
    return `${this.scheme}:127.0.0.1:${i.port}`;
  }

  private spawn(i: Instance): Controller {
    return startNodeflow(this.ovs.netns.name, i.port, '1.3', [...this.args, '--cluster', i.etcdUrl, '--node-id', i.nodeId], this.scheme === 'ssl' ? '--tls-port' : '--port');
  }

  /** Start an instance again (after a kill), same node id and port. */
  async restart(i: Instance): Promise<void> {
    i.controller = this.spawn(i);
    await waitListening(i.controller, this.ovs.netns.name);
  }

  instanceAt(target: string): Instance | undefined {
    return this.instances.find((i) => this.target(i) === target);
  }

  /** What OVS says: the role of each controller of each bridge. */
  async ovsRoles(): Promise<Map<string, BridgeRoles>> {
    const ctl = JSON.parse(await this.ovs.vsctl(['--format=json', '--columns=_uuid,target,role', 'list', 'controller'])) as { data: [[string, string], string, string | [string, unknown[]]][] };
    const byUuid = new Map<string, { target: string; role: string }>();
    for (const [[, uuid], target, role] of ctl.data) byUuid.set(uuid, { target, role: typeof role === 'string' ? role : '' });
    const brs = JSON.parse(await this.ovs.vsctl(['--format=json', '--columns=name,controller', 'list', 'bridge'])) as { data: [string, [string, unknown]][] };
    const out = new Map<string, BridgeRoles>();
    for (const [name, ref] of brs.data) {
      const uuids = ref[0] === 'uuid' ? [ref[1] as string] : (ref[1] as [string, string][]).map((x) => x[1]);
      const byTarget = new Map<string, string>();
      for (const u of uuids) {
        const c = byUuid.get(u);
        if (c) byTarget.set(c.target, c.role);
      }
      out.set(name, { byTarget, masters: [...byTarget].filter(([, r]) => r === 'master').map(([t]) => t) });
    }
    return out;
  }

  /** What etcd says: dpid (16 hex digits) -> node id holding masters/<dpid>. Through etcd's JSON gateway, inside the namespace. */
  async etcdMasters(): Promise<Map<string, string>> {
    const b64 = (s: string) => Buffer.from(s).toString('base64');
    const prefix = '/nodeflow/masters/';
    const end = prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
    const r = await run('ip', ['netns', 'exec', this.ovs.netns.name, 'curl', '-s', '-m', '2', '-X', 'POST', `${this.etcd.url}/v3/kv/range`, '-d', JSON.stringify({ key: b64(prefix), range_end: b64(end) })], { timeoutMs: 4000 });
    if (r.code !== 0) throw new Error(`etcd range failed: ${r.stderr}`);
    const kvs = (JSON.parse(r.stdout) as { kvs?: { key: string; value: string }[] }).kvs ?? [];
    return new Map(kvs.map((kv) => [Buffer.from(kv.key, 'base64').toString().slice(prefix.length), Buffer.from(kv.value, 'base64').toString()]));
  }

  /**
   * Waits until every bridge has exactly one MASTER in OVS and etcd names
   * the same instance; returns bridge -> master instance.
   */
  async waitOneMasterEach(timeoutMs = 20_000, accept: (bridge: string, master: Instance) => boolean = () => true): Promise<Map<string, Instance>> {
    let last = '';
    try {
      return await waitFor('one master per bridge, the same in OVS and etcd', timeoutMs, async () => {
        const roles = await this.ovsRoles();
        const etcd = await this.etcdMasters();
        const out = new Map<string, Instance>();
        last = [...roles].map(([b, r]) => `${b}: ${[...r.byTarget].map(([t, x]) => `${t}=${x || '?'}`).join(' ')}`).join('; ') + ` | etcd: ${[...etcd].map(([d, n]) => `${d}=${n}`).join(' ')}`;
        for (const [i, br] of this.bridges.entries()) {
          const r = roles.get(br);
          if (!r || r.masters.length !== 1) return undefined;
          const inst = this.instanceAt(r.masters[0]!);
          const dpid = (i + 1).toString(16).padStart(16, '0');
          if (!inst || etcd.get(dpid) !== inst.nodeId || !accept(br, inst)) return undefined;
          out.set(br, inst);
        }
        return out;
      }, 100);
    } catch (e) {
      throw new Error(`${(e as Error).message}\nlast seen: ${last}\n${this.diagnostics()}`);
    }
  }

  diagnostics(): string {
    return this.instances.map((i) => `--- ${i.nodeId} (${i.controller.child.hasExited() ? 'exited' : 'running'}) ---\n${i.controller.output().trimEnd().split('\n').slice(-12).join('\n')}`).join('\n')
      + `\n--- ovs-vswitchd.log ---\n${this.ovs.logTail(15)}`;
  }
}

/** JSON log records of an instance's output. */
export function logRecords(out: string): Record<string, unknown>[] {
  const recs: Record<string, unknown>[] = [];
  for (const line of out.split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      recs.push(JSON.parse(line) as Record<string, unknown>);
    } catch {
      /* partial line */
    }
  }
  return recs;
}
