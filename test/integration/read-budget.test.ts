// The read budget (src/reading/read-budget.ts) as the read-document worker applies it through
// takeDocumentToRead: documents claimed side by side each see the others' reservations, a refused
// document reserves nothing, a mail's documents are charged what reading them cost, and a client's
// allowance is counted over the last 24 hours. A read job stores its documents' readings in one
// statement, and each on its own when that fails.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mailboxes } from '../../db/schema.js';
import { saveReading, saveReadings } from '../../src/db/document-store.js';
import { storeMessage } from '../../src/db/mail-store.js';
import { takeDocumentsToRead, takeDocumentToRead } from '../../src/db/read-budget-store.js';
import { parseFineMail } from '../../src/mail/parse-mail.js';
import { buildMail } from '../../fixtures/fine-mail.js';
import { makeFine } from '../../fixtures/fine-truth.js';
import { renderFinePdf } from '../../fixtures/render-fine-pdf.js';
import { createTestEnv, type TestEnv } from '../support/test-env.js';
import { readDocumentWorker } from '../../workers/read-document.js';

const NOW = new Date('2026-11-20T09:00:00Z');
const HOUR = 3600_000;

async function storeMail(t: TestEnv, uid: number, fines: number[]): Promise<string[]> {
  const { ctx } = t.app();
  const [mailbox] = await ctx.db.select().from(mailboxes);
  const attachments = await Promise.all(fines.map(async (n) => ({ filename: `b${n}.pdf`, content: await renderFinePdf(makeFine('be-police-nl', n)) })));
  const parsed = await parseFineMail(await buildMail({ from: 'ops@acme-rent.be', to: 'acme@fines.example.com', attachments }));
  const stored = await storeMessage(ctx.db, {
    mailboxId: mailbox!.id, uidValidity: 1, uid, internalDate: NOW, sizeBytes: 1000, messageId: null, from: parsed.from,
    recipients: [], subject: null, clientId: mailbox!.clientId, senderAllowed: true, status: 'documents', detail: null, raw: null,
    documents: parsed.documents,
  });
  return stored.newDocumentIds;
}

describe('a client allowance of 3 pages a day', () => {
  let t: TestEnv;
  beforeAll(async () => {
    t = await createTestEnv({ BOETE_MAX_PAGES_PER_CLIENT_DAY: '3' });
    await t.setupAcme({ at: NOW });
  });
  afterAll(async () => t?.dispose());

  it('lets exactly three of five one-page documents claimed side by side be read, and counts them for 24 hours', async () => {
    const { ctx } = t.app();
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) ids.push(...(await storeMail(t, i + 1, [100 + i])));
    const five = ids.slice(0, 5);
    const taken = await Promise.all(five.map((id) => takeDocumentToRead(ctx.db, id, ctx.config.readLimits, NOW)));
    const allowed = five.filter((_, i) => taken[i]?.status === 'received' && taken[i].refusal === null);
    const refused = taken.flatMap((d) => (d?.status === 'received' && d.refusal ? [d.refusal] : []));
    expect(allowed).toHaveLength(3);
    expect(refused).toHaveLength(2);
    for (const r of refused) expect(r).toMatchObject({ status: 'unreadable', cause: 'client_budget_exceeded' });
    expect(refused[0]!.detail).toMatch(/3 of 3 pages/);

    // Read: each charged its page, no longer its estimate. The refused ones are recorded refused and charge nothing.
    for (const id of allowed) {
      const doc = await takeDocumentToRead(ctx.db, id, ctx.config.readLimits, NOW);
      expect(doc?.status).toBe('received'); // still to read: a claim taken again is the same claim
      if (doc?.status !== 'received') continue;
      const result = await ctx.parsePool().read(doc.content);
      expect(await saveReading(ctx.db, id, result, NOW, ctx.config.readLimits.maxPagesPerDocument)).toBe(true);
    }
    for (const [i, id] of five.entries()) {
      const d = taken[i];
      if (d?.status === 'received' && d.refusal) expect(await saveReading(ctx.db, id, d.refusal, NOW, ctx.config.readLimits.maxPagesPerDocument)).toBe(true);
    }
    const sixth = ids[5]!;
    expect(await takeDocumentToRead(ctx.db, sixth, ctx.config.readLimits, new Date(NOW.getTime() + 23 * HOUR))).toMatchObject({
      status: 'received',
      refusal: { cause: 'client_budget_exceeded' },
    });
    // 25 hours later the three pages read are outside the window.
    expect(await takeDocumentToRead(ctx.db, sixth, ctx.config.readLimits, new Date(NOW.getTime() + 25 * HOUR))).toMatchObject({ status: 'received', refusal: null });
    // A document read already is not taken again (a redelivered job).
    expect(await takeDocumentToRead(ctx.db, allowed[0]!, ctx.config.readLimits, NOW)).toEqual({ status: 'read' });
    // The running figure holds what the documents say: three pages read and the sixth's reservation.
    await expect(chargesByHour(t)).resolves.toEqual({ [NOW.toISOString()]: [3, 0], [new Date(NOW.getTime() + 25 * HOUR).toISOString()]: [1, 1] });
  });
});

