// Storage of a decision's outputs (document_outputs) and the facts they are drawn from. Every
// output is inserted with ON CONFLICT DO NOTHING on (document, kind): a redelivered job, or two
// workers at once, store it once; the first stored bytes stay the output for good.
import { createHash } from 'node:crypto';
import { and, asc, eq, gte, inArray, isNull, lt, sql } from 'drizzle-orm';
import { assessments, clients, contracts, documentOutputs, documentResolutions, documents, extractedFields } from '../../db/schema.js';
import type { IsoDate } from '../domain/calendar-date.js';
import type { DocumentKind } from '../domain/types.js';
import { authorityFamily, type OutputFileKind, type SenderFacts } from '../domain/outputs.js';
import type { OutputFacts } from '../outputs/output-facts.js';
import type { ExtractedFields } from '../reading/fields.js';
import { recordAudit } from './audit.js';
import type { Executor } from './database.js';

/** What the stored reading says about who sent the letter (the letterhead, the language, the lines it kept). */
export function senderFacts(fields: ExtractedFields | null): SenderFacts {
  if (!fields) return { issuer: null, language: null, plateCountry: null, reference: null, lines: [] };
  const lines: string[] = [];
  for (const value of Object.values(fields)) {
    const source = (value as { source?: { text?: unknown } } | null)?.source;
    if (source && typeof source.text === 'string') lines.push(source.text);
  }
  if (fields.redirectClause?.text) lines.push(fields.redirectClause.text);
  if (fields.paymentClause?.text) lines.push(fields.paymentClause.text);
  return {
    issuer: fields.issuer?.value ?? null,
    language: fields.language?.value ?? null,
    plateCountry: fields.plateCountry ?? null,
    reference: fields.reference?.value ?? null,
    lines,
  };
}

export type LoadedOutputFacts = {
  facts: OutputFacts | null;
  decision: string | null;
  processedAt: Date | null;
  clientId: string;
  disputeWindowHours: number;
  rechargeDisputedAt: Date | null;
  hasContract: boolean;
  kind: string;
};

export async function loadOutputFacts(db: Executor, documentId: string): Promise<LoadedOutputFacts | null> {
  const [row] = await db
    .select({ doc: documents, ext: extractedFields, a: assessments, contract: contracts, client: clients, resolution: documentResolutions })
    .from(documents)
    .innerJoin(clients, eq(clients.id, documents.clientId))
    .innerJoin(assessments, eq(assessments.documentId, documents.id))
    .leftJoin(extractedFields, eq(extractedFields.documentId, documents.id))
    .leftJoin(contracts, eq(contracts.id, assessments.contractId))
    .leftJoin(documentResolutions, eq(documentResolutions.documentId, documents.id))
    .where(eq(documents.id, documentId));
  if (!row) return null;
  const { ext, a, contract, client, resolution } = row;
  const fields = ext?.readStatus === 'read' ? (ext.fields as ExtractedFields | null) : null;
  const decided = (a.decision === 'redirect' || a.decision === 'recharge') && a.processedAt && contract;
  const facts: OutputFacts | null = decided
    ? {
        documentId,
        decision: a.decision as 'redirect' | 'recharge',
        processedAt: a.processedAt!,
        assessmentVersion: a.version,
        family: authorityFamily(senderFacts(fields)),
        fine: {
          kind: (ext?.kind ?? 'unknown') as DocumentKind,
          reference: ext?.reference ?? null,
          plate: ext?.plate ?? null,
          offenceAt: ext?.offenceAt ?? null,
          amountCents: ext?.amountCents ?? null,
          dueDate: ext?.dueDate ?? null,
          redirectDeadline: ext?.redirectDeadline ?? null,
          issuer: fields?.issuer?.value ?? null,
          location: fields?.location?.value ?? null,
          description: fields?.description?.value ?? null,
          language: fields?.language?.value ?? null,
        },
        contract: {
          contractRef: contract!.contractRef,
          startsAt: contract!.startsAt,
          endsAt: contract!.endsAt,
          renter: {
            type: contract!.renterType,
            name: contract!.renterName,
            address: contract!.renterAddress,
            birthDate: contract!.renterBirthDate as IsoDate | null,
            companyNumber: contract!.renterCompanyNumber,
            email: contract!.renterEmail,
          },
        },
        client: { code: client.code, name: client.name, language: client.language, paymentIban: client.paymentIban, disputeWindowHours: client.disputeWindowHours },
        recharge: { totalCents: a.rechargeAmountCents, adminFeeCents: a.adminFeeCents },
      }
    : null;
  return {
    facts,
    decision: a.decision,
    processedAt: a.processedAt,
    clientId: client.id,
    disputeWindowHours: client.disputeWindowHours,
    rechargeDisputedAt: resolution?.rechargeDisputedAt ?? null,
    hasContract: contract !== null,
    kind: ext?.kind ?? 'unknown',
  };
}

export const sha256Hex = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

export type NewOutput = {
  documentId: string;
  clientId: string;
  kind: OutputFileKind;
  variant: string;
  filename: string;
  content: Buffer;
  assessmentVersion: number;
};

/** Stores an output once; returns false (and changes nothing) when one of that kind is already stored. */
export async function storeOutput(db: Executor, output: NewOutput, now: Date): Promise<boolean> {
  const sha256 = sha256Hex(output.content);
  const inserted = await db
    .insert(documentOutputs)
    .values({ ...output, contentType: 'application/pdf', sha256, createdAt: now })
    .onConflictDoNothing({ target: [documentOutputs.documentId, documentOutputs.kind] })
    .returning({ id: documentOutputs.id });
  if (inserted.length === 0) return false;
  await recordAudit(db, {
    actor: 'system',
    action: 'output.created',
    entity: 'document',
    entityId: output.documentId,
    // Kind, layout and hash: the file itself holds the renter's data, the audit never does.
    after: { kind: output.kind, variant: output.variant, sha256, assessmentVersion: output.assessmentVersion },
  });
  return true;
}

