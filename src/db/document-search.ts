// Operators' search over every document (plate, reference, client, decision or pending, received
// between two dates) and the dashboard's counts. Newest first; the filter is also the export's.
import { and, desc, eq, gte, inArray, isNull, lt, sql, type SQL } from 'drizzle-orm';
import { assessments, clients, documents, extractedFields } from '../../db/schema.js';
import { brusselsInstant } from '../domain/brussels-time.js';
import { addCalendarDays, type IsoDate } from '../domain/calendar-date.js';
import { referenceKey } from '../domain/duplicates.js';
import { normalisePlate } from '../domain/plate.js';
import type { Executor } from './database.js';

export const SEARCH_STATUSES = ['redirect', 'recharge', 'review', 'duplicate', 'not_a_fine', 'pending'] as const;
export type SearchStatus = (typeof SEARCH_STATUSES)[number];

export type SearchFilter = {
  plate?: string | null;
  reference?: string | null;
  clientId?: string | null;
  /** A decision, or `pending`: not assessed yet (being read). */
  status?: SearchStatus | null;
  /** Received on or after this Brussels date. */
  from?: IsoDate | null;
  /** Received on or before this Brussels date. */
  to?: IsoDate | null;
};

export type SearchRow = {
  id: string;
  client: string;
  filename: string;
  receivedAt: Date;
  plate: string | null;
  reference: string | null;
  kind: string | null;
  decision: string | null;
  reviewReasons: string[] | null;
  latestDeliveryDate: string | null;
};

function where(filter: SearchFilter): SQL | undefined {
  const plate = filter.plate ? normalisePlate(filter.plate) : '';
  const reference = filter.reference ? referenceKey(filter.reference) : '';
  return and(
    plate ? eq(extractedFields.plate, plate) : undefined,
    reference ? eq(extractedFields.referenceKey, reference) : undefined,
    filter.clientId ? eq(documents.clientId, filter.clientId) : undefined,
    filter.status === 'pending' ? isNull(assessments.documentId) : filter.status ? eq(assessments.decision, filter.status) : undefined,
    filter.from ? gte(documents.receivedAt, brusselsInstant(filter.from)) : undefined,
    filter.to ? lt(documents.receivedAt, brusselsInstant(addCalendarDays(filter.to, 1))) : undefined,
  );
}

export async function searchDocuments(db: Executor, filter: SearchFilter, page: { limit: number; offset: number }): Promise<{ rows: SearchRow[]; more: boolean }> {
  const rows = await db
    .select({
      id: documents.id,
      client: clients.code,
      filename: documents.filename,
      receivedAt: documents.receivedAt,
      plate: extractedFields.plate,
      reference: extractedFields.reference,
      kind: extractedFields.kind,
      decision: assessments.decision,
      reviewReasons: assessments.reviewReasons,
      latestDeliveryDate: assessments.latestDeliveryDate,
    })
    .from(documents)
    .innerJoin(clients, eq(clients.id, documents.clientId))
    .leftJoin(extractedFields, eq(extractedFields.documentId, documents.id))
    .leftJoin(assessments, eq(assessments.documentId, documents.id))
    .where(where(filter))
    .orderBy(desc(documents.receivedAt), desc(documents.id))
    .limit(page.limit + 1)
    .offset(page.offset);
  return { rows: rows.slice(0, page.limit), more: rows.length > page.limit };
}

/** Every id the filter matches (for the export of a filter). */
export async function searchDocumentIds(db: Executor, filter: SearchFilter): Promise<Set<string>> {
  const rows = await db
    .select({ id: documents.id })
    .from(documents)
    .leftJoin(extractedFields, eq(extractedFields.documentId, documents.id))
    .leftJoin(assessments, eq(assessments.documentId, documents.id))
    .where(where(filter));
  return new Set(rows.map((r) => r.id));
}

