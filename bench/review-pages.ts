// The pages operators and client users open most, with 100,000 documents: a fresh database seeded
// in SQL (INSERT … SELECT generate_series: documents of 20 clients, fields, assessments, a third of
// them in review, contracts for a share of the plates), then the real server answers through
// inject() with an operator's session (queue with its filters, document view, search, dashboard)
// and a client user's (portal list, one document, contracts); p50/p95 per page are printed
// (target: p95 < 100 ms), with the load average, since the machine may be shared. Page images are not
// part of it (drawn in the parse pool, cached; their cost is pdf.js's, see bench/reading.ts).
//
//   bash scripts/services.sh && node --import tsx bench/review-pages.ts [N] [REQUESTS]   (default: 100000 200)
import { randomBytes } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import pg from 'pg';
import { createApp } from '../src/app-context.js';
import { parseConfig } from '../src/config.js';
import { createSession, createUser } from '../src/db/account-store.js';
import { runMigrations } from '../src/db/migrate.js';
import { importSetup } from '../src/setup/import-setup.js';
import { parseSetupFile } from '../src/setup/setup-file.js';
import { buildServer, SESSION_COOKIE } from '../src/web/server.js';

const PG = 'postgres://postgres@127.0.0.1:5432';
const n = Number(process.argv[2] ?? 100_000);
const requests = Number(process.argv[3] ?? 200);
const id = randomBytes(3).toString('hex');
// BENCH_DB=name measures a database an earlier run kept (BENCH_KEEP_DB=1) without seeding again.
const reuse = process.env.BENCH_DB;
const dbName = reuse ?? `boete_bench_review_${id}`;
const url = `${PG}/${dbName}`;

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;

