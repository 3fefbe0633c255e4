// Storage of a decision's outputs (document_outputs) and the facts they are drawn from. Every
// output is inserted with ON CONFLICT DO NOTHING on (document, kind, assessment version): a
// redelivered job, or two workers at once, store it once; the first stored bytes stay that
// version's output for good. The current outputs are the rows of the assessment's current version;
// the rows of earlier versions are superseded (kept for the audit, listed as such).
import { createHash } from 'node:crypto';
import { and, asc, desc, eq, gte, inArray, isNull, lt, sql } from 'drizzle-orm';
import { assessments, clients, contracts, documentOutputs, documentResolutions, documents, extractedFields } from '../../db/schema.js';
import type { IsoDate } from '../domain/calendar-date.js';
import type { DocumentKind } from '../domain/types.js';
import { authorityFamily, type OutputFileKind, type SenderFacts, type StoredOutputVersion } from '../domain/outputs.js';
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
  /** What the file prints, hashed (src/outputs/output-facts.ts printedFactsSha256). */
  printedFactsSha256: string;
};

/** Stores a file drawn for its version once; returns false (and changes nothing) when that version has one of that kind already. */
export async function storeOutput(db: Executor, output: NewOutput, now: Date): Promise<boolean> {
  const sha256 = sha256Hex(output.content);
  const inserted = await db
    .insert(documentOutputs)
    .values({ ...output, drawnAtVersion: output.assessmentVersion, contentType: 'application/pdf', sha256, createdAt: now })
    .onConflictDoNothing({ target: [documentOutputs.documentId, documentOutputs.kind, documentOutputs.assessmentVersion] })
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

/**
 * Records an earlier version's file as the output of a later version whose printed facts are the
 * same: a row of its own (so every listing and the unique key work per version) with the same
 * bytes, copied inside PostgreSQL, and the version the file was drawn for. Returns false when that
 * version has one of that kind already.
 */
export async function keepOutput(db: Executor, keep: { documentId: string; kind: OutputFileKind; fromVersion: number; toVersion: number }): Promise<boolean> {
  const inserted = await db.execute<{ sha256: string; drawn_at_version: number }>(sql`
    INSERT INTO ${documentOutputs} (document_id, client_id, kind, variant, filename, content_type, content, sha256, assessment_version, drawn_at_version, printed_facts_sha256, created_at)
    SELECT document_id, client_id, kind, variant, filename, content_type, content, sha256, ${keep.toVersion}, drawn_at_version, printed_facts_sha256, created_at
    FROM ${documentOutputs}
    WHERE document_id = ${keep.documentId} AND kind = ${keep.kind} AND assessment_version = ${keep.fromVersion}
    ON CONFLICT (document_id, kind, assessment_version) DO NOTHING
    RETURNING sha256, drawn_at_version`);
  const row = inserted.rows[0];
  if (!row) return false;
  await recordAudit(db, {
    actor: 'system',
    action: 'output.kept',
    entity: 'document',
    entityId: keep.documentId,
    after: { kind: keep.kind, sha256: row.sha256, assessmentVersion: keep.toVersion, drawnAtVersion: row.drawn_at_version },
  });
  return true;
}

/** Audits the outputs a new version replaced (their rows stay, listed as superseded). */
export async function recordSuperseded(db: Executor, documentId: string, byVersion: number, superseded: readonly { kind: OutputFileKind; assessmentVersion: number }[]): Promise<void> {
  for (const s of superseded) {
    await recordAudit(db, { actor: 'system', action: 'output.superseded', entity: 'document', entityId: documentId, after: { kind: s.kind, assessmentVersion: s.assessmentVersion, supersededByVersion: byVersion } });
  }
}

/** Every stored output of a document as the planner needs it (no bytes). */
export async function storedOutputVersions(db: Executor, documentId: string): Promise<StoredOutputVersion[]> {
  return db
    .select({ kind: documentOutputs.kind, assessmentVersion: documentOutputs.assessmentVersion, drawnAtVersion: documentOutputs.drawnAtVersion, printedFactsSha256: documentOutputs.printedFactsSha256 })
    .from(documentOutputs)
    .where(eq(documentOutputs.documentId, documentId));
}

export type OutputListing = {
  kind: OutputFileKind;
  variant: string;
  filename: string;
  sha256: string;
  createdAt: Date;
  sizeBytes: number;
  /** The assessment version this output belongs to. */
  assessmentVersion: number;
  /** The version its file was drawn for (earlier when a re-assessment printed the same and kept it). */
  drawnAtVersion: number;
  /** Its version is the assessment's current one; every other row is superseded. */
  current: boolean;
};

// Current = the row's version is the assessment's version now (a re-assessment to a review or a
// duplicate, whose job draws nothing, supersedes the rows at once).
const listingColumns = {
  kind: documentOutputs.kind,
  variant: documentOutputs.variant,
  filename: documentOutputs.filename,
  sha256: documentOutputs.sha256,
  createdAt: documentOutputs.createdAt,
  sizeBytes: sql<number>`octet_length(${documentOutputs.content})::int`,
  assessmentVersion: documentOutputs.assessmentVersion,
  drawnAtVersion: documentOutputs.drawnAtVersion,
  current: sql<boolean>`coalesce(${assessments.version} = ${documentOutputs.assessmentVersion}, false)`,
};

/** A document's outputs of every version, newest version first (the current ones, then the superseded). */
export async function listOutputs(db: Executor, documentId: string): Promise<OutputListing[]> {
  return db
    .select(listingColumns)
    .from(documentOutputs)
    .leftJoin(assessments, eq(assessments.documentId, documentOutputs.documentId))
    .where(eq(documentOutputs.documentId, documentId))
    .orderBy(desc(documentOutputs.assessmentVersion), asc(documentOutputs.kind));
}

/** Every document's outputs (every version, newest first), for the export and the CSVs (one query, grouped in memory). */
export async function outputsByDocument(db: Executor, documentIds: readonly string[] | null): Promise<Map<string, OutputListing[]>> {
  const rows = await db
    .select({ documentId: documentOutputs.documentId, ...listingColumns })
    .from(documentOutputs)
    .leftJoin(assessments, eq(assessments.documentId, documentOutputs.documentId))
    .where(documentIds ? inArray(documentOutputs.documentId, [...documentIds]) : undefined)
    .orderBy(asc(documentOutputs.documentId), desc(documentOutputs.assessmentVersion), asc(documentOutputs.kind));
  const map = new Map<string, OutputListing[]>();
  for (const { documentId, ...r } of rows) map.set(documentId, [...(map.get(documentId) ?? []), r]);
  return map;
}

/**
 * One output with its bytes: the current one of the kind, or the one of a given assessment version
 * (a superseded one, for the audit). Null when there is none.
 */
export async function getOutput(db: Executor, documentId: string, kind: OutputFileKind, assessmentVersion?: number) {
  const [row] = await db
    .select({ output: documentOutputs, current: listingColumns.current })
    .from(documentOutputs)
    .leftJoin(assessments, eq(assessments.documentId, documentOutputs.documentId))
    .where(
      and(
        eq(documentOutputs.documentId, documentId),
        eq(documentOutputs.kind, kind),
        assessmentVersion === undefined ? sql`${documentOutputs.assessmentVersion} = ${assessments.version}` : eq(documentOutputs.assessmentVersion, assessmentVersion),
      ),
    );
  return row ? { ...row.output, current: row.current } : null;
}

/**
 * The outbox's view: decided documents (redirect or recharge, with a contract) that have no output
 * for their current assessment version although their decision is older than `cutoff` (a lost job,
 * or a re-assessment whose job was lost). The sweep queues their job again.
 */
export async function findDecidedWithoutOutputs(db: Executor, cutoff: Date, limit = 1000): Promise<string[]> {
  const rows = await db
    .select({ id: assessments.documentId })
    .from(assessments)
    .leftJoin(documentOutputs, and(eq(documentOutputs.documentId, assessments.documentId), eq(documentOutputs.assessmentVersion, assessments.version)))
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
