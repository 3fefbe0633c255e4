// The operators' pages on real PostgreSQL and Redis (Fastify's inject) with real review cases:
// markup from a mail stays text, client users reach no operator page and no other client's
// document, page forms need the CSRF token, a stale version answers with the conflict message,
// actions decide through the domain, bulk actions report each document, search, dashboard, export.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { eq } from 'drizzle-orm';
import { documentViews, extractedFields } from '../../db/schema.js';
import { exportRecords } from '../../src/export/export-records.js';
import { buildServer, SESSION_COOKIE } from '../../src/web/server.js';
import { CASES_NOW, HOSTILE_SUBJECT, PASSWORD, seedReviewCases, type ReviewCases } from '../support/review-cases.js';
import { createTestEnv, type TestEnv } from '../support/test-env.js';

let t: TestEnv;
let server: FastifyInstance;
let cases: ReviewCases;

async function login(email: string) {
  const res = await server.inject({ method: 'POST', url: '/api/login', payload: { email, password: PASSWORD } });
  expect(res.statusCode).toBe(200);
  const cookie = res.cookies.find((c) => c.name === SESSION_COOKIE)!;
  return { cookie: `${SESSION_COOKIE}=${cookie.value}`, csrf: (res.json() as { csrfToken: string }).csrfToken };
}

const form = (fields: Record<string, string | string[]>) => {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) p.append(k, one);
  return p.toString();
};

async function post(who: { cookie: string }, url: string, fields: Record<string, string | string[]>, referer = 'http://localhost/queue') {
  return server.inject({ method: 'POST', url, headers: { cookie: who.cookie, 'content-type': 'application/x-www-form-urlencoded', referer, host: 'localhost' }, payload: form(fields) });
}

/** The notice the redirect carries, as the next page shows it. */
async function follow(who: { cookie: string }, res: Awaited<ReturnType<typeof post>>) {
  const notice = res.cookies.find((c) => c.name === 'boete_notice');
  const page = await server.inject({ url: res.headers.location as string, headers: { cookie: `${who.cookie}${notice ? `; boete_notice=${encodeURIComponent(notice.value)}` : ''}` } });
  return page.body;
}

const versionOf = (body: string) => Number(/name="version" value="(\d+)"/.exec(body)?.[1]);

beforeAll(async () => {
  t = await createTestEnv();
  cases = await seedReviewCases(t);
  server = await buildServer(cases.ctx);
}, 240_000);

afterAll(async () => {
  await server?.close();
  await t?.dispose();
});

