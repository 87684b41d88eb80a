/**
 * A `nodeflow start` child process on loopback for the hostile-switch suite:
 * started on a free port (--port 0, the port read from its `listening on`
 * line), watched for exit, with its open file descriptors and resident
 * memory read from /proc/<pid>.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The compiled CLI next to these compiled tests (override: NODEFLOW_CLI). */
export const CLI = process.env['NODEFLOW_CLI'] ?? fileURLToPath(new URL('../../cli/nodeflow.js', import.meta.url));

export interface ProcStats {
  /** Open file descriptors. */
  fds: number;
  /** Resident set size, KiB. */
  rssKiB: number;
}

export function procStats(pid: number): ProcStats {
  const fds = readdirSync(`/proc/${pid}/fd`).length;
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return { fds, rssKiB: m ? Number(m[1]) : -1 };
}

export interface RunningController {
  readonly port: number;
  readonly pid: number;
  readonly child: ChildProcess;
  /** Exit code/signal once it exited, else undefined. */
  exited(): { code: number | null; signal: NodeJS.Signals | null } | undefined;
  output(): string;
  stats(): ProcStats;
  stop(): Promise<void>;
}

export function haveController(): boolean {
  if (!existsSync(CLI)) return false;
  const start = fileURLToPath(new URL('../../cli/commands/start.js', import.meta.url));
  return existsSync(start) && !/not built yet/.test(readFileSync(start, 'utf8'));
}

/** Start the controller; resolves once it listens. Extra CLI options go in `args`. */
export async function startController(args: readonly string[] = [], timeoutMs = 10_000): Promise<RunningController> {
  const child = spawn(process.execPath, [CLI, 'start', '--host', '127.0.0.1', '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  const keep = (d: Buffer) => {
    out += d.toString();
    if (out.length > 1 << 20) out = out.slice(-(1 << 19)); // a flood of log lines must not grow the test's memory
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  child.on('exit', (code, signal) => { exit = { code, signal }; });
  const port = await new Promise<number>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`controller did not report listening in ${timeoutMs} ms:\n${out}`)), timeoutMs);
    const look = () => {
      const m = /listening on [^\s:]*:(\d+)/.exec(out);
      if (m) { clearTimeout(t); resolve(Number(m[1])); return true; }
      return false;
    };
    const onData = () => { if (look()) { child.stdout!.off('data', onData); child.stderr!.off('data', onData); } };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', () => { clearTimeout(t); reject(new Error(`controller exited before listening:\n${out}`)); });
  });
  const pid = child.pid!;
  return {
    port, pid, child,
    exited: () => exit,
    output: () => out,
    stats: () => procStats(pid),
    stop: async () => {
      if (exit) return;
      const done = new Promise<void>((r) => child.once('exit', () => r()));
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 3000);
      await done;
      clearTimeout(t);
    },
  };
}
