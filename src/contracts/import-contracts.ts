// Upserts contracts by (client, contract_ref). A contract's received-at stamp moves only when its
// content changes: that stamp is when the client delivered the information.
//
// All or nothing, for files of any size (measured with bench/contracts-import.ts: 240,000 rows,
// 50 MB): the file is first read once to validate every row without touching the database
// (checkContractCsv), then read again and written in batches of BATCH rows inside ONE
// transaction. A row that turns out bad in the second pass, or a database failure half-way, rolls
// the whole file back. Why both: the validating pass reports every problem (not the first) before
// anything is locked; the single transaction makes the import atomic against everything else.
import { sql } from 'drizzle-orm';
import { clients, contracts } from '../../db/schema.js';
import { auditChange, recordAuditBatch, type AuditEntry } from '../db/audit.js';
import type { Database, Executor } from '../db/database.js';
import { InputError } from '../errors.js';
import { checkContractCsv, describeChecked, problemsError, quoteValue, readContractCsv, unknownClientProblems, type CheckedFile, type ContractRow } from './contract-csv.js';
import type { ByteSource } from './csv-text.js';

export type ContractImportSummary = { created: number; updated: number; unchanged: number; clientIds: string[] };

type ContractValues = Omit<typeof contracts.$inferInsert, 'id' | 'createdAt' | 'receivedAt'>;
type ContractRecord = typeof contracts.$inferSelect;

/** Rows per statement: 1,000 rows × 14 columns stays far below PostgreSQL's 65,535 parameters. */
const BATCH = 1000;

const CONTENT_KEYS = [
  'plate', 'startsAt', 'endsAt', 'finePolicy', 'renterType', 'renterName', 'renterAddress',
  'renterBirthDate', 'renterCompanyNumber', 'renterEmail', 'adminFeeCents',
] as const;
/** The contract fields whose values the audit may show; of the others (the plate, the renter) it names only that they changed. */
const AUDITED_VALUES = ['startsAt', 'endsAt', 'finePolicy', 'renterType', 'adminFeeCents'] as const;

function sameContent(a: ContractValues, b: ContractValues): boolean {
  return CONTENT_KEYS.every((k) => {
    const x = a[k];
    const y = b[k];
    if (x instanceof Date || y instanceof Date) return (x as Date | null)?.getTime() === (y as Date | null)?.getTime();
    return (x ?? null) === (y ?? null);
  });
}

const toValues = (r: ContractRow, clientId: string): ContractValues => ({
  clientId,
  contractRef: r.contract_ref,
  plate: r.plate,
  startsAt: r.starts_at,
  endsAt: r.ends_at,
  finePolicy: r.fine_policy,
  renterType: r.renter_type,
  renterName: r.renter_name,
  renterAddress: r.renter_address,
  renterBirthDate: r.renter_birth_date,
  renterCompanyNumber: r.renter_company_number,
  renterEmail: r.renter_email,
  adminFeeCents: r.admin_fee_cents,
});

const keyOf = (clientId: string, ref: string) => `${clientId}\u0000${ref}`;

// Batches go to PostgreSQL as one array per column (unnest), not as 14 parameters a row: building
// a 14,000-parameter statement through the query builder cost more than PostgreSQL's own work.
const arrayOf = <T>(values: readonly T[]) => sql.param(values);
const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

/** Writes one batch: unchanged rows are left alone, new and changed ones upserted and audited. */
async function upsertBatch(tx: Executor, batch: readonly ContractValues[], now: Date, summary: ContractImportSummary, touched: Set<string>) {
  if (batch.length === 0) return;
  const found = await tx
    .select()
    .from(contracts)
    .where(
      sql`(${contracts.clientId}, ${contracts.contractRef}) IN (SELECT * FROM unnest(${arrayOf(batch.map((v) => v.clientId))}::uuid[], ${arrayOf(batch.map((v) => v.contractRef))}::text[]))`,
    );
  const existing = new Map<string, ContractRecord>(found.map((c) => [keyOf(c.clientId, c.contractRef), c]));
  const changed = batch.filter((v) => {
    const before = existing.get(keyOf(v.clientId, v.contractRef));
    return !before || !sameContent(before, v);
  });
  summary.unchanged += batch.length - changed.length;
  if (changed.length === 0) return;
  const col = <K extends keyof ContractValues>(k: K) => changed.map((v) => v[k] ?? null);
  const written = await tx.execute<{ id: string; client_id: string; contract_ref: string }>(sql`
    INSERT INTO contracts (client_id, contract_ref, plate, starts_at, ends_at, fine_policy, renter_type, renter_name,
                           renter_address, renter_birth_date, renter_company_number, renter_email, admin_fee_cents, received_at)
    SELECT *, ${iso(now)}::timestamptz FROM unnest(
      ${arrayOf(col('clientId'))}::uuid[], ${arrayOf(col('contractRef'))}::text[], ${arrayOf(col('plate'))}::text[],
      ${arrayOf(changed.map((v) => iso(v.startsAt)))}::timestamptz[], ${arrayOf(changed.map((v) => iso(v.endsAt)))}::timestamptz[],
      ${arrayOf(col('finePolicy'))}::text[], ${arrayOf(col('renterType'))}::text[], ${arrayOf(col('renterName'))}::text[],
      ${arrayOf(col('renterAddress'))}::text[], ${arrayOf(col('renterBirthDate'))}::date[], ${arrayOf(col('renterCompanyNumber'))}::text[],
      ${arrayOf(col('renterEmail'))}::text[], ${arrayOf(col('adminFeeCents'))}::integer[])
    ON CONFLICT (client_id, contract_ref) DO UPDATE SET
      plate = excluded.plate, starts_at = excluded.starts_at, ends_at = excluded.ends_at, fine_policy = excluded.fine_policy,
      renter_type = excluded.renter_type, renter_name = excluded.renter_name, renter_address = excluded.renter_address,
      renter_birth_date = excluded.renter_birth_date, renter_company_number = excluded.renter_company_number,
      renter_email = excluded.renter_email, admin_fee_cents = excluded.admin_fee_cents, received_at = excluded.received_at
    RETURNING id, client_id, contract_ref`);
  const valuesByKey = new Map(changed.map((v) => [keyOf(v.clientId, v.contractRef), v]));
  const audit: AuditEntry[] = [];
  for (const w of written.rows) {
    const key = keyOf(w.client_id, w.contract_ref);
    const before = existing.get(key) ?? null;
    if (before) summary.updated += 1;
    else summary.created += 1;
    touched.add(w.client_id);
    const after = { ...valuesByKey.get(key)!, receivedAt: now } as Record<string, unknown>;
    // Names of the changed fields, values only of those that are not personal (src/db/audit.ts).
    audit.push({
      actor: 'contract-import',
      action: before ? 'contract.updated' : 'contract.created',
      entity: 'contract',
      entityId: w.id,
      ...auditChange(before as Record<string, unknown> | null, after, CONTENT_KEYS, AUDITED_VALUES),
    });
  }
  await recordAuditBatch(tx, audit);
}

