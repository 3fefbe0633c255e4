// The jobs the system runs, as contracts: a job's name (also its queue), the zod schema of its
// payload, how often it is tried, and the key of the work it does. Producers (workers, the CLI, the
// web server) enqueue through these without importing the handlers, which live in workers/ (see
// registry.ts).
//
// A key names the work, not one run of it. Every enqueue makes a new job (its own id), and BullMQ's
// deduplication on the key keeps at most one pending or running job per key: adding work that is
// already queued or running is a no-op, and adding it after it finished — or failed for good — runs
// it again. (Fixed job ids did the first half only: a failed job was kept a week under its id, and
// re-adding that id was a no-op for the whole week.)
import { createHash } from 'node:crypto';
import { z } from 'zod';

export type JobContract<Schema extends z.ZodType = z.ZodType> = {
  name: string;
  schema: Schema;
  /** Attempts for retryable failures (network, locks); permanent failures are never retried. */
  attempts: number;
  /** The work a payload stands for: at most one pending or running job per key. */
  key(payload: z.infer<Schema>): string;
  /**
   * When the same work is added while a job for it is running: false → nothing (the running job
   * does it); true → run once more after it (the facts it loaded may be stale by then).
   */
  rerunIfAddedWhileRunning: boolean;
};

const contract = <Schema extends z.ZodType>(c: JobContract<Schema>): JobContract<Schema> => c;

/** One IMAP mailbox → stored mails and documents → read jobs. */
export const pollMailboxJob = contract({
  name: 'poll-mailbox',
  schema: z.object({ mailboxId: z.uuid() }),
  attempts: 3,
  key: (p) => `poll-${p.mailboxId}`,
  // A mail announced by IDLE while a poll runs may have arrived after that poll's FETCH: poll once
  // more after it, or the mail would wait for the next tick (the advisory lock keeps them apart).
  rerunIfAddedWhileRunning: true,
});

/**
 * Documents read together: at most this many per read job. A job claims its documents' read budget
 * in one transaction and BullMQ moves one job, not one per document; a small batch keeps a job short
 * (a batch of scans is a few seconds of OCR per document) and one stuck document's job small.
 */
export const READ_BATCH_DOCUMENTS = 10;

const readPayload = z.object({ documentIds: z.array(z.uuid()).min(1).max(READ_BATCH_DOCUMENTS) });

/** File → fields (in the parse pool, off the event loop) → stored → assess, for a few documents at a time. */
export const readDocumentJob = contract({
  name: 'read-document',
  // A job queued by an earlier version carries one `documentId`: read as a batch of one.
  schema: z.union([readPayload, z.object({ documentId: z.uuid() }).transform((p) => ({ documentIds: [p.documentId] }))]),
  attempts: 5,
  // One document's key stays readable; a batch's names exactly its documents (dedup must not skip a
  // batch that merely starts with the same document).
  key: (p) =>
    p.documentIds.length === 1 ? `read-${p.documentIds[0]}` : `read-${createHash('sha256').update(p.documentIds.join(',')).digest('hex').slice(0, 24)}`,
  rerunIfAddedWhileRunning: false,
});

/** The read jobs for these documents, in their order, READ_BATCH_DOCUMENTS to a job. */
export function readBatches(documentIds: readonly string[]): { documentIds: string[] }[] {
  const jobs: { documentIds: string[] }[] = [];
  for (let i = 0; i < documentIds.length; i += READ_BATCH_DOCUMENTS) jobs.push({ documentIds: documentIds.slice(i, i + READ_BATCH_DOCUMENTS) });
  return jobs;
}

/** Load facts → domain assess() → store in one transaction. */
export const assessDocumentJob = contract({
  name: 'assess-document',
  schema: z.object({
    documentId: z.uuid(),
    /** Set when an earlier copy of the same fine turned up after this document was decided. */
    asDuplicate: z.boolean().default(false),
  }),
  attempts: 5,
  key: (p) => `assess-${p.documentId}${p.asDuplicate ? '-duplicate' : ''}`,
  // A contract imported while the assessment runs may have been loaded too late: assess again.
  rerunIfAddedWhileRunning: true,
});

/** The recovery half of the outbox: re-queues documents left without a job by a crash or a failure. */
export const sweepOutboxJob = contract({
  name: 'sweep-outbox',
  schema: z.object({ olderThanSeconds: z.number().int().nonnegative().default(0) }),
  attempts: 3,
  key: () => 'sweep-outbox',
  rerunIfAddedWhileRunning: false,
});

/**
 * `worker` only, from one job scheduler: every poll interval, a poll for every mailbox in the
 * database — so a mailbox added with `setup import` is polled without a restart, and however many
 * workers run there is one scheduler, not one per mailbox and process.
 */
export const schedulePollsJob = contract({
  name: 'schedule-polls',
  schema: z.object({}),
  attempts: 1,
  key: () => 'schedule-polls',
  rerunIfAddedWhileRunning: false,
});

/**
 * Records the alerts that are due (src/notify/evaluate-alerts.ts): one document's after its
 * assessment, the automatic replies after a poll, or everything (a `worker` scheduler, `run --once`).
 */
export const evaluateAlertsJob = contract({
  name: 'evaluate-alerts',
  schema: z.object({ documentId: z.uuid().optional(), repliesOnly: z.boolean().default(false) }),
  attempts: 5,
  key: (p) => `alerts-${p.documentId ?? (p.repliesOnly ? 'replies' : 'all')}`,
  // Facts may change while it runs (a contract arrives): evaluate again after it.
  rerunIfAddedWhileRunning: true,
});

/** Sends one recorded alert through SMTP; attempts cover an SMTP server down for a few minutes (2 s … 4 min backoff). */
export const sendAlertJob = contract({
  name: 'send-alert',
  schema: z.object({ alertId: z.uuid() }),
  attempts: 8,
  key: (p) => `alert-${p.alertId}`,
  rerunIfAddedWhileRunning: false,
});

/**
 * Draws and stores a decision's outputs (src/generate-outputs.ts): a redirect's case pack, a
 * recharge's notice. Queued after every decision; stored once per document and kind, so a
 * redelivery or a second enqueue finds the stored rows and does nothing.
 */
export const generateOutputsJob = contract({
  name: 'generate-outputs',
  schema: z.object({ documentId: z.uuid() }),
  attempts: 5,
  key: (p) => `outputs-${p.documentId}`,
  rerunIfAddedWhileRunning: false,
});

export const JOB_CONTRACTS: readonly JobContract[] = [
  pollMailboxJob, readDocumentJob, assessDocumentJob, sweepOutboxJob, schedulePollsJob, evaluateAlertsJob, sendAlertJob, generateOutputsJob,
];
