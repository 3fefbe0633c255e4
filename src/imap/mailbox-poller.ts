// Polls one mailbox: the messages past the cursor are stored with their documents in batches, one
// transaction per batch; the batch's documents are enqueued, and only then are its messages marked
// \Seen (or moved) on the server.
// Idempotent end to end: a crash at any point re-polls into unique keys and pending server actions.
import { and, eq, inArray } from 'drizzle-orm';
import type { ImapFlow } from 'imapflow';
import { clients, mailboxes, receivedMails } from '../../db/schema.js';
import type { AppContext } from '../app-context.js';
import { storeMessage, storeMessages, type StoredMessage } from '../db/mail-store.js';
import { errorMessage, PermanentError, RetryableError } from '../errors.js';
import { attributeClient, senderAllowed } from '../mail/addresses.js';
import { parseFineMail } from '../mail/parse-mail.js';
import { refuseMail } from '../reading/read-budget.js';
import { closeImap, openImap } from './imap-session.js';

export type PollSummary = {
  mailbox: string;
  skipped?: 'locked';
  messages: number;
  documents: number;
  uidValidityReset: boolean;
  /** Mails stored but not marked \Seen or moved on the server (server_action = failed; retried next poll). */
  serverActionFailures: number;
  serverActionError?: string;
};

type MailboxRow = typeof mailboxes.$inferSelect;
type MessageMeta = { uid: number; size: number; internalDate: Date; messageId: string | null; from: string | null; subject: string | null };
/** Set when the connection holding the mailbox's advisory lock breaks: the poll stops before storing its next batch. */
type LockState = { lost: Error | null };

export async function pollMailbox(
  ctx: AppContext,
  mailboxId: string,
  onNewDocuments: (documentIds: string[]) => Promise<void>,
): Promise<PollSummary> {
  const [mailbox] = await ctx.db.select().from(mailboxes).where(eq(mailboxes.id, mailboxId));
  if (!mailbox) throw new PermanentError(`mailbox ${mailboxId} does not exist`, 'unknown_mailbox');
  const log = ctx.log.child({ mailbox: mailbox.name });

  // Hold a session-level advisory lock on a dedicated connection for the whole poll; it is released
  // when the connection closes, so a killed worker never leaves the mailbox locked.
  const lockConnection = await ctx.pgPool.connect();
  const lock: LockState = { lost: null };
  // PostgreSQL restarting (57P01) or the socket dropping breaks this connection between queries.
  // Without a listener that 'error' event would kill the process; with it, the lock is known to be
  // gone and the poll stops and is retried (unique keys make whatever it stored so far safe).
  const onLockError = (error: Error) => {
    lock.lost ??= error;
  };
  lockConnection.on('error', onLockError);
  const lockKey = `boete-poll:${mailboxId}`;
  try {
    const { rows } = await lockConnection.query('SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS locked', [lockKey]);
    if (!rows[0]?.locked) {
      log.debug('another worker is polling this mailbox');
      return { mailbox: mailbox.name, skipped: 'locked', messages: 0, documents: 0, uidValidityReset: false, serverActionFailures: 0 };
    }
    try {
      return await pollLocked(ctx, mailbox, log, lock, onNewDocuments);
    } catch (error) {
      // Best effort: with PostgreSQL down this fails too, and the poll's own error is what matters.
      await ctx.db
        .update(mailboxes)
        .set({ lastError: errorMessage(error).slice(0, 500) })
        .where(eq(mailboxes.id, mailboxId))
        .catch(() => undefined);
      throw error;
    } finally {
      if (!lock.lost) await lockConnection.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [lockKey]).catch((e: Error) => (lock.lost ??= e));
    }
  } finally {
    lockConnection.off('error', onLockError);
    // A broken connection is destroyed, not handed back to the pool (closing it frees the lock too).
    lockConnection.release(lock.lost ?? undefined);
  }
}

function checkLock(lock: LockState) {
  if (lock.lost) throw new RetryableError(`lost the connection holding the mailbox lock (${errorMessage(lock.lost)}); polling again later`, { cause: lock.lost });
}

