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
import { OFP10, OFP13, SPOKEN_VERSIONS, versionLabel } from '../../controller/protocol.js';
import { parseVersionName, versionSpellings } from '../../codec/version-names.js';
import { ADMISSION_DEFAULTS } from '../../controller/admission/gate.js';
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
import { loadTlsMaterial, TlsConfigError, type TlsMaterial } from '../../controller/tls/files.js';
// the cluster (etcd3 and its gRPC stack) is imported only with --cluster
import type { Cluster } from '../../controller/cluster/cluster.js';

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

/** --request-timeout: a positive number of seconds that fits a timer (about 24 days). */
function requestSeconds(v: string): number {
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n) || n < 0.001 || n * 1000 > 0x7fffffff) {
    throw new InvalidArgumentError('--request-timeout must be a number of seconds from 0.001 to 2147483.');
  }
  return n;
}

const SUPPORTED = SPOKEN_VERSIONS.map(versionLabel).join(', ');
/** What the controller speaks unless told otherwise (as the Controller's own default). */
const DEFAULT_VERSIONS: readonly number[] = [OFP10, OFP13];

/** A comma-separated list of version names in any spelling of codec/version-names.ts (1.3, 4, OpenFlow13, of13). */
function parseVersions(v: string): number[] {
  const out: number[] = [];
  for (const part of v.split(',').map((s) => s.trim()).filter(Boolean)) {
    const wire = parseVersionName(part);
    if (wire === undefined) throw new InvalidArgumentError(`'${part}' is not an OpenFlow version (write 1.3, 4, OpenFlow13 or of13; supported: ${SUPPORTED}).`);
    if (!SPOKEN_VERSIONS.includes(wire)) throw new InvalidArgumentError(`OpenFlow ${versionLabel(wire)} is not supported by the controller (supported: ${SUPPORTED}).`);
    out.push(wire);
  }
  if (out.length === 0) throw new InvalidArgumentError(`give at least one version (${SUPPORTED}).`);
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
  maxHandshakes: number;
  perSourceRate: number;
  perSourceBurst: number;
  globalRate: number;
  globalBurst: number;
  acceptsPerTurn: number;
  requestTimeout: number;
  maxRequests: number;
  http?: { host: string; port: number };
  httpToken?: string;
  lldpInterval: number;
  linkTimeout?: number;
  tlsCert?: string;
  tlsKey?: string;
  tlsCa?: string;
  tlsPort: number;
  cluster?: string;
  nodeId?: string;
  leaseTtl: number;
}

function usage(msg: string): never {
  process.stderr.write(`nodeflow start: ${msg}\n`);
  process.exit(2);
}

/** The TLS files, all three or none; exits 2 with the reason when they are incomplete or unusable. */
function tlsFrom(opts: StartOptions): TlsMaterial | undefined {
  const given = [opts.tlsCert, opts.tlsKey, opts.tlsCa].filter((v) => v !== undefined).length;
  if (given === 0) return undefined;
  if (given !== 3) usage('TLS needs all of --tls-cert, --tls-key and --tls-ca');
  try {
    return loadTlsMaterial({ cert: opts.tlsCert!, key: opts.tlsKey!, ca: opts.tlsCa! });
  } catch (e) {
    if (e instanceof TlsConfigError) usage(e.message);
    throw e;
  }
}

