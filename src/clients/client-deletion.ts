// Deletes everything of a client (spec "Personal data": deleted when its contract ends): documents
// with their files, read fields, assessments and receipts; contracts (the renters' names, addresses,
// birth dates); mails, raw bytes included; its mailboxes (with their IMAP passwords); what the web
// interface keeps of it (its users with their sessions and failed logins, its API tokens, its
// uploads, the operators' resolutions of its documents and the log of who viewed them); the client.
// One transaction: all of it or nothing. The audit trail, which holds no personal data
// (src/db/audit.ts), keeps that the deletion happened, who asked, when, and how much went.
import { eq, inArray, or, sql } from 'drizzle-orm';
import {
  alerts, apiTokens, assessments, clients, contracts, documentOutputs, documentReceipts, documentResolutions, documents, readCharges, documentViews, extractedFields, loginFailures, mailboxes, receivedMails, sessions, uploads, users,
} from '../../db/schema.js';
import { recordAudit } from '../db/audit.js';
import type { Database, Executor } from '../db/database.js';
import { clientRows, countClientRows, findClient, type ClientCounts } from './client-data.js';

export type ClientDeletion = { code: string; clientId: string; counts: ClientCounts };

/** What `deleteClient` would remove, without removing it. */
export async function previewClientDeletion(db: Executor, code: string): Promise<ClientDeletion> {
  const client = await findClient(db, code);
  return { code, clientId: client.id, counts: await countClientRows(db, client.id) };
}

export async function deleteClient(
  db: Database,
  code: string,
  options: { actor: string; reason: 'instruction' | 'retention'; now: Date },
): Promise<ClientDeletion> {
  return db.transaction(async (tx) => {
    // FOR UPDATE: a poll storing a document for this client waits for us (its foreign key needs the
    // row), then fails on the missing client instead of adding a document to a deleted client.
    const client = await findClient(tx, code, { forUpdate: true });
    const counts = await countClientRows(tx, client.id);
    const rows = clientRows(tx, client.id);
    // Children first (foreign keys): fields, assessments and receipts of its documents, receipts of
    // its mails, documents, mails, contracts, mailboxes, the client.
    // Its recorded alerts name its documents, mails and notification address.
    await tx.delete(alerts).where(or(eq(alerts.clientId, client.id), inArray(alerts.documentId, rows.documentIds), inArray(alerts.mailId, rows.mailIds)));
    // The web interface's rows: who viewed its documents (operators too: the rows name the
    // document) and what its users and tokens viewed, the operators' resolutions, its users'
    // sessions and failed logins (keyed by their e-mail address).
    await tx.delete(documentViews).where(or(inArray(documentViews.documentId, rows.documentIds), inArray(documentViews.userId, rows.userIds), inArray(documentViews.apiTokenId, rows.apiTokenIds)));
    await tx.delete(documentResolutions).where(inArray(documentResolutions.documentId, rows.documentIds));
    await tx.delete(sessions).where(inArray(sessions.userId, rows.userIds));
    await tx.delete(loginFailures).where(sql`${loginFailures.key} in (select 'email:' || ${users.email} from ${users} where ${users.clientId} = ${client.id})`);
    // Its outputs: case packs and notices carry the renters' names and addresses.
    await tx.delete(documentOutputs).where(eq(documentOutputs.clientId, client.id));
    await tx.delete(assessments).where(inArray(assessments.documentId, rows.documentIds));
    await tx.delete(extractedFields).where(inArray(extractedFields.documentId, rows.documentIds));
    await tx.delete(documentReceipts).where(
      or(inArray(documentReceipts.documentId, rows.documentIds), inArray(documentReceipts.mailId, rows.mailIds), inArray(documentReceipts.uploadId, rows.uploadIds)),
    );
    await tx.delete(documents).where(eq(documents.clientId, client.id));
    await tx.delete(readCharges).where(eq(readCharges.clientId, client.id));
    await tx.delete(uploads).where(eq(uploads.clientId, client.id));
    await tx.delete(receivedMails).where(rows.mails);
    await tx.delete(contracts).where(eq(contracts.clientId, client.id));
    await tx.delete(mailboxes).where(eq(mailboxes.clientId, client.id));
    await tx.delete(apiTokens).where(eq(apiTokens.clientId, client.id));
    await tx.delete(users).where(eq(users.clientId, client.id));
    await tx.delete(clients).where(eq(clients.id, client.id));
    await recordAudit(tx, {
      actor: options.actor,
      action: 'client.deleted',
      entity: 'client',
      entityId: client.id,
      // The client's code is a company's handle, not personal data: it says whose data went.
      after: { code, reason: options.reason, deletedAt: options.now.toISOString(), ...counts },
    });
    return { code, clientId: client.id, counts };
  });
}
