// What `run --once` reports at its end, read from the database: mails taken in per mailbox since
// the run started, mails not marked on the server, documents decided in the run, and documents
// whose work is not finished.
import { and, asc, eq, gte, inArray, sql } from 'drizzle-orm';
import { assessments, auditEvents, clients, documents, mailboxes, receivedMails } from '../../db/schema.js';
import type { Executor } from './database.js';

/** The database's clock: run boundaries are compared with timestamps the database wrote. */
export async function databaseNow(db: Executor): Promise<Date> {
  const { rows } = await db.execute(sql`SELECT now() AS now`);
  return new Date((rows[0] as { now: string | Date }).now);
}

export async function listMailboxes(db: Executor): Promise<{ id: string; name: string }[]> {
  return db.select({ id: mailboxes.id, name: mailboxes.name }).from(mailboxes).orderBy(asc(mailboxes.name));
}

export async function mailsTakenInSince(db: Executor, since: Date): Promise<Map<string, number>> {
  const rows = await db
    .select({ mailboxId: receivedMails.mailboxId, n: sql<number>`count(*)::int` })
    .from(receivedMails)
    .where(gte(receivedMails.createdAt, since))
    .groupBy(receivedMails.mailboxId);
  return new Map(rows.map((r) => [r.mailboxId, Number(r.n)]));
}

export async function serverActionsFailed(db: Executor): Promise<Map<string, number>> {
  const rows = await db
    .select({ mailboxId: receivedMails.mailboxId, n: sql<number>`count(*)::int` })
    .from(receivedMails)
    .where(eq(receivedMails.serverAction, 'failed'))
    .groupBy(receivedMails.mailboxId);
  return new Map(rows.map((r) => [r.mailboxId, Number(r.n)]));
}

/** Decisions of the documents assessed (or re-assessed) since `since`, counted per decision. */
export async function decisionsSince(db: Executor, since: Date): Promise<Record<string, number>> {
  const rows = await db
    .select({ decision: assessments.decision, n: sql<number>`count(DISTINCT ${assessments.documentId})::int` })
    .from(assessments)
    .where(
      sql`${assessments.documentId}::text IN (
        SELECT ${auditEvents.entityId} FROM ${auditEvents}
        WHERE ${auditEvents.entity} = 'document' AND ${auditEvents.action} IN ('document.assessed', 'document.reassessed') AND ${auditEvents.at} >= ${since.toISOString()}::timestamptz
      )`,
    )
    .groupBy(assessments.decision);
  return Object.fromEntries(rows.map((r) => [r.decision, Number(r.n)]));
}

export type UnfinishedDocument = { id: string; filename: string; client: string; status: string };

/** Documents whose work is not done (not yet read, or read and not assessed), oldest first. */
export async function unfinishedDocuments(db: Executor): Promise<UnfinishedDocument[]> {
  return db
    .select({ id: documents.id, filename: documents.filename, client: clients.code, status: documents.status })
    .from(documents)
    .innerJoin(clients, eq(clients.id, documents.clientId))
    .where(and(inArray(documents.status, ['received', 'read'])))
    .orderBy(asc(documents.receivedAt), asc(documents.id));
}

/** Every mailbox with what an IMAP connection to it needs (the IDLE watch, src/imap/mailbox-watch.ts). */
export async function listMailboxConnections(db: Executor) {
  return db
    .select({
      id: mailboxes.id,
      name: mailboxes.name,
      host: mailboxes.host,
      port: mailboxes.port,
      secure: mailboxes.secure,
      username: mailboxes.username,
      password: mailboxes.password,
      passwordEnv: mailboxes.passwordEnv,
      folder: mailboxes.folder,
    })
    .from(mailboxes)
    .orderBy(asc(mailboxes.name));
}
