// Stores one IMAP message and its documents in a single transaction. The unique keys make it
// idempotent: storing the same (mailbox, UIDVALIDITY, UID) again changes nothing, and a file the
// client already sent becomes a second receipt of the existing document.
// Every text value is cleaned here, whoever called (src/mail/storable-text.ts): a NUL in a Subject
// must not make PostgreSQL refuse the mail, or the poll would fail on it for ever.
import { and, eq, inArray, sql } from 'drizzle-orm';
import { documentReceipts, documents, mailboxes, receivedMails, type MailStatus } from '../../db/schema.js';
import type { MailDocument } from '../mail/parse-mail.js';
import { storableLine, storableLineOrNull, storableText } from '../mail/storable-text.js';
import { recordAudit, recordAuditBatch } from './audit.js';
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

const storable = (message: StoredMessage): StoredMessage => ({
  ...message,
  messageId: storableLineOrNull(message.messageId, 500),
  from: storableLineOrNull(message.from, 320),
  recipients: message.recipients.map((r) => storableLine(r, 320)).filter((r) => r !== ''),
  subject: storableLineOrNull(message.subject, 500),
  detail: message.detail === null ? null : storableText(message.detail, 2000),
  documents: message.documents.map((d) => ({ ...d, filename: storableLine(d.filename, 200) || 'document' })),
});

const mailRow = (m: StoredMessage) => ({
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
});

// A batch's rows go to PostgreSQL as one array per column (unnest), not as a parameter per value:
// drizzle's builder took ~0.5 ms of the main thread per mail to assemble the four multi-row inserts
// (mails, documents, receipts, audit), more than PostgreSQL took to run them.
const arrayOf = <T>(values: readonly T[]) => sql.param(values);

/** Rows per INSERT of documents: their bytes travel as parameters, keep a statement bounded. */
const DOCUMENT_ROWS_PER_INSERT = 200;

/**
 * Stores a batch of messages of one mailbox (ascending UIDs) in one transaction, with multi-row
 * inserts: the same outcome as `storeMessage` on each in turn — a message already stored changes
 * nothing, the first mail (by UID) carrying a file creates its document and later ones (in this
 * batch or after) become receipts of it — and the cursor moves to the batch's last UID in the same
 * transaction, so after a crash the whole batch is either stored and behind the cursor, or neither.
 */
