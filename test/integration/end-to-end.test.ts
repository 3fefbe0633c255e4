// From a client's mailbox to a decided, liability-attributed fine, on real Dovecot, PostgreSQL and
// Redis. Arrival times are set through IMAP APPEND's INTERNALDATE; the clock is fixed.
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentReceipts, receivedMails } from '../../db/schema.js';
import { parseContractCsv } from '../../src/contracts/contract-csv.js';
import { importContracts } from '../../src/contracts/import-contracts.js';
import { brusselsInstant } from '../../src/domain/brussels-time.js';
import type { IsoDate } from '../../src/domain/calendar-date.js';
import { exportRecords, type ExportRecord } from '../../src/export/export-records.js';
import { reassessWaitingDocuments } from '../../src/reassess.js';
import { drainQueues, runOnce } from '../../workers/runtime.js';
import { importSetup } from '../../src/setup/import-setup.js';
import { parseSetupFile } from '../../src/setup/setup-file.js';
import { buildMail } from '../../fixtures/fine-mail.js';
import { makeFine } from '../../fixtures/fine-truth.js';
import { renderFinePdf } from '../../fixtures/render-fine-pdf.js';
import { createTestEnv, IMAP_PASSWORD, IMAP_PORT, type TestEnv } from '../support/test-env.js';

const d = (s: string) => s as IsoDate;
const at = (date: string, h: number, m = 0) => brusselsInstant(d(date), h, m);
const NOW = at('2026-11-23', 10, 0);
/** Setup and the first contracts were delivered well before the fines. */
const EARLY = at('2026-11-01', 9, 0);

let t: TestEnv;
let records: ExportRecord[];
const byRef = (ref: string) => {
  const r = records.find((x) => x.reference === ref);
  if (!r) throw new Error(`no record for ${ref}`);
  return r;
};

const f1 = makeFine('be-police-nl', 11, { plateAsPrinted: '1-ABC-123', offenceDate: d('2026-11-09'), documentDate: d('2026-11-20') });
const f1Rescan = { ...f1, description: 'Overschrijding van de maximumsnelheid (herinnering)' };
const f2 = makeFine('be-police-fr', 12, { plateAsPrinted: '2-DEF-456', offenceDate: d('2026-10-30'), documentDate: d('2026-11-02'), dueDate: d('2026-12-02') });
const f3 = makeFine('be-parking-nl', 13, { plateAsPrinted: '1-HND-001', offenceDate: d('2026-11-10'), offenceTime: '14:30', documentDate: d('2026-11-12') });
// Deadline 27/11 → latest delivery Friday 20/11: Saturday 08:00 is late, Friday 23:40 is on time.
const lateSat = makeFine('be-police-fr', 14, { plateAsPrinted: '2-DEF-456', offenceDate: d('2026-11-03'), dueDate: d('2026-11-27'), documentDate: d('2026-11-15') });
const onTimeFri = makeFine('be-police-fr', 15, { plateAsPrinted: '2-DEF-456', offenceDate: d('2026-11-04'), dueDate: d('2026-11-27'), documentDate: d('2026-11-15') });
const noContract = makeFine('be-police-fr', 16, { plateAsPrinted: '1-NOC-999', offenceDate: d('2026-11-05'), dueDate: d('2026-11-27'), documentDate: d('2026-11-15') });
const identification = makeFine('be-identification-nl', 17, { plateAsPrinted: '1-VAN-777', offenceDate: d('2026-11-12'), documentDate: d('2026-11-18') });
const stranger = makeFine('be-police-nl', 18, { plateAsPrinted: '1-VAN-777', offenceDate: d('2026-11-13'), documentDate: d('2026-11-18') });

const CONTRACTS_1 = `client,contract_ref,plate,starts_at,ends_at,fine_policy,renter_type,renter_name,renter_address,renter_birth_date,renter_company_number,renter_email,admin_fee_cents
acme,AC-1,1-abc-123,2026-11-01T00:00,2026-11-30T00:00,redirect,person,Jan Peeters,"Kerkstraat 1, 2000 Antwerpen",1985-04-12,,jan@example.be,
acme,AC-2,2 DEF 456,2026-10-01,,,person,Marie Dubois,"Rue Haute 5, 1000 Bruxelles",1990-01-01,,,
acme,AC-3A,1HND001,2026-11-01T08:00,2026-11-10T12:00,recharge,company,Bouw NV,"Dok 3, 9000 Gent",,BE0123456789,,2000
acme,AC-3B,1HND001,2026-11-10T12:00,,recharge,company,Transport BV,"Haven 7, 9000 Gent",,BE0987654321,,2500
vanfleet,VF-1,1-VAN-777,2026-11-01T00:00+01:00,,,company,Logistiek BV,"Kaai 2, 8000 Brugge",,BE0555555555,,
`;
const CONTRACTS_2 = `client,contract_ref,plate,starts_at,ends_at,fine_policy,renter_type,renter_name,renter_address,renter_birth_date,renter_company_number,renter_email,admin_fee_cents
acme,AC-9,1-NOC-999,2026-11-01,,recharge,person,Piet Janssens,"Markt 1, 3000 Leuven",1970-07-07,,,
`;

