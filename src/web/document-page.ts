// One document for an operator: the original (page images drawn in the parse pool, served as PNG;
// the file itself only as a download) beside what was read, each field with confidence and trust,
// the plate's contracts, the actions (each a small form posting to /documents/:id/actions with the
// version the operator saw, applied by applyOperatorAction) and the audit trail. Every view is logged.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../app-context.js';
import { listOutputs, loadOutputFacts, type OutputListing } from '../db/output-store.js';
import { disputeRefusal } from '../domain/outputs.js';
import { documentAuditTrail, documentDetail, documentFile, recordDocumentView, type DocumentDetail } from '../db/document-detail-store.js';
import { CORRECTABLE_FIELDS, type CorrectableField } from '../db/operator-store.js';
import { brusselsDateOf, formatBrusselsInstant } from '../domain/brussels-time.js';
import type { IsoDate } from '../domain/calendar-date.js';
import { workingDaysUntil } from '../domain/working-days.js';
import type { Field } from '../reading/fields.js';
import { HttpError, notFound, uuidParam, visibleDocument } from './access.js';
import { html, type Html } from './html.js';
import { actionSchema, applyOperatorAction } from './operator-actions.js';
import { pageOperator, redirectWithNotice, sendPage } from './page-kit.js';
import { shortcutHelp } from './queue-page.js';
import { csrfField } from './views/layout.js';
import { outputList } from './views/output-list.js';
import { auditWords } from './views/audit-words.js';
import { BASIS_LABELS, daysLeftText, decisionLabel, FIELD_LABELS, reasonLabel, reasonNext } from './views/labels.js';

/** Pages drawn per document view: fines are one or two pages; the download has the rest. */
const MAX_SHOWN_PAGES = 4;
const PAGE_WIDTH_PX = 1000;


type StoredField = Field<unknown> & { confirmedBy?: string };

/** A field's value as an operator reads and types it (Brussels time, euro with a comma). */
function shownValue(field: CorrectableField, value: unknown): string {
  if (value === null || value === undefined) return '';
  if (field === 'offenceAt') return formatBrusselsInstant(new Date(String(value))).slice(0, 16).replace('T', ' ');
  if (field === 'amountCents') return `${Math.floor(Number(value) / 100)},${String(Number(value) % 100).padStart(2, '0')}`;
  return String(value);
}

/** Small recently drawn pages, so j/k through the queue and back does not redraw them. */
const pageCache = new Map<string, Buffer>();
function remember(key: string, png: Buffer) {
  pageCache.set(key, png);
  if (pageCache.size > 64) pageCache.delete(pageCache.keys().next().value as string);
}

/** Line boxes found on recently shown pages (by file, page and quotes: a correction keeps its source). */
const lineCache = new Map<string, ({ x: number; y: number; w: number; h: number } | null)[]>();
function rememberLines(key: string, boxes: ({ x: number; y: number; w: number; h: number } | null)[]) {
  lineCache.set(key, boxes);
  if (lineCache.size > 256) lineCache.delete(lineCache.keys().next().value as string);
}

function actionForm(id: string, csrf: string, version: number, fields: Html, button: Html, extra: { key?: string; confirm?: string; cls?: string } = {}): Html {
  return html`<form method="post" action="/documents/${id}/actions" class="${extra.cls ?? 'inline'}"${extra.confirm ? html` data-confirm="${extra.confirm}"` : ''}>${csrfField(csrf)}<input type="hidden" name="version" value="${version}">${fields}${button}</form>`;
}

