// boete serve's API on real PostgreSQL and Redis (Fastify's inject, no socket): login and
// throttling, CSRF, every authorisation rule across two clients, operator actions that re-assess
// with the domain, version conflicts, and fines posted with a client's API token.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createApiToken, createUser, findClientByCode, revokeApiToken } from '../../src/db/account-store.js';
import { parseContractCsv } from '../../src/contracts/contract-csv.js';
import { importContracts } from '../../src/contracts/import-contracts.js';
import { brusselsInstant } from '../../src/domain/brussels-time.js';
import type { IsoDate } from '../../src/domain/calendar-date.js';
import { exportRecords } from '../../src/export/export-records.js';
import { importSetup } from '../../src/setup/import-setup.js';
import { parseSetupFile } from '../../src/setup/setup-file.js';
import { buildServer, SESSION_COOKIE } from '../../src/web/server.js';
import { hashPassword } from '../../src/web/passwords.js';
import { drainQueues } from '../../workers/runtime.js';
import { makeFine } from '../../fixtures/fine-truth.js';
import { renderFinePdf } from '../../fixtures/render-fine-pdf.js';
import { createTestEnv, type TestEnv } from '../support/test-env.js';

const d = (s: string) => s as IsoDate;
const NOW = brusselsInstant(d('2026-11-23'), 10);
const PASSWORD = 'correct horse battery';

let t: TestEnv;
let server: FastifyInstance;
let ctx: ReturnType<TestEnv['app']>['ctx'];
let acmeToken: string;
let acmeTokenId: string;
let otherToken: string;
const ids: Record<string, string> = {};

async function login(email: string) {
  const res = await server.inject({ method: 'POST', url: '/api/login', payload: { email, password: PASSWORD } });
  expect(res.statusCode).toBe(200);
  const cookie = res.cookies.find((c) => c.name === SESSION_COOKIE);
  expect(cookie?.httpOnly).toBe(true);
  expect(cookie?.sameSite).toBe('Lax');
  return { cookie: `${SESSION_COOKIE}=${cookie?.value}`, csrf: (res.json() as { csrfToken: string }).csrfToken };
}

