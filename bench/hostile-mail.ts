// What one hostile mail costs `boete run --once`: CPU seconds (user + system, worker threads
// included) and peak RSS, measured with GNU time around the real CLI in a child process.
//   blank: one 37 KB mail with ten blank 20-page PDFs (200 pages that need OCR to find nothing)
//   tiny:  one mail with 990 tiny one-page PDFs
//
//   bash scripts/services.sh && npm run build && node --import tsx bench/hostile-mail.ts [blank] [tiny]
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ImapFlow } from 'imapflow';
import pg from 'pg';
import { blankPdf, rawMail, tinyPdf } from '../test/support/hostile-mail.js';

const BIN = path.resolve(import.meta.dirname, '../bin/boete.mjs');
const PG = 'postgres://postgres@127.0.0.1:5432';
const IMAP = { host: '127.0.0.1', port: 1143, secure: false, doSTARTTLS: false, logger: false as const };

type Measured = { code: number | null; wallSeconds: number; cpuSeconds: number; peakMb: number };

async function boete(args: string[], env: Record<string, string>, dir: string): Promise<Measured> {
  const timeFile = `${dir}/time.txt`;
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn('/usr/bin/time', ['-o', timeFile, '-f', '%U %S %M', process.execPath, BIN, ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'ignore', 'ignore'],
    });
    child.on('error', reject);
    child.on('exit', async (code) => {
      const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
      const [user, system, maxKb] = (await readFile(timeFile, 'utf8')).trim().split('\n').pop()!.split(' ').map(Number);
      resolve({ code, wallSeconds, cpuSeconds: user! + system!, peakMb: maxKb! / 1024 });
    });
  });
}

async function hostileMail(kind: string): Promise<Buffer> {
  const headers = { From: 'backoffice@acme-rent.be', To: 'acme@fines.example.com', Subject: `hostile ${kind}`, Date: new Date().toUTCString() };
  if (kind === 'blank') {
    // Ten different files (a different /ID each), so they are ten documents.
    const files = await Promise.all(Array.from({ length: 10 }, () => blankPdf(20)));
    return rawMail(headers, files.map((content, i) => ({ contentType: 'application/pdf', filename: `blank-${i}.pdf`, content })));
  }
  if (kind === 'tiny') {
    const files = await Promise.all(Array.from({ length: 990 }, (_, i) => tinyPdf(`page ${i}`)));
    return rawMail(headers, files.map((content, i) => ({ contentType: 'application/pdf', filename: `tiny-${i}.pdf`, content })));
  }
  throw new Error(`unknown scenario ${kind}`);
}

async function run(kind: string) {
  const id = randomBytes(3).toString('hex');
  const dbName = `boete_bench_${id}`;
  const user = `bench-${id}`;
  const env = { DATABASE_URL: `${PG}/${dbName}`, REDIS_URL: 'redis://127.0.0.1:6379', BOETE_QUEUE_PREFIX: `boete-bench-${id}`, BOETE_LOG_LEVEL: 'warn' };
  const dir = await mkdtemp('/tmp/boete-bench-');
  await writeFile(
    `${dir}/setup.json`,
    JSON.stringify({
      mailboxes: [{ name: 'bench', host: IMAP.host, port: IMAP.port, secure: false, user, password: 'boete-test', folder: 'INBOX', client: 'acme' }],
      clients: [{ code: 'acme', name: 'ACME', addresses: ['acme@fines.example.com'], allowedSenders: ['acme-rent.be'], defaultFinePolicy: 'recharge' }],
    }),
  );
  await boete(['migrate'], env, dir);
  await boete(['setup', 'import', `${dir}/setup.json`], env, dir);
  const raw = await hostileMail(kind);
  const imap = new ImapFlow({ ...IMAP, auth: { user, pass: 'boete-test' } });
  await imap.connect();
  await imap.append('INBOX', raw, [], new Date());
  await imap.logout();

  const m = await boete(['run', '--once'], env, dir);
  const db = new pg.Client({ connectionString: env.DATABASE_URL });
  await db.connect();
  const mails = (await db.query<{ status: string; raw: boolean }>('SELECT status, raw IS NOT NULL AS raw FROM received_mails')).rows;
  const docs = Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM documents')).rows[0]?.n ?? 0);
  const reviews = Number((await db.query<{ n: string }>("SELECT count(*) AS n FROM assessments WHERE decision = 'review'")).rows[0]?.n ?? 0);
  await db.end();
  const admin = new pg.Client({ connectionString: `${PG}/postgres` });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  await admin.end();
  console.log(
    `${kind.padEnd(6)} mail ${(raw.length / 1024).toFixed(0)} KB: CPU ${m.cpuSeconds.toFixed(1)} s, peak RSS ${m.peakMb.toFixed(0)} MB, wall ${m.wallSeconds.toFixed(1)} s, exit ${m.code}; ` +
      `mail ${mails.map((x) => `${x.status}${x.raw ? ' (raw kept)' : ''}`).join(', ')}; ${docs} document(s), ${reviews} review item(s)`,
  );
}

for (const kind of process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['blank', 'tiny']) await run(kind);
