// Producer side: one BullMQ queue per job definition, payloads validated before they leave.
import { Queue, type JobsOptions } from 'bullmq';
import type { z } from 'zod';
import { JOB_CONTRACTS, type JobContract } from './job-contracts.js';
import { redisConnection } from './redis-connection.js';

const DEFAULT_OPTIONS: JobsOptions = {
  backoff: { type: 'exponential', delay: 2_000 },
  // A completed job is removed so the same work can be enqueued again later (a re-assessment);
  // failed jobs are kept a week for operators to inspect and retry.
  removeOnComplete: true,
  removeOnFail: { age: 7 * 24 * 3600 },
};

export class JobQueues {
  private readonly queues = new Map<string, Queue>();

  constructor(
    private readonly redisUrl: string,
    readonly prefix: string,
  ) {}

  queue(name: string): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      if (!JOB_CONTRACTS.some((d) => d.name === name)) throw new Error(`unknown job: ${name}`);
      queue = new Queue(name, { connection: redisConnection(this.redisUrl), prefix: this.prefix });
      queue.on('error', () => undefined); // reconnects on its own; callers see failures on add()
      this.queues.set(name, queue);
    }
    return queue;
  }

  async enqueue<S extends z.ZodType>(definition: JobContract<S>, payload: z.input<S>, options: JobsOptions = {}): Promise<void> {
    const data = definition.schema.parse(payload);
    await this.queue(definition.name).add(definition.name, data, {
      ...DEFAULT_OPTIONS,
      attempts: definition.attempts,
      jobId: definition.jobId(data),
      ...options,
    });
  }

  /** Jobs still to run in every queue (scheduler placeholders for future polls are not work). */
  async outstanding(): Promise<number> {
    let total = 0;
    for (const definition of JOB_CONTRACTS) {
      const queue = this.queue(definition.name);
      const { delayed, ...running } = await queue.getJobCounts('waiting', 'active', 'prioritized', 'waiting-children', 'delayed');
      total += Object.values(running).reduce((a, b) => a + b, 0);
      // Delayed jobs are retries (work) or scheduler placeholders (not work): only look when there are some.
      if (delayed) total += (await queue.getDelayed()).filter((job) => !job.repeatJobKey).length;
    }
    return total;
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close()));
  }
}
