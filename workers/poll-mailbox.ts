// poll-mailbox: one IMAP mailbox → stored mails and documents → read jobs.
import { z } from 'zod';
import { pollMailbox } from '../src/imap/mailbox-poller.js';
import { defineJob } from '../src/queue/job-definition.js';
import { readDocumentJob } from './read-document.js';

export const pollMailboxJob = defineJob({
  name: 'poll-mailbox',
  schema: z.object({ mailboxId: z.uuid() }),
  attempts: 3,
  concurrency: () => 4,
  jobId: (p) => `poll-${p.mailboxId}`,
  handler: async ({ mailboxId }, ctx) =>
    pollMailbox(ctx, mailboxId, async (documentIds) => {
      for (const documentId of documentIds) await ctx.queues.enqueue(readDocumentJob, { documentId });
    }),
});
