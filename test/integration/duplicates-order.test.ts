// A rescan received after the original must end as its duplicate even when the rescan's jobs run
// first: "first" means first received, whatever order the workers happen to take.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { documents } from '../../db/schema.js';
import { storeMessage } from '../../src/db/mail-store.js';
import { brusselsInstant } from '../../src/domain/brussels-time.js';
import type { IsoDate } from '../../src/domain/calendar-date.js';
import { exportRecords } from '../../src/export/export-records.js';
import { parseFineMail } from '../../src/mail/parse-mail.js';
import { drainQueues } from '../../workers/runtime.js';
import { assessDocumentWorker as assessDocumentJob } from '../../workers/assess-document.js';
import { readDocumentWorker as readDocumentJob } from '../../workers/read-document.js';
import { buildMail } from '../../fixtures/fine-mail.js';
import { makeFine } from '../../fixtures/fine-truth.js';
import { renderFinePdf } from '../../fixtures/render-fine-pdf.js';
import { mailboxes } from '../../db/schema.js';
import { parseContractCsv } from '../../src/contracts/contract-csv.js';
import { importContracts } from '../../src/contracts/import-contracts.js';
import { createTestEnv, type TestEnv } from '../support/test-env.js';

let t: TestEnv;
beforeAll(async () => {
  t = await createTestEnv();
});
afterAll(async () => t?.dispose());

it('marks the later copy as duplicate even when it was assessed before the original was read', async () => {
  const { ctx } = t.app();
  const at = (date: string, h: number) => brusselsInstant(date as IsoDate, h);
  await t.setupAcme({ at: at('2026-11-01', 9), defaultFinePolicy: 'recharge' });
  const [mailbox] = await ctx.db.select().from(mailboxes);
  const original = makeFine('be-police-nl', 5, { plateAsPrinted: '1-ABC-123', documentDate: '2026-11-20' as IsoDate });
  const csv = `client,contract_ref,plate,starts_at,ends_at,fine_policy,renter_type,renter_name,renter_address,renter_birth_date,renter_company_number,renter_email,admin_fee_cents
acme,AC-1,1ABC123,2026-10-01,,,person,Jan,"Straat 1, Gent",1980-01-01,,,
`;
  await importContracts(ctx.db, parseContractCsv(csv, 'c.csv'), at('2026-11-01', 9));
  const rescan = { ...original, description: 'Herinnering' };
  const store = async (uid: number, pdf: Buffer, arrived: Date) => {
    const parsed = await parseFineMail(await buildMail({ from: 'ops@acme-rent.be', to: 'acme@fines.example.com', attachments: [{ filename: 'b.pdf', content: pdf }] }));
    const stored = await storeMessage(ctx.db, {
      mailboxId: mailbox!.id, uidValidity: 1, uid, internalDate: arrived, sizeBytes: 1000, messageId: null, from: parsed.from,
      recipients: [], subject: null, clientId: mailbox!.clientId, senderAllowed: true, status: 'documents', detail: null, raw: null,
      documents: parsed.documents,
    });
    return stored.newDocumentIds[0]!;
  };
  const originalId = await store(1, await renderFinePdf(original), at('2026-11-20', 9));
  const rescanId = await store(2, await renderFinePdf(rescan), at('2026-11-21', 9));

  // The rescan goes all the way through before the original is even read.
  await readDocumentJob.handler({ documentIds: [rescanId] }, ctx);
  await assessDocumentJob.handler({ documentId: rescanId, asDuplicate: false }, ctx);
  expect((await exportRecords(ctx.db, at('2026-11-23', 10))).find((r) => r.id === rescanId)?.decision).toBe('recharge');
  await readDocumentJob.handler({ documentIds: [originalId] }, ctx);
  await assessDocumentJob.handler({ documentId: originalId, asDuplicate: false }, ctx);
  await drainQueues(ctx);

  const records = await exportRecords(ctx.db, at('2026-11-23', 10));
  expect(records.find((r) => r.id === originalId)).toMatchObject({ decision: 'recharge', duplicateOf: null });
  expect(records.find((r) => r.id === rescanId)).toMatchObject({ decision: 'duplicate', duplicateOf: originalId });
  expect((await ctx.db.select().from(documents).where(eq(documents.id, rescanId)))[0]?.status).toBe('assessed');
});

it('marks the later copy as duplicate when both are read in one job, the rescan listed first', async () => {
  const { ctx } = t.app();
  const at = (date: string, h: number) => brusselsInstant(date as IsoDate, h);
  const [mailbox] = await ctx.db.select().from(mailboxes);
  const original = makeFine('be-police-nl', 6, { plateAsPrinted: '1-ABC-123', documentDate: '2026-11-20' as IsoDate });
  const rescan = { ...original, description: 'Herinnering' };
  const store = async (uid: number, pdf: Buffer, arrived: Date) => {
    const parsed = await parseFineMail(await buildMail({ from: 'ops@acme-rent.be', to: 'acme@fines.example.com', attachments: [{ filename: 'c.pdf', content: pdf }] }));
    const stored = await storeMessage(ctx.db, {
      mailboxId: mailbox!.id, uidValidity: 1, uid, internalDate: arrived, sizeBytes: 1000, messageId: null, from: parsed.from,
      recipients: [], subject: null, clientId: mailbox!.clientId, senderAllowed: true, status: 'documents', detail: null, raw: null,
      documents: parsed.documents,
    });
    return stored.newDocumentIds[0]!;
  };
  const originalId = await store(11, await renderFinePdf(original), at('2026-11-20', 9));
  const rescanId = await store(12, await renderFinePdf(rescan), at('2026-11-21', 9));

  // One batch: both read and stored, their facts loaded together, then each assessed.
  await readDocumentJob.handler({ documentIds: [rescanId, originalId] }, ctx);
  await drainQueues(ctx);
  const records = await exportRecords(ctx.db, at('2026-11-23', 10));
  expect(records.find((r) => r.id === originalId)).toMatchObject({ decision: 'recharge', duplicateOf: null });
  expect(records.find((r) => r.id === rescanId)).toMatchObject({ decision: 'duplicate', duplicateOf: originalId });
});
