// schedule-polls: fired by the one job scheduler `worker` keeps; queues a poll of every mailbox in
// the database. A mailbox added by `setup import` is polled from the next tick on; a poll still
// queued or running for a mailbox makes its new one a no-op.
import { listMailboxes } from '../src/db/run-report-store.js';
import { pollMailboxJob, schedulePollsJob } from '../src/queue/job-contracts.js';
import { defineJob } from '../src/queue/job-definition.js';

export const schedulePollsWorker = defineJob(schedulePollsJob, {
  concurrency: () => 1,
  handler: async (_payload, ctx) => {
    const boxes = await listMailboxes(ctx.db);
    for (const box of boxes) await ctx.queues.enqueue(pollMailboxJob, { mailboxId: box.id });
    return { mailboxes: boxes.length };
  },
});
