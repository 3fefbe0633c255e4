// When client information arrives (contracts, a default policy), documents waiting for it are
// assessed again.
import { and, eq, inArray } from 'drizzle-orm';
import { assessments, documents } from '../db/schema.js';
import type { AppContext } from './app-context.js';
import { assessDocumentJob } from './queue/job-contracts.js';

export async function reassessWaitingDocuments(ctx: AppContext, clientIds: readonly string[]): Promise<number> {
  if (clientIds.length === 0) return 0;
  const waiting = await ctx.db
    .select({ id: documents.id })
    .from(documents)
    .innerJoin(assessments, eq(assessments.documentId, documents.id))
    .where(and(inArray(documents.clientId, [...clientIds]), eq(assessments.decision, 'review'), eq(assessments.waitingForClient, true)));
  for (const d of waiting) await ctx.queues.enqueue(assessDocumentJob, { documentId: d.id });
  return waiting.length;
}
