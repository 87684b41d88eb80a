/**
 * Process helpers for the end-to-end tests: run a command with a time limit,
 * spawn a long-running child we own, and a cleanup registry that runs on
 * normal exit, on SIGINT/SIGTERM and on an uncaught error, so namespaces,
 * links and daemons never outlive the test process.
 */
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

export interface RunResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunOptions {
  /** Kill the command after this many ms (default 10 s). */
  readonly timeoutMs?: number;
  readonly env?: NodeJS.ProcessEnv;
  readonly input?: string | Buffer;
}

/** Runs a command; never throws for a non-zero exit (look at `code`). */
export function run(cmd: string, args: readonly string[], opts: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolveRun) => {
    const child = execFile(
      cmd,
      args as string[],
      { timeout: opts.timeoutMs ?? 10_000, killSignal: 'SIGKILL', env: opts.env ?? process.env, maxBuffer: 16 << 20 },
      (err, stdout, stderr) => {
        const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : null) : 0;
        resolveRun({ code, stdout: String(stdout), stderr: String(stderr) + (err && code === null ? `\n${err.message}` : '') });
      },
    );
    if (opts.input !== undefined) child.stdin?.end(opts.input);
    else child.stdin?.end();
  });
}

/** Runs a command and throws, with its output, unless it exits 0. */
export async function must(cmd: string, args: readonly string[], opts: RunOptions = {}): Promise<string> {
  const r = await run(cmd, args, opts);
  if (r.code !== 0) {
    throw new Error(`\`${cmd} ${args.join(' ')}\` exited ${r.code}: ${r.stderr.trim() || r.stdout.trim()}`);
  }
  return r.stdout;
}

/** Synchronous best effort (for exit handlers): ignores every failure. */
export function runSyncQuiet(cmd: string, args: readonly string[], env?: NodeJS.ProcessEnv): void {
  try {
    execFileSync(cmd, args as string[], { stdio: 'ignore', timeout: 5_000, env: env ?? process.env });
  } catch {
    /* best effort */
  }
}

/** Full path of an executable on PATH (plus the sbin dirs), or undefined. */
export function which(name: string): string | undefined {
  const dirs = (process.env['PATH'] ?? '').split(delimiter).concat(['/usr/sbin', '/sbin', '/usr/local/sbin']);
  for (const d of dirs) {
    if (!d) continue;
    const p = join(d, name);
    try {
      accessSync(p, constants.X_OK);
      return p;
    } catch {
      /* next */
    }
  }
  return undefined;
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Polls `check` every `everyMs` until it returns a truthy value or `timeoutMs` passes. */
export async function waitFor<T>(what: string, timeoutMs: number, check: () => T | Promise<T>, everyMs = 25): Promise<NonNullable<T>> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v as NonNullable<T>;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}

/** A short suffix unique to this process and call, for names shared with the kernel. */
export function uniqueTag(len = 5): string {
  const pid = process.pid.toString(36).slice(-2);
  let r = '';
  for (let i = 0; i < len - pid.length; i++) r += 'abcdefghijklmnopqrstuvwxyz0123456789'[Math.floor(Math.random() * 36)];
  return `${r}${pid}`;
}

// ---------------------------------------------------------------------------
// Cleanup registry

type SyncCleanup = () => void;
const pending = new Map<number, SyncCleanup>();
let nextId = 1;
let handlersInstalled = false;

function runAllSync(): void {
  // newest first: daemons and children before the namespaces they live in
  const ids = [...pending.keys()].sort((a, b) => b - a);
  for (const id of ids) {
    const fn = pending.get(id);
    pending.delete(id);
    try {
      fn?.();
    } catch {
      /* keep going */
    }
  }
}

function installHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.on('exit', runAllSync);
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(sig, () => {
      runAllSync();
      process.exit(128 + (sig === 'SIGINT' ? 2 : sig === 'SIGTERM' ? 15 : 1));
    });
  }
  process.on('uncaughtException', (err) => {
    runAllSync();
    process.stderr.write(`uncaught: ${err.stack ?? String(err)}\n`);
    process.exit(1);
  });
}

