// Mail-in → decision latency of `boete worker` (IMAP IDLE → poll → read → assess), on real Dovecot,
// PostgreSQL and Redis: the compiled CLI runs as a child process against a fresh database and a
// mailbox user of its own; mails are appended one at a time while it runs (text PDFs, then scans),
// and each one's latency is the time from the start of its IMAP APPEND to its assessment being
// stored (assessments.assessed_at; the same machine's clock). Reports p50/p95/max per kind, and where
// the time went (stored, read, assessed). No assertion: it prints figures.
//
//   npm run build && bash scripts/services.sh && node --import tsx bench/mail-latency.ts [TEXT] [SCANS]   (default 20 10)
//
// The poll interval is left at its default (60 s): the poll is only the safety net, so a latency
// well under it is IDLE's doing. Targets on the 2-core development machine: text p95 < 5 s, scans p95 < 15 s.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ImapFlow } from 'imapflow';
import { Redis } from 'ioredis';
import pg from 'pg';
import { buildMail } from '../fixtures/fine-mail.js';
import { LAYOUTS, makeFine } from '../fixtures/fine-truth.js';
import { renderFinePdf } from '../fixtures/render-fine-pdf.js';
import { renderScanPdf } from '../fixtures/render-scan.js';

const BIN = path.resolve(import.meta.dirname, '../bin/boete.mjs');
const PG = 'postgres://postgres@127.0.0.1:5432';
const REDIS_URL = 'redis://127.0.0.1:6379';
const IMAP = { host: '127.0.0.1', port: 1143, secure: false, doSTARTTLS: false, logger: false as const };
const PASSWORD = 'boete-test';
const [textCount = 20, scanCount = 10] = process.argv.slice(2).map(Number);
/** Pause between two mails, so each is measured on its own and not behind the previous one. */
const GAP_MS = 500;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;

function run(args: string[], env: Record<string, string>): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`boete ${args.join(' ')} exited with ${code}`))));
  });
}

async function waitFor<T>(probe: () => Promise<T | null>, what: string, timeoutMs: number): Promise<T> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const value = await probe();
    if (value !== null) return value;
    await sleep(25);
  }
  throw new Error(`timed out waiting for ${what}`);
}