async function pollLocked(
  ctx: AppContext,
  mailbox: MailboxRow,
  log: AppContext['log'],
  pgLock: LockState,
  onNewDocuments: (documentIds: string[]) => Promise<void>,
): Promise<PollSummary> {
  const imap = await openImap(mailbox, ctx.config.imapConnectTimeoutMs);
  const summary: PollSummary = { mailbox: mailbox.name, messages: 0, documents: 0, uidValidityReset: false, serverActionFailures: 0 };
  const serverActionFailed = (error: unknown) => {
    summary.serverActionFailures += 1;
    summary.serverActionError ??= errorMessage(error);
  };
  try {
    const lock = await openFolder(imap, mailbox);
    try {
      const opened = imap.mailbox;
      if (!opened) throw new Error(`folder ${mailbox.folder} did not open`);
      const uidValidity = Number(opened.uidValidity);
      let lastUid = mailbox.lastUid;
      if (mailbox.uidValidity !== uidValidity) {
        // A new UIDVALIDITY means the server renumbered the folder: old UIDs mean nothing now. Start
        // over; documents already stored are recognised by their SHA-256 and not processed twice.
        if (mailbox.uidValidity !== null) log.warn({ old: mailbox.uidValidity, new: uidValidity }, 'UIDVALIDITY changed; rescanning folder');
        summary.uidValidityReset = mailbox.uidValidity !== null;
        lastUid = 0;
        await ctx.db.update(mailboxes).set({ uidValidity, lastUid: 0 }).where(eq(mailboxes.id, mailbox.id));
      }

      await finishPendingServerActions(ctx, imap, mailbox, uidValidity, log, serverActionFailed);

      const pending: MessageMeta[] = [];
      for await (const msg of imap.fetch(`${lastUid + 1}:*`, { uid: true, size: true, internalDate: true, envelope: true }, { uid: true })) {
        if (msg.uid <= lastUid) continue; // "n:*" always returns the newest message, even below n
        pending.push({
          uid: msg.uid,
          size: msg.size ?? 0,
          internalDate: msg.internalDate instanceof Date ? msg.internalDate : new Date(msg.internalDate ?? Date.now()),
          messageId: msg.envelope?.messageId ?? null,
          from: msg.envelope?.from?.[0]?.address?.toLowerCase() ?? null,
          subject: msg.envelope?.subject ?? null,
        });
      }
      pending.sort((a, b) => a.uid - b.uid);

      const clientRows = await ctx.db.select({ id: clients.id, code: clients.code, addresses: clients.addresses, allowedSenders: clients.allowedSenders }).from(clients);
      // In batches: one FETCH for the batch's sources, one transaction with multi-row inserts, one
      // bulk enqueue, one STORE/MOVE on the server (a mail at a time cost ~21 ms, mostly round trips).
      for (const batch of batches(pending, ctx.config.maxMessageBytes)) {
        checkLock(pgLock);
        const sources = await fetchSources(imap, batch.filter((m) => m.size <= ctx.config.maxMessageBytes).map((m) => m.uid));
        const prepared = [];
        for (const meta of batch) prepared.push(await prepareMessage(ctx, mailbox, uidValidity, meta, clientRows, sources.get(meta.uid) ?? Buffer.alloc(0)));
        sources.clear();
        checkLock(pgLock);
        const stored = await storeBatch(ctx, prepared);
        summary.messages += stored.length;
        const newDocumentIds = stored.flatMap((r) => r.newDocumentIds);
        summary.documents += newDocumentIds.length;
        if (newDocumentIds.length > 0) await onNewDocuments(newDocumentIds);
        const toMark = stored.flatMap((r, i) => (r.alreadyStored ? [] : [{ id: r.mailId, uid: batch[i]!.uid }]));
        await applyServerActions(ctx, imap, mailbox, toMark, log, serverActionFailed);
      }
      checkLock(pgLock);
      await ctx.db.update(mailboxes).set({ lastPolledAt: ctx.now(), lastError: null }).where(eq(mailboxes.id, mailbox.id));
    } finally {
      lock.release();
    }
  } finally {
    await closeImap(imap);
  }
  // The child logger names the mailbox already: log the rest (one key once per line).
  const { mailbox: _name, ...counts } = summary;
  log.info(counts, 'mailbox polled');
  return summary;
}

/** A message of a batch, ready to store, and its raw bytes (kept when storing it as parsed is refused). */
type PreparedMessage = { message: StoredMessage; raw: Buffer };