export type OutputListing = { kind: OutputFileKind; variant: string; filename: string; sha256: string; createdAt: Date; sizeBytes: number };

export async function listOutputs(db: Executor, documentId: string): Promise<OutputListing[]> {
  return db
    .select({
      kind: documentOutputs.kind,
      variant: documentOutputs.variant,
      filename: documentOutputs.filename,
      sha256: documentOutputs.sha256,
      createdAt: documentOutputs.createdAt,
      sizeBytes: sql<number>`octet_length(${documentOutputs.content})::int`,
    })
    .from(documentOutputs)
    .where(eq(documentOutputs.documentId, documentId))
    .orderBy(asc(documentOutputs.kind));
}

/** Every document's outputs, for the export (one query, grouped in memory). */
export async function outputsByDocument(db: Executor, documentIds: readonly string[] | null): Promise<Map<string, OutputListing[]>> {
  const rows = await db
    .select({
      documentId: documentOutputs.documentId,
      kind: documentOutputs.kind,
      variant: documentOutputs.variant,
      filename: documentOutputs.filename,
      sha256: documentOutputs.sha256,
      createdAt: documentOutputs.createdAt,
      sizeBytes: sql<number>`octet_length(${documentOutputs.content})::int`,
    })
    .from(documentOutputs)
    .where(documentIds ? inArray(documentOutputs.documentId, [...documentIds]) : undefined)
    .orderBy(asc(documentOutputs.documentId), asc(documentOutputs.kind));
  const map = new Map<string, OutputListing[]>();
  for (const { documentId, ...r } of rows) map.set(documentId, [...(map.get(documentId) ?? []), r]);
  return map;
}

export async function getOutput(db: Executor, documentId: string, kind: OutputFileKind) {
  const [row] = await db
    .select()
    .from(documentOutputs)
    .where(and(eq(documentOutputs.documentId, documentId), eq(documentOutputs.kind, kind)));
  return row ?? null;
}

/**
 * The outbox's view: decided documents (redirect or recharge, with a contract) that have no output
 * yet although their decision is older than `cutoff`. The sweep queues their job again.
 */
export async function findDecidedWithoutOutputs(db: Executor, cutoff: Date, limit = 1000): Promise<string[]> {
  const rows = await db
    .select({ id: assessments.documentId })
    .from(assessments)
    .leftJoin(documentOutputs, eq(documentOutputs.documentId, assessments.documentId))
    .where(
      and(
        inArray(assessments.decision, ['redirect', 'recharge']),
        sql`${assessments.contractId} IS NOT NULL`,
        lt(assessments.processedAt, cutoff),
        isNull(documentOutputs.id),
      ),
    )
    .limit(limit);
  return rows.map((r) => r.id);
}

/** Marks a recharge disputed by the renter (the operator's action), audited. */
export async function markRechargeDisputed(db: Executor, documentId: string, note: string, actor: string, now: Date): Promise<void> {
  const values = { rechargeDisputedAt: now, rechargeDisputeNote: note, updatedAt: now, updatedBy: actor };
  await db.insert(documentResolutions).values({ documentId, ...values }).onConflictDoUpdate({ target: documentResolutions.documentId, set: values });
  await recordAudit(db, { actor, action: 'recharge.disputed', entity: 'document', entityId: documentId, after: { rechargeDisputedAt: now.toISOString() }, note });
}

/** Rows behind the per-client CSVs: decided documents of one client whose decision falls in [from, to). */
export async function decidedRows(db: Executor, clientId: string, decision: 'redirect' | 'recharge', processedFrom: Date, processedTo: Date) {
  return db
    .select({
      documentId: assessments.documentId,
      processedAt: assessments.processedAt,
      rechargeAmountCents: assessments.rechargeAmountCents,
      adminFeeCents: assessments.adminFeeCents,
      reference: extractedFields.reference,
      plate: extractedFields.plate,
      offenceAt: extractedFields.offenceAt,
      amountCents: extractedFields.amountCents,
      redirectDeadline: extractedFields.redirectDeadline,
      dueDate: extractedFields.dueDate,
      fields: extractedFields.fields,
      contractRef: contracts.contractRef,
      startsAt: contracts.startsAt,
      endsAt: contracts.endsAt,
      renterType: contracts.renterType,
      renterName: contracts.renterName,
      renterAddress: contracts.renterAddress,
      renterBirthDate: contracts.renterBirthDate,
      renterCompanyNumber: contracts.renterCompanyNumber,
      renterEmail: contracts.renterEmail,
      disputedAt: documentResolutions.rechargeDisputedAt,
    })
    .from(assessments)
    .innerJoin(documents, eq(documents.id, assessments.documentId))
    .innerJoin(contracts, eq(contracts.id, assessments.contractId))
    .leftJoin(extractedFields, eq(extractedFields.documentId, assessments.documentId))
    .leftJoin(documentResolutions, eq(documentResolutions.documentId, assessments.documentId))
    .where(
      and(
        eq(documents.clientId, clientId),
        eq(assessments.decision, decision),
        gte(assessments.processedAt, processedFrom),
        lt(assessments.processedAt, processedTo),
      ),
    )
    .orderBy(asc(assessments.processedAt), asc(assessments.documentId));
}