/** read_charges of the test's client: hour → [pages, OCR pages], hours whose figure is 0 left out. */
async function chargesByHour(t: TestEnv): Promise<Record<string, [number, number]>> {
  const { rows } = await t.app().ctx.pgPool.query<{ hour: Date; pages: number; ocr_pages: number }>('SELECT hour, pages, ocr_pages FROM read_charges ORDER BY hour');
  return Object.fromEntries(rows.filter((r) => r.pages !== 0 || r.ocr_pages !== 0).map((r) => [r.hour.toISOString(), [r.pages, r.ocr_pages]]));
}

describe('a client allowance of 2 pages a day, read in the middle of an hour', () => {
  let t: TestEnv;
  beforeAll(async () => {
    t = await createTestEnv({ BOETE_MAX_PAGES_PER_CLIENT_DAY: '2' });
    await t.setupAcme({ at: NOW });
  });
  afterAll(async () => t?.dispose());

  it('counts them for exactly 24 hours, to the minute, not to the hour', async () => {
    const { ctx } = t.app();
    const at = new Date(NOW.getTime() + 30 * 60_000); // 09:30
    const [a, b, c] = [...(await storeMail(t, 1, [300])), ...(await storeMail(t, 2, [301])), ...(await storeMail(t, 3, [302]))];
    for (const id of [a!, b!]) {
      const doc = await takeDocumentToRead(ctx.db, id, ctx.config.readLimits, at);
      expect(doc).toMatchObject({ status: 'received', refusal: null });
      if (doc?.status !== 'received') continue;
      // Read 10 minutes after it was reserved, in the same hour.
      expect(await saveReading(ctx.db, id, await ctx.parsePool().read(doc.content), new Date(at.getTime() + 10 * 60_000), ctx.config.readLimits.maxPagesPerDocument)).toBe(true);
    }
    const minute = 60_000;
    const readAt = at.getTime() + 10 * minute; // 09:40
    for (const [when, refused] of [
      [readAt + 24 * HOUR - minute, true], // the next day at 09:39: the two pages read at 09:40 count
      [readAt + 24 * HOUR, true],
      [readAt + 24 * HOUR + minute, false], // at 09:41 they are 24 hours old
      [readAt + 23 * HOUR, true],
      [readAt + 2 * HOUR, true],
    ] as const) {
      // Each claim reserves c again, at its own instant: it never counts against itself.
      expect(await takeDocumentToRead(ctx.db, c!, ctx.config.readLimits, new Date(when))).toMatchObject({
        status: 'received',
        refusal: refused ? { cause: 'client_budget_exceeded' } : null,
      });
    }
    // c's reservation (taken at +24 h 1 min, refused afterwards: a refusal moves nothing) and the two readings.
    await expect(chargesByHour(t)).resolves.toEqual({ [NOW.toISOString()]: [2, 0], [new Date(NOW.getTime() + 24 * HOUR).toISOString()]: [1, 1] });
  });
});

