// Operator actions on one document (correct, confirm, pick a contract, choose a policy, not a fine,
// accept the sender, re-attribute liability, resolve): one transaction with a version check, then
// re-assessment through src/assess-document.ts, the worker's own path. The API and the pages both
// call applyOperatorAction, so no rule exists twice.
import { z } from 'zod';
import type { AppContext } from '../app-context.js';
import { assessAndStore, producesOutputs } from '../assess-document.js';
import { documentAuditTrail, documentDetail } from '../db/document-detail-store.js';
import { loadOutputFacts, markRechargeDisputed } from '../db/output-store.js';
import { CORRECTABLE_FIELDS, correctField, lockAssessment, setResolution, storeOperatorLiability, type CorrectableField } from '../db/operator-store.js';
import { parseInstant } from '../domain/brussels-time.js';
import { isIsoDate } from '../domain/calendar-date.js';
import { normalisePlate } from '../domain/plate.js';
import { disputeRefusal } from '../domain/outputs.js';
import { DOCUMENT_KINDS, type Decision } from '../domain/types.js';
import { assessDocumentJob, generateOutputsJob } from '../queue/job-contracts.js';
import { HttpError, visibleDocument, type Scope } from './access.js';

/** Parses what an operator typed for a field; the message says what was expected. */
export function parseFieldValue(field: CorrectableField, raw: string): string | number {
  const text = raw.trim();
  const bad = (expected: string) => new HttpError(400, 'bad_value', `${field}: "${raw}" is not ${expected}`);
  switch (field) {
    case 'kind':
      if (!(DOCUMENT_KINDS as readonly string[]).includes(text)) throw bad(`one of ${DOCUMENT_KINDS.join(', ')}`);
      return text;
    case 'plate': {
      const plate = normalisePlate(text);
      if (plate.length < 2 || plate.length > 12) throw bad('a licence plate');
      return plate;
    }
    case 'offenceAt': {
      const instant = parseInstant(text.replace(' ', 'T'));
      if (!instant || !/\d{2}:\d{2}/.test(text)) throw bad('a date and time (YYYY-MM-DD HH:MM, Brussels time)');
      return instant.toISOString();
    }
    case 'documentDate':
    case 'dueDate':
    case 'redirectDeadline': {
      const dmy = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(text);
      const iso = dmy ? `${dmy[3]}-${dmy[2]!.padStart(2, '0')}-${dmy[1]!.padStart(2, '0')}` : text;
      if (!isIsoDate(iso)) throw bad('a date (YYYY-MM-DD or DD/MM/YYYY)');
      return iso;
    }
    case 'amountCents': {
      const m = /^(?:€\s*)?(\d{1,7})(?:[.,](\d{2}))?(?:\s*(?:€|EUR))?$/i.exec(text.replace(/\s+(?=\d{3}\b)/g, ''));
      if (!m) throw bad('an amount in euro (116,00)');
      return Number(m[1]) * 100 + Number(m[2] ?? 0);
    }
    case 'reference':
      if (!text || text.length > 100) throw bad('a reference of 1 to 100 characters');
      return text;
  }
}

export const actionSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('correct'), field: z.enum(CORRECTABLE_FIELDS), value: z.string().max(200) }),
  z.object({ action: z.literal('confirm'), fields: z.array(z.enum(CORRECTABLE_FIELDS)).min(1) }),
  z.object({ action: z.literal('pick_contract'), contractId: z.uuid() }),
  z.object({ action: z.literal('choose_policy'), policy: z.enum(['redirect', 'recharge']) }),
  z.object({ action: z.literal('not_a_fine') }),
  z.object({ action: z.literal('accept_sender') }),
  z.object({
    action: z.literal('reattribute'),
    reason: z.enum(['incorrect_information', 'processing_error']),
    note: z.string().trim().min(3, 'a note is required: say why liability changes').max(2000),
  }),
  z.object({ action: z.literal('resolve') }),
  // The renter disputes a recharge inside the client's dispute window: it stays out of the accounting file.
  z.object({ action: z.literal('dispute_recharge'), note: z.string().trim().min(3, 'a note is required: say what the renter disputes').max(2000) }),
]);
export type OperatorAction = z.infer<typeof actionSchema>;

