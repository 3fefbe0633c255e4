// The fourth first-sight batch renders, and every hand-written truth value can be found on its letter:
// each date is printed (in one of the ways issuers print dates, two-digit years included) or is the
// letter's own date plus a period the letter states; the offence time and the amount are printed. This
// checks the truth against the letters, not the reader (which never runs here).
import { describe, expect, it } from 'vitest';
import { addDays, addMonths, notRendered, renderLetters, truthInconsistencies, truthNotOnLetter, type StatedPeriod } from '../../fixtures/first-sight/truth-on-letter.js';
import { FIRST_SIGHT_4_LAYOUTS, FIRST_SIGHT_4_LETTERS } from '../../fixtures/first-sight-4/index.js';

// Periods the letters state, counted from the letter's own date.
const PERIODS: StatedPeriod[] = [
  [/\b7 dagen\b/, (d) => addDays(d, 7)],
  [/\b10 dagen\b/, (d) => addDays(d, 10)],
  [/\b14 dagen\b/, (d) => addDays(d, 14)],
  [/\b15 dagen\b/, (d) => addDays(d, 15)],
  [/een maand na de dagtekening/, (d) => addMonths(d, 1)],
  [/zes weken na de dagtekening/, (d) => addDays(d, 42)],
  [/45 jours à compter de la date d'envoi/, (d) => addDays(d, 45)],
  [/deux mois après la date d'envoi/, (d) => addMonths(d, 2)],
  [/einer Woche ab dem Datum dieses Schreibens/, (d) => addDays(d, 7)],
  [/fünfzehn Tagen ab dem Versanddatum/, (d) => addDays(d, 15)],
  [/one month of the date of this assessment/, (d) => addMonths(d, 1)],
  [/six weeks of the date of this assessment/, (d) => addDays(d, 42)],
  [/14 days of the date of this reminder/, (d) => addDays(d, 14)],
  [/28 days beginning with the date of issue/, (d) => addDays(d, 28)],
  [/21 days of the date of issue/, (d) => addDays(d, 21)],
];

const rendered = renderLetters(FIRST_SIGHT_4_LETTERS);

describe('first-sight batch 4', () => {
  it('has 30 letters over 10 layouts with unique ids, in four languages and three kinds', () => {
    expect(FIRST_SIGHT_4_LETTERS).toHaveLength(30);
    expect(FIRST_SIGHT_4_LAYOUTS).toHaveLength(10);
    expect(new Set(FIRST_SIGHT_4_LETTERS.map((l) => l.truth.id)).size).toBe(30);
    for (const lang of ['nl', 'fr', 'de', 'en'] as const) {
      expect(new Set(FIRST_SIGHT_4_LETTERS.filter((l) => l.truth.language === lang).map((l) => l.truth.layout)).size, lang).toBeGreaterThanOrEqual(2);
    }
    expect(new Set(FIRST_SIGHT_4_LETTERS.map((l) => l.truth.kind))).toEqual(new Set(['fine', 'parking_charge', 'identification_request']));
  });

  it('renders every letter to a PDF with a text layer', async () => {
    expect(notRendered(await rendered)).toEqual([]);
  });

  it('keeps the truth self-consistent', () => {
    expect(FIRST_SIGHT_4_LETTERS.flatMap((l) => truthInconsistencies(l.truth))).toEqual([]);
  });

  it('finds every truth value on its letter (printed, or the letter date plus a stated period)', async () => {
    const missing = (await rendered).flatMap(({ letter, text }) => truthNotOnLetter(letter.truth, text, PERIODS));
    expect(missing).toEqual([]);
  });
});
