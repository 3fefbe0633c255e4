// Nothing secret or personal reaches a log line, an error message, mailboxes.last_error or a failed
// job's reason in Redis, whatever fails: the real `boete` commands and a worker run as child
// processes against real PostgreSQL, Redis and Dovecot, with debug logging, into a database
// without migrations, a database that does not exist, a port nobody listens on, and constraint
// violations on the very statements that carry an IMAP password (setup import), a renter's name,
// address and birth date (contract import) and a whole raw mail (mail store). Every line they print
// is searched for those values; each failure must still name its cause.
import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { Redis } from 'ioredis';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mailboxes } from '../../db/schema.js';
import { buildMail } from '../../fixtures/fine-mail.js';
import { makeFine } from '../../fixtures/fine-truth.js';
import { renderFinePdf } from '../../fixtures/render-fine-pdf.js';
import { ADMIN_URL, PG_BASE, REDIS_URL } from '../support/services.js';
import { createTestEnv, IMAP_HOST, IMAP_PASSWORD, IMAP_PORT, type TestEnv } from '../support/test-env.js';

const BIN = path.resolve(import.meta.dirname, '../../bin/boete.mjs');

const SETUP_PASSWORD = 'Canary-Imap-Secret-41x';
const URL_PASSWORD = 'Canary-Url-Secret-77q';
const RENTER_NAME = 'Jozefien Vandenbroucke-Canary';
const RENTER_ADDRESS = 'Canarystraat 17, 9000 Gent';
const RENTER_BIRTH_DATE = '1983-04-17';
/** "Canary" as the byte array a Buffer parameter was once printed as. */
const NAME_AS_BYTES = [...Buffer.from('Canary')].join(',');

const SECRETS = [SETUP_PASSWORD, URL_PASSWORD, IMAP_PASSWORD, RENTER_NAME, RENTER_ADDRESS, RENTER_BIRTH_DATE, NAME_AS_BYTES, 'Vandenbroucke'];

type Run = { code: number | null; stdout: string; stderr: string };

function boete(args: string[], env: Record<string, string>, options: { killAfterMs?: number; until?: RegExp } = {}): Promise<Run> {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { ...process.env, BOETE_LOG_LEVEL: 'debug', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    child.kill('SIGTERM');
  };
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => {
    stderr += c.toString();
    if (options.until && options.until.test(stderr)) stop();
  });
  const timer = options.killAfterMs ? setTimeout(stop, options.killAfterMs) : undefined;
  return new Promise((resolve) =>
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    }),
  );
}

