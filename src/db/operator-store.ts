// What operators change on a document: a field corrected or confirmed, a resolution (contract,
// policy, not a fine, accepted sender, liability). Each write is audited with field names, ids and
// values of the fine itself, never the renter's personal data.
import { eq } from 'drizzle-orm';
import { assessments, documentResolutions, extractedFields } from '../../db/schema.js';
import { referenceKey } from '../domain/duplicates.js';
import type { OperatorLiabilityReason } from '../domain/types.js';
import { operatorLiability } from '../domain/liability.js';
import { noTrust } from '../domain/decision-inputs.js';
import { judgeTrust } from '../reading/field-trust.js';
import type { ExtractedFields, Field } from '../reading/fields.js';
import { recordAudit } from './audit.js';
import type { Executor } from './database.js';

/** Fields an operator may correct or confirm; the decisive ones and the reference. */
export const CORRECTABLE_FIELDS = ['kind', 'plate', 'offenceAt', 'documentDate', 'dueDate', 'redirectDeadline', 'amountCents', 'reference'] as const;
export type CorrectableField = (typeof CORRECTABLE_FIELDS)[number];
/** The field values an operator enters, already validated at the edge (src/web). */
export type FieldValue = string | number;

/** Fields whose value identifies a person (a plate leads to its keeper): the audit names them only. */
const PERSONAL_FIELDS: ReadonlySet<CorrectableField> = new Set(['plate']);

export type OperatorField = Field<unknown> & { confirmedBy?: string };

export class DocumentStateError extends Error {
  override name = 'DocumentStateError';
}

const emptyFields = (): ExtractedFields => ({
  kind: { value: 'fine', confidence: 0, source: null },
  plate: null, plateCountry: null, offenceAt: null, documentDate: null, dueDate: null, redirectDeadline: null, amountCents: null,
  reference: null, issuer: null, language: null, paymentReference: null, iban: null, location: null, description: null,
  doubts: {}, redirectClause: null, paymentClause: null, trust: noTrust('not read'),
});

/**
 * Writes an operator's value (a correction, or the same value as a confirmation) as a trusted field:
 * `{ value, confidence: 1, source, confirmedBy }` in the `fields` JSONB, and the matching scalar column.
 * The caller re-assesses afterwards.
 */
export async function correctField(db: Executor, documentId: string, field: CorrectableField, value: FieldValue, actor: string) {
  const [ext] = await db.select().from(extractedFields).where(eq(extractedFields.documentId, documentId)).for('update');
  if (!ext) throw new DocumentStateError('this document has not been read yet');
  const fields = ((ext.fields as ExtractedFields | null) ?? emptyFields()) as unknown as Record<string, OperatorField | null>;
  const before = fields[field] ?? null;
  const after: OperatorField = { value, confidence: 1, source: before?.source ?? null, confirmedBy: actor };
  fields[field] = after;
  const typed = fields as unknown as ExtractedFields;
  // The operator settled what the reader doubted about this field; the gate judges again.
  typed.doubts = { ...(typed.doubts ?? {}) };
  delete (typed.doubts as Record<string, unknown>)[field];
  typed.redirectClause ??= null;
  typed.paymentClause ??= null;
  typed.trust = judgeTrust(typed);
  const scalar: Partial<typeof extractedFields.$inferInsert> = {};
  if (field === 'kind') scalar.kind = String(value);
  if (field === 'plate') scalar.plate = String(value);
  if (field === 'offenceAt') scalar.offenceAt = new Date(String(value));
  if (field === 'documentDate') scalar.documentDate = String(value);
  if (field === 'dueDate') scalar.dueDate = String(value);
  if (field === 'redirectDeadline') scalar.redirectDeadline = String(value);
  if (field === 'amountCents') scalar.amountCents = Number(value);
  if (field === 'reference') Object.assign(scalar, { reference: String(value), referenceKey: referenceKey(String(value)) });
  await db
    .update(extractedFields)
    .set({ ...scalar, fields: typed, readStatus: 'read' })
    .where(eq(extractedFields.documentId, documentId));
  const confirmed = before !== null && JSON.stringify(before.value) === JSON.stringify(value);
  const personal = PERSONAL_FIELDS.has(field);
  await recordAudit(db, {
    actor,
    action: confirmed ? 'field.confirmed' : 'field.corrected',
    entity: 'document',
    entityId: documentId,
    before: { field, confidence: before?.confidence ?? null, ...(personal ? {} : { value: before?.value ?? null }) },
    after: { field, confidence: 1, ...(personal ? {} : { value }) },
  });
  return { confirmed, before, after };
}

