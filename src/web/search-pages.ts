// Operators' search (plate, reference, client, decision, received between two dates), the
// dashboard, and the export of a filter as CSV or JSON (the same records and columns as
// `boete export`, restricted to the documents the filter finds).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../app-context.js';
import { dashboard, searchDocumentIds, searchDocuments, SEARCH_STATUSES, type SearchFilter } from '../db/document-search.js';
import { listClients } from '../db/review-store.js';
import { brusselsDateOf, formatBrusselsInstant } from '../domain/brussels-time.js';
import { isIsoDate, type IsoDate } from '../domain/calendar-date.js';
import { workingDaysUntil, workingWeekOf } from '../domain/working-days.js';
import { exportCsv, exportRecords } from '../export/export-records.js';
import { html } from './html.js';
import { pageOperator, sendPage } from './page-kit.js';
import { BASIS_LABELS, daysLeftText, decisionLabel, reasonLabel } from './views/labels.js';

const PAGE_SIZE = 50;
const date = z.union([z.literal(''), z.string().refine(isIsoDate, 'a date YYYY-MM-DD')]).optional();

export const searchQuery = z.object({
  plate: z.string().max(20).optional(),
  reference: z.string().max(100).optional(),
  client: z.union([z.uuid(), z.literal('')]).optional(),
  status: z.union([z.enum(SEARCH_STATUSES), z.literal('')]).optional(),
  from: date,
  to: date,
  page: z.coerce.number().int().min(1).max(10_000).default(1),
});
type SearchQuery = z.infer<typeof searchQuery>;

function filterOf(q: SearchQuery): SearchFilter {
  return {
    plate: q.plate?.trim() || null,
    reference: q.reference?.trim() || null,
    clientId: q.client || null,
    status: q.status || null,
    from: (q.from || null) as IsoDate | null,
    to: (q.to || null) as IsoDate | null,
  };
}

function queryString(q: Partial<SearchQuery>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== '' && !(k === 'page' && v === 1)) params.set(k, String(v));
  return params.toString();
}

