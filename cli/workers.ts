/**
 * `nodeflow start --workers N`: spread switch connections over N processes
 * with Node's cluster module. The primary only owns the listening socket and
 * hands each accepted connection to a worker (round-robin, Node's default on
 * Linux); each worker runs a whole controller with its own apps, so a switch
 * lives on exactly one worker and app state is per switch, as with one
 * process. Workers are plain re-runs of the same command line (cluster.fork
 * reuses process.argv) that report their address over IPC instead of
 * printing it.
 */
import cluster, { type Worker } from 'node:cluster';

export const WORKER_ENV = 'NODEFLOW_WORKER_ID';

/** The worker number (1..N) of this process, or 0 in a single process / the primary. */
export function workerId(): number {
  return cluster.isWorker ? Number(process.env[WORKER_ENV] ?? cluster.worker?.id ?? 0) : 0;
}

/** Messages a worker sends the primary. */
export interface ListeningMessage { kind: 'nodeflow:listening'; host: string; port: number }

export function announceListening(host: string, port: number): void {
  const msg: ListeningMessage = { kind: 'nodeflow:listening', host, port };
  process.send?.(msg);
}

/** Prefix a worker's log lines with its number so interleaved output stays readable. */
export function tagLogLine(id: number, line: string): string {
  if (id === 0) return line;
  return line.startsWith('{') ? `{"worker":${id},${line.slice(1)}` : `[w${id}] ${line}`;
}

/**
 * Run the primary: fork `n` workers, print `listening on HOST:PORT` once all
 * listen, restart a worker that dies unexpectedly, and on SIGINT/SIGTERM stop
 * every worker and exit 0.
 */
export function runPrimary(n: number, onAllListening?: () => void): void {
  let listening = 0;
  let stopping = false;
  let started = false;
  const ids = new Map<Worker, number>();
  const fork = (id: number) => {
    const w = cluster.fork({ [WORKER_ENV]: String(id) });
    ids.set(w, id);
    w.on('message', (m: ListeningMessage) => {
      if (m?.kind !== 'nodeflow:listening') return;
      listening++;
      if (listening === n) {
        process.stdout.write(`listening on ${m.host}:${m.port} (${n} workers)\n`);
        if (!started) {
          started = true;
          onAllListening?.();
        }
      }
    });
  };
  cluster.on('exit', (w, code, signal) => {
    const id = ids.get(w) ?? 0;
    ids.delete(w);
    if (stopping) {
      if (ids.size === 0) process.exit(0);
      return;
    }
    if (listening < n) {
      // A worker that cannot even start (bad port, bad app) would fail again: give up like a single process would.
      process.stderr.write(`nodeflow start: worker ${id} exited during start-up (code ${code ?? signal}); stopping\n`);
      stopping = true;
      for (const other of ids.keys()) other.process.kill('SIGTERM');
      if (ids.size === 0) process.exit(code || 1);
      process.exitCode = code || 1;
      return;
    }
    process.stderr.write(`nodeflow start: worker ${id} died (code ${code ?? signal}); restarting it\n`);
    listening--;
    fork(id);
  });
  const stop = () => {
    if (stopping) return;
    stopping = true;
    if (ids.size === 0) process.exit(0);
    for (const w of ids.keys()) w.process.kill('SIGTERM');
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  for (let i = 1; i <= n; i++) fork(i);
}
