// One document as the web interface shows it: the document, what was read, the assessment, the
// operator's resolution, where it came from, the plate's contracts, and its audit trail. Never the
// file's bytes unless asked for (documentFile).
import { and, asc, desc, eq } from 'drizzle-orm';
import {
  assessments,
  auditEvents,
  clients,
  contracts,
  documentReceipts,
  documentResolutions,
  documentViews,
  documents,
  extractedFields,
  receivedMails,
  uploads,
} from '../../db/schema.js';
import { toContractFacts } from './assessment-store.js';
import type { Executor } from './database.js';

const documentColumns = {
  id: documents.id,
  clientId: documents.clientId,
  sha256: documents.sha256,
  contentType: documents.contentType,
  filename: documents.filename,
  sizeBytes: documents.sizeBytes,
  receivedAt: documents.receivedAt,
  senderAllowed: documents.senderAllowed,
  status: documents.status,
  firstMailId: documents.firstMailId,
  firstUploadId: documents.firstUploadId,
};

export async function documentDetail(db: Executor, documentId: string) {
  const [row] = await db
    .select({
      doc: documentColumns,
      client: { code: clients.code, name: clients.name, allowedSenders: clients.allowedSenders, defaultFinePolicy: clients.defaultFinePolicy },
      ext: extractedFields,
      assessment: assessments,
      resolution: documentResolutions,
      mail: { from: receivedMails.fromAddress, subject: receivedMails.subject, internalDate: receivedMails.internalDate },
      upload: { channel: uploads.channel },
    })
    .from(documents)
    .innerJoin(clients, eq(clients.id, documents.clientId))
    .leftJoin(extractedFields, eq(extractedFields.documentId, documents.id))
    .leftJoin(assessments, eq(assessments.documentId, documents.id))
    .leftJoin(documentResolutions, eq(documentResolutions.documentId, documents.id))
    .leftJoin(receivedMails, eq(receivedMails.id, documents.firstMailId))
    .leftJoin(uploads, eq(uploads.id, documents.firstUploadId))
    .where(eq(documents.id, documentId));
  if (!row) return null;
  const plateContracts = row.ext?.plate
    ? await db
        .select()
        .from(contracts)
        .where(and(eq(contracts.clientId, row.doc.clientId), eq(contracts.plate, row.ext.plate)))
        .orderBy(asc(contracts.startsAt), asc(contracts.contractRef))
    : [];
  const receipts = await db.select({ n: documentReceipts.id }).from(documentReceipts).where(eq(documentReceipts.documentId, documentId));
  return { ...row, contracts: plateContracts.map(toContractFacts), receiptCount: receipts.length };
}

export type DocumentDetail = NonNullable<Awaited<ReturnType<typeof documentDetail>>>;

/** Only the owner and the bytes: for access checks before anything else is loaded. */
export async function documentOwner(db: Executor, documentId: string): Promise<{ clientId: string } | null> {
  const [row] = await db.select({ clientId: documents.clientId }).from(documents).where(eq(documents.id, documentId));
  return row ?? null;
}

export async function documentFile(db: Executor, documentId: string) {
  const [row] = await db
    .select({ clientId: documents.clientId, content: documents.content, contentType: documents.contentType, filename: documents.filename, pageCount: extractedFields.pageCount, readStatus: extractedFields.readStatus, method: extractedFields.method, fields: extractedFields.fields, sha256: documents.sha256 })
    .from(documents)
    .leftJoin(extractedFields, eq(extractedFields.documentId, documents.id))
    .where(eq(documents.id, documentId));
  return row ?? null;
}

export async function recordDocumentView(
  db: Executor,
  view: { documentId: string; userId?: string | null; apiTokenId?: string | null; what: 'view' | 'file' | 'page' },
): Promise<void> {
  await db.insert(documentViews).values({ documentId: view.documentId, userId: view.userId ?? null, apiTokenId: view.apiTokenId ?? null, what: view.what });
}

export async function documentAuditTrail(db: Executor, documentId: string) {
  return db
    .select({ id: auditEvents.id, at: auditEvents.at, actor: auditEvents.actor, action: auditEvents.action, before: auditEvents.before, after: auditEvents.after, note: auditEvents.note })
    .from(auditEvents)
    .where(and(eq(auditEvents.entity, 'document'), eq(auditEvents.entityId, documentId)))
    .orderBy(desc(auditEvents.at), desc(auditEvents.id));
}

/** A client's contract by id, for a client user's access check (null when it is another client's). */
export async function contractOfClient(db: Executor, contractId: string, clientId: string | null) {
  const [row] = await db
    .select()
    .from(contracts)
    .where(clientId ? and(eq(contracts.id, contractId), eq(contracts.clientId, clientId)) : eq(contracts.id, contractId));
  return row ?? null;
}
