// Client users' portal: their documents with what is missing and how much time is left, a contracts
// CSV upload (the same import and messages as `boete contracts import`, own client only), the renter
// data of one document, fine uploads (the mail's path), and one document's detail. Every query goes
// through src/db/portal-store.ts with the session's client id, so another client's ids are 404.
// Information delivered here re-assesses the waiting documents at once (src/reassess.ts reassessNow:
// the worker's assessDocument), so the page can say what was decided.
import path from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../app-context.js';
import { bytesSource } from '../contracts/csv-text.js';
import { CONTRACT_COLUMNS } from '../contracts/contract-csv.js';
import { importContracts, importOwnContractFile } from '../contracts/import-contracts.js';
import { recordDocumentView } from '../db/document-detail-store.js';
import {
  clientContract,
  clientDocumentDetail,
  clientDocumentOutputs,
  decisionsOf,
  listClientContracts,
  listClientDocuments,
  updateContractRenter,
  uploadReceipts,
  waitingDocumentIds,
  type ClientDocumentRow,
} from '../db/portal-store.js';
import { InputError } from '../errors.js';
import { reassessNow } from '../reassess.js';
import type { ReviewReason } from '../domain/types.js';
import { notFound } from './access.js';
import { html, type Html, type Renderable } from './html.js';
import { intakeFiles, intakeOutcomes } from './intake.js';
import { MAX_FILES, multipartFiles, uploadLimits } from './multipart.js';
import { pageClientUser, redirectWithNotice, sendPage, type PageUser } from './page-kit.js';
import { parseRenterForm, renterFormOf, type RenterForm, type RenterProblem } from './renter-form.js';
import { checkContractForm, contractFormFrom, contractFormOf, CONTRACT_FORM_FIELDS, CONTRACT_FORM_LABELS, type ContractForm } from './contract-form.js';
import { csrfField } from './views/layout.js';
import { outputList } from './views/output-list.js';
import { BASIS_WORDS, brusselsText, daysLeftWords, missingInformation, stateWords } from './views/portal-words.js';

const PAGE_SIZE = 50;
const pageQuery = z.object({ page: z.coerce.number().int().min(1).max(100_000).default(1) });
const idParam = z.object({ id: z.uuid() });
const hidden = { hide: true };

const badge = (text: string, kind: string): Html => html`<span class="badge${kind ? ` badge-${kind}` : ''}">${text}</span>`;

function pager(base: string, page: number, total: number): Html | '' {
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  if (pages <= 1) return '';
  return html`<nav class="pager" aria-label="pages">${page > 1 ? html`<a href="${base}?page=${page - 1}">← previous</a>` : ''}
    <span class="muted">page ${page} of ${pages}</span>${page < pages ? html`<a href="${base}?page=${page + 1}">next →</a>` : ''}</nav>`;
}

/** The next step for the client on one document, as a link (or nothing when it is not theirs to take). */
function nextStep(r: { id: string; reasons: readonly ReviewReason[]; decision: string | null; contract: unknown }): Html | '' {
  if (r.decision !== 'review') return '';
  if (r.reasons.includes('missing_renter_data') && r.contract) return html`<a class="button" href="/portal/documents/${r.id}#renter">Fill in renter data</a>`;
  if (r.reasons.some((x) => x === 'no_contract' || x === 'ambiguous_contract' || x === 'no_instruction')) return html`<a class="button" href="/portal/contracts">Upload contracts</a>`;
  return '';
}

function missingCell(r: ClientDocumentRow): Html {
  if (r.decision !== 'review') return html`<span class="muted">nothing</span>`;
  const m = missingInformation(r);
  return html`${m.needsClient.length > 0 ? html`<ul class="missing">${m.needsClient.map((x) => html`<li>${x}</li>`)}</ul>` : ''}${m.operatorOnly.map((x) => html`<div class="muted">${x}</div>`)}`;
}