describe('a mail allowance of 3 pages', () => {
  let t: TestEnv;
  beforeAll(async () => {
    t = await createTestEnv({ BOETE_MAX_PAGES_PER_MAIL: '3' });
    await t.setupAcme({ at: NOW });
  });
  afterAll(async () => t?.dispose());

  it('charges a document of the mail the pages reading it cost, not its estimate', async () => {
    const { ctx } = t.app();
    const [first, second] = await storeMail(t, 1, [200, 201]);
    expect(await takeDocumentToRead(ctx.db, first!, ctx.config.readLimits, NOW)).toMatchObject({ status: 'received', refusal: null });
    // Estimated at one page, it turned out to have three (as a file whose page tree undercounts would).
    await saveReading(ctx.db, first!, { status: 'unreadable', cause: 'corrupt_pdf', detail: 'test', pageCount: 3 }, NOW, ctx.config.readLimits.maxPagesPerDocument);
    expect(await takeDocumentToRead(ctx.db, second!, ctx.config.readLimits, NOW)).toMatchObject({
      status: 'received',
      refusal: { cause: 'mail_budget_exceeded' },
    });
  });
});

describe('one read job claiming a batch of documents (a client allowance of 3 pages a day, a mail allowance of 2)', () => {
  let t: TestEnv;
  beforeAll(async () => {
    t = await createTestEnv({ BOETE_MAX_PAGES_PER_CLIENT_DAY: '3', BOETE_MAX_PAGES_PER_MAIL: '2' });
    await t.setupAcme({ at: NOW });
  });
  afterAll(async () => t?.dispose());

  it('judges each document in order with the reservations of the ones before it, as claims one after another would', async () => {
    const { ctx } = t.app();
    // Mail 1 carries three one-page documents (its allowance is two), mails 2 and 3 one each.
    const [a, b, c] = await storeMail(t, 1, [400, 401, 402]);
    const [d] = await storeMail(t, 2, [403]);
    const [e] = await storeMail(t, 3, [404]);
    const order = [a!, b!, c!, d!, e!];
    const taken = await takeDocumentsToRead(ctx.db, order, ctx.config.readLimits, NOW);
    const refusal = (id: string) => {
      const doc = taken.get(id);
      return doc?.status === 'received' ? (doc.refusal?.cause ?? null) : doc?.status;
    };
    // a and b fill their mail's two pages; c is refused by its mail; d fills the client's third
    // page; e is refused by the client. Only the three allowed hold a reservation.
    expect(order.map(refusal)).toEqual([null, null, 'mail_budget_exceeded', null, 'client_budget_exceeded']);
    expect(taken.get(c!)).toMatchObject({ refusal: { detail: expect.stringMatching(/2 of 2 pages/) } });
    expect(taken.get(e!)).toMatchObject({ refusal: { detail: expect.stringMatching(/3 of 3 pages/) } });
    await expect(chargesByHour(t)).resolves.toEqual({ [NOW.toISOString()]: [3, 3] });

    // The same batch claimed again (a job tried again): the same answers, and the same three reservations, not six.
    const again = await takeDocumentsToRead(ctx.db, order, ctx.config.readLimits, NOW);
    expect(order.map((id) => (again.get(id)?.status === 'received' ? ((again.get(id) as { refusal: { cause: string } | null }).refusal?.cause ?? null) : 'taken'))).toEqual([
      null, null, 'mail_budget_exceeded', null, 'client_budget_exceeded',
    ]);
    await expect(chargesByHour(t)).resolves.toEqual({ [NOW.toISOString()]: [3, 3] });

    // Once a is read, a batch with it and an unknown id: a is not taken again, the unknown one is absent.
    const doc = again.get(a!);
    if (doc?.status !== 'received') throw new Error('a should be claimable');
    await saveReading(ctx.db, a!, await ctx.parsePool().read(doc.content), NOW, ctx.config.readLimits.maxPagesPerDocument);
    const unknown = '00000000-0000-4000-8000-000000000000';
    const later = await takeDocumentsToRead(ctx.db, [a!, unknown], ctx.config.readLimits, NOW);
    expect(later.get(a!)).toEqual({ status: 'read' });
    expect(later.has(unknown)).toBe(false);
  });
});

