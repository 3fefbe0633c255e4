// Plain data the domain reasons about. No database rows, no queue jobs: adapters map to these.
import type { IsoDate } from './calendar-date.js';
import type { FieldTrusts } from './decision-inputs.js';

export const DOCUMENT_KINDS = ['fine', 'parking_charge', 'identification_request', 'unknown'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

export const FINE_POLICIES = ['redirect', 'recharge'] as const;
export type FinePolicy = (typeof FINE_POLICIES)[number];

export const REVIEW_REASONS = [
  'unreadable_document',
  'not_a_fine',
  'no_contract',
  'ambiguous_contract',
  'no_instruction',
  'missing_renter_data',
  'unknown_sender',
] as const;
export type ReviewReason = (typeof REVIEW_REASONS)[number];

/** Review reasons that wait for the client to send something (a contract, a policy, renter data). */
export const CLIENT_INFORMATION_REASONS: ReadonlySet<ReviewReason> = new Set([
  'no_contract',
  'ambiguous_contract',
  'no_instruction',
  'missing_renter_data',
]);

/** `not_a_fine`: an operator confirmed the document is not a fine (closed, nothing to do). */
export type Decision = 'redirect' | 'recharge' | 'review' | 'duplicate' | 'not_a_fine';
export type DeadlineBasisKind = 'due_date' | 'redirect_deadline';
export type Delivery = 'on_time' | 'late';

export type LiabilityParty = 'client' | 'processor' | 'undetermined';
export type LiabilityReason =
  | 'late_delivery'
  | 'late_information'
  | 'incomplete_information'
  | 'pending'
  | 'late_processing'
  | 'processed_on_time'
  | 'incorrect_information'
  | 'processing_error';
export type Liability = { party: LiabilityParty; reason: LiabilityReason };

export type Renter = {
  type: 'person' | 'company' | null;
  name: string | null;
  address: string | null;
  birthDate: IsoDate | null;
  companyNumber: string | null;
  email: string | null;
};

export type ContractFacts = {
  id: string;
  contractRef: string;
  plate: string;
  startsAt: Date;
  endsAt: Date | null;
  finePolicy: FinePolicy | null;
  renter: Renter;
  adminFeeCents: number | null;
  /** When the current version of this contract reached us. */
  receivedAt: Date;
};

export type ClientFacts = {
  defaultFinePolicy: FinePolicy | null;
  /** When the client's default policy was last set (counts as information delivery). */
  defaultFinePolicyUpdatedAt: Date | null;
  adminFeeCents: number | null;
};

/** What reading a document produced, reduced to what the decision needs. */
export type DocumentFacts = {
  receivedAt: Date;
  senderAllowed: boolean;
  /** False when the file could not be opened at all (corrupt, empty, password-protected). */
  opened: boolean;
  kind: DocumentKind;
  plate: string | null;
  offenceAt: Date | null;
  /** The letter's own date or send date, which periods ("binnen 15 dagen na verzending") count from. */
  documentDate: IsoDate | null;
  dueDate: IsoDate | null;
  redirectDeadline: IsoDate | null;
  amountCents: number | null;
  /** The reader's verdict on each decisive field (src/domain/decision-inputs.ts). */
  trust: FieldTrusts;
};

/** Re-attribution reasons an operator may give (spec: Liability attribution), and who then bears it. */
export const OPERATOR_LIABILITY = { incorrect_information: 'client', processing_error: 'processor' } as const;
export type OperatorLiabilityReason = keyof typeof OPERATOR_LIABILITY;

/**
 * What an operator decided where the machine could not (stored per document). assess() honours it,
 * whoever runs it: the server after an operator's action, or the worker when information arrives.
 */
export type OperatorResolution = {
  /** The contract the operator picked among the plate's contracts (ambiguous or missing match). */
  contractId?: string | null;
  /** Redirect or recharge chosen by the operator (the contract and client gave no instruction). */
  policy?: FinePolicy | null;
  /** Confirmed not to be a fine: closed without a decision. */
  notAFine?: boolean;
  /** Mail from a sender outside the client's allowed senders, accepted by an operator. */
  senderAccepted?: boolean;
  /** Liability re-attributed by an operator, with a mandatory note. */
  liability?: { reason: OperatorLiabilityReason; note: string } | null;
};
