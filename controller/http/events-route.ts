/**
 * GET /api/v1/events: Server-Sent Events for the web view and scripts.
 * On connect: the recent events (event: net), then each new one as it
 * happens, and once a second the switch list (event: switches) from which
 * the page draws message rates. The once-a-second snapshot is built only
 * while someone is connected, and shared by every client.
 */
import type { FastifyInstance } from 'fastify';
import type { ServerResponse } from 'node:http';
import type { Backend } from './backend.js';

/** Unsent bytes a client may have queued before it is dropped. */
const MAX_BUFFERED = 1 << 20;

export async function eventsRoute(app: FastifyInstance, opts: { backend: Backend; periodMs?: number; maxClients?: number }): Promise<void> {
  const be = opts.backend;
  const clients = new Set<ServerResponse>();
  let timer: NodeJS.Timeout | null = null;
  const write = (res: ServerResponse, event: string, data: unknown) => {
    // a client that stopped reading is dropped rather than buffered for without bound (it reconnects when it can)
    if (res.writableLength > MAX_BUFFERED) {
      clients.delete(res);
      res.destroy();
      return;
    }
    res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  };
  const tick = async () => {
    try {
      const [switches, capabilities] = await Promise.all([be.switches(), be.capabilities()]);
      const topology = capabilities.topology ? await be.topology() : null;
      for (const res of clients) write(res, 'switches', { at: Date.now(), switches, topology, capabilities });
    } catch (e) {
      app.log.warn({ err: e }, 'events: could not build the switch snapshot');
    }
  };
  const unsubscribe = be.subscribe((e) => {
    for (const res of clients) write(res, 'net', e);
  });
  app.addHook('onClose', async () => {
    unsubscribe();
    if (timer) clearInterval(timer);
    for (const res of clients) res.end();
    clients.clear();
  });

  app.get('/events', {
    schema: { tags: ['events'], summary: 'Server-Sent Events: net (switch up/down, port changes, errors) and switches (a snapshot each second)' },
  }, async (req, reply) => {
    const max = opts.maxClients ?? 64;
    if (clients.size >= max) {
      return reply.code(503).send({ statusCode: 503, error: 'Service Unavailable', message: `${max} event streams are open already; try again later` });
    }
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    res.write('retry: 2000\n\n');
    for (const e of await be.recentEvents()) write(res, 'net', e);
    clients.add(res);
    if (timer === null) timer = setInterval(() => void tick(), opts.periodMs ?? 1000);
    void tick();
    req.raw.on('close', () => {
      clients.delete(res);
      if (clients.size === 0 && timer !== null) {
        clearInterval(timer);
        timer = null;
      }
    });
  });
}
