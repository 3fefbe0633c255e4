// Every service stopped in the middle of a run and started again — on PRIVATE PostgreSQL, Redis and
// Dovecot instances started here (the shared ones are never touched). Each time, the run that saw
// the fault exits 1 with a summary instead of crashing or hanging, and ONE more `boete run --once`
// finishes everything: every mail stored once, every document read and assessed, every mail marked
// on the server. Then a `worker` is taken through restarts of all three and carries on.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ImapFlow } from 'imapflow';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../src/db/database.js';
import { runMigrations } from '../../src/db/migrate.js';
import { buildMail } from '../../fixtures/fine-mail.js';
import { LAYOUTS, makeFine } from '../../fixtures/fine-truth.js';
import { renderFinePdf } from '../../fixtures/render-fine-pdf.js';
import { humanLines, runBoete, spawnBoete, waitFor } from '../support/boete-process.js';
import { privateDovecot, privatePostgres, privateRedis, type PrivateService } from '../support/private-services.js';
import { IMAP_PASSWORD } from '../support/services.js';

let pgServer: PrivateService;
let redis: PrivateService;
let dovecot: PrivateService;
let database: DatabaseHandle;
let env: Record<string, string>;
let dir: string;
let mailed = 0;
const USER = 'acme-restarts';
const faults: string[] = [];

const n = async (query: string) => Number(((await database.pool.query(query)).rows[0] as { n: string }).n);

async function mailFines(count: number, options: { plate?: string } = {}) {
  const client = new ImapFlow({ host: '127.0.0.1', port: dovecot.port, secure: false, doSTARTTLS: false, auth: { user: USER, pass: IMAP_PASSWORD }, logger: false });
  await client.connect();
  try {
    for (let i = 0; i < count; i++) {
      const seed = 20_000 + mailed;
      const fine = makeFine(LAYOUTS[mailed % LAYOUTS.length]!, seed, options.plate ? { plateAsPrinted: options.plate } : {});
      const raw = await buildMail({ from: 'backoffice@acme-rent.be', to: 'acme@fines.example.com', attachments: [{ filename: `boete-${seed}.pdf`, content: await renderFinePdf(fine) }] });
      await client.append('INBOX', raw, [], new Date(Date.UTC(2026, 10, 20, 8, mailed % 60)));
      mailed += 1;
    }
  } finally {
    await client.logout();
  }
}

async function unseenOnServer(): Promise<number> {
  const client = new ImapFlow({ host: '127.0.0.1', port: dovecot.port, secure: false, doSTARTTLS: false, auth: { user: USER, pass: IMAP_PASSWORD }, logger: false });
  await client.connect();
  try {
    const status = await client.status('INBOX', { unseen: true });
    return status ? (status.unseen ?? -1) : -1;
  } finally {
    await client.logout();
  }
}

/** Everything mailed so far is stored once, read, assessed and marked on the server. */
async function expectAllDone() {
  expect(await n('SELECT count(*) AS n FROM received_mails')).toBe(mailed);
  expect(await n('SELECT count(DISTINCT (uid_validity, uid)) AS n FROM received_mails')).toBe(mailed);
  expect(await n(`SELECT count(*) AS n FROM received_mails WHERE server_action <> 'done'`)).toBe(0);
  expect(await n('SELECT count(*) AS n FROM documents')).toBe(mailed);
  expect(await n(`SELECT count(*) AS n FROM documents WHERE status <> 'assessed'`)).toBe(0);
  expect(await n('SELECT count(*) AS n FROM assessments')).toBe(mailed);
  expect(await n(`SELECT count(*) AS n FROM audit_events WHERE action = 'document.read'`)).toBe(mailed);
  expect(await unseenOnServer()).toBe(0);
}

async function runOnceToTheEnd() {
  const run = await runBoete(['run', '--once'], env);
  expect(run.code, run.stderr).toBe(0);
  await expectAllDone();
  return run;
}

