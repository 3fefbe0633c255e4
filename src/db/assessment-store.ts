// Loads the facts an assessment needs and stores its outcome.
import { and, eq, inArray, sql } from 'drizzle-orm';
import { alerts, assessments, auditEvents, clients, contracts, documentResolutions, documents, extractedFields } from '../../db/schema.js';
import type { Assessment } from '../domain/assessment.js';
import { sameFine } from '../domain/duplicates.js';
import type { IsoDate } from '../domain/calendar-date.js';
import { documentFacts } from '../reading/document-facts.js';
import type { ExtractedFields } from '../reading/fields.js';
import type { ClientFacts, ContractFacts, DocumentFacts, FinePolicy, OperatorResolution } from '../domain/types.js';
import type { Executor } from './database.js';
import { executeTemplate, slotted, statementName, type Slots } from './named-statements.js';
import { columnList, setFromExcluded, valueList } from './row-sql.js';

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
  /** The client's choice of alert delivery (a mail per alert, or a digest). */
  alertMode: 'immediate' | 'digest';
  /**
   * The client's other documents with the same reference key, oldest first (by receipt), read when
   * the facts were loaded; `earlier` when received before this one. The domain's sameFine() decides.
   */
  sameReference: SameReferenceCandidate[];
};

export type SameReferenceCandidate = { id: string; reference: string | null; plate: string | null; earlier: boolean };

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

/**
 * The facts query, built once per database handle (or transaction) and run as a named prepared
 * statement (src/db/named-statements.ts): drizzle built it, and PostgreSQL parsed and planned it,
 * anew for every document. One shape for one document and for a read job's batch.
 */
const factsQueries = new WeakMap<object, ReturnType<typeof buildFactsQuery>>();

function buildFactsQuery(db: Executor) {
  const other = { d: sql.identifier('same_d'), e: sql.identifier('same_e') };
  const query = db
    .select({
      doc: { id: documents.id, clientId: documents.clientId, status: documents.status, receivedAt: documents.receivedAt, senderAllowed: documents.senderAllowed },
      ext: extractedFields,
      client: { defaultFinePolicy: clients.defaultFinePolicy, defaultFinePolicyUpdatedAt: clients.defaultFinePolicyUpdatedAt, adminFeeCents: clients.adminFeeCents, alertMode: clients.alertMode },
      current: { decision: assessments.decision, version: assessments.version },
      resolution: documentResolutions,
      contract: contracts,
      // Oldest first, as "first" is by receipt; an unset reference key matches nothing. Found from
      // the reference key's index, then each document by its key (the OFFSET 0 fences keep that
      // order): left to the planner, a burst of mails into a table not analyzed yet was joined from
      // all of the client's documents, every one looked up in extracted_fields (3,000 buffers a
      // document at 1,000, instead of 20).
      sameReference: sql<SameReferenceCandidate[]>`(
        SELECT coalesce(json_agg(json_build_object('id', ${other.d}.id, 'reference', ${other.e}.reference, 'plate', ${other.e}.plate,
                 'earlier', (${other.d}.received_at, ${other.d}.id) < (${documents.receivedAt}, ${documents.id}))
               ORDER BY ${other.d}.received_at, ${other.d}.id), '[]'::json)
        FROM (SELECT r.document_id, r.reference, r.plate FROM ${extractedFields} r
              WHERE r.reference_key = ${extractedFields.referenceKey} OFFSET 0) ${other.e}
        CROSS JOIN LATERAL (SELECT o.id, o.received_at FROM ${documents} o
          WHERE o.id = ${other.e}.document_id AND o.client_id = ${documents.clientId} AND o.id <> ${documents.id} OFFSET 0) ${other.d})`,
    })
    .from(documents)
    .innerJoin(clients, eq(clients.id, documents.clientId))
    .leftJoin(extractedFields, eq(extractedFields.documentId, documents.id))
    .leftJoin(assessments, eq(assessments.documentId, documents.id))
    .leftJoin(documentResolutions, eq(documentResolutions.documentId, documents.id))
    .leftJoin(contracts, and(eq(contracts.clientId, documents.clientId), eq(contracts.plate, extractedFields.plate)))
    .where(sql`${documents.id} = ANY(${sql.placeholder('documentIds')}::uuid[])`);
  return query.prepare(statementName(query.toSQL().sql));
}
type FactsRow = Awaited<ReturnType<ReturnType<typeof buildFactsQuery>['execute']>>[number];