function renderDocument(d: DocumentDetail, audit: Awaited<ReturnType<typeof documentAuditTrail>>, outputs: OutputListing[], disputable: boolean, csrf: string, now: Date): Html {
  const id = d.doc.id;
  const a = d.assessment;
  const version = a?.version ?? 0;
  const stored = ((d.ext?.fields ?? {}) as Record<string, StoredField | null>);
  const untrusted = new Map((a?.untrustedInputs ?? []).map((u) => [u.field, u.doubt]));
  const today = brusselsDateOf(now);
  const left = a?.latestDeliveryDate ? workingDaysUntil(today, a.latestDeliveryDate as IsoDate) : null;
  const inReview = a?.decision === 'review';
  const pageCount = Math.min(d.ext?.pageCount ?? (d.doc.contentType.startsWith('image/') ? 1 : 0), MAX_SHOWN_PAGES);
  const drawable = d.ext?.readStatus === 'read' || (d.ext?.pageCount ?? 0) > 0;
  // A text PDF's lines are found again on the page (line-positions.ts); an OCR page's were kept when it was read.
  const positioned = d.ext?.method === 'text' || d.ext?.method === 'ocr';
  const quotedPages = new Set(CORRECTABLE_FIELDS.map((f) => stored[f]?.source?.page).filter((p): p is number => typeof p === 'number' && p <= pageCount));

  const original = html`<section class="original" aria-label="the original document">
  ${drawable && pageCount > 0
    ? Array.from({ length: pageCount }, (_, i) => {
        const img = html`<img src="/documents/${id}/pages/${i + 1}.png" alt="page ${i + 1} of ${d.doc.filename}" width="${PAGE_WIDTH_PX}">`;
        // A text PDF's page whose lines some fields quote: app.js fetches their boxes and draws them.
        return positioned && quotedPages.has(i + 1) ? html`<div class="page-image" data-lines="/documents/${id}/lines/${i + 1}">${img}</div>` : html`<div class="page-image">${img}</div>`;
      })
    : html`<p class="empty">This file cannot be drawn${d.ext?.unreadableCause ? html` (${d.ext.unreadableCause}${d.ext.detail ? html`: ${d.ext.detail}` : ''})` : ''}. Download it to look at it.</p>`}
  <p><a href="/api/documents/${id}/file" data-key="d">Download the original</a> <span class="muted">${d.doc.filename} · ${Math.round(d.doc.sizeBytes / 1024)} KiB${(d.ext?.pageCount ?? 0) > MAX_SHOWN_PAGES ? ` · first ${MAX_SHOWN_PAGES} of ${d.ext?.pageCount} pages shown` : ''}</span></p>
</section>`;

  const status = html`<section class="status ${inReview ? 'status-review' : 'status-done'}">
  <p class="decision">${a ? html`<b>${decisionLabel(a.decision)}</b>` : html`<b>being read</b> — reload in a moment`}${a?.processedAt ? html` <span class="muted">processed ${formatBrusselsInstant(a.processedAt).slice(0, 16).replace('T', ' ')}</span>` : ''}</p>
  ${inReview ? html`<ul class="reasons">${a!.reviewReasons.map((r) => html`<li><span class="badge badge-warn">${reasonLabel(r)}</span> ${reasonNext(r)}</li>`)}</ul>` : ''}
  <dl class="deadlines">
    <dt>Deadline basis</dt><dd>${a?.deadlineBasisDate ? html`${a.deadlineBasisDate} <span class="muted">(${BASIS_LABELS[a.deadlineBasis ?? ''] ?? a.deadlineBasis})</span>` : html`<span class="muted">unknown</span>`}</dd>
    <dt>Latest delivery</dt><dd>${a?.latestDeliveryDate ?? '—'} <span class="badge ${left !== null && left <= 1 ? 'badge-bad' : ''}">${daysLeftText(left)}</span></dd>
    <dt>Liability</dt><dd>${a ? `${a.liabilityParty} (${a.liabilityReason})` : '—'}</dd>
  </dl>
</section>`;

  const confirmable = [...untrusted.keys()].filter((f): f is CorrectableField => (CORRECTABLE_FIELDS as readonly string[]).includes(f) && stored[f]?.value !== undefined && stored[f]?.value !== null);
  const doubts = untrusted.size > 0
    ? html`<section class="doubts" aria-label="not trusted"><h2>Not trusted — check against the page</h2><ul>${[...untrusted].map(([f, doubt]) => html`<li><b>${FIELD_LABELS[f] ?? f}</b>: <q>${doubt}</q></li>`)}</ul>
  <p class="small">The page says the same? Confirm it. It says something else? Type the right value in the field below (<kbd>e</kbd> goes there) and press Enter.</p>
  ${confirmable.length > 0 && inReview
    ? actionForm(id, csrf, version, html`<input type="hidden" name="action" value="confirm">${confirmable.map((f) => html`<input type="hidden" name="fields" value="${f}">`)}`, html`<button type="submit" class="primary" data-key="c">Confirm the read values of ${confirmable.map((f) => FIELD_LABELS[f]).join(', ')} <kbd>c</kbd></button>`)
    : ''}</section>`
    : '';

  let firstUntrustedKeyed = false;
  const fieldRows = CORRECTABLE_FIELDS.map((f) => {
    const field = stored[f] ?? null;
    const doubt = untrusted.get(f);
    const key = doubt && !firstUntrustedKeyed ? ((firstUntrustedKeyed = true), 'e') : null;
    const trust = field?.confirmedBy
      ? html`<span class="badge badge-ok">confirmed by ${field.confirmedBy}</span>`
      : doubt
        ? html`<span class="badge badge-bad">not trusted</span>`
        : field
          ? html`<span class="badge">${field.confidence >= 0.8 ? 'trusted' : 'low confidence'}</span>`
          : html`<span class="muted">not read</span>`;
    const page = field?.source?.page;
    const findable = positioned && page !== undefined && quotedPages.has(page);
    const where = !field?.source
      ? ''
      : html`p. ${field.source.page}: <q>${field.source.text}</q> ${findable
          ? html`<span class="position muted" data-position-for="${f}"></span>`
          : html`<span class="position muted">position unknown${positioned ? '' : ' (read by OCR)'}</span>`}`;
    return html`<tr class="${doubt ? 'untrusted' : ''}"${findable ? html` data-field="${f}"` : ''}>
  <th scope="row">${FIELD_LABELS[f]}</th>
  <td>${inReview
    ? actionForm(id, csrf, version, html`<input type="hidden" name="action" value="correct"><input type="hidden" name="field" value="${f}"><input name="value" value="${shownValue(f, field?.value)}" aria-label="${FIELD_LABELS[f]}" placeholder="${f === 'offenceAt' ? 'YYYY-MM-DD HH:MM' : f.endsWith('Date') || f === 'redirectDeadline' ? 'YYYY-MM-DD' : ''}"${key ? html` data-key="${key}"` : ''}>`, html`<button type="submit" title="save (Enter)">Save</button>`, { cls: 'field-form' })
    : html`<span>${shownValue(f, field?.value) || '—'}</span>`}</td>
  <td class="num">${field ? `${Math.round(field.confidence * 100)}%` : ''}</td>
  <td>${trust}</td>
  <td class="source">${where}</td>
</tr>`;
  });
  const fields = html`<section aria-label="fields read"><h2>Fields read</h2>
<table class="fields"><thead><tr><th>Field</th><th>Value ${inReview ? html`<span class="muted">(edit, Enter saves)</span>` : ''}</th><th>Confidence</th><th>Trust</th><th>Where it was read${positioned && quotedPages.size > 0 ? html` <span class="muted">(point at a row to see its line on the page)</span>` : ''}</th></tr></thead><tbody>${fieldRows}</tbody></table></section>`;

  const offence = d.ext?.offenceAt ?? null;
  const covers = (c: DocumentDetail['contracts'][number]) => offence !== null && c.startsAt <= offence && (c.endsAt === null || offence < c.endsAt);
  // An operator's pick (the resolution) or the contract the domain matched on its own.
  const picked = d.resolution?.contractId ?? a?.contractId ?? null;
  const pickedWord = d.resolution?.contractId ? 'picked' : 'matched';
  const contracts = html`<section aria-label="contracts"><h2>Contracts for ${d.ext?.plate ?? 'this plate'}</h2>
${d.contracts.length === 0
  ? html`<p class="muted">No contract of ${d.client.code} for this plate${d.ext?.plate ? '' : ' (no plate read)'}. The client must send one, or correct the plate.</p>`
  : html`<ol class="contracts">${d.contracts.slice(0, 9).map((c, i) => html`<li class="${covers(c) ? 'covers' : ''}">
  ${inReview && c.id !== picked ? actionForm(id, csrf, version, html`<input type="hidden" name="action" value="pick_contract"><input type="hidden" name="contractId" value="${c.id}">`, html`<button type="submit" data-key="${i + 1}"><kbd>${i + 1}</kbd> Pick ${c.contractRef}</button>`) : html`${c.id === picked ? html`<span class="badge badge-ok">${pickedWord}</span> ` : ''}<b>${c.contractRef}</b>`}
  <span>${formatBrusselsInstant(c.startsAt).slice(0, 16).replace('T', ' ')} → ${c.endsAt ? formatBrusselsInstant(c.endsAt).slice(0, 16).replace('T', ' ') : 'open'}</span>
  · policy ${c.finePolicy ?? html`<span class="muted">client default</span>`} · ${c.renter.name ?? html`<span class="muted">no renter name</span>`}
  ${covers(c) ? html`<span class="badge badge-ok">covers the offence time</span>` : offence ? html`<span class="muted">outside the offence time</span>` : ''}
</li>`)}</ol>`}</section>`;

  const actions = inReview
    ? html`<section class="actions" aria-label="actions"><h2>Decide</h2>
<div class="action-row">
  ${actionForm(id, csrf, version, html`<input type="hidden" name="action" value="choose_policy"><input type="hidden" name="policy" value="redirect">`, html`<button type="submit">Redirect to the renter</button>`)}
  ${actionForm(id, csrf, version, html`<input type="hidden" name="action" value="choose_policy"><input type="hidden" name="policy" value="recharge">`, html`<button type="submit">Pay and recharge</button>`)}
  ${a!.reviewReasons.includes('unknown_sender') ? actionForm(id, csrf, version, html`<input type="hidden" name="action" value="accept_sender">`, html`<button type="submit" data-key="a">Accept the sender <kbd>a</kbd></button>`) : ''}
  ${actionForm(id, csrf, version, html`<input type="hidden" name="action" value="not_a_fine">`, html`<button type="submit">Not a fine</button>`, { confirm: 'Close this document as not a fine?' })}
  ${actionForm(id, csrf, version, html`<input type="hidden" name="action" value="resolve">`, html`<button type="submit" data-key="r">Re-assess <kbd>r</kbd></button>`)}
</div></section>`
    : '';
  const reattribute = a
    ? html`<details class="reattribute"><summary>Re-attribute liability</summary>
${actionForm(id, csrf, version, html`<input type="hidden" name="action" value="reattribute">
  <label>Reason <select name="reason"><option value="processing_error">our processing error (processor liable)</option><option value="incorrect_information">the client's information was wrong (client liable)</option></select></label>
  <label>Note (required: why) <textarea name="note" required minlength="3" rows="2"></textarea></label>`, html`<button type="submit">Re-attribute</button>`, { cls: 'stack' })}</details>`
    : '';

  // What the decision produced: downloads (attachments, through the same access check as the original).
  // The current decision's first; earlier versions' marked superseded (src/web/views/output-list.ts).
  const outputSection = outputList(id, outputs, { detail: true, pending: a?.decision === 'redirect' || a?.decision === 'recharge' });
  const dispute = a?.decision === 'recharge'
    ? d.resolution?.rechargeDisputedAt
      ? html`<p class="muted">Recharge disputed by the renter (${formatBrusselsInstant(d.resolution.rechargeDisputedAt).slice(0, 16).replace('T', ' ')}): kept out of the accounting file.</p>`
      : !disputable
        ? html`<p class="muted">The recharge is in the accounting file (the client's dispute window has closed).</p>`
        : html`<details class="dispute"><summary>The renter disputes the recharge</summary>
${actionForm(id, csrf, version, html`<input type="hidden" name="action" value="dispute_recharge">
  <label>Note (required: what the renter disputes) <textarea name="note" required minlength="3" rows="2"></textarea></label>`, html`<button type="submit">Mark disputed</button>`, { cls: 'stack' })}</details>`
    : '';


  const auditRows = audit.map((e) => {
    const said = auditWords(e, e.actor);
    const changes = said.changes.map(
      (c) => html`<li><b>${c.what}</b>: ${c.before !== null ? html`<span class="was">${c.before}</span> → ` : ''}${c.after !== null ? html`<span class="now">${c.after}</span>` : html`<span class="muted">removed</span>`}</li>`,
    );
    return html`<tr><td>${formatBrusselsInstant(e.at).slice(0, 19).replace('T', ' ')}</td><td>${e.actor}</td><td>${said.action} <div class="muted small"><code>${e.action}</code></div></td><td>${changes.length > 0 ? html`<ul class="changes">${changes}</ul>` : html`<span class="muted">—</span>`}${e.note ? html`<div class="note">Note: ${e.note}</div>` : ''}</td></tr>`;
  });
  const trail = html`<section aria-label="audit trail"><h2>Audit trail <small>newest first</small></h2><table class="audit"><thead><tr><th>When</th><th>Who</th><th>What happened</th><th>What changed (before → after)</th></tr></thead><tbody>${auditRows}</tbody></table></section>`;

  const origin = d.mail?.from
    ? html`mailed by <b>${d.mail.from}</b>${d.mail.subject ? html` — <q>${d.mail.subject}</q>` : ''}`
    : d.upload?.channel
      ? html`uploaded (${d.upload.channel})`
      : '';
  return html`<div class="doc-head">
  <h1>${d.ext?.plate ?? 'No plate'} <small>${d.client.code} · ${d.doc.filename}</small></h1>
  <p class="muted">Received ${formatBrusselsInstant(d.doc.receivedAt).slice(0, 16).replace('T', ' ')} · ${origin}${d.doc.senderAllowed ? '' : html` · <span class="badge badge-warn">sender not on the client's list</span>`} · version ${version}</p>
  <nav class="doc-nav"><a href="/queue" data-key="q">← Queue <kbd>q</kbd></a> <a href="/queue/next?after=${id}" data-key="n">Next document <kbd>n</kbd></a> <span class="muted"><kbd>?</kbd> keys</span></nav>
</div>
<div class="doc-view">
${original}
<section class="facts">
${status}
${doubts}
${fields}
${contracts}
${outputSection}
${actions}
${dispute}
${reattribute}
</section>
</div>
${trail}
${shortcutHelp([['c', 'confirm the read values that are not trusted'], ['e', 'edit the first field that is not trusted (Enter saves, Esc leaves)'], ['1 – 9', 'pick that contract'], ['a', 'accept the sender (unknown sender)'], ['r', 're-assess'], ['n', 'next document in the queue'], ['q', 'back to the queue'], ['d', 'download the original'], ['?', 'show or hide this list']])}`;
}

/** The form fields of an action form, as the API's action schema wants them. */
const actionForm400 = (message: string) => new HttpError(400, 'bad_value', message);
const formBody = z.object({
  _csrf: z.string().optional(),
  version: z.coerce.number().int().min(1, 'this document has not been assessed yet; reload it in a moment'),
  action: z.string(),
  field: z.string().optional(),
  value: z.string().optional(),
  fields: z.union([z.string(), z.array(z.string())]).optional(),
  contractId: z.string().optional(),
  policy: z.string().optional(),
  reason: z.string().optional(),
  note: z.string().optional(),
});

/** What a decided or still open document means to the operator, after an action. */
function outcomeNotice(result: { decision: string | null; reviewReasons: string[] }): string {
  if (result.decision && result.decision !== 'review') return `Saved. Decided: ${decisionLabel(result.decision)}. Press n for the next document.`;
  const why = result.reviewReasons.map((r) => `${reasonLabel(r)} (${reasonNext(r)})`).join('; ');
  return `Saved. Still in review: ${why || 'see the reasons below'}.`;
}

export async function registerDocumentPage(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const routes = app.withTypeProvider<ZodTypeProvider>();

  routes.get('/documents/:id', { schema: { hide: true, params: uuidParam } }, async (request, reply) => {
    const who = pageOperator(request);
    await visibleDocument(ctx, who.scope, request.params.id);
    const detail = await documentDetail(ctx.db, request.params.id);
    if (!detail) throw notFound();
    await recordDocumentView(ctx.db, { documentId: detail.doc.id, userId: who.scope.userId, what: 'view' });
    const audit = await documentAuditTrail(ctx.db, detail.doc.id);
    const loaded = detail.assessment?.decision === 'recharge' ? await loadOutputFacts(ctx.db, detail.doc.id) : null;
    const disputable = loaded !== null && disputeRefusal('recharge', loaded.processedAt, loaded.disputeWindowHours, loaded.rechargeDisputedAt, ctx.now()) === null;
    const body = renderDocument(detail, audit, await listOutputs(ctx.db, detail.doc.id), disputable, who.csrfToken, ctx.now());
    return sendPage(request, reply, { title: `${detail.ext?.plate ?? detail.doc.filename} · ${detail.client.code}`, user: who.user, csrfToken: who.csrfToken, active: '/queue', body });
  });

  routes.get(
    '/documents/:id/pages/:file',
    { schema: { hide: true, params: z.object({ id: z.uuid(), file: z.string().regex(/^[1-9]\d{0,2}\.png$/, 'a page such as 1.png') }) } },
    async (request, reply) => {
      const who = pageOperator(request);
      await visibleDocument(ctx, who.scope, request.params.id);
      const page = Number.parseInt(request.params.file, 10);
      const file = await documentFile(ctx.db, request.params.id);
      const pages = file?.pageCount ?? (file?.contentType.startsWith('image/') ? 1 : 0);
      if (!file || page > Math.min(pages, MAX_SHOWN_PAGES)) throw new HttpError(404, 'not_found', `this document has no page ${page} to show`);
      await recordDocumentView(ctx.db, { documentId: request.params.id, userId: who.scope.userId, what: 'page' });
      const key = `${file.sha256}:${page}`;
      let png = pageCache.get(key) ?? null;
      if (!png) {
        png = await ctx.parsePool().renderPage(file.content, page, PAGE_WIDTH_PX);
        if (!png) throw new HttpError(404, 'not_found', `page ${page} cannot be drawn; download the original instead`);
        remember(key, png);
      }
      // Our own PNG, never the sender's bytes; sandboxed all the same.
      reply.header('content-type', 'image/png');
      reply.header('content-security-policy', "sandbox; default-src 'none'");
      return reply.send(png);
    },
  );

  // Where the fields' quoted lines sit on a page, as fractions of the page: { boxes: { plate: {x,y,w,h}, … },
  // unknown: [fields not found] }. Only the boxes, never the text; app.js draws them over the image.
  routes.get(
    '/documents/:id/lines/:page',
    { schema: { hide: true, params: z.object({ id: z.uuid(), page: z.coerce.number().int().min(1).max(MAX_SHOWN_PAGES) }) } },
    async (request, reply) => {
      const who = pageOperator(request);
      await visibleDocument(ctx, who.scope, request.params.id);
      const file = await documentFile(ctx.db, request.params.id);
      if (!file) throw notFound();
      const page = request.params.page;
      const stored = (file.fields ?? {}) as Record<string, StoredField | null>;
      const quoted = CORRECTABLE_FIELDS.flatMap((f) => (stored[f]?.source?.page === page ? [{ field: f, quote: stored[f]!.source!.text }] : []));
      let found: ({ x: number; y: number; w: number; h: number } | null)[] | null = quoted.map(() => null);
      if (file.method === 'ocr') {
        // Boxes kept at read time (read-document.ts); an operator's corrected value has none.
        found = quoted.map((q) => stored[q.field]?.source?.box ?? null);
      } else if (file.method === 'text' && quoted.length > 0) {
        const key = `${file.sha256}:${page}:${quoted.map((q) => q.quote).join('\u0000')}`;
        found = lineCache.get(key) ?? (await ctx.parsePool().lineBoxes(file.content, page, quoted.map((q) => q.quote)));
        if (found) rememberLines(key, found);
      }
      const boxes: Record<string, { x: number; y: number; w: number; h: number }> = {};
      const unknown: string[] = [];
      quoted.forEach((q, i) => {
        const box = found?.[i];
        if (box) boxes[q.field] = box;
        else unknown.push(q.field);
      });
      return { page, boxes, unknown };
    },
  );

  routes.post('/documents/:id/actions', { schema: { hide: true, params: uuidParam, body: formBody } }, async (request, reply) => {
    const who = pageOperator(request);
    const { _csrf, version, fields, ...rest } = request.body;
    const candidate = { ...rest, ...(fields !== undefined ? { fields: Array.isArray(fields) ? fields : [fields] } : {}) };
    const parsed = actionSchema.safeParse(candidate);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw actionForm400(`${issue?.path.join('.') || 'action'}: ${issue?.message ?? 'not a valid action'}`);
    }
    const result = await applyOperatorAction(ctx, who.scope, request.params.id, version, parsed.data);
    return redirectWithNotice(reply, `/documents/${request.params.id}`, outcomeNotice(result));
  });
}
