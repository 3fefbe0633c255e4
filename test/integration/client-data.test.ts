// A client's data (spec "Personal data"): the audit trail never holds a renter's name, address,
// birth date, a plate or a reference; `boete clients export` hands over everything of one client
// and nothing of another, never an IMAP password; `boete clients delete` and `purge-expired` (six
// months after the client's end date) erase it all in one go and leave the audit trail intact with
// a record of the deletion. Real commands as child processes, real PostgreSQL, Redis and Dovecot.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { unzipSync, strFromU8 } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, clients } from '../../db/schema.js';
import { brusselsDateOf } from '../../src/domain/brussels-time.js';
import { addCalendarDays, addCalendarMonths } from '../../src/domain/calendar-date.js';
import { buildMail } from '../../fixtures/fine-mail.js';
import { makeFine } from '../../fixtures/fine-truth.js';
import { renderFinePdf } from '../../fixtures/render-fine-pdf.js';
import { createTestEnv, IMAP_HOST, IMAP_PASSWORD, IMAP_PORT, type TestEnv } from '../support/test-env.js';

const BIN = path.resolve(import.meta.dirname, '../../bin/boete.mjs');
const RENTER = { name: 'Jozefien Vandenbroucke', address: 'Kortrijksesteenweg 12, 9000 Gent', birthDate: '1983-04-17' };
const BETA_RENTER = 'Pieter-Jan Beta-Huurder';

const today = brusselsDateOf(new Date());
// acme's contract with us ended seven months ago: past the six months. beta's ends in ten days.
const acmeEnd = addCalendarMonths(today, -7);
const betaEnd = addCalendarDays(today, 10);

const acmeFine = makeFine('be-police-nl', 7101, { plateAsPrinted: '1-CAN-001' });
const betaFine = makeFine('be-police-nl', 7102, { plateAsPrinted: '1-BET-002' });

type Run = { code: number | null; stdout: string; stderr: string };
function boete(t: TestEnv, ...args: string[]): Promise<Run> {
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...t.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })));
}

let t: TestEnv;
let db: ReturnType<TestEnv['app']>['ctx']['db'];
let dir: string;
let acmePdf: Buffer;

const count = async (query: ReturnType<typeof sql>) => Number(((await db.execute(query)).rows[0] as { n: string | number }).n);
/** Rows of every table that hold a client's data, for one client id. */
async function rowsOf(clientId: string) {
  return {
    documents: await count(sql`select count(*) as n from documents where client_id = ${clientId}`),
    fields: await count(sql`select count(*) as n from extracted_fields f join documents d on d.id = f.document_id where d.client_id = ${clientId}`),
    assessments: await count(sql`select count(*) as n from assessments a join documents d on d.id = a.document_id where d.client_id = ${clientId}`),
    contracts: await count(sql`select count(*) as n from contracts where client_id = ${clientId}`),
    mails: await count(sql`select count(*) as n from received_mails where client_id = ${clientId}`),
    mailboxes: await count(sql`select count(*) as n from mailboxes where client_id = ${clientId}`),
    clients: await count(sql`select count(*) as n from clients where id = ${clientId}`),
  };
}
const clientId = async (code: string) => (await db.select({ id: clients.id }).from(clients).where(eq(clients.code, code)))[0]?.id as string;