/** Parses and attributes one message: what storeMessage would store for it. */
async function prepareMessage(
  ctx: AppContext,
  mailbox: MailboxRow,
  uidValidity: number,
  meta: MessageMeta,
  clientRows: { id: string; code: string; addresses: string[]; allowedSenders: string[] }[],
  raw: Buffer,
): Promise<PreparedMessage> {
  const base: Omit<StoredMessage, 'status' | 'detail' | 'raw' | 'documents' | 'clientId' | 'senderAllowed' | 'recipients'> = {
    mailboxId: mailbox.id,
    uidValidity,
    uid: meta.uid,
    internalDate: meta.internalDate,
    sizeBytes: meta.size,
    messageId: meta.messageId,
    from: meta.from,
    subject: meta.subject,
  };
  const ownClient = mailbox.clientId ? clientRows.find((c) => c.id === mailbox.clientId) : undefined;

  if (meta.size > ctx.config.maxMessageBytes) {
    // Never downloaded: recorded so an operator sees it and can ask the client for smaller files.
    const message: StoredMessage = {
      ...base,
      recipients: [],
      clientId: ownClient?.id ?? null,
      senderAllowed: ownClient ? senderAllowed(meta.from, ownClient.allowedSenders) : false,
      status: 'oversized',
      detail: `${meta.size} bytes is over the limit of ${ctx.config.maxMessageBytes}`,
      raw: null,
      documents: [],
    };
    return { message, raw: Buffer.alloc(0) };
  }

  let parsed;
  try {
    parsed = await parseFineMail(raw);
  } catch (error) {
    if (!(error instanceof PermanentError)) throw error;
    const message: StoredMessage = {
      ...base,
      recipients: [],
      clientId: ownClient?.id ?? null,
      senderAllowed: false,
      status: 'unparseable',
      detail: error.message,
      raw,
      documents: [],
    };
    return { message, raw };
  }

  const recipients = [...new Set([...parsed.recipientsByHeader.values()].flat())];
  const clientCode = ownClient?.code ?? attributeClient(parsed.recipientsByHeader, clientRows);
  const client = clientRows.find((c) => c.code === clientCode);
  const from = parsed.from ?? meta.from;
  const allowed = client ? senderAllowed(from, client.allowedSenders) : false;
  // More than one mail may cost to read: the mail is one item for an operator, none of its documents created.
  const refused = client ? refuseMail(parsed.documents, ctx.config.readLimits) : null;
  const status = !client ? 'unattributed' : refused ? refused.status : parsed.documents.length === 0 ? 'no_document' : 'documents';
  const detail =
    status === 'unattributed'
      ? `no client address among the recipients (${recipients.join(', ') || 'none'})`
      : refused
        ? refused.detail
        : status === 'no_document'
          ? `no PDF or image attached (${parsed.skippedAttachments} other attachment(s), ${parsed.nestedMessages} forwarded message(s) opened)`
          : null;
  const message: StoredMessage = {
    ...base,
    messageId: parsed.messageId ?? meta.messageId,
    subject: parsed.subject ?? meta.subject,
    from,
    recipients,
    clientId: client?.id ?? null,
    senderAllowed: allowed,
    status,
    detail,
    // A mail that gave no document keeps its raw bytes, so an operator can see what it carried.
    raw: status === 'documents' ? null : raw,
    documents: status === 'documents' ? parsed.documents : [],
  };
  return { message, raw };
}

/**
 * Mails per batch: the first batch is small and each next one twice as large, up to 100. A backlog
 * is taken in with few round trips, while its first documents reach the readers (and a crash's
 * restart finds them stored) after a few mails, not after a hundred. A batch downloads at most
 * BATCH_BYTES (a mail over it is a batch alone), so memory stays bounded by that, not by the backlog.
 */
const FIRST_BATCH_MAILS = 10;
const BATCH_MAILS = 100;
const BATCH_BYTES = 32 * 1024 * 1024;

function* batches(pending: readonly MessageMeta[], maxMessageBytes: number): Generator<MessageMeta[]> {
  let batch: MessageMeta[] = [];
  let bytes = 0;
  let limit = FIRST_BATCH_MAILS;
  for (const meta of pending) {
    const download = meta.size > maxMessageBytes ? 0 : meta.size; // oversized: never downloaded
    if (batch.length > 0 && (batch.length >= limit || bytes + download > BATCH_BYTES)) {
      yield batch;
      batch = [];
      bytes = 0;
      limit = Math.min(BATCH_MAILS, limit * 2);
    }
    batch.push(meta);
    bytes += download;
  }
  if (batch.length > 0) yield batch;
}

/** The sources of a set of UIDs in one FETCH (a message gone from the server meanwhile is absent). */
async function fetchSources(imap: ImapFlow, uids: readonly number[]): Promise<Map<number, Buffer>> {
  const sources = new Map<number, Buffer>();
  if (uids.length === 0) return sources;
  for await (const msg of imap.fetch(uids.join(','), { uid: true, source: true }, { uid: true })) {
    if (msg.source) sources.set(msg.uid, msg.source);
  }
  return sources;
}

/**
 * Stores a batch in one transaction; when PostgreSQL refuses one of its values (class 22/54), the
 * batch is stored again a message at a time, so the one it refuses is kept as raw bytes and the
 * others as parsed (the same outcome as storing each on its own from the start).
 */
