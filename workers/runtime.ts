// The two ways of running: `run --once` (poll every mailbox once, drain the queues, report, exit)
// and `worker` (schedulers and workers until SIGTERM). The CLI receives these through `runCli`, so
// that nothing in src/ imports the handlers.
import type { AppContext } from '../src/app-context.js';
import { asPostgresUnavailable } from '../src/db/database.js';
import {
  databaseNow,
  decisionsSince,
  listMailboxConnections,
  listMailboxes,
  mailsTakenInSince,
  serverActionsFailed,
  unfinishedDocuments,
} from '../src/db/run-report-store.js';
import { ServiceUnavailableError } from '../src/errors.js';
import type { PollSummary } from '../src/imap/mailbox-poller.js';
import { MailboxWatchers } from '../src/imap/mailbox-watch.js';
import { assessDocumentJob, evaluateAlertsJob, pollMailboxJob, readDocumentJob, schedulePollsJob, sweepOutboxJob } from '../src/queue/job-contracts.js';
import { checkRedis } from '../src/queue/redis-connection.js';
import { WorkerRunner, type JobOutcome } from '../src/queue/worker-runner.js';
import type { MailboxRun, RunReport } from '../src/run-report.js';
import { WORKERS } from './registry.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** `run --once` runs every job but the poll scheduler's tick, which only `worker` needs. */
const DRAIN_WORKERS = WORKERS.filter((w) => w.name !== schedulePollsJob.name);
const DRAIN_QUEUES = DRAIN_WORKERS.map((w) => w.name);

export async function waitUntilIdle(ctx: AppContext, pollMs = 150): Promise<void> {
  // Idle twice in a row: a job that just finished may be about to enqueue its successor.
  let idleChecks = 0;
  while (idleChecks < 2) {
    idleChecks = (await ctx.queues.outstanding(DRAIN_QUEUES)) === 0 ? idleChecks + 1 : 0;
    await sleep(pollMs);
  }
}

/** Runs every job in-process until the queues are empty, then stops the workers. */
export async function drainQueues(ctx: AppContext, options: { onOutcome?: (o: JobOutcome) => void } = {}): Promise<void> {
  const runner = new WorkerRunner(ctx, options);
  runner.start(DRAIN_WORKERS);
  let redisGone = false;
  try {
    await waitUntilIdle(ctx);
  } catch (error) {
    redisGone = error instanceof ServiceUnavailableError;
    throw error;
  } finally {
    // With Redis gone, running jobs could not be marked finished: do not wait for them.
    await runner.close(redisGone);
  }
}

/** The database, or one line naming PostgreSQL when it cannot be reached. */
async function withPostgres<T>(ctx: AppContext, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw asPostgresUnavailable(ctx.config.databaseUrl, error);
  }
}

export async function runOnce(ctx: AppContext): Promise<RunReport> {
  // The reading threads load while the services are checked and the mailboxes polled.
  ctx.parsePool().warmUp();
  // Both services first: a service that is down is one line at once, not a silent wait.
  await checkRedis(ctx.config.redisUrl);
  const startedAt = await withPostgres(ctx, () => databaseNow(ctx.db));
  const boxes = await withPostgres(ctx, () => listMailboxes(ctx.db));
  await ctx.queues.removeLegacyPollSchedulers();

  const outcomes: JobOutcome[] = [];
  await ctx.queues.enqueue(sweepOutboxJob, { olderThanSeconds: 0 });
  // Alerts due by the clock (approaching, breached, reminders, digests) and those left unsent before.
  await ctx.queues.enqueue(evaluateAlertsJob, {});
  for (const box of boxes) await ctx.queues.enqueue(pollMailboxJob, { mailboxId: box.id });
  await drainQueues(ctx, { onOutcome: (o) => outcomes.push(o) });
  return withPostgres(ctx, () => buildReport(ctx, startedAt, boxes, outcomes));
}

/** "mailbox acme: login refused" → "login refused": the report's line names the mailbox already. */
const withoutMailboxName = (message: string, name: string) => message.replace(`mailbox ${name}: `, '');