beforeAll(async () => {
  [pgServer, redis, dovecot] = await Promise.all([privatePostgres(), privateRedis(), privateDovecot()]);
  const admin = new pg.Client({ connectionString: `${pgServer.url}/postgres` });
  await admin.connect();
  await admin.query('CREATE DATABASE boete');
  await admin.end();
  await runMigrations(`${pgServer.url}/boete`);
  database = openDatabase(`${pgServer.url}/boete`, { max: 2 });
  env = {
    DATABASE_URL: `${pgServer.url}/boete`,
    REDIS_URL: redis.url,
    BOETE_QUEUE_PREFIX: 'boete',
    BOETE_LOG_LEVEL: 'warn',
    BOETE_PARSE_THREADS: '2',
    // Jobs held by a process that lost its Redis are handed back within seconds.
    BOETE_JOB_LOCK_SECONDS: '2',
    BOETE_IMAP_CONNECT_TIMEOUT_MS: '3000',
  };
  dir = mkdtempSync(path.join(os.tmpdir(), 'boete-restarts-'));
  writeFileSync(
    path.join(dir, 'setup.json'),
    JSON.stringify({
      mailboxes: [{ name: 'acme', host: '127.0.0.1', port: dovecot.port, secure: false, user: USER, password: IMAP_PASSWORD, folder: 'INBOX', client: 'acme' }],
      clients: [{ code: 'acme', name: 'ACME', addresses: ['acme@fines.example.com'], allowedSenders: ['acme-rent.be'] }],
    }),
  );
  const setup = await runBoete(['setup', 'import', path.join(dir, 'setup.json')], env);
  expect(setup.code, setup.stderr).toBe(0);
}, 120_000);

afterAll(async () => {
  await database?.close().catch(() => undefined);
  await Promise.all([pgServer?.dispose(), redis?.dispose(), dovecot?.dispose()]);
  if (dir) rmSync(dir, { recursive: true, force: true });
  // The figure for the README: faults survived in this file.
  console.log(`service restarts: ${faults.length} faults survived — ${faults.join('; ')}`);
});

describe('a service stopped mid-run, then started again', () => {
  it('Dovecot stopped mid-poll: the run exits 1 naming the mailbox; the next run takes in the rest', async () => {
    // Enough mail that the poll is still downloading when Dovecot goes.
    await mailFines(150);
    const run = spawnBoete(['run', '--once'], env);
    await waitFor(async () => (await n('SELECT count(*) AS n FROM received_mails')) >= 1, 'the first mail to be stored', 60_000);
    await dovecot.stop();
    const result = await run.exited;
    const storedWhileDown = await n('SELECT count(*) AS n FROM received_mails');
    await dovecot.start();
    expect(result.code, result.stderr).toBe(1);
    expect(storedWhileDown).toBeLessThan(mailed);
    expect(result.stderr).toMatch(/mailbox acme: \d+ mails? taken in — poll failed: cannot connect to 127\.0\.0\.1:\d+/);
    expect(result.stderr).not.toMatch(/Unhandled|at .*\.js:\d+/);
    await runOnceToTheEnd();
    faults.push('Dovecot stopped mid-poll (run --once)');
  }, 180_000);

  it('PostgreSQL stopped mid-poll and mid-read: no crash, exit 1; the next run reads the rest', async () => {
    await mailFines(30);
    const run = spawnBoete(['run', '--once'], env);
    const before = await n('SELECT count(*) AS n FROM received_mails');
    await waitFor(async () => (await n('SELECT count(*) AS n FROM received_mails')) >= before + 3, 'the first mails to be stored');
    // Fast shutdown: the poll's advisory-lock connection and the pool's get 57P01.
    await pgServer.stop();
    const result = await run.exited;
    await pgServer.start();
    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr).not.toMatch(/Unhandled 'error' event|57P01.*\n\s+at /);
    expect(humanLines(result.stderr).at(-1), result.stderr).toMatch(/^boete: PostgreSQL at 127\.0\.0\.1:\d+\/boete is not reachable/);
    expect(await n(`SELECT count(*) AS n FROM documents WHERE status <> 'assessed'`) + (mailed - (await n('SELECT count(*) AS n FROM received_mails')))).toBeGreaterThan(0);
    await runOnceToTheEnd();
    faults.push('PostgreSQL stopped mid-poll and mid-read (run --once)');
  }, 240_000);

  it('Redis stopped mid-run (its data lost): exit 1 at once naming Redis; the next run finishes everything', async () => {
    await mailFines(30);
    const run = spawnBoete(['run', '--once'], env);
    const before = await n('SELECT count(*) AS n FROM received_mails');
    await waitFor(async () => (await n('SELECT count(*) AS n FROM received_mails')) >= before + 3, 'the first mails to be stored');
    await redis.stop();
    const stoppedAt = Date.now();
    const result = await run.exited;
    const took = Date.now() - stoppedAt;
    await redis.start(); // empty: every queued job is gone
    expect(result.code, result.stderr).toBe(1);
    expect(humanLines(result.stderr).at(-1), result.stderr).toMatch(new RegExp(`^boete: Redis at 127\\.0\\.0\\.1:${redis.port} is not reachable`));
    expect(took).toBeLessThan(60_000); // ended instead of waiting for Redis
    // Connections dropped on the way out: no client left reconnecting without a listener.
    expect(result.stderr).not.toContain('Unhandled error event');
    await runOnceToTheEnd();
    faults.push('Redis stopped mid-run, queues lost (run --once)');
  }, 180_000);
});