beforeAll(async () => {
  t = await createTestEnv();
  db = t.app().ctx.db;
  dir = await mkdtemp(path.join(os.tmpdir(), 'boete-clients-'));
  const mailbox = (name: string) => ({ name, host: IMAP_HOST, port: IMAP_PORT, secure: false, user: t.imapUser(name), password: IMAP_PASSWORD, client: name });
  await writeFile(
    path.join(dir, 'setup.json'),
    JSON.stringify({
      clients: [
        { code: 'acme', name: 'ACME', addresses: ['acme@fines.example.com'], allowedSenders: ['acme-rent.be'], defaultFinePolicy: 'recharge', endsAt: acmeEnd },
        { code: 'beta', name: 'Beta', addresses: ['beta@fines.example.com'], allowedSenders: ['beta-rent.be'], defaultFinePolicy: 'recharge', endsAt: betaEnd },
      ],
      mailboxes: [mailbox('acme'), mailbox('beta')],
    }),
  );
  await writeFile(
    path.join(dir, 'contracts.csv'),
    'client,contract_ref,plate,starts_at,ends_at,fine_policy,renter_type,renter_name,renter_address,renter_birth_date,renter_company_number,renter_email,admin_fee_cents\n' +
      `acme,AC-1,1-CAN-001,2026-01-01T00:00,,recharge,person,${RENTER.name},"${RENTER.address}",${RENTER.birthDate},,,\n` +
      `beta,BE-1,1-BET-002,2026-01-01T00:00,,recharge,person,${BETA_RENTER},"Betastraat 1, 1000 Brussel",1970-01-01,,,\n`,
  );
  expect((await boete(t, 'setup', 'import', path.join(dir, 'setup.json'))).code).toBe(0);
  expect((await boete(t, 'contracts', 'import', path.join(dir, 'contracts.csv'))).code).toBe(0);
  acmePdf = await renderFinePdf(acmeFine);
  const mail = async (user: string, from: string, to: string, pdf: Buffer) =>
    t.appendMail(t.imapUser(user), await buildMail({ from, to, attachments: [{ filename: 'boete.pdf', content: pdf }] }), new Date(acmeFine.documentDate));
  await mail('acme', 'backoffice@acme-rent.be', 'acme@fines.example.com', acmePdf);
  await mail('beta', 'backoffice@beta-rent.be', 'beta@fines.example.com', await renderFinePdf(betaFine));
  const run = await boete(t, 'run', '--once');
  expect(run.stderr).not.toMatch(/"level":50/);
  expect(await count(sql`select count(*) as n from assessments`)).toBe(2);
}, 120_000);

afterAll(async () => t?.dispose());

describe('the audit trail', () => {
  it('holds no renter, plate or reference, only ids and the names of changed fields', async () => {
    const trail = JSON.stringify(await db.select().from(auditEvents));
    for (const value of [RENTER.name, 'Vandenbroucke', RENTER.address, RENTER.birthDate, BETA_RENTER, '1CAN001', '1-CAN-001', acmeFine.reference, 'AC-1'])
      expect(trail, value).not.toContain(value);
    const [created] = await db.select().from(auditEvents).where(eq(auditEvents.action, 'contract.created')).limit(1);
    expect((created?.after as { changed: string[] }).changed).toEqual(expect.arrayContaining(['renterName', 'renterAddress', 'renterBirthDate', 'plate']));
  });
});

describe('boete clients export', () => {
  let entries: Record<string, Uint8Array>;
  const json = (name: string) => JSON.parse(strFromU8(entries[name]!)) as unknown;

  beforeAll(async () => {
    const file = path.join(dir, 'acme.zip');
    const run = await boete(t, 'clients', 'export', 'acme', '--output', file);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/exported client acme to .*acme\.zip .*1 document\(s\) with their files, 1 contract\(s\), 1 mail\(s\), 1 mailbox\(es\)/);
    entries = unzipSync(await readFile(file));
  });

  it('holds the documents with their files, fields and assessments', async () => {
    const docs = json('documents.json') as { id: string; file: string; sha256: string; fields: { plate: string }; assessment: { decision: string }; receipts: unknown[] }[];
    expect(docs).toHaveLength(1);
    const [doc] = docs;
    expect(doc!.fields.plate).toBe('1CAN001');
    expect(doc!.assessment.decision).toBe('recharge');
    expect(doc!.receipts).toHaveLength(1);
    expect(Buffer.from(entries[doc!.file]!).equals(acmePdf)).toBe(true);
    expect(createHash('sha256').update(entries[doc!.file]!).digest('hex')).toBe(doc!.sha256);
    expect((json('outcomes.json') as { decision: string; contractRef: string }[]).map((r) => [r.decision, r.contractRef])).toEqual([['recharge', 'AC-1']]);
  });

  it('holds the contracts with their renters, the mails and the audit entries — of this client only', async () => {
    const contracts = json('contracts.json') as { contractRef: string; renterName: string; renterBirthDate: string }[];
    expect(contracts.map((c) => [c.contractRef, c.renterName, c.renterBirthDate])).toEqual([['AC-1', RENTER.name, RENTER.birthDate]]);
    expect(json('mails.json')).toHaveLength(1);
    const audit = json('audit.json') as { action: string }[];
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(['client.created', 'mailbox.created', 'contract.created', 'mail.received', 'document.read', 'document.assessed']),
    );
    const manifest = json('manifest.json') as { client: string; counts: Record<string, number> };
    expect(manifest.client).toBe('acme');
    expect(manifest.counts).toMatchObject({ documents: 1, contracts: 1, mails: 1, mailboxes: 1, auditEntries: audit.length });
    const everything = Object.values(entries).map((e) => Buffer.from(e).toString('latin1')).join('\n');
    expect(everything).not.toContain(BETA_RENTER);
    expect(everything).not.toContain('1BET002');
  });

  it('never holds an IMAP password', () => {
    const client = json('client.json') as { mailboxes: Record<string, unknown>[] };
    expect(client.mailboxes).toHaveLength(1);
    expect(Object.keys(client.mailboxes[0]!)).not.toContain('password');
    for (const [name, bytes] of Object.entries(entries)) expect(Buffer.from(bytes).toString('latin1'), name).not.toContain(IMAP_PASSWORD);
  });

  it('refuses to overwrite a file, and names an unknown client', async () => {
    const again = await boete(t, 'clients', 'export', 'acme', '--output', path.join(dir, 'acme.zip'));
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('acme.zip exists');
    const unknown = await boete(t, 'clients', 'export', 'nosuch', '--output', path.join(dir, 'nosuch.zip'));
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown client "nosuch"');
  });
});

