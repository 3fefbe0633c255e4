// The decisions' outputs on real PostgreSQL and Redis, through the real worker path (`run --once`'s
// runOnce: read → assess → generate-outputs): one case pack per redirect shaped for its authority,
// one notice per recharge, stored once with their SHA-256, read back from the PDFs' text; the job
// run again changes nothing and a fresh rendering gives the same bytes; the export, `documents
// show/file`, the per-client CSVs, the dispute window, and who may download what.
import { parse } from 'csv-parse/sync';
import { eq, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unzipSync } from 'fflate';
import { documentOutputs } from '../../db/schema.js';
import { exportClient } from '../../src/clients/client-export.js';
import { createUser, findClientByCode } from '../../src/db/account-store.js';
import { parseContractCsv } from '../../src/contracts/contract-csv.js';
import { importContracts } from '../../src/contracts/import-contracts.js';
import { brusselsInstant } from '../../src/domain/brussels-time.js';
import type { IsoDate } from '../../src/domain/calendar-date.js';
import { accountingFileCsv, redirectListCsv } from '../../src/export/decision-csv-files.js';
import { documentFileBytes, showDocument } from '../../src/export/document-show.js';
import { exportCsv, exportRecords, type ExportRecord } from '../../src/export/export-records.js';
import { generateOutputsJob } from '../../src/queue/job-contracts.js';
import { readPdfText } from '../../src/reading/pdf-text.js';
import { importSetup } from '../../src/setup/import-setup.js';
import { parseSetupFile } from '../../src/setup/setup-file.js';
import { intakeFiles } from '../../src/web/intake.js';
import { applyOperatorAction } from '../../src/web/operator-actions.js';
import { hashPassword } from '../../src/web/passwords.js';
import { buildServer, SESSION_COOKIE } from '../../src/web/server.js';
import { drainQueues, runOnce } from '../../workers/runtime.js';
import { makeFine, type LayoutName } from '../../fixtures/fine-truth.js';
import { renderFinePdf } from '../../fixtures/render-fine-pdf.js';
import { runBoete } from '../support/boete-process.js';
import { createTestEnv, type TestEnv } from '../support/test-env.js';

const d = (s: string) => s as IsoDate;
const NOW = brusselsInstant(d('2026-11-23'), 10);
const PASSWORD = 'correct horse battery';
const CONTRACTS_HEADER = 'client,contract_ref,plate,starts_at,ends_at,fine_policy,renter_type,renter_name,renter_address,renter_birth_date,renter_company_number,renter_email,admin_fee_cents';

let t: TestEnv;
let ctx: ReturnType<TestEnv['app']>['ctx'];
let server: FastifyInstance;
let records: ExportRecord[];

type Case = { layout: LayoutName; seed: number; client: 'acme' | 'other'; policy: 'redirect' | 'recharge'; renter: string; contract: string; id?: string; reference?: string; plate?: string };
const CASES: Case[] = [
  { layout: 'be-police-nl', seed: 71, client: 'acme', policy: 'redirect', renter: 'Jan Peeters', contract: 'RED-BE' },
  { layout: 'nl-cjib', seed: 72, client: 'acme', policy: 'redirect', renter: 'Sanne de Vries', contract: 'RED-NL' },
  { layout: 'fr-antai', seed: 73, client: 'acme', policy: 'redirect', renter: 'Camille Martin', contract: 'RED-FR' },
  { layout: 'de-verwarnung', seed: 74, client: 'acme', policy: 'redirect', renter: 'Lukas Schmidt', contract: 'RED-DE' },
  { layout: 'be-lez-nl', seed: 78, client: 'acme', policy: 'redirect', renter: 'Noor Maes', contract: 'RED-LEZ' },
  { layout: 'be-police-fr', seed: 75, client: 'acme', policy: 'recharge', renter: 'Marie Dubois', contract: 'REC-1' },
  { layout: 'be-police-fr', seed: 76, client: 'acme', policy: 'recharge', renter: 'Pieter Claes', contract: 'REC-2' },
  { layout: 'be-police-nl', seed: 77, client: 'other', policy: 'recharge', renter: 'Eva Janssens', contract: 'OTH-1' },
];
const FAMILY: Partial<Record<LayoutName, string>> = { 'be-police-nl': 'be_police', 'nl-cjib': 'nl_cjib', 'fr-antai': 'fr_antai', 'de-verwarnung': 'de_authority', 'be-lez-nl': 'be_lez' };

