// assess-document: load facts → domain assess() → store in one transaction.
import { findEarlierSameFine, findLaterSameFineDecided, loadAssessmentFacts, saveAssessment } from '../src/db/assessment-store.js';
import { assess } from '../src/domain/assessment.js';
import { assessDocumentJob } from '../src/queue/job-contracts.js';
import { defineJob } from '../src/queue/job-definition.js';

export const assessDocumentWorker = defineJob(assessDocumentJob, {
  concurrency: () => 4,
  handler: async ({ documentId, asDuplicate }, ctx) => {
    const facts = await loadAssessmentFacts(ctx.db, documentId);
    if (!facts) return { skipped: 'unknown document' };
    if (facts.status === 'received') return { skipped: 'not read yet' };
    const duplicateOf = await findEarlierSameFine(ctx.db, facts);
    // A decided document stays decided; open reviews are re-assessed when information arrives, and a
    // decided one is reconsidered only to become the duplicate of an earlier copy of its fine.
    const reopen = !facts.currentDecision || facts.currentDecision === 'review' || (asDuplicate && duplicateOf !== null);
    if (!reopen || facts.currentDecision === 'duplicate') return { skipped: `already ${facts.currentDecision}` };
    const now = ctx.now();
    const outcome = assess({ document: facts.document, contracts: facts.contracts, client: facts.client, duplicateOf, now });
    await saveAssessment(ctx.db, facts, outcome, now);
    // "First" is by receipt, not by job order: copies received later but decided before this
    // document was read are sent back to become its duplicates.
    if (duplicateOf === null) {
      for (const later of await findLaterSameFineDecided(ctx.db, facts)) {
        await ctx.queues.enqueue(assessDocumentJob, { documentId: later, asDuplicate: true });
      }
    }
    return { decision: outcome.decision, reasons: outcome.reviewReasons };
  },
});
