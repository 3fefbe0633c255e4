// Documents through reading: the file to read, and the stored result of reading it.
import { getTableColumns, sql } from 'drizzle-orm';
import { auditEvents, documents, extractedFields, readCharges } from '../../db/schema.js';
import { DECISIVE_FIELDS } from '../domain/decision-inputs.js';
import { referenceKey } from '../domain/duplicates.js';
import { isConfident } from '../reading/fields.js';
import type { ReadResult } from '../reading/read-result.js';
import type { Database } from './database.js';
import { executeTemplate, type Slots } from './named-statements.js';
import { chargeSql, hourSql } from './read-budget-store.js';

/**
 * Stores what reading found and moves the document from `received` to `read`, once: a concurrent
 * or repeated delivery of the same job finds the claim taken and writes nothing. Returns whether
 * this call stored it.
 */
/**
 * The extracted_fields row of a reading: every column of the table (test/unit/row-sql.test.ts
 * checks that, so a column added to db/schema.ts is not left out of the hand-written statement).
 */
export function readingRow(documentId: string, result: ReadResult, now: Date): typeof extractedFields.$inferInsert {
  const f = result.status === 'read' ? result.fields : null;
  return {
    documentId,
    readStatus: result.status,
    unreadableCause: result.status === 'unreadable' ? result.cause : null,
    detail: result.status === 'unreadable' ? result.detail : null,
    method: result.status === 'read' ? result.method : null,
    pageCount: result.pageCount,
    kind: f?.kind.value ?? null,
    plate: f?.plate?.value ?? null,
    offenceAt: f?.offenceAt ? new Date(f.offenceAt.value) : null,
    documentDate: f?.documentDate?.value ?? null,
    dueDate: f?.dueDate?.value ?? null,
    redirectDeadline: f?.redirectDeadline?.value ?? null,
    amountCents: f?.amountCents?.value ?? null,
    reference: f?.reference?.value ?? null,
    // Only a confidently read reference may make one document a duplicate of another.
    referenceKey: f?.reference && isConfident(f.reference) ? referenceKey(f.reference.value) : null,
    // A text layer may hold NUL, which jsonb refuses: it carries nothing a reader needs.
    fields: f ? (JSON.parse(JSON.stringify(f).replace(/\\u0000/g, '')) as typeof f) : null,
    readAt: now,
  };
}

/**
 * What a reading charges the read budget (as chargeSql in read-budget-store.ts reads it back from the
 * stored row): pages read, a timeout or out-of-memory the most a document may cost; OCR pages those
 * read with OCR or found empty by it.
 */
function readingCharge(result: ReadResult, maxPagesPerDocument: number): { pages: number; ocrPages: number } {
  if (result.status === 'unreadable' && (result.cause === 'timeout' || result.cause === 'too_large')) return { pages: maxPagesPerDocument, ocrPages: maxPagesPerDocument };
  const pages = result.pageCount ?? 0;
  const ocr = (result.status === 'read' && result.method === 'ocr') || (result.status === 'unreadable' && result.cause === 'no_text');
  return { pages, ocrPages: ocr ? pages : 0 };
}

export type ReadingToSave = { documentId: string; result: ReadResult };

/** One reading: saveReadings of one. */
export async function saveReading(db: Database, documentId: string, result: ReadResult, now: Date, maxPagesPerDocument: number): Promise<boolean> {
  return (await saveReadings(db, [{ documentId, result }], now, maxPagesPerDocument)).has(documentId);
}

/** The extracted_fields columns as jsonb_to_recordset names them: `document_id uuid, read_status text, …`. */
const READING_COLUMNS = Object.entries(getTableColumns(extractedFields) as Record<string, { name: string; getSQLType(): string }>).map(([key, c]) => ({ key, name: c.name, type: c.getSQLType() }));

/**
 * Stores the readings of a read job's documents in one statement (one round trip, its own transaction):
 * for each document still `received`, the claim (received → read), its fields, its audit entry and its
 * read charge, all written or none. A document another delivery claimed already is left as it is.
 * Returns the documents this call stored.
 */
