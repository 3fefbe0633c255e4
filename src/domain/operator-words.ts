// Words operators read for review reasons and working days left: one table, so the review queue,
// the document view and the operators' digest mail say the same (src/web/views/labels.ts re-exports).
import type { ReviewReason } from './types.js';

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

/** "3 working days left", "today", "2 working days late": from the domain's count. */
export function daysLeftText(days: number | null): string {
  if (days === null) return 'no deadline known';
  if (days === 0) return 'due today';
  if (days > 0) return `${days} working day${days === 1 ? '' : 's'} left`;
  return `${-days} working day${days === -1 ? '' : 's'} late`;
}