/**
 * One operator action on one document, in one transaction: version check (a conflict is refused
 * with who changed it), the change, then re-assessment with the domain. Later copies of the same
 * fine are sent back to the worker as duplicates after the commit.
 */
export async function applyOperatorAction(ctx: AppContext, scope: Scope, documentId: string, version: number, action: OperatorAction) {
  await visibleDocument(ctx, scope, documentId);
  const now = ctx.now();
  const result = await ctx.db.transaction(async (tx) => {
    const current = await lockAssessment(tx, documentId);
    if (!current) throw new HttpError(409, 'not_assessed', 'this document is still being read; try again in a moment');
    if (current.version !== version) {
      const [last] = await documentAuditTrail(tx, documentId);
      throw new HttpError(
        409,
        'version_conflict',
        `this document changed since you opened it (version ${version}, now ${current.version}${last ? `, by ${last.actor} at ${last.at.toISOString()}` : ''}); your change was not saved — reload it and try again`,
      );
    }
    const decided = current.decision !== 'review';
    switch (action.action) {
      case 'correct':
        await correctField(tx, documentId, action.field, parseFieldValue(action.field, action.value), scope.actor);
        break;
      case 'confirm': {
        const detail = await documentDetail(tx, documentId);
        const fields = (detail?.ext?.fields ?? {}) as Record<string, { value: string | number } | null>;
        for (const f of action.fields) {
          const value = fields[f]?.value;
          if (value === undefined || value === null) throw new HttpError(400, 'bad_value', `${f}: nothing was read to confirm; enter the value instead`);
          await correctField(tx, documentId, f, value, scope.actor);
        }
        break;
      }
      case 'pick_contract': {
        const detail = await documentDetail(tx, documentId);
        if (!detail?.contracts.some((c) => c.id === action.contractId)) {
          throw new HttpError(400, 'bad_value', 'contractId: not one of the contracts of this client for the plate read on this document');
        }
        await setResolution(tx, documentId, { contractId: action.contractId }, scope.actor, now);
        break;
      }
      case 'choose_policy':
        await setResolution(tx, documentId, { policy: action.policy }, scope.actor, now);
        break;
      case 'not_a_fine':
        await setResolution(tx, documentId, { notAFine: true }, scope.actor, now);
        break;
      case 'accept_sender':
        await setResolution(tx, documentId, { senderAccepted: true }, scope.actor, now);
        break;
      case 'reattribute':
        await setResolution(tx, documentId, { liability: { reason: action.reason, note: action.note } }, scope.actor, now);
        // A decided document keeps its decision and processing time; only liability changes.
        if (decided) {
          await storeOperatorLiability(tx, documentId, action.reason, scope.actor, now);
          return { laterCopies: [] as string[] };
        }
        break;
      case 'resolve':
        break;
      case 'dispute_recharge': {
        // Not a re-assessment: the decision stands; only its entry in the accounting file is held back.
        const loaded = await loadOutputFacts(tx, documentId);
        const refusal = disputeRefusal(
          (loaded?.decision ?? 'review') as Decision,
          loaded?.processedAt ?? null,
          loaded?.disputeWindowHours ?? 0,
          loaded?.rechargeDisputedAt ?? null,
          now,
        );
        if (refusal) throw new HttpError(409, 'not_disputable', refusal);
        await markRechargeDisputed(tx, documentId, action.note, scope.actor, now);
        return { laterCopies: [] as string[] };
      }
    }
    const assessed = await assessAndStore(tx, now, documentId, { byOperator: true, actor: scope.actor });
    return { laterCopies: 'laterCopies' in assessed ? assessed.laterCopies : [] };
  });
  for (const later of result.laterCopies) await ctx.queues.enqueue(assessDocumentJob, { documentId: later, asDuplicate: true });
  const after = await lockAssessment(ctx.db, documentId);
  // A decision taken by this action gets its outputs like a worker's (already stored ones stay as they are).
  if (producesOutputs(after?.decision)) await ctx.queues.enqueue(generateOutputsJob, { documentId });
  const detail = await documentDetail(ctx.db, documentId);
  return { decision: after?.decision ?? null, reviewReasons: detail?.assessment?.reviewReasons ?? [], version: after?.version ?? null };
}