/**
 * Registers a synchronous last-resort cleanup (run at process exit or on a
 * signal). Returns a function that unregisters it once the normal, async
 * teardown has done the job.
 */
export function onExitCleanup(fn: SyncCleanup): () => void {
  installHandlers();
  const id = nextId++;
  pending.set(id, fn);
  return () => {
    pending.delete(id);
  };
}

// ---------------------------------------------------------------------------
// Child processes we own

export interface Child {
  readonly pid: number;
  readonly proc: ChildProcess;
  /** stdout+stderr so far (last 256 KiB). */
  output(): string;
  /** Resolves with the exit code (or signal name) once the child ended. */
  readonly exited: Promise<number | string>;
  readonly hasExited: () => boolean;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once it has ended. */
  stop(graceMs?: number): Promise<void>;
  /** SIGKILL and wait. */
  kill(): Promise<void>;
}

export function spawnChild(cmd: string, args: readonly string[], env?: NodeJS.ProcessEnv): Child {
  const proc = spawn(cmd, args as string[], { stdio: ['ignore', 'pipe', 'pipe'], env: env ?? process.env });
  if (proc.pid === undefined) throw new Error(`could not spawn ${cmd}`);
  const pid = proc.pid;
  let out = '';
  const keep = (b: Buffer) => {
    out += b.toString('utf8');
    if (out.length > 256 << 10) out = out.slice(-(256 << 10));
  };
  proc.stdout?.on('data', keep);
  proc.stderr?.on('data', keep);
  let done = false;
  const unregister = onExitCleanup(() => {
    if (!done) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    }
  });
  const exited = new Promise<number | string>((res) => {
    proc.once('exit', (code, signal) => {
      done = true;
      unregister();
      res(code ?? signal ?? 'unknown');
    });
  });
  const waitExit = async (ms: number) => {
    let t: NodeJS.Timeout | undefined;
    const r = await Promise.race([exited.then(() => true), new Promise<boolean>((res) => (t = setTimeout(() => res(false), ms)))]);
    if (t) clearTimeout(t);
    return r;
  };
  const signal = (s: NodeJS.Signals) => {
    if (done) return;
    try {
      process.kill(pid, s);
    } catch {
      /* gone */
    }
  };
  return {
    pid,
    proc,
    output: () => out,
    exited,
    hasExited: () => done,
    async stop(graceMs = 2_000) {
      if (done) return;
      signal('SIGTERM');
      if (await waitExit(graceMs)) return;
      signal('SIGKILL');
      await waitExit(5_000);
    },
    async kill() {
      if (done) return;
      signal('SIGKILL');
      await waitExit(5_000);
    },
  };
}

// ---------------------------------------------------------------------------
// Test scaffolding: time limits, teardown scopes, skip rules

/** Teardown steps collected during one test and run in reverse order. */
export class Scope {
  private readonly steps: Array<() => Promise<void> | void> = [];
  defer(step: () => Promise<void> | void): void {
    this.steps.push(step);
  }
  async close(): Promise<void> {
    const errors: unknown[] = [];
    while (this.steps.length) {
      const s = this.steps.pop()!;
      try {
        await s();
      } catch (e) {
        errors.push(e);
      }
    }
    if (errors.length) process.stderr.write(`teardown: ${errors.map(String).join('; ')}\n`);
  }
}

/**
 * Wraps a test body: gives it a Scope, fails it after `ms`, and always runs
 * the scope's teardown (also after a failure or a timeout).
 */
export function timed(ms: number, body: (scope: Scope) => Promise<void>): () => Promise<void> {
  return async () => {
    const scope = new Scope();
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        body(scope),
        new Promise<never>((_, rej) => {
          timer = setTimeout(() => rej(new Error(`test timed out after ${ms} ms`)), ms);
        }),
      ]);
    } finally {
      if (timer) clearTimeout(timer);
      await scope.close();
    }
  };
}

/** True when a skip must count as a failure (CI sets NODEFLOW_REQUIRE_E2E=1). */
export const requireE2E = process.env['NODEFLOW_REQUIRE_E2E'] === '1';
