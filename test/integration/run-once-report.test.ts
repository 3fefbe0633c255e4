// `boete run --once` tells the truth: exit 0 only when every mailbox was polled and every document
// processed, otherwise exit 1 with a summary on stderr naming per mailbox what failed (login
// refused, TLS mismatch, missing folder, unset password variable, mails not marked on the server).
// Fixing the setup and running once more polls every mailbox that failed before (a failed poll no
// longer blocks its mailbox for a week), and a stale per-mailbox scheduler does not poll twice.
// Then a `worker` polls a mailbox added while it runs, and keeps no finished scheduler jobs.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Queue } from 'bullmq';
import { ImapFlow } from 'imapflow';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildMail } from '../../fixtures/fine-mail.js';
import { LAYOUTS, makeFine } from '../../fixtures/fine-truth.js';
import { renderFinePdf } from '../../fixtures/render-fine-pdf.js';
import { humanLines, runBoete, spawnBoete, waitFor } from '../support/boete-process.js';
import { REDIS_URL } from '../support/services.js';
import { createTestEnv, IMAP_HOST, IMAP_PASSWORD, IMAP_PORT, type TestEnv } from '../support/test-env.js';

let t: TestEnv;
let dir: string;
let seed = 31_000;
const UNSET_ENV = 'BOETE_TEST_RUN_REPORT_PASSWORD';

const box = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  host: IMAP_HOST,
  port: IMAP_PORT,
  secure: false,
  user: t.imapUser(name),
  password: IMAP_PASSWORD,
  folder: 'INBOX',
  client: 'acme',
  ...extra,
});
const CLIENTS = [{ code: 'acme', name: 'ACME', addresses: ['acme@fines.example.com'], allowedSenders: ['acme-rent.be'], defaultFinePolicy: 'recharge' }];

function writeSetup(name: string, mailboxes: unknown[]) {
  const file = path.join(dir, name);
  writeFileSync(file, JSON.stringify({ mailboxes, clients: CLIENTS }));
  return file;
}

async function mailFine(user: string, folder = 'INBOX') {
  seed += 1;
  const fine = makeFine(LAYOUTS[seed % LAYOUTS.length]!, seed);
  const raw = await buildMail({ from: 'backoffice@acme-rent.be', to: 'acme@fines.example.com', attachments: [{ filename: `boete-${seed}.pdf`, content: await renderFinePdf(fine) }] });
  await t.appendMail(user, raw, new Date(Date.UTC(2026, 10, 20, 9, seed % 60)), folder);
}

async function folderStatus(user: string, folder: string) {
  const client = new ImapFlow({ host: IMAP_HOST, port: IMAP_PORT, secure: false, doSTARTTLS: false, auth: { user, pass: IMAP_PASSWORD }, logger: false });
  await client.connect();
  try {
    const s = await client.status(folder, { messages: true, unseen: true });
    return s ? { messages: s.messages, unseen: s.unseen } : null;
  } finally {
    await client.logout();
  }
}

let n: (q: string) => Promise<number>;

beforeAll(async () => {
  t = await createTestEnv();
  dir = mkdtempSync(path.join(os.tmpdir(), 'boete-report-'));
  const { ctx } = t.app();
  n = async (q) => Number(((await ctx.pgPool.query(q)).rows[0] as { n: string }).n);
  await mailFine(t.imapUser('good'));
  await mailFine(t.imapUser('good'));
  await mailFine(t.imapUser('wrongpw'));
  await mailFine(t.imapUser('tls'));
  await mailFine(t.imapUser('nofolder'));
  await mailFine(t.imapUser('noenv'));
  await mailFine(t.imapUser('move'));
}, 60_000);

