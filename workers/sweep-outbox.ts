// sweep-outbox: the recovery half of the outbox. Re-queues the next step of every document that has
// none running: left in `received`/`read` by a crash between a commit and its enqueue, or by jobs
// that failed for good while a service was down; and reviews waiting for client information that
// arrived after their assessment; and decisions without their outputs. Each enqueue is a new job unless the same work is already queued
// or running (job-contracts.ts), so sweeping work that is pending is harmless, and work that failed
// before runs again.
import { findStuckDocuments, findWaitingWithNewerFacts } from '../src/db/outbox-store.js';
import { findDecidedWithoutOutputs } from '../src/db/output-store.js';
import { assessDocumentJob, generateOutputsJob, readBatches, readDocumentJob, sweepOutboxJob } from '../src/queue/job-contracts.js';
import { defineJob } from '../src/queue/job-definition.js';

export const sweepOutboxWorker = defineJob(sweepOutboxJob, {
  concurrency: () => 1,
  handler: async ({ olderThanSeconds }, ctx) => {
    const cutoff = new Date(ctx.now().getTime() - olderThanSeconds * 1000);
    const stuck = await findStuckDocuments(ctx.db, cutoff);
    await ctx.queues.enqueueMany(readDocumentJob, readBatches(stuck.filter((d) => d.status === 'received').map((d) => d.id)));
    for (const d of stuck) if (d.status !== 'received') await ctx.queues.enqueue(assessDocumentJob, { documentId: d.id });
    const waiting = await findWaitingWithNewerFacts(ctx.db);
    for (const documentId of waiting) await ctx.queues.enqueue(assessDocumentJob, { documentId });
    // Decisions whose outputs were never stored (the enqueue lost in a crash, the job failed for good).
    const withoutOutputs = await findDecidedWithoutOutputs(ctx.db, cutoff);
    for (const documentId of withoutOutputs) await ctx.queues.enqueue(generateOutputsJob, { documentId });
    return { requeued: stuck.length, reassessed: waiting.length, outputs: withoutOutputs.length };
  },
});
