// Every kind of bad or awkward input a client mails, through real Dovecot: each ends in a recorded,
// specific state, nothing crashes the worker, and a good fine mailed after them is still processed.
import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documents, extractedFields, receivedMails } from '../../db/schema.js';
import { brusselsInstant } from '../../src/domain/brussels-time.js';
import type { IsoDate } from '../../src/domain/calendar-date.js';
import { exportRecords, type ExportRecord } from '../../src/export/export-records.js';
import { runOnce } from '../../workers/runtime.js';
import { buildMail, type MailAttachment } from '../../fixtures/fine-mail.js';
import { makeFine, type FineTruth } from '../../fixtures/fine-truth.js';
import { renderFinePdf, renderInvoicePdf } from '../../fixtures/render-fine-pdf.js';
import { renderNonFineJpeg, renderPhotoJpeg } from '../../fixtures/render-scan.js';
import { createTestEnv, type TestEnv } from '../support/test-env.js';

const d = (s: string) => s as IsoDate;
const NOW = brusselsInstant(d('2026-11-23'), 10, 0);
const MiB = 1024 * 1024;

let t: TestEnv;
let records: ExportRecord[];
let db: ReturnType<TestEnv['app']>['ctx']['db'];

const fine = (seed: number, plate: string): FineTruth =>
  makeFine('be-police-nl', seed, { plateAsPrinted: plate, offenceDate: d('2026-11-10'), documentDate: d('2026-11-18') });
const viaOctetStream = fine(101, '1-OCT-101');
const viaInline = fine(102, '1-INL-102');
const viaUpperCase = fine(103, '1-UPC-103');
const viaForward = fine(104, '1-FWD-104');
const viaHostileName = fine(105, '1-HOS-105');
const photographed = fine(106, '1-PHO-106');
const lastGood = fine(107, '1-LST-107');

const byFilename = (name: string) => {
  const r = records.filter((x) => x.filename === name);
  if (r.length !== 1) throw new Error(`expected one record named ${name}, found ${r.length}`);
  return r[0]!;
};
const byPlate = (plate: string) => {
  const r = records.find((x) => x.plate === plate);
  if (!r) throw new Error(`no record for plate ${plate}`);
  return r;
};
const readOutcome = async (documentId: string) => {
  const [row] = await db.select().from(extractedFields).where(eq(extractedFields.documentId, documentId));
  return row;
};

