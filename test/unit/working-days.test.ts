import { describe, expect, it } from 'vitest';
import type { IsoDate } from '../../src/domain/calendar-date.js';
import { addCalendarDays } from '../../src/domain/calendar-date.js';
import { belgianLegalHolidays, isWorkingDay, shiftWorkingDays, workingDaysUntil, workingWeekOf } from '../../src/domain/working-days.js';

const d = (s: string) => s as IsoDate;

describe('Belgian working days', () => {
  it.each([2024, 2025, 2026, 2027, 2028, 2030, 2035])('has exactly the ten legal holidays in %i', (year) => {
    const holidays = [...belgianLegalHolidays(year)].sort();
    expect(holidays).toHaveLength(10);
    for (const fixed of ['01-01', '05-01', '07-21', '08-15', '11-01', '11-11', '12-25']) expect(holidays).toContain(`${year}-${fixed}`);
  });

  it('knows the moving feasts (Easter Monday, Ascension, Whit Monday)', () => {
    expect([...belgianLegalHolidays(2026)]).toEqual(expect.arrayContaining(['2026-04-06', '2026-05-14', '2026-05-25']));
    expect([...belgianLegalHolidays(2027)]).toEqual(expect.arrayContaining(['2027-03-29', '2027-05-06', '2027-05-17']));
  });

  it('treats weekends and holidays as non-working days', () => {
    expect(isWorkingDay(d('2026-11-21'))).toBe(false); // Saturday
    expect(isWorkingDay(d('2026-11-11'))).toBe(false); // Armistice, a Wednesday
    expect(isWorkingDay(d('2026-11-12'))).toBe(true);
  });

  it('counts five working days back from the spec example', () => {
    expect(shiftWorkingDays(d('2026-12-14'), -5)).toBe('2026-12-07');
  });

  it('skips holidays and crosses year boundaries', () => {
    expect(shiftWorkingDays(d('2026-11-16'), -5)).toBe('2026-11-06'); // skips 11 November
    expect(shiftWorkingDays(d('2027-01-04'), -5)).toBe('2026-12-24'); // skips 1 January and 25 December
    expect(shiftWorkingDays(d('2026-12-05'), -5)).toBe('2026-11-30'); // from a Saturday
  });
});

describe('working days left and the working week (review queue, dashboard)', () => {
  it('counts working days until a date, negative once it has passed', () => {
    expect(workingDaysUntil(d('2026-12-07'), d('2026-12-07'))).toBe(0);
    expect(workingDaysUntil(d('2026-12-04'), d('2026-12-07'))).toBe(1); // Friday → Monday
    expect(workingDaysUntil(d('2026-12-23'), d('2026-12-28'))).toBe(2); // 25 December skipped
    expect(workingDaysUntil(d('2026-12-08'), d('2026-12-07'))).toBe(-1);
  });
  it('counts working days between any two dates as a day-by-day walk does (weekends, holidays, years, both directions)', () => {
    const walk = (from: IsoDate, to: IsoDate) => {
      const step = from < to ? 1 : -1;
      let count = 0;
      for (let current = from; current !== to; ) {
        current = addCalendarDays(current, step);
        if (isWorkingDay(current)) count += step;
      }
      return count;
    };
    const start = d('2025-12-20');
    for (let a = 0; a < 60; a += 1) {
      const from = addCalendarDays(start, a * 3);
      for (const span of [-800, -370, -40, -9, -8, -7, -6, -5, -4, -3, -2, -1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 40, 370, 800]) {
        const to = addCalendarDays(from, span);
        expect(workingDaysUntil(from, to), `${from} → ${to}`).toBe(walk(from, to));
      }
    }
  });
  it('gives the working week of a date, skipping holidays; a weekend belongs to the coming week', () => {
    expect(workingWeekOf(d('2026-12-02'))).toEqual({ first: '2026-11-30', last: '2026-12-04' });
    expect(workingWeekOf(d('2026-12-05'))).toEqual({ first: '2026-12-07', last: '2026-12-11' });
    expect(workingWeekOf(d('2026-12-28'))).toEqual({ first: '2026-12-28', last: '2026-12-31' }); // 1 January is a holiday
    expect(workingWeekOf(d('2026-11-11'))).toEqual({ first: '2026-11-09', last: '2026-11-13' }); // 11 November: a holiday inside the week
  });
});
