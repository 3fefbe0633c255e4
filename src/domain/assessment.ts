// One document's outcome from plain facts and a clock: decision or review reasons, the five-day
// rule, and liability. The assess-document worker loads the facts, calls this, and stores the result.
import type { IsoDate } from './calendar-date.js';
import { matchOrPicked } from './contract-matching.js';
import { decide, type PolicySource } from './decision.js';
import { deadlineBasis, deliveryOf, latestDeliveryDate, type DeadlineBasis } from './deadlines.js';
import { untrustedForDecision, untrustedForMatching, type GateFacts, type UntrustedInput } from './decision-inputs.js';
import { attributeLiability, operatorLiability } from './liability.js';
import {
  CLIENT_INFORMATION_REASONS,
  type ClientFacts,
  type ContractFacts,
  type Decision,
  type Delivery,
  type DocumentFacts,
  type FinePolicy,
  type Liability,
  type OperatorResolution,
  type ReviewReason,
} from './types.js';

export type AssessmentInput = {
  document: DocumentFacts;
  /** The client's contracts for the document's plate (any period); matching picks from these. */
  contracts: readonly ContractFacts[];
  client: ClientFacts;
  /** The first document of the same fine, when this one is a rescan or reminder of it. */
  duplicateOf: string | null;
  /** What an operator decided for this document (picked contract, policy, not a fine, liability). */
  resolution?: OperatorResolution | null;
  now: Date;
};

export type Assessment = {
  decision: Decision;
  reviewReasons: ReviewReason[];
  contract: ContractFacts | null;
  policySource: PolicySource | null;
  deadlineBasis: DeadlineBasis | null;
  latestDeliveryDate: IsoDate | null;
  delivery: Delivery | null;
  waitingForClient: boolean;
  informationCompleteAt: Date | null;
  processedAt: Date | null;
  rechargeAmountCents: number | null;
  adminFeeCents: number | null;
  duplicateOf: string | null;
  liability: Liability;
  /** Decisive fields not trusted, with the reader's doubt: why an operator must look. */
  untrustedInputs: UntrustedInput[];
};

function gateFacts(doc: DocumentFacts): GateFacts {
  return {
    kind: doc.kind,
    present: {
      kind: doc.kind !== 'unknown',
      plate: doc.plate !== null,
      offenceAt: doc.offenceAt !== null,
      documentDate: doc.documentDate !== null,
      dueDate: doc.dueDate !== null,
      redirectDeadline: doc.redirectDeadline !== null,
      amountCents: doc.amountCents !== null,
    },
    trust: doc.trust,
  };
}

function latestOf(...instants: (Date | null | undefined)[]): Date {
  const times = instants.filter((d): d is Date => d instanceof Date).map((d) => d.getTime());
  return new Date(Math.max(...times));
}

export function assess(input: AssessmentInput): Assessment {
  const { document: doc, client, now } = input;
  const resolution = input.resolution ?? {};
  const reasons: ReviewReason[] = [];
  let untrustedInputs: UntrustedInput[] = [];
  let contract: ContractFacts | null = null;
  let decided: { policy: FinePolicy; source: PolicySource; recharge: number | null; fee: number | null } | null = null;

  if (!doc.senderAllowed && !resolution.senderAccepted) reasons.push('unknown_sender');
  if (input.duplicateOf === null) {
    if (!doc.opened) reasons.push('unreadable_document');
    else if (doc.kind === 'unknown') reasons.push('not_a_fine');
    else if ((untrustedInputs = untrustedForMatching(gateFacts(doc))).length > 0 || doc.plate === null || doc.offenceAt === null) {
      reasons.push('unreadable_document');
    } else {
      const match = matchOrPicked(input.contracts, doc.plate, doc.offenceAt, resolution.contractId);
      if (match.kind === 'none') reasons.push('no_contract');
      else if (match.kind === 'ambiguous') reasons.push('ambiguous_contract');
      else {
        contract = match.contract;
        const outcome = decide(doc.kind, doc.amountCents, contract, client, resolution.policy ?? null);
        const path = outcome.kind === 'decided' ? outcome.decision : outcome.policy;
        // The gate: an automatic decision only when every input of its path is trusted.
        untrustedInputs = path ? untrustedForDecision(path, gateFacts(doc)) : [];
        if (untrustedInputs.length > 0) reasons.push('unreadable_document');
        if (outcome.kind === 'review') reasons.push(...outcome.reasons);
        else if (untrustedInputs.length === 0) {
          decided = {
            policy: outcome.decision,
            source: outcome.policySource,
            recharge: outcome.rechargeAmountCents,
            fee: outcome.adminFeeCents,
          };
        }
      }
    }
  }

  const reviewReasons = [...new Set(reasons)];
  const isDuplicate = input.duplicateOf !== null && !reviewReasons.includes('unknown_sender');
  // An operator's "not a fine" closes the document whatever else was open.
  const decision: Decision = resolution.notAFine
    ? 'not_a_fine'
    : isDuplicate
      ? 'duplicate'
      : reviewReasons.length > 0
        ? 'review'
        : (decided?.policy ?? 'review');
  const basis = deadlineBasis(
    decision === 'redirect' || decision === 'recharge' ? decision : 'open',
    doc.dueDate,
    doc.redirectDeadline,
  );
  const latest = basis ? latestDeliveryDate(basis.date) : null;
  const waitingForClient = decision === 'review' && reviewReasons.some((r) => CLIENT_INFORMATION_REASONS.has(r));

  // Information counts as delivered when the last piece the decision used arrived: the file itself,
  // the contract version, and the client's default policy when that is what decided.
  const informationCompleteAt = waitingForClient
    ? null
    : latestOf(
        doc.receivedAt,
        contract?.receivedAt,
        decided?.source === 'client_default' ? client.defaultFinePolicyUpdatedAt : null,
      );
  const processedAt = decision === 'review' ? null : now;

  return {
    decision,
    reviewReasons: decision === 'duplicate' || decision === 'not_a_fine' ? [] : reviewReasons,
    contract,
    policySource: decided?.source ?? null,
    deadlineBasis: basis,
    latestDeliveryDate: latest,
    delivery: latest ? deliveryOf(doc.receivedAt, latest) : null,
    waitingForClient,
    informationCompleteAt,
    processedAt,
    rechargeAmountCents: decision === 'recharge' ? (decided?.recharge ?? null) : null,
    adminFeeCents: decision === 'recharge' ? (decided?.fee ?? null) : null,
    duplicateOf: isDuplicate && decision === 'duplicate' ? input.duplicateOf : null,
    untrustedInputs: decision === 'duplicate' ? [] : untrustedInputs,
    liability: resolution.liability
      ? operatorLiability(resolution.liability.reason)
      : attributeLiability(
      {
        receivedAt: doc.receivedAt,
        latestDeliveryDate: latest,
        deadlineBasisDate: basis?.date ?? null,
        informationCompleteAt,
        waitingForClient,
        processedAt,
      },
      now,
    ),
  };
}
