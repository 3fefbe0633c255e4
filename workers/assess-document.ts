// assess-document: load facts → domain assess() → store in one transaction.
import { z } from 'zod';
import { findEarlierSameFine, findLaterSameFineDecided, loadAssessmentFacts, saveAssessment } from '../src/db/assessment-store.js';
import { assess } from '../src/domain/assessment.js';
import { defineJob } from '../src/queue/job-definition.js';

export const assessDocumentJob = defineJob({
  name: 'assess-document',
  schema: z.object({
    documentId: z.uuid(),
    /** Set when an earlier copy of the same fine turned up after this document was decided. */
    asDuplicate: z.boolean().default(false),
  }),
  attempts: 5,
  concurrency: () => 4,
  jobId: (p) => `assess-${p.documentId}${p.asDuplicate ? '-duplicate' : ''}`,
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
