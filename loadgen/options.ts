/** Options of `nodeflow bench`, with cbench's names and defaults. */

export type BenchMode = 'latency' | 'throughput';

export interface BenchOptions {
  /** -c: controller host. */
  controller: string;
  /** -p: controller port. */
  port: number;
  /** -s: number of emulated switches. */
  switches: number;
  /** -M: distinct source MACs per switch. */
  macs: number;
  /** -l: tests (loops) per run. */
  loops: number;
  /** -m: length of one test in ms. */
  msPerTest: number;
  /** -w: leading tests left out of the result. */
  warmup: number;
  /** -C: trailing tests left out of the result. */
  cooldown: number;
  /** -t: throughput instead of latency. */
  mode: BenchMode;
  /** -D: wait this long after FEATURES_REPLY (and after the learning packet) before probing. */
  delay: number;
  /** -i: pause between groups of connecting switches, ms. */
  connectDelay: number;
  /** -I: switches per connect group. */
  connectGroupSize: number;
  /** -L: send the gratuitous-ARP learning PACKET_IN first. */
  learnDstMacs: boolean;
  /** -o: datapath id of the first switch. */
  dpidOffset: number;
  /** -r: run the tests after each switch connects (1..n switches). */
  rangedTest: boolean;
  /** Print p50/p90/p99 with every test line (latency mode). */
  percentiles: boolean;
  /**
   * Latency mode: keep the event loop polling during tests instead of
   * sleeping until a reply arrives, as cbench does (it spins on a core).
   * With one probe in flight a sleeping generator adds its own wake-up to
   * every round trip and measures the generator, not the controller.
   */
  busyPoll: boolean;
  /** -O: OpenFlow version the switches speak: '1.0' (cbench's) or '1.3'. */
  protocol: '1.0' | '1.3';
  /** --tls: connect over TLS with these files (switch certificate, key, and the CA the controller's certificate chains to). */
  tls?: { cert: string; key: string; ca: string };
}

export const DEFAULTS: BenchOptions = {
  controller: 'localhost', port: 6633, switches: 16, macs: 100000, loops: 16, msPerTest: 1000, warmup: 1,
  cooldown: 0, mode: 'latency', delay: 0, connectDelay: 0, connectGroupSize: 1, learnDstMacs: true,
  dpidOffset: 1, rangedTest: false, percentiles: false, busyPoll: true, protocol: '1.0',
};

/** Reason the options cannot run, or null. */
export function checkOptions(o: BenchOptions): string | null {
  const ints: [keyof BenchOptions, number][] = [
    ['port', 1], ['switches', 1], ['macs', 1], ['loops', 1], ['msPerTest', 1], ['warmup', 0], ['cooldown', 0],
    ['delay', 0], ['connectDelay', 0], ['connectGroupSize', 1], ['dpidOffset', 0],
  ];
  for (const [k, min] of ints) {
    const v = o[k];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min) return `${k} must be an integer >= ${min} (got ${String(v)})`;
  }
  if (o.port > 65535) return `port must be <= 65535 (got ${o.port})`;
  if (o.switches > 255) return `switches must be <= 255: the switch number is one byte of the probe MACs (got ${o.switches})`;
  if (o.protocol !== '1.0' && o.protocol !== '1.3') return `protocol must be 1.0 or 1.3 (got ${String(o.protocol)})`;
  if (o.warmup + o.cooldown >= o.loops) return `warmup(${o.warmup}) + cooldown(${o.cooldown}) >= number of tests (${o.loops})`;
  return null;
}

/** Parse a cbench-style boolean option value (true/on/1, anything else false). */
export function parseFlag(v: string | boolean | undefined): boolean {
  if (v === undefined || v === true) return true;
  if (v === false) return false;
  return ['true', 'on', '1', 'yes'].includes(v.toLowerCase());
}
