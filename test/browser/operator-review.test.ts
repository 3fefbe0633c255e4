// Operators resolving real review cases in a real Chromium (Debian's, driven by playwright-core)
// against the real server on a socket: log in, then by keyboard (a) correct an unreadable field →
// decided, (b) pick one of two contracts with key 2 → decided, (c) bulk-accept unknown senders.
// With BOETE_SCREENSHOTS=1 it also writes docs/screenshots/*.png (npm run screenshots).
import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { chromium, type Browser, type Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportRecords } from '../../src/export/export-records.js';
import { applyOperatorAction } from '../../src/web/operator-actions.js';
import { buildServer } from '../../src/web/server.js';
import { drainQueues } from '../../workers/runtime.js';
import { CASES_NOW, PASSWORD, seedReviewCases, type ReviewCases } from '../support/review-cases.js';
import { createTestEnv, type TestEnv } from '../support/test-env.js';

const SHOTS = process.env.BOETE_SCREENSHOTS === '1' ? new URL('../../docs/screenshots/', import.meta.url) : null;

let t: TestEnv;
let cases: ReviewCases;
let server: FastifyInstance;
let browser: Browser;
let page: Page;
let base: string;

async function shot(name: string) {
  if (!SHOTS) return;
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: new URL(`${name}.png`, SHOTS).pathname, fullPage: true });
}

const notice = () => page.locator('main > .notice').innerText();

beforeAll(async () => {
  t = await createTestEnv();
  cases = await seedReviewCases(t);
  server = await buildServer(cases.ctx);
  await server.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox'] });
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  page.on('dialog', (dialog) => void dialog.accept());
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await t?.dispose();
});

