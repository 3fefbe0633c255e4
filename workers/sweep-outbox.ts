// sweep-outbox: the recovery half of the outbox. A crash between a database commit and the enqueue
// that follows it leaves a document in `received` or `read` with no job: this finds and re-queues
// them (job ids make a re-queue of work that is still pending a no-op).
import { inArray, lt, and } from 'drizzle-orm';
import { z } from 'zod';
import { documents } from '../db/schema.js';
import { defineJob } from '../src/queue/job-definition.js';
import { assessDocumentJob } from './assess-document.js';
import { readDocumentJob } from './read-document.js';

export const sweepOutboxJob = defineJob({
  name: 'sweep-outbox',
  schema: z.object({ olderThanSeconds: z.number().int().nonnegative().default(0) }),
  attempts: 3,
  concurrency: () => 1,
  jobId: () => 'sweep-outbox',
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