/**
 * Everything assess() needs about a document, in one query: the document and its fields, its
 * client, its current assessment and resolution, the client's contracts for the plate read (one
 * joined row each) and the client's other documents with the same reference key.
 */
export async function loadAssessmentFacts(db: Executor, documentId: string): Promise<AssessmentFacts | null> {
  return (await loadAssessmentFactsOf(db, [documentId])).get(documentId) ?? null;
}

/**
 * loadAssessmentFacts for several documents in one query (a read job's batch, once its readings are
 * stored): the same facts each, as loaded at one moment. Documents that do not exist are absent.
 */
export async function loadAssessmentFactsOf(db: Executor, documentIds: readonly string[]): Promise<Map<string, AssessmentFacts>> {
  const facts = new Map<string, AssessmentFacts>();
  if (documentIds.length === 0) return facts;
  let query = factsQueries.get(db);
  if (!query) factsQueries.set(db, (query = buildFactsQuery(db)));
  const byDocument = new Map<string, FactsRow[]>();
  for (const row of await query.execute({ documentIds: [...documentIds] })) {
    const rows = byDocument.get(row.doc.id) ?? [];
    rows.push(row);
    byDocument.set(row.doc.id, rows);
  }
  for (const [id, rows] of byDocument) {
    const f = factsOf(rows);
    if (f) facts.set(id, f);
  }
  return facts;
}

function factsOf(rows: readonly FactsRow[]): AssessmentFacts | null {
  const row = rows[0];
  if (!row) return null;
  const { doc, ext, client, current, resolution, sameReference } = row;
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
    alertMode: client.alertMode,
    // The plate is read, so a contract joined only when there is one: rows without it carry null.
    contracts: ext?.plate ? rows.flatMap((r) => (r.contract ? [toContractFacts(r.contract)] : [])) : [],
    sameReference: ext?.referenceKey ? sameReference : [],
  };
}

const sameFineAs = (facts: AssessmentFacts) => {
  const self = { reference: facts.reference, plate: facts.document.plate };
  return (c: { reference: string | null; plate: string | null }) => sameFine(self, c);
};

/**
 * The first document of the same fine received before this one. "First" is by receipt, so the
 * answer does not depend on which job ran first. SQL narrowed to the client's documents with the
 * same reference key (loadAssessmentFacts); the domain's sameFine() decides (plates must be compatible).
 */
export function findEarlierSameFine(facts: AssessmentFacts): string | null {
  return facts.sameReference.filter((c) => c.earlier).find(sameFineAs(facts))?.id ?? null;
}

/**
 * Whether a later document of the same fine had been read when the facts were loaded. If none had,
 * none can have been decided as if it were the first: a later copy read after that moment finds this
 * document (read before its facts were loaded) as its earlier copy itself.
 */
