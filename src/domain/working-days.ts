// Belgian working days: Monday to Friday except the ten legal holidays (1 January, Easter Monday,
// 1 May, Ascension Day, Whit Monday, 21 July, 15 August, 1 November, 11 November, 25 December).
// The holiday calendar comes from date-holidays; its Belgian "public" type is exactly that list
// (test/unit/working-days.test.ts keeps it honest for a range of years).
import Holidays from 'date-holidays';
import { addCalendarDays, dayOfWeek, yearOf, type IsoDate } from './calendar-date.js';

const calendar = new Holidays('BE');
const holidaysByYear = new Map<number, ReadonlySet<string>>();

export function belgianLegalHolidays(year: number): ReadonlySet<string> {
  let holidays = holidaysByYear.get(year);
  if (!holidays) {
    holidays = new Set(
      calendar
        .getHolidays(year)
        .filter((h) => h.type === 'public')
        .map((h) => h.date.slice(0, 10)),
    );
    holidaysByYear.set(year, holidays);
  }
  return holidays;
}

export function isWorkingDay(date: IsoDate): boolean {
  const weekday = dayOfWeek(date);
  if (weekday === 0 || weekday === 6) return false;
  return !belgianLegalHolidays(yearOf(date)).has(date);
}

/**
 * Moves `count` working days away from `date` (negative = back). The start date itself is never
 * counted, so the result is always a working day: 14 Dec 2026 (Mon) − 5 = 7 Dec 2026 (Mon).
 */
export function shiftWorkingDays(date: IsoDate, count: number): IsoDate {
  const step = count < 0 ? -1 : 1;
  let remaining = Math.abs(count);
  let current = date;
  while (remaining > 0) {
    current = addCalendarDays(current, step);
    if (isWorkingDay(current)) remaining -= 1;
  }
  return current;
}


/**
 * Working days from `from` until `to`: 0 on the day itself, 1 when `to` is the next working day,
 * negative once `to` has passed (−1 the working day after). For "working days left" in the queue.
 * Counted, not walked: whole weeks by arithmetic, then the weekday holidays in between taken off,
 * so a page of 50 rows a year overdue costs microseconds (walking day by day was most of the
 * queue page's time at 100,000 documents). test/unit/working-days.test.ts checks it day by day.
 */
export function workingDaysUntil(from: IsoDate, to: IsoDate): number {
  if (from === to) return 0;
  // Forward: working days in (from, to]. Backward: minus the working days in [to, from).
  return from < to ? workingDaysIn(from, to) : 0 - workingDaysIn(addCalendarDays(to, -1), addCalendarDays(from, -1));
}

const DAY_MS = 86_400_000;
const epochDay = (date: IsoDate): number => Date.parse(`${date}T00:00:00Z`) / DAY_MS;
// Weekdays among the first r days of a week that starts on a Thursday (1970-01-01, epoch day 0).
const WEEKDAYS_IN_PREFIX = [0, 1, 2, 2, 2, 3, 4];
/** Monday-to-Friday days among epoch days [0, n) (n may be negative: then it is minus those in [n, 0)). */
function weekdaysBefore(n: number): number {
  const weeks = Math.floor(n / 7);
  return 5 * weeks + WEEKDAYS_IN_PREFIX[n - 7 * weeks]!;
}

/** Working days in (after, upTo], after < upTo. */
function workingDaysIn(after: IsoDate, upTo: IsoDate): number {
  let count = weekdaysBefore(epochDay(upTo) + 1) - weekdaysBefore(epochDay(after) + 1);
  for (let year = yearOf(after); year <= yearOf(upTo); year++) {
    for (const holiday of belgianLegalHolidays(year)) {
      const weekday = dayOfWeek(holiday as IsoDate);
      if (holiday > after && holiday <= upTo && weekday !== 0 && weekday !== 6) count -= 1;
    }
  }
  return count;
}

/**
 * The Belgian working week `date` belongs to: its first and last working day (Monday to Friday,
 * holidays skipped). On a Saturday or Sunday it is the coming week, the one work is due in.
 * Null when the whole week is holidays (never in practice; the caller shows nothing then).
 */
export function workingWeekOf(date: IsoDate): { first: IsoDate; last: IsoDate } | null {
  const weekday = dayOfWeek(date);
  const monday = weekday === 0 ? addCalendarDays(date, 1) : weekday === 6 ? addCalendarDays(date, 2) : addCalendarDays(date, 1 - weekday);
  const days = [0, 1, 2, 3, 4].map((i) => addCalendarDays(monday, i)).filter(isWorkingDay);
  return days.length === 0 ? null : { first: days[0]!, last: days[days.length - 1]! };
}
