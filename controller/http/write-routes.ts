/**
 * Write routes under /api/v1 (bearer token, see auth.ts). Flow bodies take
 * Ryu ofctl_rest's shape or the codec's full JSON form of a FLOW_MOD (told
 * apart by its "type" member). Each answers once the switch has answered:
 * 200 with the barrier's confirmation, or 422 with its OpenFlow error.
 */
import type { FastifyInstance } from 'fastify';
import type { Backend } from './backend.js';
import { parseDpid } from './dpid.js';
import { errorBodySchema } from './errors.js';
import { ofctlFlowSchema, type FlowCommand } from './ofctl.js';
import { dpidParams, writeResultSchema } from './schemas.js';

interface FlowReq {
  Params: { dpid: string };
  Querystring: { strict?: 'true' | 'false' };
  Body: Record<string, unknown>;
}

/** The codec's JSON form: only its envelope is checked here; the codec checks the rest when encoding. */
const codecFlowModSchema = {
  type: 'object',
  description: 'A FLOW_MOD in the codec JSON form, as `nodeflow decode` prints it (version and xid are filled in).',
  properties: { type: { type: 'string', description: 'OFPT_FLOW_MOD' } },
  required: ['type'],
  additionalProperties: true,
} as const;

/** Either shape, chosen by the presence of "type" (if/then/else keeps the error messages to the shape meant). */
const flowBody = {
  type: 'object',
  if: { required: ['type'] },
  then: codecFlowModSchema,
  else: ofctlFlowSchema,
} as const;

const answers = { 200: writeResultSchema, 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema, 422: errorBodySchema, 503: errorBodySchema, 504: errorBodySchema };
const strictQuery = { type: 'object', properties: { strict: { type: 'string', enum: ['true', 'false'], description: 'MODIFY_STRICT / DELETE_STRICT (match and priority exactly)' } }, additionalProperties: false } as const;
const security = [{ bearer: [] }];

export async function writeRoutes(app: FastifyInstance, opts: { backend: Backend }): Promise<void> {
  const be = opts.backend;
  app.addSchema(ofctlFlowSchema);
  const flow = (base: 'add' | 'modify' | 'delete') => async (req: { params: { dpid: string }; query: { strict?: 'true' | 'false' }; body: Record<string, unknown> }) => {
    const cmd: FlowCommand = base === 'add' ? 'add' : req.query.strict === 'true' ? `${base}_strict` : base;
    return be.flowMod(parseDpid(req.params.dpid), cmd, req.body ?? {});
  };
  const schema = (summary: string) => ({ tags: ['flows'], summary, params: dpidParams, querystring: strictQuery, body: flowBody, security, response: answers });
  app.post<FlowReq>('/switches/:dpid/flows', { schema: schema('Add a flow (FLOW_MOD ADD)') }, flow('add'));
  app.put<FlowReq>('/switches/:dpid/flows', { schema: schema('Modify flows (FLOW_MOD MODIFY; ?strict=true for MODIFY_STRICT)') }, flow('modify'));
  app.patch<FlowReq>('/switches/:dpid/flows', { schema: schema('Same as PUT') }, flow('modify'));
  app.delete<FlowReq>('/switches/:dpid/flows', { schema: schema('Delete the flows that match (FLOW_MOD DELETE; ?strict=true for DELETE_STRICT)') }, flow('delete'));

  app.delete<{ Params: { dpid: string } }>('/switches/:dpid/flows/all', {
    schema: { tags: ['flows'], summary: 'Delete every flow of the switch (all tables)', params: dpidParams, security, response: answers },
  }, async (req) => be.deleteAllFlows(parseDpid(req.params.dpid)));

  app.post<{ Params: { dpid: string } }>('/switches/:dpid/barrier', {
    schema: { tags: ['flows'], summary: 'Send a BARRIER_REQUEST and wait for its reply', params: dpidParams, security, response: answers },
  }, async (req) => be.barrier(parseDpid(req.params.dpid)));
}
