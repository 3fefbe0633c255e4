// Static scripts and styles of the web interface, from web/assets at the project's root (plain files:
// the interface is rendered on the server, so there is nothing to build). Found from both the
// TypeScript sources (src/web) and the compiled code (dist/src/web).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

export function assetsRoot(): string {
  for (const up of ['../../web/assets/', '../../../web/assets/']) {
    const dir = fileURLToPath(new URL(up, import.meta.url));
    if (existsSync(`${dir}app.js`)) return dir;
  }
  throw new Error('web/assets not found beside the code: the installation is incomplete');
}

export async function registerAssets(app: FastifyInstance): Promise<void> {
  await app.register(fastifyStatic, { root: assetsRoot(), prefix: '/assets/', index: false, list: false, decorateReply: false, maxAge: '1h' });
}
