// The export record per document (spec: "Export record"). Liability of a document that is still
// open depends on today, so it is attributed at export time from the stored facts.
import { asc, eq } from 'drizzle-orm';
import { assessments, clients, contracts, documents, extractedFields } from '../../db/schema.js';
import type { Database } from '../db/database.js';
import { formatBrusselsInstant } from '../domain/brussels-time.js';
import type { IsoDate } from '../domain/calendar-date.js';
import { attributeLiability, isOperatorLiability, operatorLiability } from '../domain/liability.js';
import type { Liability } from '../domain/types.js';

export type ExportRecord = {
  id: string;
  client: string;
  sha256: string;
  filename: string;
  receivedAt: string;
  kind: string | null;
  plate: string | null;
  offenceAt: string | null;
  dueDate: string | null;
  redirectDeadline: string | null;
  amountCents: number | null;
  reference: string | null;
  contractRef: string | null;
  decision: 'redirect' | 'recharge' | 'review' | 'duplicate' | 'not_a_fine';
  reviewReasons: string[];
  duplicateOf: string | null;
  deadlineBasis: string | null;
  latestDeliveryDate: string | null;
  delivery: string | null;
  liability: Liability;
  processedAt: string | null;
};

export const EXPORT_COLUMNS = [
  'id', 'client', 'sha256', 'filename', 'receivedAt', 'kind', 'plate', 'offenceAt', 'dueDate', 'redirectDeadline',
  'amountCents', 'reference', 'contractRef', 'decision', 'reviewReasons', 'duplicateOf', 'deadlineBasis',
  'latestDeliveryDate', 'delivery', 'liability.party', 'liability.reason', 'processedAt',
] as const;

export async function exportRecords(db: Database, now: Date, clientCode?: string): Promise<ExportRecord[]> {
  const rows = await db
    .select({
      id: documents.id,
      client: clients.code,
      sha256: documents.sha256,
      filename: documents.filename,
      receivedAt: documents.receivedAt,
      ext: extractedFields,
      a: assessments,
      contractRef: contracts.contractRef,
    })
    .from(documents)
    .innerJoin(clients, eq(clients.id, documents.clientId))
    .leftJoin(extractedFields, eq(extractedFields.documentId, documents.id))
    .leftJoin(assessments, eq(assessments.documentId, documents.id))
    .leftJoin(contracts, eq(contracts.id, assessments.contractId))
    .where(clientCode ? eq(clients.code, clientCode) : undefined)
    .orderBy(asc(documents.receivedAt), asc(documents.id));

  return rows.map(({ ext, a, ...r }) => {
    // An operator's re-attribution stands; otherwise liability of an open document depends on today.
    const liability: Liability = a && isOperatorLiability(a.liabilityReason)
      ? operatorLiability(a.liabilityReason)
      : a
      ? attributeLiability(
          {
            receivedAt: r.receivedAt,
            latestDeliveryDate: a.latestDeliveryDate as IsoDate | null,
            deadlineBasisDate: a.deadlineBasisDate as IsoDate | null,
            informationCompleteAt: a.informationCompleteAt,
            waitingForClient: a.waitingForClient,
            processedAt: a.processedAt,
          },
          now,
        )
      : { party: 'undetermined', reason: 'pending' };
    return {
      id: r.id,
      client: r.client,
      sha256: r.sha256,
      filename: r.filename,
      receivedAt: formatBrusselsInstant(r.receivedAt),
      kind: ext?.kind ?? null,
      plate: ext?.plate ?? null,
      offenceAt: ext?.offenceAt ? formatBrusselsInstant(ext.offenceAt) : null,
      dueDate: ext?.dueDate ?? null,
      redirectDeadline: ext?.redirectDeadline ?? null,
      amountCents: ext?.amountCents ?? null,
      reference: ext?.reference ?? null,
      contractRef: r.contractRef ?? null,
      decision: a?.decision ?? 'review',
      reviewReasons: a?.reviewReasons ?? [],
      duplicateOf: a?.duplicateOf ?? null,
      deadlineBasis: a?.deadlineBasis ?? null,
      latestDeliveryDate: a?.latestDeliveryDate ?? null,
      delivery: a?.delivery ?? null,
      liability,
      processedAt: a?.processedAt ? formatBrusselsInstant(a.processedAt) : null,
    };
  });
}

/** CSV cells: nested objects flattened with a dot, arrays joined with "|". */
export function flattenRecord(r: ExportRecord): Record<(typeof EXPORT_COLUMNS)[number], string | number | null> {
  const { liability, reviewReasons, ...rest } = r;
  return { ...rest, reviewReasons: reviewReasons.join('|'), 'liability.party': liability.party, 'liability.reason': liability.reason };
}
