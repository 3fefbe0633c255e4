// Client users' portal: their documents with what is missing, contracts upload, renter data, fine uploads.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../app-context.js';
import { listQueue } from '../db/review-store.js';
import { html } from './html.js';
import { pageClientUser, sendPage } from './page-kit.js';

export async function registerPortalPages(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  routes.get('/portal', { schema: { hide: true } }, async (request, reply) => {
    const who = pageClientUser(request);
    const rows = await listQueue(ctx.db, { clientId: who.scope.clientId }, { limit: 50, offset: 0 });
    const body = html`<h1>Documents waiting</h1>
<table><thead><tr><th>Plate</th><th>Kind</th><th>What is missing</th><th>Latest delivery</th></tr></thead>
<tbody>${rows.map((r) => html`<tr><td>${r.plate ?? '—'}</td><td>${r.kind ?? '—'}</td><td>${r.reasons.join(', ')}</td><td>${r.latestDeliveryDate ?? '—'}</td></tr>`)}</tbody></table>`;
    return sendPage(request, reply, { title: 'My documents', user: who.user, csrfToken: who.csrfToken, active: '/portal', body });
  });
}
