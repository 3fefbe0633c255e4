// Which rows belong to a client: its documents (with fields, assessments, receipts), contracts,
// mails (attributed to it, or in a mailbox of its own), mailboxes, its web users, API tokens and
// uploads, and the audit entries about them.
// Export and deletion use the same conditions, so what is handed over is what is erased. They are
// subqueries, not id lists: a client with 100,000 documents would exceed PostgreSQL's 65,535
// parameters per statement.
import { and, eq, inArray, or, sql } from 'drizzle-orm';
import { apiTokens, auditEvents, clients, contracts, documents, mailboxes, receivedMails, uploads, users } from '../../db/schema.js';
import type { Executor } from '../db/database.js';
import { InputError } from '../errors.js';

export type ClientRow = typeof clients.$inferSelect;

export type ClientCounts = { documents: number; contracts: number; mails: number; mailboxes: number; users: number; apiTokens: number; uploads: number; auditEntries: number };

export async function findClient(db: Executor, code: string, options: { forUpdate?: boolean } = {}): Promise<ClientRow> {
  const query = db.select().from(clients).where(eq(clients.code, code));
  const [client] = options.forUpdate ? await query.for('update') : await query;
  if (!client) throw new InputError(`unknown client "${code}"`);
  return client;
}

export function clientRows(db: Executor, clientId: string) {
  const mailboxIds = db.select({ id: mailboxes.id }).from(mailboxes).where(eq(mailboxes.clientId, clientId));
  const documentIds = db.select({ id: documents.id }).from(documents).where(eq(documents.clientId, clientId));
  const mails = or(eq(receivedMails.clientId, clientId), inArray(receivedMails.mailboxId, mailboxIds));
  const mailIds = db.select({ id: receivedMails.id }).from(receivedMails).where(mails);
  const contractIds = db.select({ id: contracts.id }).from(contracts).where(eq(contracts.clientId, clientId));
  // The web interface's: the client's users (client accounts), API tokens and uploads.
  const userIds = db.select({ id: users.id }).from(users).where(eq(users.clientId, clientId));
  const apiTokenIds = db.select({ id: apiTokens.id }).from(apiTokens).where(eq(apiTokens.clientId, clientId));
  const uploadIds = db.select({ id: uploads.id }).from(uploads).where(eq(uploads.clientId, clientId));
  // Audit entries name their entity by id (text): the client itself and every row of it.
  const audit = or(
    and(eq(auditEvents.entity, 'client'), eq(auditEvents.entityId, clientId)),
    and(eq(auditEvents.entity, 'document'), sql`${auditEvents.entityId} in (select id::text from documents where client_id = ${clientId})`),
    and(eq(auditEvents.entity, 'contract'), sql`${auditEvents.entityId} in (select id::text from contracts where client_id = ${clientId})`),
    and(eq(auditEvents.entity, 'mailbox'), sql`${auditEvents.entityId} in (select id::text from mailboxes where client_id = ${clientId})`),
    and(eq(auditEvents.entity, 'received_mail'), sql`${auditEvents.entityId} in (select id::text from ${receivedMails} where ${mails})`),
  );
  return { mailboxIds, documentIds, mails, mailIds, contractIds, userIds, apiTokenIds, uploadIds, audit };
}

export async function countClientRows(db: Executor, clientId: string): Promise<ClientCounts> {
  const rows = clientRows(db, clientId);
  const count = async (query: Promise<{ n: number }[]>) => (await query)[0]?.n ?? 0;
  const n = sql<number>`count(*)::int`;
  return {
    documents: await count(db.select({ n }).from(documents).where(eq(documents.clientId, clientId))),
    contracts: await count(db.select({ n }).from(contracts).where(eq(contracts.clientId, clientId))),
    mails: await count(db.select({ n }).from(receivedMails).where(rows.mails)),
    mailboxes: await count(db.select({ n }).from(mailboxes).where(eq(mailboxes.clientId, clientId))),
    users: await count(db.select({ n }).from(users).where(eq(users.clientId, clientId))),
    apiTokens: await count(db.select({ n }).from(apiTokens).where(eq(apiTokens.clientId, clientId))),
    uploads: await count(db.select({ n }).from(uploads).where(eq(uploads.clientId, clientId))),
    auditEntries: await count(db.select({ n }).from(auditEvents).where(rows.audit)),
  };
}

export const describeCounts = (c: ClientCounts) =>
  `${c.documents} document(s) with their files, ${c.contracts} contract(s), ${c.mails} mail(s), ${c.mailboxes} mailbox(es)` +
  (c.users + c.apiTokens + c.uploads > 0 ? `, ${c.users} user(s), ${c.apiTokens} API token(s), ${c.uploads} upload(s)` : '');
