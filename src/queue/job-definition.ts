// A job's handler side: its contract (src/queue/job-contracts.ts), how many run at once, and the
// handler. workers/registry.ts lists them all; only processes that run workers import them.
import type { z } from 'zod';
import type { AppContext } from '../app-context.js';
import type { JobContract } from './job-contracts.js';

export type JobDefinition<Schema extends z.ZodType = z.ZodType> = JobContract<Schema> & {
  concurrency: (ctx: AppContext) => number;
  // Method syntax on purpose: a list of handlers of different payloads is one JobDefinition[].
  handler(payload: z.infer<Schema>, ctx: AppContext): Promise<unknown>;
};

export function defineJob<Schema extends z.ZodType>(
  contract: JobContract<Schema>,
  worker: Pick<JobDefinition<Schema>, 'concurrency' | 'handler'>,
): JobDefinition<Schema> {
  return { ...contract, ...worker };
}
