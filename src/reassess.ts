// When client information arrives (contracts, a default policy), documents waiting for it are
// assessed again. This enqueue is the fast path; the outbox sweep finds the same documents by
// their facts (src/db/outbox-store.ts), so a Redis that is down here delays re-assessment, never
// loses it.
import { and, eq, inArray } from 'drizzle-orm';
import { assessments, documents } from '../db/schema.js';
import type { AppContext } from './app-context.js';
import { ServiceUnavailableError } from './errors.js';
import { assessDocumentJob } from './queue/job-contracts.js';

export async function reassessWaitingDocuments(ctx: AppContext, clientIds: readonly string[]): Promise<number> {
  if (clientIds.length === 0) return 0;
  const waiting = await ctx.db
    .select({ id: documents.id })
    .from(documents)
    .innerJoin(assessments, eq(assessments.documentId, documents.id))
    .where(and(inArray(documents.clientId, [...clientIds]), eq(assessments.decision, 'review'), eq(assessments.waitingForClient, true)));
  try {
    for (const d of waiting) await ctx.queues.enqueue(assessDocumentJob, { documentId: d.id });
  } catch (error) {
    if (!(error instanceof ServiceUnavailableError)) throw error;
    throw new ServiceUnavailableError(
      `${error.message}; the import is saved, and the ${waiting.length} document(s) waiting for it will be re-assessed by the next \`boete run --once\` or worker`,
      { cause: error },
    );
  }
  return waiting.length;
}
