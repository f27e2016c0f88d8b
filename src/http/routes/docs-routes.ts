/**
 * `GET /openapi.json` and `GET /docs`: the document, and Swagger UI to read it, served from the
 * npm-installed `swagger-ui-dist` (no CDN: the gateway often runs where the Internet is not).
 */

import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildOpenApiDocument } from '../openapi.js';

const assets = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'application/javascript; charset=utf-8',
} as const;

const page = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>foundry-gateway API</title>
<link rel="stylesheet" href="/docs/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="/docs/swagger-ui-bundle.js"></script>
<script>window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#swagger-ui' });</script>
</body></html>`;

function swaggerDirectory(): string {
  const require = createRequire(import.meta.url);
  return dirname(require.resolve('swagger-ui-dist/package.json'));
}

export function registerDocsRoutes(app: FastifyInstance, version: string): void {
  const document = JSON.stringify(buildOpenApiDocument(version));
  const directory = swaggerDirectory();
  const cache = new Map<string, Promise<Buffer>>();
  app.get('/openapi.json', async (_request, reply) => reply.type('application/json; charset=utf-8').send(document));
  app.get('/docs', async (_request, reply) => reply.type('text/html; charset=utf-8').send(page));
  for (const [name, type] of Object.entries(assets)) {
    app.get(`/docs/${name}`, async (_request, reply) => {
      let content = cache.get(name);
      if (content === undefined) {
        content = readFile(join(directory, name));
        cache.set(name, content);
      }
      return reply.type(type).header('cache-control', 'public, max-age=86400').send(await content);
    });
  }
}
