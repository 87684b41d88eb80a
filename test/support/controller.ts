/**
 * Controllers for end-to-end tests, started inside the private switch
 * namespace (see ovs.ts) so the switches reach them on 127.0.0.1:
 * - nodeflow itself: `node <outDir>/cli/nodeflow.js start --port P --versions V`
 * - ovs-testcontroller (Debian openvswitch-testcontroller), the C learning
 *   switch from Open vSwitch, as a reference.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { OfVersion } from './ovs.js';
import { run, spawnChild, waitFor, which, type Child } from './sys.js';

/** The compiled CLI next to these compiled tests (override: NODEFLOW_CLI). */
export const NODEFLOW_CLI = process.env['NODEFLOW_CLI'] ?? fileURLToPath(new URL('../../cli/nodeflow.js', import.meta.url));

export interface Controller {
  readonly name: string;
  readonly port: number;
  readonly child: Child;
  /** Everything the controller printed so far. */
  output(): string;
  /** SIGTERM then SIGKILL. */
  stop(): Promise<void>;
  /** SIGKILL: a crash, as far as the switches can tell. */
  kill(): Promise<void>;
}

/**
 * A TCP port for a controller in a namespace we just created: nothing else
 * listens there, so any unprivileged port is free.
 */
export function pickPort(): number {
  return 20_000 + Math.floor(Math.random() * 40_000);
}

/**
 * Waits until something listens on 127.0.0.1:`port` in `netns` (checked with
 * `ss`, so no connection is made), failing early if the controller exits.
 * The switches must find the controller listening: OVS backs off 1, 2, 4, 8 s
 * between failed attempts (max_backoff does not cap the first ones).
 */
export async function waitListening(c: Controller, netns: string, timeoutMs = 30_000): Promise<void> {
  await waitFor(`${c.name} to listen on port ${c.port}`, timeoutMs, async () => {
    if (c.child.hasExited()) throw new Error(`${c.name} exited before listening:\n${c.output()}`);
    const r = await run('ip', ['netns', 'exec', netns, 'ss', '-Hltn', `sport = :${c.port}`]);
    return r.code === 0 && r.stdout.includes(`:${c.port}`);
  }, 30);
}

function wrap(name: string, port: number, child: Child): Controller {
  return { name, port, child, output: () => child.output(), stop: () => child.stop(), kill: () => child.kill() };
}

/** `extraArgs` go after the fixed options, e.g. ['--json-logs']. With `portOption` '--tls-port' the port is the TLS one (no plain TCP). */
export function startNodeflow(netns: string, port: number, version: OfVersion, extraArgs: readonly string[] = [], portOption: '--port' | '--tls-port' = '--port'): Controller {
  if (!existsSync(NODEFLOW_CLI)) throw new Error(`nodeflow CLI not built: ${NODEFLOW_CLI}`);
  const child = spawnChild('ip', ['netns', 'exec', netns, process.execPath, NODEFLOW_CLI, 'start', portOption, String(port), '--versions', version, ...extraArgs]);
  return wrap('nodeflow', port, child);
}

export const haveTestController = (): boolean => which('ovs-testcontroller') !== undefined;

/** `env` must carry the private OVS_RUNDIR (the tool creates its control socket there). */
export function startTestController(netns: string, port: number, env: NodeJS.ProcessEnv): Controller {
  const child = spawnChild('ip', ['netns', 'exec', netns, 'ovs-testcontroller', `ptcp:${port}:127.0.0.1`, '-vconsole:info'], env);
  return wrap('ovs-testcontroller', port, child);
}
