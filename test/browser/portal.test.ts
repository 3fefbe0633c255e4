// The client portal in a real browser: Debian's Chromium (scripts/browser.sh installs it) driven by
// playwright-core, against the real server on a socket (buildServer(ctx).listen) with real
// PostgreSQL and Redis. A client user logs in, sees a fine waiting for a contract, uploads a
// contracts CSV with a mistake (sees the line, field and value), then the corrected file, and sees
// the fine decided. BOETE_SCREENSHOTS_DIR=docs/screenshots keeps the screenshots of those screens.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { brusselsInstant } from '../../src/domain/brussels-time.js';
import type { IsoDate } from '../../src/domain/calendar-date.js';
import { exportRecords } from '../../src/export/export-records.js';
import { buildServer } from '../../src/web/server.js';
import { drainQueues } from '../../workers/runtime.js';
import { makeFine } from '../../fixtures/fine-truth.js';
import { renderFinePdf } from '../../fixtures/render-fine-pdf.js';
import { CONTRACT_HEADER, PASSWORD, seedPortal } from '../support/portal-fixture.js';
import { createTestEnv, type TestEnv } from '../support/test-env.js';

const CHROMIUM = '/usr/bin/chromium';
const d = (s: string) => s as IsoDate;
const NOW = brusselsInstant(d('2026-11-23'), 10);
const SHOTS = process.env.BOETE_SCREENSHOTS_DIR;

let t: TestEnv;
let ctx: ReturnType<TestEnv['app']>['ctx'];
let server: FastifyInstance;
let browser: Browser;
let base: string;
let documentId: string;
let firstPdf: Buffer;

