// Assessing one document: load its facts, find an earlier copy of the same fine, call the domain's
// assess() and store the outcome. The read-document worker (a document's first assessment, right
// after reading it), the assess-document worker (re-assessments, redelivered jobs) and the web
// server (after an operator's action) all run this, so a rule has one implementation whoever applies it.
import type { AppContext } from './app-context.js';
import { findEarlierSameFine, findLaterSameFineDecided, laterSameFineRead, loadAssessmentFacts, saveAssessment, type AssessmentFacts, type SavedAssessment } from './db/assessment-store.js';
import type { Executor } from './db/database.js';
import { assess, type Assessment } from './domain/assessment.js';
import type { AlertSettings } from './domain/due-alerts.js';
import { alertSettings, alertsOfAssessment, evaluateAlerts, queueRecordedAlerts, type EvaluateSummary } from './notify/evaluate-alerts.js';
import { assessDocumentJob, generateOutputsJob } from './queue/job-contracts.js';

export type AssessOptions = {
  /** Set when an earlier copy of the same fine turned up after this document was decided. */
  asDuplicate?: boolean;
  /** Who caused this assessment (the audit's actor). */
  actor?: string;
  /** An operator acted on the document: assess it even when it is no longer in review. */
  byOperator?: boolean;
  /** Record the document's due alerts with the assessment (in its statement), judged with these settings. */
  alerts?: AlertSettings;
  /** Its facts, loaded already with others' (a read job's batch): not loaded again. Null: the document does not exist. */
  facts?: AssessmentFacts | null;
};

export type AssessResult =
  | { outcome: Assessment; stored: boolean; laterCopies: string[]; alerts: SavedAssessment['alerts'] }
  | { skipped: string };

/** Assesses and stores, inside `db` (a transaction when the caller holds one). Enqueues nothing. */
export async function assessAndStore(db: Executor, now: Date, documentId: string, options: AssessOptions = {}): Promise<AssessResult> {
  const facts = options.facts !== undefined ? options.facts : await loadAssessmentFacts(db, documentId);
  if (!facts) return { skipped: 'unknown document' };
  if (facts.status === 'received') return { skipped: 'not read yet' };
  const duplicateOf = findEarlierSameFine(facts);
  // A decided document stays decided; open reviews are re-assessed when information arrives, and a
  // decided one is reconsidered only to become the duplicate of an earlier copy of its fine.
  const reopen =
    options.byOperator || !facts.currentDecision || facts.currentDecision === 'review' || (options.asDuplicate && duplicateOf !== null);
  if (!reopen || (facts.currentDecision === 'duplicate' && !options.byOperator)) return { skipped: `already ${facts.currentDecision}` };
  const outcome = assess({
    document: facts.document,
    contracts: facts.contracts,
    client: facts.client,
    duplicateOf,
    resolution: facts.resolution,
    now,
  });
  const alerts = options.alerts ? alertsOfAssessment(facts, outcome, now, options.alerts) : [];
  const saved = await saveAssessment(db, facts, outcome, now, options.actor, alerts);
  // "First" is by receipt, not by job order: copies received later but decided before this
  // document was read must become its duplicates (none can be unless one had been read already).
  const laterCopies = duplicateOf === null && laterSameFineRead(facts) ? await findLaterSameFineDecided(db, facts) : [];
  return { outcome, stored: saved.stored, laterCopies, alerts: saved.alerts };
}

/** A decision that produces documents for people (a case pack, a renter's notice). */
export const producesOutputs = (decision: string | undefined) => decision === 'redirect' || decision === 'recharge';

/**
 * The jobs that follow a stored assessment, after its commit: later copies of the same fine go back
 * as duplicates; a redirect or recharge gets its outputs drawn. Lost enqueues are found again by the
 * outbox sweep (findDecidedWithoutOutputs), so this is the fast path, not the guarantee.
 */
export async function enqueueFollowUps(ctx: AppContext, documentId: string, result: AssessResult): Promise<void> {
  if (!('outcome' in result)) return;
  for (const later of result.laterCopies) await ctx.queues.enqueue(assessDocumentJob, { documentId: later, asDuplicate: true });
  if (result.stored && producesOutputs(result.outcome.decision)) await ctx.queues.enqueue(generateOutputsJob, { documentId });
}

/** The worker's path: assess, store, then queue what follows (duplicates, outputs). */
export async function assessDocument(ctx: AppContext, documentId: string, options: AssessOptions = {}): Promise<AssessResult> {
  const result = await assessAndStore(ctx.db, ctx.now(), documentId, options);
  await enqueueFollowUps(ctx, documentId, result);
  return result;
}

/**
 * The workers' path (read-document for a first assessment, assess-document for the others):
 * assess and store with the document's own alerts (information needed, late delivery, …), then
 * queue what follows. The alerts are recorded before the job completes — in the assessment's own
 * statement when it stored one, else evaluated from what is stored — so a crash redelivers the job,
 * and recording twice is a no-op.
 */
export async function assessWithAlerts(
  ctx: AppContext,
  documentId: string,
  options: Omit<AssessOptions, 'alerts'> = {},
): Promise<{ result: AssessResult; alerts?: EvaluateSummary }> {
  const result = await assessDocument(ctx, documentId, { ...options, alerts: alertSettings(ctx) });
  if ('skipped' in result && (result.skipped === 'unknown document' || result.skipped === 'not read yet')) return { result };
  const alerts = 'outcome' in result && result.stored ? await queueRecordedAlerts(ctx, result.alerts) : await evaluateAlerts(ctx, { documentId });
  return { result, alerts };
}