describe('operator pages', () => {
  it('lists the queue with working days left, reasons and counts per reason', async () => {
    const op = await login('op@boete.test');
    const res = await server.inject({ url: '/queue', headers: { cookie: op.cookie } });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(`/documents/${cases.unreadable}`);
    expect(res.body).toContain(`/documents/${cases.ambiguous}`);
    expect(res.body).toMatch(/working days? left|working days? late|due today/);
    expect(res.body).toContain('href="/queue?reason=unknown_sender"');
    const filtered = await server.inject({ url: '/queue?reason=unknown_sender', headers: { cookie: op.cookie } });
    for (const id of cases.unknownSenders) expect(filtered.body).toContain(`value="${id}:`);
    expect(filtered.body).not.toContain(`/documents/${cases.ambiguous}`);
  });

  it('never renders markup from a mail: subject and sender stay text', async () => {
    const op = await login('op@boete.test');
    const res = await server.inject({ url: `/documents/${cases.hostile}`, headers: { cookie: op.cookie } });
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain('<script>alert');
    expect(res.body).not.toContain('<img src=x');
    expect(res.body).toContain('&lt;script&gt;alert(&quot;subject&quot;)&lt;/script&gt;');
    expect(HOSTILE_SUBJECT).toContain('<script>');
    const queue = await server.inject({ url: '/queue', headers: { cookie: op.cookie } });
    expect(queue.body).not.toContain('<b>Cars</b>');
    expect(queue.body).toContain('Other &lt;b&gt;Cars&lt;/b&gt;');
  });

  it('shows the document: page images, fields with trust, contracts, audit trail; logs the view', async () => {
    const op = await login('op@boete.test');
    const res = await server.inject({ url: `/documents/${cases.ambiguous}`, headers: { cookie: op.cookie } });
    expect(res.body).toContain(`src="/documents/${cases.ambiguous}/pages/1.png"`);
    expect(res.body).toContain('data-key="1"');
    expect(res.body).toContain('data-key="2"');
    expect(res.body).toContain('Audit trail');
    const png = await server.inject({ url: `/documents/${cases.ambiguous}/pages/1.png`, headers: { cookie: op.cookie } });
    expect(png.statusCode).toBe(200);
    expect(png.headers['content-type']).toBe('image/png');
    expect(png.rawPayload.subarray(1, 4).toString()).toBe('PNG');
    expect((await server.inject({ url: `/documents/${cases.ambiguous}/pages/9.png`, headers: { cookie: op.cookie } })).statusCode).toBe(404);
    const unreadable = await server.inject({ url: `/documents/${cases.unreadable}`, headers: { cookie: op.cookie } });
    expect(unreadable.body).toContain('Not trusted');
    expect(unreadable.body).toContain('badge-bad">not trusted');
    const views = await cases.ctx.db.select().from(documentViews).where(eq(documentViews.documentId, cases.ambiguous));
    expect(views.map((v) => v.what)).toEqual(expect.arrayContaining(['view', 'page']));
  });

  it("finds where each field was read on a text PDF's page: boxes in page fractions, in the lines' order", async () => {
    const op = await login('op@boete.test');
    const view = await server.inject({ url: `/documents/${cases.ambiguous}`, headers: { cookie: op.cookie } });
    expect(view.body).toContain(`data-lines="/documents/${cases.ambiguous}/lines/1"`);
    expect(view.body).toContain('data-field="plate"');
    expect(view.body).toContain('data-position-for="plate"');
    const res = await server.inject({ url: `/documents/${cases.ambiguous}/lines/1`, headers: { cookie: op.cookie } });
    expect(res.statusCode).toBe(200);
    const { boxes, unknown } = res.json() as { boxes: Record<string, { x: number; y: number; w: number; h: number }>; unknown: string[] };
    expect(unknown).toEqual([]);
    for (const b of Object.values(boxes)) {
      expect(b.x).toBeGreaterThanOrEqual(0);
      expect(b.x + b.w).toBeLessThanOrEqual(1);
      expect(b.h).toBeGreaterThan(0);
      expect(b.h).toBeLessThan(0.05); // one line (or a sentence of two), not the page
    }
    // The letter (fixtures/render-fine-pdf.ts) prints the plate's sentence, then the PV number, the
    // amount and the due date, each on its own line below the previous one.
    expect(boxes.plate!.y).toBeLessThan(boxes.reference!.y);
    expect(boxes.reference!.y).toBeLessThan(boxes.amountCents!.y);
    expect(boxes.amountCents!.y).toBeLessThan(boxes.dueDate!.y);
    // Only operators; a page without quoted lines has none.
    const acme = await login('user@acme.test');
    expect((await server.inject({ url: `/documents/${cases.ambiguous}/lines/1`, headers: { cookie: acme.cookie } })).statusCode).toBe(403);
    expect((await server.inject({ url: `/documents/${cases.ambiguous}/lines/2`, headers: { cookie: op.cookie } })).json()).toEqual({ page: 2, boxes: {}, unknown: [] });
  });

  it("outlines a line of a page read by OCR with the box kept when it was read, and says where none was kept", async () => {
    const op = await login('op@boete.test');
    const [row] = await cases.ctx.db.select().from(extractedFields).where(eq(extractedFields.documentId, cases.unreadable));
    const fields = row!.fields as Record<string, { source?: { page: number; text: string; box?: unknown } } | null>;
    const box = { x: 0.1, y: 0.3, w: 0.5, h: 0.02 };
    fields.plate = { ...fields.plate!, source: { ...fields.plate!.source!, box } };
    await cases.ctx.db.update(extractedFields).set({ method: 'ocr', fields }).where(eq(extractedFields.documentId, cases.unreadable));
    const view = await server.inject({ url: `/documents/${cases.unreadable}`, headers: { cookie: op.cookie } });
    expect(view.body).toContain(`data-lines="/documents/${cases.unreadable}/lines/1"`);
    const res = (await server.inject({ url: `/documents/${cases.unreadable}/lines/1`, headers: { cookie: op.cookie } })).json() as {
      boxes: Record<string, unknown>;
      unknown: string[];
    };
    expect(res.boxes).toEqual({ plate: box });
    expect(res.unknown.length).toBeGreaterThan(0);
  });

  it('refuses operator pages to client users, and never shows another client\'s document', async () => {
    const acme = await login('user@acme.test');
    for (const url of ['/queue', '/search', '/dashboard', '/export.csv', `/documents/${cases.unreadable}`, `/documents/${cases.unreadable}/pages/1.png`]) {
      expect((await server.inject({ url, headers: { cookie: acme.cookie } })).statusCode, url).toBe(403);
    }
    const res = await post(acme, `/documents/${cases.unreadable}/actions`, { _csrf: acme.csrf, version: '1', action: 'resolve' });
    expect(res.statusCode).toBe(303);
    expect(await follow(acme, res)).not.toContain('Saved');
    const other = await login('user@other.test');
    expect((await server.inject({ url: `/api/documents/${cases.unreadable}`, headers: { cookie: other.cookie } })).statusCode).toBe(404);
    expect((await server.inject({ url: `/api/documents/${cases.other}`, headers: { cookie: other.cookie } })).statusCode).toBe(200);
    // Without a session: the login page.
    expect((await server.inject(`/documents/${cases.unreadable}`)).headers.location).toBe(`/login?next=%2Fdocuments%2F${cases.unreadable}`);
  });

  it('refuses page forms without the CSRF token: nothing changes', async () => {
    const op = await login('op@boete.test');
    const before = versionOf((await server.inject({ url: `/documents/${cases.ambiguous}`, headers: { cookie: op.cookie } })).body);
    const res = await post(op, `/documents/${cases.ambiguous}/actions`, { version: String(before), action: 'resolve' }, `http://localhost/documents/${cases.ambiguous}`);
    expect(res.statusCode).toBe(303);
    expect(await follow(op, res)).toContain('missing or wrong CSRF token');
    const bulk = await post(op, '/queue/bulk', { _csrf: 'forged', bulkAction: 'resolve', ids: `${cases.ambiguous}:${before}` });
    expect(await follow(op, bulk)).toContain('missing or wrong CSRF token');
    const after = versionOf((await server.inject({ url: `/documents/${cases.ambiguous}`, headers: { cookie: op.cookie } })).body);
    expect(after).toBe(before);
  });

  it('corrects an unreadable field and decides; a second operator on the old version gets the conflict message', async () => {
    const op = await login('op@boete.test');
    const op2 = await login('op2@boete.test');
    const page = (await server.inject({ url: `/documents/${cases.unreadable}`, headers: { cookie: op.cookie } })).body;
    const version = versionOf(page);
    const bad = await post(op, `/documents/${cases.unreadable}/actions`, { _csrf: op.csrf, version: String(version), action: 'correct', field: 'dueDate', value: '31/02/2026' }, `http://localhost/documents/${cases.unreadable}`);
    expect(await follow(op, bad)).toContain('dueDate: &quot;31/02/2026&quot; is not a date');
    const res = await post(op, `/documents/${cases.unreadable}/actions`, { _csrf: op.csrf, version: String(version), action: 'correct', field: 'dueDate', value: '21/12/2026' }, `http://localhost/documents/${cases.unreadable}`);
    expect(res.headers.location).toBe(`/documents/${cases.unreadable}`);
    const shown = await follow(op, res);
    expect(shown).toContain('Saved. Decided: pay and recharge the renter');
    expect(shown).toContain('field.corrected');
    // The trail in words: who, what, the field before → after; the decision the re-assessment made.
    const trail = shown.slice(shown.indexOf('aria-label="audit trail"'));
    expect(trail).not.toContain('{&quot;');
    expect(trail).toMatch(/corrected a field[\s\S]*<b>Due date<\/b>: <span class="was">2026-11-09 \(\d+%\)<\/span> → <span class="now">2026-12-21 \(100%\), set by op@boete.test<\/span>/);
    expect(trail).toMatch(/re-assessed[\s\S]*<b>Decision<\/b>: <span class="was">in review<\/span> → <span class="now">pay and recharge the renter<\/span>/);
    const stale = await post(op2, `/documents/${cases.unreadable}/actions`, { _csrf: op2.csrf, version: String(version), action: 'not_a_fine' }, `http://localhost/documents/${cases.unreadable}`);
    const conflict = await follow(op2, stale);
    expect(conflict).toContain('this document changed since you opened it');
    expect(conflict).toContain('op@boete.test');
    const r = (await exportRecords(cases.ctx.db, CASES_NOW)).find((x) => x.id === cases.unreadable);
    expect(r).toMatchObject({ decision: 'recharge', dueDate: '2026-12-21' });
  });

  it('applies a bulk action to each selected document and reports each outcome', async () => {
    const op = await login('op@boete.test');
    const [a, b, c] = cases.unknownSenders as [string, string, string];
    const versions = await Promise.all([a, b].map(async (id) => versionOf((await server.inject({ url: `/documents/${id}`, headers: { cookie: op.cookie } })).body)));
    const res = await post(op, '/queue/bulk', { _csrf: op.csrf, back: '/queue?reason=unknown_sender', bulkAction: 'accept_sender', ids: [`${a}:${versions[0]}`, `${b}:${versions[1]}`, `${c}:99`] });
    expect(res.headers.location).toBe('/queue?reason=unknown_sender');
    const shown = await follow(op, res);
    expect(shown).toContain('Accept the sender: 2 of 3 done (2 decided, 0 still in review).');
    expect(shown).toContain(`Not done ${c.slice(0, 8)}: this document changed since you opened it`);
    // The API does the same, validated: an unknown action is a 400.
    const api = await server.inject({ method: 'POST', url: '/api/documents/bulk-actions', headers: { cookie: op.cookie, 'x-csrf-token': op.csrf }, payload: { items: [{ id: c, version: 99 }], action: { action: 'explode' } } });
    expect(api.statusCode).toBe(400);
    const cVersion = versionOf((await server.inject({ url: `/documents/${c}`, headers: { cookie: op.cookie } })).body);
    const ok = await server.inject({ method: 'POST', url: '/api/documents/bulk-actions', headers: { cookie: op.cookie, 'x-csrf-token': op.csrf }, payload: { items: [{ id: c, version: cVersion }], action: { action: 'accept_sender' } } });
    expect(ok.json()).toMatchObject({ succeeded: [{ id: c, decision: 'recharge' }], failed: [] });
    const acme = await login('user@acme.test');
    expect((await server.inject({ method: 'POST', url: '/api/documents/bulk-actions', headers: { cookie: acme.cookie, 'x-csrf-token': acme.csrf }, payload: { items: [{ id: c, version: 1 }], action: { action: 'resolve' } } })).statusCode).toBe(403);
  });

  it('searches, shows the dashboard and exports a filter with the export columns', async () => {
    const op = await login('op@boete.test');
    const found = await server.inject({ url: '/search?plate=1-amb-002', headers: { cookie: op.cookie } });
    expect(found.body).toContain(`/documents/${cases.ambiguous}`);
    expect(found.body).not.toContain(`/documents/${cases.unreadable}`);
    const review = await server.inject({ url: '/search?status=review&from=2026-11-20&to=2026-11-20', headers: { cookie: op.cookie } });
    expect(review.body).toContain(`/documents/${cases.ambiguous}`);
    expect((await server.inject({ url: '/search?from=2026-13-01', headers: { cookie: op.cookie } })).statusCode).toBe(400);
    const dash = await server.inject({ url: '/dashboard', headers: { cookie: op.cookie } });
    expect(dash.statusCode).toBe(200);
    expect(dash.body).toContain('Per client');
    const csv = await server.inject({ url: '/export.csv?plate=1AMB002', headers: { cookie: op.cookie } });
    expect(csv.headers['content-disposition']).toMatch(/^attachment; filename="boete-export-2026-11-23.csv"$/);
    const lines = csv.body.trim().split(/\r?\n/);
    expect(lines[0]).toContain('"id","client","sha256"');
    expect(lines).toHaveLength(2);
    const json = JSON.parse((await server.inject({ url: '/export.json?status=review', headers: { cookie: op.cookie } })).body) as { decision: string }[];
    expect(json.length).toBeGreaterThan(0);
    expect(json.every((r) => r.decision === 'review')).toBe(true);
  });
});