describe('boete clients delete and purge-expired', () => {
  it('delete without --yes says what it would delete and deletes nothing', async () => {
    const run = await boete(t, 'clients', 'delete', 'acme');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('would delete client acme: 1 document(s) with their files, 1 contract(s), 1 mail(s), 1 mailbox(es)');
    expect((await rowsOf(await clientId('acme'))).documents).toBe(1);
  });

  it('purge-expired deletes the client whose six months are over, and only that one', async () => {
    const acme = await clientId('acme');
    const beta = await clientId('beta');
    const betaBefore = await rowsOf(beta);
    const auditBefore = await count(sql`select count(*) as n from audit_events`);

    const dry = await boete(t, 'clients', 'purge-expired', '--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain(`would delete client acme (kept until ${addCalendarMonths(acmeEnd, 6)})`);
    expect(dry.stdout).not.toContain('beta');
    expect((await rowsOf(acme)).documents).toBe(1);

    const run = await boete(t, 'clients', 'purge-expired');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('deleted client acme');
    expect(run.stdout).toContain('1 client(s) deleted');
    expect(await rowsOf(acme)).toEqual({ documents: 0, fields: 0, assessments: 0, contracts: 0, mails: 0, mailboxes: 0, clients: 0 });
    expect(await rowsOf(beta)).toEqual(betaBefore);
    // Nothing of the trail went; one entry came: that the deletion happened, by whom, how much.
    expect(await count(sql`select count(*) as n from audit_events`)).toBe(auditBefore + 1);
    const [deleted] = await db.select().from(auditEvents).where(eq(auditEvents.action, 'client.deleted'));
    expect(deleted?.entityId).toBe(acme);
    expect(deleted?.actor).toMatch(/^cli/);
    expect(deleted?.after).toMatchObject({ code: 'acme', reason: 'retention', documents: 1, contracts: 1, mails: 1, mailboxes: 1 });
    const again = await boete(t, 'clients', 'purge-expired');
    expect(again.stdout).toContain('0 client(s) deleted');
  });

  it('delete --yes deletes a client on instruction', async () => {
    const beta = await clientId('beta');
    const run = await boete(t, 'clients', 'delete', 'beta', '--yes');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('deleted client beta: 1 document(s) with their files, 1 contract(s), 1 mail(s), 1 mailbox(es)');
    expect(await rowsOf(beta)).toEqual({ documents: 0, fields: 0, assessments: 0, contracts: 0, mails: 0, mailboxes: 0, clients: 0 });
    expect(await count(sql`select count(*) as n from documents`)).toBe(0);
    const [entry] = await db.select().from(auditEvents).where(eq(auditEvents.entityId, beta)).orderBy(sql`id desc`).limit(1);
    expect(entry?.after).toMatchObject({ code: 'beta', reason: 'instruction' });
    const unknown = await boete(t, 'clients', 'delete', 'beta', '--yes');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown client "beta"');
  });
});
