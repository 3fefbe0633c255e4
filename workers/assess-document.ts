// assess-document: load facts → domain assess() → store in one transaction (src/assess-document.ts,
// shared with the web server's operator actions).
import { assessDocument } from '../src/assess-document.js';
import { evaluateAlerts } from '../src/notify/evaluate-alerts.js';
import { assessDocumentJob } from '../src/queue/job-contracts.js';
import { defineJob } from '../src/queue/job-definition.js';

export const assessDocumentWorker = defineJob(assessDocumentJob, {
  concurrency: () => 4,
  handler: async ({ documentId, asDuplicate }, ctx) => {
    const result = await assessDocument(ctx, documentId, { asDuplicate });
    if ('skipped' in result && (result.skipped === 'unknown document' || result.skipped === 'not read yet')) return result;
    // The document's own alerts at once (information needed, late delivery, …), recorded before the
    // job completes: a crash here redelivers the job, and recording twice is a no-op.
    const alerts = await evaluateAlerts(ctx, { documentId });
    if ('skipped' in result) return { ...result, alerts };
    return { decision: result.outcome.decision, reasons: result.outcome.reviewReasons, alerts };
  },
});
