// Documents through reading: the file to read, and the stored result of reading it.
import { sql } from 'drizzle-orm';
import { auditEvents, documents, extractedFields, readCharges } from '../../db/schema.js';
import { DECISIVE_FIELDS } from '../domain/decision-inputs.js';
import { referenceKey } from '../domain/duplicates.js';
import { isConfident } from '../reading/fields.js';
import type { ReadResult } from '../reading/read-result.js';
import type { Database } from './database.js';
import { executeTemplate, slotted, type Slots } from './named-statements.js';
import { chargeSql, hourSql } from './read-budget-store.js';
import { columnList, setFromExcluded, valueList } from './row-sql.js';

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

export async function saveReading(db: Database, documentId: string, result: ReadResult, now: Date, maxPagesPerDocument: number): Promise<boolean> {
  const f = result.status === 'read' ? result.fields : null;
  const row = readingRow(documentId, result, now);
  const audit = {
    actor: 'system',
    action: 'document.read',
    entity: 'document',
    entityId: documentId,
    // Which fields were read, not their values: a plate or a reference is personal data (src/db/audit.ts).
    after: { readStatus: row.readStatus, cause: row.unreadableCause, kind: row.kind, fieldsRead: DECISIVE_FIELDS.filter((k) => f?.[k]) },
  } satisfies typeof auditEvents.$inferInsert;
  // One statement, so one round trip and its own transaction: the claim (received → read), the
  // fields and the audit entry are all written or none. The inserts take their rows from the claim,
  // so a delivery that finds the claim taken writes nothing. Built once per shape of the rows
  // (src/db/named-statements.ts), then only filled in.
  const charge = readingCharge(result, Math.trunc(maxPagesPerDocument));
  const slots: Slots = { documentId, now: now.toISOString(), newPages: charge.pages, newOcrPages: charge.ocrPages };
  const c = chargeSql(maxPagesPerDocument);
  const fields = slotted('f_', row, slots);
  const audited = slotted('a_', audit, slots);
  // The document's charge in read_charges moves from its reservation to what reading it cost, at
  // this hour (oldest hour first, as the claim touches them: the two never deadlock).
  const { rows } = await executeTemplate<{ claimed: number }>(db, `reading|${Math.trunc(maxPagesPerDocument)}|${fields.shape}|${audited.shape}`, () => sql`
    WITH reserved AS (
      SELECT d.client_id, ${c.at} AS at, ${c.pages} AS pages, ${c.ocrPages} AS ocr_pages
      FROM ${documents} d LEFT JOIN extracted_fields ef ON ef.document_id = d.id
      WHERE d.id = ${sql.placeholder('documentId')}::uuid AND d.status = 'received'),
    claimed AS (
      UPDATE ${documents} SET status = 'read', updated_at = ${sql.placeholder('now')}::timestamptz
      WHERE id = ${sql.placeholder('documentId')}::uuid AND status = 'received'
      RETURNING id),
    stored AS (
      INSERT INTO ${extractedFields} ${columnList(extractedFields, fields.row)}
      SELECT ${valueList(extractedFields, fields.row)} FROM claimed
      ON CONFLICT (document_id) DO UPDATE SET ${setFromExcluded(extractedFields, fields.row)}),
    audited AS (
      INSERT INTO ${auditEvents} ${columnList(auditEvents, audited.row)}
      SELECT ${valueList(auditEvents, audited.row)} FROM claimed),
    charged AS (
      INSERT INTO ${readCharges} (client_id, hour, pages, ocr_pages)
      SELECT client_id, hour, sum(pages), sum(ocr_pages) FROM (
        SELECT client_id, ${hourSql(sql`at`)} AS hour, -pages AS pages, -ocr_pages AS ocr_pages FROM reserved WHERE at IS NOT NULL
        UNION ALL
        SELECT client_id, ${hourSql(sql`${sql.placeholder('now')}::timestamptz`)}, ${sql.placeholder('newPages')}::int, ${sql.placeholder('newOcrPages')}::int FROM reserved) moved
      WHERE EXISTS (SELECT 1 FROM claimed)
      GROUP BY client_id, hour ORDER BY hour
      ON CONFLICT (client_id, hour) DO UPDATE SET pages = ${readCharges}.pages + excluded.pages, ocr_pages = ${readCharges}.ocr_pages + excluded.ocr_pages)
    SELECT count(*)::int AS claimed FROM claimed`, slots);
  return (rows[0]?.claimed ?? 0) > 0;
}
