// The figures the read budget needs (src/reading/read-budget.ts), and the claim that reserves a
// document's share of it. One transaction per claim, serialised per client with an advisory lock, so
// documents read side by side each see the others' reservations.
//
// A client's last 24 hours come from read_charges, a running figure per client and hour that the
// claim and saveReading (src/db/document-store.ts) keep in their own statements: the full hours of
// the window are summed from it, and only the part of its oldest hour that is inside the window is
// summed from the documents charged then, so the window is exactly 24 hours, as before, and the
// claim no longer reads every document of the last day (at N = 1,000 in one day that was ~1,000
// rows joined per document).
import { param, sql, type SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type pg from 'pg';
import { toSafeError } from '../errors.js';
import { documents, type DocumentStatus } from '../../db/schema.js';
import { typeOfMime } from '../reading/document-type.js';
import { readCharge, refuseRead, type ReadLimits } from '../reading/read-budget.js';
import type { ReadResult } from '../reading/read-result.js';
import { poolOf, type Database } from './database.js';
import { statementName } from './named-statements.js';

const DAY_MS = 24 * 3600 * 1000;
const HOUR_MS = 3600 * 1000;

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
 * Loads a document to read and decides whether it may be read now (takeDocumentsToRead for one).
 * Null when the document does not exist.
 */
export async function takeDocumentToRead(db: Database, documentId: string, limits: ReadLimits, now: Date): Promise<DocumentToRead | null> {
  return (await takeDocumentsToRead(db, [documentId], limits, now)).get(documentId) ?? null;
}

/**
 * Loads documents to read and decides, in one transaction for all of them, which may be read now:
 * each one's status, its file, the pages its mail and its client have used, and — for those that may
 * be read — the reservation of its estimate (read_started_at). They are judged in the order given,
 * each seeing the reservations of the ones before it, as if claimed one after another. Documents
 * that do not exist are absent from the map. A batch costs the round trips one document used to
 * (three), which is what lets a read job take several documents (workers/read-document.ts).
 */
export async function takeDocumentsToRead(db: Database, documentIds: readonly string[], limits: ReadLimits, now: Date): Promise<Map<string, DocumentToRead>> {
  const taken = new Map<string, DocumentToRead>();
  const ids = [...new Set(documentIds)];
  if (ids.length === 0) return taken;
  const at = now.toISOString();
  if (!ids.every((id) => UUID.test(id)) || !INSTANT.test(at)) throw new Error('takeDocumentsToRead: not a document id or an instant');
  const since = new Date(now.getTime() - DAY_MS);
  const max = limits.maxPagesPerDocument;
  // A document's charge: pages read (a timeout or out-of-memory counts as the most a document may
  // cost); OCR pages: pages read with OCR or found empty by it. A document being read is charged its
  // estimate for both until it is done.
  const c = chargeSql(max);
  // The window's oldest hour that read_charges may count whole: the first full hour after `since`.
  const firstFullHourMs = Math.ceil(since.getTime() / HOUR_MS) * HOUR_MS;
  const firstFullHour = sql`${new Date(firstFullHourMs).toISOString()}::timestamptz`;
  const sinceAt = sql`${since.toISOString()}::timestamptz`;
  const usageQuery = dialect.sqlToQuery(sql`
    WITH doc AS (SELECT id, status, client_id, first_mail_id, content, content_type, page_estimate, read_started_at FROM ${documents} WHERE id = ANY(${param(ids)}::uuid[]))
    SELECT doc.id, doc.status, doc.first_mail_id, CASE WHEN doc.status = 'received' THEN doc.content END AS content, doc.content_type, doc.page_estimate, mail.*, hours.*, edge.*, own.*
    FROM doc,
    -- The subqueries behind OFFSET 0 are planned on their own, each through its index: in a database
    -- whose statistics lag behind (a backlog taken in within minutes) the planner otherwise walks
    -- every document of the client and looks each one up, which is what this statement is to avoid.
    LATERAL (
      SELECT coalesce(sum(${c.pages}), 0) AS mail_pages, coalesce(sum(${c.ocrPages}), 0) AS mail_ocr
      FROM (SELECT * FROM ${documents} WHERE first_mail_id = doc.first_mail_id OFFSET 0) d
      LEFT JOIN extracted_fields ef ON ef.document_id = d.id
      WHERE d.client_id = doc.client_id AND d.id <> doc.id) mail,
    LATERAL (
      SELECT coalesce(sum(pages), 0) AS hours_pages, coalesce(sum(ocr_pages), 0) AS hours_ocr
      FROM read_charges WHERE client_id = doc.client_id AND hour >= ${firstFullHour}) hours,
    LATERAL (
      SELECT coalesce(sum(${c.pages}), 0) AS edge_pages, coalesce(sum(${c.ocrPages}), 0) AS edge_ocr
      FROM ((SELECT document_id AS id FROM extracted_fields WHERE read_at >= ${sinceAt} AND read_at < ${firstFullHour} OFFSET 0)
            UNION
            (SELECT id FROM ${documents} WHERE client_id = doc.client_id AND read_started_at >= ${sinceAt} AND read_started_at < ${firstFullHour} OFFSET 0)) edge
      CROSS JOIN LATERAL (SELECT * FROM ${documents} WHERE id = edge.id OFFSET 0) d LEFT JOIN extracted_fields ef ON ef.document_id = d.id
      WHERE d.client_id = doc.client_id AND d.id <> doc.id AND ${c.at} >= ${sinceAt} AND ${c.at} < ${firstFullHour}) edge,
    -- This document's own charge (its reservation, for a claim taken again): in read_charges too.
    LATERAL (
      SELECT d.client_id AS own_client, ${c.at} AS own_at, ${c.pages} AS own_pages, ${c.ocrPages} AS own_ocr
      FROM ${documents} d LEFT JOIN extracted_fields ef ON ef.document_id = d.id
      WHERE d.id = doc.id) own`);

  // Three round trips, on one connection. The locks are taken in a statement of their own: the
  // figures must be read with a snapshot taken after them, or a claim committed while this one
  // waited would go unseen. BEGIN and the locks travel together, and so do the reservations and
  // COMMIT (a simple query of several statements, hence the values inlined, checked for their
  // shape): the locks are held for one round trip and a query, not for four. Several clients' locks
  // are taken in the order of their ids, so two claims never wait for each other in a circle.
  // synchronous_commit off for this transaction only: what it commits is the reservations, and a
  // reservation lost in a PostgreSQL crash costs nothing — the document is still `received`, its
  // job is redelivered and claims again. (Readings and assessments are committed as usual.)
  const idList = ids.map((id) => `'${id}'`).join(', ');
  const client = await poolOf(db).connect();
  let broken: Error | undefined;
  try {
    await client.query(`BEGIN; SET LOCAL synchronous_commit = off;
      SELECT pg_advisory_xact_lock(hashtextextended('boete-read-budget:' || c::text, 0)) IS NULL AS locked
      FROM (SELECT DISTINCT client_id AS c FROM documents WHERE id IN (${idList}) AND status = 'received' ORDER BY 1) clients`);
    const { rows } = await client.query<{
      id: string;
      status: DocumentStatus;
      first_mail_id: string;
      content: Buffer | null;
      content_type: string;
      page_estimate: number | null;
      mail_pages: string;
      mail_ocr: string;
      hours_pages: string;
      hours_ocr: string;
      edge_pages: string;
      edge_ocr: string;
      own_client: string;
      own_at: Date | null;
      own_pages: number;
      own_ocr: number;
    }>({ name: statementName(usageQuery.sql), text: usageQuery.sql, values: usageQuery.params });
    const byId = new Map(rows.map((r) => [r.id, r]));
    // What the documents judged before in this batch added to their mail's and client's figures:
    // their reservation, less what they were charged already (a claim taken again).
    const addedToMail = new Map<string, { pages: number; ocrPages: number }>();
    const addedToClient = new Map<string, { pages: number; ocrPages: number }>();
    const add = (m: Map<string, { pages: number; ocrPages: number }>, key: string, pages: number, ocrPages: number) => {
      const v = m.get(key) ?? { pages: 0, ocrPages: 0 };
      m.set(key, { pages: v.pages + pages, ocrPages: v.ocrPages + ocrPages });
    };
    const zero = { pages: 0, ocrPages: 0 };
    // read_charges moves, per client and hour; and the documents reserved.
    const moves = new Map<string, Map<number, { pages: number; ocrPages: number }>>();
    const reserved: string[] = [];
    for (const id of ids) {
      const r = byId.get(id);
      if (!r) continue;
      if (r.status !== 'received' || r.content === null) {
        taken.set(id, { status: r.status as Exclude<DocumentStatus, 'received'> });
        continue;
      }
      const clientId = r.own_client;
      if (!UUID.test(clientId)) throw new Error('takeDocumentsToRead: not a client id');
      // Its own charge is not counted against it: taken out when read_charges holds it (its hour is
      // one the window counts whole); the oldest hour's part leaves it out already.
      const ownCounted = r.own_at !== null && r.own_at.getTime() >= firstFullHourMs;
      const mailAdded = addedToMail.get(r.first_mail_id) ?? zero;
      const clientAdded = addedToClient.get(clientId) ?? zero;
      const usage = {
        mailPages: Number(r.mail_pages) + mailAdded.pages,
        mailOcrPages: Number(r.mail_ocr) + mailAdded.ocrPages,
        clientPages: Number(r.hours_pages) + Number(r.edge_pages) - (ownCounted ? r.own_pages : 0) + clientAdded.pages,
        clientOcrPages: Number(r.hours_ocr) + Number(r.edge_ocr) - (ownCounted ? r.own_ocr : 0) + clientAdded.ocrPages,
      };
      const refusal = refuseRead({ type: typeOfMime(r.content_type), pageEstimate: r.page_estimate }, usage, limits);
      taken.set(id, { status: 'received', content: r.content, refusal });
      if (refusal) continue;
      // The reservation moves the document's charge in read_charges to its estimate at this hour
      // (from what it was charged before: an earlier reservation, for a claim taken again).
      const estimate = readCharge({ type: null, pageEstimate: r.page_estimate }, limits);
      const inWindow = r.own_at !== null && r.own_at.getTime() >= since.getTime();
      add(addedToMail, r.first_mail_id, estimate - (r.own_at !== null ? r.own_pages : 0), estimate - (r.own_at !== null ? r.own_ocr : 0));
      add(addedToClient, clientId, estimate - (inWindow ? r.own_pages : 0), estimate - (inWindow ? r.own_ocr : 0));
      const hours = moves.get(clientId) ?? new Map<number, { pages: number; ocrPages: number }>();
      moves.set(clientId, hours);
      const move = (hour: number, pages: number, ocrPages: number) => {
        const m = hours.get(hour) ?? { pages: 0, ocrPages: 0 };
        hours.set(hour, { pages: m.pages + pages, ocrPages: m.ocrPages + ocrPages });
      };
      if (r.own_at !== null) move(hourOf(r.own_at.getTime()), -r.own_pages, -r.own_ocr);
      move(hourOf(now.getTime()), estimate, estimate);
      reserved.push(id);
    }
    if (reserved.length === 0) {
      await client.query('COMMIT');
      return taken;
    }
    // Rows two days old are dropped. Rows are touched oldest hour first, as saveReading does, so the
    // two never deadlock. Plain values (a simple query is parsed and planned every time).
    const clients = [...moves.keys()].sort();
    const rowsSql = clients.flatMap((clientId) =>
      [...moves.get(clientId)!].sort(([a], [b]) => a - b).map(([hour, m]) => `('${clientId}'::uuid, '${new Date(hour).toISOString()}'::timestamptz, ${Math.trunc(m.pages)}, ${Math.trunc(m.ocrPages)})`),
    );
    const twoDaysAgo = new Date(now.getTime() - 2 * DAY_MS).toISOString();
    await client.query(`DELETE FROM read_charges WHERE client_id IN (${clients.map((id) => `'${id}'`).join(', ')}) AND hour < '${twoDaysAgo}';
        INSERT INTO read_charges (client_id, hour, pages, ocr_pages) VALUES ${rowsSql.join(', ')}
        ON CONFLICT (client_id, hour) DO UPDATE SET pages = read_charges.pages + excluded.pages, ocr_pages = read_charges.ocr_pages + excluded.ocr_pages;
        UPDATE documents SET read_started_at = '${at}', updated_at = '${at}' WHERE id IN (${reserved.map((id) => `'${id}'`).join(', ')}); COMMIT`);
    return taken;
  } catch (error) {
    // Destroyed, not reused: its transaction may still be open (PostgreSQL rolls it back on close).
    broken = error instanceof Error ? error : new Error(String(error));
    throw toSafeError(error, { fromDatabase: true });
  } finally {
    client.release(broken);
  }
}

/** The hour (UTC, whatever the session's time zone) an instant's charge is kept under in read_charges. */
const hourOf = (ms: number) => Math.floor(ms / HOUR_MS) * HOUR_MS;
/** The same in SQL (saveReading). */
export const hourSql = (instant: SQL) => sql`to_timestamp(floor(extract(epoch FROM ${instant}) / 3600) * 3600)`;

/**
 * What a document `d` (with its reading `ef`, LEFT JOINed) is charged, and when: pages read (a
 * timeout or out-of-memory counts as the most a document may cost); OCR pages: pages read with OCR or
 * found empty by it. A document being read is charged its estimate for both, at its reservation,
 * until it is done. No time (null) for a document neither reserved nor read: it is charged nothing.
 */
export function chargeSql(maxPagesPerDocument: number) {
  const max = sql.raw(String(Math.trunc(maxPagesPerDocument)));
  const inFlight = sql`(ef.document_id IS NULL AND d.status = 'received' AND d.read_started_at IS NOT NULL)`;
  const estimate = sql`least(greatest(coalesce(d.page_estimate, 1), 1), ${max})`;
  return {
    at: sql`coalesce(ef.read_at, d.read_started_at)`,
    pages: sql`CASE WHEN ${inFlight} THEN ${estimate}
      WHEN ef.unreadable_cause IN ('timeout', 'too_large') THEN ${max}
      ELSE coalesce(ef.page_count, 0) END`,
    ocrPages: sql`CASE WHEN ${inFlight} THEN ${estimate}
      WHEN ef.unreadable_cause IN ('timeout', 'too_large') THEN ${max}
      WHEN ef.method = 'ocr' OR ef.unreadable_cause = 'no_text' THEN coalesce(ef.page_count, 0)
      ELSE 0 END`,
  };
}