export function registerStart(program: Command): void {
  program
    .command('start')
    .option('--host <host>', 'address to listen on', '0.0.0.0')
    .option('--port <port>', `TCP port (0 = any free port)`, intIn('--port', 0, 65535), DEFAULT_PORT)
    .option('--app <name|path>', 'app to run, in order (repeatable): learning-switch, hub, topology, forwarding (brings topology), or a module path', collect, [])
    .addOption(new Option('--versions <list>', `OpenFlow versions to speak, comma-separated (${SUPPORTED}; spellings: ${versionSpellings(OFP13)}, and so on)`)
      .argParser(parseVersions).default([...DEFAULT_VERSIONS], DEFAULT_VERSIONS.map(versionLabel).join(',')))
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
    .option('--request-timeout <s>', 'seconds an app request (sw.request, stats, flows) waits for its reply', requestSeconds, 10)
    .option('--max-requests <n>', 'app requests in flight per switch before more are refused', intIn('--max-requests', 1, 1_000_000), 256)
    .option('--busy-poll <us>', 'keep polling this many microseconds after each read instead of sleeping: lower round-trip latency for up to a core of CPU while traffic flows (0 = off)', intIn('--busy-poll', 0, 1_000_000), 0)
    .option('--max-handshakes <n>', 'connections that may be in their handshake at once; more are reset', intIn('--max-handshakes', 1, 1_000_000), ADMISSION_DEFAULTS.maxHandshakes)
    .option('--per-source-rate <n>', 'new connections a second one source address may open after its burst (0 = no limit)', intIn('--per-source-rate', 0, 1_000_000), ADMISSION_DEFAULTS.perSourceRate)
    .option('--per-source-burst <n>', 'new connections one source address may open at once', intIn('--per-source-burst', 1, 1_000_000), ADMISSION_DEFAULTS.perSourceBurst)
    .option('--global-rate <n>', 'new connections a second admitted over all source addresses after the global burst (0 = no limit); the last half of it only for sources that have been quiet', intIn('--global-rate', 0, 1_000_000), ADMISSION_DEFAULTS.globalRate)
    .option('--global-burst <n>', 'new connections admitted at once over all source addresses', intIn('--global-burst', 1, 1_000_000), ADMISSION_DEFAULTS.globalBurst)
    .option('--accepts-per-turn <n>', 'new connections started per event-loop turn, after the input of switches already up', intIn('--accepts-per-turn', 1, 1_000_000), ADMISSION_DEFAULTS.acceptsPerTurn)
    .option('--http <[host:]port>', 'serve the REST API, /metrics and the web view on this address (host defaults to 127.0.0.1; off unless given)', listenAddress)
    .option('--http-token <token>', 'bearer token that HTTP writes must carry (default: $NODEFLOW_HTTP_TOKEN; without one, writes are refused)')
    .option('--tls-cert <file>', 'serve OpenFlow over TLS: our certificate (PEM)')
    .option('--tls-key <file>', 'TLS: our private key (PEM)')
    .option('--tls-ca <file>', 'TLS: CA certificate switches must chain to (mutual authentication)')
    .option('--tls-port <port>', 'TLS port (with TLS, plain TCP is served only when --port is given too)', intIn('--tls-port', 0, 65535), DEFAULT_PORT)
    .option('--cluster <urls>', 'run as one of several controllers coordinated through etcd (comma-separated client URLs, e.g. http://127.0.0.1:2379)')
    .option('--node-id <name>', 'this instance\'s name in the cluster (unique; needed with --cluster)')
    .option('--lease-ttl <s>', 'cluster: etcd lease TTL; a dead or cut-off instance loses its switches after about this long', intIn('--lease-ttl', 1, 60), 2)
    .action(async (opts: StartOptions, cmd: Command) => {
      const httpToken = opts.httpToken ?? process.env['NODEFLOW_HTTP_TOKEN'];
      const material = tlsFrom(opts);
      // with TLS, plain TCP only when asked for: --port given on the command line
      const plain = material === undefined || cmd.getOptionValueSource('port') === 'cli';
      if (material && plain && opts.port === opts.tlsPort && opts.port !== 0) usage(`--port and --tls-port are both ${opts.port}: plain TCP and TLS need separate ports`);
      if (material && opts.workers > 1) usage('--workers is not supported with TLS yet');
      let clusterApp: Cluster | undefined;
      if (opts.cluster !== undefined || opts.nodeId !== undefined) {
        if (opts.cluster === undefined || opts.nodeId === undefined) usage('--cluster and --node-id go together');
        if (opts.workers > 1) usage('--workers is not supported with --cluster');
        // roles (and so single-master switches) need OpenFlow 1.2+: a cluster speaks 1.3 unless told 1.4/1.5
        if (cmd.getOptionValueSource('versions') === 'cli' && opts.versions.includes(OFP10)) usage('--cluster needs OpenFlow 1.3 or later (roles); drop 1.0 from --versions');
        if (cmd.getOptionValueSource('versions') !== 'cli') opts.versions = [OFP13];
        const { Cluster, ClusterConfigError } = await import('../../controller/cluster/cluster.js');
        try {
          clusterApp = new Cluster({ endpoints: opts.cluster.split(',').map((u) => u.trim()).filter(Boolean), nodeId: opts.nodeId, leaseTtlSec: opts.leaseTtl });
        } catch (e) {
          if (e instanceof ClusterConfigError) usage(e.message);
          throw e;
        }
      }
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
      // the cluster app first: it sets each switch's role before the others act on it
      if (clusterApp) apps = [clusterApp, ...apps];
      const ctl = new Controller({
        host: opts.host, port: opts.port, versions: opts.versions, apps, logger, missSendLen: opts.missSendLen,
        echoInterval: opts.echoInterval, echoTimeout: opts.echoTimeout, handshakeTimeout: opts.handshakeTimeout,
        summaryInterval: opts.summaryInterval, busyPollUs: opts.busyPoll,
        admission: {
          maxHandshakes: opts.maxHandshakes, perSourceRate: opts.perSourceRate, perSourceBurst: opts.perSourceBurst, acceptsPerTurn: opts.acceptsPerTurn,
          globalRate: opts.globalRate, globalBurst: opts.globalBurst,
        },
        requestTimeoutMs: opts.requestTimeout * 1000, maxRequestsInFlight: opts.maxRequests,
        ...(material ? { tls: { material, port: opts.tlsPort } } : {}), plain,
        ...(clusterApp ? { initialRole: 'slave' as const } : {}),
      });
      let addr: { host: string; port: number };
      try {
        addr = await ctl.start();
      } catch (e) {
        if ((e as { code?: unknown } | null)?.code === 'NODEFLOW_ERR_CLUSTER_CONFIG') usage((e as Error).message);
        if (clusterApp && e instanceof Error && /etcd/.test(e.message)) {
          process.stderr.write(`nodeflow start: cluster: ${e.message}\n`);
          process.exit(1);
        }
        const where = material ? `${opts.host}:${opts.tlsPort} (TLS)${plain ? ` and ${opts.host}:${opts.port}` : ''}` : `${opts.host}:${opts.port}`;
        process.stderr.write(`nodeflow start: cannot listen on ${where}: ${e instanceof Error ? e.message : String(e)}\n`);
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
      const tlsAddr = ctl.tlsAddress();
      if (wid) announceListening(addr.host, addr.port);
      else {
        if (plain) process.stdout.write(`listening on ${addr.host}:${addr.port}\n`);
        if (tlsAddr) process.stdout.write(`listening on ${tlsAddr.host}:${tlsAddr.port} (tls)\n`);
      }
      logger.info('controller started', {
        ...(plain ? { address: `${addr.host}:${addr.port}` } : {}),
        ...(clusterApp ? { cluster: opts.cluster, node: opts.nodeId } : {}),
        ...(tlsAddr && material ? { tls: `${tlsAddr.host}:${tlsAddr.port}`, certificate: material.subject, expires: material.validTo } : {}),
        versions: opts.versions.map(versionLabel).join(','), apps: names, pid: process.pid,
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