async function clientIdsByCode(db: Executor): Promise<Map<string, string>> {
  const known = await db.select({ id: clients.id, code: clients.code }).from(clients).orderBy(clients.code);
  return new Map(known.map((k) => [k.code, k.id]));
}

/** Rows already in memory (a small file, a test): one transaction, in batches. */
export async function importContracts(db: Database, rows: readonly ContractRow[], now: Date): Promise<ContractImportSummary> {
  return db.transaction(async (tx) => {
    const idByCode = await clientIdsByCode(tx);
    const unknown = rows.filter((r) => !idByCode.has(r.client));
    if (unknown.length > 0) {
      const lines = unknown.slice(0, 20).map((r) => `line ${r.line}: client "${r.client}" is not set up`);
      throw new InputError(`nothing imported; unknown clients:\n  ${lines.join('\n  ')}`);
    }
    const summary: ContractImportSummary = { created: 0, updated: 0, unchanged: 0, clientIds: [] };
    const touched = new Set<string>();
    for (let i = 0; i < rows.length; i += BATCH) {
      const batch = rows.slice(i, i + BATCH).map((r) => toValues(r, idByCode.get(r.client) as string));
      await upsertBatch(tx, batch, now, summary, touched);
    }
    summary.clientIds = [...touched];
    return summary;
  });
}

export type ContractFileSummary = ContractImportSummary & { rows: number; file: string };

/** The validating pass alone (no database): throws an InputError listing every problem. */
export function checkContractFile(source: ByteSource): Promise<CheckedFile> {
  return checkContractCsv(source);
}

/** A checked file: its clients must be set up; then every row is written in one transaction. */
export async function importCheckedContractFile(db: Database, source: ByteSource, checked: CheckedFile, now: Date): Promise<ContractFileSummary> {
  const idByCode = await clientIdsByCode(db);
  const unknown = unknownClientProblems(checked, [...idByCode.keys()]);
  if (unknown.length > 0) throw problemsError(source.name, unknown.slice(0, 50), unknown.length);
  return db.transaction(async (tx) => {
    const summary: ContractImportSummary = { created: 0, updated: 0, unchanged: 0, clientIds: [] };
    const touched = new Set<string>();
    let batch: ContractValues[] = [];
    let rows = 0;
    for await (const event of readContractCsv(source, checked.encoding)) {
      // The file changed between the two passes: refuse rather than import what was not checked.
      if (event.kind === 'problems') throw problemsError(source.name, event.problems);
      const clientId = idByCode.get(event.row.client);
      if (!clientId) throw problemsError(source.name, unknownClientProblems({ ...checked, clients: new Map([[event.row.client, { line: event.row.line, rows: 1 }]]) }, [...idByCode.keys()]));
      batch.push(toValues(event.row, clientId));
      rows += 1;
      if (batch.length >= BATCH) {
        await upsertBatch(tx, batch, now, summary, touched);
        batch = [];
      }
    }
    await upsertBatch(tx, batch, now, summary, touched);
    if (rows !== checked.rows) throw new InputError(`${describeChecked(checked)}: the file changed while it was imported; nothing imported`);
    summary.clientIds = [...touched];
    return { ...summary, rows, file: source.name };
  });
}

/** Both passes: validate the whole file, then import it in one transaction. */
export async function importContractFile(db: Database, source: ByteSource, now: Date): Promise<ContractFileSummary & { checked: CheckedFile }> {
  const checked = await checkContractFile(source);
  return { ...(await importCheckedContractFile(db, source, checked, now)), checked };
}

/**
 * A client's own import (the portal): the same two passes and messages as `boete contracts import`,
 * and in addition every row must name this client's code — a client user imports only its own
 * contracts. Any row for another code refuses the whole file, naming its line.
 */
export async function importOwnContractFile(db: Database, source: ByteSource, clientCode: string, now: Date): Promise<ContractFileSummary & { checked: CheckedFile }> {
  const checked = await checkContractFile(source);
  const foreign = [...checked.clients]
    .filter(([code]) => code !== clientCode)
    .map(([code, { line, rows }]) => `${source.name} line ${line}, client ${quoteValue(code)}: expected your own client code "${clientCode}"${rows > 1 ? `; ${rows} rows name it` : ''}`);
  if (foreign.length > 0) throw problemsError(source.name, foreign.slice(0, 50), foreign.length);
  return { ...(await importCheckedContractFile(db, source, checked, now)), checked };
}