describe('Redis down before a command', () => {
  const redisDownEnv = () => ({ ...env, REDIS_URL: `redis://:s3cret-pw@127.0.0.1:${redis.port}` });

  it('run --once, worker, contracts import and setup import each fail at once with one line naming Redis', async () => {
    // A document waiting for its contract: the import must re-assess it, which needs Redis.
    await mailFines(1, { plate: '1-WAI-007' });
    await runOnceToTheEnd();
    const waitingFor007 = `SELECT count(*) AS n FROM assessments a JOIN extracted_fields f USING (document_id) WHERE a.waiting_for_client AND f.plate = '1WAI007'`;
    const waiting = `SELECT count(*) AS n FROM assessments WHERE waiting_for_client`;
    expect(await n(waitingFor007)).toBe(1);
    const waitingBefore = await n(waiting);
    const reassessed = `SELECT count(*) AS n FROM audit_events WHERE action = 'document.reassessed'`;
    const reassessedBefore = await n(reassessed);
    writeFileSync(
      path.join(dir, 'contracts.csv'),
      `client,contract_ref,plate,starts_at,ends_at,fine_policy,renter_type,renter_name,renter_address,renter_birth_date,renter_company_number,renter_email,admin_fee_cents
acme,AC-W,1-WAI-007,2026-01-01,,recharge,company,Wacht BV,"Kaai 1, 2000 Antwerpen",,BE0123456789,,
`,
    );
    writeFileSync(
      path.join(dir, 'setup-policy.json'),
      JSON.stringify({
        mailboxes: [{ name: 'acme', host: '127.0.0.1', port: dovecot.port, secure: false, user: USER, password: IMAP_PASSWORD, folder: 'INBOX', client: 'acme' }],
        clients: [{ code: 'acme', name: 'ACME', addresses: ['acme@fines.example.com'], allowedSenders: ['acme-rent.be'], defaultFinePolicy: 'redirect' }],
      }),
    );
    await redis.stop();
    try {
      for (const args of [['run', '--once'], ['worker'], ['contracts', 'import', path.join(dir, 'contracts.csv')], ['setup', 'import', path.join(dir, 'setup-policy.json')]]) {
        const result = await runBoete(args, redisDownEnv());
        const what = `boete ${args.join(' ')}`;
        expect(result.code, `${what}: ${result.stderr}`).toBe(1);
        expect(humanLines(result.stderr), what).toHaveLength(1);
        expect(result.stderr.trim(), what).toMatch(new RegExp(`^boete: Redis at 127\\.0\\.0\\.1:${redis.port} is not reachable`));
        expect(result.stderr + result.stdout, what).not.toContain('s3cret-pw');
        // Not a speed target: a command that waited for Redis would never end (seconds when idle).
        expect(result.ms, what).toBeLessThan(60_000);
      }
      faults.push('Redis down before run --once, worker, contracts import, setup import');
    } finally {
      await redis.start();
    }
    // The imports were committed; their re-assessment was never queued. The next run finds the
    // waiting document by its newer facts.
    expect(await n(waitingFor007)).toBe(1);
    expect(await n(waiting)).toBe(waitingBefore);
    await runOnceToTheEnd();
    // The contract decided its document; every waiting document was assessed again (the default
    // policy is newer than their assessments).
    expect(await n(waitingFor007)).toBe(0);
    expect(await n(reassessed)).toBeGreaterThanOrEqual(reassessedBefore + waitingBefore);
  }, 180_000);
});