export async function saveReadings(db: Database, readings: readonly ReadingToSave[], now: Date, maxPagesPerDocument: number): Promise<Set<string>> {
  if (readings.length === 0) return new Set();
  const max = Math.trunc(maxPagesPerDocument);
  const input = readings.map(({ documentId, result }) => {
    const row = readingRow(documentId, result, now) as Record<string, unknown>;
    const f = result.status === 'read' ? result.fields : null;
    const charge = readingCharge(result, max);
    const json: Record<string, unknown> = {};
    for (const c of READING_COLUMNS) if (row[c.key] !== undefined) json[c.name] = row[c.key];
    return {
      ...json,
      new_pages: charge.pages,
      new_ocr_pages: charge.ocrPages,
      // Which fields were read, not their values: a plate or a reference is personal data (src/db/audit.ts).
      audit_after: { readStatus: row.readStatus, cause: row.unreadableCause, kind: row.kind, fieldsRead: DECISIVE_FIELDS.filter((k) => f?.[k]) },
    };
  });
  // A text layer may hold NUL, which jsonb refuses: it carries nothing a reader needs.
  const slots: Slots = { input: JSON.stringify(input, (_, v: unknown) => (typeof v === 'string' ? v.replace(/\u0000/g, '') : v)), now: now.toISOString() };
  const c = chargeSql(max);
  const recordType = sql.raw([...READING_COLUMNS.map((col) => `"${col.name}" ${col.type}`), 'new_pages int', 'new_ocr_pages int', 'audit_after jsonb'].join(', '));
  const columns = sql.raw(READING_COLUMNS.map((col) => `"${col.name}"`).join(', '));
  const fromInput = sql.raw(READING_COLUMNS.map((col) => `i."${col.name}"`).join(', '));
  const updates = sql.raw(READING_COLUMNS.filter((col) => col.name !== 'document_id').map((col) => `"${col.name}" = excluded."${col.name}"`).join(', '));
  // Documents are locked in id order, and read_charges rows touched client by client, oldest hour
  // first, as the claim touches them (read-budget-store.ts): two statements never deadlock. The inserts
  // take their rows from the claim, so a document a concurrent delivery claimed gets nothing written.
  // Built once (src/db/named-statements.ts): one parameter holds every row, so its text never changes.
  const { rows } = await executeTemplate<{ id: string }>(db, `readings|${max}`, () => sql`
    WITH input AS (
      SELECT * FROM jsonb_to_recordset(${sql.placeholder('input')}::jsonb) AS i(${recordType})),
    locked AS (
      SELECT d.id FROM ${documents} d JOIN input i ON i.document_id = d.id
      WHERE d.status = 'received' ORDER BY d.id FOR UPDATE OF d),
    reserved AS (
      SELECT d.id, d.client_id, ${c.at} AS at, ${c.pages} AS pages, ${c.ocrPages} AS ocr_pages
      FROM locked l JOIN ${documents} d ON d.id = l.id LEFT JOIN extracted_fields ef ON ef.document_id = d.id),
    claimed AS (
      UPDATE ${documents} d SET status = 'read', updated_at = ${sql.placeholder('now')}::timestamptz
      FROM locked l WHERE d.id = l.id AND d.status = 'received'
      RETURNING d.id),
    stored AS (
      INSERT INTO ${extractedFields} (${columns})
      SELECT ${fromInput} FROM input i JOIN claimed c ON c.id = i.document_id
      ON CONFLICT (document_id) DO UPDATE SET ${updates}),
    audited AS (
      INSERT INTO ${auditEvents} (actor, action, entity, entity_id, after)
      SELECT 'system', 'document.read', 'document', i.document_id::text, i.audit_after FROM input i JOIN claimed c ON c.id = i.document_id),
    charged AS (
      INSERT INTO ${readCharges} (client_id, hour, pages, ocr_pages)
      SELECT client_id, hour, sum(pages), sum(ocr_pages) FROM (
        SELECT r.client_id, ${hourSql(sql`r.at`)} AS hour, -r.pages AS pages, -r.ocr_pages AS ocr_pages FROM reserved r JOIN claimed c ON c.id = r.id WHERE r.at IS NOT NULL
        UNION ALL
        SELECT r.client_id, ${hourSql(sql`${sql.placeholder('now')}::timestamptz`)}, i.new_pages, i.new_ocr_pages
        FROM reserved r JOIN claimed c ON c.id = r.id JOIN input i ON i.document_id = r.id) moved
      GROUP BY client_id, hour ORDER BY client_id, hour
      ON CONFLICT (client_id, hour) DO UPDATE SET pages = ${readCharges}.pages + excluded.pages, ocr_pages = ${readCharges}.ocr_pages + excluded.ocr_pages)
    SELECT id FROM claimed`, slots);
  return new Set(rows.map((r) => r.id));
}