async function shot(page: Page, name: string) {
  if (!SHOTS) return;
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

beforeAll(async () => {
  t = await createTestEnv();
  ctx = t.app().ctx;
  ctx.now = () => NOW;
  const seed = await seedPortal(ctx);
  server = await buildServer(ctx);
  await server.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
  const dates = { offenceDate: d('2026-11-09'), documentDate: d('2026-11-20'), dueDate: d('2026-12-21') };
  const pdf = await renderFinePdf(makeFine('be-police-fr', 51, { plateAsPrinted: '1-ABC-123', ...dates }));
  firstPdf = pdf;
  const res = await fetch(`${base}/api/documents?filename=pv-1ABC123.pdf`, { method: 'POST', headers: { authorization: `Bearer ${seed.acmeToken}`, 'content-type': 'application/pdf' }, body: pdf });
  expect(res.status).toBe(201);
  documentId = ((await res.json()) as { documentIds: string[] }).documentIds[0] as string;
  const second = await renderFinePdf(makeFine('be-police-fr', 52, { plateAsPrinted: '1-XYZ-987', ...dates, dueDate: d('2026-12-04') }));
  await fetch(`${base}/api/documents?filename=pv-1XYZ987.pdf`, { method: 'POST', headers: { authorization: `Bearer ${seed.acmeToken}`, 'content-type': 'application/pdf' }, body: second });
  await drainQueues(ctx);
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await t?.dispose();
});

describe('client portal in Chromium', () => {
  it('no contract → the client uploads the contract CSV → decided', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const scriptErrors: string[] = [];
    page.on('pageerror', (e) => scriptErrors.push(e.message));
    // A script or style the CSP blocked would show here (a 422 answer or a missing favicon would not).
    page.on('console', (m) => {
      if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) scriptErrors.push(m.text());
    });

    await page.goto(`${base}/`);
    await page.getByLabel('E-mail address').fill('user@acme.test');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL(`${base}/portal`);
    const row = page.locator('tr', { hasText: '1ABC123' });
    expect(await row.textContent()).toContain('Waiting for your information');
    expect(await row.textContent()).toContain('a contract covering plate 1ABC123 on 2026-11-09');
    expect(await page.textContent('main')).toContain('2 documents wait for your information');
    await shot(page, 'portal-documents');

    // The document's own page: what is missing, the original as a download.
    await row.getByRole('link', { name: '1ABC123' }).click();
    await page.waitForURL(`${base}/portal/documents/${documentId}`);
    expect(await page.textContent('main')).toContain('What we need from you');
    expect(await page.getAttribute('a[download]', 'href')).toBe(`/api/documents/${documentId}/file`);
    await shot(page, 'portal-document');

    // A contracts file with a mistake: the page names the line, the field, the value and what is allowed.
    await page.getByRole('link', { name: 'Upload contracts' }).click();
    await page.waitForURL(`${base}/portal/contracts`);
    await page.getByLabel('Contracts file (.csv)').setInputFiles({
      name: 'contracts-november.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(`${CONTRACT_HEADER}\nacme,C-1001,1-ABC-123,09/11/2026 08:00,2026-11-12T18:00,redirect,person,Marie Dubois,"Rue Haute 5, 1000 Bruxelles",1990-01-01,,,\n`),
    });
    await page.getByRole('button', { name: 'Import contracts' }).click();
    await page.waitForLoadState();
    const problems = page.getByRole('alert');
    expect(await problems.textContent()).toContain(
      'contracts-november.csv line 2, starts_at "09/11/2026 08:00": expected an ISO 8601 date-time such as 2026-11-20T09:00 (Brussels time) or 2026-11-20T09:00:00+01:00 (did you mean 2026-11-09T08:00?)',
    );
    await shot(page, 'portal-contracts-error');

    // The corrected file: imported, the waiting fine re-assessed and decided at once.
    await page.getByLabel('Contracts file (.csv)').setInputFiles({
      name: 'contracts-november.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(`${CONTRACT_HEADER}\nacme,C-1001,1-ABC-123,2026-11-09T08:00,2026-11-12T18:00,redirect,person,Marie Dubois,"Rue Haute 5, 1000 Bruxelles",1990-01-01,,,\n`),
    });
    await page.getByRole('button', { name: 'Import contracts' }).click();
    await page.waitForURL(`${base}/portal/contracts`);
    expect(await page.getByRole('status').textContent()).toBe(
      'contracts-november.csv: 1 contract(s): 1 created, 0 updated, 0 unchanged; re-assessed 2 waiting document(s): 1 now decided, 1 still open (see My documents)',
    );
    expect(await page.textContent('table')).toContain('C-1001');
    await shot(page, 'portal-contracts');

    await page.getByRole('navigation', { name: 'main' }).getByRole('link', { name: 'My documents' }).click();
    await page.waitForURL(`${base}/portal`);
    expect(await page.locator('tr', { hasText: '1ABC123' }).textContent()).toContain('Decided: redirect');
    expect(await page.textContent('main')).toContain('1 document waits for your information');
    await shot(page, 'portal-documents-decided');

    // The same fine uploaded again through the form: recognised, not stored twice.
    await page.getByRole('navigation', { name: 'main' }).getByRole('link', { name: 'Upload fines' }).click();
    await page.getByLabel(/^Files/).setInputFiles({ name: 'scan-again.pdf', mimeType: 'application/pdf', buffer: firstPdf });
    await page.getByRole('button', { name: 'Upload' }).click();
    await page.waitForURL(/\/portal\/upload\?upload=/);
    expect(await page.getByRole('status').textContent()).toBe('1 file(s) received: 0 new, 1 already known');
    expect(await page.textContent('table')).toContain('already known');
    await shot(page, 'portal-upload');

    const record = (await exportRecords(ctx.db, NOW)).find((r) => r.id === documentId);
    expect(record).toMatchObject({ decision: 'redirect', contractRef: 'C-1001' });
    expect(scriptErrors).toEqual([]);
    await page.close();
  });

  it('the other waiting fine: the client types its one contract into the form → decided', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${base}/`);
    await page.getByLabel('E-mail address').fill('user@acme.test');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL(`${base}/portal`);
    await page.goto(`${base}/portal/contracts`);
    const form = page.locator('form.contract-form');
    await form.getByLabel(/^Contract reference/).fill('C-2002');
    await form.getByLabel(/^Plate/).fill('1-XYZ-987');
    await form.getByLabel(/^Starts at/).fill('09/11/2026 08:00'); // a Belgian Excel habit: refused with the ISO form meant
    await form.getByLabel(/^Fine policy/).fill('recharge');
    await form.getByLabel(/^Renter type/).fill('company');
    await form.getByLabel(/^Renter name/).fill('Transport Janssens BV');
    await form.getByLabel(/^Company number/).fill('BE0123456789');
    await form.getByRole('button', { name: 'Save the contract' }).click();
    await page.waitForLoadState();
    expect(await page.getByRole('alert').textContent()).toContain('starts_at "09/11/2026 08:00": expected an ISO 8601 date-time such as 2026-11-20T09:00 (Brussels time) or 2026-11-20T09:00:00+01:00 (did you mean 2026-11-09T08:00?)');
    expect(await form.getByLabel(/^Renter name/).inputValue()).toBe('Transport Janssens BV'); // nothing typed is lost
    await shot(page, 'portal-contract-form-error');
    await form.getByLabel(/^Starts at/).fill('2026-11-09T08:00');
    await form.getByRole('button', { name: 'Save the contract' }).click();
    await page.waitForURL(`${base}/portal/contracts`);
    expect(await page.getByRole('status').textContent()).toBe('contract C-2002 added; re-assessed 1 waiting document(s): 1 now decided');
    await page.getByRole('navigation', { name: 'main' }).getByRole('link', { name: 'My documents' }).click();
    expect(await page.locator('tr', { hasText: '1XYZ987' }).textContent()).toContain('Decided: recharge');
    expect(await page.textContent('main')).toContain('Nothing waits for your information');
    await page.close();
  });
});
