/**
 * `nodeflow start`: run the controller with apps until SIGINT/SIGTERM.
 * Prints `listening on HOST:PORT` once the socket is bound (scripts can wait
 * for that line; with --port 0 it carries the chosen port). Bad options exit 2.
 */
import { Command, InvalidArgumentError, Option } from 'commander';
import { Controller, DEFAULT_PORT } from '../../controller/server.js';
import { Logger, LOG_LEVELS, type LogLevel } from '../../controller/log.js';
import { loadApps } from '../../controller/load.js';
import { DEFAULT_MAX_MACS } from '../../controller/apps/learning-switch.js';
import type { App } from '../../controller/app.js';
import { OFP10, OFP13, OFP14, OFP15, versionLabel } from '../../controller/protocol.js';
import cluster from 'node:cluster';
import { announceListening, runPrimary, tagLogLine, workerId } from '../workers.js';
import { parseListen } from '../../controller/http/listen.js';
// the HTTP layer (fastify, prom-client) is imported only with --http: a controller without it loads none of it
type HttpModules = [typeof import('../../controller/http/attach.js'), typeof import('../../controller/http/cluster.js')];
const httpModules = (): Promise<HttpModules> => Promise.all([import('../../controller/http/attach.js'), import('../../controller/http/cluster.js')]);

function listenAddress(v: string): { host: string; port: number } {
  try {
    return parseListen(v);
  } catch (e) {
    throw new InvalidArgumentError(e instanceof Error ? e.message : String(e));
  }
}

function intIn(name: string, min: number, max: number) {
  return (v: string): number => {
    if (!/^\d+$/.test(v.trim())) throw new InvalidArgumentError(`${name} must be a whole number from ${min} to ${max}.`);
    const n = Number(v);
    if (n < min || n > max) throw new InvalidArgumentError(`${name} must be from ${min} to ${max}.`);
    return n;
  };
}

function seconds(name: string, min: number) {
  return (v: string): number => {
    const n = Number(v);
    if (v.trim() === '' || !Number.isFinite(n) || n < min) throw new InvalidArgumentError(`${name} must be a number of seconds >= ${min}.`);
    return n;
  };
}

function parseVersions(v: string): number[] {
  const out: number[] = [];
  for (const part of v.split(',').map((s) => s.trim()).filter(Boolean)) {
    if (part === '1.0' || part === '1') out.push(OFP10);
    else if (part === '1.3') out.push(OFP13);
    else if (part === '1.4') out.push(OFP14);
    else if (part === '1.5') out.push(OFP15);
    else throw new InvalidArgumentError(`unsupported OpenFlow version '${part}' (supported: 1.0, 1.3, 1.4, 1.5).`);
  }
  if (out.length === 0) throw new InvalidArgumentError('give at least one version (1.0, 1.3, 1.4, 1.5).');
  return [...new Set(out)].sort((a, b) => a - b);
}

function collect(v: string, prev: string[]): string[] {
  return [...prev, v];
}

interface StartOptions {
  host: string;
  port: number;
  app: string[];
  versions: number[];
  idleTimeout: number;
  maxMacs: number;
  missSendLen: number;
  echoInterval: number;
  echoTimeout: number;
  handshakeTimeout: number;
  summaryInterval: number;
  logLevel: LogLevel;
  jsonLogs: boolean;
  workers: number;
  busyPoll: number;
  http?: { host: string; port: number };
  httpToken?: string;
  lldpInterval: number;
  linkTimeout?: number;
}

