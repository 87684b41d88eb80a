/**
 * HTTP requests to a controller that runs inside a lab's network namespace
 * (test/support/lab.ts): the test process is outside it, so requests go
 * through `ip netns exec NS curl`, as a user would run curl next to the
 * controller.
 */
import { run } from './sys.js';

export interface CurlResult {
  status: number;
  body: string;
  json<T = unknown>(): T;
}

export async function curl(netns: string, url: string, opts: { method?: string; headers?: Record<string, string>; body?: unknown } = {}): Promise<CurlResult> {
  const args = ['netns', 'exec', netns, 'curl', '-sS', '--max-time', '15', '-o', '-', '-w', '\n%{http_code}', '-X', opts.method ?? 'GET'];
  for (const [k, v] of Object.entries(opts.headers ?? {})) args.push('-H', `${k}: ${v}`);
  if (opts.body !== undefined) args.push('-H', 'content-type: application/json', '--data-binary', typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body));
  args.push(url);
  const r = await run('ip', args, { timeoutMs: 20_000 });
  if (r.code !== 0) throw new Error(`curl ${url} failed (exit ${r.code}): ${r.stderr}`);
  const i = r.stdout.lastIndexOf('\n');
  const body = r.stdout.slice(0, i);
  return { status: Number(r.stdout.slice(i + 1)), body, json: <T>() => JSON.parse(body) as T };
}