afterAll(async () => {
  await t?.dispose();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('run --once reports what it did and exits 1 unless everything was done', () => {
  it('names every mailbox that failed, and why', async () => {
    const setup = writeSetup('broken.json', [
      box('good'),
      box('wrongpw', { password: 'not-the-password' }),
      box('tls', { secure: true }),
      box('nofolder', { folder: 'Nope' }),
      box('noenv', { password: undefined, passwordEnv: UNSET_ENV }),
      box('move', { processedFolder: '~Processed' }), // Dovecot refuses names starting with '~'
    ]);
    expect((await runBoete(['setup', 'import', setup], t.env)).code).toBe(0);

    // A per-mailbox scheduler of an earlier version, left by a stopped worker, firing every 200 ms.
    const goodId = (await t.app().ctx.pgPool.query(`SELECT id FROM mailboxes WHERE name = 'good'`)).rows[0].id as string;
    const legacy = new Queue('poll-mailbox', { connection: { host: '127.0.0.1', port: 6379 }, prefix: t.env.BOETE_QUEUE_PREFIX });
    await legacy.upsertJobScheduler(`poll-${goodId}`, { every: 200 }, { name: 'poll-mailbox', data: { mailboxId: goodId } });
    await legacy.close();

    const run = await runBoete(['run', '--once'], { ...t.env, BOETE_LOG_LEVEL: 'info' });
    expect(run.code, run.stderr).toBe(1);
    const lines = humanLines(run.stderr);
    expect(lines[0]).toMatch(/^run --once: FAILED/);
    expect(lines).toContain('  mailbox good: 2 mails taken in — ok');
    expect(lines.find((l) => l.includes('mailbox wrongpw:'))).toMatch(/0 mails taken in — poll failed: login refused by 127\.0\.0\.1:1143/);
    expect(lines.find((l) => l.includes('mailbox tls:'))).toMatch(/poll failed: TLS handshake with 127\.0\.0\.1:1143 failed — is "secure" right/);
    expect(lines.find((l) => l.includes('mailbox nofolder:'))).toMatch(/poll failed: folder "Nope" does not exist/);
    expect(lines.find((l) => l.includes('mailbox noenv:'))).toMatch(new RegExp(`poll failed: no password \\(environment variable ${UNSET_ENV} is not set\\)`));
    expect(lines.find((l) => l.includes('mailbox move:'))).toMatch(/1 mail taken in — 1 mail\(s\) stored but not marked on the server \(could not move the message to "~Processed"\)/);
    expect(run.stdout).toBe('');
    // Polled once, though a stale scheduler fired every 200 ms.
    const polls = run.stderr.split('\n').filter((l) => l.includes('"msg":"mailbox polled"') && l.includes('"mailbox":"good"'));
    expect(polls).toHaveLength(1);
    expect(await n(`SELECT count(*) AS n FROM received_mails WHERE server_action = 'failed'`)).toBe(1);
  }, 120_000);

  it('once the setup is fixed, the next run polls every mailbox that failed and exits 0 with a short summary', async () => {
    const setup = writeSetup('fixed.json', [
      box('good'),
      box('wrongpw'),
      box('tls'),
      box('nofolder', { folder: 'Nope' }),
      box('noenv', { password: undefined, passwordEnv: UNSET_ENV }),
      box('move', { processedFolder: 'Processed' }),
    ]);
    expect((await runBoete(['setup', 'import', setup], t.env)).code).toBe(0);
    await mailFine(t.imapUser('nofolder'), 'Nope');
    const run = await runBoete(['run', '--once'], { ...t.env, [UNSET_ENV]: IMAP_PASSWORD });
    expect(run.code, run.stderr).toBe(0);
    const lines = humanLines(run.stdout);
    expect(lines[0]).toMatch(/^run --once: done — 6 mailboxes polled, 4 mails taken in, 4 documents assessed \(/);
    expect(lines).toHaveLength(7);
    expect(run.stdout).not.toMatch(/^\{/m);
    expect(await n(`SELECT count(*) AS n FROM received_mails`)).toBe(7);
    expect(await n(`SELECT count(*) AS n FROM received_mails WHERE server_action <> 'done'`)).toBe(0);
    expect(await n(`SELECT count(*) AS n FROM documents WHERE status <> 'assessed'`)).toBe(0);
    expect(await folderStatus(t.imapUser('move'), 'INBOX')).toMatchObject({ messages: 0 });
    expect(await folderStatus(t.imapUser('move'), 'Processed')).toMatchObject({ messages: 1 });
  }, 120_000);
});

describe('worker schedules polls from the database', () => {
  it('polls a mailbox added while it runs, and keeps no finished scheduler jobs', async () => {
    const worker = spawnBoete(['worker'], { ...t.env, BOETE_POLL_INTERVAL_SECONDS: '1', [UNSET_ENV]: IMAP_PASSWORD });
    try {
      await new Promise((r) => setTimeout(r, 3_000));
      await mailFine(t.imapUser('late'));
      const setup = writeSetup('late.json', [box('late')]);
      expect((await runBoete(['setup', 'import', setup], t.env)).code).toBe(0);
      await waitFor(async () => (await n(`SELECT count(*) AS n FROM received_mails r JOIN mailboxes m ON m.id = r.mailbox_id WHERE m.name = 'late'`)) === 1, 'the new mailbox to be polled', 30_000);
      await waitFor(async () => (await n(`SELECT count(*) AS n FROM documents WHERE status <> 'assessed'`)) === 0, 'its document to be assessed', 30_000);
      const redis = new Redis(REDIS_URL);
      try {
        const p = t.env.BOETE_QUEUE_PREFIX;
        expect(await redis.zcard(`${p}:schedule-polls:completed`)).toBe(0);
        expect(await redis.zcard(`${p}:poll-mailbox:completed`)).toBe(0);
      } finally {
        redis.disconnect();
      }
    } finally {
      worker.child.kill('SIGTERM');
    }
    const result = await worker.exited;
    expect(result.code, result.stderr).toBe(0);
  }, 90_000);
});
