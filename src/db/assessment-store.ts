// Loads the facts an assessment needs and stores its outcome.
import { and, asc, eq, sql } from 'drizzle-orm';
import { assessments, clients, contracts, documentResolutions, documents, extractedFields } from '../../db/schema.js';
import type { Assessment } from '../domain/assessment.js';
import { sameFine } from '../domain/duplicates.js';
import type { IsoDate } from '../domain/calendar-date.js';
import { documentFacts } from '../reading/document-facts.js';
import type { ExtractedFields } from '../reading/fields.js';
import type { ClientFacts, ContractFacts, DocumentFacts, FinePolicy, OperatorResolution } from '../domain/types.js';
import { recordAudit } from './audit.js';
import type { Executor } from './database.js';

export type AssessmentFacts = {
  documentId: string;
  clientId: string;
  status: string;
  document: DocumentFacts;
  client: ClientFacts;
  contracts: ContractFacts[];
  reference: string | null;
  referenceKey: string | null;
  receivedAt: Date;
  currentDecision: string | null;
  currentVersion: number;
  /** What an operator decided for this document, passed to assess(). */
  resolution: OperatorResolution | null;
};

export function toResolution(r: typeof documentResolutions.$inferSelect | null): OperatorResolution | null {
  if (!r) return null;
  return {
    contractId: r.contractId,
    policy: r.policy,
    notAFine: r.notAFine,
    senderAccepted: r.senderAccepted,
    liability: r.liabilityReason ? { reason: r.liabilityReason, note: r.liabilityNote ?? '' } : null,
  };
}

export function toContractFacts(c: typeof contracts.$inferSelect): ContractFacts {
  return {
    id: c.id,
    contractRef: c.contractRef,
    plate: c.plate,
    startsAt: c.startsAt,
    endsAt: c.endsAt,
    finePolicy: c.finePolicy,
    renter: {
      type: c.renterType,
      name: c.renterName,
      address: c.renterAddress,
      birthDate: c.renterBirthDate as IsoDate | null,
      companyNumber: c.renterCompanyNumber,
      email: c.renterEmail,
    },
    adminFeeCents: c.adminFeeCents,
    receivedAt: c.receivedAt,
  };
}

export async function loadAssessmentFacts(db: Executor, documentId: string): Promise<AssessmentFacts | null> {
  const [row] = await db
    .select({ doc: documents, ext: extractedFields, client: clients, current: assessments, resolution: documentResolutions })
    .from(documents)
    .innerJoin(clients, eq(clients.id, documents.clientId))
    .leftJoin(extractedFields, eq(extractedFields.documentId, documents.id))
    .leftJoin(assessments, eq(assessments.documentId, documents.id))
    .leftJoin(documentResolutions, eq(documentResolutions.documentId, documents.id))
    .where(eq(documents.id, documentId));
  if (!row) return null;
  const { doc, ext, client, current, resolution } = row;
  const contractRows = ext?.plate
    ? await db.select().from(contracts).where(and(eq(contracts.clientId, doc.clientId), eq(contracts.plate, ext.plate)))
    : [];
  return {
    documentId: doc.id,
    clientId: doc.clientId,
    status: doc.status,
    receivedAt: doc.receivedAt,
    reference: ext?.reference ?? null,
    referenceKey: ext?.referenceKey ?? null,
    currentDecision: current?.decision ?? null,
    currentVersion: current?.version ?? 0,
    resolution: toResolution(resolution),
    document: documentFacts(ext?.readStatus === 'read' ? (ext.fields as ExtractedFields) : null, {
      receivedAt: doc.receivedAt,
      senderAllowed: doc.senderAllowed,
    }),
    client: {
      defaultFinePolicy: client.defaultFinePolicy as FinePolicy | null,
      defaultFinePolicyUpdatedAt: client.defaultFinePolicyUpdatedAt,
      adminFeeCents: client.adminFeeCents,
    },
    contracts: contractRows.map(toContractFacts),
  };
}

/**
 * The first document of the same fine received before this one. "First" is by receipt, so the
 * answer does not depend on which job ran first. SQL narrows to earlier documents of the client
 * with the same reference key; the domain's sameFine() decides (plates must be compatible).
 */
