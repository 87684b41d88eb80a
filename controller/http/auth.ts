/**
 * Bearer-token check for writes (POST, PUT, PATCH, DELETE). Reads are open
 * (bind the server to a trusted address). Without a configured token every
 * write is refused: a controller started without one cannot be changed over
 * HTTP by accident. Runs in onRequest, before the body is even parsed.
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function tokenMatches(given: string, want: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(want);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function authPlugin(app: FastifyInstance, token: string | undefined): void {
  app.addHook('onRequest', async (req: FastifyRequest, reply: FastifyReply) => {
    if (!WRITES.has(req.method)) return;
    if (token === undefined || token === '') {
      return reply.code(403).send({
        statusCode: 403, error: 'Forbidden',
        message: 'writes are disabled: start the controller with --http-token TOKEN (or NODEFLOW_HTTP_TOKEN) and send "Authorization: Bearer TOKEN"',
      });
    }
    const h = req.headers.authorization ?? '';
    const m = /^Bearer\s+(\S+)\s*$/i.exec(h);
    if (m === null || !tokenMatches(m[1]!, token)) {
      return reply.code(401).header('www-authenticate', 'Bearer realm="nodeflow"').send({
        statusCode: 401, error: 'Unauthorized', message: m === null ? 'writes need "Authorization: Bearer TOKEN"' : 'wrong bearer token',
      });
    }
  });
}
