/**
 * The web view: one page and its script and style, served from the package
 * (controller/http/ui, listed in package.json "files"), and the vendor
 * libraries from the installed dependencies (cytoscape, uPlot): nothing is
 * fetched from elsewhere at run time. Files are read once, at start.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';

const require = createRequire(import.meta.url);
/** controller/http/ui next to this file's source: from dist/controller/http/ that is ../../../controller/http/ui. */
export const UI_DIR = fileURLToPath(new URL('../../../controller/http/ui/', import.meta.url));

const FILES: Record<string, { path: string; type: string }> = {
  'index.html': { path: `${UI_DIR}index.html`, type: 'text/html; charset=utf-8' },
  'app.js': { path: `${UI_DIR}app.js`, type: 'text/javascript; charset=utf-8' },
  'style.css': { path: `${UI_DIR}style.css`, type: 'text/css; charset=utf-8' },
  'vendor/cytoscape.min.js': { path: require.resolve('cytoscape/dist/cytoscape.min.js'), type: 'text/javascript; charset=utf-8' },
  'vendor/uPlot.iife.min.js': { path: require.resolve('uplot/dist/uPlot.iife.min.js'), type: 'text/javascript; charset=utf-8' },
  'vendor/uPlot.min.css': { path: require.resolve('uplot/dist/uPlot.min.css'), type: 'text/css; charset=utf-8' },
};

export async function uiRoutes(app: FastifyInstance): Promise<void> {
  const loaded = new Map<string, { body: Buffer; type: string }>();
  for (const [name, f] of Object.entries(FILES)) loaded.set(name, { body: readFileSync(f.path), type: f.type });
  const page = loaded.get('index.html')!;
  app.get('/', { schema: { hide: true } }, async (_req, reply) => reply.type(page.type).header('cache-control', 'no-cache').send(page.body));
  app.get<{ Params: { '*': string } }>('/ui/*', { schema: { hide: true } }, async (req, reply) => {
    const f = loaded.get(req.params['*']);
    if (f === undefined) return reply.code(404).send({ statusCode: 404, error: 'Not Found', message: `no such file: /ui/${req.params['*']}` });
    return reply.type(f.type).header('cache-control', 'no-cache').send(f.body);
  });
}
