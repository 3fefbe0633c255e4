// read-document: file → fields (in the parse pool, off the event loop) → stored → assessed, in one
// job: the first assessment runs here rather than in a job of its own (one queue hop less per
// document). assess-document stays for re-assessments.
import { assessWithAlerts } from '../src/assess-document.js';
import { saveReading } from '../src/db/document-store.js';
import { takeDocumentToRead } from '../src/db/read-budget-store.js';
import { readDocumentJob } from '../src/queue/job-contracts.js';
import { defineJob } from '../src/queue/job-definition.js';

export const readDocumentWorker = defineJob(readDocumentJob, {
  // Reading is done in the parse pool's threads; more jobs than threads keep them busy while others
  // wait on PostgreSQL (claim, save, assess: a few round trips each).
  concurrency: (ctx) => ctx.config.parseThreads * 4,
  handler: async ({ documentId }, ctx) => {
    // Within its mail's and client's read budget (src/reading/read-budget.ts), or recorded as refused.
    const doc = await takeDocumentToRead(ctx.db, documentId, ctx.config.readLimits, ctx.now());
    if (!doc) return { skipped: 'unknown document' };
    if (doc.status !== 'received') {
      // Read before (a redelivered job, or one that stopped after storing the reading): assess it
      // if that is still to do; an assessed document needs nothing.
      if (doc.status === 'read') await assessWithAlerts(ctx, documentId);
      return { skipped: doc.status };
    }
    const result = doc.refusal ?? (await ctx.parsePool().read(doc.content));
    await saveReading(ctx.db, documentId, result, ctx.now(), ctx.config.readLimits.maxPagesPerDocument);
    const { result: assessed } = await assessWithAlerts(ctx, documentId);
    return { status: result.status, ...('outcome' in assessed ? { decision: assessed.outcome.decision } : {}) };
  },
});