/** Every line printed, searched for every secret and for SQL. */
function expectNothingLeaked(run: Run | string, what: string) {
  const text = typeof run === 'string' ? run : `${run.stdout}\n${run.stderr}`;
  for (const secret of SECRETS) expect(text, `${what} printed ${secret}`).not.toContain(secret);
  expect(text, `${what} printed SQL`).not.toMatch(/Failed query|params:|insert into "|select "/i);
  expect(text, `${what} printed a row`).not.toMatch(/Failing row contains|Key \(/);
}

const stderrLines = (run: Run) => run.stderr.split('\n').filter((l) => l.trim() !== '');

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function sqlOn(url: string, statement: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

let dir: string;
let setupFile: string;
let contractsFile: string;
const tempDatabases: string[] = [];

beforeAll(async () => {
  dir = await import('node:fs/promises').then((fs) => fs.mkdtemp(path.join(os.tmpdir(), 'boete-leaks-')));
  setupFile = path.join(dir, 'setup.json');
  contractsFile = path.join(dir, 'contracts.csv');
  await writeFile(
    setupFile,
    JSON.stringify({
      clients: [{ code: 'acme', name: 'ACME', addresses: ['acme@fines.example.com'] }],
      mailboxes: [{ name: 'probe', host: IMAP_HOST, port: 1999, secure: false, user: 'probe', password: SETUP_PASSWORD, client: 'acme' }],
    }),
  );
  await writeFile(
    contractsFile,
    'client,contract_ref,plate,starts_at,ends_at,fine_policy,renter_type,renter_name,renter_address,renter_birth_date,renter_company_number,renter_email,admin_fee_cents\n' +
      `acme,CANARY-1,1-CAN-001,2026-11-01T00:00,,recharge,person,${RENTER_NAME},"${RENTER_ADDRESS}",${RENTER_BIRTH_DATE},,,\n`,
  );
});

afterAll(async () => {
  for (const name of tempDatabases) await sqlOn(ADMIN_URL, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
});

describe('a database that is not there or not usable: one line naming PostgreSQL, no password', () => {
  it('does not exist: names the URL without its password and says to migrate', async () => {
    const url = `postgres://postgres:${URL_PASSWORD}@127.0.0.1:5432/boete_nosuch_${process.pid}`;
    for (const args of [['setup', 'import', setupFile], ['contracts', 'import', contractsFile], ['export', '--format', 'json']]) {
      const run = await boete(args, { DATABASE_URL: url });
      expect(run.code, args.join(' ')).toBe(1);
      expect(stderrLines(run), args.join(' ')).toEqual([
        `boete: PostgreSQL at postgres://postgres@127.0.0.1:5432/boete_nosuch_${process.pid}: database "boete_nosuch_${process.pid}" does not exist — run boete migrate (SQLSTATE 3D000)`,
      ]);
      expectNothingLeaked(run, args.join(' '));
    }
  });

  it('nobody listens on the port: one line, unreachable', async () => {
    const port = await freePort();
    const url = `postgres://postgres:${URL_PASSWORD}@127.0.0.1:${port}/boete`;
    for (const args of [['setup', 'import', setupFile], ['contracts', 'import', contractsFile], ['migrate'], ['clients', 'export', 'acme']]) {
      const run = await boete(args, { DATABASE_URL: url });
      expect(run.code, args.join(' ')).toBe(1);
      expect(stderrLines(run), args.join(' ')).toEqual([`boete: PostgreSQL at postgres://postgres@127.0.0.1:${port}/boete is unreachable (ECONNREFUSED)`]);
      expectNothingLeaked(run, args.join(' '));
    }
  });

  it('exists without migrations: says to run boete migrate', async () => {
    const name = `boete_nomigr_${process.pid}`;
    await sqlOn(ADMIN_URL, `CREATE DATABASE ${name}`);
    tempDatabases.push(name);
    for (const args of [['setup', 'import', setupFile], ['contracts', 'import', contractsFile]]) {
      const run = await boete(args, { DATABASE_URL: `${PG_BASE}/${name}` });
      expect(run.code, args.join(' ')).toBe(1);
      const lines = stderrLines(run);
      expect(lines, args.join(' ')).toHaveLength(1);
      expect(lines[0]).toMatch(new RegExp(`^boete: PostgreSQL at postgres://postgres@127\\.0\\.0\\.1:5432/${name}: relation "\\w+" does not exist — run boete migrate \\(SQLSTATE 42P01`));
      expectNothingLeaked(run, args.join(' '));
    }
  });
});

describe('a statement that fails on the values it carries', () => {
  let t: TestEnv;
  beforeAll(async () => {
    t = await createTestEnv();
  });
  afterAll(async () => t?.dispose());

  it('setup import: names the constraint, never the IMAP password', async () => {
    await sqlOn(t.config.databaseUrl, 'ALTER TABLE mailboxes ADD CONSTRAINT leak_probe_port CHECK (port <> 1999)');
    const run = await boete(['setup', 'import', setupFile], t.env);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('violates check constraint "leak_probe_port"');
    expect(run.stderr).toContain('SQLSTATE 23514');
    expect(run.stderr).toContain('insert into mailboxes');
    expectNothingLeaked(run, 'setup import');
  });

  it('contracts import: names the constraint, never the renter', async () => {
    await sqlOn(t.config.databaseUrl, 'ALTER TABLE mailboxes DROP CONSTRAINT leak_probe_port');
    expect((await boete(['setup', 'import', setupFile], t.env)).code).toBe(0);
    await sqlOn(t.config.databaseUrl, "ALTER TABLE contracts ADD CONSTRAINT leak_probe_ref CHECK (contract_ref <> 'CANARY-1')");
    const run = await boete(['contracts', 'import', contractsFile], t.env);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('violates check constraint "leak_probe_ref"');
    expect(run.stderr).toContain('table contracts');
    expectNothingLeaked(run, 'contracts import');
  });

  it('a duplicate key names its constraint, not the key', async () => {
    // The detail of a unique violation is "Key (…)=(<values>) already exists".
    await sqlOn(t.config.databaseUrl, 'ALTER TABLE contracts DROP CONSTRAINT leak_probe_ref');
    await sqlOn(t.config.databaseUrl, 'CREATE UNIQUE INDEX leak_probe_renter ON contracts (renter_name)');
    await writeFile(
      path.join(dir, 'two.csv'),
      'client,contract_ref,plate,starts_at,ends_at,fine_policy,renter_type,renter_name,renter_address,renter_birth_date,renter_company_number,renter_email,admin_fee_cents\n' +
        `acme,CANARY-1,1-CAN-001,2026-11-01T00:00,,recharge,person,${RENTER_NAME},"${RENTER_ADDRESS}",${RENTER_BIRTH_DATE},,,\n` +
        `acme,CANARY-2,1-CAN-002,2026-11-01T00:00,,recharge,person,${RENTER_NAME},"${RENTER_ADDRESS}",${RENTER_BIRTH_DATE},,,\n`,
    );
    const run = await boete(['contracts', 'import', path.join(dir, 'two.csv')], t.env);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('duplicate key value violates unique constraint "leak_probe_renter"');
    expect(run.stderr).toContain('SQLSTATE 23505');
    expectNothingLeaked(run, 'contracts import (duplicate)');
  });
});

describe('a worker whose mail cannot be stored', () => {
  let t: TestEnv;
  beforeAll(async () => {
    t = await createTestEnv();
    await t.setupAcme();
    const fine = makeFine('be-police-nl', 4242, { plateAsPrinted: '1-CAN-001' });
    // The renter's name in the subject and the body: a raw mail printed as bytes or text shows it.
    const raw = await buildMail({
      from: 'backoffice@acme-rent.be',
      to: 'acme@fines.example.com',
      subject: `Boete voor ${RENTER_NAME}`,
      text: `Huurder: ${RENTER_NAME}, ${RENTER_ADDRESS}, geboren ${RENTER_BIRTH_DATE}`,
      attachments: [{ filename: 'boete.pdf', content: await renderFinePdf(fine) }],
    });
    await t.appendMail(t.imapUser('acme'), raw, new Date());
    // Every mail insert fails: the statement that carries the whole raw mail and its subject.
    await sqlOn(t.config.databaseUrl, 'ALTER TABLE received_mails ADD CONSTRAINT leak_probe_mail CHECK (size_bytes < 0)');
  }, 60_000);
  afterAll(async () => t?.dispose());

  it('run --once logs the cause and nothing of the mail', async () => {
    const run = await boete(['run', '--once'], { ...t.env, BOETE_IMAP_CONNECT_TIMEOUT_MS: '10000' }, { killAfterMs: 45_000 });
    expect(run.stderr).toContain('leak_probe_mail');
    expectNothingLeaked(run, 'run --once');
  }, 60_000);

  it('the mailbox keeps the cause as its last error, without SQL or values', async () => {
    const { ctx } = t.app();
    const [box] = await ctx.db.select({ lastError: mailboxes.lastError }).from(mailboxes).where(eq(mailboxes.name, 'acme'));
    expect(box?.lastError).toContain('violates check constraint "leak_probe_mail"');
    expectNothingLeaked(box?.lastError ?? '', 'mailboxes.last_error');
  });

  it('worker logs the cause and nothing of the mail', async () => {
    const run = await boete(['worker'], { ...t.env, BOETE_POLL_INTERVAL_SECONDS: '1' }, { until: /leak_probe_mail/, killAfterMs: 30_000 });
    expect(run.stderr).toContain('leak_probe_mail');
    expectNothingLeaked(run, 'worker');
  }, 60_000);

  it('failed jobs in Redis keep the cause, not the values', async () => {
    const redis = new Redis(REDIS_URL);
    try {
      const keys = (await redis.keys(`${t.env.BOETE_QUEUE_PREFIX}:*`)).filter((k) => !/:(id|meta|events|stalled-check|marker)$/.test(k));
      let dump = '';
      for (const key of keys) {
        if ((await redis.type(key)) === 'hash') dump += JSON.stringify(await redis.hgetall(key));
      }
      expect(dump).toContain('leak_probe_mail');
      expectNothingLeaked(dump, 'Redis job data');
    } finally {
      redis.disconnect();
    }
  });
});
