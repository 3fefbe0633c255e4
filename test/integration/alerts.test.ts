// Alerts through a real SMTP server on loopback (smtp-server as a sink that keeps what it receives),
// with real Dovecot, PostgreSQL and Redis: once per document and kind, in the client's language;
// SMTP down → pending and retried, then sent once; a 5xx → failed with the server's reply; no
// notification address → failed with a clear reason; a mail without a document → one reply, and
// none to an auto-submitted mail.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alerts } from '../../db/schema.js';
import { buildMail } from '../../fixtures/fine-mail.js';
import { makeFine } from '../../fixtures/fine-truth.js';
import { renderFinePdf } from '../../fixtures/render-fine-pdf.js';
import type { AppContext } from '../../src/app-context.js';
import { brusselsInstant } from '../../src/domain/brussels-time.js';
import type { IsoDate } from '../../src/domain/calendar-date.js';
import { listMailboxes } from '../../src/db/run-report-store.js';
import { evaluateAlerts } from '../../src/notify/evaluate-alerts.js';
import { pollMailboxJob } from '../../src/queue/job-contracts.js';
import { importSetup } from '../../src/setup/import-setup.js';
import { parseSetupFile } from '../../src/setup/setup-file.js';
import { drainQueues } from '../../workers/runtime.js';
import { Sink } from '../support/smtp-sink.js';
import { createTestEnv, IMAP_PASSWORD, IMAP_PORT, type TestEnv } from '../support/test-env.js';

const d = (s: string) => s as IsoDate;
// Deadline Monday 28/12 → latest delivery Friday 18/12 (24/12 … 21/12, 25/12 a holiday): on 1/12
// only "information needed" is due.
const NOW = brusselsInstant(d('2026-12-01'), 10, 0);
const REFUSED = 'refused@acme-rent.be';

const sink = new Sink([REFUSED]);
let t: TestEnv;
let ctx: AppContext;

const setup = (client: Record<string, unknown>) =>
  parseSetupFile(
    JSON.stringify({
      mailboxes: [{ name: 'acme', host: '127.0.0.1', port: IMAP_PORT, secure: false, user: t.imapUser('acme'), password: IMAP_PASSWORD, folder: 'INBOX', client: 'acme' }],
      clients: [{ code: 'acme', name: 'ACME Location SA', addresses: ['acme@fines.example.com'], allowedSenders: ['acme-rent.be'], defaultFinePolicy: 'recharge', ...client }],
    }),
    'setup.json',
  );

/** Mails a fine for a plate without a contract: it waits for the client's information. */
async function mailWaitingFine(seed: number, plate: string, arrived = NOW, dueDate = d('2026-12-28'), documentDate = d('2026-11-25')) {
  const fine = makeFine('be-police-fr', seed, { plateAsPrinted: plate, offenceDate: d('2026-11-20'), documentDate, dueDate });
  const raw = await buildMail({ from: 'backoffice@acme-rent.be', to: 'acme@fines.example.com', attachments: [{ filename: 'amende.pdf', content: await renderFinePdf(fine) }] });
  await t.appendMail(t.imapUser('acme'), raw, arrived);
  return fine;
}

async function alertRows() {
  return ctx.db.select().from(alerts);
}

async function queuePolls() {
  for (const box of await listMailboxes(ctx.db)) await ctx.queues.enqueue(pollMailboxJob, { mailboxId: box.id });
}

async function pollAndDrain() {
  await queuePolls();
  await drainQueues(ctx);
}

beforeAll(async () => {
  await sink.start();
  t = await createTestEnv({ BOETE_SMTP_URL: `smtp://127.0.0.1:${sink.port}`, BOETE_MAIL_FROM: 'boete@processor.test', BOETE_OPERATOR_EMAIL: 'ops@processor.test' });
  ctx = t.app().ctx;
  ctx.now = () => NOW;
  await importSetup(ctx.db, setup({ notifyEmail: 'fleet@acme-rent.be', language: 'fr' }), NOW);
});

afterAll(async () => {
  await t?.dispose();
  await sink.stop();
});

