// The queries behind the outbox sweep: documents whose next step has no job (a crash between a
// commit and its enqueue, a job that failed for good while a service was down), and documents
// waiting for client information that has arrived since they were assessed.
import { and, eq, inArray, lt, sql } from 'drizzle-orm';
import { assessments, clients, contracts, documents, extractedFields } from '../../db/schema.js';
import type { Executor } from './database.js';

/** Documents not yet `assessed` that have not moved since `cutoff`: their next step is re-queued. */
export async function findStuckDocuments(db: Executor, cutoff: Date): Promise<{ id: string; status: string }[]> {
  return db
    .select({ id: documents.id, status: documents.status })
    .from(documents)
    .where(and(inArray(documents.status, ['received', 'read']), lt(documents.updatedAt, cutoff)));
}

/**
 * Reviews waiting for client information whose facts changed after their assessment: a contract
 * for the document's plate, or the client's default policy, received after the assessment. The
 * import that brought the information queues them too, but that one enqueue may not survive
 * (Redis down, a crash): this makes re-assessment not depend on it. A re-assessment stamps a newer
 * `assessed_at`, so each change is picked up once.
 */
export async function findWaitingWithNewerFacts(db: Executor): Promise<string[]> {
  const rows = await db
    .select({ id: documents.id })
    .from(documents)
    .innerJoin(assessments, eq(assessments.documentId, documents.id))
    .innerJoin(clients, eq(clients.id, documents.clientId))
    .leftJoin(extractedFields, eq(extractedFields.documentId, documents.id))
    .where(
      and(
        eq(assessments.decision, 'review'),
        eq(assessments.waitingForClient, true),
        sql`(
          ${clients.defaultFinePolicyUpdatedAt} > ${assessments.assessedAt}
          OR EXISTS (
            SELECT 1 FROM ${contracts}
            WHERE ${contracts.clientId} = ${documents.clientId}
              AND ${contracts.plate} = ${extractedFields.plate}
              AND ${contracts.receivedAt} > ${assessments.assessedAt}
          )
        )`,
      ),
    );
  return rows.map((r) => r.id);
}
