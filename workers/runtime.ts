// The two ways of running: `run --once` (poll every mailbox once, drain the queues, exit) and
// `worker` (schedulers and workers until SIGTERM). The CLI receives these through `runCli`, so that
// nothing in src/ imports the handlers.
import { mailboxes } from '../db/schema.js';
import type { AppContext } from '../src/app-context.js';
import { pollMailboxJob, sweepOutboxJob } from '../src/queue/job-contracts.js';
import { WorkerRunner } from '../src/queue/worker-runner.js';
import { WORKERS } from './registry.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function waitUntilIdle(ctx: AppContext, pollMs = 150): Promise<void> {
  // Idle twice in a row: a job that just finished may be about to enqueue its successor.
  let idleChecks = 0;
  while (idleChecks < 2) {
    idleChecks = (await ctx.queues.outstanding()) === 0 ? idleChecks + 1 : 0;
    await sleep(pollMs);
  }
}

/** Runs every job in-process until the queues are empty, then stops the workers. */
export async function drainQueues(ctx: AppContext): Promise<void> {
  const runner = new WorkerRunner(ctx);
  runner.start(WORKERS);
  try {
    await waitUntilIdle(ctx);
  } finally {
    await runner.close();
  }
}

export async function runOnce(ctx: AppContext): Promise<void> {
  await ctx.queues.enqueue(sweepOutboxJob, { olderThanSeconds: 0 });
  const boxes = await ctx.db.select({ id: mailboxes.id }).from(mailboxes);
  for (const box of boxes) await ctx.queues.enqueue(pollMailboxJob, { mailboxId: box.id });
  await drainQueues(ctx);
}

export async function runWorker(ctx: AppContext, signal: AbortSignal): Promise<void> {
  const runner = new WorkerRunner(ctx);
  runner.start(WORKERS);
  const pollQueue = ctx.queues.queue(pollMailboxJob.name);
  const boxes = await ctx.db.select({ id: mailboxes.id, name: mailboxes.name }).from(mailboxes);
  // One job scheduler per mailbox: BullMQ keeps a single pending poll per mailbox however many
  // worker processes run; the advisory lock in the poller covers a poll that overruns its interval.
  for (const box of boxes) {
    await pollQueue.upsertJobScheduler(
      `poll-${box.id}`,
      { every: ctx.config.pollIntervalMs },
      { name: pollMailboxJob.name, data: { mailboxId: box.id }, opts: { attempts: pollMailboxJob.attempts } },
    );
  }
  await ctx.queues
    .queue(sweepOutboxJob.name)
    .upsertJobScheduler('sweep-outbox', { every: 5 * 60_000 }, { name: sweepOutboxJob.name, data: { olderThanSeconds: 120 } });
  ctx.log.info({ mailboxes: boxes.length, pollIntervalMs: ctx.config.pollIntervalMs }, 'worker started');
  await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
  ctx.log.info('stopping: finishing running jobs');
  await runner.close();
}

/** What the CLI needs from the worker side (src/ never imports workers/: bin/boete.mjs hands it over). */
export const runtime = { runOnce, runWorker, drainQueues };
