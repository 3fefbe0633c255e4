// The client portal on real PostgreSQL and Redis (Fastify's inject): a client user sees its own
// documents with what is missing, supplies contracts (the CLI's import and messages, own client
// only) and renter data, and the waiting documents are decided at once; fine uploads take the
// mail's path (deduplicated). Another client's ids answer 404 and change nothing; every form
// needs the session's CSRF token.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { brusselsInstant } from '../../src/domain/brussels-time.js';
import type { IsoDate } from '../../src/domain/calendar-date.js';
import { exportRecords } from '../../src/export/export-records.js';
import { parseContractCsv } from '../../src/contracts/contract-csv.js';
import { importContracts } from '../../src/contracts/import-contracts.js';
import { listClientContracts } from '../../src/db/portal-store.js';
import { buildServer, SESSION_COOKIE } from '../../src/web/server.js';
import { drainQueues } from '../../workers/runtime.js';
import { makeFine } from '../../fixtures/fine-truth.js';
import { renderFinePdf } from '../../fixtures/render-fine-pdf.js';
import { CONTRACT_HEADER, multipartBody, PASSWORD, seedPortal, type PortalSeed } from '../support/portal-fixture.js';
import { createTestEnv, type TestEnv } from '../support/test-env.js';

const d = (s: string) => s as IsoDate;
const NOW = brusselsInstant(d('2026-11-23'), 10);
/** Small, so that a too-large upload is cheap to make (a mail may not be larger either). */
const MAX_BYTES = 1024 * 1024;

let t: TestEnv;
let server: FastifyInstance;
let ctx: ReturnType<TestEnv['app']>['ctx'];
let seed: PortalSeed;
const ids = {} as Record<'noContract' | 'renter' | 'other', string>;
const pdfs = {} as Record<'noContract' | 'renter' | 'other' | 'fresh', Buffer>;

type Session = { cookie: string; csrf: string };

async function login(email: string): Promise<Session> {
  const res = await server.inject({ method: 'POST', url: '/api/login', payload: { email, password: PASSWORD } });
  expect(res.statusCode).toBe(200);
  const cookie = res.cookies.find((c) => c.name === SESSION_COOKIE);
  return { cookie: `${SESSION_COOKIE}=${cookie?.value}`, csrf: (res.json() as { csrfToken: string }).csrfToken };
}

