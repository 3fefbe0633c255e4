// evaluate-alerts: records due alerts and queues the immediate ones for send-alert.
import { evaluateAlerts } from '../src/notify/evaluate-alerts.js';
import { evaluateAlertsJob } from '../src/queue/job-contracts.js';
import { defineJob } from '../src/queue/job-definition.js';

export const evaluateAlertsWorker = defineJob(evaluateAlertsJob, {
  concurrency: () => 2,
  handler: async ({ documentId, repliesOnly }, ctx) => evaluateAlerts(ctx, { documentId, repliesOnly }),
});