describe('alerts by e-mail', () => {
  let first: ReturnType<typeof makeFine>;

  it('sends one "information needed" mail in the client’s language for a fine waiting for its contract', async () => {
    first = await mailWaitingFine(31, '1-NOC-111');
    await pollAndDrain();
    const mails = sink.to('fleet@acme-rent.be');
    expect(mails).toHaveLength(1);
    const mail = mails[0]!.mail;
    expect(mail.subject).toMatch(/^Informations requises: 1NOC111 · /);
    expect(mail.subject).toContain(first.reference);
    expect(mail.subject).toContain('28/12/2026');
    expect(mail.text).toContain('un contrat pour cette plaque');
    expect(mail.text).toContain('18/12/2026');
    expect(mail.html).toContain('<table');
    expect(mail.from?.value[0]?.address).toBe('boete@processor.test');
    expect(mail.headers.get('auto-submitted')).toBe('auto-generated');
    expect(mail.messageId).toMatch(/^<alert-[0-9a-f-]+@processor\.test>$/);
    const rows = await alertRows();
    expect(rows.map((r) => [r.kind, r.state, r.recipient])).toEqual([['information_needed', 'sent', 'fleet@acme-rent.be']]);
    // Nothing for the operators yet: the deadline is weeks away.
    expect(sink.to('ops@processor.test')).toHaveLength(0);
  });

  it('sends nothing new when the alerts are evaluated again (but the operators’ digest of the day, once)', async () => {
    // Tuesday 1/12 10:00 is a working-day morning and a fine is in review: the first full
    // evaluation records the operators' digest of that day; nothing else is new.
    await evaluateAlerts(ctx);
    await evaluateAlerts(ctx);
    await drainQueues(ctx);
    expect(sink.to('fleet@acme-rent.be')).toHaveLength(1);
    const ops = sink.to('ops@processor.test');
    expect(ops.map((m) => m.mail.subject)).toEqual(['Review queue: 1 document in review, earliest deliver-by 18/12/2026']);
    expect(sink.received).toHaveLength(2);
    await evaluateAlerts(ctx);
    await drainQueues(ctx);
    expect(sink.received).toHaveLength(2);
  });

  it('keeps an alert pending while SMTP is down and sends it once when it is back', async () => {
    await sink.stop();
    await mailWaitingFine(32, '1-NOC-222');
    await queuePolls();
    const draining = drainQueues(ctx);
    let row: typeof alerts.$inferSelect | undefined;
    for (let i = 0; i < 300; i += 1) {
      row = (await alertRows()).find((r) => r.state === 'pending' && r.attempts >= 1);
      if (row) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const whileDown = row?.lastError;
    await sink.start();
    await draining;
    expect(whileDown).toMatch(/^SMTP smtp:\/\/127\.0\.0\.1:\d+: (ESOCKET|ECONNECTION): .*ECONNREFUSED/);
    const mails = sink.to('fleet@acme-rent.be').filter((m) => m.mail.subject?.includes('1NOC222'));
    expect(mails).toHaveLength(1);
    const sent = (await alertRows()).find((r) => r.id === row?.id);
    expect(sent?.state).toBe('sent');
    expect(sent?.attempts).toBeGreaterThanOrEqual(2);
  }, 180_000);

  it('records a 5xx refusal as failed with the server’s reply, and sends nothing', async () => {
    await importSetup(ctx.db, setup({ notifyEmail: REFUSED, language: 'fr' }), NOW);
    await mailWaitingFine(33, '1-NOC-333');
    const before = sink.received.length;
    await pollAndDrain();
    expect(sink.received.length).toBe(before);
    const failed = (await alertRows()).filter((r) => r.state === 'failed');
    expect(failed).toHaveLength(1);
    expect(failed[0]?.lastError).toContain('550');
    expect(failed[0]?.attempts).toBe(1);
  });

  it('records a client alert as failed, not crashing, when the client has no notification address', async () => {
    await importSetup(ctx.db, setup({ language: 'nl' }), NOW);
    await mailWaitingFine(34, '1-NOC-444');
    await pollAndDrain();
    const failed = (await alertRows()).filter((r) => r.state === 'failed' && r.lastError?.includes('notifyEmail'));
    expect(failed).toHaveLength(1);
    expect(failed[0]?.lastError).toBe('client acme has no notifyEmail in its setup: the alert cannot be sent');
  });

  it('answers a mail without a document once, in the client’s language, and never an auto-submitted one', async () => {
    await importSetup(ctx.db, setup({ notifyEmail: 'fleet@acme-rent.be', language: 'en' }), NOW);
    const plain = await buildMail({ from: 'clerk@acme-rent.be', to: 'acme@fines.example.com', subject: 'Question', text: 'Where is my fine?' });
    const auto = Buffer.concat([Buffer.from('Auto-Submitted: auto-replied\r\n'), await buildMail({ from: 'robot@acme-rent.be', to: 'acme@fines.example.com', subject: 'Out of office' })]);
    await t.appendMail(t.imapUser('acme'), plain, NOW);
    await t.appendMail(t.imapUser('acme'), auto, NOW);
    await pollAndDrain();
    await evaluateAlerts(ctx);
    await drainQueues(ctx);
    const replies = sink.to('clerk@acme-rent.be');
    expect(replies).toHaveLength(1);
    expect(replies[0]?.mail.subject).toBe('Your mail carried no fine: Question');
    expect(replies[0]?.mail.headers.get('auto-submitted')).toBe('auto-replied');
    expect(sink.to('robot@acme-rent.be')).toHaveLength(0);
    const skipped = (await alertRows()).find((r) => r.kind === 'no_document_reply' && r.state === 'skipped');
    expect(skipped?.lastError).toBe('no automatic reply: Auto-Submitted: auto-replied');
  });

  it('tells the operators once the deadline approaches and once it is breached', async () => {
    ctx.now = () => brusselsInstant(d('2026-12-23'), 9, 0);
    await evaluateAlerts(ctx);
    await drainQueues(ctx);
    ctx.now = () => brusselsInstant(d('2026-12-29'), 9, 0);
    await evaluateAlerts(ctx);
    await evaluateAlerts(ctx);
    await drainQueues(ctx);
    const ops = sink.to('ops@processor.test');
    const of = (plate: string, what: string) => ops.filter((m) => m.mail.subject?.startsWith(what) && m.mail.subject.includes(plate));
    expect(of('1NOC111', 'Deadline approaching')).toHaveLength(1);
    expect(of('1NOC111', 'Deadline breached')).toHaveLength(1);
    expect(new Set(ops.map((m) => m.mail.messageId)).size).toBe(ops.length);
    // The rows are keyed by document and kind: one each.
    const rows = (await alertRows()).filter((r) => r.audience === 'operators');
    expect(new Set(rows.map((r) => r.key)).size).toBe(rows.length);
    const [one] = await ctx.db.select().from(alerts).where(eq(alerts.kind, 'deadline_breached')).limit(1);
    expect(one?.state).toBe('sent');
  });

  it('holds a client to its hourly limit and folds the rest into one digest of its waiting documents, most urgent first', async () => {
    // Monday 4 January 2027, 09:00: a working day after the digest hour.
    const monday = brusselsInstant(d('2027-01-04'), 9, 0);
    ctx.now = () => monday;
    ctx.config.alerts.maxPerClientHour = 1;
    const before = sink.to('fleet@acme-rent.be').length;
    // The letters' redirect periods (45 days from their dates) are their earliest deadlines.
    await mailWaitingFine(41, '1-RAT-001', monday, d('2027-03-15'), d('2026-12-20'));
    await mailWaitingFine(42, '1-RAT-002', monday, d('2027-03-15'), d('2026-12-10'));
    await mailWaitingFine(43, '1-RAT-003', monday, d('2027-03-15'), d('2026-12-30'));
    await queuePolls();
    await drainQueues(ctx);
    const rat = (await alertRows()).filter((r) => r.kind === 'information_needed');
    const immediate = sink.to('fleet@acme-rent.be').slice(before);
    expect(immediate).toHaveLength(1);
    const folded = rat.filter((r) => r.delivery === 'digest' && r.state === 'pending');
    expect(folded).toHaveLength(2);
    expect(folded[0]?.lastError).toBe('over 1 mails an hour: in the next digest');

    await evaluateAlerts(ctx);
    await drainQueues(ctx);
    await evaluateAlerts(ctx);
    await drainQueues(ctx);
    const digests = sink.to('fleet@acme-rent.be').slice(before).filter((m) => m.mail.subject?.startsWith('Fines waiting for your information'));
    expect(digests).toHaveLength(1);
    const text = digests[0]!.mail.text ?? '';
    // Most urgent first: 24/1 before 3/2 before 13/2.
    const order = ['1RAT002', '1RAT001', '1RAT003'].map((p) => text.indexOf(p));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    const after = await alertRows();
    expect(after.filter((r) => folded.some((f) => f.id === r.id)).map((r) => r.state)).toEqual(['digested', 'digested']);
    expect(after.filter((r) => r.kind === 'client_digest').map((r) => [r.state, r.key.endsWith('/2027-01-04')])).toEqual([['sent', true]]);
  });
});
