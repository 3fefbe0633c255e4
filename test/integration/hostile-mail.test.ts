// Hostile mail through real Dovecot and PostgreSQL (#9): values PostgreSQL cannot store, a display
// name that names another client, PDFs deep in forwards or among 2,000 other attachments, TIFF and
// HEIC photos, a ZIP that starts with a PDF, and mails that would cost too much to read. Each ends
// in one recorded state, and the good fine mailed after them is still processed.
import { eq } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documents, extractedFields, receivedMails } from '../../db/schema.js';
import { brusselsInstant } from '../../src/domain/brussels-time.js';
import type { IsoDate } from '../../src/domain/calendar-date.js';
import { importSetup } from '../../src/setup/import-setup.js';
import { parseSetupFile } from '../../src/setup/setup-file.js';
import { runOnce } from '../../workers/runtime.js';
import { makeFine } from '../../fixtures/fine-truth.js';
import { renderFinePdf } from '../../fixtures/render-fine-pdf.js';
import { renderPhotoJpeg } from '../../fixtures/render-scan.js';
import { blankPdf, heicLike, nestedForwards, rawMail, tinyPdf, toTiff, zipWithEntry } from '../support/hostile-mail.js';
import { createTestEnv, IMAP_HOST, IMAP_PASSWORD, IMAP_PORT, type TestEnv } from '../support/test-env.js';

const d = (s: string) => s as IsoDate;
const NOW = brusselsInstant(d('2026-11-23'), 10, 0);
const fine = (seed: number, plate: string) => makeFine('be-police-nl', seed, { plateAsPrinted: plate, offenceDate: d('2026-11-10'), documentDate: d('2026-11-18') });

let t: TestEnv;
let db: ReturnType<TestEnv['app']>['ctx']['db'];
const h = { From: 'backoffice@acme-rent.be', To: 'acme@fines.example.com' };

const mailBySubject = async (subject: string) => {
  const rows = await db.select().from(receivedMails).where(eq(receivedMails.subject, subject));
  expect(rows).toHaveLength(1);
  return rows[0]!;
};
const docsOf = (mailId: string) => db.select().from(documents).where(eq(documents.firstMailId, mailId));
const readOf = async (documentId: string) => (await db.select().from(extractedFields).where(eq(extractedFields.documentId, documentId)))[0];