if (!reuse) await runMigrations(url);
const app = createApp(parseConfig({ DATABASE_URL: url, REDIS_URL: 'redis://127.0.0.1:6379', BOETE_QUEUE_PREFIX: `boete-bench-${id}`, BOETE_LOG_LEVEL: 'warn' }));
const sql = new pg.Client({ connectionString: url });
await sql.connect();
try {
  const clients = Array.from({ length: 20 }, (_, i) => ({ code: `c${i}`, name: `Client ${i}`, addresses: [`c${i}@fines.example.com`], allowedSenders: [`c${i}.be`] }));
  if (!reuse) await seed();
  async function seed() {
    await importSetup(app.ctx.db, parseSetupFile(JSON.stringify({ mailboxes: [], clients }), 'setup.json'), new Date('2026-11-01T08:00:00Z'));
    const started = Date.now();
    // Stable ids that are valid UUIDs (version 4, variant 8), so the routes' uuid check accepts them.
    await sql.query(`CREATE FUNCTION pg_temp.bench_id(i int) RETURNS uuid LANGUAGE sql IMMUTABLE AS
      $$ SELECT (substr(md5('doc' || i), 1, 12) || '4' || substr(md5('doc' || i), 14, 3) || '8' || substr(md5('doc' || i), 18, 15))::uuid $$`);
    // A document's client by a hash of its number: i % 20 would tie the client to i % 4, the reason
    // (one client would have had one reason only, and none of its reviews waiting for it).
    await sql.query(`CREATE FUNCTION pg_temp.bench_client(i int) RETURNS int LANGUAGE sql IMMUTABLE AS $$ SELECT abs(hashint4(i)) % 20 $$`);
    await sql.query(`
      INSERT INTO documents (id, client_id, sha256, content, content_type, filename, size_bytes, received_at, sender_allowed, status)
      SELECT pg_temp.bench_id(i), (SELECT id FROM clients ORDER BY code OFFSET pg_temp.bench_client(i) LIMIT 1), md5('sha' || i), '\\x255044462d', 'application/pdf',
             'boete-' || i || '.pdf', 5, timestamptz '2026-01-01' + (i || ' minutes')::interval, i % 17 <> 0, 'assessed'
      FROM generate_series(1, ${n}) i`);
    await sql.query(`
      INSERT INTO extracted_fields (document_id, read_status, page_count, kind, plate, offence_at, due_date, amount_cents, reference, reference_key, document_date, fields)
      SELECT pg_temp.bench_id(i), 'read', 1, 'fine', '1ABC' || lpad((i % 9000)::text, 3, '0'), timestamptz '2025-12-20' + (i || ' minutes')::interval,
             date '2026-02-01' + (i / 1000), 11600, 'REF' || i, 'REF' || i, date '2026-01-01' + (i / 1500),
             jsonb_build_object('plate', jsonb_build_object('value', '1ABC' || lpad((i % 9000)::text, 3, '0'), 'confidence', 0.95, 'source', jsonb_build_object('page', 1, 'text', 'plaque 1-ABC-' || i)),
                                'dueDate', jsonb_build_object('value', (date '2026-02-01' + (i / 1000))::text, 'confidence', 0.6, 'source', jsonb_build_object('page', 1, 'text', 'à payer au plus tard')))
      FROM generate_series(1, ${n}) i`);
    await sql.query(`
      INSERT INTO assessments (document_id, client_id, decision, review_reasons, deadline_basis, deadline_basis_date, latest_delivery_date, waiting_for_client, untrusted_inputs, liability_party, liability_reason, assessed_at, version)
      SELECT pg_temp.bench_id(i), (SELECT client_id FROM documents WHERE id = pg_temp.bench_id(i)),
             CASE WHEN i % 3 = 0 THEN 'review' WHEN i % 3 = 1 THEN 'recharge' ELSE 'redirect' END,
             CASE WHEN i % 3 <> 0 THEN '{}'::text[] WHEN i % 4 = 0 THEN '{unreadable_document}' WHEN i % 4 = 1 THEN '{no_contract}' WHEN i % 4 = 2 THEN '{ambiguous_contract}' ELSE '{unknown_sender}' END,
             'due_date', date '2026-02-01' + (i / 1000), date '2026-01-25' + (i / 1000), i % 3 = 0 AND i % 4 IN (1, 2),
             CASE WHEN i % 12 = 0 THEN '[{"field":"dueDate","doubt":"two dates disagree"}]'::jsonb ELSE '[]'::jsonb END,
             'undetermined', 'pending', now(), 1
      FROM generate_series(1, ${n}) i`);
    await sql.query(`
      INSERT INTO contracts (client_id, contract_ref, plate, starts_at, ends_at, fine_policy, renter_type, renter_name, received_at)
      SELECT (SELECT id FROM clients ORDER BY code OFFSET (i % 20) LIMIT 1), 'K' || i, '1ABC' || lpad((i % 9000)::text, 3, '0'),
             timestamptz '2025-12-01', NULL, 'recharge', 'person', 'Renter ' || i, now()
      FROM generate_series(1, 9000) i`);
    // VACUUM as autovacuum would soon after such a load: it sets the visibility map that the
    // counts' index-only scans need (without it every count visits the table).
    await sql.query('VACUUM ANALYZE');
    console.log(`seeded ${n} documents (${Math.round(n / 3)} in review) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }

  const user = await createUser(app.ctx.db, { email: `op-${id}@bench.test`, passwordHash: 'x', role: 'operator', clientId: null }, 'bench');
  const session = await createSession(app.ctx.db, (user as { id: string }).id, new Date(), 3_600_000);
  const cookie = `${SESSION_COOKIE}=${session.token}`;
  const { rows: [someClient] } = await sql.query<{ id: string }>(`SELECT id FROM clients ORDER BY code LIMIT 1`);
  const clientUser = await createUser(app.ctx.db, { email: `client-${id}@bench.test`, passwordHash: 'x', role: 'client', clientId: someClient!.id }, 'bench');
  const clientSession = await createSession(app.ctx.db, (clientUser as { id: string }).id, new Date(), 3_600_000);
  const clientCookie = `${SESSION_COOKIE}=${clientSession.token}`;
  const server = await buildServer(app.ctx);
  const { rows: docs } = await sql.query<{ id: string }>(`SELECT document_id AS id FROM assessments WHERE decision = 'review' ORDER BY random() LIMIT ${requests}`);
  const { rows: ownDocs } = await sql.query<{ id: string }>(`SELECT id FROM documents WHERE client_id = $1 ORDER BY random() LIMIT ${requests}`, [someClient!.id]);
  const { rows: clientIds } = await sql.query<{ id: string }>(`SELECT id FROM clients ORDER BY code`);
  const { rows: [load] } = await sql.query<{ n: string }>(`SELECT pg_size_pretty(pg_database_size(current_database())) AS n`);
  console.log(`database ${load!.n}; load average before measuring ${loadavg().map((x) => x.toFixed(1)).join(' ')} on ${cpus().length} cores`);

  async function measure(label: string, urls: string[], as = cookie) {
    for (const u of urls.slice(0, 5)) await server.inject({ url: u, headers: { cookie: as } }); // warm-up
    const times: number[] = [];
    for (const u of urls) {
      const t0 = process.hrtime.bigint();
      const res = await server.inject({ url: u, headers: { cookie: as } });
      times.push(Number(process.hrtime.bigint() - t0) / 1e6);
      if (res.statusCode !== 200) throw new Error(`${u} answered ${res.statusCode}: ${res.body.slice(0, 200)}`);
    }
    times.sort((a, b) => a - b);
    console.log(`${label.padEnd(40)} p50 ${percentile(times, 0.5).toFixed(1).padStart(6)} ms   p95 ${percentile(times, 0.95).toFixed(1).padStart(6)} ms   (${times.length} requests)`);
  }
  const many = (f: (i: number) => string) => Array.from({ length: requests }, (_, i) => f(i));
  const reasons = ['unreadable_document', 'no_contract', 'ambiguous_contract', 'unknown_sender'];
  const aClient = (i: number) => clientIds[i % clientIds.length]!.id;
  // Operators' pages.
  await measure('queue, first page', many(() => '/queue'));
  await measure('queue, one reason', many((i) => `/queue?reason=${reasons[i % 4]}`));
  await measure('queue, one client', many((i) => `/queue?client=${aClient(i)}`));
  await measure('queue, one client, waiting', many((i) => `/queue?client=${aClient(i)}&status=waiting`));
  await measure('queue, one client and reason', many((i) => `/queue?client=${aClient(i)}&reason=${reasons[i % 4]}`));
  await measure('queue, page 50', many(() => '/queue?page=50'));
  await measure('api queue, one reason', many((i) => `/api/queue?reason=${reasons[i % 4]}`));
  await measure('document view', docs.map((d) => `/documents/${d.id}`));
  await measure('search by plate', many((i) => `/search?plate=1ABC${String(i % 9000).padStart(3, '0')}`));
  await measure('search, one client in review', many((i) => `/search?client=${aClient(i)}&status=review`));
  await measure('dashboard', many(() => '/dashboard').slice(0, 100));
  // A client user's pages (one client: 1/20 of the documents).
  await measure('portal, my documents', many(() => '/portal'), clientCookie);
  await measure('portal, my documents page 20', many(() => '/portal?page=20'), clientCookie);
  await measure('portal, one document', ownDocs.map((d) => `/portal/documents/${d.id}`), clientCookie);
  await measure('portal, contracts', many(() => '/portal/contracts').slice(0, 100), clientCookie);
  await server.close();
} finally {
  await sql.end();
  await app.close();
  const admin = new pg.Client({ connectionString: `${PG}/postgres` });
  await admin.connect();
  if (process.env.BENCH_KEEP_DB === '1' || reuse) console.log(`kept database ${dbName}`);
  else await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  await admin.end();
}
