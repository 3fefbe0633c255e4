// `boete clients export` and `boete clients delete` on a large client: N documents of S KiB each
// (random bytes, as PDFs and photos are: nothing to compress) with fields, an assessment, a
// receipt, a mail and a contract each, inserted straight into a fresh database. The real CLI runs
// as a child process; its wall time and peak RSS (VmHWM from /proc) are printed.
//
//   bash scripts/services.sh && node --import tsx bench/client-data.ts [N] [KiB]   (default: 5000 200)
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';

const BIN = path.resolve(import.meta.dirname, '../bin/boete.mjs');
const PG = 'postgres://postgres@127.0.0.1:5432';
const n = Number(process.argv[2] ?? 5000);
const kib = Number(process.argv[3] ?? 200);

function boete(args: string[], env: Record<string, string>): Promise<{ seconds: number; peakMb: number; stdout: string }> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    let peakMb = 0;
    const timer = setInterval(async () => {
      const status = await readFile(`/proc/${child.pid}/status`, 'utf8').catch(() => '');
      peakMb = Math.max(peakMb, Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
    }, 50);
    child.on('exit', (code) => {
      clearInterval(timer);
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      if (code === 0) resolve({ seconds, peakMb, stdout });
      else reject(new Error(`boete ${args.join(' ')} exited with ${code}`));
    });
  });
}

const id = randomBytes(3).toString('hex');
const dbName = `boete_bench_clients_${id}`;
const env = { DATABASE_URL: `${PG}/${dbName}`, REDIS_URL: 'redis://127.0.0.1:6379', BOETE_QUEUE_PREFIX: `boete-bench-${id}`, BOETE_LOG_LEVEL: 'warn' };
const dir = await mkdtemp('/tmp/boete-bench-clients-');
try {
  await boete(['migrate'], env);
  await writeFile(
    `${dir}/setup.json`,
    JSON.stringify({
      mailboxes: [{ name: 'bench', host: '127.0.0.1', port: 1143, secure: false, user: `bench-${id}`, password: 'boete-test', client: 'acme' }],
      clients: [{ code: 'acme', name: 'ACME', addresses: ['acme@fines.example.com'] }],
    }),
  );
  await boete(['setup', 'import', `${dir}/setup.json`], env);
  const db = new pg.Client({ connectionString: env.DATABASE_URL });
  await db.connect();
  const started = Date.now();
  // One statement per table, the files as random bytes from PostgreSQL itself (md5 chains, hex-decoded).
  await db.query(`
    WITH c AS (SELECT id FROM clients WHERE code = 'acme'), m AS (SELECT id FROM mailboxes WHERE name = 'bench')
    INSERT INTO received_mails (id, mailbox_id, uid_validity, uid, internal_date, size_bytes, client_id, status, subject)
    SELECT md5('mail' || i)::uuid, m.id, 1, i, now(), ${kib * 1024}, c.id, 'documents', 'Boete ' || i FROM c, m, generate_series(1, ${n}) i`);
  await db.query(`
    INSERT INTO documents (id, client_id, sha256, content, content_type, filename, size_bytes, first_mail_id, received_at, sender_allowed, status)
    SELECT md5('doc' || i)::uuid, (SELECT id FROM clients WHERE code = 'acme'), md5('sha' || i),
           decode((SELECT string_agg(md5(i::text || '-' || k), '') FROM generate_series(1, ${kib * 64}) k), 'hex'),
           'application/pdf', 'boete-' || i || '.pdf', ${kib * 1024}, md5('mail' || i)::uuid, now(), true, 'assessed'
    FROM generate_series(1, ${n}) i`);
  await db.query(`INSERT INTO document_receipts (document_id, mail_id, filename, received_at) SELECT md5('doc' || i)::uuid, md5('mail' || i)::uuid, 'boete-' || i || '.pdf', now() FROM generate_series(1, ${n}) i`);
  await db.query(`INSERT INTO extracted_fields (document_id, read_status, plate, fields) SELECT md5('doc' || i)::uuid, 'read', '1ABC' || i, '{"plate":{"value":"1ABC"}}' FROM generate_series(1, ${n}) i`);
  await db.query(`INSERT INTO contracts (client_id, contract_ref, plate, starts_at, renter_name, received_at) SELECT (SELECT id FROM clients WHERE code = 'acme'), 'C-' || i, '1ABC' || i, now(), 'Renter ' || i, now() FROM generate_series(1, ${n}) i`);
  await db.query(`INSERT INTO assessments (document_id, client_id, decision, waiting_for_client, liability_party, liability_reason, assessed_at) SELECT md5('doc' || i)::uuid, (SELECT id FROM clients WHERE code = 'acme'), 'review', false, 'undetermined', 'pending', now() FROM generate_series(1, ${n}) i`);
  await db.query(`INSERT INTO audit_events (actor, action, entity, entity_id) SELECT 'bench', 'document.read', 'document', md5('doc' || i)::uuid::text FROM generate_series(1, ${n}) i`);
  await db.end();
  console.log(`client with ${n} documents of ${kib} KiB (${((n * kib) / 1024).toFixed(0)} MiB of files) inserted in ${((Date.now() - started) / 1000).toFixed(1)} s`);

  const file = `${dir}/acme.zip`;
  const exported = await boete(['clients', 'export', 'acme', '--output', file], env);
  const bytes = (await stat(file)).size;
  console.log(`clients export: ${exported.seconds.toFixed(1)} s, ${(bytes / 1024 / 1024).toFixed(0)} MiB written (${(bytes / 1024 / 1024 / exported.seconds).toFixed(0)} MiB/s), peak RSS ${exported.peakMb.toFixed(0)} MB`);
  await rm(file);
  const deleted = await boete(['clients', 'delete', 'acme', '--yes'], env);
  console.log(`clients delete: ${deleted.seconds.toFixed(1)} s, peak RSS ${deleted.peakMb.toFixed(0)} MB`);
} finally {
  await rm(dir, { recursive: true, force: true });
  const admin = new pg.Client({ connectionString: `${PG}/postgres` });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  await admin.end();
}
