// poll-mailbox: one IMAP mailbox → stored mails and documents → read jobs.
import { pollMailbox } from '../src/imap/mailbox-poller.js';
import { evaluateAlertsJob, pollMailboxJob, readBatches, readDocumentJob } from '../src/queue/job-contracts.js';
import { defineJob } from '../src/queue/job-definition.js';

export const pollMailboxWorker = defineJob(pollMailboxJob, {
  concurrency: () => 4,
  handler: async ({ mailboxId }, ctx) => {
    const summary = await pollMailbox(ctx, mailboxId, (documentIds) => ctx.queues.enqueueMany(readDocumentJob, readBatches(documentIds)));
    // A mail without a document gets its automatic reply now, not at the next alert tick.
    await ctx.queues.enqueue(evaluateAlertsJob, { repliesOnly: true });
    return summary;
  },
});
