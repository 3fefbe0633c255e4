// Outputs follow decisions, on real PostgreSQL and Redis through the worker path (runOnce, then the
// generate-outputs jobs an operator's actions queue): a recharge is decided and its notice drawn;
// an operator corrects the amount → a new notice for the new assessment version, the first one
// superseded but still stored and retrievable by version; a re-assessment that prints the same
// (a liability re-attribution) draws nothing new; a recharge turned into a redirect draws a pack,
// leaves the accounting CSV and enters the redirect list. Every listing says which file is current.
import { parse } from 'csv-parse/sync';
import { asc, eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unzipSync } from 'fflate';
import { documentOutputs } from '../../db/schema.js';
import { exportClient } from '../../src/clients/client-export.js';
import { createUser, findClientByCode } from '../../src/db/account-store.js';
import { findDecidedWithoutOutputs } from '../../src/db/output-store.js';
import { parseContractCsv } from '../../src/contracts/contract-csv.js';
import { importContracts } from '../../src/contracts/import-contracts.js';
import { brusselsInstant } from '../../src/domain/brussels-time.js';
import type { IsoDate } from '../../src/domain/calendar-date.js';
import { accountingFileCsv, redirectListCsv } from '../../src/export/decision-csv-files.js';
import { documentFileBytes, showDocument } from '../../src/export/document-show.js';
import { exportCsv, exportRecords } from '../../src/export/export-records.js';
import { generateOutputsJob } from '../../src/queue/job-contracts.js';
import { readPdfText } from '../../src/reading/pdf-text.js';
import { importSetup } from '../../src/setup/import-setup.js';
import { parseSetupFile } from '../../src/setup/setup-file.js';
import { intakeFiles } from '../../src/web/intake.js';
import { applyOperatorAction, type OperatorAction } from '../../src/web/operator-actions.js';
import { hashPassword } from '../../src/web/passwords.js';
import { buildServer, SESSION_COOKIE } from '../../src/web/server.js';
import { drainQueues, runOnce } from '../../workers/runtime.js';
import { makeFine } from '../../fixtures/fine-truth.js';
import { renderFinePdf } from '../../fixtures/render-fine-pdf.js';
import { runBoete } from '../support/boete-process.js';
import { createTestEnv, type TestEnv } from '../support/test-env.js';

const d = (s: string) => s as IsoDate;
const NOW = brusselsInstant(d('2026-11-23'), 10);
const PASSWORD = 'correct horse battery';
const CONTRACTS_HEADER = 'client,contract_ref,plate,starts_at,ends_at,fine_policy,renter_type,renter_name,renter_address,renter_birth_date,renter_company_number,renter_email,admin_fee_cents';
const OP = { actor: 'op@boete.test', clientId: null, userId: null, apiTokenId: null, operator: true };

let t: TestEnv;
let ctx: ReturnType<TestEnv['app']>['ctx'];
let server: FastifyInstance;
let id: string;
let firstAmount: number;

const rows = () =>
  ctx.db
    .select({ kind: documentOutputs.kind, assessmentVersion: documentOutputs.assessmentVersion, drawnAtVersion: documentOutputs.drawnAtVersion, sha256: documentOutputs.sha256, printed: documentOutputs.printedFactsSha256 })
    .from(documentOutputs)
    .where(eq(documentOutputs.documentId, id))
    .orderBy(asc(documentOutputs.assessmentVersion), asc(documentOutputs.kind));
const pdfText = async (bytes: Buffer) => (await readPdfText(bytes, 5)).pages.join('\n').replace(/\s+/g, ' ');
const euro = (cents: number) => `€ ${Math.floor(cents / 100)},${String(cents % 100).padStart(2, '0')}`;

/** An operator action, then the jobs it queued (generate-outputs) run to the end, like a worker would. */
async function act(action: OperatorAction) {
  const version = (await showDocument(ctx.db, id)).outcome!.version;
  const result = await applyOperatorAction(ctx, OP, id, version, action);
  await drainQueues(ctx);
  return result;
}

async function cookieOf(email: string) {
  const res = await server.inject({ method: 'POST', url: '/api/login', payload: { email, password: PASSWORD } });
  expect(res.statusCode).toBe(200);
  return `${SESSION_COOKIE}=${res.cookies.find((c) => c.name === SESSION_COOKIE)?.value}`;
}