const id = randomBytes(3).toString('hex');
const dbName = `boete_latency_${id}`;
const user = `latency-${id}`;
const prefix = `boete-latency-${id}`;
const env = { DATABASE_URL: `${PG}/${dbName}`, REDIS_URL, BOETE_QUEUE_PREFIX: prefix, BOETE_LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn' };

console.log(`rendering ${textCount} text PDFs and ${scanCount} scans …`);
type Kind = 'warm-up' | 'text' | 'scan';
const mails: { kind: Kind; filename: string; raw: Buffer }[] = [];
// A contract covering every plate, so a document that reads well is decided (recharge), not held for one.
const contractRows = ['client,contract_ref,plate,starts_at,ends_at,fine_policy,renter_type,renter_name,renter_address,renter_birth_date,renter_company_number,renter_email,admin_fee_cents'];
for (let i = 0; i < 1 + textCount + scanCount; i++) {
  // The first mail a new Dovecot mailbox receives is announced in IDLE about 13 s late (seen with a
  // bare imapflow client too, without boete), later ones in ~0.5 s: it is sent first, reported apart.
  const kind: Kind = i === 0 ? 'warm-up' : i <= textCount ? 'text' : 'scan';
  const fine = makeFine(LAYOUTS[i % LAYOUTS.length]!, 300_000 + i);
  contractRows.push(`acme,LAT-${i},${fine.plateAsPrinted},2020-01-01,,recharge,company,Verhuur NV,"Kaai 1, 2000 Antwerpen",,BE0123456789,,1500`);
  const pdf = await renderFinePdf(fine);
  const content = kind === 'scan' ? await renderScanPdf(pdf, 300_000 + i) : pdf;
  const filename = `latency-${kind}-${i}.pdf`;
  mails.push({ kind, filename, raw: await buildMail({ from: 'backoffice@acme-rent.be', to: 'acme@fines.example.com', attachments: [{ filename, content }] }) });
}

const dir = await mkdtemp('/tmp/boete-latency-');
await writeFile(
  `${dir}/setup.json`,
  JSON.stringify({
    mailboxes: [{ name: 'latency', host: IMAP.host, port: IMAP.port, secure: false, user, password: PASSWORD, folder: 'INBOX', client: 'acme' }],
    clients: [{ code: 'acme', name: 'ACME', addresses: ['acme@fines.example.com'], allowedSenders: ['acme-rent.be'], defaultFinePolicy: 'recharge' }],
  }),
);
await run(['migrate'], env);
await run(['setup', 'import', `${dir}/setup.json`], env);
await writeFile(`${dir}/contracts.csv`, `${contractRows.join('\n')}\n`);
await run(['contracts', 'import', `${dir}/contracts.csv`], env);

const db = new pg.Client({ connectionString: env.DATABASE_URL });
await db.connect();
const worker = spawn(process.execPath, [BIN, 'worker'], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
const imap = new ImapFlow({ ...IMAP, auth: { user, pass: PASSWORD } });
type Row = { kind: Kind; total: number; stored: number; read: number; decision: string };
const rows: Row[] = [];
try {
  await imap.connect();
  // The worker is up, its IDLE connection open and the (empty) mailbox polled once.
  await waitFor(async () => ((await db.query('SELECT 1 FROM mailboxes WHERE last_polled_at IS NOT NULL')).rowCount ? true : null), 'the worker to poll once', 60_000);
  await sleep(2_000); // the parse threads start on the first document; the IDLE connection settles
  for (const mail of mails) {
    const appendedAt = Date.now();
    await imap.append('INBOX', mail.raw, [], new Date());
    const r = await waitFor(
      async () =>
        (
          await db.query<{ stored: Date; read: Date | null; assessed: Date; decision: string }>(
            `SELECT m.created_at AS stored, f.read_at AS read, a.assessed_at AS assessed, coalesce(a.decision::text, 'review') AS decision
               FROM documents d JOIN received_mails m ON m.id = d.first_mail_id JOIN assessments a ON a.document_id = d.id
               LEFT JOIN extracted_fields f ON f.document_id = d.id
              WHERE d.filename = $1 ORDER BY a.assessed_at LIMIT 1`,
            [mail.filename],
          )
        ).rows[0] ?? null,
      `${mail.filename} to be assessed`,
      180_000,
    );
    const row = { kind: mail.kind, total: r.assessed.getTime() - appendedAt, stored: r.stored.getTime() - appendedAt, read: (r.read?.getTime() ?? NaN) - appendedAt, decision: r.decision };
    rows.push(row);
    console.log(`  ${mail.kind.padEnd(7)} ${mail.filename.padEnd(26)} stored ${(row.stored / 1000).toFixed(2)} s  read ${(row.read / 1000).toFixed(2)} s  assessed ${(row.total / 1000).toFixed(2)} s  (${row.decision})`);
    await sleep(GAP_MS);
  }
} finally {
  await imap.logout().catch(() => undefined);
  worker.kill('SIGTERM');
  await new Promise((r) => worker.once('exit', r));
  await db.end();
  const admin = new pg.Client({ connectionString: `${PG}/postgres` });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  await admin.end();
  const redis = new Redis(REDIS_URL);
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
}

const stat = (values: number[]) => {
  const s = [...values].sort((a, b) => a - b);
  return `p50 ${(percentile(s, 50) / 1000).toFixed(2)} s  p95 ${(percentile(s, 95) / 1000).toFixed(2)} s  max ${(s.at(-1)! / 1000).toFixed(2)} s`;
};
console.log('\nmail-in (APPEND) → assessment stored, one mail at a time, `boete worker` with IMAP IDLE:');
const warmUp = rows.find((r) => r.kind === 'warm-up');
if (warmUp) console.log(`  warm-up (the mailbox's first mail, not counted): ${(warmUp.total / 1000).toFixed(2)} s`);
for (const kind of ['text', 'scan'] as const) {
  const of = rows.filter((r) => r.kind === kind);
  if (of.length === 0) continue;
  const decisions = [...new Set(of.map((r) => r.decision))].map((d) => `${of.filter((r) => r.decision === d).length} ${d}`).join(', ');
  console.log(`  ${kind === 'text' ? 'text PDFs' : 'scans    '} (${of.length}): ${stat(of.map((r) => r.total))}   (stored: ${stat(of.map((r) => r.stored))}; ${decisions})`);
}
console.log('targets: text p95 < 5 s, scans p95 < 15 s');