beforeAll(async () => {
  t = await createTestEnv();
  const { ctx } = t.app();
  ctx.now = () => NOW;
  db = ctx.db;
  const user = t.imapUser('acme');
  await t.setupAcme({ at: brusselsInstant(d('2026-11-01'), 9, 0), defaultFinePolicy: 'recharge' });
  let minute = 0;
  const mail = async (attachments: MailAttachment[], extra: Partial<Parameters<typeof buildMail>[0]> = {}) => {
    minute += 1;
    const raw = await buildMail({ from: 'backoffice@acme-rent.be', to: 'acme@fines.example.com', attachments, ...extra });
    await t.appendMail(user, raw, brusselsInstant(d('2026-11-20'), 9, minute));
  };

  await mail([{ filename: 'corrupt.pdf', content: Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(4096)]) }]);
  await mail([{ filename: 'vermomd.pdf', content: Buffer.from('PK\u0003\u0004 a zip archive under a PDF name') }]);
  await mail([{ filename: 'leeg.pdf', content: Buffer.alloc(0) }]);
  await mail([{ filename: 'beveiligd.pdf', content: await renderFinePdf(fine(100, '1-PWD-100'), { userPassword: 'geheim' }) }]);
  // 25 MB: larger than the default 20 MiB limit once base64-encoded, so never downloaded.
  await mail([{ filename: 'groot.pdf', content: Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(25 * 1000 * 1000)]) }]);
  await mail([{ filename: '../../x/<script>.pdf', content: await renderFinePdf(viaHostileName) }]);
  await mail([{ filename: 'scan', content: await renderFinePdf(viaOctetStream), contentType: 'application/octet-stream' }]);
  await mail([{ filename: 'inline.pdf', content: await renderFinePdf(viaInline), inline: true }]);
  await mail([{ filename: 'BOETE.PDF', content: await renderFinePdf(viaUpperCase) }]);
  await mail([{ filename: 'doorgestuurd.pdf', content: await renderFinePdf(viaForward) }], { forwarded: true });
  await mail([{ filename: 'foto.jpg', content: await renderPhotoJpeg(await renderFinePdf(photographed), 106), contentType: 'image/jpeg' }]);
  await mail([{ filename: 'parking.jpg', content: await renderNonFineJpeg(), contentType: 'image/jpeg' }]);
  await mail([{ filename: 'factuur.pdf', content: await renderInvoicePdf() }]);
  await mail([{ filename: 'notes.docx', content: randomBytes(2000), contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' }]);
  await mail([{ filename: 'laatste.pdf', content: await renderFinePdf(lastGood) }]);

  await runOnce(ctx);
  records = await exportRecords(ctx.db, NOW);
}, 180_000);

afterAll(async () => t?.dispose());

describe('files that cannot be opened go to review with their specific cause', () => {
  it.each([
    ['corrupt.pdf', 'corrupt_pdf'],
    ['vermomd.pdf', 'not_a_document'],
    ['leeg.pdf', 'empty_file'],
    ['beveiligd.pdf', 'password_protected'],
  ])('%s → unreadable (%s)', async (filename, cause) => {
    const r = byFilename(filename);
    expect(r).toMatchObject({ decision: 'review', reviewReasons: ['unreadable_document'], plate: null });
    expect(await readOutcome(r.id)).toMatchObject({ readStatus: 'unreadable', unreadableCause: cause });
  });
});

describe('mails that are not ordinary', () => {
  it('records a 25 MB mail as oversized without downloading it or creating a document', async () => {
    const mails = await db.select().from(receivedMails).where(eq(receivedMails.status, 'oversized'));
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({ raw: null, serverAction: 'done' });
    expect(mails[0]!.sizeBytes).toBeGreaterThan(20 * MiB);
    expect(records.some((r) => r.filename === 'groot.pdf')).toBe(false);
  });

  it('records a mail whose only attachment is not a document as no_document', async () => {
    const mails = await db.select().from(receivedMails).where(eq(receivedMails.status, 'no_document'));
    expect(mails).toHaveLength(1);
  });

  it('keeps a hostile file name only as a plain name, and still reads the fine', async () => {
    const r = byPlate('1HOS105');
    expect(r.filename).not.toMatch(/[/\\<>]/);
    expect(r.filename.endsWith('.pdf')).toBe(true);
    expect(r.reviewReasons).not.toContain('unreadable_document');
  });

  it.each([
    ['octet-stream without extension', viaOctetStream],
    ['inline', viaInline],
    ['upper-case .PDF', viaUpperCase],
    ['inside a forwarded message/rfc822', viaForward],
  ])('finds a PDF sent %s, and reads it', (_how, truth) => {
    const r = byPlate(truth.plateAsPrinted.replace(/\W/g, ''));
    expect(r).toMatchObject({ kind: 'fine', reference: truth.reference, amountCents: truth.amountCents });
    expect(r.filename.endsWith('.pdf')).toBe(true);
  });

  it('keeps a phone photo of a fine as a document and reads it with OCR', async () => {
    const r = byFilename('foto.jpg');
    const [doc] = await db.select({ contentType: documents.contentType }).from(documents).where(eq(documents.id, r.id));
    expect(doc?.contentType).toBe('image/jpeg');
    expect(r).toMatchObject({ kind: 'fine', plate: '1PHO106', reference: photographed.reference, amountCents: photographed.amountCents });
    expect(await readOutcome(r.id)).toMatchObject({ readStatus: 'read', method: 'ocr' });
  });

  it('sends a JPEG that is not a fine to review, never to an automatic decision', () => {
    const r = byFilename('parking.jpg');
    expect(r.decision).toBe('review');
    expect(r.plate).toBeNull();
  });

  it('sends a readable invoice to review as not_a_fine', () => {
    expect(byFilename('factuur.pdf')).toMatchObject({ decision: 'review', reviewReasons: ['not_a_fine'], kind: 'unknown' });
  });

  it('keeps going: the fine mailed after all of them is read and assessed', () => {
    const r = byPlate('1LST107');
    expect(r).toMatchObject({ kind: 'fine', reference: lastGood.reference });
    expect(r.reviewReasons).toEqual(['no_contract']);
  });

  it('marks every mail on the server once it is stored, including the bad ones', async () => {
    const mails = await db.select({ serverAction: receivedMails.serverAction }).from(receivedMails);
    expect(mails).toHaveLength(15);
    expect(mails.every((m) => m.serverAction === 'done')).toBe(true);
  });
});