export async function findEarlierSameFine(db: Executor, facts: AssessmentFacts): Promise<string | null> {
  if (!facts.referenceKey) return null;
  const candidates = await db
    .select({ id: documents.id, reference: extractedFields.reference, plate: extractedFields.plate })
    .from(documents)
    .innerJoin(extractedFields, eq(extractedFields.documentId, documents.id))
    .where(
      and(
        eq(documents.clientId, facts.clientId),
        eq(extractedFields.referenceKey, facts.referenceKey),
        sql`(${documents.receivedAt}, ${documents.id}) < (${facts.receivedAt.toISOString()}::timestamptz, ${facts.documentId}::uuid)`,
      ),
    )
    .orderBy(asc(documents.receivedAt), asc(documents.id));
  const self = { reference: facts.reference, plate: facts.document.plate };
  return candidates.find((c) => sameFine(self, c))?.id ?? null;
}

/**
 * Later documents of the same fine that were decided as if they were the first (their job ran
 * before this document was read). They must be reconsidered as duplicates of this one.
 */
export async function findLaterSameFineDecided(db: Executor, facts: AssessmentFacts): Promise<string[]> {
  if (!facts.referenceKey) return [];
  const candidates = await db
    .select({ id: documents.id, reference: extractedFields.reference, plate: extractedFields.plate, decision: assessments.decision })
    .from(documents)
    .innerJoin(extractedFields, eq(extractedFields.documentId, documents.id))
    .innerJoin(assessments, eq(assessments.documentId, documents.id))
    .where(
      and(
        eq(documents.clientId, facts.clientId),
        eq(extractedFields.referenceKey, facts.referenceKey),
        sql`(${documents.receivedAt}, ${documents.id}) > (${facts.receivedAt.toISOString()}::timestamptz, ${facts.documentId}::uuid)`,
      ),
    );
  const self = { reference: facts.reference, plate: facts.document.plate };
  return candidates.filter((c) => c.decision !== 'duplicate' && sameFine(self, c)).map((c) => c.id);
}

/** Stores an assessment unless a newer one was stored meanwhile; returns whether it stored. */
export async function saveAssessment(db: Executor, facts: AssessmentFacts, a: Assessment, now: Date, actor = 'system'): Promise<boolean> {
  const values = {
    documentId: facts.documentId,
    clientId: facts.clientId,
    decision: a.decision,
    reviewReasons: a.reviewReasons,
    contractId: a.contract?.id ?? null,
    policySource: a.policySource,
    deadlineBasis: a.deadlineBasis?.kind ?? null,
    deadlineBasisDate: a.deadlineBasis?.date ?? null,
    latestDeliveryDate: a.latestDeliveryDate,
    delivery: a.delivery,
    waitingForClient: a.waitingForClient,
    untrustedInputs: a.untrustedInputs,
    informationCompleteAt: a.informationCompleteAt,
    processedAt: a.processedAt,
    rechargeAmountCents: a.rechargeAmountCents,
    adminFeeCents: a.adminFeeCents,
    duplicateOf: a.duplicateOf,
    liabilityParty: a.liability.party,
    liabilityReason: a.liability.reason,
    assessedAt: now,
    version: facts.currentVersion + 1,
  };
  return db.transaction(async (tx) => {
    // Optimistic claim: if another delivery of this job stored a newer assessment, do not overwrite.
    const [current] = await tx.select({ version: assessments.version }).from(assessments).where(eq(assessments.documentId, facts.documentId)).for('update');
    if ((current?.version ?? 0) !== facts.currentVersion) return false;
    await tx.insert(assessments).values(values).onConflictDoUpdate({ target: assessments.documentId, set: values });
    await tx.update(documents).set({ status: 'assessed', updatedAt: now }).where(eq(documents.id, facts.documentId));
    await recordAudit(tx, {
      actor,
      action: facts.currentDecision ? 'document.reassessed' : 'document.assessed',
      entity: 'document',
      entityId: facts.documentId,
      before: facts.currentDecision ? { decision: facts.currentDecision } : null,
      // Decision facts and ids only: the contract is named by its id (its reference and renter are personal data).
      after: values,
    });
    return true;
  });
}
