// Consumer side: a BullMQ worker per job definition. Every payload is validated first; permanent
// errors end the job at once (UnrecoverableError), everything else is retried with backoff.
import { UnrecoverableError, Worker } from 'bullmq';
import type { AppContext } from '../app-context.js';
import { errorMessage, isRetryable, PermanentError } from '../errors.js';
import type { JobDefinition } from './job-definition.js';
import { workerConnection } from './redis-connection.js';

/** How a job ended for good: done, or failed with no attempt left (what `run --once` reports). */
export type JobOutcome = { job: string; data: unknown } & ({ ok: true; result: unknown } | { ok: false; error: string; permanent: boolean });

export type WorkerRunnerOptions = { onOutcome?: (outcome: JobOutcome) => void };

export class WorkerRunner {
  private readonly workers: Worker[] = [];

  constructor(
    private readonly ctx: AppContext,
    private readonly options: WorkerRunnerOptions = {},
  ) {}

  start(definitions: readonly JobDefinition[]): void {
    const { ctx } = this;
    const report = (outcome: JobOutcome) => this.options.onOutcome?.(outcome);
    for (const definition of definitions) {
      const log = ctx.log.child({ job: definition.name });
      const worker = new Worker(
        definition.name,
        async (job) => {
          const parsed = definition.schema.safeParse(job.data);
          if (!parsed.success) {
            log.error({ jobId: job.id, issues: parsed.error.issues }, 'invalid job payload');
            report({ job: definition.name, data: job.data, ok: false, error: 'invalid payload', permanent: true });
            throw new UnrecoverableError(`invalid payload: ${parsed.error.message}`);
          }
          try {
            const result = await definition.handler(parsed.data, ctx);
            report({ job: definition.name, data: parsed.data, ok: true, result });
            return result;
          } catch (error) {
            const attempt = job.attemptsMade + 1;
            if (error instanceof PermanentError) {
              log.error({ jobId: job.id, err: error, attempt }, 'job failed permanently');
              report({ job: definition.name, data: parsed.data, ok: false, error: error.message, permanent: true });
              throw new UnrecoverableError(error.message);
            }
            const last = attempt >= (job.opts.attempts ?? 1);
            const next = last ? 'no attempts left' : 'will retry';
            if (isRetryable(error)) log.warn({ jobId: job.id, err: errorMessage(error), attempt }, `job failed; ${next}`);
            // Not classified where it happened: treated as transient, logged in full so it gets classified.
            else log.error({ jobId: job.id, err: error, attempt }, `job failed with an unclassified error; ${next}`);
            if (last) report({ job: definition.name, data: parsed.data, ok: false, error: errorMessage(error), permanent: false });
            throw error;
          }
        },
        {
          connection: workerConnection(ctx.config.redisUrl),
          prefix: ctx.config.queuePrefix,
          concurrency: definition.concurrency(ctx),
          // A job whose worker died (kill -9) is handed to another worker after its lock expires.
          lockDuration: ctx.config.jobLockMs,
          stalledInterval: Math.max(1000, Math.floor(ctx.config.jobLockMs / 2)),
          maxStalledCount: 3,
        },
      );
      worker.on('error', (error) => log.error({ err: errorMessage(error) }, 'worker error'));
      this.workers.push(worker);
    }
  }

  /**
   * Graceful: stop taking jobs, let running ones finish, then disconnect. `force` does not wait for
   * running jobs (used when Redis is gone: they could not be marked finished anyway; their locks
   * expire and another worker redoes them, every step being idempotent).
   */
  async close(force = false): Promise<void> {
    const closing = Promise.allSettled(this.workers.map((w) => w.close(force)));
    if (!force) {
      await closing;
      return;
    }
    await Promise.race([closing, new Promise((r) => setTimeout(r, 3_000).unref())]);
  }
}
