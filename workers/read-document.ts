// read-document: files → fields (in the parse pool, off the event loop) → stored → assessed, for a
// few documents per job (READ_BATCH_DOCUMENTS): their read budget is claimed in one transaction and
// BullMQ moves one job for them; they are read side by side and stored in one statement, their facts loaded in one
// query, and each given its first assessment (here rather than in a job of its own: one queue hop
// less per document). assess-document stays for re-assessments.
//
// Each step is idempotent per document, so a job tried again redoes only what is left: a document
// read already is assessed if that is still to do, an assessed one needs nothing.
import type { AppContext } from '../src/app-context.js';
import { assessWithAlerts } from '../src/assess-document.js';
import { loadAssessmentFactsOf } from '../src/db/assessment-store.js';
import { saveReadings, type ReadingToSave } from '../src/db/document-store.js';
import { takeDocumentsToRead, type DocumentToRead } from '../src/db/read-budget-store.js';
import { errorMessage, PermanentError } from '../src/errors.js';
import { readDocumentJob } from '../src/queue/job-contracts.js';
import { defineJob } from '../src/queue/job-definition.js';

type DocumentOutcome = { documentId: string; status?: string; decision?: string; skipped?: string };

export const readDocumentWorker = defineJob(readDocumentJob, {
  // Two batches per parse thread keep the threads busy while documents wait on PostgreSQL (save,
  // assess: a few round trips each) and while a batch is claimed.
  concurrency: (ctx) => ctx.config.parseThreads * 2,
  handler: async ({ documentIds }, ctx) => {
    // Within each mail's and client's read budget (src/reading/read-budget.ts), or recorded as refused.
    const taken = await takeDocumentsToRead(ctx.db, documentIds, ctx.config.readLimits, ctx.now());
    // Read side by side, stored in one statement; then the facts of every document left to assess in
    // one query, and each assessed on its own.
    const read = await readAndStore(ctx, documentIds, taken);
    const toAssess = documentIds.filter((_, i) => read[i]!.status === 'fulfilled' && (read[i] as PromiseFulfilledResult<Stored>).value.assess);
    const facts = await loadAssessmentFactsOf(ctx.db, toAssess);
    const settled = await Promise.all(
      read.map(async (r, i): Promise<PromiseSettledResult<DocumentOutcome>> => {
        const documentId = documentIds[i]!;
        if (r.status === 'rejected') return r;
        if (!r.value.assess) return { status: 'fulfilled', value: r.value.outcome };
        try {
          const { result: assessed } = await assessWithAlerts(ctx, documentId, { facts: facts.get(documentId) ?? null });
          return { status: 'fulfilled', value: { ...r.value.outcome, ...('outcome' in assessed ? { decision: assessed.outcome.decision } : {}) } };
        } catch (reason) {
          return { status: 'rejected', reason };
        }
      }),
    );
    const failures = settled.flatMap((s, i) => (s.status === 'rejected' ? [{ documentId: documentIds[i]!, error: s.reason as unknown }] : []));
    if (failures.length === 0) return { documents: settled.map((s) => (s as PromiseFulfilledResult<DocumentOutcome>).value) };
    for (const f of failures.slice(1)) ctx.log.warn({ documentId: f.documentId, err: errorMessage(f.error) }, 'document of a read job failed');
    // Tried again while any failure may pass (the documents done are skipped then); ended for good
    // only when every failure is permanent.
    const retryable = failures.find((f) => !(f.error instanceof PermanentError));
    if (retryable) throw retryable.error;
    throw failures[0]!.error;
  },
});

type Stored = { outcome: DocumentOutcome; assess: boolean };

/** Each document read (or skipped, or refused by its budget), then every reading stored in one statement. */
async function readAndStore(ctx: AppContext, documentIds: readonly string[], taken: Map<string, DocumentToRead>): Promise<PromiseSettledResult<Stored>[]> {
  const read = await Promise.allSettled(documentIds.map(async (documentId): Promise<Stored | ReadingToSave> => {
    const doc = taken.get(documentId);
    if (!doc) return { outcome: { documentId, skipped: 'unknown document' }, assess: false };
    if (doc.status !== 'received') {
      // Read before (a job tried again, or one that stopped after storing the reading): assess it
      // if that is still to do; an assessed document needs nothing.
      return { outcome: { documentId, skipped: doc.status }, assess: doc.status === 'read' };
    }
    return { documentId, result: doc.refusal ?? (await ctx.parsePool().read(doc.content)) };
  }));
  const readings = read.flatMap((r) => (r.status === 'fulfilled' && 'result' in r.value ? [r.value] : []));
  const failures = await saveAll(ctx, readings);
  return read.map((r): PromiseSettledResult<Stored> => {
    if (r.status === 'rejected' || !('result' in r.value)) return r as PromiseSettledResult<Stored>;
    const { documentId, result } = r.value;
    const error = failures.get(documentId);
    // Stored by this job or by a concurrent delivery: either way it is read, and assessing it is idempotent.
    if (error) return { status: 'rejected', reason: error };
    return { status: 'fulfilled', value: { outcome: { documentId, status: result.status }, assess: true } };
  });
}

/**
 * The readings in one statement. Should it fail, each is stored on its own, so one document the
 * database refuses does not hold back the others (and the job is tried again only for what failed).
 * Returns each failed document's error.
 */
async function saveAll(ctx: AppContext, readings: readonly ReadingToSave[]): Promise<Map<string, unknown>> {
  const max = ctx.config.readLimits.maxPagesPerDocument;
  const failed = new Map<string, unknown>();
  if (readings.length === 0) return failed;
  try {
    await saveReadings(ctx.db, readings, ctx.now(), max);
    return failed;
  } catch (error) {
    if (readings.length === 1) return failed.set(readings[0]!.documentId, error);
    ctx.log.warn({ documents: readings.length, err: errorMessage(error) }, 'readings of a read job not stored together; storing each on its own');
  }
  for (const r of readings) {
    try {
      await saveReadings(ctx.db, [r], ctx.now(), max);
    } catch (error) {
      failed.set(r.documentId, error);
    }
  }
  return failed;
}