describe('a worker through restarts of every service', () => {
  it('survives PostgreSQL, Redis and Dovecot restarts, carries on, and obeys SIGTERM with Redis down', async () => {
    const worker = spawnBoete(['worker'], { ...env, BOETE_POLL_INTERVAL_SECONDS: '1' });
    const alive = () => worker.child.exitCode === null && worker.child.signalCode === null;
    const processedAll = async () =>
      (await n('SELECT count(*) AS n FROM received_mails')) === mailed && (await n(`SELECT count(*) AS n FROM documents WHERE status = 'assessed'`)) === mailed;
    try {
      await mailFines(10);
      await waitFor(async () => (await n('SELECT count(*) AS n FROM received_mails')) >= mailed - 7, 'the worker to take mail in');

      // PostgreSQL restarted while the worker polls and reads (1 s poll interval: a poll is always near).
      await pgServer.stop();
      await new Promise((r) => setTimeout(r, 3_000));
      await pgServer.start();
      expect(alive(), worker.stderr()).toBe(true);
      await mailFines(5);
      await waitFor(processedAll, 'the worker to carry on after PostgreSQL restarted', 90_000);
      faults.push('PostgreSQL restarted under a worker');

      // Dovecot restarted.
      await dovecot.stop();
      await new Promise((r) => setTimeout(r, 3_000));
      await dovecot.start();
      await mailFines(5);
      await waitFor(processedAll, 'the worker to carry on after Dovecot restarted', 90_000);
      expect(alive(), worker.stderr()).toBe(true);
      faults.push('Dovecot restarted under a worker');

      // Redis restarted empty: the worker puts its schedulers back and polls again.
      await redis.stop();
      await new Promise((r) => setTimeout(r, 3_000));
      await redis.start();
      await mailFines(5);
      await waitFor(async () => (await n('SELECT count(*) AS n FROM received_mails')) === mailed, 'the worker to poll again after Redis restarted', 90_000);
      expect(alive(), worker.stderr()).toBe(true);
      faults.push('Redis restarted (emptied) under a worker');

      // Redis down, then SIGTERM: the first one is obeyed.
      await redis.stop();
      await new Promise((r) => setTimeout(r, 1_000));
      const signalled = Date.now();
      worker.child.kill('SIGTERM');
      const result = await worker.exited;
      expect(Date.now() - signalled).toBeLessThan(60_000); // the first SIGTERM is obeyed
      expect(result.signal, result.stderr).toBeNull();
      expect(result.stderr).not.toMatch(/Unhandled 'error' event/);
      faults.push('SIGTERM with Redis down');
    } finally {
      if (alive()) worker.child.kill('SIGKILL');
      if (!(await redis.start().then(() => true, () => false))) throw new Error('could not restart Redis');
    }
    // Whatever the Redis loss left behind, one more run finishes it.
    await runOnceToTheEnd();
  }, 400_000);
});