beforeAll(async () => {
  t = await createTestEnv();
  const { ctx } = t.app();
  ctx.now = () => NOW;
  const setup = parseSetupFile(
    JSON.stringify({
      mailboxes: [
        { name: 'acme', host: '127.0.0.1', port: IMAP_PORT, secure: false, user: t.imapUser('acme'), password: IMAP_PASSWORD, folder: 'INBOX', client: 'acme' },
        { name: 'intake', host: '127.0.0.1', port: IMAP_PORT, secure: false, user: t.imapUser('intake'), password: IMAP_PASSWORD, folder: 'INBOX' },
      ],
      clients: [
        { code: 'acme', name: 'ACME Car Rental NV', addresses: ['acme@fines.example.com'], allowedSenders: ['acme-rent.be'], notifyEmail: 'fleet@acme-rent.be', adminFeeCents: 1500, defaultFinePolicy: 'recharge' },
        { code: 'vanfleet', name: 'Van Fleet BV', addresses: ['boetes+vanfleet@fines.example.com'], allowedSenders: ['fleet@vanfleet.nl'] },
      ],
    }),
    'setup.json',
  );
  await importSetup(ctx.db, setup, EARLY);
  await importContracts(ctx.db, parseContractCsv(CONTRACTS_1, 'contracts-1.csv'), EARLY);

  const acme = t.imapUser('acme');
  const intake = t.imapUser('intake');
  const mail = async (user: string, pdfs: Buffer[], arrived: Date, extra: Partial<Parameters<typeof buildMail>[0]> = {}) =>
    t.appendMail(user, await buildMail({ from: 'backoffice@acme-rent.be', to: 'acme@fines.example.com', attachments: pdfs.map((content, i) => ({ filename: `boete-${i + 1}.pdf`, content })), ...extra }), arrived);

  const f1Pdf = await renderFinePdf(f1);
  await mail(acme, [f1Pdf, await renderFinePdf(f2)], at('2026-11-20', 12, 37));
  await mail(acme, [await renderFinePdf(f3)], at('2026-11-20', 13, 0));
  await mail(acme, [await renderFinePdf(lateSat)], at('2026-11-21', 8, 0));
  await mail(acme, [await renderFinePdf(onTimeFri)], at('2026-11-20', 23, 40));
  await mail(acme, [await renderFinePdf(noContract)], at('2026-11-19', 9, 0));
  await mail(acme, [f1Pdf], at('2026-11-21', 9, 0)); // the same file again
  await mail(acme, [await renderFinePdf(f1Rescan)], at('2026-11-21', 10, 0)); // a rescan: same fine, other bytes
  await mail(acme, [], at('2026-11-21', 11, 0), { text: 'Kunnen jullie deze boete dringend behandelen?' });
  await mail(intake, [await renderFinePdf(identification)], at('2026-11-19', 10, 0), {
    from: 'fleet@vanfleet.nl',
    to: 'Boetes <BOETES+VANFLEET@fines.example.com>',
  });
  await mail(intake, [await renderFinePdf(stranger)], at('2026-11-19', 11, 0), { from: 'someone@gmail.com', to: 'boetes+vanfleet@fines.example.com' });

  await runOnce(ctx);
  records = await exportRecords(ctx.db, NOW);
}, 120_000);

afterAll(async () => t?.dispose());

