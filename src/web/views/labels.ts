// Words operators read for the codes the domain stores: review reasons with what to do next,
// decisions, fields. One table, so the queue, the document view and the notices say the same.
import type { ReviewReason } from '../../domain/types.js';

export const REASON_LABELS: Record<ReviewReason, { label: string; next: string }> = {
  unreadable_document: { label: 'unreadable', next: 'check the fields marked "not trusted" against the page: correct or confirm them' },
  not_a_fine: { label: 'not a fine?', next: 'look at the page: mark it not a fine, or correct the kind' },
  no_contract: { label: 'no contract', next: 'waiting for the client to send the rental contract (or correct the plate)' },
  ambiguous_contract: { label: 'two contracts', next: 'pick the contract that covers the offence time' },
  no_instruction: { label: 'no policy', next: 'choose redirect or recharge (the client gave no policy)' },
  missing_renter_data: { label: 'renter data missing', next: 'waiting for the client to complete the renter data' },
  unknown_sender: { label: 'unknown sender', next: 'check the sender: accept it if the letter is genuine' },
};

export const reasonLabel = (reason: string): string => REASON_LABELS[reason as ReviewReason]?.label ?? reason;
export const reasonNext = (reason: string): string => REASON_LABELS[reason as ReviewReason]?.next ?? '';

export const DECISION_LABELS: Record<string, string> = {
  redirect: 'redirect to the renter',
  recharge: 'pay and recharge the renter',
  review: 'in review',
  duplicate: 'duplicate',
  not_a_fine: 'not a fine (closed)',
  pending: 'being read',
};
export const decisionLabel = (decision: string | null): string => DECISION_LABELS[decision ?? 'pending'] ?? decision ?? '';

export const FIELD_LABELS: Record<string, string> = {
  kind: 'Kind',
  plate: 'Plate',
  offenceAt: 'Offence time',
  documentDate: 'Letter date',
  dueDate: 'Due date',
  redirectDeadline: 'Redirect deadline',
  amountCents: 'Amount',
  reference: 'Reference',
};

export const BASIS_LABELS: Record<string, string> = { due_date: 'due date', redirect_deadline: 'redirect deadline' };

/** "3 working days left", "today", "2 working days late": from the domain's count. */
export function daysLeftText(days: number | null): string {
  if (days === null) return 'no deadline known';
  if (days === 0) return 'due today';
  if (days > 0) return `${days} working day${days === 1 ? '' : 's'} left`;
  return `${-days} working day${days === -1 ? '' : 's'} late`;
}
