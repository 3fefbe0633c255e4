// A worker killed with SIGKILL in the middle of its work, twice, then restarted: every mail is
// stored once, every document exists once and is read and assessed once, and every mail ends up
// marked on the server. This runs the real `boete run --once` as a child process.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { brusselsInstant } from '../../src/domain/brussels-time.js';
import type { IsoDate } from '../../src/domain/calendar-date.js';
import { buildMail } from '../../fixtures/fine-mail.js';
import { LAYOUTS, makeFine } from '../../fixtures/fine-truth.js';
import { renderFinePdf } from '../../fixtures/render-fine-pdf.js';
import { createTestEnv, IMAP_PASSWORD, IMAP_PORT, type TestEnv } from '../support/test-env.js';

const BIN = path.resolve(import.meta.dirname, '../../bin/boete.mjs');
const MAILS = 40;
const d = (s: string) => s as IsoDate;

let t: TestEnv;
let db: ReturnType<TestEnv['app']>['ctx']['db'];
const count = async (query: ReturnType<typeof sql>) => Number(((await db.execute(query)).rows[0] as { n: string | number }).n);

function runOnceProcess(): ChildProcess {
  // Lock of 2 s: jobs held by the killed process are handed back within seconds, not a minute.
  return spawn(process.execPath, [BIN, 'run', '--once'], {
    env: { ...process.env, ...t.env, BOETE_JOB_LOCK_SECONDS: '2' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
}

async function waitFor(condition: () => Promise<boolean>, what: string, timeoutMs = 60_000) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await condition()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, stderr })));
}

beforeAll(async () => {
  t = await createTestEnv();
  const { ctx } = t.app();
  db = ctx.db;
  const user = t.imapUser('acme');
  await t.setupAcme();
  for (let i = 0; i < MAILS; i++) {
    const layout = LAYOUTS[i % LAYOUTS.length]!;
    // Every fifth mail carries two fines: the crash may fall between documents of one mail.
    const pdfs = [await renderFinePdf(makeFine(layout, 5000 + i))];
    if (i % 5 === 0) pdfs.push(await renderFinePdf(makeFine(layout, 9000 + i)));
    const raw = await buildMail({ from: 'backoffice@acme-rent.be', to: 'acme@fines.example.com', attachments: pdfs.map((content, k) => ({ filename: `boete-${i}-${k}.pdf`, content })) });
    await t.appendMail(user, raw, brusselsInstant(d('2026-11-20'), 8, i));
  }
}, 120_000);

afterAll(async () => t?.dispose());

describe('kill -9 in the middle, then restart', () => {
  const expectedDocuments = MAILS + MAILS / 5;

  it('loses nothing and duplicates nothing', async () => {
    // First kill: while mails are being ingested.
    const first = runOnceProcess();
    const firstExit = exited(first);
    await waitFor(async () => (await count(sql`SELECT count(*) AS n FROM received_mails`)) >= 3, 'the first mails to be stored');
    first.kill('SIGKILL');
    expect((await firstExit).signal).toBe('SIGKILL');
    const storedAtFirstKill = await count(sql`SELECT count(*) AS n FROM received_mails`);

    // Second kill: while documents are being read and assessed.
    const second = runOnceProcess();
    const secondExit = exited(second);
    await waitFor(async () => (await count(sql`SELECT count(*) AS n FROM documents WHERE status <> 'received'`)) >= 3, 'documents to be read');
    second.kill('SIGKILL');
    expect((await secondExit).signal).toBe('SIGKILL');
    const assessedAtSecondKill = await count(sql`SELECT count(*) AS n FROM documents WHERE status = 'assessed'`);

    const third = await exited(runOnceProcess());
    expect(third.code, third.stderr).toBe(0);

    // The kills really fell in the middle of the work.
    expect(storedAtFirstKill).toBeLessThan(MAILS);
    expect(assessedAtSecondKill).toBeLessThan(expectedDocuments);

    expect(await count(sql`SELECT count(*) AS n FROM received_mails`)).toBe(MAILS);
    expect(await count(sql`SELECT count(DISTINCT (uid_validity, uid)) AS n FROM received_mails`)).toBe(MAILS);
    expect(await count(sql`SELECT count(*) AS n FROM received_mails WHERE server_action <> 'done'`)).toBe(0);
    expect(await count(sql`SELECT count(*) AS n FROM documents`)).toBe(expectedDocuments);
    expect(await count(sql`SELECT count(*) AS n FROM document_receipts`)).toBe(expectedDocuments);
    expect(await count(sql`SELECT count(*) AS n FROM documents WHERE status <> 'assessed'`)).toBe(0);
    expect(await count(sql`SELECT count(*) AS n FROM assessments`)).toBe(expectedDocuments);
    // Read once each: the conditional status update lets only one delivery of a job write.
    expect(await count(sql`SELECT count(*) AS n FROM audit_events WHERE action = 'document.read'`)).toBe(expectedDocuments);
  }, 180_000);

  it('marked every mail \\Seen on the server', async () => {
    const { ImapFlow } = await import('imapflow');
    const client = new ImapFlow({ host: '127.0.0.1', port: IMAP_PORT, secure: false, doSTARTTLS: false, auth: { user: t.imapUser('acme'), pass: IMAP_PASSWORD }, logger: false });
    await client.connect();
    try {
      const status = await client.status('INBOX', { messages: true, unseen: true });
      expect(status).toMatchObject({ messages: MAILS, unseen: 0 });
    } finally {
      await client.logout();
    }
  });
});
