// The operators' morning digest through a real SMTP sink, with real Dovecot, PostgreSQL and Redis:
// one mail per working day (from 08:00 Brussels) listing every client's documents in review, the
// most urgent first, with working days left; evaluating again that day sends nothing more; none on
// a weekend; the next working day's is a new one.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alerts, assessments, extractedFields } from '../../db/schema.js';
import { buildMail } from '../../fixtures/fine-mail.js';
import { makeFine } from '../../fixtures/fine-truth.js';
import { renderFinePdf } from '../../fixtures/render-fine-pdf.js';
import type { AppContext } from '../../src/app-context.js';
import { brusselsInstant } from '../../src/domain/brussels-time.js';
import type { IsoDate } from '../../src/domain/calendar-date.js';
import { daysLeftText } from '../../src/domain/operator-words.js';
import { workingDaysUntil } from '../../src/domain/working-days.js';
import { listMailboxes } from '../../src/db/run-report-store.js';
import { evaluateAlerts } from '../../src/notify/evaluate-alerts.js';
import { pollMailboxJob } from '../../src/queue/job-contracts.js';
import { importSetup } from '../../src/setup/import-setup.js';
import { parseSetupFile } from '../../src/setup/setup-file.js';
import { drainQueues } from '../../workers/runtime.js';
import { Sink } from '../support/smtp-sink.js';
import { createTestEnv, IMAP_PASSWORD, IMAP_PORT, type TestEnv } from '../support/test-env.js';

const d = (s: string) => s as IsoDate;
// Friday 4 December 2026: the fines arrive before the digest hour; the digest goes out at 09:00.
const EARLY = brusselsInstant(d('2026-12-04'), 7, 30);
const MORNING = brusselsInstant(d('2026-12-04'), 9, 0);
const OPS = 'ops@processor.test';

const sink = new Sink();
let t: TestEnv;
let ctx: AppContext;

const dlocal = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

async function mailFine(client: 'acme' | 'beta', seed: number, plate: string, documentDate: IsoDate) {
  const fine = makeFine('be-police-fr', seed, { plateAsPrinted: plate, offenceDate: d('2026-11-05'), documentDate, dueDate: d('2027-03-15') });
  const raw = await buildMail({ from: `backoffice@${client}-rent.be`, to: `${client}@fines.example.com`, attachments: [{ filename: 'amende.pdf', content: await renderFinePdf(fine) }] });
  await t.appendMail(t.imapUser(client), raw, EARLY);
  return fine;
}

const opsMails = () => sink.to(OPS).filter((m) => m.mail.headers.get('x-boete-alert') === 'operator_digest');

async function evaluateAt(now: Date) {
  ctx.now = () => now;
  await evaluateAlerts(ctx);
  await drainQueues(ctx);
}

beforeAll(async () => {
  await sink.start();
  t = await createTestEnv({ BOETE_SMTP_URL: `smtp://127.0.0.1:${sink.port}`, BOETE_MAIL_FROM: 'boete@processor.test', BOETE_OPERATOR_EMAIL: OPS });
  ctx = t.app().ctx;
  ctx.now = () => EARLY;
  const box = (c: string) => ({ name: c, host: '127.0.0.1', port: IMAP_PORT, secure: false, user: t.imapUser(c), password: IMAP_PASSWORD, folder: 'INBOX', client: c });
  const client = (c: string, name: string) => ({ code: c, name, addresses: [`${c}@fines.example.com`], allowedSenders: [`${c}-rent.be`], notifyEmail: `fleet@${c}-rent.be`, defaultFinePolicy: 'recharge' });
  const setup = { mailboxes: [box('acme'), box('beta')], clients: [client('acme', 'ACME Location SA'), client('beta', 'Beta Cars BV')] };
  await importSetup(ctx.db, parseSetupFile(JSON.stringify(setup), 'setup.json'), EARLY);
}, 120_000);

afterAll(async () => {
  await t?.dispose();
  await sink.stop();
});

