// Stores one IMAP message and its documents in a single transaction. The unique keys make it
// idempotent: storing the same (mailbox, UIDVALIDITY, UID) again changes nothing, and a file the
// client already sent becomes a second receipt of the existing document.
// Every text value is cleaned here, whoever called (src/mail/storable-text.ts): a NUL in a Subject
// must not make PostgreSQL refuse the mail, or the poll would fail on it for ever.
import { and, eq, sql } from 'drizzle-orm';
import { documentReceipts, documents, mailboxes, receivedMails, type MailStatus } from '../../db/schema.js';
import type { MailDocument } from '../mail/parse-mail.js';
import { storableLine, storableLineOrNull, storableText } from '../mail/storable-text.js';
import { recordAudit } from './audit.js';
import type { Database } from './database.js';

export type StoredMessage = {
  mailboxId: string;
  uidValidity: number;
  uid: number;
  internalDate: Date;
  sizeBytes: number;
  messageId: string | null;
  from: string | null;
  recipients: string[];
  subject: string | null;
  clientId: string | null;
  senderAllowed: boolean;
  status: MailStatus;
  detail: string | null;
  raw: Buffer | null;
  documents: MailDocument[];
};

export type StoreResult = { mailId: string; alreadyStored: boolean; newDocumentIds: string[]; repeatedDocumentIds: string[] };

export async function storeMessage(db: Database, message: StoredMessage): Promise<StoreResult> {
  const m: StoredMessage = {
    ...message,
    messageId: storableLineOrNull(message.messageId, 500),
    from: storableLineOrNull(message.from, 320),
    recipients: message.recipients.map((r) => storableLine(r, 320)).filter((r) => r !== ''),
    subject: storableLineOrNull(message.subject, 500),
    detail: message.detail === null ? null : storableText(message.detail, 2000),
    documents: message.documents.map((d) => ({ ...d, filename: storableLine(d.filename, 200) || 'document' })),
  };
  return db.transaction(async (tx) => {
    const inserted = await tx
      .insert(receivedMails)
      .values({
        mailboxId: m.mailboxId,
        uidValidity: m.uidValidity,
        uid: m.uid,
        internalDate: m.internalDate,
        sizeBytes: m.sizeBytes,
        messageId: m.messageId,
        fromAddress: m.from,
        recipients: m.recipients,
        subject: m.subject,
        clientId: m.clientId,
        senderAllowed: m.senderAllowed,
        status: m.status,
        detail: m.detail,
        raw: m.raw,
      })
      .onConflictDoNothing()
      .returning({ id: receivedMails.id });

    // The cursor moves in the same transaction as the message: after a crash, a message is either
    // stored and behind the cursor, or neither.
    await tx
      .update(mailboxes)
      .set({ lastUid: sql`greatest(${mailboxes.lastUid}, ${m.uid})`, updatedAt: new Date() })
      .where(eq(mailboxes.id, m.mailboxId));

    const mail = inserted[0];
    if (!mail) {
      const [existing] = await tx
        .select({ id: receivedMails.id })
        .from(receivedMails)
        .where(and(eq(receivedMails.mailboxId, m.mailboxId), eq(receivedMails.uidValidity, m.uidValidity), eq(receivedMails.uid, m.uid)));
      return { mailId: existing?.id ?? '', alreadyStored: true, newDocumentIds: [], repeatedDocumentIds: [] };
    }

    const newDocumentIds: string[] = [];
    const repeatedDocumentIds: string[] = [];
    if (m.clientId) {
      for (const doc of m.documents) {
        const [created] = await tx
          .insert(documents)
          .values({
            clientId: m.clientId,
            sha256: doc.sha256,
            content: doc.content,
            contentType: doc.contentType,
            filename: doc.filename,
            sizeBytes: doc.content.length,
            firstMailId: mail.id,
            receivedAt: m.internalDate,
            senderAllowed: m.senderAllowed,
            pageEstimate: doc.pageEstimate,
          })
          .onConflictDoNothing()
          .returning({ id: documents.id });
        let documentId = created?.id;
        if (documentId) newDocumentIds.push(documentId);
        else {
          const [existing] = await tx
            .select({ id: documents.id })
            .from(documents)
            .where(and(eq(documents.clientId, m.clientId), eq(documents.sha256, doc.sha256)));
          documentId = existing?.id;
          if (documentId) repeatedDocumentIds.push(documentId);
        }
        if (!documentId) continue;
        await tx
          .insert(documentReceipts)
          .values({ documentId, mailId: mail.id, filename: doc.filename, receivedAt: m.internalDate })
          .onConflictDoNothing();
      }
    }
    await recordAudit(tx, {
      actor: 'system',
      action: 'mail.received',
      entity: 'received_mail',
      entityId: mail.id,
      after: { status: m.status, uid: m.uid, uidValidity: m.uidValidity, documents: newDocumentIds, repeated: repeatedDocumentIds },
    });
    return { mailId: mail.id, alreadyStored: false, newDocumentIds, repeatedDocumentIds };
  });
}
