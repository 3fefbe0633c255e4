// read-document: file → fields (in the parse pool, off the event loop) → stored → assess.
import { loadDocumentToRead, saveReading } from '../src/db/document-store.js';
import { claimReadBudget } from '../src/db/read-budget-store.js';
import { assessDocumentJob, readDocumentJob } from '../src/queue/job-contracts.js';
import { defineJob } from '../src/queue/job-definition.js';

export const readDocumentWorker = defineJob(readDocumentJob, {
  concurrency: (ctx) => ctx.config.parseThreads * 2,
  handler: async ({ documentId }, ctx) => {
    const doc = await loadDocumentToRead(ctx.db, documentId);
    if (!doc) return { skipped: 'unknown document' };
    if (doc.status !== 'received') {
      // Read before (a redelivered job): make sure the next step is queued, do nothing else.
      if (doc.status === 'read') await ctx.queues.enqueue(assessDocumentJob, { documentId });
      return { skipped: doc.status };
    }
    // Within its mail's and client's read budget (src/reading/read-budget.ts), or recorded as refused.
    const refused = await claimReadBudget(ctx.db, documentId, ctx.config.readLimits, ctx.now());
    const result = refused ?? (await ctx.parsePool().read(doc.content));
    await saveReading(ctx.db, documentId, result, ctx.now());
    await ctx.queues.enqueue(assessDocumentJob, { documentId });
    return { status: result.status };
  },
});
