// The review queue page: documents in review, most urgent first, with working days left (from the
// domain's workingDaysUntil), filters as a GET form, counts per reason as filter links, paging, and
// bulk actions on rows of one reason. Keys: j/k move, Enter/o open, x select (web/assets/app.js).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../app-context.js';
import { listClients, listQueue, nextInQueue, queueCounts, type QueueFilter } from '../db/review-store.js';
import { brusselsDateOf } from '../domain/brussels-time.js';
import type { IsoDate } from '../domain/calendar-date.js';
import { REVIEW_REASONS } from '../domain/types.js';
import { workingDaysUntil } from '../domain/working-days.js';
import { HttpError } from './access.js';
import { applyBulkAction, bulkActionSchema, type BulkAction } from './bulk-actions.js';
import { html, type Html } from './html.js';
import { pageOperator, redirectWithNotice, sendPage } from './page-kit.js';
import { csrfField } from './views/layout.js';
import { BASIS_LABELS, daysLeftText, reasonLabel, REASON_LABELS } from './views/labels.js';

const PAGE_SIZE = 50;

export const queueQuery = z.object({
  client: z.union([z.uuid(), z.literal('')]).optional(),
  reason: z.union([z.enum(REVIEW_REASONS), z.literal('')]).optional(),
  status: z.union([z.enum(['waiting', 'operator']), z.literal('')]).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
});
type QueueQuery = z.infer<typeof queueQuery>;

function filterOf(q: QueueQuery): QueueFilter {
  return { clientId: q.client || null, reason: q.reason || null, status: q.status || null };
}

/** The queue's URL for a filter (empty values left out), for links that keep the filter. */
export function queueUrl(q: Partial<QueueQuery>): string {
  const params = new URLSearchParams();
  for (const key of ['client', 'reason', 'status', 'page'] as const) {
    const value = q[key];
    if (value && !(key === 'page' && value === 1)) params.set(key, String(value));
  }
  const s = params.toString();
  return s ? `/queue?${s}` : '/queue';
}

const BULK_CHOICES: { value: string; label: string; action: BulkAction }[] = [
  { value: 'resolve', label: 'Re-assess (resolve)', action: { action: 'resolve' } },
  { value: 'not_a_fine', label: 'Not a fine (close)', action: { action: 'not_a_fine' } },
  { value: 'accept_sender', label: 'Accept the sender', action: { action: 'accept_sender' } },
  { value: 'policy_redirect', label: 'Policy: redirect', action: { action: 'choose_policy', policy: 'redirect' } },
  { value: 'policy_recharge', label: 'Policy: recharge', action: { action: 'choose_policy', policy: 'recharge' } },
];

export const shortcutHelp = (keys: [string, string][]): Html =>
  html`<aside id="shortcut-help" hidden aria-label="keyboard shortcuts"><h2>Keys</h2><dl>${keys.map(([k, what]) => html`<dt><kbd>${k}</kbd></dt><dd>${what}</dd>`)}</dl><p class="muted">Press <kbd>?</kbd> to close.</p></aside>`;

