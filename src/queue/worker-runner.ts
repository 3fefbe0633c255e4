// Consumer side: a BullMQ worker per job definition. Every payload is validated first; permanent
// errors end the job at once (UnrecoverableError), everything else is retried with backoff.
import { UnrecoverableError, Worker } from 'bullmq';
import type { AppContext } from '../app-context.js';
import { errorMessage, isRetryable, PermanentError } from '../errors.js';
import type { JobDefinition } from './job-definition.js';
import { redisConnection } from './redis-connection.js';

export class WorkerRunner {
  private readonly workers: Worker[] = [];

  constructor(private readonly ctx: AppContext) {}

  start(definitions: readonly JobDefinition[]): void {
    const { ctx } = this;
    for (const definition of definitions) {
      const log = ctx.log.child({ job: definition.name });
      const worker = new Worker(
        definition.name,
        async (job) => {
          const parsed = definition.schema.safeParse(job.data);
          if (!parsed.success) {
            log.error({ jobId: job.id, issues: parsed.error.issues }, 'invalid job payload');
            throw new UnrecoverableError(`invalid payload: ${parsed.error.message}`);
          }
          try {
            return await definition.handler(parsed.data, ctx);
          } catch (error) {
            const attempt = job.attemptsMade + 1;
            if (error instanceof PermanentError) {
              log.error({ jobId: job.id, err: error, attempt }, 'job failed permanently');
              throw new UnrecoverableError(error.message);
            }
            const next = attempt < (job.opts.attempts ?? 1) ? 'will retry' : 'no attempts left';
            if (isRetryable(error)) log.warn({ jobId: job.id, err: errorMessage(error), attempt }, `job failed; ${next}`);
            // Not classified where it happened: treated as transient, logged in full so it gets classified.
            else log.error({ jobId: job.id, err: error, attempt }, `job failed with an unclassified error; ${next}`);
            throw error;
          }
        },
        {
          connection: redisConnection(ctx.config.redisUrl),
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

  /** Graceful: stop taking jobs, let running ones finish, then disconnect. */
  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.close()));
  }
}
