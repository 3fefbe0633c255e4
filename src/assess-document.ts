// Assessing one document: load its facts, find an earlier copy of the same fine, call the domain's
// assess() and store the outcome. The assess-document worker and the web server (after an operator's
// action) both run this, so a rule has one implementation whoever applies it.
import type { AppContext } from './app-context.js';
import { findEarlierSameFine, findLaterSameFineDecided, loadAssessmentFacts, saveAssessment } from './db/assessment-store.js';
import type { Executor } from './db/database.js';
import { assess, type Assessment } from './domain/assessment.js';
import { assessDocumentJob, generateOutputsJob } from './queue/job-contracts.js';

export type AssessOptions = {
  /** Set when an earlier copy of the same fine turned up after this document was decided. */
  asDuplicate?: boolean;
  /** Who caused this assessment (the audit's actor). */
  actor?: string;
  /** An operator acted on the document: assess it even when it is no longer in review. */
  byOperator?: boolean;
};

export type AssessResult =
  | { outcome: Assessment; stored: boolean; laterCopies: string[] }
  | { skipped: string };

/** Assesses and stores, inside `db` (a transaction when the caller holds one). Enqueues nothing. */
export async function assessAndStore(db: Executor, now: Date, documentId: string, options: AssessOptions = {}): Promise<AssessResult> {
  const facts = await loadAssessmentFacts(db, documentId);
  if (!facts) return { skipped: 'unknown document' };
  if (facts.status === 'received') return { skipped: 'not read yet' };
  const duplicateOf = await findEarlierSameFine(db, facts);
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
  const stored = await saveAssessment(db, facts, outcome, now, options.actor);
  // "First" is by receipt, not by job order: copies received later but decided before this
  // document was read must become its duplicates.
  const laterCopies = duplicateOf === null ? await findLaterSameFineDecided(db, facts) : [];
  return { outcome, stored, laterCopies };
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