async function upload(token: string, pdf: Buffer) {
  const res = await server.inject({ method: 'POST', url: '/api/documents?filename=boete.pdf', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/pdf' }, payload: pdf });
  expect(res.statusCode).toBe(201);
  return (res.json() as { documentIds: string[] }).documentIds[0] as string;
}

/** The notice a redirect leaves for the next page. */
function notice(res: LightMyRequestResponse): { kind: string; text: string } | null {
  const c = res.cookies.find((x) => x.name === 'boete_notice');
  if (!c) return null;
  try {
    return JSON.parse(c.value) as { kind: string; text: string };
  } catch {
    return JSON.parse(decodeURIComponent(c.value)) as { kind: string; text: string };
  }
}

function postForm(s: Session, url: string, fields: Record<string, string>, withCsrf = true) {
  return server.inject({
    method: 'POST',
    url,
    headers: { cookie: s.cookie, 'content-type': 'application/x-www-form-urlencoded', referer: `http://localhost${url}` },
    payload: new URLSearchParams({ ...fields, ...(withCsrf ? { _csrf: s.csrf } : {}) }).toString(),
  });
}

function postFiles(s: Session, url: string, files: { filename: string; content: Buffer | string; type?: string }[], withCsrf = true) {
  const body = multipartBody(withCsrf ? { _csrf: s.csrf } : {}, files.map((f) => ({ field: 'file', ...f })));
  return server.inject({ method: 'POST', url, headers: { cookie: s.cookie, referer: `http://localhost${url}`, ...body.headers }, payload: body.payload });
}

const decisionOf = async (id: string) => (await exportRecords(ctx.db, NOW)).find((r) => r.id === id);

beforeAll(async () => {
  t = await createTestEnv({ BOETE_MAX_MESSAGE_BYTES: String(MAX_BYTES) });
  ctx = t.app().ctx;
  ctx.now = () => NOW;
  seed = await seedPortal(ctx);
  server = await buildServer(ctx);
  const base = { offenceDate: d('2026-11-09'), documentDate: d('2026-11-20'), dueDate: d('2026-12-21') };
  pdfs.noContract = await renderFinePdf(makeFine('be-police-fr', 41, { plateAsPrinted: '1-NOC-001', ...base }));
  pdfs.renter = await renderFinePdf(makeFine('be-police-fr', 42, { plateAsPrinted: '1-REN-002', ...base }));
  pdfs.other = await renderFinePdf(makeFine('be-police-fr', 43, { plateAsPrinted: '1-OTH-003', ...base }));
  pdfs.fresh = await renderFinePdf(makeFine('be-police-fr', 44, { plateAsPrinted: '1-NEW-004', ...base }));
  ids.noContract = await upload(seed.acmeToken, pdfs.noContract);
  ids.renter = await upload(seed.acmeToken, pdfs.renter);
  ids.other = await upload(seed.otherToken, pdfs.other);
  // acme's contract for 1-REN-002 lacks the renter's address and birth date; other's is complete.
  await importContracts(
    ctx.db,
    parseContractCsv(
      `${CONTRACT_HEADER}
acme,REN-1,1-REN-002,2026-11-01,,redirect,person,Jan Peeters,,,,,
other,OTH-1,1-OTH-003,2026-11-01,,redirect,,,,,,,
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

describe('client portal', () => {
  it('lists the client’s own documents with what is missing, in plain words, and the working days left', async () => {
    expect((await decisionOf(ids.noContract))?.reviewReasons).toEqual(['no_contract']);
    expect((await decisionOf(ids.renter))?.reviewReasons).toEqual(['missing_renter_data']);
    const acme = await login('user@acme.test');
    const res = await server.inject({ url: '/portal', headers: { cookie: acme.cookie } });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('2 documents wait for your information');
    expect(res.body).toMatch(/a contract covering plate <strong>1NOC001<\/strong> on <strong class="nowrap">2026-11-09 \d\d:\d\d<\/strong>/);
    expect(res.body).toContain("the renter's <strong>address, birth date</strong> on contract REN-1");
    // 23 Nov (Mon) → latest delivery 5 working days before the due date 21 Dec = 14 Dec: 15 working days.
    expect(res.body).toContain('2026-12-14');
    expect(res.body).toContain('15 working days left');
    expect(res.body).not.toContain('1OTH003');
  });

  it("never shows, downloads or changes another client's document or contract (404, nothing stored)", async () => {
    const acme = await login('user@acme.test');
    const unknown = '00000000-0000-4000-8000-000000000000';
    for (const id of [ids.other, unknown]) {
      const page = await server.inject({ url: `/portal/documents/${id}`, headers: { cookie: acme.cookie } });
      expect(page.statusCode).toBe(404);
      expect(page.headers['content-type']).toContain('text/html');
      expect((await server.inject({ url: `/api/documents/${id}/file`, headers: { cookie: acme.cookie } })).statusCode).toBe(404);
      expect((await server.inject({ url: `/api/documents/${id}`, headers: { cookie: acme.cookie } })).statusCode).toBe(404);
      // A form post answers with the page it came from and the same "no such document".
      const change = await postForm(acme, `/portal/documents/${id}/renter`, { renter_type: 'person', renter_name: 'X', renter_address: 'Y 1', renter_birth_date: '1980-01-01' });
      expect(change.statusCode).toBe(303);
      expect(notice(change)).toEqual({ kind: 'error', text: 'no such document' });
    }
    const theirs = await listClientContracts(ctx.db, seed.otherId, { limit: 10, offset: 0 });
    expect(theirs.rows[0]).toMatchObject({ contractRef: 'OTH-1', renterName: null });
    const list = await server.inject({ url: '/portal/contracts', headers: { cookie: acme.cookie } });
    expect(list.body).toContain('REN-1');
    expect(list.body).not.toContain('OTH-1');
    // Its own document opens, logged as a view; the original is a download.
    expect((await server.inject({ url: `/portal/documents/${ids.noContract}`, headers: { cookie: acme.cookie } })).statusCode).toBe(200);
    const file = await server.inject({ url: `/api/documents/${ids.noContract}/file`, headers: { cookie: acme.cookie } });
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-disposition']).toMatch(/^attachment;/);
    // Operators have their own pages; the portal is for client users only.
    const op = await login('op@boete.test');
    expect((await server.inject({ url: '/portal', headers: { cookie: op.cookie } })).statusCode).toBe(403);
  });

  it('refuses every portal form without the CSRF token, and changes nothing', async () => {
    const acme = await login('user@acme.test');
    const csv = `${CONTRACT_HEADER}\nacme,NOC-X,1-NOC-001,2026-11-01,,redirect,person,A,B,1980-01-01,,,\n`;
    const tries = [
      await postFiles(acme, '/portal/contracts', [{ filename: 'contracts.csv', content: csv, type: 'text/csv' }], false),
      await postFiles(acme, '/portal/upload', [{ filename: 'fresh.pdf', content: pdfs.fresh!, type: 'application/pdf' }], false),
      await postForm(acme, `/portal/documents/${ids.renter}/renter`, { renter_type: 'person', renter_name: 'X', renter_address: 'Y 1', renter_birth_date: '1980-01-01' }, false),
    ];
    for (const res of tries) {
      expect(res.statusCode).toBe(303);
      expect(notice(res)?.text).toContain('CSRF');
    }
    // A forged token and another site's form are refused as well.
    const forged = await postForm({ ...acme, csrf: 'forged' }, `/portal/documents/${ids.renter}/renter`, { renter_type: 'person' });
    expect(notice(forged)?.text).toContain('CSRF');
    const body = multipartBody({ _csrf: acme.csrf }, [{ field: 'file', filename: 'contracts.csv', content: csv }]);
    const crossSite = await server.inject({ method: 'POST', url: '/portal/contracts', headers: { cookie: acme.cookie, origin: 'https://evil.example', ...body.headers }, payload: body.payload });
    expect(crossSite.statusCode).not.toBe(200);
    expect((await listClientContracts(ctx.db, seed.acmeId, { limit: 10, offset: 0 })).rows.map((c) => c.contractRef)).toEqual(['REN-1']);
    expect((await decisionOf(ids.renter))?.decision).toBe('review');
    expect((await exportRecords(ctx.db, NOW)).length).toBe(3);
  });

  it('shows CSV errors with file, line, field, value and what is expected; nothing imported', async () => {
    const acme = await login('user@acme.test');
    const csv = `${CONTRACT_HEADER}
acme,NOC-1,1-NOC-001,2026-11-01,,Redirect,person,Jan,"Kerkstraat 1, 2000 Antwerpen",1985-04-12,,,
acme,NOC-2,1-NOC-001,20/11/2026 9:00,,redirect,person,Jan,"Kerkstraat 1, 2000 Antwerpen",1985-04-12,,,
`;
    const res = await postFiles(acme, '/portal/contracts', [{ filename: 'contracts.csv', content: csv, type: 'text/csv' }]);
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('Nothing was imported');
    expect(res.body).toContain('contracts.csv: nothing imported; 2 problem(s):');
    expect(res.body).toContain('contracts.csv line 2, fine_policy &quot;Redirect&quot;: expected redirect, recharge or empty');
    expect(res.body).toContain('contracts.csv line 3, starts_at &quot;20/11/2026 9:00&quot;: expected an ISO 8601 date-time');
    expect(res.body).toContain('(did you mean 2026-11-20T09:00?)');
    expect((await listClientContracts(ctx.db, seed.acmeId, { limit: 10, offset: 0 })).total).toBe(1);
  });

  it("refuses a file with another client's code, naming the line; nothing imported", async () => {
    const acme = await login('user@acme.test');
    const csv = `${CONTRACT_HEADER}
acme,NOC-1,1-NOC-001,2026-11-01,,redirect,person,Jan,"Kerkstraat 1, 2000 Antwerpen",1985-04-12,,,
other,OTH-1,1-OTH-003,2026-11-01,,redirect,person,Eve,"Evil street 1",1985-04-12,,,
`;
    const res = await postFiles(acme, '/portal/contracts', [{ filename: 'contracts.csv', content: csv }]);
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('contracts.csv line 3, client &quot;other&quot;: expected your own client code &quot;acme&quot;');
    expect((await listClientContracts(ctx.db, seed.acmeId, { limit: 10, offset: 0 })).total).toBe(1);
    expect((await listClientContracts(ctx.db, seed.otherId, { limit: 10, offset: 0 })).rows[0]?.renterName).toBeNull();
  });

  it('decides a waiting no_contract document once the client uploads its contract', async () => {
    const acme = await login('user@acme.test');
    const csv = `${CONTRACT_HEADER}
acme,NOC-1,1-NOC-001,2026-11-01,,redirect,person,Marie Dubois,"Rue Haute 5, 1000 Bruxelles",1990-01-01,,,
`;
    const res = await postFiles(acme, '/portal/contracts', [{ filename: 'contracts.csv', content: csv, type: 'text/csv' }]);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/portal/contracts');
    expect(notice(res)).toEqual({
      kind: 'ok',
      text: 'contracts.csv: 1 contract(s): 1 created, 0 updated, 0 unchanged; re-assessed 2 waiting document(s): 1 now decided, 1 still open (see My documents)',
    });
    await drainQueues(ctx);
    expect(await decisionOf(ids.noContract)).toMatchObject({ decision: 'redirect', contractRef: 'NOC-1' });
    const list = await server.inject({ url: '/portal', headers: { cookie: acme.cookie } });
    expect(list.body).toContain('1 document waits for your information');
    expect(list.body).toContain('Decided: redirect');
  });

  it('takes renter data in a form: field, value and expectation on error; then decided', async () => {
    const acme = await login('user@acme.test');
    const page = await server.inject({ url: `/portal/documents/${ids.renter}`, headers: { cookie: acme.cookie } });
    expect(page.body).toContain('Renter data for contract REN-1');
    expect(page.body).toContain('value="Jan Peeters"');
    const bad = await postForm(acme, `/portal/documents/${ids.renter}/renter`, { renter_type: 'person', renter_name: 'Jan Peeters', renter_address: '', renter_birth_date: '31/02/1985', renter_company_number: '', renter_email: 'jan@' });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('renter_birth_date &quot;31/02/1985&quot;: expected a date YYYY-MM-DD (or DD/MM/YYYY)');
    expect(bad.body).toContain('renter_email &quot;jan@&quot;: expected an e-mail address, or empty');
    expect(bad.body).toContain('value="31/02/1985"');
    const incomplete = await postForm(acme, `/portal/documents/${ids.renter}/renter`, { renter_type: 'person', renter_name: 'Jan Peeters', renter_address: '', renter_birth_date: '12/04/1985', renter_company_number: '', renter_email: '' });
    expect(incomplete.statusCode).toBe(422);
    expect(incomplete.body).toContain('renter_address (empty): expected the renter&#39;s address');
    expect((await decisionOf(ids.renter))?.decision).toBe('review');
    const ok = await postForm(acme, `/portal/documents/${ids.renter}/renter`, { renter_type: 'person', renter_name: 'Jan Peeters', renter_address: 'Kerkstraat 1, 2000 Antwerpen', renter_birth_date: '12/04/1985', renter_company_number: '', renter_email: '' });
    expect(ok.statusCode).toBe(303);
    expect(notice(ok)?.text).toBe('renter data saved; re-assessed 1 waiting document(s): 1 now decided (this one: redirect)');
    expect(await decisionOf(ids.renter)).toMatchObject({ decision: 'redirect', contractRef: 'REN-1' });
    // Audited, without the personal values.
    const audit = await ctx.db.execute<{ action: string; after: unknown }>(sql`select action, after from audit_events where action = 'contract.renter_updated'`);
    expect(audit.rows).toHaveLength(1);
    expect(JSON.stringify(audit.rows[0]?.after)).toContain('renterAddress');
    expect(JSON.stringify(audit.rows)).not.toMatch(/Kerkstraat|1985-04-12/);
  });

  it('takes fine uploads the mail’s way: each file new or already known, upload instant as receipt', async () => {
    const acme = await login('user@acme.test');
    const res = await postFiles(acme, '/portal/upload', [
      { filename: 'fresh.pdf', content: pdfs.fresh!, type: 'application/pdf' },
      { filename: 'again.pdf', content: pdfs.noContract!, type: 'application/pdf' },
    ]);
    expect(res.statusCode).toBe(303);
    expect(notice(res)?.text).toBe('2 file(s) received: 1 new, 1 already known');
    const location = res.headers.location as string;
    expect(location).toMatch(/^\/portal\/upload\?upload=[0-9a-f-]{36}$/);
    const result = await server.inject({ url: location, headers: { cookie: acme.cookie } });
    expect(result.body).toMatch(/fresh\.pdf<\/a><\/td>\s*<td><span class="badge badge-ok">new: stored, being read/);
    expect(result.body).toMatch(/again\.pdf<\/a><\/td>\s*<td><span class="badge badge-warn">already known/);
    // Another client cannot see that upload.
    const other = await login('user@other.test');
    expect((await server.inject({ url: location, headers: { cookie: other.cookie } })).body).toContain('No such upload');
    await drainQueues(ctx);
    const records = await exportRecords(ctx.db, NOW);
    expect(records).toHaveLength(4);
    expect(records.find((r) => r.plate === '1NEW004')).toMatchObject({ client: 'acme', receivedAt: '2026-11-23T10:00:00+01:00', reviewReasons: ['no_contract'] });
  });

  it('says what is wrong with an upload: not a document, too large, too many files', async () => {
    const acme = await login('user@acme.test');
    const notPdf = await postFiles(acme, '/portal/upload', [{ filename: 'notes.txt', content: 'hello' }]);
    expect(notice(notPdf)).toEqual({ kind: 'error', text: 'notes.txt: not a PDF, JPEG or PNG (recognised by its content)' });
    const large = await postFiles(acme, '/portal/upload', [{ filename: 'huge.pdf', content: Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(MAX_BYTES + 10)]) }]);
    expect(notice(large)?.text).toBe('huge.pdf: larger than 1 MB, the most one file may have; nothing was uploaded');
    const many = await postFiles(acme, '/portal/upload', Array.from({ length: 21 }, (_, i) => ({ filename: `f${i}.pdf`, content: pdfs.fresh! })));
    expect(notice(many)?.text).toBe('more than 20 files at once; upload at most 20 per form; nothing was uploaded');
    expect(await exportRecords(ctx.db, NOW)).toHaveLength(4);
  });

  it('lets a client system post several fines at once to POST /api/documents (multipart), deduplicated', async () => {
    const body = multipartBody({}, [
      { field: 'file', filename: 'a.pdf', content: pdfs.other!, type: 'application/pdf' },
      { field: 'file', filename: 'b.pdf', content: pdfs.fresh!, type: 'application/pdf' },
    ]);
    const res = await server.inject({ method: 'POST', url: '/api/documents', headers: { authorization: `Bearer ${seed.otherToken}`, ...body.headers }, payload: body.payload });
    expect(res.statusCode).toBe(201);
    const json = res.json() as { files: { filename: string; documentId: string; duplicate: boolean }[] };
    expect(json.files.map((f) => [f.filename, f.duplicate])).toEqual([
      ['a.pdf', true],
      ['b.pdf', false],
    ]);
    expect(json.files[0]?.documentId).toBe(ids.other);
  });
});

describe('client portal: one contract from the form', () => {
  it("adds a contract from the form with the CSV's checks and messages, then decides the waiting document; corrects it again", async () => {
    const acme = await login('user@acme.test');
    const pdf = await renderFinePdf(makeFine('be-police-fr', 45, { plateAsPrinted: '1-FRM-005', offenceDate: d('2026-11-09'), documentDate: d('2026-11-20'), dueDate: d('2026-12-21') }));
    const waitingId = await upload(seed.acmeToken, pdf);
    await drainQueues(ctx);
    expect(await decisionOf(waitingId)).toMatchObject({ decision: 'review', reviewReasons: ['no_contract'] });
    const fields = {
      contract_ref: 'FRM-1', plate: '1-FRM-005', starts_at: '01/11/2026 09:00', ends_at: '', fine_policy: 'Redirect', renter_type: 'person', renter_name: 'Marie Dubois',
      renter_address: 'Rue Haute 5, 1000 Bruxelles', renter_birth_date: '1990-01-01', renter_company_number: '', renter_email: '', admin_fee_cents: '15,00',
    };
    // Wrong values: the CSV's own messages, every problem at once, nothing saved, the values kept.
    const bad = await postForm(acme, '/portal/contracts/one', fields);
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('Nothing was saved');
    expect(bad.body).toContain('starts_at &quot;01/11/2026 09:00&quot;: expected an ISO 8601 date-time such as 2026-11-20T09:00 (Brussels time) or 2026-11-20T09:00:00+01:00 (did you mean 2026-11-01T09:00?)');
    expect(bad.body).toContain('fine_policy &quot;Redirect&quot;: expected redirect, recharge or empty');
    expect(bad.body).toContain('admin_fee_cents &quot;15,00&quot;: expected a whole number of euro cents, or empty (1500 for € 15,00; or name the column admin_fee_eur to give euros)');
    expect(bad.body).toContain('value="Marie Dubois"');
    expect((await listClientContracts(ctx.db, seed.acmeId, { limit: 100, offset: 0 })).rows.some((c) => c.contractRef === 'FRM-1')).toBe(false);
    // The same line in a file gives the same messages after "file line N, ".
    const csv = await postFiles(acme, '/portal/contracts', [{ filename: 'contracts.csv', content: `${CONTRACT_HEADER}\nacme,FRM-1,1-FRM-005,01/11/2026 09:00,,Redirect,person,Marie Dubois,"Rue Haute 5, 1000 Bruxelles",1990-01-01,,,"15,00"\n` }]);
    expect(csv.body).toContain('contracts.csv line 2, fine_policy &quot;Redirect&quot;: expected redirect, recharge or empty');
    // Without the CSRF token: refused, nothing saved.
    const forged = await postForm(acme, '/portal/contracts/one', { ...fields, starts_at: '2026-11-01T09:00', fine_policy: 'redirect', admin_fee_cents: '1500' }, false);
    expect(forged.statusCode).toBe(303);
    expect(notice(forged)?.text).toContain('CSRF');
    expect((await decisionOf(waitingId))?.decision).toBe('review');
    // Right values: saved, and the waiting document is decided at once.
    const good = await postForm(acme, '/portal/contracts/one', { ...fields, starts_at: '2026-11-01T09:00', fine_policy: 'redirect', admin_fee_cents: '1500' });
    expect(good.statusCode).toBe(303);
    expect(notice(good)?.text).toMatch(/^contract FRM-1 added; re-assessed \d+ waiting document\(s\): 1 now decided/);
    expect(await decisionOf(waitingId)).toMatchObject({ decision: 'redirect', contractRef: 'FRM-1' });
    // Correcting it: the form shows the contract on file; a changed value is an update of the same contract.
    const contract = (await listClientContracts(ctx.db, seed.acmeId, { limit: 100, offset: 0 })).rows.find((c) => c.contractRef === 'FRM-1')!;
    const edit = await server.inject({ url: `/portal/contracts?edit=${contract.id}`, headers: { cookie: acme.cookie } });
    expect(edit.body).toContain('Correct contract FRM-1');
    expect(edit.body).toContain('value="2026-11-01T09:00"');
    expect(edit.body).toContain('value="1500"');
    const again = await postForm(acme, '/portal/contracts/one', { ...fields, starts_at: '2026-11-01T09:00', fine_policy: 'redirect', admin_fee_cents: '2000' });
    expect(notice(again)?.text).toMatch(/^contract FRM-1 corrected/);
    expect((await listClientContracts(ctx.db, seed.acmeId, { limit: 100, offset: 0 })).rows.filter((c) => c.contractRef === 'FRM-1').map((c) => c.adminFeeCents)).toEqual([2000]);
    // Another client's contract id cannot be opened for correcting; another client's code cannot be written.
    const other = (await listClientContracts(ctx.db, seed.otherId, { limit: 10, offset: 0 })).rows[0]!;
    expect((await server.inject({ url: `/portal/contracts?edit=${other.id}`, headers: { cookie: acme.cookie } })).statusCode).toBe(404);
  });
});