beforeAll(async () => {
  t = await createTestEnv({ BOETE_MAX_DOCUMENTS_PER_MAIL: '25', BOETE_MAX_PAGES_PER_MAIL: '100' });
  const { ctx } = t.app();
  ctx.now = () => NOW;
  db = ctx.db;
  const at = brusselsInstant(d('2026-11-01'), 9, 0);
  const acme = t.imapUser('acme');
  const intake = t.imapUser('intake');
  await importSetup(
    db,
    parseSetupFile(
      JSON.stringify({
        mailboxes: [
          { name: 'acme', host: IMAP_HOST, port: IMAP_PORT, secure: false, user: acme, password: IMAP_PASSWORD, client: 'acme' },
          { name: 'intake', host: IMAP_HOST, port: IMAP_PORT, secure: false, user: intake, password: IMAP_PASSWORD },
        ],
        clients: [
          { code: 'acme', name: 'ACME', addresses: ['acme@fines.example.com', 'boetes+acme@fines.example.com'], allowedSenders: ['acme-rent.be'], defaultFinePolicy: 'recharge' },
          { code: 'beta', name: 'Beta', addresses: ['boetes+beta@fines.example.com'], allowedSenders: ['acme-rent.be'], defaultFinePolicy: 'recharge' },
        ],
      }),
      'setup.json',
    ),
    at,
  );
  let minute = 0;
  const append = (user: string, raw: Buffer) => t.appendMail(user, raw, brusselsInstant(d('2026-11-20'), 9, ++minute));
  const pdf = (seed: number, plate: string) => renderFinePdf(fine(seed, plate));

  // 3: a NUL from an encoded word, raw invalid UTF-8, a C1 control and a bidi override in a file name.
  await append(acme, rawMail({ ...h, Subject: '=?UTF-8?B?AEJvZXRl?= \xff\xfe', 'Message-ID': '<nul-\u0001@x>' }, [
    { contentType: 'application/pdf', filename: '=?UTF-8?B?Ym9ldGXCheKArmZkcC5leGU=?=', content: await pdf(301, '1-NUL-301') },
  ]));
  // 6: the display name names acme, the address is beta's.
  await append(intake, rawMail({ From: 'backoffice@acme-rent.be', To: '"boetes+acme@fines.example.com" <boetes+beta@fines.example.com>', Subject: 'for beta' }, [
    { contentType: 'application/pdf', filename: 'beta.pdf', content: await pdf(302, '1-BET-302') },
  ]));
  await append(intake, rawMail({ From: 'backoffice@acme-rent.be', To: 'Boetes <BOETES+Acme@Fines.Example.com>', Subject: 'for acme, upper case' }, [
    { contentType: 'application/pdf', filename: 'acme.pdf', content: await pdf(303, '1-ACM-303') },
  ]));
  // 9: 200 forwards deep; among 2,000 other attachments; TIFF and HEIC photos; a ZIP starting with a PDF.
  const deepInner = rawMail({ ...h, Subject: 'innermost' }, [{ contentType: 'application/pdf', filename: 'diep.pdf', content: await pdf(304, '1-DEP-304') }]);
  await append(acme, nestedForwards(deepInner, 200, h));
  await append(acme, rawMail({ ...h, Subject: 'crowded' }, [
    ...Array.from({ length: 2000 }, (_, i) => ({ contentType: 'text/plain', filename: `note-${i}.txt`, content: Buffer.from(`note ${i}`) })),
    { contentType: 'application/pdf', filename: 'echt.pdf', content: await pdf(305, '1-CRW-305') },
  ]));
  const photo = await renderPhotoJpeg(await pdf(306, '1-TIF-306'), 306);
  await append(acme, rawMail({ ...h, Subject: 'photos' }, [
    { contentType: 'image/tiff', filename: 'scan.tiff', content: await toTiff(photo) },
    { contentType: 'image/heic', filename: 'IMG_0001.HEIC', content: heicLike() },
  ]));
  await append(acme, rawMail({ ...h, Subject: 'zip' }, [
    { contentType: 'application/zip', filename: 'boetes.zip', content: zipWithEntry('boete.pdf', await tinyPdf('in a zip')) },
  ]));
  // 10: 990 tiny PDFs; ten blank 20-page PDFs.
  await append(acme, rawMail({ ...h, Subject: 'many' }, await Promise.all(Array.from({ length: 990 }, async (_, i) => ({ contentType: 'application/pdf', filename: `t${i}.pdf`, content: await tinyPdf(`tiny ${i}`) })))));
  await append(acme, rawMail({ ...h, Subject: 'blank' }, await Promise.all(Array.from({ length: 10 }, async (_, i) => ({ contentType: 'application/pdf', filename: `b${i}.pdf`, content: await blankPdf(20) })))));
  await append(acme, rawMail({ ...h, Subject: 'last' }, [{ contentType: 'application/pdf', filename: 'laatste.pdf', content: await pdf(307, '1-LST-307') }]));

  await runOnce(ctx);
}, 300_000);

afterAll(async () => t?.dispose());

describe('values PostgreSQL cannot store are cleaned before they are stored', () => {
  it('stores a mail whose Subject decodes to a NUL, and reads its fine', async () => {
    const mail = (await db.select().from(receivedMails)).find((m) => m.subject?.startsWith('Boete'))!;
    expect(mail).toMatchObject({ status: 'documents', subject: 'Boete \ufffd\ufffd' });
    expect(mail.messageId).not.toMatch(/[\u0000-\u001f]/);
    const [doc] = await docsOf(mail.id);
    expect(doc!.filename).toBe('boetefdp.exe.pdf'); // no C1 control, no right-to-left override
    expect(await readOf(doc!.id)).toMatchObject({ readStatus: 'read', plate: '1NUL301' });
  });

  it('records a mail PostgreSQL still refuses as unparseable with its raw bytes, and moves on', async () => {
    // A value PostgreSQL refuses however it is cleaned: a trigger raising a data exception (22023).
    const env = await createTestEnv();
    try {
      const { ctx } = env.app();
      await env.setupAcme({ defaultFinePolicy: 'recharge' });
      const admin = new pg.Client({ connectionString: env.config.databaseUrl });
      await admin.connect();
      await admin.query(`CREATE FUNCTION refuse_poison() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
        IF NEW.subject LIKE '%poison%' THEN RAISE EXCEPTION 'refused' USING ERRCODE = '22023'; END IF; RETURN NEW; END $$;
        CREATE TRIGGER refuse_poison BEFORE INSERT ON received_mails FOR EACH ROW EXECUTE FUNCTION refuse_poison();`);
      await admin.end();
      const user = env.imapUser('acme');
      await env.appendMail(user, rawMail({ ...h, Subject: 'poison' }, [{ contentType: 'application/pdf', filename: 'p.pdf', content: await renderFinePdf(fine(308, '1-PSN-308')) }]), brusselsInstant(d('2026-11-20'), 10, 0));
      await env.appendMail(user, rawMail({ ...h, Subject: 'afterwards' }, [{ contentType: 'application/pdf', filename: 'q.pdf', content: await renderFinePdf(fine(309, '1-AFT-309')) }]), brusselsInstant(d('2026-11-20'), 10, 1));
      await runOnce(ctx);
      const mails = await ctx.db.select().from(receivedMails);
      expect(mails.map((m) => m.status).sort()).toEqual(['documents', 'unparseable']);
      const refused = mails.find((m) => m.status === 'unparseable')!;
      expect(refused.raw?.toString('latin1')).toContain('Subject: poison');
      expect(refused.detail).toContain('22023');
      expect(await ctx.db.select().from(documents)).toHaveLength(1);
    } finally {
      await env.dispose();
    }
  });
});