async function storeBatch(ctx: AppContext, prepared: readonly PreparedMessage[]) {
  try {
    return await storeMessages(ctx.db, prepared.map((p) => p.message));
  } catch (error) {
    const state = sqlState(error);
    if (!state || !(state.startsWith('22') || state.startsWith('54'))) throw error;
    const results = [];
    for (const p of prepared) results.push(await storeOrKeepRaw(ctx, p.message, p.raw));
    return results;
  }
}

/** The SQLSTATE of a PostgreSQL error, also when a driver or ORM wrapped it. */
function sqlState(error: unknown): string | null {
  for (let e = error, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth += 1) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return null;
}

/**
 * Stores the message; when PostgreSQL refuses one of its values all the same (class 22: data
 * exception; 54: a value over a limit), stores it again as `unparseable` with only its raw bytes, so
 * the poll moves past it instead of failing on it every time.
 */
async function storeOrKeepRaw(ctx: AppContext, m: StoredMessage, raw: Buffer) {
  try {
    return await storeMessage(ctx.db, m);
  } catch (error) {
    const state = sqlState(error);
    if (!state || !(state.startsWith('22') || state.startsWith('54'))) throw error;
    ctx.log.warn({ uid: m.uid, sqlState: state }, 'mail refused by PostgreSQL; kept as raw bytes');
    return storeMessage(ctx.db, {
      ...m,
      messageId: null,
      from: null,
      subject: null,
      recipients: [],
      status: 'unparseable',
      detail: `the mail could not be stored as parsed (PostgreSQL ${state}); kept as raw bytes`,
      raw,
      documents: [],
    });
  }
}

/** Opens the folder; a folder that does not exist is a setup mistake, not worth retrying. */
async function openFolder(imap: ImapFlow, mailbox: MailboxRow) {
  try {
    return await imap.getMailboxLock(mailbox.folder);
  } catch (error) {
    const e = error as { responseText?: string; serverResponseCode?: string };
    if (e.serverResponseCode === 'NONEXISTENT' || /doesn't exist|does not exist|no such|unknown mailbox/i.test(e.responseText ?? '')) {
      throw new PermanentError(`mailbox ${mailbox.name}: folder "${mailbox.folder}" does not exist on ${mailbox.host}`, 'missing_folder', { cause: error });
    }
    throw error;
  }
}

/** Marks stored mails on the server — one STORE (or MOVE) for the set — and records the outcome. */
async function applyServerActions(
  ctx: AppContext,
  imap: ImapFlow,
  mailbox: MailboxRow,
  mails: readonly { id: string; uid: number }[],
  log: AppContext['log'],
  onFailure: (error: unknown) => void,
) {
  if (mails.length === 0) return;
  const uids = mails.map((m) => m.uid).join(',');
  const what = mails.length === 1 ? 'the message' : `the ${mails.length} messages`;
  let outcome: 'done' | 'failed' = 'done';
  try {
    if (mailbox.processedFolder) {
      await imap.mailboxCreate(mailbox.processedFolder).catch(() => undefined); // exists already: fine
      const moved = await imap.messageMove(uids, mailbox.processedFolder, { uid: true });
      if (moved === false) throw new Error(`could not move ${what} to "${mailbox.processedFolder}"`);
    } else {
      const flagged = await imap.messageFlagsAdd(uids, ['\\Seen'], { uid: true });
      if (flagged === false) throw new Error(`could not mark ${what} \\Seen`);
    }
  } catch (error) {
    // The mails are safely stored; marking them is recorded as failed and retried on the next poll.
    outcome = 'failed';
    for (let i = 0; i < mails.length; i++) onFailure(error);
    log.warn({ uids: mails.length === 1 ? mails[0]!.uid : `${mails[0]!.uid}…${mails.at(-1)!.uid} (${mails.length})`, err: errorMessage(error) }, 'could not mark message(s) on the server; will retry on the next poll');
  }
  for (let i = 0; i < mails.length; i += 1_000) {
    await ctx.db.update(receivedMails).set({ serverAction: outcome }).where(inArray(receivedMails.id, mails.slice(i, i + 1_000).map((m) => m.id)));
  }
}

async function finishPendingServerActions(
  ctx: AppContext,
  imap: ImapFlow,
  mailbox: MailboxRow,
  uidValidity: number,
  log: AppContext['log'],
  onFailure: (error: unknown) => void,
) {
  const pending = await ctx.db
    .select({ id: receivedMails.id, uid: receivedMails.uid })
    .from(receivedMails)
    .where(
      and(eq(receivedMails.mailboxId, mailbox.id), eq(receivedMails.uidValidity, uidValidity), inArray(receivedMails.serverAction, ['pending', 'failed'])),
    );
  for (let i = 0; i < pending.length; i += BATCH_MAILS) await applyServerActions(ctx, imap, mailbox, pending.slice(i, i + BATCH_MAILS), log, onFailure);
}