export type Dashboard = {
  byStatus: { status: string; n: number }[];
  dueThisWeek: { id: string; client: string; plate: string | null; deadlineBasis: string | null; deadlineBasisDate: string; reasons: string[] }[];
  perClient: { client: string; inReview: number; waitingForClient: number; lateDeliveries: number; incompleteInformation: number }[];
};

/**
 * The dashboard: documents per decision (`pending`: not assessed yet), open reviews whose deadline
 * basis falls in [first, last] (the caller's working week, from the domain), and per client the
 * reviews waiting for it, late deliveries and incomplete information.
 */
export async function dashboard(db: Executor, week: { first: IsoDate; last: IsoDate } | null): Promise<Dashboard> {
  // Four independent reads, side by side on the pool. Decisions from assessments alone (an
  // index-only scan of assessments_decision); `pending` is every document not assessed yet (the
  // outbox status index, by the statuses that have work pending); the per-client figures from
  // assessments_client_attention, which holds only the rows that count for one of them, grouped by
  // the client's id (its code looked up afterwards, 20-odd rows) instead of joining 100,000 documents.
  const [decisions, [pending], dueThisWeek, perClientIds, clientCodes] = await Promise.all([
    db
      .select({ status: assessments.decision, n: sql<number>`count(*)::int` })
      .from(assessments)
      .groupBy(assessments.decision)
      .orderBy(assessments.decision),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(documents)
      .leftJoin(assessments, eq(assessments.documentId, documents.id))
      .where(and(inArray(documents.status, ['received', 'read']), isNull(assessments.documentId))),
    week
      ? db
          .select({
            id: documents.id,
            client: clients.code,
            plate: extractedFields.plate,
            deadlineBasis: assessments.deadlineBasis,
            deadlineBasisDate: sql<string>`${assessments.deadlineBasisDate}`,
            reasons: assessments.reviewReasons,
          })
          .from(assessments)
          .innerJoin(documents, eq(documents.id, assessments.documentId))
          .innerJoin(clients, eq(clients.id, documents.clientId))
          .leftJoin(extractedFields, eq(extractedFields.documentId, documents.id))
          .where(and(eq(assessments.decision, 'review'), sql`${assessments.deadlineBasisDate} between ${week.first} and ${week.last}`))
          .orderBy(assessments.deadlineBasisDate, assessments.documentId)
          .limit(200)
      : Promise.resolve([]),
    db
      .select({
        clientId: assessments.clientId,
        inReview: sql<number>`count(*) filter (where ${assessments.decision} = 'review')::int`,
        waitingForClient: sql<number>`count(*) filter (where ${assessments.decision} = 'review' and ${assessments.waitingForClient})::int`,
        lateDeliveries: sql<number>`count(*) filter (where ${assessments.delivery} = 'late')::int`,
        incompleteInformation: sql<number>`count(*) filter (where ${assessments.liabilityReason} = 'incomplete_information')::int`,
      })
      .from(assessments)
      // The same predicate as the partial index assessments_client_attention, so the planner uses it.
      .where(sql`${assessments.decision} = 'review' or ${assessments.delivery} = 'late' or ${assessments.liabilityReason} = 'incomplete_information'`)
      .groupBy(assessments.clientId),
    db.select({ id: clients.id, code: clients.code }).from(clients),
  ]);
  const byStatus: { status: string; n: number }[] = [...decisions, ...(pending && pending.n > 0 ? [{ status: 'pending', n: pending.n }] : [])];
  const codeOf = new Map(clientCodes.map((c) => [c.id, c.code]));
  const perClient = perClientIds
    .map(({ clientId, ...counts }) => ({ client: codeOf.get(clientId) ?? clientId, ...counts }))
    .sort((a, b) => (a.client < b.client ? -1 : a.client > b.client ? 1 : 0));
  return { byStatus, dueThisWeek: dueThisWeek.map((r) => ({ ...r, reasons: r.reasons ?? [] })), perClient };
}
