// Documents through reading: the file to read, and the stored result of reading it.
import { and, eq } from 'drizzle-orm';
import { documents, extractedFields } from '../../db/schema.js';
import { DECISIVE_FIELDS } from '../domain/decision-inputs.js';
import { referenceKey } from '../domain/duplicates.js';
import { isConfident } from '../reading/fields.js';
import type { ReadResult } from '../reading/read-result.js';
import { recordAudit } from './audit.js';
import type { Database } from './database.js';

export async function loadDocumentToRead(db: Database, documentId: string) {
  const [doc] = await db
    .select({ id: documents.id, status: documents.status, content: documents.content })
    .from(documents)
    .where(eq(documents.id, documentId));
  return doc ?? null;
}

/**
 * Stores what reading found and moves the document from `received` to `read`, once: a concurrent
 * or repeated delivery of the same job finds the claim taken and writes nothing. Returns whether
 * this call stored it.
 */
export async function saveReading(db: Database, documentId: string, result: ReadResult, now: Date): Promise<boolean> {
  const f = result.status === 'read' ? result.fields : null;
  const row = {
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
  return db.transaction(async (tx) => {
    const claimed = await tx
      .update(documents)
      .set({ status: 'read', updatedAt: now })
      .where(and(eq(documents.id, documentId), eq(documents.status, 'received')))
      .returning({ id: documents.id });
    if (claimed.length === 0) return false;
    await tx.insert(extractedFields).values(row).onConflictDoUpdate({ target: extractedFields.documentId, set: row });
    await recordAudit(tx, {
      actor: 'system',
      action: 'document.read',
      entity: 'document',
      entityId: documentId,
      // Which fields were read, not their values: a plate or a reference is personal data (src/db/audit.ts).
      after: { readStatus: row.readStatus, cause: row.unreadableCause, kind: row.kind, fieldsRead: DECISIVE_FIELDS.filter((k) => f?.[k]) },
    });
    return true;
  });
}
