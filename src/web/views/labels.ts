// Words operators read for the codes the domain stores: review reasons with what to do next,
// decisions, fields. One table, so the queue, the document view and the notices say the same.
import { daysLeftText, REASON_LABELS, reasonLabel, reasonNext } from '../../domain/operator-words.js';

// Shared with the operators' digest mail (src/notify), which may not depend on the web.
export { daysLeftText, REASON_LABELS, reasonLabel, reasonNext };

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
