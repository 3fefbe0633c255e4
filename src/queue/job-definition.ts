// One job, one definition: its name (also its queue), the zod schema of its payload, how often it
// is retried, how many run at once, and its handler. workers/registry.ts lists them all.
import type { z } from 'zod';
import type { AppContext } from '../app-context.js';

export type JobDefinition<Schema extends z.ZodType = z.ZodType> = {
  name: string;
  schema: Schema;
  /** Attempts for retryable failures (network, locks); permanent failures are never retried. */
  attempts: number;
  concurrency: (ctx: AppContext) => number;
  /** Stable job id for a payload: adding the same work twice while it is pending is a no-op. */
  jobId: (payload: z.infer<Schema>) => string;
  handler: (payload: z.infer<Schema>, ctx: AppContext) => Promise<unknown>;
};

export function defineJob<Schema extends z.ZodType>(definition: JobDefinition<Schema>): JobDefinition<Schema> {
  return definition;
}
