// assess-document: load facts → domain assess() → store in one statement (src/assess-document.ts,
// shared with the read-document worker and the web server's operator actions). A document's first
// assessment runs inside its read-document job; this job is for re-assessments (information
// arrived, an earlier copy turned up) and for documents whose read job stopped after reading.
import { assessWithAlerts } from '../src/assess-document.js';
import { assessDocumentJob } from '../src/queue/job-contracts.js';
import { defineJob } from '../src/queue/job-definition.js';

export const assessDocumentWorker = defineJob(assessDocumentJob, {
  concurrency: () => 4,
  handler: async ({ documentId, asDuplicate }, ctx) => {
    const { result, alerts } = await assessWithAlerts(ctx, documentId, { asDuplicate });
    if (!alerts) return result;
    if ('skipped' in result) return { ...result, alerts };
    return { decision: result.outcome.decision, reasons: result.outcome.reviewReasons, alerts };
  },
});
