/**
 * A small network for end-to-end tests: a private Open vSwitch (ovs.ts), a
 * chain of bridges linked by patch ports, hosts in namespaces (netns.ts) and
 * a controller in the switch namespace (controller.ts). Everything it starts
 * is torn down by the Scope it was built in, also when the test fails.
 *
 * Numbering: bridge k is `s<k>` with datapath id k; its hosts use OpenFlow
 * ports 1, 2, ...; the patch port towards the next bridge is 20 and the one
 * towards the previous bridge is 10. Hosts are h1, h2, ... across all bridges
 * with IP 10.0.0.N/24 and MAC 02:00:00:00:00:NN. With `ring`, the last
 * bridge's port 20 is linked to the first bridge's port 10 as well (a loop:
 * see FIELD-NOTES "Rings and patch ports"); link i joins bridge i and bridge
 * i + 1 (mod the count), and cutLink / restoreLink take it out and put it back.
 */
import type { Test } from 'uvu';
import * as assert from 'uvu/assert';
import { type Controller, pickPort, startNodeflow, startTestController, waitListening } from './controller.js';
import { addHost, type Host } from './netns.js';
import { type Flow, isTableMiss, matchDlDst, outputPort, PrivateOvs, type OfVersion } from './ovs.js';
import { requireE2E, type Scope, uniqueTag, waitFor } from './sys.js';

export type ControllerKind = 'nodeflow' | 'ovs-testcontroller';

export interface LabHost extends Host {
  readonly bridge: string;
  readonly ofport: number;
}

export interface LabOptions {
  readonly version: OfVersion;
  /** Hosts per bridge, e.g. [3] (one bridge) or [2, 2] (two bridges in a chain). */
  readonly hostsPerBridge: readonly number[];
  readonly controller: ControllerKind;
  /** Extra `nodeflow start` options (nodeflow only), e.g. ['--json-logs']. */
  readonly controllerArgs?: readonly string[];
  /**
   * OpenFlow over TLS (nodeflow only): the controller's and the switch's
   * files. The controller listens with --tls-port on the lab's port, the
   * bridges use `ssl:127.0.0.1:PORT` after `ovs-vsctl set-ssl`.
   */
  readonly tls?: {
    readonly controller: { readonly cert: string; readonly key: string; readonly ca: string };
    readonly switch: { readonly cert: string; readonly key: string; readonly ca: string };
  };
  /** Close the chain into a ring (needs 3 or more bridges). */
  readonly ring?: boolean;
}

export const PATCH_PREV = 10;
export const PATCH_NEXT = 20;

export class Lab {
  controller: Controller;
  private constructor(
    readonly opts: LabOptions,
    readonly ovs: PrivateOvs,
    readonly port: number,
    readonly bridges: readonly string[],
    readonly hosts: readonly LabHost[],
    controller: Controller,
  ) {
    this.controller = controller;
  }

  static async build(scope: Scope, opts: LabOptions): Promise<Lab> {
    const ovs = await PrivateOvs.start();
    scope.defer(() => ovs.stop());
    const port = pickPort();
    const controllers: Controller[] = [];
    scope.defer(async () => {
      for (const c of controllers) await c.stop();
    });
    const startCtl = () => {
      const t = opts.tls?.controller;
      const args = [...(opts.controllerArgs ?? []), ...(t ? ['--tls-cert', t.cert, '--tls-key', t.key, '--tls-ca', t.ca] : [])];
      const c = opts.controller === 'nodeflow' ? startNodeflow(ovs.netns.name, port, opts.version, args, t ? '--tls-port' : '--port') : startTestController(ovs.netns.name, port, ovs.env);
      controllers.push(c);
      return c;
    };
    const controller = startCtl();

    const tag = uniqueTag(6);
    const bridges = opts.hostsPerBridge.map((_, i) => `s${i + 1}`);
    const specs: Array<{ label: string; bridge: string; ofport: number; n: number }> = [];
    let n = 0;
    opts.hostsPerBridge.forEach((count, bi) => {
      for (let p = 1; p <= count; p++) {
        n++;
        specs.push({ label: `h${n}`, bridge: bridges[bi]!, ofport: p, n });
      }
    });
    const hosts = await Promise.all(
      specs.map(async (s) => {
        const h = await addHost({
          label: s.label,
          nsName: `nf${tag}h${s.n}`,
          switchNs: ovs.netns.name,
          switchIf: `${s.bridge}${s.label}`,
          cidr: `10.0.0.${s.n}/24`,
          mac: `02:00:00:00:00:${s.n.toString(16).padStart(2, '0')}`,
        });
        scope.defer(() => h.ns.remove());
        return { ...h, bridge: s.bridge, ofport: s.ofport } as LabHost;
      }),
    );
    await waitListening(controller, ovs.netns.name);
    if (opts.tls) await ovs.setSsl(opts.tls.switch.key, opts.tls.switch.cert, opts.tls.switch.ca);
    for (const [i, br] of bridges.entries()) {
      await ovs.addBridge({ name: br, version: opts.version, controllerPort: port, dpid: i + 1, scheme: opts.tls ? 'ssl' : 'tcp' });
      await ovs.addPorts(br, hosts.filter((h) => h.bridge === br).map((h) => ({ ifname: h.switchIf, ofport: h.ofport })));
    }
    if (opts.ring && bridges.length < 3) throw new Error('a ring needs 3 or more bridges');
    const links = opts.ring ? bridges.length : bridges.length - 1;
    for (let i = 0; i < links; i++) await ovs.addPatch(...ringLink(bridges, i));
    const lab = new Lab(opts, ovs, port, bridges, hosts, controller);
    lab.restartHook = startCtl;
    await lab.waitReady();
    return lab;
  }

  private restartHook: () => Controller = () => {
    throw new Error('not built');
  };

