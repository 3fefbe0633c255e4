// `kill -9` in the middle of sending an alert (claimed, SMTP DATA under way and never acknowledged),
// then `boete run --once` again: the alert is sent exactly once, after the dead sender's lease.
// Runs the real CLI as a child process against a real SMTP sink, Dovecot, PostgreSQL and Redis.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alerts } from '../../db/schema.js';
import { buildMail } from '../../fixtures/fine-mail.js';
import { makeFine } from '../../fixtures/fine-truth.js';
import { renderFinePdf } from '../../fixtures/render-fine-pdf.js';
import type { IsoDate } from '../../src/domain/calendar-date.js';
import { importSetup } from '../../src/setup/import-setup.js';
import { parseSetupFile } from '../../src/setup/setup-file.js';
import { spawnBoete, waitFor } from '../support/boete-process.js';
import { Sink } from '../support/smtp-sink.js';
import { createTestEnv, IMAP_PASSWORD, IMAP_PORT, type TestEnv } from '../support/test-env.js';

const d = (s: string) => s as IsoDate;
const sink = new Sink();
let t: TestEnv;
let db: ReturnType<TestEnv['app']>['ctx']['db'];
let env: Record<string, string>;

beforeAll(async () => {
  await sink.start();
  t = await createTestEnv({ BOETE_SMTP_URL: `smtp://127.0.0.1:${sink.port}`, BOETE_MAIL_FROM: 'boete@processor.test', BOETE_OPERATOR_EMAIL: 'ops@processor.test' });
  db = t.app().ctx.db;
  // Jobs of the killed process are handed back within seconds, its claim on the alert in 10 s
  // (the killed sender cannot still be sending).
  env = { ...t.env, BOETE_JOB_LOCK_SECONDS: '2', BOETE_ALERT_LEASE_SECONDS: '10' };
  const setup = {
    mailboxes: [{ name: 'acme', host: '127.0.0.1', port: IMAP_PORT, secure: false, user: t.imapUser('acme'), password: IMAP_PASSWORD, folder: 'INBOX', client: 'acme' }],
    clients: [{ code: 'acme', name: 'ACME', addresses: ['acme@fines.example.com'], allowedSenders: ['acme-rent.be'], notifyEmail: 'fleet@acme-rent.be', defaultFinePolicy: 'recharge' }],
  };
  await importSetup(db, parseSetupFile(JSON.stringify(setup), 'setup.json'), new Date());
  // A fine for a plate without a contract, its deadline far away: one "information needed" alert.
  const fine = makeFine('be-police-fr', 51, { plateAsPrinted: '1-KIL-999', offenceDate: d('2026-11-20'), documentDate: d('2026-11-30'), dueDate: d('2027-03-15') });
  const raw = await buildMail({ from: 'backoffice@acme-rent.be', to: 'acme@fines.example.com', attachments: [{ filename: 'amende.pdf', content: await renderFinePdf(fine) }] });
  await t.appendMail(t.imapUser('acme'), raw, new Date());
}, 120_000);

afterAll(async () => {
  await t?.dispose();
  await sink.stop();
});

describe('kill -9 while an alert is being sent', () => {
  it('sends it exactly once after the restart', async () => {
    sink.hold = true;
    const first = spawnBoete(['run', '--once'], env);
    await waitFor(async () => sink.held > 0 && (await db.select().from(alerts)).some((a) => a.state === 'sending'), 'the alert claimed and its DATA under way', 120_000);
    first.child.kill('SIGKILL');
    const killed = await first.exited;
    expect(killed.signal).toBe('SIGKILL');
    expect(sink.received).toHaveLength(0);

    sink.hold = false;
    const second = await spawnBoete(['run', '--once'], env).exited;
    expect(second.code, second.stderr).toBe(0);
    expect(sink.to('fleet@acme-rent.be')).toHaveLength(1);
    // The operators' morning digest (the fine is in review) depends on the wall clock's day and
    // hour, which these child processes cannot be given: it is checked apart, as at most one mail.
    const all = await db.select().from(alerts);
    const rows = all.filter((r) => r.kind !== 'operator_digest');
    expect(rows.map((r) => [r.kind, r.state])).toEqual([['information_needed', 'sent']]);
    expect(rows[0]?.attempts).toBe(2);
    const digests = all.filter((r) => r.kind === 'operator_digest');
    expect(digests.length).toBeLessThanOrEqual(1);
    expect(digests.map((r) => r.state)).toEqual(digests.map(() => 'sent'));
    expect(sink.to('ops@processor.test')).toHaveLength(digests.length);
    expect(sink.received).toHaveLength(1 + digests.length);

    // And a third run sends nothing (a digest the day did not have yet aside).
    expect((await spawnBoete(['run', '--once'], env).exited).code).toBe(0);
    expect(sink.to('fleet@acme-rent.be')).toHaveLength(1);
    const after = (await db.select().from(alerts)).filter((r) => r.kind === 'operator_digest');
    expect(after.length).toBeLessThanOrEqual(1);
    expect(sink.to('ops@processor.test')).toHaveLength(after.length);
    expect(sink.received).toHaveLength(1 + after.length);
  }, 400_000);
});
