/**
 * A private etcd for cluster tests (Debian `etcd-server`): one member on
 * loopback, free ports, its own data directory, removed afterwards, killed by
 * the exit handler if the test dies first. Optionally inside a network
 * namespace (the OVS lab's, so controllers there reach it on 127.0.0.1).
 *
 * Heartbeat 50 ms / election timeout 500 ms: etcd's smallest lease TTL is
 * 1.5 election timeouts rounded up to whole seconds, so this member grants
 * 1 s leases (with etcd's defaults it would be 2 s).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run, spawnChild, waitFor, which, type Child } from './sys.js';

export const etcdUnavailable = (): string | undefined => (which('etcd') ? undefined : 'etcd not installed (Debian: etcd-server)');

export class PrivateEtcd {
  private constructor(readonly url: string, readonly child: Child, readonly dir: string, private readonly netns?: string) {}

  /** `netns`: run inside that namespace; `port`: client port (a random high one by default). */
  static async start(opts: { netns?: string; port?: number } = {}): Promise<PrivateEtcd> {
    const dir = mkdtempSync(join(tmpdir(), 'nodeflow-etcd-'));
    // a fresh namespace has nothing listening; on the host, random high ports rarely clash and a clash fails loudly below
    const client = opts.port ?? 30_000 + Math.floor(Math.random() * 20_000);
    const peer = client + 1;
    const url = `http://127.0.0.1:${client}`;
    const args = [
      '--name', 'nf', '--data-dir', join(dir, 'data'),
      '--listen-client-urls', url, '--advertise-client-urls', url,
      '--listen-peer-urls', `http://127.0.0.1:${peer}`, '--initial-advertise-peer-urls', `http://127.0.0.1:${peer}`,
      '--initial-cluster', `nf=http://127.0.0.1:${peer}`, '--heartbeat-interval', '50', '--election-timeout', '500',
      '--log-level', 'warn',
    ];
    const child = opts.netns ? spawnChild('ip', ['netns', 'exec', opts.netns, 'etcd', ...args]) : spawnChild('etcd', args);
    const e = new PrivateEtcd(url, child, dir, opts.netns);
    try {
      await waitFor('etcd to be healthy', 15_000, async () => {
        if (child.hasExited()) throw new Error(`etcd exited:\n${child.output()}`);
        return e.healthy();
      }, 100);
    } catch (err) {
      await e.stop();
      throw err;
    }
    return e;
  }

  /** `curl /health` in the right namespace. */
  async healthy(): Promise<boolean> {
    const curl = ['curl', '-s', '-m', '1', `${this.url}/health`];
    const r = this.netns ? await run('ip', ['netns', 'exec', this.netns, ...curl], { timeoutMs: 3000 }) : await run(curl[0]!, curl.slice(1), { timeoutMs: 3000 });
    return r.code === 0 && r.stdout.includes('"health":"true"');
  }

  /** etcd as a process that stops answering (SIGSTOP) and comes back (SIGCONT). */
  pause(): void {
    process.kill(this.child.pid, 'SIGSTOP');
  }
  resume(): void {
    process.kill(this.child.pid, 'SIGCONT');
  }

  async stop(): Promise<void> {
    try {
      process.kill(this.child.pid, 'SIGCONT');
    } catch {
      /* gone */
    }
    await this.child.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
