/**
 * Prometheus metrics of a controller (prom-client). Nothing here runs per
 * message: the controller keeps plain number counters (Stats, and each
 * switch's rxByType/txByType typed arrays) and every metric below reads them
 * in its collect() callback, when /metrics is scraped.
 *
 * Names follow the Prometheus conventions: `nodeflow_` prefix, `_total` for
 * counters, base units (seconds). The process metrics (CPU, memory, event
 * loop lag, GC) are prom-client's defaults, under their standard names
 * (process_*, nodejs_*), so existing Node.js dashboards work.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Controller } from '../server.js';
import { LearningSwitch } from '../apps/learning-switch.js';
import { versionLabel } from '../protocol.js';
import { errorTypeName, messageTypeName } from './names.js';

export interface MetricsOptions {
  /** The registry to fill (default: a new one). With --workers, prom-client's global registry (its cluster aggregator reads that one). */
  registry?: Registry;
  /** Register prom-client's default process metrics (default true). */
  processMetrics?: boolean;
}

/** Request/reply round trips (the controller's requestTimer). */
export interface RequestTimer {
  observe(kind: string, seconds: number, ok?: boolean): void;
}

export interface ControllerMetrics extends RequestTimer {
  readonly registry: Registry;
}

/** Register the controller's metrics; the returned object also times request/reply round trips. */
export function controllerMetrics(ctl: Controller, opts: MetricsOptions = {}): ControllerMetrics {
  const registry = opts.registry ?? new Registry();
  if (opts.processMetrics !== false) collectDefaultMetrics({ register: registry });
  const s = ctl.stats;
  const learning = (): LearningSwitch[] => ctl.apps.filter((a): a is LearningSwitch => a instanceof LearningSwitch);

  new Gauge({
    name: 'nodeflow_switches_connected', help: 'Switches that completed the handshake and are connected.', registers: [registry],
    collect() {
      this.set(ctl.registry.size);
    },
  });
  new Gauge({
    name: 'nodeflow_connections_open', help: 'Open switch connections, in the handshake or up.', registers: [registry],
    collect() {
      this.set(ctl.connections.size);
    },
  });
  new Counter({
    name: 'nodeflow_connections_accepted_total', help: 'TCP connections accepted from switches.', registers: [registry],
    collect() {
      setCounter(this, s.connections);
    },
  });
  new Counter({
    name: 'nodeflow_switch_connects_total', help: 'Switches that completed the handshake.', registers: [registry],
    collect() {
      setCounter(this, s.switchesUp);
    },
  });
  new Counter({
    name: 'nodeflow_switch_disconnects_total', help: 'Switches that went down, by reason.', labelNames: ['reason'], registers: [registry],
    collect() {
      this.reset();
      for (const [reason, n] of s.disconnects) setCounter(this, n, { reason });
    },
  });
  new Counter({
    name: 'nodeflow_handshake_failures_total', help: 'Connections that closed before the handshake finished, by reason.', labelNames: ['reason'], registers: [registry],
    collect() {
      this.reset();
      for (const [reason, n] of s.handshakeFailures) setCounter(this, n, { reason });
    },
  });
  // by type, all switches (closed connections included, so the totals never go down)
  const byType = (which: 'rx' | 'tx') => (c: Counter<'version' | 'type'>) => {
    c.reset();
    const sums = new Map<number, Float64Array>();
    for (const [v, t] of which === 'rx' ? s.retiredRx : s.retiredTx) sums.set(v, Float64Array.from(t));
    for (const dp of ctl.connections) {
      if (dp.version === 0) continue;
      let t = sums.get(dp.version);
      if (t === undefined) sums.set(dp.version, (t = new Float64Array(256)));
      const mine = which === 'rx' ? dp.rxByType : dp.txByType;
      for (let i = 0; i < 256; i++) t[i]! += mine[i]!;
    }
    for (const [v, t] of sums) {
      for (let i = 0; i < 256; i++) if (t[i]! > 0) setCounter(c, t[i]!, { version: versionLabel(v), type: messageTypeName(v, i) });
    }
  };
  const rxByType = byType('rx');
  const txByType = byType('tx');
  new Counter({
    name: 'nodeflow_messages_received_total', help: 'OpenFlow messages received from switches, by version and type.', labelNames: ['version', 'type'], registers: [registry],
    collect() {
      rxByType(this);
    },
  });
  new Counter({
    name: 'nodeflow_messages_sent_total', help: 'OpenFlow messages sent to switches, by version and type.', labelNames: ['version', 'type'], registers: [registry],
    collect() {
      txByType(this);
    },
  });
  // by switch (connected switches: a switch's series ends when it goes down)
  const perSwitch = (which: 'rx' | 'tx') => (c: Counter<'dpid'>) => {
    c.reset();
    for (const dp of ctl.registry.values()) {
      const t = which === 'rx' ? dp.rxByType : dp.txByType;
      let n = 0;
      for (let i = 0; i < 256; i++) n += t[i]!;
      setCounter(c, n, { dpid: dp.dpidHex });
    }
  };
  const rxSwitch = perSwitch('rx');
  const txSwitch = perSwitch('tx');
  new Counter({
    name: 'nodeflow_switch_messages_received_total', help: 'OpenFlow messages received, by connected switch.', labelNames: ['dpid'], registers: [registry],
    collect() {
      rxSwitch(this);
    },
  });
  new Counter({
    name: 'nodeflow_switch_messages_sent_total', help: 'OpenFlow messages sent, by connected switch.', labelNames: ['dpid'], registers: [registry],
    collect() {
      txSwitch(this);
    },
  });
  new Counter({
    name: 'nodeflow_packet_in_total', help: 'PACKET_IN messages received.', registers: [registry],
    collect() {
      setCounter(this, s.packetIn);
    },
  });
  new Counter({
    name: 'nodeflow_flow_mod_total', help: 'FLOW_MOD messages sent.', registers: [registry],
    collect() {
      setCounter(this, s.flowMod);
    },
  });
  new Counter({
    name: 'nodeflow_packet_out_total', help: 'PACKET_OUT messages sent.', registers: [registry],
    collect() {
      setCounter(this, s.packetOut);
    },
  });
  new Counter({
    name: 'nodeflow_bad_messages_total', help: 'Messages from switches refused as malformed (answered with an OpenFlow error).', registers: [registry],
    collect() {
      setCounter(this, s.badMessages);
    },
  });
  new Counter({
    name: 'nodeflow_errors_sent_total', help: 'OFPT_ERROR messages sent to switches.', registers: [registry],
    collect() {
      setCounter(this, s.errorsSent);
    },
  });
  new Counter({
    name: 'nodeflow_errors_received_total', help: 'OFPT_ERROR messages received from switches, by version and OpenFlow error type.', labelNames: ['version', 'type'], registers: [registry],
    collect() {
      this.reset();
      for (const [key, n] of s.errorsReceived) {
        const v = key >>> 16;
        setCounter(this, n, { version: versionLabel(v), type: errorTypeName(v, key & 0xffff) });
      }
    },
  });
  new Counter({
    name: 'nodeflow_backpressure_pauses_total', help: 'Times reading from a switch paused because it did not read the output sent to it.', registers: [registry],
    collect() {
      setCounter(this, s.backpressurePauses);
    },
  });
  new Gauge({
    name: 'nodeflow_mac_table_entries', help: 'MACs in the learning switch table of each connected switch.', labelNames: ['dpid'], registers: [registry],
    collect() {
      this.reset();
      for (const app of learning()) for (const t of app.macTableSizes()) this.set({ dpid: t.sw.dpidHex }, t.size);
    },
  });
  new Counter({
    name: 'nodeflow_mac_table_evictions_total', help: 'MACs evicted from a full learning switch table, by connected switch.', labelNames: ['dpid'], registers: [registry],
    collect() {
      this.reset();
      for (const app of learning()) for (const t of app.macTableSizes()) setCounter(this, t.evictions, { dpid: t.sw.dpidHex });
    },
  });
  new Gauge({
    name: 'nodeflow_uptime_seconds', help: 'Seconds since the controller started.', registers: [registry], aggregator: 'max',
    collect() {
      this.set(ctl.uptimeSeconds());
    },
  });
  const latency = new Histogram({
    name: 'nodeflow_request_duration_seconds',
    help: 'Request/reply round trips to switches (request sent to reply, error, or the barrier after it), by kind (message type or stats kind) and result.',
    labelNames: ['kind', 'result'], registers: [registry],
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  });
  const timer: ControllerMetrics = {
    registry,
    observe(kind: string, seconds: number, ok = true) {
      latency.observe({ kind, result: ok ? 'ok' : 'error' }, seconds);
    },
  };
  // every request of every app is timed, not only the REST API's (one histogram observation per request: requests are not per packet)
  ctl.requestTimer = timer;
  return timer;
}

/**
 * Counters in prom-client only go up by inc(); ours are read from totals
 * kept elsewhere, so collect() resets the metric and adds each value (it
 * runs just before the registry serialises the metric).
 */
function setCounter<L extends string>(c: Counter<L>, value: number, labels?: Partial<Record<L, string>>): void {
  if (labels === undefined) {
    c.reset();
    c.inc(value);
    return;
  }
  c.inc(labels, value);
}