export async function registerQueuePage(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const routes = app.withTypeProvider<ZodTypeProvider>();

  routes.get('/queue', { schema: { hide: true, querystring: queueQuery } }, async (request, reply) => {
    const who = pageOperator(request);
    const q = request.query;
    const filter = filterOf(q);
    // One count for the chips and the total: with a reason filter, the total is that reason's count.
    const [rows, allCounts, clientList] = await Promise.all([
      listQueue(ctx.db, filter, { limit: PAGE_SIZE, offset: (q.page - 1) * PAGE_SIZE }),
      queueCounts(ctx.db, { clientId: filter.clientId, status: filter.status }),
      listClients(ctx.db),
    ]);
    const today = brusselsDateOf(ctx.now());
    const total = filter.reason ? (allCounts.byReason.get(filter.reason) ?? 0) : allCounts.total;
    const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
    const bulk = Boolean(filter.reason) && rows.length > 0;

    const filterForm = html`<form class="filters" method="get" action="/queue">
  <label>Client <select name="client"><option value="">all clients</option>${clientList.map((c) => html`<option value="${c.id}"${c.id === filter.clientId ? html` selected` : ''}>${c.code} — ${c.name}</option>`)}</select></label>
  <label>Reason <select name="reason"><option value="">all reasons</option>${REVIEW_REASONS.map((r) => html`<option value="${r}"${r === filter.reason ? html` selected` : ''}>${reasonLabel(r)}</option>`)}</select></label>
  <label>Status <select name="status"><option value="">all</option><option value="operator"${filter.status === 'operator' ? html` selected` : ''}>needs an operator</option><option value="waiting"${filter.status === 'waiting' ? html` selected` : ''}>waiting for the client</option></select></label>
  <button type="submit">Filter</button> <a href="/queue">Clear</a>
</form>`;
    const chips = html`<nav class="reason-counts" aria-label="documents per reason">${REVIEW_REASONS.filter((r) => allCounts.byReason.get(r)).map(
      (r) => html`<a class="chip${r === filter.reason ? ' chip-current' : ''}" href="${queueUrl({ ...q, reason: r, page: 1 })}" title="${REASON_LABELS[r].next}">${reasonLabel(r)} <b>${allCounts.byReason.get(r) ?? 0}</b></a>`,
    )}</nav>`;

    const tableRows = rows.map((r, i) => {
      const left = r.latestDeliveryDate ? workingDaysUntil(today, r.latestDeliveryDate as IsoDate) : null;
      const urgency = left === null ? 'badge-warn' : left <= 1 ? 'badge-bad' : left <= 3 ? 'badge-warn' : '';
      return html`<tr data-href="/documents/${r.id}"${i === 0 ? html` class="current"` : ''}>
  ${bulk ? html`<td><input type="checkbox" name="ids" value="${r.id}:${r.version}" aria-label="select ${r.plate ?? r.filename}"></td>` : ''}
  <td><span class="badge ${urgency}">${daysLeftText(left)}</span></td>
  <td>${r.latestDeliveryDate ?? '—'}</td>
  <td>${r.deadlineBasisDate ? html`${r.deadlineBasisDate} <span class="muted">${BASIS_LABELS[r.deadlineBasis ?? ''] ?? r.deadlineBasis ?? ''}</span>` : html`<span class="muted">unknown</span>`}</td>
  <td>${r.client}</td>
  <td><a href="/documents/${r.id}">${r.plate ?? html`<span class="muted">no plate</span>`}</a><div class="muted small">${r.filename}</div></td>
  <td>${r.kind ?? '—'}</td>
  <td>${r.reasons.map((x) => html`<span class="badge">${reasonLabel(x)}</span> `)}${r.waitingForClient ? html`<div class="muted small">waiting for the client</div>` : ''}</td>
</tr>`;
    });
    const table = html`<table class="queue" data-rows>
<thead><tr>${bulk ? html`<th><span class="sr">select</span></th>` : ''}<th>Time left</th><th>Latest delivery</th><th>Deadline basis</th><th>Client</th><th>Plate · file</th><th>Kind</th><th>Reason</th></tr></thead>
<tbody>${tableRows}</tbody></table>`;
    const paging = pages > 1
      ? html`<nav class="paging">${q.page > 1 ? html`<a href="${queueUrl({ ...q, page: q.page - 1 })}" rel="prev">← previous</a>` : ''} page ${q.page} of ${pages} ${q.page < pages ? html`<a href="${queueUrl({ ...q, page: q.page + 1 })}" rel="next">next →</a>` : ''}</nav>`
      : '';
    const list = rows.length === 0
      ? html`<p class="empty">Nothing to review${filter.reason || filter.clientId || filter.status ? ' with this filter' : ''}. ${filter.reason || filter.clientId || filter.status ? html`<a href="/queue">Show the whole queue</a>` : ''}</p>`
      : bulk
        ? html`<form method="post" action="/queue/bulk" class="bulk" data-confirm="Apply this action to every selected document?">${csrfField(who.csrfToken)}
  <input type="hidden" name="back" value="${queueUrl(q)}">
  <div class="bulk-bar"><label class="inline"><input type="checkbox" data-select-all> all on this page</label>
  <select name="bulkAction" aria-label="action for the selected documents">${BULK_CHOICES.map((c) => html`<option value="${c.value}">${c.label}</option>`)}</select>
  <button type="submit">Apply to selected</button> <span class="muted">each document is checked and re-assessed on its own</span></div>
  ${table}</form>`
        : html`${table}<p class="muted small">To act on several documents at once, filter by one reason first.</p>`;

    const body = html`<h1>Review queue <small>${total} document${total === 1 ? '' : 's'}${filter.reason ? html` · ${reasonLabel(filter.reason)}` : ''}</small></h1>
${filterForm}
${chips}
<p class="hint">Most urgent first. <kbd>j</kbd>/<kbd>k</kbd> move, <kbd>Enter</kbd> opens, <kbd>?</kbd> lists the keys.</p>
${list}
${paging}
${shortcutHelp([['j / k', 'next / previous row'], ['Enter or o', 'open the document'], ['x', 'select the row (bulk, when filtered by one reason)'], ['?', 'show or hide this list']])}`;
    return sendPage(request, reply, { title: 'Review queue', user: who.user, csrfToken: who.csrfToken, active: '/queue', body });
  });

  routes.get('/queue/next', { schema: { hide: true, querystring: z.object({ after: z.uuid().optional() }) } }, async (request, reply) => {
    pageOperator(request);
    const next = await nextInQueue(ctx.db, {}, request.query.after ?? '00000000-0000-0000-0000-000000000000');
    if (!next) return redirectWithNotice(reply, '/queue', 'The queue is empty: nothing left to review.');
    return reply.redirect(`/documents/${next}`, 303);
  });

  routes.post(
    '/queue/bulk',
    {
      schema: {
        hide: true,
        body: z.object({ _csrf: z.string().optional(), back: z.string().max(500).optional(), bulkAction: z.string(), ids: z.union([z.string(), z.array(z.string())]).optional() }),
      },
    },
    async (request, reply) => {
      const who = pageOperator(request);
      const choice = BULK_CHOICES.find((c) => c.value === request.body.bulkAction);
      if (!choice) throw new HttpError(400, 'bad_value', `bulkAction: "${request.body.bulkAction}" is not one of ${BULK_CHOICES.map((c) => c.value).join(', ')}`);
      const raw = request.body.ids === undefined ? [] : Array.isArray(request.body.ids) ? request.body.ids : [request.body.ids];
      const items = raw.map((s) => {
        const [id, version] = s.split(':');
        const parsed = z.object({ id: z.uuid(), version: z.coerce.number().int().min(1) }).safeParse({ id, version });
        if (!parsed.success) throw new HttpError(400, 'bad_value', `ids: "${s}" is not a document id and version`);
        return parsed.data;
      });
      if (items.length === 0) throw new HttpError(400, 'bad_value', 'select at least one document (the checkboxes on the left)');
      const outcome = await applyBulkAction(ctx, who.scope, items, bulkActionSchema.parse(choice.action));
      const decided = outcome.succeeded.filter((s) => s.decision !== 'review').length;
      const text = [
        `${choice.label}: ${outcome.succeeded.length} of ${items.length} done (${decided} decided, ${outcome.succeeded.length - decided} still in review).`,
        ...outcome.failed.map((f) => `Not done ${f.id.slice(0, 8)}: ${f.message}`),
      ].join(' ');
      const back = request.body.back?.startsWith('/queue') ? request.body.back : '/queue';
      return redirectWithNotice(reply, back, text, outcome.failed.length > 0 ? 'error' : 'ok');
    },
  );
}
