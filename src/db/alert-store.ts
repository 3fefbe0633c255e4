// The alert outbox: alerts are recorded (once per key; recording again is a no-op), then claimed by
// one sender with a conditional update, sent, and marked sent. See ARCHITECTURE.md "Alerts" for why
// a crash anywhere in that path sends the mail once.
import { and, asc, desc, eq, gt, inArray, isNotNull, isNull, ne, notInArray, or, sql } from 'drizzle-orm';
import { alerts, assessments, clients, documents, extractedFields, receivedMails } from '../../db/schema.js';
import type { IsoDate } from '../domain/calendar-date.js';
import { byUrgency, OPERATOR_DIGEST_LIMIT, type AlertAudience, type AlertFacts, type AlertKind, type AlertLanguage, type ClientAlertMode } from '../domain/due-alerts.js';
import type { Decision, ReviewReason } from '../domain/types.js';
import type { Executor } from './database.js';
import { queueCounts } from './review-store.js';

export type AlertRow = typeof alerts.$inferSelect;

export type DocumentAlertFacts = { documentId: string; clientId: string; facts: AlertFacts };

/**
 * The alert facts of one document, or of every document that may still earn an alert: assessed,
 * not closed, and unprocessed or processed in the last 30 days (a late delivery is recorded at its
 * assessment; the sweep only catches one whose recording failed).
 */
export async function loadAlertFacts(db: Executor, now: Date, documentId?: string): Promise<DocumentAlertFacts[]> {
  const recent = new Date(now.getTime() - 30 * 24 * 3600 * 1000);
  const rows = await db
    .select({
      documentId: documents.id,
      clientId: documents.clientId,
      receivedAt: documents.receivedAt,
      a: assessments,
      alertMode: clients.alertMode,
    })
    .from(documents)
    .innerJoin(assessments, eq(assessments.documentId, documents.id))
    .innerJoin(clients, eq(clients.id, documents.clientId))
    .where(
      documentId
        ? eq(documents.id, documentId)
        : and(notInArray(assessments.decision, ['duplicate', 'not_a_fine']), or(isNull(assessments.processedAt), gt(assessments.processedAt, recent))),
    );
  return rows.map((r) => ({
    documentId: r.documentId,
    clientId: r.clientId,
    facts: {
      decision: r.a.decision as Decision,
      reviewReasons: r.a.reviewReasons as ReviewReason[],
      waitingForClient: r.a.waitingForClient,
      receivedAt: r.receivedAt,
      deadlineBasisDate: r.a.deadlineBasisDate as IsoDate | null,
      latestDeliveryDate: r.a.latestDeliveryDate as IsoDate | null,
      informationCompleteAt: r.a.informationCompleteAt,
      processedAt: r.a.processedAt,
      clientAlerts: r.alertMode,
    },
  }));
}

export type NewAlert = {
  key: string;
  kind: AlertKind;
  audience: AlertAudience;
  delivery: ClientAlertMode;
  documentId?: string | null;
  mailId?: string | null;
  clientId?: string | null;
  recipient?: string | null;
  /** Recorded as not to be sent, with the reason in lastError. */
  skipped?: string;
};

/** Records alerts not recorded before (same key: nothing happens). Returns the ids of the new ones. */
export async function recordAlerts(db: Executor, rows: readonly NewAlert[]): Promise<{ id: string; delivery: ClientAlertMode }[]> {
  if (rows.length === 0) return [];
  return db
    .insert(alerts)
    .values(
      rows.map(({ skipped, ...r }) => ({
        ...r,
        documentId: r.documentId ?? null,
        mailId: r.mailId ?? null,
        clientId: r.clientId ?? null,
        recipient: r.recipient ?? null,
        ...(skipped ? { state: 'skipped' as const, lastError: skipped } : {}),
      })),
    )
    .onConflictDoNothing({ target: alerts.key })
    .returning({ id: alerts.id, delivery: alerts.delivery });
}

