// Operators' pages: the review queue, one document with its actions, search, the dashboard and the
// export of a filter. Each lives in its own module; this registers them.
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app-context.js';
import { registerDocumentPage } from './document-page.js';
import { registerQueuePage } from './queue-page.js';
import { registerSearchPages } from './search-pages.js';

export async function registerOperatorPages(app: FastifyInstance, ctx: AppContext): Promise<void> {
  await registerQueuePage(app, ctx);
  await registerDocumentPage(app, ctx);
  await registerSearchPages(app, ctx);
}
