// send-alert: one recorded alert through SMTP (src/notify/send-alert.ts). A 5xx reply is recorded
// as failed; anything else is retried by BullMQ with backoff, the alert staying pending meanwhile.
import { sendAlert } from '../src/notify/send-alert.js';
import { sendAlertJob } from '../src/queue/job-contracts.js';
import { defineJob } from '../src/queue/job-definition.js';

export const sendAlertWorker = defineJob(sendAlertJob, {
  concurrency: () => 4,
  handler: async ({ alertId }, ctx) => sendAlert(ctx, alertId),
});