export type ResolutionPatch = {
  contractId?: string | null;
  policy?: 'redirect' | 'recharge' | null;
  notAFine?: boolean;
  senderAccepted?: boolean;
  liability?: { reason: OperatorLiabilityReason; note: string } | null;
};

/** Stores (upserts) an operator's resolution of a document; assess() honours it from then on. */
export async function setResolution(db: Executor, documentId: string, patch: ResolutionPatch, actor: string, now: Date) {
  const [current] = await db.select().from(documentResolutions).where(eq(documentResolutions.documentId, documentId)).for('update');
  const values = {
    contractId: patch.contractId !== undefined ? patch.contractId : (current?.contractId ?? null),
    policy: patch.policy !== undefined ? patch.policy : (current?.policy ?? null),
    notAFine: patch.notAFine ?? current?.notAFine ?? false,
    senderAccepted: patch.senderAccepted ?? current?.senderAccepted ?? false,
    liabilityReason: patch.liability !== undefined ? (patch.liability?.reason ?? null) : (current?.liabilityReason ?? null),
    liabilityNote: patch.liability !== undefined ? (patch.liability?.note ?? null) : (current?.liabilityNote ?? null),
    updatedAt: now,
    updatedBy: actor,
  };
  await db.insert(documentResolutions).values({ documentId, ...values }).onConflictDoUpdate({ target: documentResolutions.documentId, set: values });
  const unset = { contractId: null, policy: null, notAFine: false, senderAccepted: false, liabilityReason: null };
  const changed = (Object.keys(unset) as (keyof typeof unset)[]).filter((k) => (current?.[k] ?? unset[k]) !== values[k]);
  await recordAudit(db, {
    actor,
    action: 'resolution.changed',
    entity: 'document',
    entityId: documentId,
    before: Object.fromEntries(changed.map((k) => [k, current?.[k] ?? null])),
    after: Object.fromEntries(changed.map((k) => [k, values[k]])),
    note: patch.liability?.note,
  });
  return { changed };
}

/** The stored version of a document's assessment, locked until the transaction ends. */
export async function lockAssessment(db: Executor, documentId: string) {
  const [row] = await db
    .select({ version: assessments.version, decision: assessments.decision, assessedAt: assessments.assessedAt })
    .from(assessments)
    .where(eq(assessments.documentId, documentId))
    .for('update');
  return row ?? null;
}

/**
 * A re-attribution on a document that is already decided: its decision and processing time stay,
 * only liability changes (the domain's operatorLiability), in a new assessment version.
 */
export async function storeOperatorLiability(db: Executor, documentId: string, reason: OperatorLiabilityReason, actor: string, now: Date) {
  const liability = operatorLiability(reason);
  const [before] = await db.select({ party: assessments.liabilityParty, reason: assessments.liabilityReason, version: assessments.version }).from(assessments).where(eq(assessments.documentId, documentId));
  if (!before) throw new DocumentStateError('this document has not been assessed yet');
  await db
    .update(assessments)
    .set({ liabilityParty: liability.party, liabilityReason: liability.reason, version: before.version + 1, assessedAt: now })
    .where(eq(assessments.documentId, documentId));
  await recordAudit(db, {
    actor,
    action: 'liability.reattributed',
    entity: 'document',
    entityId: documentId,
    before: { party: before.party, reason: before.reason },
    after: liability,
  });
}
