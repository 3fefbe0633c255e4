// read-document: file → fields (in the parse pool, off the event loop) → stored → assess.
import { and, eq } from 'drizzle-orm';
import { documents, extractedFields } from '../db/schema.js';
import { recordAudit } from '../src/db/audit.js';
import { claimReadBudget } from '../src/db/read-budget-store.js';
import { referenceKey } from '../src/domain/duplicates.js';
import { assessDocumentJob, readDocumentJob } from '../src/queue/job-contracts.js';
import { defineJob } from '../src/queue/job-definition.js';
import { isConfident, requiredFieldsConfident } from '../src/reading/fields.js';

export const readDocumentWorker = defineJob(readDocumentJob, {
  concurrency: (ctx) => ctx.config.parseThreads * 2,
  handler: async ({ documentId }, ctx) => {
    const [doc] = await ctx.db
      .select({ id: documents.id, status: documents.status, content: documents.content })
      .from(documents)
      .where(eq(documents.id, documentId));
    if (!doc) return { skipped: 'unknown document' };
    if (doc.status !== 'received') {
      // Read before (a redelivered job): make sure the next step is queued, do nothing else.
      if (doc.status === 'read') await ctx.queues.enqueue(assessDocumentJob, { documentId });
      return { skipped: doc.status };
    }
    // Within its mail's and client's read budget (src/reading/read-budget.ts), or recorded as refused.
    const refused = await claimReadBudget(ctx.db, documentId, ctx.config.readLimits, ctx.now());
    const result = refused ?? (await ctx.parsePool().read(doc.content));
    const f = result.status === 'read' ? result.fields : null;
    const row = {
      documentId,
      readStatus: result.status,
      unreadableCause: result.status === 'unreadable' ? result.cause : null,
      detail: result.status === 'unreadable' ? result.detail : null,
      method: result.status === 'read' ? result.method : null,
      pageCount: result.pageCount,
      kind: f?.kind.value ?? null,
      plate: f?.plate?.value ?? null,
      offenceAt: f?.offenceAt ? new Date(f.offenceAt.value) : null,
      dueDate: f?.dueDate?.value ?? null,
      redirectDeadline: f?.redirectDeadline?.value ?? null,
      amountCents: f?.amountCents?.value ?? null,
      reference: f?.reference?.value ?? null,
      // Only a confidently read reference may make one document a duplicate of another.
      referenceKey: f?.reference && isConfident(f.reference) ? referenceKey(f.reference.value) : null,
      requiredConfident: f ? requiredFieldsConfident(f) : false,
      fields: f,
      readAt: ctx.now(),
    };
    await ctx.db.transaction(async (tx) => {
      // Claim the transition: only one concurrent delivery of this job writes.
      const claimed = await tx
        .update(documents)
        .set({ status: 'read', updatedAt: ctx.now() })
        .where(and(eq(documents.id, documentId), eq(documents.status, 'received')))
        .returning({ id: documents.id });
      if (claimed.length === 0) return;
      await tx.insert(extractedFields).values(row).onConflictDoUpdate({ target: extractedFields.documentId, set: row });
      await recordAudit(tx, {
        actor: 'system',
        action: 'document.read',
        entity: 'document',
        entityId: documentId,
        after: { readStatus: row.readStatus, cause: row.unreadableCause, kind: row.kind, plate: row.plate, reference: row.reference },
      });
    });
    await ctx.queues.enqueue(assessDocumentJob, { documentId });
    return { status: result.status };
  },
});