describe('attribution by parsed addresses only', () => {
  it('gives a mail to the client of the address, not of the display name', async () => {
    const mail = await mailBySubject('for beta');
    const [beta] = await db.execute<{ id: string }>(`SELECT id FROM clients WHERE code = 'beta'`).then((r) => r.rows);
    expect(mail.clientId).toBe(beta!.id);
    expect(mail.recipients).toEqual(['boetes+beta@fines.example.com']);
  });

  it('matches a plus-tagged address case-insensitively', async () => {
    const mail = await mailBySubject('for acme, upper case');
    const [acme] = await db.execute<{ id: string }>(`SELECT id FROM clients WHERE code = 'acme'`).then((r) => r.rows);
    expect(mail.clientId).toBe(acme!.id);
  });

  it('refuses a setup that gives an address of a client in the database to another client, naming both', async () => {
    const setup = parseSetupFile(JSON.stringify({ clients: [{ code: 'gamma', name: 'Gamma', addresses: ['Boetes+Beta@fines.example.com'] }] }), 'setup.json');
    await expect(importSetup(db, setup, NOW)).rejects.toThrow(/boetes\+beta@fines\.example\.com would belong to both "beta" \(already in the database\) and "gamma"/);
    const codes = (await db.execute<{ code: string }>('SELECT code FROM clients ORDER BY code')).rows.map((r) => r.code);
    expect(codes).toEqual(['acme', 'beta']);
  });
});

describe('every attachment that might be a document is kept', () => {
  it('finds a PDF 200 forwards deep', async () => {
    const [mail] = await db.select().from(receivedMails).where(eq(receivedMails.subject, 'Fwd: level 1'));
    expect(mail?.status).toBe('documents');
    const [doc] = await docsOf(mail!.id);
    expect(await readOf(doc!.id)).toMatchObject({ readStatus: 'read', plate: '1DEP304' });
  });

  it('finds the one fine among 2,000 other attachments', async () => {
    const mail = await mailBySubject('crowded');
    expect(mail.status).toBe('documents');
    const docs = await docsOf(mail.id);
    expect(docs.map((x) => x.filename)).toEqual(['echt.pdf']);
    expect(await readOf(docs[0]!.id)).toMatchObject({ readStatus: 'read', plate: '1CRW305' });
  });

  it('keeps a TIFF photo and reads it; keeps a HEIC photo as unsupported_format', async () => {
    const docs = await docsOf((await mailBySubject('photos')).id);
    const tiff = docs.find((x) => x.contentType === 'image/tiff')!;
    const heic = docs.find((x) => x.contentType === 'image/heic')!;
    expect(await readOf(tiff.id)).toMatchObject({ readStatus: 'read', method: 'ocr' });
    expect(await readOf(heic.id)).toMatchObject({ readStatus: 'unreadable', unreadableCause: 'unsupported_format' });
  }, 30_000);

  it('does not take a ZIP whose first entry is a PDF for a PDF; the mail keeps its raw bytes', async () => {
    const mail = await mailBySubject('zip');
    expect(mail.status).toBe('no_document');
    expect(mail.raw).not.toBeNull();
  });
});

describe('what one mail may cost to read is bounded, and a refusal is one item', () => {
  it('records 990 tiny PDFs as one too_many_documents mail with its raw bytes, no documents', async () => {
    const mail = await mailBySubject('many');
    expect(mail).toMatchObject({ status: 'too_many_documents', serverAction: 'done' });
    expect(mail.raw).not.toBeNull();
    expect(mail.detail).toMatch(/990 documents/);
    expect(await docsOf(mail.id)).toHaveLength(0);
  });

  it('records ten blank 20-page PDFs as one too_many_pages mail before any page is read', async () => {
    const mail = await mailBySubject('blank');
    expect(mail.status).toBe('too_many_pages');
    expect(mail.detail).toMatch(/200 pages/);
    expect(await docsOf(mail.id)).toHaveLength(0);
  });

  it('still reads the fine mailed after all of them', async () => {
    const [doc] = await docsOf((await mailBySubject('last')).id);
    expect(await readOf(doc!.id)).toMatchObject({ readStatus: 'read', plate: '1LST307' });
  });
});
