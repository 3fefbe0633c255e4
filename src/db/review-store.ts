// The operators' review queue: documents whose assessment is `review`, most urgent first (latest
// delivery date, then deadline basis; unknown deadlines first, since an operator must read them).
import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { assessments, clients, documents, extractedFields } from '../../db/schema.js';
import type { ReviewReason } from '../domain/types.js';
import type { Executor } from './database.js';

export type QueueFilter = {
  /** Only this client's documents (a client user's scope, or an operator's filter). */
  clientId?: string | null;
  reason?: ReviewReason | null;
  /** `waiting`: waiting for the client's information; `operator`: needs an operator. */
  status?: 'waiting' | 'operator' | null;
};

export type QueueRow = {
  id: string;
  client: string;
  filename: string;
  receivedAt: Date;
  kind: string | null;
  plate: string | null;
  reasons: ReviewReason[];
  waitingForClient: boolean;
  latestDeliveryDate: string | null;
  deadlineBasis: string | null;
  deadlineBasisDate: string | null;
  version: number;
};

function where(filter: QueueFilter): SQL | undefined {
  return and(
    eq(assessments.decision, 'review'),
    filter.clientId ? eq(assessments.clientId, filter.clientId) : undefined,
    filter.reason ? sql`${filter.reason} = any(${assessments.reviewReasons})` : undefined,
    filter.status ? eq(assessments.waitingForClient, filter.status === 'waiting') : undefined,
  );
}

export async function listQueue(db: Executor, filter: QueueFilter, page: { limit: number; offset: number }): Promise<QueueRow[]> {
  // The page's ids first, straight from a queue index (assessments_client_queue for one client,
  // assessments_queue otherwise), then the rest joined for those rows only: a deep page skips
  // rows without joining them.
  const order = [sql`${assessments.latestDeliveryDate} asc nulls first`, sql`${assessments.deadlineBasisDate} asc nulls first`, asc(assessments.documentId)];
  const idRows = await db
    .select({ id: assessments.documentId })
    .from(assessments)
    .where(where(filter))
    .orderBy(...order)
    .limit(page.limit)
    .offset(page.offset);
  if (idRows.length === 0) return [];
  const rows = await db
    .select({
      id: documents.id,
      client: clients.code,
      filename: documents.filename,
      receivedAt: documents.receivedAt,
      kind: extractedFields.kind,
      plate: extractedFields.plate,
      reasons: assessments.reviewReasons,
      waitingForClient: assessments.waitingForClient,
      latestDeliveryDate: assessments.latestDeliveryDate,
      deadlineBasis: assessments.deadlineBasis,
      deadlineBasisDate: assessments.deadlineBasisDate,
      version: assessments.version,
    })
    .from(assessments)
    .innerJoin(documents, eq(documents.id, assessments.documentId))
    .innerJoin(clients, eq(clients.id, documents.clientId))
    .leftJoin(extractedFields, eq(extractedFields.documentId, documents.id))
    .where(inArray(assessments.documentId, idRows.map((r) => r.id)))
    .orderBy(...order);
  return rows.map((r) => ({ ...r, reasons: r.reasons as ReviewReason[] }));
}

/** Documents in review per reason (a document with two reasons counts under both) and in total. */
export async function queueCounts(db: Executor, filter: Omit<QueueFilter, 'reason'>): Promise<{ total: number; byReason: Map<string, number> }> {
  // One pass grouped by the reasons array (a handful of combinations; an index-only scan of
  // assessments_review_counts, or of assessments_client_queue for one client), then split per
  // reason: at 100,000 documents, unnesting every row and joining documents were most of the
  // page's time.
  const scoped = { clientId: filter.clientId, status: filter.status };
  const groups = await db
    .select({ reasons: assessments.reviewReasons, n: sql<number>`count(*)::int` })
    .from(assessments)
    .where(where(scoped))
    .groupBy(assessments.reviewReasons);
  const byReason = new Map<string, number>();
  let total = 0;
  for (const g of groups) {
    total += g.n;
    for (const r of g.reasons) byReason.set(r, (byReason.get(r) ?? 0) + g.n);
  }
  return { total, byReason };
}

/** The next document in the queue after this one (same filter), for "resolve and next". */
export async function nextInQueue(db: Executor, filter: QueueFilter, afterId: string): Promise<string | null> {
  const rows = await listQueue(db, filter, { limit: 2, offset: 0 });
  const other = rows.find((r) => r.id !== afterId);
  return other?.id ?? null;
}

export async function listClients(db: Executor): Promise<{ id: string; code: string; name: string }[]> {
  return db.select({ id: clients.id, code: clients.code, name: clients.name }).from(clients).orderBy(asc(clients.code));
}
