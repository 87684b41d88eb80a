/** Read routes under /api/v1: switches, one switch, its MAC table, live statistics, the topology. */
import type { FastifyInstance } from 'fastify';
import type { Backend, StatsKind } from './backend.js';
import { parseDpid } from './dpid.js';
import { errorBodySchema } from './errors.js';
import { dpidParams, macTableSchema, switchSchema } from './schemas.js';

interface DpidReq {
  Params: { dpid: string };
}
interface CountersReq {
  Querystring: { counters?: 'true' | 'false' };
}

const countersQuery = {
  type: 'object',
  properties: { counters: { type: 'string', enum: ['true', 'false'], description: "include each port's live counters (a port-stats request per switch; default true)" } },
  additionalProperties: false,
} as const;

const errors = { 400: errorBodySchema, 404: errorBodySchema, 422: errorBodySchema, 501: errorBodySchema, 503: errorBodySchema, 504: errorBodySchema };

export async function readRoutes(app: FastifyInstance, opts: { backend: Backend }): Promise<void> {
  const be = opts.backend;
  app.get<CountersReq>('/switches', {
    schema: { tags: ['switches'], summary: 'Connected switches, their ports with state and counters', querystring: countersQuery, response: { 200: { type: 'array', items: switchSchema }, 400: errorBodySchema } },
  }, async (req) => be.switches(req.query.counters !== 'false'));

  app.get<DpidReq & CountersReq>('/switches/:dpid', {
    schema: { tags: ['switches'], summary: 'One connected switch, its ports with state and counters', params: dpidParams, querystring: countersQuery, response: { 200: switchSchema, ...errors } },
  }, async (req) => be.switch(parseDpid(req.params.dpid), req.query.counters !== 'false'));

  app.get<DpidReq>('/switches/:dpid/mac-table', {
    schema: { tags: ['switches'], summary: "The learning switch's MAC table of a switch (a copy, sorted by MAC)", params: dpidParams, response: { 200: macTableSchema, ...errors } },
  }, async (req) => be.macTable(parseDpid(req.params.dpid)));

  const stats: Array<[StatsKind, string]> = [
    ['flows', 'Live flow statistics (OFPMP_FLOW / OFPST_FLOW) of every flow of a switch'],
    ['ports', "Live port statistics (counters) of a switch's ports"],
    ['groups', 'Group descriptions and statistics (OpenFlow 1.3)'],
    ['meters', 'Meter statistics (OpenFlow 1.3)'],
  ];
  for (const [kind, summary] of stats) {
    app.get<DpidReq>(`/switches/:dpid/${kind}`, {
      schema: { tags: ['statistics'], summary, params: dpidParams, response: { 200: {}, ...errors } },
    }, async (req) => be.stats(parseDpid(req.params.dpid), kind));
  }

  app.get('/topology', {
    schema: {
      tags: ['topology'], summary: 'Switches, links and hosts found by topology discovery',
      response: { 200: { type: 'object', properties: { switches: { type: 'array' }, links: { type: 'array' }, hosts: { type: 'array' } }, additionalProperties: true }, 501: errorBodySchema },
    },
  }, async () => be.topology());
}
