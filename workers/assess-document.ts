// assess-document: load facts → domain assess() → store in one transaction (src/assess-document.ts,
// shared with the web server's operator actions).
import { assessDocument } from '../src/assess-document.js';
import { assessDocumentJob } from '../src/queue/job-contracts.js';
import { defineJob } from '../src/queue/job-definition.js';

export const assessDocumentWorker = defineJob(assessDocumentJob, {
  concurrency: () => 4,
  handler: async ({ documentId, asDuplicate }, ctx) => {
    const result = await assessDocument(ctx, documentId, { asDuplicate });
    if ('skipped' in result) return result;
    return { decision: result.outcome.decision, reasons: result.outcome.reviewReasons };
  },
});
