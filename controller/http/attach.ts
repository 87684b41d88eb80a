/**
 * Wiring for `nodeflow start --http`: the app the HTTP layer needs inside a
 * controller (events) and the server itself, for one
 * process. With --workers see cluster.ts.
 */
import type { App } from '../app.js';
import type { Controller } from '../server.js';
import type { Logger } from '../log.js';
import { Registry } from 'prom-client';
import { controllerMetrics } from '../metrics/collector.js';
import { EventHub, EventsApp, followTopology } from './events.js';
import { LocalBackend } from './backend.js';
import { startHttpServer } from './server.js';
import type { FastifyInstance } from 'fastify';

/** The apps to add to a controller that serves (or answers for) the HTTP API. */
export class HttpParts {
  readonly hub = new EventHub();
  readonly events = new EventsApp(this.hub);
  get apps(): App[] {
    return [this.events];
  }
  /** The backend over a started controller; registers the controller's metrics in `registry`. */
  backend(ctl: Controller, registry: Registry, worker = 0): LocalBackend {
    // link and host events from the topology app, when it runs
    const topo = ctl.apps.find((a) => a.name === 'topology') as unknown as { on?: unknown } | undefined;
    if (topo !== undefined && typeof topo.on === 'function') followTopology(this.hub, topo as Parameters<typeof followTopology>[1]);
    return new LocalBackend(ctl, this.hub, controllerMetrics(ctl, { registry }), worker);
  }
}

export interface ServeOptions {
  host: string;
  port: number;
  token?: string;
  logger?: Logger;
}

/** One process: serve the API, metrics and web view of `ctl` (started, with `parts.apps` among its apps). */
export async function serveLocal(ctl: Controller, parts: HttpParts, o: ServeOptions): Promise<{ app: FastifyInstance; host: string; port: number }> {
  const registry = new Registry();
  const backend = parts.backend(ctl, registry);
  return startHttpServer({
    ...o,
    backend,
    metrics: { contentType: registry.contentType, text: () => registry.metrics() },
  });
}
