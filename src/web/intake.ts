// Fines that arrive without mail (a portal upload, a client system's POST /api/documents) take the
// mail's path from here on: stored and deduplicated like an attachment, then read by the worker.
import { createHash } from 'node:crypto';
import type { AppContext } from '../app-context.js';
import { storeUpload } from '../db/upload-store.js';
import { estimatePages } from '../mail/page-estimate.js';
import { safeFilename } from '../mail/safe-filename.js';
import { readBatches, readDocumentJob } from '../queue/job-contracts.js';
import { MIME_TYPES, sniffDocumentType } from '../reading/document-type.js';
import { HttpError, type Scope } from './access.js';

/** Fines uploaded without mail take the mail's path: stored (deduplicated), then read by the worker. */
export async function intakeFiles(ctx: AppContext, scope: Scope, files: { filename: string; bytes: Buffer }[], channel: 'portal' | 'api') {
  if (!scope.clientId) throw new HttpError(403, 'forbidden', 'uploads belong to a client: use a client account or that client\'s API token');
  const docs = files.map((f) => {
    const type = sniffDocumentType(f.bytes);
    if (!type) throw new HttpError(400, 'not_a_document', `${f.filename}: not a PDF, JPEG or PNG (recognised by its content)`);
    return {
      filename: safeFilename(f.filename, type), type, contentType: MIME_TYPES[type], content: f.bytes,
      sha256: createHash('sha256').update(f.bytes).digest('hex'), pageEstimate: estimatePages(f.bytes, type),
    };
  });
  const stored = await storeUpload(ctx.db, { clientId: scope.clientId, channel, userId: scope.userId, apiTokenId: scope.apiTokenId, receivedAt: ctx.now(), files: docs, actor: scope.actor });
  await ctx.queues.enqueueMany(readDocumentJob, readBatches(stored.newDocumentIds));
  return stored;
}

export type IntakeOutcome = { filename: string; documentId: string; outcome: 'new' | 'known' };

/**
 * What happened to each file, in the order sent: `new` (stored, now being read) or `known` (the
 * same file was received before, or twice in this upload: one document, one more receipt).
 */
export function intakeOutcomes(files: readonly { filename: string }[], stored: { newDocumentIds: string[]; documentIds: string[] }): IntakeOutcome[] {
  const fresh = new Set(stored.newDocumentIds);
  return stored.documentIds.map((documentId, i) => {
    const isNew = fresh.delete(documentId);
    return { filename: files[i]?.filename ?? 'upload', documentId, outcome: isNew ? 'new' : 'known' };
  });
}