function deadlineCell(r: { latestDeliveryDate: string | null; deadlineBasis: string | null; deadlineBasisDate: string | null; decision: string | null }, now: Date): Html {
  if (!r.latestDeliveryDate) return html`<span class="muted">not known yet</span>`;
  const left = daysLeftWords(r.latestDeliveryDate as never, now);
  const open = r.decision === 'review';
  return html`<strong class="nowrap">${r.latestDeliveryDate}</strong>${open ? html`<div>${badge(left.text, left.urgent ? 'bad' : '')}</div>` : ''}
    <div class="muted">${r.deadlineBasis ? html`${BASIS_WORDS[r.deadlineBasis] ?? r.deadlineBasis} <span class="nowrap">${r.deadlineBasisDate ?? ''}</span>` : ''}</div>`;
}

function frame(request: FastifyRequest, reply: FastifyReply, who: PageUser, title: string, active: string, body: Renderable) {
  return sendPage(request, reply, { title, user: who.user, csrfToken: who.csrfToken, active, body });
}

export async function registerPortalPages(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const limits = uploadLimits(ctx);

  // ---- The client's documents, most urgent first.
  routes.get('/portal', { schema: { ...hidden, querystring: pageQuery } }, async (request, reply) => {
    const who = pageClientUser(request);
    const clientId = who.scope.clientId as string;
    const page = request.query.page;
    const { total, rows } = await listClientDocuments(ctx.db, clientId, { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
    const waiting = rows.filter((r) => r.decision === 'review' && r.waitingForClient).length;
    const now = ctx.now();
    const body = html`<h1>My documents <small>${total} in all</small></h1>
<p class="lead">${
      waiting > 0
        ? html`<strong>${waiting} document${waiting === 1 ? '' : 's'} wait${waiting === 1 ? 's' : ''} for your information.</strong> Send it before the latest delivery date: after that, the fine's delay is yours.`
        : 'Nothing waits for your information.'
    } You can <a href="/portal/contracts">upload contracts</a> or <a href="/portal/upload">upload fines</a> you received yourself.</p>
${
  rows.length === 0
    ? html`<p class="empty">No documents yet. Fines mailed to us or <a href="/portal/upload">uploaded here</a> appear in this list.</p>`
    : html`<table class="documents">
<thead><tr><th>Document</th><th>State</th><th>What we need from you</th><th>Send it by</th><th></th></tr></thead>
<tbody>${rows.map((r) => {
        const state = stateWords(r);
        return html`<tr>
  <td><a href="/portal/documents/${r.id}">${r.plate ?? r.filename}</a><div class="muted">${r.kind ? `${r.kind.replace(/_/g, ' ')} · ` : ''}${r.reference ?? r.filename}</div><div class="muted">received ${brusselsText(r.receivedAt)}</div></td>
  <td>${badge(state.text, state.badge)}</td>
  <td>${missingCell(r)}</td>
  <td>${deadlineCell(r, now)}</td>
  <td>${nextStep(r)}</td>
</tr>`;
      })}</tbody></table>`
}
${pager('/portal', page, total)}`;
    return frame(request, reply, who, 'My documents', '/portal', body);
  });

  // ---- Contracts: upload a CSV, see the client's contracts.
  type FormState = { values: ContractForm; problems: string[]; editing: boolean };
  const contractForm = (who: PageUser, form: FormState | null): Html => {
    const values = form?.values ?? contractFormOf({});
    return html`<section class="card" id="one-contract">
<h2>${form?.editing ? `Correct contract ${values.contract_ref}` : 'Add or correct one contract'}</h2>
<p>The same rules as a line of the file. A contract reference already on file replaces that contract. Documents waiting for a contract are assessed again at once.</p>
${form && form.problems.length > 0
  ? html`<div class="problems" role="alert"><p><strong>Nothing was saved.</strong> Correct these fields:</p><ul>${form.problems.map((p) => html`<li><code>${p}</code></li>`)}</ul></div>`
  : ''}
<form method="post" action="/portal/contracts/one" class="contract-form">
  ${csrfField(who.csrfToken)}
  <div class="form-grid">${CONTRACT_FORM_FIELDS.map((f) => {
    const l = CONTRACT_FORM_LABELS[f];
    const wrong = form?.problems.some((p) => p.startsWith(`${f} `)) ?? false;
    return html`<label${wrong ? html` class="wrong"` : ''}>${l.label}${l.required ? ' *' : ''} <span class="muted small">${f}</span>
    <input name="${f}" value="${values[f]}"${l.required ? html` required` : ''}${wrong ? html` aria-invalid="true"` : ''}>${l.hint ? html`<span class="muted small">${l.hint}</span>` : ''}</label>`;
  })}</div>
  <button type="submit" class="primary">Save the contract</button>${form?.editing ? html` <a href="/portal/contracts">Cancel</a>` : ''}
</form>
</section>`;
  };

  const contractsPage = async (request: FastifyRequest, reply: FastifyReply, who: PageUser, page: number, problems: { heading: string; lines: string[] } | null, form: FormState | null = null) => {
    const clientId = who.scope.clientId as string;
    const { total, rows } = await listClientContracts(ctx.db, clientId, { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
    // The most urgent documents come first, so those waiting for a contract are among the first page's.
    const needed = (await listClientDocuments(ctx.db, clientId, { limit: PAGE_SIZE, offset: 0 })).rows.filter(
      (r) => r.decision === 'review' && r.reasons.some((x) => x === 'no_contract' || x === 'ambiguous_contract' || x === 'no_instruction'),
    );
    const body = html`<h1>Contracts <small>${total} on file</small></h1>
${
  problems
    ? html`<section class="problems" role="alert"><h2>Nothing was imported</h2><p>${problems.heading}</p><ul>${problems.lines.map((l) => html`<li><code>${l}</code></li>`)}</ul>
<p>Correct these lines in your file and upload it again. The whole file is imported, or nothing.</p></section>`
    : ''
}
<section class="card">
<h2>Upload a contracts file</h2>
<p>A CSV file (as saved from Excel) with a header line and one contract per line. Every line must be for your client code <strong>${who.user.clientCode ?? ''}</strong>. A contract already on file (same contract reference) is replaced by the file's version. Documents waiting for a contract are assessed again as soon as the file is imported.</p>
<form method="post" action="/portal/contracts" enctype="multipart/form-data">
  ${csrfField(who.csrfToken)}
  <label>Contracts file (.csv) <input type="file" name="file" accept=".csv,text/csv" required></label>
  <button type="submit" class="primary">Import contracts</button>
</form>
<details><summary>Columns of the file</summary>
<p><code>${CONTRACT_COLUMNS.join(',')}</code></p>
<p class="muted">Times are Brussels time (2026-11-20T09:00); ends_at empty for an open contract; fine_policy redirect, recharge or empty; renter_type person or company; a person needs renter_birth_date, a company renter_company_number. ";" as separator and Excel's Windows-1252 are fine too.</p>
</details>
</section>
${
  needed.length > 0
    ? html`<section class="card needs"><h2>Contracts we are waiting for</h2><ul class="missing">${needed.map(
        (r) => html`<li>${missingInformation(r).needsClient.map((x, i) => html`${i > 0 ? '; ' : ''}${x}`)} <span class="muted">— send by ${r.latestDeliveryDate ?? 'as soon as possible'}</span></li>`,
      )}</ul></section>`
    : ''
}
${contractForm(who, form)}
<h2>Your contracts</h2>
${
  rows.length === 0
    ? html`<p class="empty">No contracts yet.</p>`
    : html`<table><thead><tr><th>Contract</th><th>Plate</th><th>From</th><th>Until</th><th>Fine policy</th><th>Renter</th><th>Received</th><th></th></tr></thead>
<tbody>${rows.map(
        (c) => html`<tr><td>${c.contractRef}</td><td>${c.plate}</td><td>${brusselsText(c.startsAt)}</td><td>${c.endsAt ? brusselsText(c.endsAt) : html`<span class="muted">open</span>`}</td>
<td>${c.finePolicy ?? html`<span class="muted">your default</span>`}</td><td>${c.renterName ?? html`<span class="muted">—</span>`}${c.renterType ? html` <span class="muted">(${c.renterType})</span>` : ''}</td><td>${brusselsText(c.receivedAt)}</td>
<td><a href="/portal/contracts?edit=${c.id}#one-contract">Correct</a></td></tr>`,
      )}</tbody></table>`
}
${pager('/portal/contracts', page, total)}`;
    return frame(request, reply, who, 'Contracts', '/portal/contracts', body);
  };

  routes.get('/portal/contracts', { schema: { ...hidden, querystring: pageQuery.extend({ edit: z.uuid().optional() }) } }, async (request, reply) => {
    const who = pageClientUser(request);
    const editing = request.query.edit ? await clientContract(ctx.db, who.scope.clientId as string, request.query.edit) : null;
    if (request.query.edit && !editing) throw notFound();
    return contractsPage(request, reply, who, request.query.page, null, editing ? { values: contractFormFrom(editing), problems: [], editing: true } : null);
  });

  // ---- One contract from the form: checked as a CSV line, written by the same import, then the
  // waiting documents are assessed again (as after a file).
  routes.post('/portal/contracts/one', { schema: hidden }, async (request, reply) => {
    const who = pageClientUser(request);
    const clientId = who.scope.clientId as string;
    const values = contractFormOf(request.body);
    const checked = checkContractForm(values, who.user.clientCode ?? '');
    if (!checked.ok) {
      reply.status(422);
      return contractsPage(request, reply, who, 1, null, { values, problems: checked.problems, editing: false });
    }
    const summary = await importContracts(ctx.db, [checked.row], ctx.now());
    const waiting = summary.clientIds.includes(clientId) ? await waitingDocumentIds(ctx.db, clientId) : [];
    const result = await reassessNow(ctx, waiting, who.scope.actor);
    const what = summary.created > 0 ? 'added' : summary.updated > 0 ? 'corrected' : 'already so; nothing changed';
    const text =
      `contract ${checked.row.contract_ref} ${what}` +
      (summary.clientIds.length > 0
        ? `; re-assessed ${result.reassessed} waiting document(s): ${result.decided} now decided` +
          (result.reassessed > result.decided ? `, ${result.reassessed - result.decided} still open (see My documents)` : '') +
          (result.queued > 0 ? `; ${result.queued} more are being re-assessed` : '')
        : '');
    return redirectWithNotice(reply, '/portal/contracts', text);
  });

  routes.post('/portal/contracts', { schema: hidden }, async (request, reply) => {
    const who = pageClientUser(request);
    const clientId = who.scope.clientId as string;
    const [file] = multipartFiles(request, 'file');
    if (!file || file.bytes.length === 0) return redirectWithNotice(reply, '/portal/contracts', 'choose a contracts file (.csv) first', 'error');
    const name = path.basename(file.filename.replace(/\\/g, '/')) || 'contracts.csv';
    let summary;
    try {
      summary = await importOwnContractFile(ctx.db, bytesSource(name, file.bytes), who.user.clientCode ?? '', ctx.now());
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      // The CLI's own message: its first line says which file and how many problems, then one per line.
      const [heading = '', ...lines] = error.message.split('\n').map((l) => l.trim());
      reply.status(422);
      return contractsPage(request, reply, who, 1, { heading, lines });
    }
    // As `boete contracts import`: when contracts changed, the documents waiting for them are assessed again.
    const waiting = summary.clientIds.includes(clientId) ? await waitingDocumentIds(ctx.db, clientId) : [];
    const result = await reassessNow(ctx, waiting, who.scope.actor);
    const text =
      `${name}: ${summary.rows} contract(s): ${summary.created} created, ${summary.updated} updated, ${summary.unchanged} unchanged; ` +
      `re-assessed ${result.reassessed} waiting document(s): ${result.decided} now decided` +
      (result.reassessed > result.decided ? `, ${result.reassessed - result.decided} still open (see My documents)` : '') +
      (result.queued > 0 ? `; ${result.queued} more are being re-assessed` : '');
    return redirectWithNotice(reply, '/portal/contracts', text);
  });

  // ---- Fine uploads.
  routes.get('/portal/upload', { schema: { ...hidden, querystring: z.object({ upload: z.uuid().optional() }) } }, async (request, reply) => {
    const who = pageClientUser(request);
    const clientId = who.scope.clientId as string;
    const receipts = request.query.upload ? await uploadReceipts(ctx.db, clientId, request.query.upload) : [];
    const body = html`<h1>Upload fines</h1>
<section class="card">
<p>Fines you received yourself (by post, at the counter): upload the PDF or a photo or scan (JPEG, PNG). They are handled exactly like a fine mailed to us, and the moment of upload counts as the moment we received them.</p>
<form method="post" action="/portal/upload" enctype="multipart/form-data">
  ${csrfField(who.csrfToken)}
  <label>Files (PDF, JPEG or PNG; up to ${MAX_FILES} at once, ${Math.round(limits.fileBytes / 1024 / 1024)} MB each) <input type="file" name="file" accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png" multiple required></label>
  <button type="submit" class="primary">Upload</button>
</form>
</section>
${
  receipts.length > 0
    ? html`<h2>This upload</h2><table><thead><tr><th>File</th><th>What happened</th><th>Now</th></tr></thead><tbody>${receipts.map(
        (r) => html`<tr><td><a href="/portal/documents/${r.documentId}">${r.filename}</a></td>
<td>${r.outcome === 'new' ? badge('new: stored, being read', 'ok') : badge('already known: the same file was received before', 'warn')}</td>
<td>${badge(stateWords({ status: r.status, decision: r.decision, waitingForClient: r.waitingForClient ?? false }).text, '')}</td></tr>`,
      )}</tbody></table><p><a href="/portal">See all my documents</a></p>`
    : request.query.upload
      ? html`<p class="empty">No such upload.</p>`
      : ''
}`;
    return frame(request, reply, who, 'Upload fines', '/portal/upload', body);
  });

  routes.post('/portal/upload', { schema: hidden }, async (request, reply) => {
    const who = pageClientUser(request);
    const files = multipartFiles(request, 'file');
    if (files.length === 0) return redirectWithNotice(reply, '/portal/upload', 'choose one or more files (PDF, JPEG or PNG) first', 'error');
    const empty = files.find((f) => f.bytes.length === 0);
    if (empty) return redirectWithNotice(reply, '/portal/upload', `${empty.filename}: the file is empty; nothing was uploaded`, 'error');
    const stored = await intakeFiles(ctx, who.scope, files, 'portal');
    const outcomes = intakeOutcomes(files, stored);
    const fresh = outcomes.filter((o) => o.outcome === 'new').length;
    return redirectWithNotice(reply, `/portal/upload?upload=${stored.uploadId}`, `${files.length} file(s) received: ${fresh} new, ${files.length - fresh} already known`);
  });

  // ---- One document.
  const documentPage = async (request: FastifyRequest, reply: FastifyReply, who: PageUser, id: string, form: { values: RenterForm; problems: RenterProblem[] } | null) => {
    const clientId = who.scope.clientId as string;
    const detail = await clientDocumentDetail(ctx.db, clientId, id);
    if (!detail) throw notFound();
    await recordDocumentView(ctx.db, { documentId: id, userId: who.scope.userId, what: 'view' });
    const a = detail.assessment;
    const ext = detail.ext;
    const outputs = await clientDocumentOutputs(ctx.db, clientId, id);
    const contract = a?.contractId ? (detail.contracts.find((c) => c.id === a.contractId) ?? null) : null;
    const reasons = (a?.reviewReasons ?? []) as ReviewReason[];
    const state = stateWords({ status: detail.doc.status, decision: a?.decision ?? null, waitingForClient: a?.waitingForClient ?? false });
    const missing = a?.decision === 'review' ? missingInformation({ reasons, plate: ext?.plate ?? null, offenceAt: ext?.offenceAt ?? null, contract }) : null;
    const now = ctx.now();
    const field = (label: string, value: Renderable) => html`<tr><th scope="row">${label}</th><td>${value === null || value === undefined || value === '' ? html`<span class="muted">not read</span>` : value}</td></tr>`;
    const renterEditable = a?.decision === 'review' && reasons.includes('missing_renter_data') && contract !== null;
    const values: RenterForm = form?.values ?? {
      renter_type: contract?.renter.type ?? '',
      renter_name: contract?.renter.name ?? '',
      renter_address: contract?.renter.address ?? '',
      renter_birth_date: contract?.renter.birthDate ?? '',
      renter_company_number: contract?.renter.companyNumber ?? '',
      renter_email: contract?.renter.email ?? '',
    };
    const problemOf = (f: string) => form?.problems.find((p) => p.field === f);
    const input = (name: keyof RenterForm, label: string, extra: Html | '' = '') => {
      const problem = problemOf(name);
      return html`<label>${label} <input name="${name}" value="${values[name]}"${problem ? html` aria-invalid="true"` : ''}${extra}>${problem ? html`<span class="field-error">${problem.message}</span>` : ''}</label>`;
    };
    const body = html`<p><a href="/portal">← My documents</a></p>
<h1>${ext?.plate ?? detail.doc.filename} <small>${ext?.kind ? ext.kind.replace(/_/g, ' ') : ''}</small></h1>
<p>${badge(state.text, state.badge)}</p>
${
  missing && (missing.needsClient.length > 0 || missing.operatorOnly.length > 0)
    ? html`<section class="card ${missing.needsClient.length > 0 ? 'needs' : ''}"><h2>${missing.needsClient.length > 0 ? 'What we need from you' : 'What happens now'}</h2>
${missing.needsClient.length > 0 ? html`<ul class="missing">${missing.needsClient.map((x) => html`<li>${x}</li>`)}</ul>` : ''}
${missing.operatorOnly.map((x) => html`<p class="muted">${x}</p>`)}
${reasons.some((r) => r === 'no_contract' || r === 'ambiguous_contract' || r === 'no_instruction') ? html`<p><a class="button" href="/portal/contracts">Upload contracts</a></p>` : ''}
${a?.latestDeliveryDate ? html`<p>Latest delivery date <strong>${a.latestDeliveryDate}</strong>: ${daysLeftWords(a.latestDeliveryDate as never, now).text}.</p>` : ''}
</section>`
    : ''
}
${
  renterEditable
    ? html`<section class="card" id="renter"><h2>Renter data for contract ${contract.contractRef}</h2>
${form ? html`<p class="notice notice-error" role="alert">Not saved: ${form.problems.length} problem(s), shown at the fields below.</p>` : ''}
<form method="post" action="/portal/documents/${id}/renter" class="renter">
  ${csrfField(who.csrfToken)}
  <label>Renter is a <select name="renter_type"${problemOf('renter_type') ? html` aria-invalid="true"` : ''}>
    <option value=""${values.renter_type === '' ? html` selected` : ''}>choose…</option>
    <option value="person"${values.renter_type === 'person' ? html` selected` : ''}>person</option>
    <option value="company"${values.renter_type === 'company' ? html` selected` : ''}>company</option>
  </select>${problemOf('renter_type') ? html`<span class="field-error">${problemOf('renter_type')?.message}</span>` : ''}</label>
  ${input('renter_name', 'Name')}
  ${input('renter_address', 'Address (street, number, postcode, town)')}
  ${input('renter_birth_date', 'Birth date (a person; YYYY-MM-DD)', html` placeholder="1985-04-12"`)}
  ${input('renter_company_number', 'Company number (a company)', html` placeholder="BE0123456789"`)}
  ${input('renter_email', 'E-mail (optional)', html` type="email"`)}
  <button type="submit" class="primary">Save renter data</button>
</form></section>`
    : ''
}
<section class="card"><h2>What we read</h2>
<table class="fields">
${field('Plate', ext?.plate)}
${field('Offence', ext?.offenceAt ? brusselsText(ext.offenceAt) : null)}
${field('Reference', ext?.reference)}
${field('Amount', ext?.amountCents !== null && ext?.amountCents !== undefined ? `€ ${(ext.amountCents / 100).toFixed(2).replace('.', ',')}` : null)}
${field('Payment due', ext?.dueDate)}
${field('Redirect deadline', ext?.redirectDeadline)}
${field('Contract', contract ? contract.contractRef : html`<span class="muted">none of your contracts matches yet</span>`)}
${field('Latest delivery date', a?.latestDeliveryDate ? html`${a.latestDeliveryDate} <span class="muted">(${a.deadlineBasis ? (BASIS_WORDS[a.deadlineBasis] ?? a.deadlineBasis) : ''} ${a.deadlineBasisDate ?? ''})</span>` : null)}
${field('Received', brusselsText(detail.doc.receivedAt))}
</table>
<p><a href="/api/documents/${id}/file" download>Download the original (${detail.doc.filename})</a></p>
</section>
${outputList(id, outputs, { detail: false, pending: a?.decision === 'redirect' || a?.decision === 'recharge' })}`;
    return frame(request, reply, who, ext?.plate ?? 'Document', '/portal', body);
  };

  routes.get('/portal/documents/:id', { schema: { ...hidden, params: idParam } }, async (request, reply) => {
    const who = pageClientUser(request);
    return documentPage(request, reply, who, request.params.id, null);
  });

  routes.post('/portal/documents/:id/renter', { schema: { ...hidden, params: idParam } }, async (request, reply) => {
    const who = pageClientUser(request);
    const clientId = who.scope.clientId as string;
    const id = request.params.id;
    const detail = await clientDocumentDetail(ctx.db, clientId, id);
    if (!detail) throw notFound();
    const a = detail.assessment;
    if (a?.decision !== 'review' || !a.contractId || !(a.reviewReasons as string[]).includes('missing_renter_data')) {
      return redirectWithNotice(reply, `/portal/documents/${id}`, 'this document does not wait for renter data (any more); nothing was saved', 'error');
    }
    const values = renterFormOf(request.body);
    const parsed = parseRenterForm(values);
    if (!parsed.ok) {
      reply.status(422);
      return documentPage(request, reply, who, id, { values, problems: parsed.problems });
    }
    const saved = await updateContractRenter(ctx.db, clientId, a.contractId, parsed.renter, ctx.now(), who.scope.actor);
    if (saved === 'not_found') throw notFound();
    // The contract may cover other waiting fines too: all of this client's waiting documents are assessed again.
    const waiting = await waitingDocumentIds(ctx.db, clientId);
    const result = await reassessNow(ctx, waiting, who.scope.actor);
    const decision = (await decisionsOf(ctx.db, clientId, [id])).get(id);
    const text =
      saved === 'unchanged'
        ? 'the renter data was already so; nothing changed'
        : `renter data saved; re-assessed ${result.reassessed} waiting document(s): ${result.decided} now decided${decision && decision !== 'review' ? ` (this one: ${decision})` : ''}`;
    return redirectWithNotice(reply, `/portal/documents/${id}`, text);
  });

}
