// Producer side: one BullMQ queue per job contract, payloads validated before they leave, every
// call bounded so that a Redis that is down is an error naming it instead of a silent wait.
import { randomBytes } from 'node:crypto';
import { Queue, type JobsOptions } from 'bullmq';
import type { z } from 'zod';
import { JOB_CONTRACTS, pollMailboxJob, type JobContract } from './job-contracts.js';
import { checkRedis, producerConnection, withRedisTimeout } from './redis-connection.js';

const DEFAULT_OPTIONS: JobsOptions = {
  backoff: { type: 'exponential', delay: 2_000 },
  // Every enqueue is a job of its own (see job-contracts.ts), so finished jobs are history, not
  // guards: completed ones are dropped, failed ones kept a week for operators to inspect.
  removeOnComplete: true,
  removeOnFail: { age: 7 * 24 * 3600 },
};

/** A job id of its own for every enqueue; the key stays readable in it for logs and operators. */
const runId = (key: string) => `${key}-${Date.now().toString(36)}${randomBytes(4).toString('hex')}`;

export class JobQueues {
  private readonly queues = new Map<string, Queue>();
  /** One quick PING before the first call: a Redis that is down is reported at once, not after a timeout. */
  private reachable: Promise<void> | undefined;

  constructor(
    private readonly redisUrl: string,
    readonly prefix: string,
  ) {}

  queue(name: string): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      if (!JOB_CONTRACTS.some((d) => d.name === name)) throw new Error(`unknown job: ${name}`);
      queue = new Queue(name, { connection: producerConnection(this.redisUrl), prefix: this.prefix });
      queue.on('error', () => undefined); // reconnects on its own; callers see failures on add()
      this.queues.set(name, queue);
    }
    return queue;
  }

  /** Bounds a call on Redis: a Redis that does not answer is a ServiceUnavailableError naming it. */
  async redis<T>(call: () => Promise<T>): Promise<T> {
    this.reachable ??= checkRedis(this.redisUrl).catch((error: unknown) => {
      this.reachable = undefined; // checked again next time: Redis may be back
      throw error;
    });
    await this.reachable;
    return withRedisTimeout(this.redisUrl, call());
  }

  /**
   * Queues the work of a payload: a new job unless the same work (same key) is already waiting or
   * running. Work that failed before runs again.
   */
  async enqueue<S extends z.ZodType>(definition: JobContract<S>, payload: z.input<S>, options: JobsOptions = {}): Promise<void> {
    const data = definition.schema.parse(payload);
    await this.redis(() => this.queue(definition.name).add(definition.name, data, this.jobOptions(definition, data, options)));
  }

  /** `enqueue` for many payloads of one job in one round trip (addBulk); the same deduplication per key. */
  async enqueueMany<S extends z.ZodType>(definition: JobContract<S>, payloads: readonly z.input<S>[]): Promise<void> {
    if (payloads.length === 0) return;
    const jobs = payloads.map((payload) => {
      const data = definition.schema.parse(payload);
      return { name: definition.name, data, opts: this.jobOptions(definition, data, {}) };
    });
    for (let i = 0; i < jobs.length; i += 500) {
      const chunk = jobs.slice(i, i + 500);
      await this.redis(() => this.queue(definition.name).addBulk(chunk));
    }
  }

  private jobOptions<S extends z.ZodType>(definition: JobContract<S>, data: z.infer<S>, options: JobsOptions): JobsOptions {
    const key = definition.key(data);
    return {
      ...DEFAULT_OPTIONS,
      attempts: definition.attempts,
      jobId: runId(key),
      deduplication: { id: key, ...(definition.rerunIfAddedWhileRunning ? { keepLastIfActive: true } : {}) },
      ...options,
    };
  }

  /** Jobs still to run in the named queues (scheduler placeholders for future runs are not work). */
  async outstanding(names: readonly string[] = JOB_CONTRACTS.map((c) => c.name)): Promise<number> {
    let total = 0;
    for (const name of names) {
      const queue = this.queue(name);
      const { delayed, ...running } = await this.redis(() => queue.getJobCounts('waiting', 'active', 'prioritized', 'waiting-children', 'delayed'));
      total += Object.values(running).reduce((a, b) => a + b, 0);
      // Delayed jobs are retries (work) or scheduler placeholders (not work): only look when there are some.
      if (delayed) total += (await this.redis(() => queue.getDelayed())).filter((job) => !job.repeatJobKey).length;
    }
    return total;
  }

  /**
   * Removes the per-mailbox poll schedulers that earlier versions created in every `worker`: left
   * behind by a stopped worker, each would poll its mailbox again while `run --once` runs. Polls
   * are scheduled by one `schedule-polls` scheduler now.
   */
  async removeLegacyPollSchedulers(): Promise<number> {
    const queue = this.queue(pollMailboxJob.name);
    const schedulers = await this.redis(() => queue.getJobSchedulers());
    for (const s of schedulers) await this.redis(() => queue.removeJobScheduler(s.key));
    // Polls those schedulers already produced and nobody took yet would run as well.
    const produced = (await this.redis(() => queue.getJobs(['waiting', 'delayed', 'prioritized']))).filter((job) => job?.repeatJobKey);
    for (const job of produced) await this.redis(() => job.remove()).catch(() => undefined);
    return schedulers.length;
  }

  async close(): Promise<void> {
    // Producers hold nothing to flush (every add was awaited), so their connections are dropped, not
    // QUIT: a QUIT against a Redis that is gone fails, BullMQ then detaches its listeners while
    // ioredis keeps reconnecting, and every attempt prints "[ioredis] Unhandled error event".
    // A Redis that is down must not keep the process from ending either: at most 3 s.
    const closing = Promise.allSettled([...this.queues.values()].map((q) => q.disconnect()));
    await Promise.race([closing, new Promise((r) => setTimeout(r, 3_000).unref())]);
  }
}
