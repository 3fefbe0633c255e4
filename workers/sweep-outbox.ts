// sweep-outbox: the recovery half of the outbox. A crash between a database commit and the enqueue
// that follows it leaves a document in `received` or `read` with no job: this finds and re-queues
// them (job ids make a re-queue of work that is still pending a no-op).
import { inArray, lt, and } from 'drizzle-orm';
import { documents } from '../db/schema.js';
import { assessDocumentJob, readDocumentJob, sweepOutboxJob } from '../src/queue/job-contracts.js';
import { defineJob } from '../src/queue/job-definition.js';

export const sweepOutboxWorker = defineJob(sweepOutboxJob, {
  concurrency: () => 1,
  handler: async ({ olderThanSeconds }, ctx) => {
    const cutoff = new Date(ctx.now().getTime() - olderThanSeconds * 1000);
    const stuck = await ctx.db
      .select({ id: documents.id, status: documents.status })
      .from(documents)
      .where(and(inArray(documents.status, ['received', 'read']), lt(documents.updatedAt, cutoff)));
    for (const d of stuck) {
      if (d.status === 'received') await ctx.queues.enqueue(readDocumentJob, { documentId: d.id });
      else await ctx.queues.enqueue(assessDocumentJob, { documentId: d.id });
    }
    return { requeued: stuck.length };
  },
});