async function upload(token: string, pdf: Buffer) {
  const res = await server.inject({ method: 'POST', url: '/api/documents?filename=boete.pdf', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/pdf' }, payload: pdf });
  expect(res.statusCode).toBe(201);
  return (res.json() as { documentIds: string[] }).documentIds[0] as string;
}

beforeAll(async () => {
  t = await createTestEnv();
  ctx = t.app().ctx;
  ctx.now = () => NOW;
  const setup = {
    mailboxes: [],
    clients: [
      { code: 'acme', name: 'ACME', addresses: ['acme@fines.example.com'], allowedSenders: ['acme-rent.be'] },
      { code: 'other', name: 'Other', addresses: ['other@fines.example.com'], allowedSenders: ['other.be'], defaultFinePolicy: 'recharge' },
    ],
  };
  await importSetup(ctx.db, parseSetupFile(JSON.stringify(setup), 'setup.json'), brusselsInstant(d('2026-11-01'), 9));
  const acme = (await findClientByCode(ctx.db, 'acme'))!;
  const other = (await findClientByCode(ctx.db, 'other'))!;
  const hash = await hashPassword(PASSWORD);
  await createUser(ctx.db, { email: 'op@boete.test', passwordHash: hash, role: 'operator', clientId: null }, 'test');
  await createUser(ctx.db, { email: 'user@acme.test', passwordHash: hash, role: 'client', clientId: acme.id }, 'test');
  await createUser(ctx.db, { email: 'user@other.test', passwordHash: hash, role: 'client', clientId: other.id }, 'test');
  ({ token: acmeToken, id: acmeTokenId } = await createApiToken(ctx.db, acme.id, 'acme fleet system', 'test'));
  ({ token: otherToken } = await createApiToken(ctx.db, other.id, 'other system', 'test'));
  server = await buildServer(ctx);

  const base = { offenceDate: d('2026-11-09'), documentDate: d('2026-11-20'), dueDate: d('2026-12-21') };
  ids.noContract = await upload(acmeToken, await renderFinePdf(makeFine('be-police-fr', 31, { plateAsPrinted: '1-NOC-001', ...base })));
  ids.ambiguous = await upload(acmeToken, await renderFinePdf(makeFine('be-police-fr', 32, { plateAsPrinted: '1-AMB-002', ...base })));
  ids.other = await upload(otherToken, await renderFinePdf(makeFine('be-police-fr', 33, { plateAsPrinted: '1-OTH-003', ...base })));
  await importContracts(
    ctx.db,
    parseContractCsv(
      `client,contract_ref,plate,starts_at,ends_at,fine_policy,renter_type,renter_name,renter_address,renter_birth_date,renter_company_number,renter_email,admin_fee_cents
acme,AMB-1,1-AMB-002,2026-11-01,,recharge,person,Jan Peeters,"Kerkstraat 1, 2000 Antwerpen",1985-04-12,,,
acme,AMB-2,1-AMB-002,2026-11-05,,redirect,person,Marie Dubois,"Rue Haute 5, 1000 Bruxelles",1990-01-01,,,
`,
      'contracts.csv',
    ),
    NOW,
  );
  await drainQueues(ctx);
}, 120_000);

afterAll(async () => {
  await server?.close();
  await t?.dispose();
});

describe('boete serve API', () => {
  it('answers health and readiness, and documents the API', async () => {
    expect((await server.inject('/healthz')).json()).toEqual({ ok: true });
    expect((await server.inject('/readyz')).json()).toEqual({ ok: true, database: 'ok', redis: 'ok' });
    const spec = (await server.inject('/api/docs/json')).json() as { paths: Record<string, unknown> };
    expect(Object.keys(spec.paths)).toEqual(expect.arrayContaining(['/api/queue', '/api/documents/{id}/actions', '/api/documents']));
  });

  it('stores uploads the way mail is stored: read, assessed, upload instant as time of receipt', async () => {
    const records = await exportRecords(ctx.db, NOW);
    const r = records.find((x) => x.id === ids.noContract);
    expect(r).toMatchObject({ client: 'acme', decision: 'review', reviewReasons: ['no_contract'], receivedAt: '2026-11-23T10:00:00+01:00' });
    expect(records.find((x) => x.id === ids.ambiguous)?.reviewReasons).toEqual(['ambiguous_contract']);
  });

  it('refuses wrong passwords and throttles guessing', async () => {
    for (let i = 0; i < 5; i++) {
      const res = await server.inject({ method: 'POST', url: '/api/login', payload: { email: 'victim@boete.test', password: `guess-${i}` } });
      expect(res.statusCode).toBe(401);
    }
    const res = await server.inject({ method: 'POST', url: '/api/login', payload: { email: 'victim@boete.test', password: 'guess-6' } });
    expect(res.statusCode).toBe(429);
  });

  it('needs a login for everything under /api but the docs', async () => {
    expect((await server.inject('/api/queue')).statusCode).toBe(401);
    expect((await server.inject(`/api/documents/${ids.noContract}`)).statusCode).toBe(401);
    expect((await server.inject(`/api/documents/${ids.noContract}/file`)).statusCode).toBe(401);
  });

  it("never shows a client user another client's document, file or queue entry", async () => {
    const acme = await login('user@acme.test');
    const queue = (await server.inject({ url: '/api/queue', headers: { cookie: acme.cookie } })).json() as { documents: { id: string; client: string }[] };
    expect(queue.documents.map((x) => x.client)).toEqual(['acme', 'acme']);
    // Even asking for the other client explicitly returns only its own.
    const other = (await (await import('../../src/db/account-store.js')).findClientByCode(ctx.db, 'other'))!;
    const filtered = (await server.inject({ url: `/api/queue?client=${other.id}`, headers: { cookie: acme.cookie } })).json() as { documents: { client: string }[] };
    expect(filtered.documents.every((x) => x.client === 'acme')).toBe(true);
    expect((await server.inject({ url: `/api/documents/${ids.other}`, headers: { cookie: acme.cookie } })).statusCode).toBe(404);
    expect((await server.inject({ url: `/api/documents/${ids.other}/file`, headers: { cookie: acme.cookie } })).statusCode).toBe(404);
    expect((await server.inject({ url: `/api/documents/${ids.noContract}`, headers: { cookie: acme.cookie } })).statusCode).toBe(200);
    // A client token cannot read another client's document either.
    expect((await server.inject({ url: `/api/documents/${ids.noContract}`, headers: { authorization: `Bearer ${otherToken}` } })).statusCode).toBe(404);
    // Client users do not resolve reviews: that is the operators' work.
    const act = await server.inject({ method: 'POST', url: `/api/documents/${ids.noContract}/actions`, headers: { cookie: acme.cookie, 'x-csrf-token': acme.csrf }, payload: { action: 'resolve', version: 1 } });
    expect(act.statusCode).toBe(403);
  });

  it('counts every reason whatever the reason filter, so each count says what its filter would show', async () => {
    const op = await login('op@boete.test');
    const all = (await server.inject({ url: '/api/queue', headers: { cookie: op.cookie } })).json() as { total: number; byReason: Record<string, number> };
    const one = (await server.inject({ url: '/api/queue?reason=no_contract', headers: { cookie: op.cookie } })).json() as { total: number; byReason: Record<string, number>; documents: { reasons: string[] }[] };
    expect(one.documents.length).toBeGreaterThan(0);
    expect(one.documents.every((x) => x.reasons.includes('no_contract'))).toBe(true);
    expect(one.total).toBe(one.documents.length);
    expect(one.byReason).toEqual(all.byReason);
    expect(one.byReason.ambiguous_contract).toBeGreaterThan(0);
    expect(one.total).toBe(all.byReason.no_contract);
  });

  it('refuses a state change without the CSRF token, or from another site', async () => {
    const op = await login('op@boete.test');
    const url = `/api/documents/${ids.ambiguous}/actions`;
    const payload = { action: 'resolve', version: 1 };
    expect((await server.inject({ method: 'POST', url, headers: { cookie: op.cookie }, payload })).statusCode).toBe(403);
    expect((await server.inject({ method: 'POST', url, headers: { cookie: op.cookie, 'x-csrf-token': 'forged' }, payload })).statusCode).toBe(403);
    expect((await server.inject({ method: 'POST', url, headers: { cookie: op.cookie, 'x-csrf-token': op.csrf, origin: 'https://evil.example' }, payload })).statusCode).toBe(403);
  });

  it('lets an operator pick one of two contracts; the domain decides; a stale version is a conflict', async () => {
    const op = await login('op@boete.test');
    const doc = (await server.inject({ url: `/api/documents/${ids.ambiguous}`, headers: { cookie: op.cookie } })).json() as {
      assessment: { version: number }; contracts: { id: string; contractRef: string }[];
    };
    const picked = doc.contracts.find((c) => c.contractRef === 'AMB-2')!;
    const url = `/api/documents/${ids.ambiguous}/actions`;
    const headers = { cookie: op.cookie, 'x-csrf-token': op.csrf };
    const res = await server.inject({ method: 'POST', url, headers, payload: { action: 'pick_contract', contractId: picked.id, version: doc.assessment.version } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ decision: 'redirect', reviewReasons: [] });
    // A second operator who opened the same version before: refused, with who changed it.
    const stale = await server.inject({ method: 'POST', url, headers, payload: { action: 'choose_policy', policy: 'recharge', version: doc.assessment.version } });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().message).toContain('op@boete.test');
    const records = await exportRecords(ctx.db, NOW);
    expect(records.find((r) => r.id === ids.ambiguous)).toMatchObject({ decision: 'redirect', contractRef: 'AMB-2' });
  });

  it('re-attributes liability only with a note, and the export keeps it', async () => {
    const op = await login('op@boete.test');
    const headers = { cookie: op.cookie, 'x-csrf-token': op.csrf };
    const doc = (await server.inject({ url: `/api/documents/${ids.ambiguous}`, headers })).json() as { assessment: { version: number } };
    const url = `/api/documents/${ids.ambiguous}/actions`;
    const noNote = await server.inject({ method: 'POST', url, headers, payload: { action: 'reattribute', reason: 'processing_error', note: '', version: doc.assessment.version } });
    expect(noNote.statusCode).toBe(400);
    const ok = await server.inject({ method: 'POST', url, headers, payload: { action: 'reattribute', reason: 'processing_error', note: 'we filed it late', version: doc.assessment.version } });
    expect(ok.statusCode).toBe(200);
    const r = (await exportRecords(ctx.db, NOW)).find((x) => x.id === ids.ambiguous);
    expect(r).toMatchObject({ decision: 'redirect', liability: { party: 'processor', reason: 'processing_error' } });
    const audit = ((await server.inject({ url: `/api/documents/${ids.ambiguous}`, headers })).json() as { audit: { action: string; note: string | null; after: unknown }[] }).audit;
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['liability.reattributed', 'resolution.changed']));
    // No renter data in the audit trail of operator actions.
    expect(JSON.stringify(audit.filter((a) => a.action !== 'document.assessed' && a.action !== 'document.reassessed'))).not.toMatch(/Dubois|Rue Haute|1990-01-01/);
  });

  it('lets an operator correct a field; the value is trusted and the document re-assessed', async () => {
    const op = await login('op@boete.test');
    const headers = { cookie: op.cookie, 'x-csrf-token': op.csrf };
    const doc = (await server.inject({ url: `/api/documents/${ids.noContract}`, headers })).json() as { assessment: { version: number } };
    const url = `/api/documents/${ids.noContract}/actions`;
    const bad = await server.inject({ method: 'POST', url, headers, payload: { action: 'correct', field: 'dueDate', value: '31/02/2026', version: doc.assessment.version } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toBe('dueDate: "31/02/2026" is not a date (YYYY-MM-DD or DD/MM/YYYY)');
    const res = await server.inject({ method: 'POST', url, headers, payload: { action: 'correct', field: 'plate', value: '1-amb-002', version: doc.assessment.version } });
    expect(res.statusCode).toBe(200);
    // Now the plate has two contracts: ambiguous, for an operator to pick.
    expect(res.json()).toMatchObject({ decision: 'review', reviewReasons: ['ambiguous_contract'] });
    const after = (await server.inject({ url: `/api/documents/${ids.noContract}`, headers })).json() as { ext: { plate: string; fields: { plate: { confidence: number; confirmedBy: string } } } };
    expect(after.ext.plate).toBe('1AMB002');
    expect(after.ext.fields.plate).toMatchObject({ confidence: 1, confirmedBy: 'op@boete.test' });
  });

  it('logs out: the old session cookie no longer works', async () => {
    const op = await login('op@boete.test');
    expect((await server.inject({ method: 'POST', url: '/api/logout', headers: { cookie: op.cookie, 'x-csrf-token': op.csrf } })).statusCode).toBe(200);
    expect((await server.inject({ url: '/api/queue', headers: { cookie: op.cookie } })).statusCode).toBe(401);
  });

  it('refuses a revoked API token and a file that is not a document', async () => {
    const notPdf = await server.inject({ method: 'POST', url: '/api/documents', headers: { authorization: `Bearer ${acmeToken}`, 'content-type': 'application/octet-stream' }, payload: Buffer.from('hello') });
    expect(notPdf.statusCode).toBe(400);
    await revokeApiToken(ctx.db, acmeTokenId, NOW, 'test');
    const res = await server.inject({ method: 'POST', url: '/api/documents', headers: { authorization: `Bearer ${acmeToken}`, 'content-type': 'application/pdf' }, payload: Buffer.from('%PDF-1.4') });
    expect(res.statusCode).toBe(401);
  });
});
