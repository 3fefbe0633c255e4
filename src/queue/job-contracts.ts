// The jobs the system runs, as contracts: a job's name (also its queue), the zod schema of its
// payload, how often it is tried, and its stable job id. Producers (workers, the CLI, the web server)
// enqueue through these without importing the handlers, which live in workers/ (see registry.ts).
import { z } from 'zod';

export type JobContract<Schema extends z.ZodType = z.ZodType> = {
  name: string;
  schema: Schema;
  /** Attempts for retryable failures (network, locks); permanent failures are never retried. */
  attempts: number;
  /** Stable job id for a payload: adding the same work twice while it is pending is a no-op. */
  jobId(payload: z.infer<Schema>): string;
};

const contract = <Schema extends z.ZodType>(c: JobContract<Schema>): JobContract<Schema> => c;

/** One IMAP mailbox → stored mails and documents → read jobs. */
export const pollMailboxJob = contract({
  name: 'poll-mailbox',
  schema: z.object({ mailboxId: z.uuid() }),
  attempts: 3,
  jobId: (p) => `poll-${p.mailboxId}`,
});

/** File → fields (in the parse pool, off the event loop) → stored → assess. */
export const readDocumentJob = contract({
  name: 'read-document',
  schema: z.object({ documentId: z.uuid() }),
  attempts: 5,
  jobId: (p) => `read-${p.documentId}`,
});

/** Load facts → domain assess() → store in one transaction. */
export const assessDocumentJob = contract({
  name: 'assess-document',
  schema: z.object({
    documentId: z.uuid(),
    /** Set when an earlier copy of the same fine turned up after this document was decided. */
    asDuplicate: z.boolean().default(false),
  }),
  attempts: 5,
  jobId: (p) => `assess-${p.documentId}${p.asDuplicate ? '-duplicate' : ''}`,
});

/** The recovery half of the outbox: re-queues documents left without a job by a crash. */
export const sweepOutboxJob = contract({
  name: 'sweep-outbox',
  schema: z.object({ olderThanSeconds: z.number().int().nonnegative().default(0) }),
  attempts: 3,
  jobId: () => 'sweep-outbox',
});

export const JOB_CONTRACTS: readonly JobContract[] = [pollMailboxJob, readDocumentJob, assessDocumentJob, sweepOutboxJob];