async function login(email: string) {
  const res = await server.inject({ method: 'POST', url: '/api/login', payload: { email, password: PASSWORD } });
  expect(res.statusCode).toBe(200);
  const cookie = res.cookies.find((c) => c.name === SESSION_COOKIE);
  return { cookie: `${SESSION_COOKIE}=${cookie?.value}` };
}

const pdfText = async (bytes: Buffer) => (await readPdfText(bytes, 5)).pages.join('\n').replace(/\s+/g, ' ');
const storedOutputs = () => ctx.db.select({ documentId: documentOutputs.documentId, kind: documentOutputs.kind, sha256: documentOutputs.sha256, createdAt: documentOutputs.createdAt, variant: documentOutputs.variant }).from(documentOutputs);

beforeAll(async () => {
  t = await createTestEnv();
  ctx = t.app().ctx;
  ctx.now = () => NOW;
  const setup = {
    mailboxes: [],
    clients: [
      { code: 'acme', name: 'ACME Car Rental NV', addresses: ['acme@fines.example.com'], adminFeeCents: 1500, disputeWindowHours: 24, paymentIban: 'BE71 0961 2345 6769' },
      { code: 'other', name: 'Other Lease BV', addresses: ['other@fines.example.com'], language: 'fr' },
    ],
  };
  await importSetup(ctx.db, parseSetupFile(JSON.stringify(setup), 'setup.json'), brusselsInstant(d('2026-11-01'), 9));
  const acme = (await findClientByCode(ctx.db, 'acme'))!;
  const other = (await findClientByCode(ctx.db, 'other'))!;
  const hash = await hashPassword(PASSWORD);
  await createUser(ctx.db, { email: 'op@boete.test', passwordHash: hash, role: 'operator', clientId: null }, 'test');
  await createUser(ctx.db, { email: 'user@acme.test', passwordHash: hash, role: 'client', clientId: acme.id }, 'test');
  await createUser(ctx.db, { email: 'user@other.test', passwordHash: hash, role: 'client', clientId: other.id }, 'test');

  const base = { offenceDate: d('2026-11-09'), documentDate: d('2026-11-20'), dueDate: d('2026-12-21') };
  const lines: string[] = [];
  const files: Record<string, { filename: string; bytes: Buffer }[]> = { acme: [], other: [] };
  for (const c of CASES) {
    const truth = makeFine(c.layout, c.seed, base);
    c.reference = truth.reference;
    lines.push(`${c.client},${c.contract},${truth.plateAsPrinted},2026-01-01,,${c.policy},person,${c.renter},"Kerkstraat ${c.seed}, 2000 Antwerpen",1985-04-12,,,`);
    files[c.client]!.push({ filename: `${c.contract}.pdf`, bytes: await renderFinePdf(truth) });
  }
  await importContracts(ctx.db, parseContractCsv(`${CONTRACTS_HEADER}\n${lines.join('\n')}\n`, 'contracts.csv'), brusselsInstant(d('2026-11-02'), 9));
  for (const [code, client] of [['acme', acme], ['other', other]] as const) {
    const stored = await intakeFiles(ctx, { actor: 'token:test', clientId: client.id, userId: null, apiTokenId: null, operator: false }, files[code]!, 'api');
    CASES.filter((c) => c.client === code).forEach((c, i) => (c.id = stored.documentIds[i]));
  }
  // The real worker path: sweep → read → assess → generate-outputs, all through BullMQ.
  await runOnce(ctx);
  records = await exportRecords(ctx.db, NOW);
  server = await buildServer(ctx);
}, 240_000);