export function laterSameFineRead(facts: AssessmentFacts): boolean {
  return facts.sameReference.some((c) => !c.earlier && sameFineAs(facts)(c));
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

/**
 * The assessments row of an outcome: every column of the table (test/unit/row-sql.test.ts checks
 * that, so a column added to db/schema.ts is not left out of the hand-written statement).
 */
export function assessmentRow(facts: Pick<AssessmentFacts, 'documentId' | 'clientId' | 'currentVersion'>, a: Assessment, now: Date) {
  return {
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
  } satisfies typeof assessments.$inferInsert;
}

/** A document's alert to record with its assessment (src/notify/evaluate-alerts.ts decides which). */
export type AssessmentAlert = { key: string; kind: string; audience: 'client' | 'operators' | 'sender'; delivery: 'immediate' | 'digest' };

export type SavedAssessment = { stored: boolean; alerts: { id: string; delivery: 'immediate' | 'digest' }[] };

/**
 * Stores an assessment unless a newer one was stored meanwhile, and with it (only if it stored) the
 * document's status, the audit entry and the alerts given, each recorded once (their keys are
 * unique). Returns whether it stored and which of the alerts were recorded now.
 */
export async function saveAssessment(
  db: Executor,
  facts: AssessmentFacts,
  a: Assessment,
  now: Date,
  actor = 'system',
  alertsToRecord: readonly AssessmentAlert[] = [],
): Promise<SavedAssessment> {
  const values = assessmentRow(facts, a, now);
  const audit = {
    actor,
    action: facts.currentDecision ? 'document.reassessed' : 'document.assessed',
    entity: 'document',
    entityId: facts.documentId,
    before: facts.currentDecision ? { decision: facts.currentDecision } : null,
    // Decision facts and ids only: the contract is named by its id (its reference and renter are personal data).
    after: values,
  } satisfies typeof auditEvents.$inferInsert;
  const alertRows = alertsToRecord.map(
    (x) => ({ ...x, documentId: facts.documentId, clientId: facts.clientId }) satisfies typeof alerts.$inferInsert,
  );
  // One statement, one round trip, one transaction. The optimistic claim is the upsert's condition:
  // a row stored meanwhile by another delivery (a version other than the one these facts were
  // loaded with — for a first assessment, any row at all) is left as it is, and then nothing else
  // is written either, since every other part takes its rows from `stored`. Built once per shape of
  // the rows (src/db/named-statements.ts), then only filled in.
  const slots: Slots = { now: now.toISOString(), currentVersion: facts.currentVersion };
  const stored = slotted('s_', values, slots);
  const audited = slotted('a_', audit, slots);
  const alerted = alertRows.map((r, i) => slotted(`l${i}_`, r, slots));
  const shape = `assessment|${stored.shape}|${audited.shape}|${alerted.map((r) => r.shape).join('|')}`;
  const { rows } = await executeTemplate<{ stored: number; alerts: SavedAssessment['alerts'] }>(db, shape, () => sql`
    WITH stored AS (
      INSERT INTO ${assessments} ${columnList(assessments, stored.row)} VALUES (${valueList(assessments, stored.row)})
      ON CONFLICT (document_id) DO UPDATE SET ${setFromExcluded(assessments, stored.row)}
      WHERE ${assessments.version} = ${sql.placeholder('currentVersion')}::int
      RETURNING document_id),
    status AS (
      UPDATE ${documents} SET status = 'assessed', updated_at = ${sql.placeholder('now')}::timestamptz
      WHERE id IN (SELECT document_id FROM stored)),
    audited AS (
      INSERT INTO ${auditEvents} ${columnList(auditEvents, audited.row)}
      SELECT ${valueList(auditEvents, audited.row)} FROM stored),
    alerted AS (
      ${
        alerted.length === 0
          ? sql`SELECT NULL::uuid AS id, NULL::text AS delivery WHERE false`
          : sql`INSERT INTO ${alerts} ${columnList(alerts, alerted[0]!.row)}
                SELECT v.* FROM stored, (VALUES ${sql.join(
                  alerted.map((r) => sql`(${valueList(alerts, r.row)})`),
                  sql`, `,
                )}) v
                ON CONFLICT (key) DO NOTHING
                RETURNING id, delivery`
      })
    SELECT (SELECT count(*) FROM stored)::int AS stored,
           (SELECT coalesce(json_agg(json_build_object('id', id, 'delivery', delivery)), '[]'::json) FROM alerted) AS alerts`, slots);
  const r = rows[0];
  return { stored: (r?.stored ?? 0) > 0, alerts: r?.alerts ?? [] };
}

/** Documents of these clients held in review until the client sends information (a contract, a policy). */
export async function findWaitingForClient(db: Executor, clientIds: readonly string[]): Promise<string[]> {
  if (clientIds.length === 0) return [];
  const rows = await db
    .select({ id: documents.id })
    .from(documents)
    .innerJoin(assessments, eq(assessments.documentId, documents.id))
    .where(and(inArray(documents.clientId, [...clientIds]), eq(assessments.decision, 'review'), eq(assessments.waitingForClient, true)));
  return rows.map((r) => r.id);
}
