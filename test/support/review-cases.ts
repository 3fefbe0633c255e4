// Real review cases for the operators' page tests (inject and browser): two clients, an operator
// and a client user per client, and mails that the worker leaves in review for an operator:
// an unreadable field, two contracts for one plate, senders not on the client's list (three, for
// bulk), a document of the other client, and a mail subject made of markup.
import type { AppContext } from '../../src/app-context.js';
import { createUser, findClientByCode } from '../../src/db/account-store.js';
import { parseContractCsv } from '../../src/contracts/contract-csv.js';
import { importContracts } from '../../src/contracts/import-contracts.js';
import { brusselsInstant } from '../../src/domain/brussels-time.js';
import type { IsoDate } from '../../src/domain/calendar-date.js';
import { exportRecords } from '../../src/export/export-records.js';
import { importSetup } from '../../src/setup/import-setup.js';
import { parseSetupFile } from '../../src/setup/setup-file.js';
import { hashPassword } from '../../src/web/passwords.js';
import { intakeFiles } from '../../src/web/intake.js';
import { runOnce } from '../../workers/runtime.js';
import { buildMail } from '../../fixtures/fine-mail.js';
import { makeFine } from '../../fixtures/fine-truth.js';
import { renderFinePdf } from '../../fixtures/render-fine-pdf.js';
import { IMAP_HOST, IMAP_PASSWORD, IMAP_PORT } from './services.js';
import type { TestEnv } from './test-env.js';

const d = (s: string) => s as IsoDate;
export const CASES_NOW = brusselsInstant(d('2026-11-23'), 10);
export const PASSWORD = 'correct horse battery';
export const HOSTILE_SUBJECT = '<script>alert("subject")</script> Boete';

export type ReviewCases = { ctx: AppContext; unreadable: string; ambiguous: string; unknownSenders: string[]; other: string; hostile: string };

export async function seedReviewCases(t: TestEnv): Promise<ReviewCases> {
  const ctx = t.app().ctx;
  ctx.now = () => CASES_NOW;
  const setup = {
    mailboxes: [{ name: 'acme', host: IMAP_HOST, port: IMAP_PORT, secure: false, user: t.imapUser('acme'), password: IMAP_PASSWORD, folder: 'INBOX', client: 'acme' }],
    clients: [
      { code: 'acme', name: 'ACME Rent', addresses: ['acme@fines.example.com'], allowedSenders: ['acme-rent.be'], defaultFinePolicy: 'recharge' },
      { code: 'other', name: 'Other <b>Cars</b>', addresses: ['other@fines.example.com'], allowedSenders: ['other.be'], defaultFinePolicy: 'recharge' },
    ],
  };
  await importSetup(ctx.db, parseSetupFile(JSON.stringify(setup), 'setup.json'), brusselsInstant(d('2026-11-01'), 9));
  const acme = (await findClientByCode(ctx.db, 'acme'))!;
  const other = (await findClientByCode(ctx.db, 'other'))!;
  const hash = await hashPassword(PASSWORD);
  await createUser(ctx.db, { email: 'op@boete.test', passwordHash: hash, role: 'operator', clientId: null }, 'test');
  await createUser(ctx.db, { email: 'op2@boete.test', passwordHash: hash, role: 'operator', clientId: null }, 'test');
  await createUser(ctx.db, { email: 'user@acme.test', passwordHash: hash, role: 'client', clientId: acme.id }, 'test');
  await createUser(ctx.db, { email: 'user@other.test', passwordHash: hash, role: 'client', clientId: other.id }, 'test');
  await importContracts(
    ctx.db,
    parseContractCsv(
      `client,contract_ref,plate,starts_at,ends_at,fine_policy,renter_type,renter_name,renter_address,renter_birth_date,renter_company_number,renter_email,admin_fee_cents
acme,UNR-1,1-UNR-001,2026-11-01,,recharge,person,Jan Peeters,"Kerkstraat 1, 2000 Antwerpen",1985-04-12,,,
acme,AMB-1,1-AMB-002,2026-11-01,,recharge,person,Jan Peeters,"Kerkstraat 1, 2000 Antwerpen",1985-04-12,,,
acme,AMB-2,1-AMB-002,2026-11-05,,redirect,person,Marie Dubois,"Rue Haute 5, 1000 Bruxelles",1990-01-01,,,
acme,SND-1,1-SND-011,2026-11-01,,recharge,person,Jan Peeters,"Kerkstraat 1, 2000 Antwerpen",1985-04-12,,,
acme,SND-2,1-SND-012,2026-11-01,,recharge,person,Jan Peeters,"Kerkstraat 1, 2000 Antwerpen",1985-04-12,,,
acme,SND-3,1-SND-013,2026-11-01,,recharge,person,Jan Peeters,"Kerkstraat 1, 2000 Antwerpen",1985-04-12,,,
acme,HOS-1,1-HOS-020,2026-11-01,,recharge,person,Jan Peeters,"Kerkstraat 1, 2000 Antwerpen",1985-04-12,,,
`,
      'contracts.csv',
    ),
    brusselsInstant(d('2026-11-02'), 9),
  );
  const base = { offenceDate: d('2026-11-09'), documentDate: d('2026-11-20'), dueDate: d('2026-12-21') };
  let minute = 0;
  const mail = async (seed: number, plate: string, extra: { from?: string; subject?: string; dueDate?: IsoDate } = {}) => {
    minute += 1;
    const pdf = await renderFinePdf(makeFine('be-police-fr', seed, { ...base, plateAsPrinted: plate, ...(extra.dueDate !== undefined ? { dueDate: extra.dueDate } : {}) }));
    const raw = await buildMail({ from: extra.from ?? 'backoffice@acme-rent.be', to: 'acme@fines.example.com', subject: extra.subject, attachments: [{ filename: `boete-${seed}.pdf`, content: pdf }] });
    await t.appendMail(t.imapUser('acme'), raw, brusselsInstant(d('2026-11-20'), 9, minute));
  };
  // A due date printed as the offence date: the reader cannot tell them apart, so it is not trusted.
  await mail(41, '1-UNR-001', { dueDate: d('2026-11-09') });
  await mail(42, '1-AMB-002');
  await mail(43, '1-SND-011', { from: 'someone@unknown.example' });
  await mail(44, '1-SND-012', { from: 'someone@unknown.example' });
  await mail(45, '1-SND-013', { from: 'someone@unknown.example' });
  await mail(46, '1-HOS-020', { from: '"<img src=x onerror=alert(1)>" <x@unknown.example>', subject: HOSTILE_SUBJECT });
  await runOnce(ctx);
  await intakeFiles(
    ctx,
    { actor: 'token:test', clientId: other.id, userId: null, apiTokenId: null, operator: false },
    [{ filename: 'other.pdf', bytes: await renderFinePdf(makeFine('be-police-fr', 47, { ...base, plateAsPrinted: '1-OTH-003' })) }],
    'api',
  );
  await runOnce(ctx);
  const records = await exportRecords(ctx.db, CASES_NOW);
  const byPlate = (plate: string) => {
    const r = records.find((x) => x.plate === plate);
    if (!r) throw new Error(`seeding: no document read with plate ${plate}; got ${records.map((x) => `${x.plate}:${x.reviewReasons.join('|')}`).join(', ')}`);
    return r.id;
  };
  return {
    ctx,
    unreadable: byPlate('1UNR001'),
    ambiguous: byPlate('1AMB002'),
    unknownSenders: ['1SND011', '1SND012', '1SND013'].map(byPlate),
    other: byPlate('1OTH003'),
    hostile: byPlate('1HOS020'),
  };
}
