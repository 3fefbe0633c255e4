// The read budget (src/reading/read-budget.ts) as the read-document worker applies it through
// takeDocumentToRead: documents claimed side by side each see the others' reservations, a refused
// document reserves nothing, a mail's documents are charged what reading them cost, and a client's
// allowance is counted over the last 24 hours.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mailboxes } from '../../db/schema.js';
import { saveReading } from '../../src/db/document-store.js';
import { storeMessage } from '../../src/db/mail-store.js';
import { takeDocumentToRead } from '../../src/db/read-budget-store.js';
import { parseFineMail } from '../../src/mail/parse-mail.js';
import { buildMail } from '../../fixtures/fine-mail.js';
import { makeFine } from '../../fixtures/fine-truth.js';
import { renderFinePdf } from '../../fixtures/render-fine-pdf.js';
import { createTestEnv, type TestEnv } from '../support/test-env.js';

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
      expect(await saveReading(ctx.db, id, result, NOW)).toBe(true);
    }
    for (const [i, id] of five.entries()) {
      const d = taken[i];
      if (d?.status === 'received' && d.refusal) expect(await saveReading(ctx.db, id, d.refusal, NOW)).toBe(true);
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
    await saveReading(ctx.db, first!, { status: 'unreadable', cause: 'corrupt_pdf', detail: 'test', pageCount: 3 }, NOW);
    expect(await takeDocumentToRead(ctx.db, second!, ctx.config.readLimits, NOW)).toMatchObject({
      status: 'received',
      refusal: { cause: 'mail_budget_exceeded' },
    });
  });
});