beforeAll(async () => {
  t = await createTestEnv();
  ctx = t.app().ctx;
  ctx.now = () => NOW;
  // No dispute window: a recharge is in the accounting file as soon as it is decided.
  const setup = { mailboxes: [], clients: [{ code: 'acme', name: 'ACME Car Rental NV', addresses: ['acme@fines.example.com'], adminFeeCents: 1500, paymentIban: 'BE71 0961 2345 6769' }] };
  await importSetup(ctx.db, parseSetupFile(JSON.stringify(setup), 'setup.json'), brusselsInstant(d('2026-11-01'), 9));
  const acme = (await findClientByCode(ctx.db, 'acme'))!;
  const hash = await hashPassword(PASSWORD);
  await createUser(ctx.db, { email: 'op@boete.test', passwordHash: hash, role: 'operator', clientId: null }, 'test');
  await createUser(ctx.db, { email: 'user@acme.test', passwordHash: hash, role: 'client', clientId: acme.id }, 'test');
  const truth = makeFine('be-police-fr', 81, { offenceDate: d('2026-11-09'), documentDate: d('2026-11-20'), dueDate: d('2026-12-21') });
  const line = `acme,REC-9,${truth.plateAsPrinted},2026-01-01,,recharge,person,Marie Dubois,"Kerkstraat 9, 2000 Antwerpen",1985-04-12,,,`;
  await importContracts(ctx.db, parseContractCsv(`${CONTRACTS_HEADER}\n${line}\n`, 'contracts.csv'), brusselsInstant(d('2026-11-02'), 9));
  const stored = await intakeFiles(ctx, { actor: 'token:test', clientId: acme.id, userId: null, apiTokenId: null, operator: false }, [{ filename: 'fine.pdf', bytes: await renderFinePdf(truth) }], 'api');
  id = stored.documentIds[0]!;
  await runOnce(ctx);
  server = await buildServer(ctx);
}, 240_000);

afterAll(async () => {
  await server?.close();
  await t?.dispose();
});

