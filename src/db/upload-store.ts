// Files that arrive without mail (portal upload, POST /api/documents) take the mail's path from the
// document on: the same unique key (client + SHA-256) makes a file sent twice one document with two
// receipts, the same audit event, then a read-document job. The upload instant is the receipt time.
import { and, eq } from 'drizzle-orm';
import { documentReceipts, documents, uploads } from '../../db/schema.js';
import type { MailDocument } from '../mail/parse-mail.js';
import { recordAudit } from './audit.js';
import type { Database } from './database.js';

export type UploadInput = {
  clientId: string;
  channel: 'portal' | 'api';
  userId?: string | null;
  apiTokenId?: string | null;
  receivedAt: Date;
  files: MailDocument[];
  actor: string;
};

export type UploadResult = { uploadId: string; newDocumentIds: string[]; repeatedDocumentIds: string[]; documentIds: string[] };

export async function storeUpload(db: Database, u: UploadInput): Promise<UploadResult> {
  return db.transaction(async (tx) => {
    const [upload] = await tx
      .insert(uploads)
      .values({ clientId: u.clientId, channel: u.channel, userId: u.userId ?? null, apiTokenId: u.apiTokenId ?? null, receivedAt: u.receivedAt })
      .returning({ id: uploads.id });
    if (!upload) throw new Error('upload not stored');
    const result: UploadResult = { uploadId: upload.id, newDocumentIds: [], repeatedDocumentIds: [], documentIds: [] };
    for (const file of u.files) {
      const [created] = await tx
        .insert(documents)
        .values({
          clientId: u.clientId,
          sha256: file.sha256,
          content: file.content,
          contentType: file.contentType,
          filename: file.filename,
          sizeBytes: file.content.length,
          firstUploadId: upload.id,
          receivedAt: u.receivedAt,
          // Logged in as the client, or its own token: the sender is the client itself.
          senderAllowed: true,
        })
        .onConflictDoNothing()
        .returning({ id: documents.id });
      let documentId = created?.id;
      if (documentId) result.newDocumentIds.push(documentId);
      else {
        const [existing] = await tx.select({ id: documents.id }).from(documents).where(and(eq(documents.clientId, u.clientId), eq(documents.sha256, file.sha256)));
        documentId = existing?.id;
        if (documentId) result.repeatedDocumentIds.push(documentId);
      }
      if (!documentId) continue;
      result.documentIds.push(documentId);
      await tx.insert(documentReceipts).values({ documentId, uploadId: upload.id, filename: file.filename, receivedAt: u.receivedAt }).onConflictDoNothing();
    }
    await recordAudit(tx, {
      actor: u.actor,
      action: 'upload.received',
      entity: 'upload',
      entityId: upload.id,
      after: { channel: u.channel, documents: result.newDocumentIds, repeated: result.repeatedDocumentIds },
    });
    return result;
  });
}
