// The export record per document (spec: "Export record"). Liability of a document that is still
// open depends on today, so it is attributed at export time from the stored facts.
import { and, asc, count, eq, ne } from 'drizzle-orm';
import { assessments, clients, contracts, documents, extractedFields, receivedMails } from '../../db/schema.js';
import { formatCsv } from '../csv/safe-csv.js';
import type { Database } from '../db/database.js';
import { outputsByDocument, type OutputListing } from '../db/output-store.js';
import { formatBrusselsInstant } from '../domain/brussels-time.js';
import type { IsoDate } from '../domain/calendar-date.js';
import { attributeLiability, isOperatorLiability, operatorLiability } from '../domain/liability.js';
import type { Liability } from '../domain/types.js';
import type { MailWithoutDocument } from './export-table.js';
import { InputError } from '../errors.js';

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
  decision: 'redirect' | 'recharge' | 'review' | 'duplicate';
  reviewReasons: string[];
  duplicateOf: string | null;
  deadlineBasis: string | null;
  latestDeliveryDate: string | null;
  delivery: string | null;
  liability: Liability;
  processedAt: string | null;
  /** What the current decision produced (src/outputs): kind, file name, SHA-256 of the stored bytes, when. */
  outputs: ExportOutput[];
  /** Outputs of earlier assessment versions, kept for the audit and superseded by a re-assessment (newest first). */
  supersededOutputs: ExportOutput[];
};

/** `assessmentVersion` and `superseded` were added after the spec's fields (kind, filename, sha256, createdAt). */
export type ExportOutput = { kind: string; filename: string; sha256: string; createdAt: string; assessmentVersion: number; superseded: boolean };

export const EXPORT_COLUMNS = [
  'id', 'client', 'sha256', 'filename', 'receivedAt', 'kind', 'plate', 'offenceAt', 'dueDate', 'redirectDeadline',
  'amountCents', 'reference', 'contractRef', 'decision', 'reviewReasons', 'duplicateOf', 'deadlineBasis',
  'latestDeliveryDate', 'delivery', 'liability.party', 'liability.reason', 'processedAt',
  // Added after the spec's columns, so a reader of the earlier columns by position still reads them.
  'outputs',
  'supersededOutputs',
] as const;

/** Throws an InputError naming the known clients when `code` is not one: an empty export would hide a typo. */
export async function assertClientExists(db: Database, code: string): Promise<void> {
  const known = await db.select({ code: clients.code }).from(clients).orderBy(asc(clients.code));
  if (known.some((k) => k.code === code)) return;
  const list = known.length === 0 ? 'no client is set up yet (boete setup import)' : `known: ${known.slice(0, 20).map((k) => k.code).join(', ')}${known.length > 20 ? ', …' : ''}`;
  throw new InputError(`unknown client ${JSON.stringify(code)}; ${list}`);
}

export async function exportRecords(db: Database, now: Date, clientCode?: string): Promise<ExportRecord[]> {
  if (clientCode !== undefined) await assertClientExists(db, clientCode);
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
  const outputs = await outputsByDocument(db, clientCode === undefined ? null : rows.map((r) => r.id));

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
      // The export knows four decisions (spec "Export record"): a document an operator closed as not
      // a fine is a resolved review, its reason not_a_fine, with processedAt set.
      decision: a?.decision === 'not_a_fine' ? 'review' : (a?.decision ?? 'review'),
      reviewReasons: a?.decision === 'not_a_fine' ? ['not_a_fine'] : (a?.reviewReasons ?? []),
      duplicateOf: a?.duplicateOf ?? null,
      deadlineBasis: a?.deadlineBasis ?? null,
      latestDeliveryDate: a?.latestDeliveryDate ?? null,
      delivery: a?.delivery ?? null,
      liability,
      processedAt: a?.processedAt ? formatBrusselsInstant(a.processedAt) : null,
      outputs: (outputs.get(r.id) ?? []).filter((o) => o.current).map(exportOutput),
      supersededOutputs: (outputs.get(r.id) ?? []).filter((o) => !o.current).map(exportOutput),
    };
  });
}

const exportOutput = (o: OutputListing): ExportOutput => ({
  kind: o.kind,
  filename: o.filename,
  sha256: o.sha256,
  createdAt: formatBrusselsInstant(o.createdAt),
  assessmentVersion: o.assessmentVersion,
  superseded: !o.current,
});

/**
 * CSV cells: nested objects flattened with a dot, arrays joined with "|"; the current outputs as
 * `kind:sha256` joined by ";", the superseded ones as `kind@vN:sha256` (N: their assessment version).
 */
export function flattenRecord(r: ExportRecord): Record<(typeof EXPORT_COLUMNS)[number], string | number | null> {
  const { liability, reviewReasons, outputs, supersededOutputs, ...rest } = r;
  return {
    ...rest,
    reviewReasons: reviewReasons.join('|'),
    'liability.party': liability.party,
    'liability.reason': liability.reason,
    outputs: outputs.map((o) => `${o.kind}:${o.sha256}`).join(';'),
    supersededOutputs: supersededOutputs.map((o) => `${o.kind}@v${o.assessmentVersion}:${o.sha256}`).join(';'),
  };
}

/** The export as CSV, every text cell neutralised against formula injection (src/csv/safe-csv.ts). */
export function exportCsv(records: readonly ExportRecord[]): string {
  return formatCsv(EXPORT_COLUMNS, records.map(flattenRecord));
}

/** Mails that produced no document (a question only, oversized, unparseable, no client found). */
export async function mailsWithoutDocument(db: Database, clientCode?: string): Promise<MailWithoutDocument[]> {
  const rows = await db
    .select({ internalDate: receivedMails.internalDate, client: clients.code, subject: receivedMails.subject, status: receivedMails.status })
    .from(receivedMails)
    .leftJoin(clients, eq(clients.id, receivedMails.clientId))
    .where(and(ne(receivedMails.status, 'documents'), clientCode ? eq(clients.code, clientCode) : undefined))
    .orderBy(asc(receivedMails.internalDate));
  return rows.map((r) => ({ receivedAt: formatBrusselsInstant(r.internalDate), client: r.client, subject: r.subject, status: r.status }));
}

/** How many mails were received (for the client), with or without documents. */
export async function countMails(db: Database, clientCode?: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(receivedMails)
    .leftJoin(clients, eq(clients.id, receivedMails.clientId))
    .where(clientCode ? eq(clients.code, clientCode) : undefined);
  return row?.n ?? 0;
}
