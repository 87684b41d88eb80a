/**
 * `nodeflow bench`: a cbench-compatible controller benchmark (emulated
 * OpenFlow 1.0 switches sending PACKET_INs, counting FLOW_MOD/PACKET_OUT
 * answers). Same options, progress lines and RESULT line as cbench; adds
 * latency percentiles and the generator's own CPU use.
 */
import { InvalidArgumentError, type Command } from 'commander';
import { DEFAULTS, checkOptions, parseFlag, type BenchOptions } from '../../loadgen/options.js';
import { profileFor } from '../../loadgen/profile.js';
import { parseVersionName, versionName, versionSpellings } from '../../codec/version-names.js';

/** '1.0' or '1.3' for any spelling of those; another version by its name (checkOptions then refuses it); else as typed. */
function protocolLabel(text: string): string {
  const wire = parseVersionName(text);
  return profileFor(text)?.label ?? (wire !== undefined ? versionName(wire) : text);
}
import { runBench } from '../../loadgen/run.js';
import { loadTlsMaterial } from '../../controller/tls/files.js';

function int(name: string) {
  return (v: string): number => {
    if (!/^\d+$/.test(v)) throw new InvalidArgumentError(`${name} must be a non-negative integer`);
    return Number(v);
  };
}

export function registerBench(program: Command): void {
  const d = DEFAULTS;
  program
    .command('bench')
    .option('-c, --controller <host>', 'controller host', d.controller)
    .option('-p, --port <n>', 'controller port', int('port'), d.port)
    .option('-s, --switches <n>', 'emulated switches', int('switches'), d.switches)
    .option('-M, --mac-addresses <n>', 'distinct source MACs per switch', int('mac-addresses'), d.macs)
    .option('-l, --loops <n>', 'tests per run', int('loops'), d.loops)
    .option('-m, --ms-per-test <n>', 'test length in ms', int('ms-per-test'), d.msPerTest)
    .option('-w, --warmup <n>', 'leading tests left out of the result', int('warmup'), d.warmup)
    .option('-C, --cooldown <n>', 'trailing tests left out of the result', int('cooldown'), d.cooldown)
    .option('-t, --throughput', 'throughput mode (keep send buffers full) instead of latency mode (one probe in flight per switch)')
    .option('-D, --delay <ms>', 'wait after FEATURES_REPLY before probing', int('delay'), d.delay)
    .option('-i, --connect-delay <ms>', 'pause between groups of connecting switches', int('connect-delay'), d.connectDelay)
    .option('-I, --connect-group-size <n>', 'switches per connect group', int('connect-group-size'), d.connectGroupSize)
    .option('-L, --learn-dst-macs [bool]', 'send a gratuitous ARP first so a learning controller knows the destination (true/false)', d.learnDstMacs)
    .option('--no-learn-dst-macs', 'do not send the learning packet')
    .option('-o, --dpid-offset <n>', 'datapath id of the first switch', int('dpid-offset'), d.dpidOffset)
    .option('-r, --ranged-test', 'run the tests with 1..n switches')
    .option('--percentiles', 'print round-trip p50/p90/p99 with every test line (latency mode)')
    .option('-O, --protocol <version>', `OpenFlow version of the emulated switches: 1.0, cbench's (also ${versionSpellings(1).split(', ').slice(1).join(', ')}) or 1.3 (also ${versionSpellings(4).split(', ').slice(1).join(', ')})`, '1.0')
    .option('--no-busy-poll', 'latency mode: sleep until replies arrive instead of polling on a core as cbench does')
    .option('--tls', 'connect over TLS (needs --tls-cert, --tls-key, --tls-ca)')
    .option('--tls-cert <file>', 'TLS: the emulated switches\' certificate (PEM)')
    .option('--tls-key <file>', 'TLS: its private key (PEM)')
    .option('--tls-ca <file>', 'TLS: CA certificate the controller\'s certificate must chain to')
    .action(async (a: Record<string, unknown>) => {
      const o: BenchOptions = {
        controller: String(a['controller']), port: a['port'] as number, switches: a['switches'] as number,
        macs: a['macAddresses'] as number, loops: a['loops'] as number, msPerTest: a['msPerTest'] as number,
        warmup: a['warmup'] as number, cooldown: a['cooldown'] as number, mode: a['throughput'] ? 'throughput' : 'latency',
        delay: a['delay'] as number, connectDelay: a['connectDelay'] as number, connectGroupSize: a['connectGroupSize'] as number,
        learnDstMacs: parseFlag(a['learnDstMacs'] as string | boolean | undefined), dpidOffset: a['dpidOffset'] as number,
        rangedTest: Boolean(a['rangedTest']), percentiles: Boolean(a['percentiles']), busyPoll: a['busyPoll'] !== false,
        protocol: protocolLabel(String(a['protocol'])) as BenchOptions['protocol'],
      };
      if (a['tls']) {
        const [cert, key, ca] = [a['tlsCert'], a['tlsKey'], a['tlsCa']];
        if (typeof cert !== 'string' || typeof key !== 'string' || typeof ca !== 'string') {
          process.stderr.write('nodeflow bench: --tls needs --tls-cert, --tls-key and --tls-ca\n');
          process.exitCode = 2;
          return;
        }
        o.tls = { cert, key, ca };
      }
      const bad = checkOptions(o);
      if (bad) {
        process.stderr.write(`nodeflow bench: ${bad}\n`);
        process.exitCode = 2;
        return;
      }
      try {
        if (o.tls) loadTlsMaterial(o.tls);
      } catch (e) {
        process.stderr.write(`nodeflow bench: ${(e as Error).message}\n`);
        process.exitCode = 2;
        return;
      }
      try {
        await runBench(o, { out: (l) => process.stdout.write(l + '\n'), err: (l) => process.stderr.write(l + '\n') });
      } catch (e) {
        process.stderr.write(`nodeflow bench: ${(e as Error).message}\n`);
        process.exitCode = 1;
      }
    });
}
