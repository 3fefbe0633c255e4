// Operators' pages: the review queue, one document with its actions, search and the dashboard.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../app-context.js';
import { listQueue, queueCounts } from '../db/review-store.js';
import { html } from './html.js';
import { pageOperator, sendPage } from './page-kit.js';

export async function registerOperatorPages(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  routes.get('/queue', { schema: { hide: true } }, async (request, reply) => {
    const who = pageOperator(request);
    const [rows, counts] = await Promise.all([listQueue(ctx.db, {}, { limit: 50, offset: 0 }), queueCounts(ctx.db, {})]);
    const body = html`<h1>Review queue <small>${counts.total} documents</small></h1>
<table class="queue"><thead><tr><th>Client</th><th>Plate</th><th>Kind</th><th>Reason</th><th>Latest delivery</th></tr></thead>
<tbody>${rows.map((r) => html`<tr><td>${r.client}</td><td>${r.plate ?? '—'}</td><td>${r.kind ?? '—'}</td><td>${r.reasons.join(', ')}</td><td>${r.latestDeliveryDate ?? '—'}</td></tr>`)}</tbody></table>`;
    return sendPage(request, reply, { title: 'Review queue', user: who.user, csrfToken: who.csrfToken, active: '/queue', body });
  });
}