describe('an operator in the browser', () => {
  it('logs in and lands on the queue, most urgent first', async () => {
    await page.goto(`${base}/queue`);
    expect(page.url()).toContain('/login?next=%2Fqueue');
    await page.fill('input[name=email]', 'op@boete.test');
    await page.fill('input[name=password]', PASSWORD);
    await page.keyboard.press('Enter');
    await page.waitForURL(`${base}/queue`);
    expect(await page.locator('table.queue tbody tr').count()).toBeGreaterThanOrEqual(5);
    // j moves the current row, k moves it back, ? shows the keys.
    await page.keyboard.press('j');
    expect(await page.locator('tr.current').getAttribute('data-href')).toBe(await page.locator('tbody tr').nth(1).getAttribute('data-href'));
    await page.keyboard.press('k');
    expect(await page.locator('tr.current').getAttribute('data-href')).toBe(await page.locator('tbody tr').nth(0).getAttribute('data-href'));
    await shot('queue');
    await page.keyboard.press('?');
    expect(await page.locator('#shortcut-help').isVisible()).toBe(true);
    await page.keyboard.press('?');
    expect(await page.locator('#shortcut-help').isVisible()).toBe(false);
  });

  it("outlines on the page image the line a field was read from, while its row is pointed at", async () => {
    await page.goto(`${base}/documents/${cases.ambiguous}`);
    await page.waitForLoadState('networkidle');
    const image = page.locator('.page-image img').first();
    await image.evaluate((img: { complete: boolean }) => img.complete);
    const plain = await image.screenshot(); // before any outline is shown
    const box = page.locator('.line-box[data-line-for="plate"]');
    expect(await box.isVisible()).toBe(false);
    await page.locator('tr[data-field="plate"]').hover();
    await box.waitFor({ state: 'visible' });
    expect(await page.locator('tr[data-field="plate"]').getAttribute('class')).toContain('has-line-box');
    expect(await page.locator('[data-position-for="plate"]').innerText()).not.toContain('position unknown');
    const [img, b] = [(await image.boundingBox())!, (await box.boundingBox())!];
    // Over the image, one line high, starting near the left margin where the letter's text starts.
    expect(b.x).toBeGreaterThanOrEqual(img.x - 6);
    expect(b.x + b.width).toBeLessThanOrEqual(img.x + img.width + 6);
    expect(b.height).toBeLessThan(img.height * 0.05);
    expect(b.width).toBeGreaterThan(img.width * 0.3);
    // Under the box the page has print: the plate's sentence, dark on white.
    const crop = await sharp(plain)
      .extract({ left: Math.round(b.x - img.x + 6), top: Math.round(b.y - img.y + 5), width: Math.round(b.width - 12), height: Math.round(b.height - 10) })
      .greyscale()
      .stats();
    expect(crop.channels[0]!.min).toBeLessThan(90);
    // The same text is the plate quoted beside the field, and the reference's box lies below it.
    expect(await page.locator('tr[data-field="plate"] td.source').innerText()).toContain('1-AMB-002');
    const plateTop = b.y - img.y;
    await page.locator('tr[data-field="reference"]').hover();
    await page.locator('.line-box[data-line-for="reference"]').waitFor({ state: 'visible' });
    expect(await box.isVisible()).toBe(false);
    const [img2, r] = [(await image.boundingBox())!, (await page.locator('.line-box[data-line-for="reference"]').boundingBox())!];
    expect(r.y - img2.y).toBeGreaterThan(plateTop + b.height / 2);
    await shot('document-highlight');
    await page.goto(`${base}/queue`);
  });

  it('(a) corrects an unreadable field with the keyboard: decided', async () => {
    await page.click('a.chip[href="/queue?reason=unreadable_document"]');
    await page.waitForURL(/reason=unreadable_document/);
    await page.keyboard.press('Enter');
    await page.waitForURL(`${base}/documents/${cases.unreadable}`);
    expect(await page.locator('.doubts').innerText()).toContain('Due date');
    await page.waitForLoadState('networkidle');
    expect(await page.locator('.original img').first().evaluate((img: { naturalWidth: number }) => img.naturalWidth)).toBeGreaterThan(500);
    await shot('document');
    await page.keyboard.press('e');
    expect(await page.locator(':focus').getAttribute('aria-label')).toBe('Due date');
    await page.keyboard.type('21/12/2026');
    await page.keyboard.press('Enter');
    await page.waitForLoadState('load');
    expect(await notice()).toContain('Decided: pay and recharge the renter');
    expect(await page.locator('table.audit').innerText()).toContain('field.corrected');
    const r = (await exportRecords(cases.ctx.db, CASES_NOW)).find((x) => x.id === cases.unreadable);
    expect(r).toMatchObject({ decision: 'recharge', dueDate: '2026-12-21' });
    // n: the next document in the queue.
    await page.keyboard.press('n');
    await page.waitForURL((url) => url.pathname.startsWith('/documents/') && !url.pathname.includes(cases.unreadable));
  });

  it('(b) picks the second of two contracts with key 2: decided', async () => {
    await page.goto(`${base}/queue?reason=ambiguous_contract`);
    await page.keyboard.press('o');
    await page.waitForURL(`${base}/documents/${cases.ambiguous}`);
    expect(await page.locator('ol.contracts li').count()).toBe(2);
    await page.keyboard.press('2');
    await page.waitForLoadState('load');
    await page.waitForSelector('main > .notice');
    expect(await notice()).toContain('Decided: redirect to the renter');
    const r = (await exportRecords(cases.ctx.db, CASES_NOW)).find((x) => x.id === cases.ambiguous);
    expect(r).toMatchObject({ decision: 'redirect', contractRef: 'AMB-2' });
  });

  it('(c) accepts three unknown senders at once from the queue', async () => {
    await page.goto(`${base}/queue?reason=unknown_sender`);
    const rows = page.locator('tbody tr');
    const n = await rows.count();
    expect(n).toBe(4); // three plain ones and the one with a hostile subject
    // x ticks the current row; j moves on.
    for (let i = 0; i < n; i++) {
      const plate = await rows.nth(i).locator('a').innerText();
      if (plate !== '1HOS020') await page.keyboard.press('x');
      await page.keyboard.press('j');
    }
    expect(await page.locator('input[name=ids]:checked').count()).toBe(3);
    await page.selectOption('select[name=bulkAction]', 'accept_sender');
    await page.click('button:has-text("Apply to selected")');
    await page.waitForSelector('main > .notice');
    expect(await notice()).toContain('Accept the sender: 3 of 3 done (3 decided, 0 still in review).');
    expect(await page.locator('tbody tr').count()).toBe(1);
    const records = await exportRecords(cases.ctx.db, CASES_NOW);
    for (const id of cases.unknownSenders) expect(records.find((x) => x.id === id)?.decision).toBe('recharge');
  });

  it('searches by plate and shows the dashboard', async () => {
    await page.goto(`${base}/search`);
    await page.fill('input[name=plate]', '1-AMB-002');
    await page.keyboard.press('Enter');
    await page.waitForURL(/plate=/);
    expect(await page.locator('table.results tbody tr').count()).toBe(1);
    await shot('search');
    await page.goto(`${base}/dashboard`);
    expect(await page.locator('.cards').innerText()).toContain('in review');
    await shot('dashboard');
  });

  it('after a re-assessment the document shows the current output, the earlier one apart and marked superseded', async () => {
    // (a) decided a recharge: its notice is drawn by the generate-outputs job.
    await drainQueues(cases.ctx);
    await page.goto(`${base}/documents/${cases.unreadable}`);
    const notices = page.locator('.outputs-current a[href$="/outputs/recharge_notice"]');
    expect(await notices.count()).toBe(1);
    expect(await page.locator('details.outputs-superseded').count()).toBe(0);
    // The amount corrected: a new version, a new notice; the first one is kept, superseded.
    const version = Number((await page.locator('input[name=version]').first().getAttribute('value')) ?? '0');
    const op = { actor: 'op@boete.test', clientId: null, userId: null, apiTokenId: null, operator: true };
    await applyOperatorAction(cases.ctx, op, cases.unreadable, version, { action: 'correct', field: 'amountCents', value: '123,00' });
    await drainQueues(cases.ctx);
    await page.goto(`${base}/documents/${cases.unreadable}`);
    expect(await notices.count()).toBe(1);
    const superseded = page.locator('details.outputs-superseded');
    expect(await superseded.getAttribute('open')).toBeNull();
    expect(await superseded.locator('a').isVisible()).toBe(false);
    await superseded.locator('summary').click();
    expect(await superseded.locator(`a[href*="/outputs/recharge_notice?version=${version}"]`).isVisible()).toBe(true);
    expect(await superseded.locator('.superseded').first().innerText()).toMatch(/superseded/i);
  });
});
