/**
 * An HTTP API in front of a real controller on loopback, with the learning
 * switch and the HTTP apps, for tests that drive it with FakeSwitch
 * (test/controller/support.ts) and fastify's inject (no socket) or a real
 * listening port (Server-Sent Events).
 */
import type { FastifyInstance } from 'fastify';
import { Registry } from 'prom-client';
import { LearningSwitch } from '../../controller/apps/learning-switch.js';
import { HttpParts } from '../../controller/http/attach.js';
import { buildHttpServer } from '../../controller/http/server.js';
import type { Controller, ControllerOptions } from '../../controller/server.js';
import { FakeSwitch, header, startController } from '../controller/support.js';

export interface Harness {
  ctl: Controller;
  port: number;
  app: FastifyInstance;
  registry: Registry;
  close(): Promise<void>;
}

export async function harness(token?: string, maxEventClients?: number, controller: ControllerOptions = {}): Promise<Harness> {
  const parts = new HttpParts();
  const { ctl, port } = await startController({ ...controller, apps: [new LearningSwitch(), ...parts.apps] });
  const registry = new Registry();
  const backend = parts.backend(ctl, registry);
  const app = await buildHttpServer({ backend, metrics: { contentType: registry.contentType, text: () => registry.metrics() }, token, snapshotMs: 100, maxEventClients });
  return {
    ctl, port, app, registry,
    async close() {
      await app.close();
      await ctl.stop();
    },
  };
}

export const BARRIER_REQUEST: Record<number, number> = { 1: 18, 4: 20 };
export const BARRIER_REPLY: Record<number, number> = { 1: 19, 4: 21 };

/** Answer the next BARRIER_REQUEST like a switch; returns its xid. */
export async function answerBarrier(sw: FakeSwitch, version: number): Promise<number> {
  const m = await sw.waitType(BARRIER_REQUEST[version]!);
  sw.send(header(version, BARRIER_REPLY[version]!, 8, m.xid));
  return m.xid;
}

/** OFPT_ERROR with the given type/code about xid (data: the offending message's first bytes). */
export function errorMsg(version: number, xid: number, type: number, code: number, data: Buffer): Buffer {
  const d = data.subarray(0, 64);
  const b = header(version, 1, 12 + d.length, xid);
  b.writeUInt16BE(type, 8);
  b.writeUInt16BE(code, 10);
  d.copy(b, 12);
  return b;
}

export const AUTH = { authorization: 'Bearer s3cret' };

/** A captured Open vSwitch reply (fixtures/) with another xid. */
export function retag(b: Buffer, xid: number): Buffer {
  const c = Buffer.from(b);
  c.writeUInt32BE(xid, 4);
  return c;
}

/** Answer the next 1.3 MULTIPART_REQUEST of `mpType` (OFPMP_*) with a captured reply. */
export async function answerMultipart(sw: FakeSwitch, mpType: number, reply: Buffer): Promise<void> {
  const m = await sw.wait((x) => x.type === 18 && x.bytes.readUInt16BE(8) === mpType);
  sw.send(retag(reply, m.xid));
}