describe('a read job storing its documents together', () => {
  let t: TestEnv;
  beforeAll(async () => {
    t = await createTestEnv();
    await t.setupAcme({ at: NOW });
  });
  afterAll(async () => t?.dispose());

  it('stores every reading of a batch in one statement, each charged and audited once, and a second delivery writes nothing', async () => {
    const { ctx } = t.app();
    const ids = await storeMail(t, 1, [400, 401, 402]);
    const taken = await takeDocumentsToRead(ctx.db, ids, ctx.config.readLimits, NOW);
    const readings = await Promise.all(ids.map(async (documentId) => {
      const doc = taken.get(documentId);
      if (doc?.status !== 'received') throw new Error('not taken');
      return { documentId, result: await ctx.parsePool().read(doc.content) };
    }));
    expect([...(await saveReadings(ctx.db, readings, NOW, ctx.config.readLimits.maxPagesPerDocument))].sort()).toEqual([...ids].sort());
    expect(await saveReadings(ctx.db, readings, NOW, ctx.config.readLimits.maxPagesPerDocument)).toEqual(new Set());
    const q = (text: string) => ctx.pgPool.query(text, [ids]).then((r) => Number((r.rows[0] as { n: string }).n));
    expect(await q(`SELECT count(*) AS n FROM documents WHERE id = ANY($1) AND status = 'read'`)).toBe(3);
    expect(await q(`SELECT count(*) AS n FROM extracted_fields WHERE document_id = ANY($1) AND read_status = 'read' AND plate IS NOT NULL`)).toBe(3);
    expect(await q(`SELECT count(*) AS n FROM audit_events WHERE entity_id = ANY($1::text[]) AND action = 'document.read'`)).toBe(3);
    // Three one-page documents, each reserved at its estimate and then charged its page, once.
    await expect(chargesByHour(t)).resolves.toEqual({ [NOW.toISOString()]: [3, 0] });
  });

  it('stores each on its own when the database refuses one, so the others are read and the job is tried again for that one', async () => {
    const { ctx } = t.app();
    const ids = await storeMail(t, 2, [410, 411, 412]);
    const refused = ids[1]!;
    // A real refusal by PostgreSQL for one document's row.
    await ctx.pgPool.query(`CREATE FUNCTION refuse_one() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
      IF NEW.document_id = '${refused}' THEN RAISE EXCEPTION 'refused for the test'; END IF; RETURN NEW; END $$`);
    await ctx.pgPool.query('CREATE TRIGGER refuse_one BEFORE INSERT ON extracted_fields FOR EACH ROW EXECUTE FUNCTION refuse_one()');
    try {
      await expect(readDocumentWorker.handler({ documentIds: ids }, ctx)).rejects.toThrow(/refused for the test/);
      const status = async (id: string) => (await ctx.pgPool.query<{ status: string }>('SELECT status FROM documents WHERE id = $1', [id])).rows[0]!.status;
      expect(await status(ids[0]!)).toBe('assessed');
      expect(await status(refused)).toBe('received');
      expect(await status(ids[2]!)).toBe('assessed');
    } finally {
      await ctx.pgPool.query('DROP TRIGGER refuse_one ON extracted_fields; DROP FUNCTION refuse_one()');
    }
    // Tried again: the two done are skipped, the third read now.
    const again = (await readDocumentWorker.handler({ documentIds: ids }, ctx)) as { documents: { skipped?: string; status?: string }[] };
    expect(again.documents.map((d) => d.skipped ?? d.status)).toEqual(['assessed', 'read', 'assessed']);
  });
});