afterAll(async () => {
  await server?.close();
  await t?.dispose();
});

describe('outputs of the decisions', () => {
  it('every case was decided as its contract says (the premise of the rest)', () => {
    for (const c of CASES) {
      const r = records.find((x) => x.id === c.id);
      expect(r?.decision, `${c.layout} ${c.contract}: ${r?.reviewReasons.join(',')}`).toBe(c.policy);
    }
  });

  it('one case pack per redirect, one notice per recharge, nothing else', async () => {
    const rows = await storedOutputs();
    expect(rows).toHaveLength(CASES.length);
    for (const c of CASES) {
      const mine = rows.filter((r) => r.documentId === c.id);
      expect(mine.map((r) => r.kind)).toEqual([c.policy === 'redirect' ? 'redirect_pack' : 'recharge_notice']);
      if (FAMILY[c.layout] && c.policy === 'redirect') expect(mine[0]?.variant, c.layout).toBe(FAMILY[c.layout]);
      expect(mine[0]?.sha256).toMatch(/^[0-9a-f]{64}$/);
    }
  });

  it('the PDFs open and say the renter, the reference, the plate (and for a recharge the amounts)', async () => {
    for (const c of CASES) {
      const rec = records.find((x) => x.id === c.id)!;
      const kind = c.policy === 'redirect' ? 'redirect_pack' : 'recharge_notice';
      const file = await documentFileBytes(ctx.db, c.id!, kind);
      const text = await pdfText(file.content);
      expect(text, c.contract).toContain(c.renter);
      expect(text, c.contract).toContain(rec.reference!);
      expect(text, c.contract).toContain(rec.plate!);
      expect(text, c.contract).toContain(c.contract);
      if (c.policy === 'recharge') {
        const euro = (cents: number) => `€ ${Math.floor(cents / 100)},${String(cents % 100).padStart(2, '0')}`;
        const fee = c.client === 'acme' ? 1500 : 0;
        expect(text).toContain(euro(rec.amountCents!));
        expect(text).toContain(euro(fee));
        expect(text).toContain(euro(rec.amountCents! + fee));
        if (c.client === 'acme') expect(text).toContain('BE71096123456769');
        else expect(text).toContain("Refacturation d'une amende");
      }
    }
    const cjib = await pdfText((await documentFileBytes(ctx.db, CASES[1]!.id!, 'redirect_pack')).content);
    expect(cjib).toMatch(/artikel 8 van de Wet administratiefrechtelijke handhaving/);
    expect(cjib).toContain('Centrale Verwerking Openbaar Ministerie');
    const antai = await pdfText((await documentFileBytes(ctx.db, CASES[2]!.id!, 'redirect_pack')).content);
    expect(antai).toMatch(/Lieu de naissance MANQUANT/);
    const de = await pdfText((await documentFileBytes(ctx.db, CASES[3]!.id!, 'redirect_pack')).content);
    expect(de).toMatch(/überlassen an/);
    const lez = await pdfText((await documentFileBytes(ctx.db, CASES[4]!.id!, 'redirect_pack')).content);
    expect(lez).toMatch(/Onderwerp van de e-mail LEZ-boete/);
  });

  it('the job run again stores nothing new; drawn afresh, the bytes are the same', async () => {
    const before = await storedOutputs();
    for (const c of CASES) await ctx.queues.enqueue(generateOutputsJob, { documentId: c.id! });
    await drainQueues(ctx);
    const after = await storedOutputs();
    expect(after.map((r) => [r.documentId, r.kind, r.sha256, r.createdAt.toISOString()]).sort()).toEqual(before.map((r) => [r.documentId, r.kind, r.sha256, r.createdAt.toISOString()]).sort());
    // Removed and drawn again from the same stored facts (a later clock): the same SHA-256.
    ctx.now = () => new Date(NOW.getTime() + 3_600_000);
    try {
      for (const c of CASES) await ctx.db.delete(documentOutputs).where(eq(documentOutputs.documentId, c.id!));
      for (const c of CASES) await ctx.queues.enqueue(generateOutputsJob, { documentId: c.id! });
      await drainQueues(ctx);
    } finally {
      ctx.now = () => NOW;
    }
    const redrawn = await storedOutputs();
    expect(redrawn.map((r) => [r.documentId, r.kind, r.sha256]).sort()).toEqual(before.map((r) => [r.documentId, r.kind, r.sha256]).sort());
  });

  it('listed in the export (JSON array, one CSV column) and in documents show', async () => {
    const now = await exportRecords(ctx.db, NOW);
    const rows = await storedOutputs();
    for (const c of CASES) {
      const r = now.find((x) => x.id === c.id)!;
      const stored = rows.find((x) => x.documentId === c.id)!;
      // The spec's fields, then the added ones (the version the output belongs to, not superseded).
      expect(r.outputs).toEqual([{ kind: stored.kind, filename: expect.stringMatching(/\.pdf$/), sha256: stored.sha256, createdAt: expect.stringMatching(/\+01:00$/), assessmentVersion: 1, superseded: false }]);
      expect(r.supersededOutputs).toEqual([]);
    }
    const [header, ...cells] = parse(exportCsv(now)) as string[][];
    expect(header!.slice(0, 22)).toEqual(['id', 'client', 'sha256', 'filename', 'receivedAt', 'kind', 'plate', 'offenceAt', 'dueDate', 'redirectDeadline', 'amountCents', 'reference', 'contractRef', 'decision', 'reviewReasons', 'duplicateOf', 'deadlineBasis', 'latestDeliveryDate', 'delivery', 'liability.party', 'liability.reason', 'processedAt']);
    expect(header!.slice(22)).toEqual(['outputs', 'supersededOutputs']);
    const first = cells.find((row) => row[0] === CASES[0]!.id)!;
    expect(first[22]).toBe(`redirect_pack:${rows.find((x) => x.documentId === CASES[0]!.id)!.sha256}`);
    const shown = await showDocument(ctx.db, CASES[0]!.id!);
    expect(shown.outputs.map((o) => o.kind)).toEqual(['redirect_pack']);
    expect(shown.audit.some((e) => e.action === 'output.created')).toBe(true);
  });

  it('boete documents file --kind writes the output; the original stays the default', async () => {
    const dir = await import('node:fs/promises').then((fs) => fs.mkdtemp('/tmp/boete-outputs-'));
    const fs = await import('node:fs/promises');
    const id = CASES[5]!.id!;
    const pack = await runBoete(['documents', 'file', id, '--kind', 'recharge_notice', '--output', `${dir}/notice.pdf`], t.env);
    expect(pack.code, pack.stderr).toBe(0);
    const bytes = await fs.readFile(`${dir}/notice.pdf`);
    expect((await documentFileBytes(ctx.db, id, 'recharge_notice')).content.equals(bytes)).toBe(true);
    const original = await runBoete(['documents', 'file', id, '--output', `${dir}/original.pdf`], t.env);
    expect(original.code, original.stderr).toBe(0);
    expect((await fs.readFile(`${dir}/original.pdf`)).equals((await documentFileBytes(ctx.db, id, 'original')).content)).toBe(true);
    const accounting = await runBoete(['outputs', 'accounting', '--client', 'other', '--from', '2026-11-23', '--to', '2026-11-30'], t.env);
    expect(accounting.code, accounting.stderr).toBe(0);
    expect(parse(accounting.stdout)).toHaveLength(2);
    expect(accounting.stderr).toMatch(/1 recharge\(s\) of other booked 2026-11-23 … 2026-11-30/);
    const missing = await runBoete(['documents', 'file', id, '--kind', 'redirect_pack', '--output', `${dir}/x.pdf`], t.env);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/has no redirect_pack \(it has: recharge_notice\)/);
    await fs.rm(dir, { recursive: true });
  });

  it('the redirect list of the day: one line per redirect with its pack hash', async () => {
    const { csv, lines } = await redirectListCsv(ctx.db, 'acme', d('2026-11-23'));
    expect(lines).toBe(5);
    const [header, ...rows] = parse(csv) as string[][];
    const rowsStored = await storedOutputs();
    for (const c of CASES.filter((x) => x.policy === 'redirect')) {
      const row = rows.find((r) => r[header!.indexOf('documentId')] === c.id)!;
      expect(row[header!.indexOf('renterName')]).toBe(c.renter);
      expect(row[header!.indexOf('packSha256')]).toBe(rowsStored.find((x) => x.documentId === c.id)!.sha256);
    }
    expect((await redirectListCsv(ctx.db, 'acme', d('2026-11-22'))).lines).toBe(0);
  });

  it('the dispute window: notice at once, accounting line only after the window, a disputed one never', async () => {
    // acme: 24 h window. At the decision time both recharges are still in their window.
    const early = await accountingFileCsv(ctx.db, 'acme', d('2026-11-23'), d('2026-11-30'), NOW);
    expect({ lines: early.lines, inWindow: early.inWindow }).toEqual({ lines: 0, inWindow: 2 });
    // The renter of REC-2 disputes it inside the window (an operator action, audited).
    const version = (await showDocument(ctx.db, CASES[6]!.id!)).outcome!.version;
    const op = { actor: 'op@boete.test', clientId: null, userId: null, apiTokenId: null, operator: true };
    await applyOperatorAction(ctx, op, CASES[6]!.id!, version, { action: 'dispute_recharge', note: 'renter returned the car before the offence' });
    const shown = await showDocument(ctx.db, CASES[6]!.id!);
    expect(shown.audit.find((e) => e.action === 'recharge.disputed')?.note).toMatch(/returned the car/);
    expect(shown.outcome!.decision).toBe('recharge');
    // A day later: REC-1 is booked, REC-2 is not.
    const later = new Date(NOW.getTime() + 25 * 3_600_000);
    const booked = await accountingFileCsv(ctx.db, 'acme', d('2026-11-23'), d('2026-11-30'), later);
    expect({ lines: booked.lines, disputed: booked.disputed }).toEqual({ lines: 1, disputed: 1 });
    const [header, row] = parse(booked.csv) as string[][];
    const rec = records.find((x) => x.id === CASES[5]!.id)!;
    const col = (name: string) => row![header!.indexOf(name)];
    expect([col('contractRef'), col('customerName'), col('bookingDate')]).toEqual(['REC-1', 'Marie Dubois', '2026-11-24']);
    expect([col('fineCents'), col('adminFeeCents'), col('totalCents')]).toEqual([String(rec.amountCents), '1500', String(rec.amountCents! + 1500)]);
    expect(col('totalEur')).toBe(`${Math.floor((rec.amountCents! + 1500) / 100)}.${String((rec.amountCents! + 1500) % 100).padStart(2, '0')}`);
    // other: no window, booked at once, nothing left to dispute.
    expect((await accountingFileCsv(ctx.db, 'other', d('2026-11-23'), d('2026-11-23'), NOW)).lines).toBe(1);
    const otherVersion = (await showDocument(ctx.db, CASES[7]!.id!)).outcome!.version;
    await expect(applyOperatorAction(ctx, op, CASES[7]!.id!, otherVersion, { action: 'dispute_recharge', note: 'too late' })).rejects.toMatchObject({ statusCode: 409, code: 'not_disputable' });
  });

  it('downloads: attachment PDF for the operator and the own client; another client gets 404', async () => {
    const acmeId = CASES[0]!.id!;
    const url = `/api/documents/${acmeId}/outputs/redirect_pack`;
    const stored = (await storedOutputs()).find((x) => x.documentId === acmeId)!;
    for (const who of ['op@boete.test', 'user@acme.test']) {
      const res = await server.inject({ url, headers: { cookie: (await login(who)).cookie } });
      expect(res.statusCode, who).toBe(200);
      expect(res.headers['content-type']).toBe('application/pdf');
      expect(res.headers['content-disposition']).toMatch(/^attachment; filename="redirect-be-police-/);
      expect(res.headers['x-content-sha256']).toBe(stored.sha256);
    }
    const other = await login('user@other.test');
    const refused = await server.inject({ url, headers: { cookie: other.cookie } });
    expect(refused.statusCode).toBe(404);
    expect(refused.body).not.toContain('%PDF');
    // Its own is there; and the detail lists outputs only for what it may see.
    const own = await server.inject({ url: `/api/documents/${CASES[7]!.id}/outputs/recharge_notice`, headers: { cookie: other.cookie } });
    expect(own.statusCode).toBe(200);
    expect((await server.inject({ url: `/api/documents/${acmeId}`, headers: { cookie: other.cookie } })).statusCode).toBe(404);
    const noSession = await server.inject({ url });
    expect(noSession.statusCode).toBe(401);
    // The operator's document page and the client's portal page link to it.
    const page = await server.inject({ url: `/documents/${acmeId}`, headers: { cookie: (await login('op@boete.test')).cookie } });
    expect(page.body).toContain(url);
    const opCookie = (await login('op@boete.test')).cookie;
    expect((await server.inject({ url: `/documents/${CASES[5]!.id}`, headers: { cookie: opCookie } })).body).toContain('Mark disputed');
    expect((await server.inject({ url: `/documents/${CASES[6]!.id}`, headers: { cookie: opCookie } })).body).toContain('Recharge disputed by the renter');
    expect((await server.inject({ url: `/documents/${CASES[7]!.id}`, headers: { cookie: opCookie } })).body).toContain('dispute window has closed');
    const portal = await server.inject({ url: `/portal/documents/${acmeId}`, headers: { cookie: (await login('user@acme.test')).cookie } });
    expect(portal.body).toContain(url);
    // The per-client CSVs: the own client's and the operator's, never another client's.
    const csvUrl = '/api/clients/acme/redirects.csv?day=2026-11-23';
    const ownCsv = await server.inject({ url: csvUrl, headers: { cookie: (await login('user@acme.test')).cookie } });
    expect(ownCsv.statusCode).toBe(200);
    expect(ownCsv.headers['content-disposition']).toBe('attachment; filename="redirects-acme-2026-11-23.csv"');
    expect(parse(ownCsv.body)).toHaveLength(1 + CASES.filter((c) => c.client === 'acme' && c.policy === 'redirect').length);
    expect((await server.inject({ url: csvUrl, headers: { cookie: other.cookie } })).statusCode).toBe(404);
    const accounting = await server.inject({ url: '/api/clients/other/accounting.csv?from=2026-11-23&to=2026-11-23', headers: { cookie: opCookie } });
    expect(accounting.statusCode).toBe(200);
    expect(parse(accounting.body)).toHaveLength(2);
    expect((await server.inject({ url: '/api/clients/acme/accounting.csv?from=2026-11-23&to=2026-11-01', headers: { cookie: opCookie } })).statusCode).toBe(400);
    const views = await ctx.db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM document_views WHERE what = 'output'`);
    expect(views.rows[0]?.n).toBeGreaterThanOrEqual(3);
  });

  it("a client's export holds its outputs", async () => {
    const fs = await import('node:fs/promises');
    const dir = await fs.mkdtemp('/tmp/boete-outputs-');
    await exportClient(ctx.db, 'acme', `${dir}/acme.zip`, NOW);
    const entries = unzipSync(await fs.readFile(`${dir}/acme.zip`));
    const stored = (await storedOutputs()).filter((o) => CASES.some((c) => c.client === 'acme' && c.id === o.documentId));
    const outputEntries = Object.keys(entries).filter((name) => name.includes('/outputs/'));
    expect(outputEntries).toHaveLength(stored.length);
    for (const o of stored) expect(Buffer.from(entries[Object.keys(entries).find((n) => n.startsWith(`documents/${o.documentId}/outputs/`))!]!).subarray(0, 5).toString()).toBe('%PDF-');
    await fs.rm(dir, { recursive: true });
    // (deleteClient is not exercised here: a client with uploads cannot be deleted yet, uploads_client_id_clients_id_fk.)
  });
});
