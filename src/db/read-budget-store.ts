// The figures the read budget needs (src/reading/read-budget.ts), and the claim that reserves a
// document's share of it. One transaction per claim, serialised per client with an advisory lock, so
// documents read side by side each see the others' reservations.
import { eq, sql } from 'drizzle-orm';
import { documents } from '../../db/schema.js';
import { typeOfMime } from '../reading/document-type.js';
import { refuseRead, type ReadLimits } from '../reading/read-budget.js';
import type { Database } from './database.js';

const DAY_MS = 24 * 3600 * 1000;

/**
 * Decides whether a document may be read now. Null: it may, and its estimate is reserved until it
 * is read. Otherwise the unreadable outcome to record instead of reading it.
 */
export async function claimReadBudget(db: Database, documentId: string, limits: ReadLimits, now: Date) {
  return db.transaction(async (tx) => {
    const [doc] = await tx
      .select({ clientId: documents.clientId, firstMailId: documents.firstMailId, contentType: documents.contentType, pageEstimate: documents.pageEstimate })
      .from(documents)
      .where(eq(documents.id, documentId));
    if (!doc) return null;
    await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtextextended(${`boete-read-budget:${doc.clientId}`}, 0))`);
    const since = new Date(now.getTime() - DAY_MS);
    const max = limits.maxPagesPerDocument;
    // A document's charge: pages read (a timeout or out-of-memory counts as the most a document may
    // cost); OCR pages: pages read with OCR or found empty by it. A document being read is charged its
    // estimate for both until it is done.
    const inFlight = sql`(ef.document_id IS NULL AND d.status = 'received' AND d.read_started_at IS NOT NULL)`;
    const estimate = sql`least(greatest(coalesce(d.page_estimate, 1), 1), ${max})`;
    const pages = sql`CASE WHEN ${inFlight} THEN ${estimate}
      WHEN ef.unreadable_cause IN ('timeout', 'too_large') THEN ${max}
      ELSE coalesce(ef.page_count, 0) END`;
    const ocrPages = sql`CASE WHEN ${inFlight} THEN ${estimate}
      WHEN ef.unreadable_cause IN ('timeout', 'too_large') THEN ${max}
      WHEN ef.method = 'ocr' OR ef.unreadable_cause = 'no_text' THEN coalesce(ef.page_count, 0)
      ELSE 0 END`;
    const recent = sql`(coalesce(ef.read_at, d.read_started_at) >= ${since})`;
    const { rows } = await tx.execute<{ mail_pages: string; mail_ocr: string; client_pages: string; client_ocr: string }>(sql`
      SELECT coalesce(sum(${pages}) FILTER (WHERE d.first_mail_id = ${doc.firstMailId}), 0) AS mail_pages,
             coalesce(sum(${ocrPages}) FILTER (WHERE d.first_mail_id = ${doc.firstMailId}), 0) AS mail_ocr,
             coalesce(sum(${pages}) FILTER (WHERE ${recent}), 0) AS client_pages,
             coalesce(sum(${ocrPages}) FILTER (WHERE ${recent}), 0) AS client_ocr
      FROM documents d LEFT JOIN extracted_fields ef ON ef.document_id = d.id
      WHERE d.client_id = ${doc.clientId} AND d.id <> ${documentId}
        AND (d.first_mail_id = ${doc.firstMailId} OR d.updated_at >= ${since})`);
    const r = rows[0];
    const usage = {
      mailPages: Number(r?.mail_pages ?? 0),
      mailOcrPages: Number(r?.mail_ocr ?? 0),
      clientPages: Number(r?.client_pages ?? 0),
      clientOcrPages: Number(r?.client_ocr ?? 0),
    };
    const candidate = { type: typeOfMime(doc.contentType), pageEstimate: doc.pageEstimate };
    const refusal = refuseRead(candidate, usage, limits);
    if (!refusal) await tx.update(documents).set({ readStartedAt: now, updatedAt: now }).where(eq(documents.id, documentId));
    return refusal;
  });
}
