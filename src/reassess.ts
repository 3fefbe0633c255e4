// When client information arrives (contracts, a default policy), documents waiting for it are
// assessed again. This enqueue is the fast path; the outbox sweep finds the same documents by
// their facts (src/db/outbox-store.ts), so a Redis that is down here delays re-assessment, never
// loses it.
import type { AppContext } from './app-context.js';
import { ServiceUnavailableError } from './errors.js';
import { assessDocument } from './assess-document.js';
import { findWaitingForClient } from './db/assessment-store.js';
import { assessDocumentJob } from './queue/job-contracts.js';

export async function reassessWaitingDocuments(ctx: AppContext, clientIds: readonly string[]): Promise<number> {
  if (clientIds.length === 0) return 0;
  const waiting = await findWaitingForClient(ctx.db, clientIds);
  try {
    for (const documentId of waiting) await ctx.queues.enqueue(assessDocumentJob, { documentId });
  } catch (error) {
    if (!(error instanceof ServiceUnavailableError)) throw error;
    throw new ServiceUnavailableError(
      `${error.message}; the import is saved, and the ${waiting.length} document(s) waiting for it will be re-assessed by the next \`boete run --once\` or worker`,
      { cause: error },
    );
  }
  return waiting.length;
}

/** In one request, at most this many documents are re-assessed before answering; the rest go to the worker. */
export const REASSESS_IN_REQUEST = 200;

/**
 * The portal's path, when a client user has just delivered information and waits for the answer:
 * the documents are re-assessed right away through assessDocument (the worker's own function, so no
 * rule exists twice) and the caller learns how many were decided. Beyond REASSESS_IN_REQUEST they
 * are enqueued instead (the worker decides them a moment later).
 */
export async function reassessNow(ctx: AppContext, documentIds: readonly string[], actor: string): Promise<{ reassessed: number; decided: number; queued: number }> {
  let decided = 0;
  const now = documentIds.slice(0, REASSESS_IN_REQUEST);
  for (const documentId of now) {
    const result = await assessDocument(ctx, documentId, { actor });
    if ('outcome' in result && result.outcome.decision !== 'review') decided += 1;
  }
  const later = documentIds.slice(REASSESS_IN_REQUEST);
  for (const documentId of later) await ctx.queues.enqueue(assessDocumentJob, { documentId });
  return { reassessed: now.length, decided, queued: later.length };
}