async function buildReport(ctx: AppContext, startedAt: Date, boxes: { id: string; name: string }[], outcomes: JobOutcome[]): Promise<RunReport> {
  const [taken, notMarked, decisions, unfinishedRows] = await Promise.all([
    mailsTakenInSince(ctx.db, startedAt),
    serverActionsFailed(ctx.db),
    decisionsSince(ctx.db, startedAt),
    unfinishedDocuments(ctx.db),
  ]);
  const lastOutcome = (job: string, match: (data: Record<string, unknown>) => boolean) =>
    outcomes.filter((o) => o.job === job && match(o.data as Record<string, unknown>)).at(-1);

  const mailboxes: MailboxRun[] = boxes.map((box) => {
    const outcome = lastOutcome(pollMailboxJob.name, (d) => d.mailboxId === box.id);
    const problems: string[] = [];
    let polled = false;
    if (!outcome) problems.push('not polled (its poll did not finish)');
    else if (!outcome.ok) problems.push(`poll failed: ${withoutMailboxName(outcome.error, box.name)}`);
    else if ((outcome.result as PollSummary | undefined)?.skipped === 'locked') problems.push('not polled: another process was polling it');
    else polled = true;
    const failedActions = notMarked.get(box.id) ?? 0;
    if (failedActions > 0) {
      const why = outcome?.ok ? (outcome.result as PollSummary | undefined)?.serverActionError : undefined;
      problems.push(`${failedActions} mail(s) stored but not marked on the server${why ? ` (${why})` : ''}; tried again on the next poll`);
    }
    return { name: box.name, polled, mailsTakenIn: taken.get(box.id) ?? 0, problems };
  });

  // A read job carries several documents (documentIds), an assess job one (documentId).
  const documentsOf = (data: unknown) => {
    const d = data as { documentId?: string; documentIds?: string[] };
    return d.documentIds ?? (d.documentId ? [d.documentId] : []);
  };
  const documentError = (documentId: string) => {
    const o = outcomes.filter((x) => (x.job === readDocumentJob.name || x.job === assessDocumentJob.name) && documentsOf(x.data).includes(documentId)).at(-1);
    return o && !o.ok ? o.error : null;
  };
  const unfinished = unfinishedRows.map((d) => ({ ...d, error: documentError(d.id) }));
  const unfinishedIds = new Set(unfinished.map((d) => d.id));
  const otherFailures = outcomes
    .filter((o): o is JobOutcome & { ok: false } => !o.ok && o.job !== pollMailboxJob.name)
    .filter((o) => !documentsOf(o.data).some((id) => unfinishedIds.has(id)))
    // A job that failed and then succeeded on a later enqueue in the same run is not a failure.
    .filter((o) => {
      const last = outcomes.filter((x) => x.job === o.job && JSON.stringify(x.data) === JSON.stringify(o.data)).at(-1);
      return last === o;
    })
    .map((o) => `${o.job} ${JSON.stringify(o.data)} failed: ${o.error}`);

  const ok = mailboxes.every((m) => m.polled && m.problems.length === 0) && unfinished.length === 0 && otherFailures.length === 0;
  return { ok, mailboxes, decisions, unfinished, otherFailures };
}