  /**
   * Waits until every bridge has a new controller connection (compared with
   * `before`) and, for OpenFlow 1.3 and later, a table-miss flow: from 1.3 on the
   * controller must install it before any packet can reach it.
   */
  async waitReady(before?: ReadonlyMap<string, number>, timeoutMs = 30_000): Promise<void> {
    try {
      await this.ovs.waitConnected(this.bridges, timeoutMs, before, () => (this.controller.child.hasExited() ? `${this.controller.name} exited` : undefined));
    } catch (e) {
      throw new Error(`${(e as Error).message}\n${this.controllerReport()}`);
    }
    if (this.opts.version !== '1.0') {
      for (const br of this.bridges) {
        await waitFor(`a table-miss flow on ${br} (priority 0, actions=CONTROLLER)`, 15_000, async () => (await this.ovs.dumpFlows(br)).some(isTableMiss)).catch((e: Error) => {
          throw new Error(`${e.message}\n${this.diagnostics()}`);
        });
      }
    }
  }

  /** Starts a new controller process on the same port (the old one must be gone) and waits until it listens. */
  async restartController(): Promise<Controller> {
    this.controller = this.restartHook();
    await waitListening(this.controller, this.ovs.netns.name);
    return this.controller;
  }

  controllerReport(): string {
    const c = this.controller;
    const status = c.child.hasExited() ? 'has EXITED' : 'is running';
    return `--- ${c.name} (port ${c.port}) ${status}; output tail ---\n${c.output().trimEnd().split('\n').slice(-20).join('\n')}`;
  }

  /** Controller output and vswitchd log tails, for failure messages. */
  diagnostics(): string {
    return `${this.controllerReport()}\n--- ovs-vswitchd.log tail ---\n${this.ovs.logTail(20)}`;
  }

  /** Take link i (bridge i to bridge i + 1, mod the count) out: both patch ports are deleted (each bridge sends PORT_STATUS DELETE). */
  async cutLink(i: number): Promise<void> {
    const [a, b] = ringLink(this.bridges, i);
    await this.ovs.deletePatch(a.bridge, b.bridge);
  }

  /** Put link i back (the same patch ports and port numbers). */
  async restoreLink(i: number): Promise<void> {
    await this.ovs.addPatch(...ringLink(this.bridges, i));
  }

  hostsOn(bridge: string): LabHost[] {
    return this.hosts.filter((h) => h.bridge === bridge);
  }

  /**
   * The OpenFlow port on `bridge` that leads to `host`: its own port when it
   * is attached there, else the patch port in its direction.
   */
  portTowards(bridge: string, host: LabHost): number {
    if (host.bridge === bridge) return host.ofport;
    return this.bridges.indexOf(host.bridge) > this.bridges.indexOf(bridge) ? PATCH_NEXT : PATCH_PREV;
  }
}

/** The patch ports of link i: bridge i's PATCH_NEXT to bridge i + 1's PATCH_PREV (mod the count). */
function ringLink(bridges: readonly string[], i: number): [{ bridge: string; ofport: number }, { bridge: string; ofport: number }] {
  return [{ bridge: bridges[i % bridges.length]!, ofport: PATCH_NEXT }, { bridge: bridges[(i + 1) % bridges.length]!, ofport: PATCH_PREV }];
}

/**
 * What a learning switch must have installed on `bridge` after every host
 * pinged every other: for each pair (a, b) whose path crosses this bridge on
 * two different ports, a flow matching in_port = port towards a and
 * dl_dst = b's MAC whose actions output to the port towards b. Also: no flow
 * for b's MAC outputs anywhere else. Returns the problems found.
 */
export function learnedFlowProblems(lab: Pick<Lab, 'hosts' | 'portTowards'>, bridge: string, flows: readonly Flow[]): string[] {
  const problems: string[] = [];
  for (const a of lab.hosts) {
    for (const b of lab.hosts) {
      if (a === b) continue;
      const inPort = lab.portTowards(bridge, a);
      const outPort = lab.portTowards(bridge, b);
      if (inPort === outPort) continue;
      const hit = flows.find((f) => matchDlDst(f) === b.mac && f.match['in_port'] === String(inPort) && f.actions.some((x) => outputPort(x) === outPort));
      if (!hit) problems.push(`${bridge}: no flow in_port=${inPort},dl_dst=${b.mac} -> output:${outPort} (${a.label}->${b.label})`);
    }
  }
  for (const f of flows) {
    const dst = matchDlDst(f);
    const b = lab.hosts.find((h) => h.mac === dst);
    if (!b) continue;
    const want = lab.portTowards(bridge, b);
    const outs = f.actions.map(outputPort).filter((p): p is number => p !== undefined);
    if (outs.some((p) => p !== want)) problems.push(`${bridge}: flow for ${b.label}'s MAC outputs to ${outs.join(',')}, expected only ${want}: ${f.raw}`);
  }
  return problems;
}

/** Asserts, adding the lab's diagnostics to the failure message. */
export function check(lab: Lab, ok: boolean, msg: string): void {
  assert.ok(ok, ok ? msg : `${msg}\n${lab.diagnostics()}`);
}

/**
 * Applies the skip rule: prints `SKIPPED: <reason>` and, when
 * NODEFLOW_REQUIRE_E2E=1, registers a failing test instead. Returns true
 * when the suite's real tests should be registered.
 */
export function guard(s: Test, reason: string | undefined): boolean {
  if (reason === undefined) return true;
  process.stdout.write(`SKIPPED: ${reason}\n`);
  if (requireE2E) {
    s('end-to-end prerequisites (NODEFLOW_REQUIRE_E2E=1)', () => {
      assert.unreachable(`end-to-end tests required but skipped: ${reason}`);
    });
  }
  return false;
}
