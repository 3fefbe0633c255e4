// The figures the read budget needs (src/reading/read-budget.ts), and the claim that reserves a
// document's share of it. One transaction per claim, serialised per client with an advisory lock, so
// documents read side by side each see the others' reservations.
import { sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type pg from 'pg';
import { toSafeError } from '../errors.js';
import { documents, type DocumentStatus } from '../../db/schema.js';
import { typeOfMime } from '../reading/document-type.js';
import { refuseRead, type ReadLimits } from '../reading/read-budget.js';
import type { ReadResult } from '../reading/read-result.js';
import { poolOf, type Database } from './database.js';
import { statementName } from './named-statements.js';

const DAY_MS = 24 * 3600 * 1000;

export type DocumentToRead =
  /** Not to be read now (read before: a redelivered job); nothing was claimed. */
  | { status: Exclude<DocumentStatus, 'received'> }
  /** To be read: `refusal` null means its estimate is reserved until it is read; otherwise record the refusal instead of reading. */
  | { status: 'received'; content: Buffer; refusal: Extract<ReadResult, { status: 'unreadable' }> | null };

// Inlined into the two statements sent without parameters (below): only values of these shapes.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const dialect = new PgDialect();

/**
 * Loads a document to read and decides whether it may be read now, in one transaction: its status,
 * its file, the pages its mail and its client have used, and — when it may be read — the
 * reservation of its estimate (read_started_at). Null when the document does not exist.
 */
export async function takeDocumentToRead(db: Database, documentId: string, limits: ReadLimits, now: Date): Promise<DocumentToRead | null> {
  const at = now.toISOString();
  if (!UUID.test(documentId) || !INSTANT.test(at)) throw new Error('takeDocumentToRead: not a document id or an instant');
  const since = new Date(now.getTime() - DAY_MS);
  const max = limits.maxPagesPerDocument;
  // A document's charge: pages read (a timeout or out-of-memory counts as the most a document may
  // cost); OCR pages: pages read with OCR or found empty by it. A document being read is charged its
  // estimate for both until it is done.
  const inFlight = sql`(ef.document_id IS NULL AND d.status = 'received' AND d.read_started_at IS NOT NULL)`;
  const estimate = sql`least(greatest(coalesce(d.page_estimate, 1), 1), ${max}::int)`;
  const pages = sql`CASE WHEN ${inFlight} THEN ${estimate}
    WHEN ef.unreadable_cause IN ('timeout', 'too_large') THEN ${max}::int
    ELSE coalesce(ef.page_count, 0) END`;
  const ocrPages = sql`CASE WHEN ${inFlight} THEN ${estimate}
    WHEN ef.unreadable_cause IN ('timeout', 'too_large') THEN ${max}::int
    WHEN ef.method = 'ocr' OR ef.unreadable_cause = 'no_text' THEN coalesce(ef.page_count, 0)
    ELSE 0 END`;
  const recent = sql`(coalesce(ef.read_at, d.read_started_at) >= ${since.toISOString()}::timestamptz)`;
  const usageQuery = dialect.sqlToQuery(sql`
    WITH doc AS (SELECT id, client_id, first_mail_id, content, content_type, page_estimate FROM ${documents} WHERE id = ${documentId}::uuid)
    SELECT doc.content, doc.content_type, doc.page_estimate, usage.*
    FROM doc, LATERAL (
      SELECT coalesce(sum(${pages}) FILTER (WHERE d.first_mail_id = doc.first_mail_id), 0) AS mail_pages,
             coalesce(sum(${ocrPages}) FILTER (WHERE d.first_mail_id = doc.first_mail_id), 0) AS mail_ocr,
             coalesce(sum(${pages}) FILTER (WHERE ${recent}), 0) AS client_pages,
             coalesce(sum(${ocrPages}) FILTER (WHERE ${recent}), 0) AS client_ocr
      FROM ${documents} d LEFT JOIN extracted_fields ef ON ef.document_id = d.id
      WHERE d.client_id = doc.client_id AND d.id <> doc.id
        AND (d.first_mail_id = doc.first_mail_id OR d.updated_at >= ${since.toISOString()}::timestamptz)) usage`);

  // Three round trips, on one connection. The lock is taken in a statement of its own: the figures
  // must be read with a snapshot taken after it, or a claim committed while this one waited would
  // go unseen. BEGIN and the lock travel together, and so do the reservation and COMMIT (a simple
  // query of several statements, hence the values inlined above, checked for their shape): the lock
  // is held for one round trip and a query, not for four.
  // synchronous_commit off for this transaction only: what it commits is the reservation, and a
  // reservation lost in a PostgreSQL crash costs nothing — the document is still `received`, its
  // job is redelivered and claims again. (Readings and assessments are committed as usual.)
  const client = await poolOf(db).connect();
  let broken: Error | undefined;
  try {
    const begun = (await client.query(`BEGIN; SET LOCAL synchronous_commit = off;
      SELECT status, CASE WHEN status = 'received' THEN pg_advisory_xact_lock(hashtextextended('boete-read-budget:' || client_id::text, 0)) IS NULL END AS locked
      FROM documents WHERE id = '${documentId}'`)) as unknown as pg.QueryResult<{ status: DocumentStatus }>[];
    const status = begun[2]?.rows[0]?.status;
    if (status !== 'received') {
      await client.query('COMMIT');
      return status ? { status } : null;
    }
    const { rows } = await client.query<{
      content: Buffer;
      content_type: string;
      page_estimate: number | null;
      mail_pages: string;
      mail_ocr: string;
      client_pages: string;
      client_ocr: string;
    }>({ name: statementName(usageQuery.sql), text: usageQuery.sql, values: usageQuery.params });
    const r = rows[0];
    if (!r) {
      await client.query('COMMIT');
      return null;
    }
    const usage = {
      mailPages: Number(r.mail_pages),
      mailOcrPages: Number(r.mail_ocr),
      clientPages: Number(r.client_pages),
      clientOcrPages: Number(r.client_ocr),
    };
    const refusal = refuseRead({ type: typeOfMime(r.content_type), pageEstimate: r.page_estimate }, usage, limits);
    await client.query(refusal ? 'COMMIT' : `UPDATE documents SET read_started_at = '${at}', updated_at = '${at}' WHERE id = '${documentId}'; COMMIT`);
    return { status: 'received', content: r.content, refusal };
  } catch (error) {
    // Destroyed, not reused: its transaction may still be open (PostgreSQL rolls it back on close).
    broken = error instanceof Error ? error : new Error(String(error));
    throw toSafeError(error, { fromDatabase: true });
  } finally {
    client.release(broken);
  }
}