export async function runWorker(ctx: AppContext, signal: AbortSignal): Promise<void> {
  ctx.parsePool().warmUp();
  await checkRedis(ctx.config.redisUrl);
  await withPostgres(ctx, () => databaseNow(ctx.db));
  const removed = await ctx.queues.removeLegacyPollSchedulers();
  if (removed > 0) ctx.log.info({ removed }, 'removed per-mailbox poll schedulers of an earlier version');

  const runner = new WorkerRunner(ctx);
  runner.start(WORKERS);
  await ensureSchedulers(ctx, true);
  // IDLE per mailbox: a new mail queues that mailbox's poll within a second; the poll scheduler
  // stays the safety net (src/imap/mailbox-watch.ts).
  const watchers = new MailboxWatchers({
    log: ctx.log,
    connectTimeoutMs: ctx.config.imapConnectTimeoutMs,
    trigger: (mailboxId) => ctx.queues.enqueue(pollMailboxJob, { mailboxId }),
  });
  const syncWatchers = () =>
    listMailboxConnections(ctx.db)
      .then((boxes) => watchers.sync(boxes))
      .catch((error: unknown) => ctx.log.warn({ err: (error as Error).message }, 'could not list the mailboxes to watch with IDLE; trying again'));
  await syncWatchers();
  // Schedulers live in Redis: a Redis restarted without its data has none, and the worker would
  // sit idle. Checked again every poll interval (at most every 30 s) and put back when missing;
  // a mailbox added or changed by `setup import` gets its IDLE connection at the same moment.
  const reconcile = setInterval(() => {
    ensureSchedulers(ctx, false).catch((error: unknown) => ctx.log.warn({ err: (error as Error).message }, 'could not check the job schedulers; trying again'));
    void syncWatchers();
  }, Math.min(30_000, ctx.config.pollIntervalMs));
  ctx.log.info({ pollIntervalMs: ctx.config.pollIntervalMs, idleMailboxes: watchers.size }, 'worker started');
  await new Promise<void>((resolve) => {
    if (signal.aborted) resolve();
    signal.addEventListener('abort', () => resolve(), { once: true });
  });
  clearInterval(reconcile);
  ctx.log.info('stopping: closing IDLE connections, finishing running jobs');
  // IDLE first: it only queues polls, and nothing should queue work while the workers stop.
  await watchers.close();
  await stopGracefully(ctx, runner);
  ctx.log.info('stopped');
}

/**
 * One scheduler for every mailbox, shared by all worker processes: each tick queues a poll per
 * mailbox found in the database at that moment (a mailbox added by `setup import` included).
 * Finished ticks are removed (per-mailbox schedulers used to keep ~1,440 jobs per mailbox a day).
 */
async function ensureSchedulers(ctx: AppContext, always: boolean): Promise<void> {
  const history = { removeOnComplete: true, removeOnFail: { count: 100 } };
  const schedulers = [
    { queue: schedulePollsJob.name, id: 'schedule-polls', every: ctx.config.pollIntervalMs, data: {} },
    { queue: sweepOutboxJob.name, id: 'sweep-outbox', every: 5 * 60_000, data: { olderThanSeconds: 120 } },
    { queue: evaluateAlertsJob.name, id: 'evaluate-alerts', every: ctx.config.alerts.intervalMs, data: {} },
  ];
  for (const s of schedulers) {
    const queue = ctx.queues.queue(s.queue);
    if (!always && (await ctx.queues.redis(() => queue.getJobScheduler(s.id)))) continue;
    if (!always) ctx.log.warn({ scheduler: s.id }, 'job scheduler missing (Redis lost its data?); putting it back');
    await ctx.queues.redis(() => queue.upsertJobScheduler(s.id, { every: s.every }, { name: s.queue, data: s.data, opts: { attempts: 1, ...history } }));
  }
}

/**
 * Lets running jobs finish — unless Redis is gone: then they could never be marked finished, and
 * waiting for them would ignore the SIGTERM. Their locks expire and another worker redoes them.
 */
async function stopGracefully(ctx: AppContext, runner: WorkerRunner): Promise<void> {
  let closed = false;
  const closing = runner.close().finally(() => (closed = true));
  const watchRedis = (async () => {
    for (;;) {
      try {
        await checkRedis(ctx.config.redisUrl, 1_000);
      } catch (error) {
        if (closed) return;
        ctx.log.warn({ err: (error as Error).message }, 'Redis is not reachable: stopping without waiting for running jobs');
        await runner.close(true);
        return;
      }
      if (closed) return;
      await sleep(1_000);
    }
  })();
  await Promise.race([closing, watchRedis]);
}

/** What the CLI needs from the worker side (src/ never imports workers/: bin/boete.mjs hands it over). */
export const runtime = { runOnce, runWorker, drainQueues };