describe('a mailbox of fines, processed once', () => {
  it('creates one record per distinct document (same file twice is one document)', async () => {
    expect(records).toHaveLength(9);
    const { ctx } = t.app();
    const receipts = await ctx.db.select({ n: sql<number>`count(*)::int` }).from(documentReceipts).where(eq(documentReceipts.documentId, byRef(f1.reference).id));
    expect(receipts[0]?.n).toBe(2);
  });

  it('redirects a fine under a contract that says redirect, on time, with the renter data complete', () => {
    const r = byRef(f1.reference);
    expect(r).toMatchObject({
      client: 'acme', kind: 'fine', plate: '1ABC123', contractRef: 'AC-1', decision: 'redirect', deadlineBasis: 'redirect_deadline',
      redirectDeadline: '2026-12-05', latestDeliveryDate: '2026-11-30', delivery: 'on_time', receivedAt: '2026-11-20T12:37:00+01:00',
      liability: { party: 'client', reason: 'processed_on_time' }, processedAt: '2026-11-23T10:00:00+01:00', duplicateOf: null,
    });
    expect(r.offenceAt?.slice(0, 10)).toBe('2026-11-09');
  });

  it("recharges with the client's default policy when the contract has none", () => {
    expect(byRef(f2.reference)).toMatchObject({ contractRef: 'AC-2', decision: 'recharge', deadlineBasis: 'due_date', dueDate: '2026-12-02', latestDeliveryDate: '2026-11-25', amountCents: f2.amountCents });
  });

  it('matches the contract that held the plate at the time of day of the offence', () => {
    expect(byRef(f3.reference)).toMatchObject({ kind: 'parking_charge', contractRef: 'AC-3B', decision: 'recharge' });
  });

  it('counts delivery from the INTERNALDATE: Saturday after a Friday deadline is late, Friday 23:40 is on time', () => {
    expect(byRef(lateSat.reference)).toMatchObject({ latestDeliveryDate: '2026-11-20', delivery: 'late', liability: { party: 'client', reason: 'late_delivery' } });
    expect(byRef(onTimeFri.reference)).toMatchObject({ latestDeliveryDate: '2026-11-20', delivery: 'on_time', liability: { party: 'client', reason: 'processed_on_time' } });
  });

  it('sends a fine without contract to review and blames missing information once the delivery date passed', () => {
    expect(byRef(noContract.reference)).toMatchObject({ decision: 'review', reviewReasons: ['no_contract'], delivery: 'on_time', liability: { party: 'client', reason: 'incomplete_information' }, processedAt: null });
  });

  it('marks a rescan of the same fine as duplicate of the first', () => {
    const dupes = records.filter((r) => r.reference === f1.reference);
    expect(dupes).toHaveLength(2);
    const first = dupes.find((r) => r.decision === 'redirect');
    const rescan = dupes.find((r) => r.decision === 'duplicate');
    expect(first?.receivedAt).toBe('2026-11-20T12:37:00+01:00');
    expect(rescan).toMatchObject({ duplicateOf: first?.id, receivedAt: '2026-11-21T10:00:00+01:00', reviewReasons: [] });
  });

  it('attributes intake mail by recipient (plus-tag, any case) and always redirects an identification request', () => {
    expect(byRef(identification.reference)).toMatchObject({ client: 'vanfleet', kind: 'identification_request', decision: 'redirect', contractRef: 'VF-1', amountCents: null });
  });

  it('keeps mail from an unknown sender for an operator', () => {
    // Nothing is decided without an operator; other missing information is listed too.
    const r = byRef(stranger.reference);
    expect(r).toMatchObject({ client: 'vanfleet', decision: 'review', processedAt: null });
    expect(r.reviewReasons).toContain('unknown_sender');
  });

  it('records a mail without a document, and marks every processed mail \\Seen', async () => {
    const { ctx } = t.app();
    const mails = await ctx.db.select().from(receivedMails);
    expect(mails).toHaveLength(10);
    expect(mails.filter((m) => m.status === 'no_document')).toHaveLength(1);
    expect(mails.every((m) => m.serverAction === 'done')).toBe(true);
  });

  it('running again creates nothing new', async () => {
    const { ctx } = t.app();
    ctx.now = () => NOW;
    await runOnce(ctx);
    expect(await exportRecords(ctx.db, NOW)).toEqual(records);
  });

  it('re-assesses a waiting document when its contract arrives, and records that it came late', async () => {
    const { ctx } = t.app();
    ctx.now = () => NOW;
    const summary = await importContracts(ctx.db, parseContractCsv(CONTRACTS_2, 'contracts-2.csv'), NOW);
    expect(await reassessWaitingDocuments(ctx, summary.clientIds)).toBeGreaterThanOrEqual(1);
    await drainQueues(ctx);
    const after = await exportRecords(ctx.db, NOW);
    expect(after.find((r) => r.reference === noContract.reference)).toMatchObject({
      decision: 'recharge', contractRef: 'AC-9', reviewReasons: [], liability: { party: 'client', reason: 'late_information' },
    });
  });
});