/**
 * Alerts a sender should take: immediate ones (and digests) still pending, and ones claimed but not
 * finished — their sender may have died mid-send; the claim decides (busy until its lease runs out).
 */
export async function alertsToSend(db: Executor): Promise<string[]> {
  const rows = await db
    .select({ id: alerts.id })
    .from(alerts)
    .where(and(eq(alerts.delivery, 'immediate'), inArray(alerts.state, ['pending', 'sending'])))
    .orderBy(asc(alerts.createdAt));
  return rows.map((r) => r.id);
}

export type Claim =
  | { claimed: AlertRow }
  | { skipped: string }
  /** Another sender holds it and may still be sending: try again after its lease. */
  | { busy: true }
  | { failed: string }
  | { folded: true };

export type ClaimOptions = { now: Date; leaseMs: number; operatorEmail: string | null; maxPerClientHour: number };

/**
 * Takes one alert for sending, in one transaction: only a pending alert, or one whose sender's
 * lease ran out, is claimed (state `sending`, attempts + 1). Resolves the recipient; a client over
 * its hourly limit gets the alert in its next digest instead.
 */
export async function claimAlert(db: Executor, alertId: string, o: ClaimOptions): Promise<Claim> {
  return db.transaction(async (tx) => {
    const [alert] = await tx.select().from(alerts).where(eq(alerts.id, alertId)).for('update');
    if (!alert) return { skipped: 'unknown alert' };
    if (alert.state !== 'pending' && alert.state !== 'sending') return { skipped: alert.state };
    if (alert.state === 'sending' && alert.claimedAt && alert.claimedAt.getTime() > o.now.getTime() - o.leaseMs) return { busy: true };
    if (alert.delivery === 'digest') return { skipped: 'waits for the digest' };

    let recipient = alert.recipient;
    if (alert.audience === 'operators') recipient = o.operatorEmail;
    else if (alert.audience === 'client') {
      const [client] = alert.clientId ? await tx.select({ code: clients.code, notifyEmail: clients.notifyEmail }).from(clients).where(eq(clients.id, alert.clientId)) : [];
      recipient = client?.notifyEmail ?? null;
      if (!recipient) {
        const why = `client ${client?.code ?? '?'} has no notifyEmail in its setup: the alert cannot be sent`;
        await tx.update(alerts).set({ state: 'failed', lastError: why }).where(eq(alerts.id, alertId));
        return { failed: why };
      }
      if (alert.kind !== 'client_digest') {
        // Serialises the count per client: two senders cannot both take the last mail of the hour.
        await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtextextended(${`boete-alert-rate-${alert.clientId}`}, 0))`);
        const hourAgo = new Date(o.now.getTime() - 3600_000);
        const [{ n } = { n: 0 }] = await tx
          .select({ n: sql<number>`count(*)::int` })
          .from(alerts)
          .where(
            and(
              eq(alerts.clientId, alert.clientId as string),
              eq(alerts.audience, 'client'),
              ne(alerts.kind, 'client_digest'),
              or(and(eq(alerts.state, 'sent'), gt(alerts.sentAt, hourAgo)), and(eq(alerts.state, 'sending'), ne(alerts.id, alertId))),
            ),
          );
        if (n >= o.maxPerClientHour) {
          await tx.update(alerts).set({ delivery: 'digest', lastError: `over ${o.maxPerClientHour} mails an hour: in the next digest` }).where(eq(alerts.id, alertId));
          return { folded: true };
        }
      }
    }
    if (!recipient) {
      const why = alert.audience === 'operators' ? 'BOETE_OPERATOR_EMAIL is not set: the operators\u2019 alert cannot be sent' : 'the mail has no sender address to reply to';
      await tx.update(alerts).set({ state: 'failed', lastError: why }).where(eq(alerts.id, alertId));
      return { failed: why };
    }
    const [claimed] = await tx
      .update(alerts)
      .set({ state: 'sending', claimedAt: o.now, attempts: sql`${alerts.attempts} + 1`, recipient })
      .where(eq(alerts.id, alertId))
      .returning();
    return claimed ? { claimed } : { skipped: 'gone' };
  });
}

/** Sent: only the claim's own row moves (a row already marked by a redelivery stays as it is). */
export async function markAlertSent(db: Executor, alertId: string, now: Date): Promise<void> {
  await db.update(alerts).set({ state: 'sent', sentAt: now, lastError: null }).where(and(eq(alerts.id, alertId), eq(alerts.state, 'sending')));
}

/** Back to pending with the error: BullMQ retries it, and the sweep finds it if every retry fails. */
export async function releaseAlert(db: Executor, alertId: string, error: string): Promise<void> {
  await db.update(alerts).set({ state: 'pending', claimedAt: null, lastError: error.slice(0, 2000) }).where(and(eq(alerts.id, alertId), eq(alerts.state, 'sending')));
}

export async function failAlert(db: Executor, alertId: string, error: string): Promise<void> {
  await db.update(alerts).set({ state: 'failed', lastError: error.slice(0, 2000) }).where(eq(alerts.id, alertId));
}

/** What a mail about one document says: the letter's facts, the client's name and language. */
export type AlertDocument = {
  documentId: string;
  filename: string;
  receivedAt: Date;
  plate: string | null;
  reference: string | null;
  dueDate: string | null;
  redirectDeadline: string | null;
  deadlineBasisDate: IsoDate | null;
  latestDeliveryDate: IsoDate | null;
  reviewReasons: ReviewReason[];
  kind: AlertKind | null;
};

export type AlertContent = {
  alert: AlertRow;
  client: { code: string; name: string; language: AlertLanguage } | null;
  /** The document of a document alert; every document listed for a digest. */
  documents: AlertDocument[];
  mail: { subject: string | null; receivedAt: Date } | null;
  /** The operators' digest: the review queue of every client on the digest's day. */
  operatorDigest?: OperatorDigest;
};

export type OperatorDigestRow = {
  clientCode: string;
  plate: string | null;
  reference: string | null;
  reasons: ReviewReason[];
  latestDeliveryDate: IsoDate | null;
  deadlineBasisDate: IsoDate | null;
};

export type OperatorDigest = {
  /** The Brussels day the digest is for: working days left are counted from it. */
  day: IsoDate;
  /** Documents in review in all; `documents` holds the most urgent of them. */
  total: number;
  byReason: [ReviewReason, number][];
  documents: OperatorDigestRow[];
};

const documentColumns = {
  documentId: documents.id,
  filename: documents.filename,
  receivedAt: documents.receivedAt,
  plate: extractedFields.plate,
  reference: extractedFields.reference,
  dueDate: extractedFields.dueDate,
  redirectDeadline: extractedFields.redirectDeadline,
  deadlineBasisDate: assessments.deadlineBasisDate,
  latestDeliveryDate: assessments.latestDeliveryDate,
  reviewReasons: assessments.reviewReasons,
};

type DocumentRow = { [K in keyof typeof documentColumns]: unknown };
const toAlertDocument = (r: DocumentRow, kind: AlertKind | null): AlertDocument => ({ ...(r as Omit<AlertDocument, 'kind'>), kind });

export async function loadAlertContent(db: Executor, alert: AlertRow): Promise<AlertContent> {
  const [client] = alert.clientId
    ? await db.select({ code: clients.code, name: clients.name, language: clients.language }).from(clients).where(eq(clients.id, alert.clientId))
    : [];
  let docs: AlertDocument[] = [];
  if (alert.kind === 'client_digest' && alert.clientId) {
    // Every document of this client that waits for its information, plus the alerts folded in.
    const waiting = await db
      .select(documentColumns)
      .from(documents)
      .innerJoin(assessments, eq(assessments.documentId, documents.id))
      .leftJoin(extractedFields, eq(extractedFields.documentId, documents.id))
      .where(and(eq(documents.clientId, alert.clientId), eq(assessments.decision, 'review'), eq(assessments.waitingForClient, true)));
    const folded = await db
      .select({ ...documentColumns, kind: alerts.kind })
      .from(alerts)
      .innerJoin(documents, eq(documents.id, alerts.documentId))
      .leftJoin(assessments, eq(assessments.documentId, documents.id))
      .leftJoin(extractedFields, eq(extractedFields.documentId, documents.id))
      .where(and(eq(alerts.digestId, alert.id), eq(documents.clientId, alert.clientId)));
    docs = [
      ...waiting.map((w) => toAlertDocument(w, 'information_needed')),
      ...folded.filter((f) => f.kind === 'late_delivery').map((f) => toAlertDocument(f, 'late_delivery')),
    ].sort(byUrgency);
  } else if (alert.kind === 'operator_digest') {
    return { alert, client: null, documents: [], mail: null, operatorDigest: await loadOperatorDigest(db, alert.key.slice('operator_digest/'.length) as IsoDate) };
  } else if (alert.documentId) {
    docs = (
      await db
        .select(documentColumns)
        .from(documents)
        .leftJoin(assessments, eq(assessments.documentId, documents.id))
        .leftJoin(extractedFields, eq(extractedFields.documentId, documents.id))
        .where(eq(documents.id, alert.documentId))
    ).map((r) => toAlertDocument(r, alert.kind as AlertKind));
  }
  const [mail] = alert.mailId
    ? await db.select({ subject: receivedMails.subject, receivedAt: receivedMails.internalDate }).from(receivedMails).where(eq(receivedMails.id, alert.mailId))
    : [];
  return {
    alert,
    client: client ? { code: client.code, name: client.name, language: client.language } : null,
    documents: docs.map((d) => ({ ...d, reviewReasons: d.reviewReasons ?? [] })),
    mail: mail ?? null,
  };
}

/**
 * Every document in review, across clients, the most urgent first (domain byUrgency: earliest
 * latestDeliveryDate, then deadline basis, unknown last), the first OPERATOR_DIGEST_LIMIT of them,
 * with the counts per reason of the whole queue.
 */
async function loadOperatorDigest(db: Executor, day: IsoDate): Promise<OperatorDigest> {
  const urgency = sql`coalesce(${assessments.latestDeliveryDate}, ${assessments.deadlineBasisDate})`;
  const rows = await db
    .select({
      clientCode: clients.code,
      plate: extractedFields.plate,
      reference: extractedFields.reference,
      reasons: assessments.reviewReasons,
      latestDeliveryDate: assessments.latestDeliveryDate,
      deadlineBasisDate: assessments.deadlineBasisDate,
    })
    .from(assessments)
    .innerJoin(documents, eq(documents.id, assessments.documentId))
    .innerJoin(clients, eq(clients.id, documents.clientId))
    .leftJoin(extractedFields, eq(extractedFields.documentId, documents.id))
    .where(eq(assessments.decision, 'review'))
    .orderBy(sql`${urgency} asc nulls last`, asc(assessments.documentId))
    .limit(OPERATOR_DIGEST_LIMIT);
  const counts = await queueCounts(db, {});
  return {
    day,
    total: Math.max(counts.total, rows.length),
    byReason: [...counts.byReason.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)) as [ReviewReason, number][],
    // Sorted again by the domain's rule, so the order is the one the client digests use.
    documents: rows.map((r) => ({ ...r, reasons: r.reasons as ReviewReason[], latestDeliveryDate: r.latestDeliveryDate as IsoDate | null, deadlineBasisDate: r.deadlineBasisDate as IsoDate | null })).sort(byUrgency),
  };
}

/** Documents open in review, across clients: whether the operators' digest has anything to say. */
export async function countOpenInReview(db: Executor): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(assessments).where(eq(assessments.decision, 'review'));
  return row?.n ?? 0;
}

/** Records the operators' digest of `day` (once: its key is the day). Returns its id, or null when it exists. */
export async function recordOperatorDigest(db: Executor, day: IsoDate): Promise<string | null> {
  const [digest] = await recordAlerts(db, [{ key: `operator_digest/${day}`, kind: 'operator_digest', audience: 'operators', delivery: 'immediate' }]);
  return digest?.id ?? null;
}

/**
 * Clients that have something for a digest on `day`: a digest client with documents waiting for
 * its information, or any client with alerts folded into the digest.
 */
export async function clientsDueForDigest(db: Executor): Promise<string[]> {
  const waiting = await db
    .selectDistinct({ id: clients.id })
    .from(clients)
    .innerJoin(documents, eq(documents.clientId, clients.id))
    .innerJoin(assessments, eq(assessments.documentId, documents.id))
    .where(and(eq(clients.alertMode, 'digest'), eq(assessments.decision, 'review'), eq(assessments.waitingForClient, true)));
  const folded = await db
    .selectDistinct({ id: alerts.clientId })
    .from(alerts)
    .where(and(eq(alerts.delivery, 'digest'), eq(alerts.state, 'pending'), ne(alerts.kind, 'client_digest'), isNotNull(alerts.clientId)));
  return [...new Set([...waiting.map((w) => w.id), ...folded.map((f) => f.id as string)])];
}

/**
 * Records the client's digest of `day` (once: its key is client + day) and, in the same
 * transaction, hands it the alerts folded in so far. Returns the new digest's id, or null when the
 * day's digest exists already.
 */
export async function recordDigest(db: Executor, clientId: string, day: IsoDate): Promise<string | null> {
  return db.transaction(async (tx) => {
    const [digest] = await recordAlerts(tx, [{ key: `client_digest/${clientId}/${day}`, kind: 'client_digest', audience: 'client', delivery: 'immediate', clientId }]);
    if (!digest) return null;
    await tx
      .update(alerts)
      .set({ state: 'digested', digestId: digest.id })
      .where(and(eq(alerts.clientId, clientId), eq(alerts.delivery, 'digest'), eq(alerts.state, 'pending'), ne(alerts.kind, 'client_digest')));
    return digest.id;
  });
}

/** Mails that carried no document, from an allowed sender of a client, with no reply recorded yet. */
export async function mailsWithoutDocument(db: Executor, since: Date) {
  return db
    .select({ id: receivedMails.id, clientId: receivedMails.clientId, from: receivedMails.fromAddress, internalDate: receivedMails.internalDate, raw: receivedMails.raw })
    .from(receivedMails)
    .leftJoin(alerts, and(eq(alerts.mailId, receivedMails.id), eq(alerts.kind, 'no_document_reply')))
    .where(and(eq(receivedMails.status, 'no_document'), eq(receivedMails.senderAllowed, true), isNotNull(receivedMails.clientId), gt(receivedMails.internalDate, since), isNull(alerts.id)));
}

/** Every client's personalized addresses: never a reply's recipient (loop protection). */
export async function allClientAddresses(db: Executor): Promise<string[]> {
  const rows = await db.select({ addresses: clients.addresses }).from(clients);
  return rows.flatMap((r) => r.addresses);
}

export type AlertListing = AlertRow & { client: string | null };

export async function listAlerts(db: Executor, filter: { state?: string; client?: string; limit: number }): Promise<AlertListing[]> {
  const rows = await db
    .select({ alert: alerts, client: clients.code })
    .from(alerts)
    .leftJoin(clients, eq(clients.id, alerts.clientId))
    .where(and(filter.state ? eq(alerts.state, filter.state as AlertRow['state']) : undefined, filter.client ? eq(clients.code, filter.client) : undefined))
    .orderBy(desc(alerts.createdAt))
    .limit(filter.limit);
  return rows.map((r) => ({ ...r.alert, client: r.client }));
}

export async function alertsOfDocuments(db: Executor, documentIds: string[]): Promise<AlertRow[]> {
  if (documentIds.length === 0) return [];
  return db.select().from(alerts).where(inArray(alerts.documentId, documentIds));
}
