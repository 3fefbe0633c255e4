// assess-document: load facts → domain assess() → store in one transaction.
import { z } from 'zod';
import { findEarlierSameFine, loadAssessmentFacts, saveAssessment } from '../src/db/assessment-store.js';
import { assess } from '../src/domain/assessment.js';
import { defineJob } from '../src/queue/job-definition.js';

export const assessDocumentJob = defineJob({
  name: 'assess-document',
  schema: z.object({ documentId: z.uuid() }),
  attempts: 5,
  concurrency: () => 4,
  jobId: (p) => `assess-${p.documentId}`,
  handler: async ({ documentId }, ctx) => {
    const facts = await loadAssessmentFacts(ctx.db, documentId);
    if (!facts) return { skipped: 'unknown document' };
    if (facts.status === 'received') return { skipped: 'not read yet' };
    // A decided document stays decided; only open reviews are re-assessed when information arrives.
    if (facts.currentDecision && facts.currentDecision !== 'review') return { skipped: `already ${facts.currentDecision}` };
    const duplicateOf = await findEarlierSameFine(ctx.db, facts);
    const now = ctx.now();
    const outcome = assess({ document: facts.document, contracts: facts.contracts, client: facts.client, duplicateOf, now });
    await saveAssessment(ctx.db, facts, outcome, now);
    return { decision: outcome.decision, reasons: outcome.reviewReasons };
  },
});
