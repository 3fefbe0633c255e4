// read-document: file → fields (in the parse pool, off the event loop) → stored → assess.
import { loadDocumentToRead, saveReading } from '../src/db/document-store.js';
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
    const result = await ctx.parsePool().read(doc.content);
    await saveReading(ctx.db, documentId, result, ctx.now());
    await ctx.queues.enqueue(assessDocumentJob, { documentId });
    return { status: result.status };
  },
});
