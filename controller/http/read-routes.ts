/** Read routes under /api/v1: switches, one switch, its MAC table, live statistics, the topology. */
import type { FastifyInstance } from 'fastify';
import type { Backend, StatsKind } from './backend.js';
import { parseDpid } from './dpid.js';
import { errorBodySchema } from './errors.js';
import { dpidParams, macTableSchema, switchSchema } from './schemas.js';

interface DpidReq {
  Params: { dpid: string };
}

const errors = { 400: errorBodySchema, 404: errorBodySchema, 501: errorBodySchema };

export async function readRoutes(app: FastifyInstance, opts: { backend: Backend }): Promise<void> {
  const be = opts.backend;
  app.get('/switches', {
    schema: { tags: ['switches'], summary: 'Connected switches', response: { 200: { type: 'array', items: switchSchema } } },
  }, async () => be.switches());

  app.get<DpidReq>('/switches/:dpid', {
    schema: { tags: ['switches'], summary: 'One connected switch', params: dpidParams, response: { 200: switchSchema, ...errors } },
  }, async (req) => be.switch(parseDpid(req.params.dpid)));

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