export async function registerSearchPages(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const routes = app.withTypeProvider<ZodTypeProvider>();

  routes.get('/search', { schema: { hide: true, querystring: searchQuery } }, async (request, reply) => {
    const who = pageOperator(request);
    const q = request.query;
    const filter = filterOf(q);
    const asked = Object.values(filter).some((v) => v !== null);
    const [clientList, found] = await Promise.all([
      listClients(ctx.db),
      asked ? searchDocuments(ctx.db, filter, { limit: PAGE_SIZE, offset: (q.page - 1) * PAGE_SIZE }) : Promise.resolve(null),
    ]);
    const form = html`<form class="filters" method="get" action="/search">
  <label>Plate <input name="plate" value="${q.plate ?? ''}" placeholder="1-ABC-123" autofocus data-key="/"></label>
  <label>Reference <input name="reference" value="${q.reference ?? ''}"></label>
  <label>Client <select name="client"><option value="">all clients</option>${clientList.map((c) => html`<option value="${c.id}"${c.id === filter.clientId ? html` selected` : ''}>${c.code} — ${c.name}</option>`)}</select></label>
  <label>Status <select name="status"><option value="">any</option>${SEARCH_STATUSES.map((s) => html`<option value="${s}"${s === filter.status ? html` selected` : ''}>${decisionLabel(s)}</option>`)}</select></label>
  <label>Received from <input type="date" name="from" value="${q.from ?? ''}"></label>
  <label>to <input type="date" name="to" value="${q.to ?? ''}"></label>
  <button type="submit" class="primary">Search</button> <a href="/search">Clear</a>
</form>`;
    const exportQs = queryString({ ...q, page: undefined });
    const results = !found
      ? html`<p class="muted">Enter a plate, a reference, a client, a status or dates, then Search. Press <kbd>/</kbd> to type a plate.</p>`
      : found.rows.length === 0
        ? html`<p class="empty">No document matches.</p>`
        : html`<p class="export-links">Download what matches: <a href="/export.csv?${exportQs}">CSV</a> · <a href="/export.json?${exportQs}">JSON</a></p>
<table class="results" data-rows><thead><tr><th>Received</th><th>Client</th><th>Plate</th><th>Reference</th><th>Kind</th><th>Status</th><th>File</th></tr></thead><tbody>
${found.rows.map((r, i) => html`<tr data-href="/documents/${r.id}"${i === 0 ? html` class="current"` : ''}><td>${formatBrusselsInstant(r.receivedAt).slice(0, 16).replace('T', ' ')}</td><td>${r.client}</td><td><a href="/documents/${r.id}">${r.plate ?? '—'}</a></td><td>${r.reference ?? '—'}</td><td>${r.kind ?? '—'}</td>
<td>${decisionLabel(r.decision)}${r.decision === 'review' ? html` <span class="muted">${(r.reviewReasons ?? []).map(reasonLabel).join(', ')}</span>` : ''}</td><td class="small">${r.filename}</td></tr>`)}
</tbody></table>
<nav class="paging">${q.page > 1 ? html`<a href="/search?${queryString({ ...q, page: q.page - 1 })}" rel="prev">← previous</a>` : ''} page ${q.page} ${found.more ? html`<a href="/search?${queryString({ ...q, page: q.page + 1 })}" rel="next">next →</a>` : ''}</nav>`;
    const body = html`<h1>Search</h1>${form}${results}`;
    return sendPage(request, reply, { title: 'Search', user: who.user, csrfToken: who.csrfToken, active: '/search', body });
  });

  routes.get('/dashboard', { schema: { hide: true } }, async (request, reply) => {
    const who = pageOperator(request);
    const today = brusselsDateOf(ctx.now());
    const week = workingWeekOf(today);
    const data = await dashboard(ctx.db, week);
    const total = data.byStatus.reduce((s, r) => s + r.n, 0);
    const body = html`<h1>Dashboard <small>${today}</small></h1>
<section class="cards" aria-label="documents per status">${data.byStatus.map((s) => html`<a class="card" href="/search?status=${s.status}"><b>${s.n}</b><span>${decisionLabel(s.status)}</span></a>`)}<div class="card"><b>${total}</b><span>documents in all</span></div></section>
<h2>Due this week ${week ? html`<small class="muted">deadline basis ${week.first} – ${week.last}, still in review</small>` : ''}</h2>
${data.dueThisWeek.length === 0
  ? html`<p class="muted">Nothing in review is due this week.</p>`
  : html`<table data-rows><thead><tr><th>Deadline basis</th><th>Time left</th><th>Client</th><th>Plate</th><th>Reason</th></tr></thead><tbody>${data.dueThisWeek.map((r, i) => html`<tr data-href="/documents/${r.id}"${i === 0 ? html` class="current"` : ''}><td>${r.deadlineBasisDate} <span class="muted">${BASIS_LABELS[r.deadlineBasis ?? ''] ?? ''}</span></td><td>${daysLeftText(workingDaysUntil(today, r.deadlineBasisDate as IsoDate))}</td><td>${r.client}</td><td><a href="/documents/${r.id}">${r.plate ?? '—'}</a></td><td>${r.reasons.map(reasonLabel).join(', ')}</td></tr>`)}</tbody></table>`}
<h2>Per client</h2>
${data.perClient.length === 0
  ? html`<p class="muted">No open reviews, late deliveries or incomplete information.</p>`
  : html`<table><thead><tr><th>Client</th><th class="num">In review</th><th class="num">Waiting for the client</th><th class="num">Late deliveries</th><th class="num">Incomplete information</th></tr></thead><tbody>${data.perClient.map((c) => html`<tr><td>${c.client}</td><td class="num">${c.inReview}</td><td class="num">${c.waitingForClient}</td><td class="num">${c.lateDeliveries}</td><td class="num">${c.incompleteInformation}</td></tr>`)}</tbody></table>`}`;
    return sendPage(request, reply, { title: 'Dashboard', user: who.user, csrfToken: who.csrfToken, active: '/dashboard', body });
  });

  for (const format of ['csv', 'json'] as const) {
    routes.get(`/export.${format}`, { schema: { hide: true, querystring: searchQuery } }, async (request, reply) => {
      pageOperator(request);
      const filter = filterOf(request.query);
      const now = ctx.now();
      const [records, ids] = await Promise.all([exportRecords(ctx.db, now), searchDocumentIds(ctx.db, filter)]);
      const chosen = records.filter((r) => ids.has(r.id));
      const name = `boete-export-${brusselsDateOf(now)}.${format}`;
      reply.header('content-disposition', `attachment; filename="${name}"`);
      if (format === 'csv') return reply.type('text/csv; charset=utf-8').send(exportCsv(chosen));
      return reply.type('application/json; charset=utf-8').send(JSON.stringify(chosen, null, 2));
    });
  }
}
