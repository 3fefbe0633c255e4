// Calendar dates as ISO strings ('2026-12-14'). Deadlines on a fine are dates, not instants, so they
// are kept as dates: they compare lexicographically and never shift with a time zone.

export type IsoDate = string & { readonly __isoDate: unique symbol };

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isIsoDate(value: string): value is IsoDate {
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const utc = new Date(Date.UTC(y, mo - 1, d));
  return utc.getUTCFullYear() === y && utc.getUTCMonth() === mo - 1 && utc.getUTCDate() === d;
}

export function toIsoDate(value: string): IsoDate {
  if (!isIsoDate(value)) throw new RangeError(`not a calendar date (YYYY-MM-DD): ${value}`);
  return value;
}

/** A date from its parts; returns null for impossible dates such as 31 February. */
export function isoDateFromParts(year: number, month: number, day: number): IsoDate | null {
  const text = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  return isIsoDate(text) ? text : null;
}

function toUtcMidnight(date: IsoDate): Date {
  return new Date(`${date}T00:00:00Z`);
}

function fromUtcMidnight(date: Date): IsoDate {
  return date.toISOString().slice(0, 10) as IsoDate;
}

export function addCalendarDays(date: IsoDate, days: number): IsoDate {
  const d = toUtcMidnight(date);
  d.setUTCDate(d.getUTCDate() + days);
  return fromUtcMidnight(d);
}

export function addCalendarMonths(date: IsoDate, months: number): IsoDate {
  const d = toUtcMidnight(date);
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  // Clamp to the end of the target month (31 January + 1 month = 28/29 February).
  const lastDay = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, lastDay));
  return fromUtcMidnight(d);
}

/** 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(date: IsoDate): number {
  return toUtcMidnight(date).getUTCDay();
}

export function yearOf(date: IsoDate): number {
  return Number(date.slice(0, 4));
}

export function minDate(...dates: (IsoDate | null | undefined)[]): IsoDate | null {
  let min: IsoDate | null = null;
  for (const d of dates) if (d && (min === null || d < min)) min = d;
  return min;
}
