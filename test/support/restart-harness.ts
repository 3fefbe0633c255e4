// PRIVATE PostgreSQL, Redis and Dovecot for the service-restart tests (test/integration/service-restarts-*.test.ts),
// set up once per file: a migrated database, one mailbox and client imported through the CLI. The
// shared services are never touched. Each file has its own instances, so the files run side by side.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ImapFlow } from 'imapflow';
import pg from 'pg';
import { afterAll, beforeAll, expect } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../src/db/database.js';
import { runMigrations } from '../../src/db/migrate.js';
import { buildMail } from '../../fixtures/fine-mail.js';
import { LAYOUTS, makeFine } from '../../fixtures/fine-truth.js';
import { renderFinePdf } from '../../fixtures/render-fine-pdf.js';
import { runBoete } from './boete-process.js';
import { privateDovecot, privatePostgres, privateRedis, type PrivateService } from './private-services.js';
import { IMAP_PASSWORD } from './services.js';

export const RESTARTS_USER = 'acme-restarts';

export type RestartHarness = {
  pgServer: PrivateService;
  redis: PrivateService;
  dovecot: PrivateService;
  database: DatabaseHandle;
  /** The environment of every `boete` command of the file. */
  env: Record<string, string>;
  /** A temporary directory for setup and contract files. */
  dir: string;
  /** Mails appended so far. */
  mailed: number;
  /** Faults survived, for the line the file prints at the end (the README's figure). */
  faults: string[];
};

/** Starts the private services before the file's tests and stops them after; returns their handles. */
export function useRestartHarness(): RestartHarness {
  const h = { mailed: 0, faults: [] as string[] } as RestartHarness;
  beforeAll(async () => {
    [h.pgServer, h.redis, h.dovecot] = await Promise.all([privatePostgres(), privateRedis(), privateDovecot()]);
    const admin = new pg.Client({ connectionString: `${h.pgServer.url}/postgres` });
    await admin.connect();
    await admin.query('CREATE DATABASE boete');
    await admin.end();
    await runMigrations(`${h.pgServer.url}/boete`);
    h.database = openDatabase(`${h.pgServer.url}/boete`, { max: 2 });
    h.env = {
      DATABASE_URL: `${h.pgServer.url}/boete`,
      REDIS_URL: h.redis.url,
      BOETE_QUEUE_PREFIX: 'boete',
      BOETE_LOG_LEVEL: 'warn',
      BOETE_PARSE_THREADS: '2',
      // Jobs held by a process that lost its Redis are handed back within seconds.
      BOETE_JOB_LOCK_SECONDS: '2',
      BOETE_IMAP_CONNECT_TIMEOUT_MS: '3000',
    };
    h.dir = mkdtempSync(path.join(os.tmpdir(), 'boete-restarts-'));
    writeFileSync(path.join(h.dir, 'setup.json'), JSON.stringify(setupFile(h)));
    const setup = await runBoete(['setup', 'import', path.join(h.dir, 'setup.json')], h.env);
    expect(setup.code, setup.stderr).toBe(0);
  }, 120_000);

  afterAll(async () => {
    await h.database?.close().catch(() => undefined);
    await Promise.all([h.pgServer?.dispose(), h.redis?.dispose(), h.dovecot?.dispose()]);
    if (h.dir) rmSync(h.dir, { recursive: true, force: true });
    // The figure for the README: faults survived in this file.
    console.log(`service restarts: ${h.faults.length} faults survived — ${h.faults.join('; ')}`);
  });
  return h;
}

/** The setup file: one mailbox on the private Dovecot, one client (with extra client settings). */
export function setupFile(h: RestartHarness, client: Record<string, unknown> = {}) {
  return {
    mailboxes: [{ name: 'acme', host: '127.0.0.1', port: h.dovecot.port, secure: false, user: RESTARTS_USER, password: IMAP_PASSWORD, folder: 'INBOX', client: 'acme' }],
    clients: [{ code: 'acme', name: 'ACME', addresses: ['acme@fines.example.com'], allowedSenders: ['acme-rent.be'], ...client }],
  };
}

export const count = async (h: RestartHarness, query: string) => Number(((await h.database.pool.query(query)).rows[0] as { n: string }).n);

export async function mailFines(h: RestartHarness, howMany: number, options: { plate?: string } = {}) {
  const client = new ImapFlow({ host: '127.0.0.1', port: h.dovecot.port, secure: false, doSTARTTLS: false, auth: { user: RESTARTS_USER, pass: IMAP_PASSWORD }, logger: false });
  await client.connect();
  try {
    for (let i = 0; i < howMany; i++) {
      const seed = 20_000 + h.mailed;
      const fine = makeFine(LAYOUTS[h.mailed % LAYOUTS.length]!, seed, options.plate ? { plateAsPrinted: options.plate } : {});
      const raw = await buildMail({ from: 'backoffice@acme-rent.be', to: 'acme@fines.example.com', attachments: [{ filename: `boete-${seed}.pdf`, content: await renderFinePdf(fine) }] });
      await client.append('INBOX', raw, [], new Date(Date.UTC(2026, 10, 20, 8, h.mailed % 60)));
      h.mailed += 1;
    }
  } finally {
    await client.logout();
  }
}

async function unseenOnServer(h: RestartHarness): Promise<number> {
  const client = new ImapFlow({ host: '127.0.0.1', port: h.dovecot.port, secure: false, doSTARTTLS: false, auth: { user: RESTARTS_USER, pass: IMAP_PASSWORD }, logger: false });
  await client.connect();
  try {
    const status = await client.status('INBOX', { unseen: true });
    return status ? (status.unseen ?? -1) : -1;
  } finally {
    await client.logout();
  }
}

/** Everything mailed so far is stored once, read, assessed and marked on the server. */
export async function expectAllDone(h: RestartHarness) {
  const n = (q: string) => count(h, q);
  expect(await n('SELECT count(*) AS n FROM received_mails')).toBe(h.mailed);
  expect(await n('SELECT count(DISTINCT (uid_validity, uid)) AS n FROM received_mails')).toBe(h.mailed);
  expect(await n(`SELECT count(*) AS n FROM received_mails WHERE server_action <> 'done'`)).toBe(0);
  expect(await n('SELECT count(*) AS n FROM documents')).toBe(h.mailed);
  expect(await n(`SELECT count(*) AS n FROM documents WHERE status <> 'assessed'`)).toBe(0);
  expect(await n('SELECT count(*) AS n FROM assessments')).toBe(h.mailed);
  expect(await n(`SELECT count(*) AS n FROM audit_events WHERE action = 'document.read'`)).toBe(h.mailed);
  expect(await unseenOnServer(h)).toBe(0);
}

export async function runOnceToTheEnd(h: RestartHarness) {
  const run = await runBoete(['run', '--once'], h.env);
  expect(run.code, run.stderr).toBe(0);
  await expectAllDone(h);
  return run;
}