describe('the operators’ morning digest', () => {
  let fines: { plate: string; reference: string; client: string }[] = [];

  it('sends nothing before the digest hour', async () => {
    // Redirect periods (45 days from the letter) are the earliest deadlines: 10/11 first, then 20/11, then 30/11.
    const a = await mailFine('acme', 61, '1-OPS-020', d('2026-11-20'));
    const b = await mailFine('beta', 62, '1-OPS-010', d('2026-11-10'));
    const c = await mailFine('acme', 63, '1-OPS-030', d('2026-11-30'));
    fines = [
      { plate: '1OPS010', reference: b.reference, client: 'beta' },
      { plate: '1OPS020', reference: a.reference, client: 'acme' },
      { plate: '1OPS030', reference: c.reference, client: 'acme' },
    ];
    for (const m of await listMailboxes(ctx.db)) await ctx.queues.enqueue(pollMailboxJob, { mailboxId: m.id });
    await drainQueues(ctx);
    const inReview = await ctx.db.select().from(assessments).where(eq(assessments.decision, 'review'));
    expect(inReview).toHaveLength(3);
    await evaluateAt(EARLY);
    expect(opsMails()).toHaveLength(0);
  }, 180_000);

  it('sends one digest at a working-day morning listing every client’s review documents, most urgent first', async () => {
    await evaluateAt(MORNING);
    const mails = opsMails();
    expect(mails).toHaveLength(1);
    const mail = mails[0]!.mail;
    expect(mails[0]!.to).toEqual([OPS]);

    // What the database says about each, to check the lines against.
    const facts = await ctx.db
      .select({ plate: extractedFields.plate, latest: assessments.latestDeliveryDate })
      .from(assessments)
      .innerJoin(extractedFields, eq(extractedFields.documentId, assessments.documentId))
      .where(eq(assessments.decision, 'review'));
    const latestOf = (plate: string) => facts.find((f) => f.plate === plate)?.latest as IsoDate;
    const sorted = [...facts].sort((x, y) => String(x.latest).localeCompare(String(y.latest))).map((f) => f.plate);
    expect(sorted).toEqual(fines.map((f) => f.plate));

    expect(mail.subject).toBe(`Review queue: 3 documents in review, earliest deliver-by ${dlocal(latestOf('1OPS010'))}`);
    const text = mail.text ?? '';
    expect(text).toContain('3 documents wait in review across all clients on 04/12/2026, the most urgent first.');
    expect(text).toContain('By reason: no contract: 3');
    const lines = text.split('\n').filter((l) => /^\d+\. /.test(l));
    expect(lines).toEqual(
      fines.map((f, i) => {
        const latest = latestOf(f.plate);
        return `${i + 1}. ${f.client} · ${f.plate} · ${f.reference} — no contract — deliver by ${dlocal(latest)} (${daysLeftText(workingDaysUntil(d('2026-12-04'), latest))})`;
      }),
    );
    expect(mail.html).toContain('<table');
    for (const f of fines) expect(mail.html).toContain(f.plate);
    expect(mail.headers.get('auto-submitted')).toBe('auto-generated');
    const [row] = await ctx.db.select().from(alerts).where(eq(alerts.kind, 'operator_digest'));
    expect([row?.key, row?.state, row?.recipient, row?.audience]).toEqual(['operator_digest/2026-12-04', 'sent', OPS, 'operators']);
  });

  it('sends nothing more when evaluated again that day, nor on the weekend; the next working day’s is a new one', async () => {
    await evaluateAt(brusselsInstant(d('2026-12-04'), 9, 5));
    await evaluateAt(brusselsInstant(d('2026-12-04'), 17, 0));
    expect(opsMails()).toHaveLength(1);
    await evaluateAt(brusselsInstant(d('2026-12-05'), 9, 0));
    await evaluateAt(brusselsInstant(d('2026-12-06'), 9, 0));
    expect(opsMails()).toHaveLength(1);
    await evaluateAt(brusselsInstant(d('2026-12-07'), 8, 15));
    await evaluateAt(brusselsInstant(d('2026-12-07'), 8, 20));
    const mails = opsMails();
    expect(mails).toHaveLength(2);
    expect(mails[1]?.mail.text).toContain('on 07/12/2026');
    const keys = (await ctx.db.select().from(alerts).where(eq(alerts.kind, 'operator_digest'))).map((r) => r.key).sort();
    expect(keys).toEqual(['operator_digest/2026-12-04', 'operator_digest/2026-12-07']);
  });

  it('records none without BOETE_OPERATOR_EMAIL, so setting it later that morning still sends the day’s', async () => {
    ctx.config.alerts.operatorEmail = null;
    await evaluateAt(brusselsInstant(d('2026-12-08'), 9, 0));
    const keys = async () => (await ctx.db.select().from(alerts).where(eq(alerts.kind, 'operator_digest'))).map((r) => r.key);
    expect(await keys()).not.toContain('operator_digest/2026-12-08');
    ctx.config.alerts.operatorEmail = OPS;
    await evaluateAt(brusselsInstant(d('2026-12-08'), 10, 0));
    expect(await keys()).toContain('operator_digest/2026-12-08');
    expect(opsMails()).toHaveLength(3);
  });
});