export function registerStart(program: Command): void {
  program
    .command('start')
    .description('run the OpenFlow controller (default app: learning-switch)')
    .option('--host <host>', 'address to listen on', '0.0.0.0')
    .option('--port <port>', `TCP port (0 = any free port)`, intIn('--port', 0, 65535), DEFAULT_PORT)
    .option('--app <name|path>', 'app to run, in order (repeatable): learning-switch, hub, topology, forwarding (brings topology), or a module path', collect, [])
    .option('--versions <list>', 'OpenFlow versions to speak', parseVersions, [OFP10, OFP13])
    .option('--lldp-interval <s>', 'topology app: seconds between LLDP probe rounds', seconds('--lldp-interval', 0.05), 1)
    .option('--link-timeout <s>', 'topology app: seconds without a probe before a link is dropped (default 3.5 probe intervals)', seconds('--link-timeout', 0.1))
    .option('--idle-timeout <s>', 'idle timeout of flows installed by the learning switch', intIn('--idle-timeout', 0, 65535), 60)
    .option('--max-macs <n>', 'learning switch MAC table bound per switch', intIn('--max-macs', 1, 100_000_000), DEFAULT_MAX_MACS)
    .option('--miss-send-len <n>', 'bytes of a table-miss packet sent to the controller (SET_CONFIG)', intIn('--miss-send-len', 0, 65535), 128)
    .option('--echo-interval <s>', 'seconds without input before sending ECHO_REQUEST', seconds('--echo-interval', 0.01), 5)
    .option('--echo-timeout <s>', 'seconds to wait for an answer before dropping a switch', seconds('--echo-timeout', 0.01), 10)
    .option('--handshake-timeout <s>', 'seconds a new connection has to finish the handshake', seconds('--handshake-timeout', 0.01), 15)
    .option('--summary-interval <s>', 'seconds between summary lines (0 = none)', seconds('--summary-interval', 0), 10)
    .addOption(new Option('--log-level <level>', 'log level').choices(LOG_LEVELS as string[]).default('info'))
    .option('--json-logs', 'log JSON lines', false)
    .option('--workers <n>', 'processes to spread switch connections over (1 = this process only)', intIn('--workers', 1, 256), 1)
    .option('--busy-poll <us>', 'keep polling this many microseconds after each read instead of sleeping: lower round-trip latency for up to a core of CPU while traffic flows (0 = off)', intIn('--busy-poll', 0, 1_000_000), 0)
    .option('--http <[host:]port>', 'serve the REST API, /metrics and the web view on this address (host defaults to 127.0.0.1; off unless given)', listenAddress)
    .option('--http-token <token>', 'bearer token that HTTP writes must carry (default: $NODEFLOW_HTTP_TOKEN; without one, writes are refused)')
    .action(async (opts: StartOptions) => {
      const httpToken = opts.httpToken ?? process.env['NODEFLOW_HTTP_TOKEN'];
      const appOptions = { idleTimeout: opts.idleTimeout, maxMacs: opts.maxMacs, lldpInterval: opts.lldpInterval, linkTimeout: opts.linkTimeout };
      const specs = opts.app.length > 0 ? opts.app : ['learning-switch'];
      let apps: App[] = [];
      try {
        apps = await loadApps(specs, appOptions);
      } catch (e) {
        process.stderr.write(`nodeflow start: ${e instanceof Error ? e.message : String(e)}\n`);
        process.exit(2);
      }
      // each worker would see only its own switches: a probe that crosses to another worker's
      // switch would look foreign, links would go unseen and forwarding would flood into loops
      if (opts.workers > 1 && apps.some((a) => a.name === 'topology')) {
        process.stderr.write('nodeflow start: the topology service (and forwarding) must see every switch: use --workers 1\n');
        process.exit(2);
      }
      if (opts.workers > 1 && cluster.isPrimary) {
        const http = opts.http;
        const mods = http === undefined ? undefined : await httpModules();
        runPrimary(opts.workers, http === undefined || mods === undefined ? undefined : () => {
          const [, { serveCluster }] = mods;
          const logger = new Logger({ level: opts.logLevel, json: opts.jsonLogs, write: (line) => void process.stdout.write(line) });
          serveCluster({ ...http, token: httpToken, logger }).then(
            (a) => process.stdout.write(`http on http://${a.host.includes(':') ? `[${a.host}]` : a.host}:${a.port}\n`),
            (e) => {
              process.stderr.write(`nodeflow start: cannot serve HTTP on ${http.host}:${http.port}: ${e instanceof Error ? e.message : String(e)}\n`);
              process.kill(process.pid, 'SIGTERM');
            },
          );
        });
        return;
      }
      const wid = workerId();
      const logger = new Logger({
        level: opts.logLevel, json: opts.jsonLogs, write: (line) => void process.stdout.write(tagLogLine(wid, line)),
      });
      const mods = opts.http !== undefined ? await httpModules() : undefined;
      const parts = mods !== undefined ? new mods[0].HttpParts() : undefined;
      if (parts) apps.push(...parts.apps);
      const ctl = new Controller({
        host: opts.host, port: opts.port, versions: opts.versions, apps, logger, missSendLen: opts.missSendLen,
        echoInterval: opts.echoInterval, echoTimeout: opts.echoTimeout, handshakeTimeout: opts.handshakeTimeout,
        summaryInterval: opts.summaryInterval, busyPollUs: opts.busyPoll,
      });
      let addr: { host: string; port: number };
      try {
        addr = await ctl.start();
      } catch (e) {
        process.stderr.write(`nodeflow start: cannot listen on ${opts.host}:${opts.port}: ${e instanceof Error ? e.message : String(e)}\n`);
        process.exit(1);
      }
      // apps without a name (module apps) are shown by their class, or as 'app'
      const names = apps.map((a) => a.name ?? (a.constructor !== Object ? a.constructor.name : 'app')).join(', ');
      let stopHttp = async (): Promise<void> => {};
      if (parts && mods && wid) mods[1].serveWorker(ctl, parts, wid);
      else if (parts && mods && opts.http) {
        try {
          const h = await mods[0].serveLocal(ctl, parts, { ...opts.http, token: httpToken, logger });
          stopHttp = () => h.app.close();
          process.stdout.write(`http on http://${h.host.includes(':') ? `[${h.host}]` : h.host}:${h.port}\n`);
        } catch (e) {
          process.stderr.write(`nodeflow start: cannot serve HTTP on ${opts.http.host}:${opts.http.port}: ${e instanceof Error ? e.message : String(e)}\n`);
          await ctl.stop();
          process.exit(1);
        }
      }
      if (wid) announceListening(addr.host, addr.port);
      else process.stdout.write(`listening on ${addr.host}:${addr.port}\n`);
      logger.info('controller started', {
        address: `${addr.host}:${addr.port}`, versions: opts.versions.map(versionLabel).join(','), apps: names, pid: process.pid,
        ...(wid ? { worker: wid } : {}),
      });
      let stopping = false;
      const shutdown = (signal: string) => {
        if (stopping) return;
        stopping = true;
        logger.info('shutting down', { signal, switches: ctl.registry.size });
        stopHttp().catch(() => {}).then(() => ctl.stop()).then(
          () => process.exit(0),
          (e) => {
            logger.error('shutdown failed', { error: e instanceof Error ? e.message : String(e) });
            process.exit(1);
          },
        );
      };
      process.on('SIGINT', () => shutdown('SIGINT'));
      process.on('SIGTERM', () => shutdown('SIGTERM'));
    });
}