export async function storeMessages(db: Database, batch: readonly StoredMessage[]): Promise<StoreResult[]> {
  if (batch.length === 0) return [];
  const ms = batch.map(storable);
  const mailboxId = ms[0]!.mailboxId;
  const uidValidity = ms[0]!.uidValidity;
  if (ms.some((m) => m.mailboxId !== mailboxId || m.uidValidity !== uidValidity)) throw new Error('storeMessages: one mailbox and UIDVALIDITY per batch');
  return db.transaction(async (tx) => {
    const inserted = await tx.execute<{ id: string; uid: string }>(sql`
      INSERT INTO ${receivedMails} (mailbox_id, uid_validity, uid, internal_date, size_bytes, message_id, from_address,
                                    recipients, subject, client_id, sender_allowed, status, detail, raw)
      SELECT r.mailbox_id, r.uid_validity, r.uid, r.internal_date, r.size_bytes, r.message_id, r.from_address,
             ARRAY(SELECT jsonb_array_elements_text(r.recipients)), r.subject, r.client_id, r.sender_allowed, r.status, r.detail, r.raw
      FROM unnest(${arrayOf(ms.map((m) => m.mailboxId))}::uuid[], ${arrayOf(ms.map((m) => m.uidValidity))}::bigint[],
                  ${arrayOf(ms.map((m) => m.uid))}::bigint[], ${arrayOf(ms.map((m) => m.internalDate.toISOString()))}::timestamptz[],
                  ${arrayOf(ms.map((m) => m.sizeBytes))}::integer[], ${arrayOf(ms.map((m) => m.messageId))}::text[],
                  ${arrayOf(ms.map((m) => m.from))}::text[], ${arrayOf(ms.map((m) => JSON.stringify(m.recipients)))}::jsonb[],
                  ${arrayOf(ms.map((m) => m.subject))}::text[], ${arrayOf(ms.map((m) => m.clientId))}::uuid[],
                  ${arrayOf(ms.map((m) => m.senderAllowed))}::boolean[], ${arrayOf(ms.map((m) => m.status))}::text[],
                  ${arrayOf(ms.map((m) => m.detail))}::text[], ${arrayOf(ms.map((m) => m.raw))}::bytea[])
        AS r(mailbox_id, uid_validity, uid, internal_date, size_bytes, message_id, from_address, recipients, subject, client_id,
             sender_allowed, status, detail, raw)
      ON CONFLICT DO NOTHING
      RETURNING id, uid`);
    const insertedByUid = new Map(inserted.rows.map((r) => [Number(r.uid), r.id]));
    await tx
      .update(mailboxes)
      .set({ lastUid: sql`greatest(${mailboxes.lastUid}, ${Math.max(...ms.map((m) => m.uid))})`, updatedAt: new Date() })
      .where(eq(mailboxes.id, mailboxId));

    const repeatUids = ms.filter((m) => !insertedByUid.has(m.uid)).map((m) => m.uid);
    const existingByUid = new Map<number, string>();
    if (repeatUids.length > 0) {
      const rows = await tx
        .select({ id: receivedMails.id, uid: receivedMails.uid })
        .from(receivedMails)
        .where(and(eq(receivedMails.mailboxId, mailboxId), eq(receivedMails.uidValidity, uidValidity), inArray(receivedMails.uid, repeatUids)));
      for (const r of rows) existingByUid.set(Number(r.uid), r.id);
    }

    // Documents: one row per (client, SHA-256), offered by the first mail that carries it.
    const docKey = (clientId: string, sha256: string) => `${clientId}:${sha256}`;
    const offered = new Map<string, { clientId: string; doc: MailDocument; mailId: string; m: StoredMessage }>();
    for (const m of ms) {
      const mailId = insertedByUid.get(m.uid);
      if (!mailId || !m.clientId) continue;
      for (const doc of m.documents) {
        const key = docKey(m.clientId, doc.sha256);
        if (!offered.has(key)) offered.set(key, { clientId: m.clientId, doc, mailId, m });
      }
    }
    const created = new Map<string, string>(); // key → id, created by this batch
    const rows = [...offered.values()];
    for (let i = 0; i < rows.length; i += DOCUMENT_ROWS_PER_INSERT) {
      const chunk = rows.slice(i, i + DOCUMENT_ROWS_PER_INSERT);
      const col = <T>(f: (o: (typeof chunk)[number]) => T) => arrayOf(chunk.map(f));
      const ids = await tx.execute<{ id: string; client_id: string; sha256: string }>(sql`
        INSERT INTO ${documents} (client_id, sha256, content, content_type, filename, size_bytes, first_mail_id, received_at,
                                  sender_allowed, page_estimate)
        SELECT * FROM unnest(${col((o) => o.clientId)}::uuid[], ${col((o) => o.doc.sha256)}::text[], ${col((o) => o.doc.content)}::bytea[],
                             ${col((o) => o.doc.contentType)}::text[], ${col((o) => o.doc.filename)}::text[],
                             ${col((o) => o.doc.content.length)}::integer[], ${col((o) => o.mailId)}::uuid[],
                             ${col((o) => o.m.internalDate.toISOString())}::timestamptz[], ${col((o) => o.m.senderAllowed)}::boolean[],
                             ${col((o) => o.doc.pageEstimate)}::integer[])
        ON CONFLICT DO NOTHING
        RETURNING id, client_id, sha256`);
      for (const r of ids.rows) created.set(docKey(r.client_id, r.sha256), r.id);
    }
    const known = new Map(created);
    const missing = [...offered.values()].filter((o) => !created.has(docKey(o.clientId, o.doc.sha256)));
    if (missing.length > 0) {
      const found = await tx
        .select({ id: documents.id, clientId: documents.clientId, sha256: documents.sha256 })
        .from(documents)
        .where(inArray(sql`(${documents.clientId}, ${documents.sha256})`, missing.map((o) => sql`(${o.clientId}::uuid, ${o.doc.sha256})`)));
      for (const r of found) known.set(docKey(r.clientId, r.sha256), r.id);
    }

    const results: StoreResult[] = [];
    const receipts: (typeof documentReceipts.$inferInsert)[] = [];
    const audits: Parameters<typeof recordAudit>[1] = [];
    for (const m of ms) {
      const mailId = insertedByUid.get(m.uid);
      if (!mailId) {
        results.push({ mailId: existingByUid.get(m.uid) ?? '', alreadyStored: true, newDocumentIds: [], repeatedDocumentIds: [] });
        continue;
      }
      const newDocumentIds: string[] = [];
      const repeatedDocumentIds: string[] = [];
      if (m.clientId) {
        for (const doc of m.documents) {
          const key = docKey(m.clientId, doc.sha256);
          const documentId = known.get(key);
          if (!documentId) continue;
          const isNew = created.has(key) && offered.get(key)?.mailId === mailId && !newDocumentIds.includes(documentId);
          // As storeMessage would: a file twice in one mail is new once and a repeat the second time.
          if (isNew) newDocumentIds.push(documentId);
          else repeatedDocumentIds.push(documentId);
          receipts.push({ documentId, mailId, filename: doc.filename, receivedAt: m.internalDate });
        }
      }
      audits.push({
        actor: 'system',
        action: 'mail.received',
        entity: 'received_mail',
        entityId: mailId,
        after: { status: m.status, uid: m.uid, uidValidity: m.uidValidity, documents: newDocumentIds, repeated: repeatedDocumentIds },
      });
      results.push({ mailId, alreadyStored: false, newDocumentIds, repeatedDocumentIds });
    }
    for (let i = 0; i < receipts.length; i += 1_000) {
      const chunk = receipts.slice(i, i + 1_000);
      await tx.execute(sql`
        INSERT INTO ${documentReceipts} (document_id, mail_id, filename, received_at)
        SELECT * FROM unnest(${arrayOf(chunk.map((r) => r.documentId))}::uuid[], ${arrayOf(chunk.map((r) => r.mailId))}::uuid[],
                             ${arrayOf(chunk.map((r) => r.filename))}::text[], ${arrayOf(chunk.map((r) => r.receivedAt.toISOString()))}::timestamptz[])
        ON CONFLICT DO NOTHING`);
    }
    await recordAuditBatch(tx, audits);
    return results;
  });
}

export async function storeMessage(db: Database, message: StoredMessage): Promise<StoreResult> {
  const m = storable(message);
  return db.transaction(async (tx) => {
    const inserted = await tx
      .insert(receivedMails)
      .values(mailRow(m))
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