describe('outputs follow the decision through re-assessments', () => {
  it('a recharge is decided and its notice drawn for assessment version 1', async () => {
    const shown = await showDocument(ctx.db, id);
    expect(shown.outcome?.decision, shown.outcome?.reviewReasons.join(',')).toBe('recharge');
    firstAmount = shown.fields!.amountCents!;
    expect(await rows()).toEqual([{ kind: 'recharge_notice', assessmentVersion: shown.outcome!.version, drawnAtVersion: shown.outcome!.version, sha256: expect.stringMatching(/^[0-9a-f]{64}$/), printed: expect.stringMatching(/^[0-9a-f]{64}$/) }]);
    const accounting = await accountingFileCsv(ctx.db, 'acme', d('2026-11-23'), d('2026-11-23'), NOW);
    expect(accounting.lines).toBe(1);
  });

  it('an amount corrected by an operator: a new notice for the new version, the first one superseded (kept, retrievable)', async () => {
    const before = await rows();
    const corrected = firstAmount + 2500;
    const result = await act({ action: 'correct', field: 'amountCents', value: `${Math.floor(corrected / 100)},${String(corrected % 100).padStart(2, '0')}` });
    expect(result.decision).toBe('recharge');
    const after = await rows();
    expect(after).toHaveLength(2);
    const [v1, v2] = after;
    expect(v1).toEqual(before[0]);
    expect(v2).toMatchObject({ kind: 'recharge_notice', assessmentVersion: result.version, drawnAtVersion: result.version });
    expect(v2!.sha256).not.toBe(v1!.sha256);
    expect(v2!.printed).not.toBe(v1!.printed);
    // The current file says the new amount; the superseded one, asked by its version, the old.
    const current = await documentFileBytes(ctx.db, id, 'recharge_notice');
    expect(current).toMatchObject({ sha256: v2!.sha256, assessmentVersion: v2!.assessmentVersion, current: true });
    expect(await pdfText(current.content)).toContain(euro(corrected + 1500));
    const old = await documentFileBytes(ctx.db, id, 'recharge_notice', v1!.assessmentVersion);
    expect(old).toMatchObject({ sha256: v1!.sha256, current: false });
    expect(await pdfText(old.content)).toContain(euro(firstAmount + 1500));
    // documents show: every version, which is current.
    const shown = await showDocument(ctx.db, id);
    expect(shown.outputs.map((o) => [o.kind, o.assessmentVersion, o.current, o.superseded])).toEqual([
      ['recharge_notice', v2!.assessmentVersion, true, false],
      ['recharge_notice', v1!.assessmentVersion, false, true],
    ]);
    expect(shown.audit.some((e) => e.action === 'output.superseded')).toBe(true);
    // The export: the current one in outputs, the earlier one in supersededOutputs (CSV: its own column).
    const record = (await exportRecords(ctx.db, NOW)).find((r) => r.id === id)!;
    expect(record.outputs.map((o) => [o.sha256, o.assessmentVersion, o.superseded])).toEqual([[v2!.sha256, v2!.assessmentVersion, false]]);
    expect(record.supersededOutputs.map((o) => [o.sha256, o.assessmentVersion, o.superseded])).toEqual([[v1!.sha256, v1!.assessmentVersion, true]]);
    const [header, ...cells] = parse(exportCsv([record])) as string[][];
    expect(cells[0]![header!.indexOf('outputs')]).toBe(`recharge_notice:${v2!.sha256}`);
    expect(cells[0]![header!.indexOf('supersededOutputs')]).toBe(`recharge_notice@v${v1!.assessmentVersion}:${v1!.sha256}`);
    // The accounting file: one line, the corrected total.
    const accounting = await accountingFileCsv(ctx.db, 'acme', d('2026-11-23'), d('2026-11-23'), NOW);
    const [aHeader, aRow] = parse(accounting.csv) as string[][];
    expect(accounting.lines).toBe(1);
    expect(aRow![aHeader!.indexOf('totalCents')]).toBe(String(corrected + 1500));
  });

  it('a re-assessment that prints the same facts (liability re-attributed) draws nothing new: the file is kept for the new version', async () => {
    const before = await rows();
    const result = await act({ action: 'reattribute', reason: 'processing_error', note: 'our mistake, we read the amount wrong' });
    const after = await rows();
    expect(after).toHaveLength(before.length + 1);
    const kept = after[after.length - 1]!;
    const previous = before[before.length - 1]!;
    expect(kept).toEqual({ ...previous, assessmentVersion: result.version });
    expect(kept.drawnAtVersion).toBe(previous.assessmentVersion);
    // Nothing drawn: no new output.created, one output.kept.
    const audit = (await showDocument(ctx.db, id)).audit;
    expect(audit.filter((e) => e.action === 'output.created')).toHaveLength(2);
    expect(audit.filter((e) => e.action === 'output.kept')).toHaveLength(1);
    expect((await documentFileBytes(ctx.db, id, 'recharge_notice')).sha256).toBe(previous.sha256);
    // The job again (a redelivery) changes nothing; the sweep finds nothing missing.
    await ctx.queues.enqueue(generateOutputsJob, { documentId: id });
    await drainQueues(ctx);
    expect(await rows()).toEqual(after);
    expect(await findDecidedWithoutOutputs(ctx.db, new Date(NOW.getTime() + 3_600_000))).not.toContain(id);
  });

  it('a recharge that becomes a redirect: a pack for the new version, the notice superseded, the CSVs follow', async () => {
    const before = await rows();
    const result = await act({ action: 'choose_policy', policy: 'redirect' });
    expect(result.decision).toBe('redirect');
    const after = await rows();
    const pack = after.find((r) => r.kind === 'redirect_pack')!;
    expect(pack).toMatchObject({ assessmentVersion: result.version, drawnAtVersion: result.version });
    expect(after.filter((r) => r.assessmentVersion === result.version).map((r) => r.kind)).toEqual(['redirect_pack']);
    // Every notice is still stored (audit), none is current.
    expect(after.filter((r) => r.kind === 'recharge_notice')).toEqual(before.filter((r) => r.kind === 'recharge_notice'));
    await expect(documentFileBytes(ctx.db, id, 'recharge_notice')).rejects.toThrow(/has no recharge_notice \(it has: redirect_pack\); recharge_notice of assessment version\(s\)/);
    // The accounting file no longer has it; the redirect list of the day does, with the current pack.
    expect((await accountingFileCsv(ctx.db, 'acme', d('2026-11-23'), d('2026-11-23'), NOW)).lines).toBe(0);
    const redirects = await redirectListCsv(ctx.db, 'acme', d('2026-11-23'));
    const [header, row] = parse(redirects.csv) as string[][];
    expect(redirects.lines).toBe(1);
    expect(row![header!.indexOf('packSha256')]).toBe(pack.sha256);
    const record = (await exportRecords(ctx.db, NOW)).find((r) => r.id === id)!;
    expect(record.outputs.map((o) => o.kind)).toEqual(['redirect_pack']);
    expect(record.supersededOutputs.every((o) => o.kind === 'recharge_notice' && o.superseded)).toBe(true);
  });

  it('the CLI: documents file gives the current output, --assessment-version N a given one', async () => {
    const fs = await import('node:fs/promises');
    const dir = await fs.mkdtemp('/tmp/boete-outputs-v-');
    const all = await rows();
    const first = all[0]!;
    const pack = all.find((r) => r.kind === 'redirect_pack')!;
    const current = await runBoete(['documents', 'file', id, '--kind', 'redirect_pack', '--output', `${dir}/pack.pdf`], t.env);
    expect(current.code, current.stderr).toBe(0);
    expect(current.stderr).toMatch(new RegExp(`sha256 ${pack.sha256}, assessment version ${pack.assessmentVersion} \\(current\\)`));
    const old = await runBoete(['documents', 'file', id, '--kind', 'recharge_notice', '--assessment-version', String(first.assessmentVersion), '--output', `${dir}/old.pdf`], t.env);
    expect(old.code, old.stderr).toBe(0);
    expect(old.stderr).toMatch(/\(superseded\)/);
    expect(Buffer.from(await fs.readFile(`${dir}/old.pdf`)).equals((await documentFileBytes(ctx.db, id, 'recharge_notice', first.assessmentVersion)).content)).toBe(true);
    const none = await runBoete(['documents', 'file', id, '--kind', 'recharge_notice', '--output', `${dir}/x.pdf`], t.env);
    expect(none.code).toBe(2);
    const shown = await runBoete(['documents', 'show', id], t.env);
    expect(shown.code, shown.stderr).toBe(0);
    const outputs = (JSON.parse(shown.stdout) as { outputs: { kind: string; current: boolean }[] }).outputs;
    expect(outputs.filter((o) => o.current).map((o) => o.kind)).toEqual(['redirect_pack']);
    expect(outputs.filter((o) => !o.current).length).toBe(all.length - 1);
    await fs.rm(dir, { recursive: true });
  });

  it('the web API (?version=N), the operator page and the portal: the current one, older ones marked superseded', async () => {
    const all = await rows();
    const first = all[0]!;
    const pack = all.find((r) => r.kind === 'redirect_pack')!;
    const op = await cookieOf('op@boete.test');
    const base = `/api/documents/${id}/outputs`;
    const currentPack = await server.inject({ url: `${base}/redirect_pack`, headers: { cookie: op } });
    expect(currentPack.statusCode).toBe(200);
    expect(currentPack.headers['x-content-sha256']).toBe(pack.sha256);
    expect(currentPack.headers['x-output-superseded']).toBe('false');
    expect((await server.inject({ url: `${base}/recharge_notice`, headers: { cookie: op } })).statusCode).toBe(404);
    const old = await server.inject({ url: `${base}/recharge_notice?version=${first.assessmentVersion}`, headers: { cookie: op } });
    expect(old.statusCode).toBe(200);
    expect(old.headers['x-content-sha256']).toBe(first.sha256);
    expect(old.headers['x-output-superseded']).toBe('true');
    expect((await server.inject({ url: `${base}/recharge_notice?version=99`, headers: { cookie: op } })).statusCode).toBe(404);
    const detail = (await server.inject({ url: `/api/documents/${id}`, headers: { cookie: op } })).json() as { outputs: { kind: string; current: boolean; superseded: boolean; url: string }[] };
    expect(detail.outputs[0]).toMatchObject({ kind: 'redirect_pack', current: true, superseded: false, url: `${base}/redirect_pack` });
    expect(detail.outputs.slice(1).every((o) => o.superseded && o.url.includes('?version='))).toBe(true);
    for (const [url, cookie] of [[`/documents/${id}`, op], [`/portal/documents/${id}`, await cookieOf('user@acme.test')]] as const) {
      const page = await server.inject({ url, headers: { cookie } });
      expect(page.statusCode, url).toBe(200);
      const current = page.body.slice(page.body.indexOf('class="outputs-current"'), page.body.indexOf('class="outputs-superseded"'));
      expect(current, url).toContain(`href="${base}/redirect_pack"`);
      expect(current, url).not.toContain('recharge_notice');
      const superseded = page.body.slice(page.body.indexOf('class="outputs-superseded"'));
      expect(superseded, url).toContain(`href="${base}/recharge_notice?version=${first.assessmentVersion}"`);
      expect(superseded, url).toMatch(/superseded/);
    }
  });

  it("a client's export holds each file once: the current under outputs/, the superseded under outputs/superseded/vN-", async () => {
    const fs = await import('node:fs/promises');
    const dir = await fs.mkdtemp('/tmp/boete-outputs-v-');
    await exportClient(ctx.db, 'acme', `${dir}/acme.zip`, NOW);
    const entries = unzipSync(await fs.readFile(`${dir}/acme.zip`));
    const names = Object.keys(entries).filter((n) => n.startsWith(`documents/${id}/outputs/`)).map((n) => n.slice(`documents/${id}/outputs/`.length)).sort();
    const drawn = (await rows()).filter((r) => r.drawnAtVersion === r.assessmentVersion);
    // The notice kept by the re-attribution is the same file as the corrected one: listed once.
    expect(names).toHaveLength(drawn.length);
    expect(names.filter((n) => !n.startsWith('superseded/'))).toEqual([expect.stringMatching(/^redirect-.*\.pdf$/)]);
    expect(names.filter((n) => n.startsWith('superseded/'))).toEqual(drawn.filter((r) => r.kind === 'recharge_notice').map((r) => expect.stringMatching(new RegExp(`^superseded/v${r.assessmentVersion}-recharge-notice-.*\\.pdf$`))));
    await fs.rm(dir, { recursive: true });
  });
});
