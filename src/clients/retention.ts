// How long a client's data is kept (spec "Personal data"): until it says otherwise, six months
// after its contract with us ends. Plain functions of the client's dates and today.
import { addCalendarMonths, type IsoDate } from '../domain/calendar-date.js';

export const DEFAULT_RETENTION_MONTHS = 6;

export type RetentionFacts = { endsAt: IsoDate | null; retainUntil: IsoDate | null };

/** The last day the client's data is kept, or null while it has no end date and no instruction. */
export function lastRetentionDay(client: RetentionFacts): IsoDate | null {
  if (client.retainUntil) return client.retainUntil; // the client's own instruction wins
  return client.endsAt ? addCalendarMonths(client.endsAt, DEFAULT_RETENTION_MONTHS) : null;
}

/** True from the day after the last retention day (Brussels calendar). */
export function isRetentionOver(client: RetentionFacts, today: IsoDate): boolean {
  const last = lastRetentionDay(client);
  return last !== null && today > last;
}
