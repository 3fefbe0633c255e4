// Europe/Brussels is the legal clock of every deadline: receipt dates, offence times without an
// offset, contract boundaries without an offset. Conversions go through @date-fns/tz (IANA rules,
// so DST is right in every year).
import { TZDate } from '@date-fns/tz';
// The one function, not the package's index: that loads all of date-fns (~0.25 s of CPU in every
// thread that imports this, the parse threads included).
import { formatISO } from 'date-fns/formatISO';
import { isoDateFromParts, type IsoDate } from './calendar-date.js';

export const BRUSSELS = 'Europe/Brussels';

/** The Brussels calendar date on which an instant falls. */
export function brusselsDateOf(instant: Date): IsoDate {
  const local = new TZDate(instant.getTime(), BRUSSELS);
  const date = isoDateFromParts(local.getFullYear(), local.getMonth() + 1, local.getDate());
  if (!date) throw new RangeError(`invalid instant: ${instant.toISOString()}`);
  return date;
}

/**
 * The instant of a Brussels wall-clock time. A time inside the spring-forward gap moves forward
 * by the gap (02:30 → 03:30 CEST); an ambiguous autumn time resolves to the later offset (CET).
 */
export function brusselsInstant(date: IsoDate, hours = 0, minutes = 0, seconds = 0): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(new TZDate(y, m - 1, d, hours, minutes, seconds, BRUSSELS).getTime());
}

/**
 * The instant of a wall-clock time in another zone: a letter from Ireland or the United Kingdom
 * prints its offence time on that country's clock, an hour behind Brussels.
 */
export function zonedInstant(zone: string, date: IsoDate, hours = 0, minutes = 0): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(new TZDate(y, m - 1, d, hours, minutes, 0, zone).getTime());
}

/** ISO 8601 with the Brussels offset of that instant: 2026-11-20T12:37:00+01:00. */
export function formatBrusselsInstant(instant: Date): string {
  return formatISO(new TZDate(instant.getTime(), BRUSSELS));
}

const LOCAL_DATE_TIME = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?$/;

/**
 * Parses an ISO 8601 date or date-time. With an offset (or Z) it is that instant; without, it is
 * Brussels local time (the contract CSV's rule). Returns null when the text is not ISO 8601.
 */
export function parseInstant(text: string): Date | null {
  const trimmed = text.trim();
  if (/(?:Z|[+-]\d{2}:?\d{2})$/i.test(trimmed)) {
    const instant = new Date(trimmed);
    return Number.isNaN(instant.getTime()) ? null : instant;
  }
  const m = LOCAL_DATE_TIME.exec(trimmed);
  if (!m) return null;
  const date = m[1] as string;
  const parts = date.split('-').map(Number) as [number, number, number];
  const iso = isoDateFromParts(...parts);
  if (!iso) return null;
  const [h, mi, s] = [Number(m[2] ?? 0), Number(m[3] ?? 0), Number(m[4] ?? 0)];
  if (h > 23 || mi > 59 || s > 59) return null;
  return brusselsInstant(iso, h, mi, s);
}
