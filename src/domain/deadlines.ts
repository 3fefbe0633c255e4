// The five-working-day rule: the client must deliver a fine at least five Belgian working days
// before its deadline.
import { minDate, type IsoDate } from './calendar-date.js';
import { brusselsDateOf } from './brussels-time.js';
import { shiftWorkingDays } from './working-days.js';
import type { DeadlineBasisKind, Delivery } from './types.js';

export const DELIVERY_WORKING_DAYS = 5;

export type DeadlineBasis = { kind: DeadlineBasisKind; date: IsoDate };

/**
 * Which deadline counts. A redirect is due by the redirect deadline; a recharge by the due date.
 * While the decision is open, the earliest deadline on the document counts.
 */
export function deadlineBasis(
  decision: 'redirect' | 'recharge' | 'open',
  dueDate: IsoDate | null,
  redirectDeadline: IsoDate | null,
): DeadlineBasis | null {
  if (decision === 'redirect' && redirectDeadline) return { kind: 'redirect_deadline', date: redirectDeadline };
  if (decision === 'open') {
    const earliest = minDate(dueDate, redirectDeadline);
    if (!earliest) return null;
    return { kind: earliest === dueDate ? 'due_date' : 'redirect_deadline', date: earliest };
  }
  if (dueDate) return { kind: 'due_date', date: dueDate };
  if (redirectDeadline) return { kind: 'redirect_deadline', date: redirectDeadline };
  return null;
}

export function latestDeliveryDate(basis: IsoDate): IsoDate {
  return shiftWorkingDays(basis, -DELIVERY_WORKING_DAYS);
}

/** On time when the Brussels date of the moment is on or before the latest delivery date. */
export function deliveryOf(moment: Date, latest: IsoDate): Delivery {
  return brusselsDateOf(moment) <= latest ? 'on_time' : 'late';
}
