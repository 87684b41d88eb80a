/** GET /metrics: the Prometheus text format (prom-client). */
import type { FastifyInstance } from 'fastify';

export interface MetricsSource {
  contentType: string;
  /** The whole exposition (with --workers: every worker's, gathered over IPC at request time). */
  text(): Promise<string>;
}

export async function metricsRoute(app: FastifyInstance, opts: { metrics: MetricsSource }): Promise<void> {
  app.get('/metrics', { schema: { hide: true } }, async (_req, reply) => {
    const body = await opts.metrics.text();
    return reply.type(opts.metrics.contentType).send(body);
  });
}
