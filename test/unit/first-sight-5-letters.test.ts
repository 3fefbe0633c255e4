// The fifth first-sight batch renders, and every hand-written truth value can be found on its letter:
// each date is printed (in one of the ways issuers print dates, two-digit years included) or is the
// letter's own date plus a period the letter states; the offence time and the amount are printed. This
// checks the truth against the letters, not the reader (which never runs here).
import { describe, expect, it } from 'vitest';
import { addDays, notRendered, renderLetters, truthInconsistencies, truthNotOnLetter, type StatedPeriod } from '../../fixtures/first-sight/truth-on-letter.js';
import { FIRST_SIGHT_5_LAYOUTS, FIRST_SIGHT_5_LETTERS } from '../../fixtures/first-sight-5/index.js';

// Periods the letters state, counted from the letter's own date.
const PERIODS: StatedPeriod[] = [
  [/14 kalenderdagen na de datum van deze brief/, (d) => addDays(d, 14)],
  [/14 dagen na factuurdatum/, (d) => addDays(d, 14)],
  [/7 dagen na dagtekening van deze herinnering/, (d) => addDays(d, 7)],
  [/30 dagen vanaf de verzenddatum van deze brief/, (d) => addDays(d, 30)],
  [/15 dagen vanaf de verzenddatum/, (d) => addDays(d, 15)],
  [/30 jours à compter de la date d'envoi/, (d) => addDays(d, 30)],
  [/15 jours à compter de la date d'envoi/, (d) => addDays(d, 15)],
  [/10 Tagen ab dem Datum dieses Schreibens/, (d) => addDays(d, 10)],
  [/within 30 days from the date on which this notice was sent/, (d) => addDays(d, 30)],
  [/within 14 days of the date of this reminder/, (d) => addDays(d, 14)],
  [/within six weeks of the date of this decision/, (d) => addDays(d, 42)],
];

const rendered = renderLetters(FIRST_SIGHT_5_LETTERS);

describe('first-sight batch 5', () => {
  it('has 30 letters over 10 layouts with unique ids, in four languages and three kinds', () => {
    expect(FIRST_SIGHT_5_LETTERS).toHaveLength(30);
    expect(FIRST_SIGHT_5_LAYOUTS).toHaveLength(10);
    expect(new Set(FIRST_SIGHT_5_LETTERS.map((l) => l.truth.id)).size).toBe(30);
    for (const lang of ['nl', 'fr', 'de', 'en'] as const) {
      expect(new Set(FIRST_SIGHT_5_LETTERS.filter((l) => l.truth.language === lang).map((l) => l.truth.layout)).size, lang).toBeGreaterThanOrEqual(2);
    }
    expect(new Set(FIRST_SIGHT_5_LETTERS.map((l) => l.truth.kind))).toEqual(new Set(['fine', 'parking_charge', 'identification_request']));
  });

  it('renders every letter to a PDF with a text layer', async () => {
    expect(notRendered(await rendered)).toEqual([]);
  });

  it('keeps the truth self-consistent', () => {
    expect(FIRST_SIGHT_5_LETTERS.flatMap((l) => truthInconsistencies(l.truth))).toEqual([]);
  });

  it('finds every truth value on its letter (printed, or the letter date plus a stated period)', async () => {
    const missing = (await rendered).flatMap(({ letter, text }) => truthNotOnLetter(letter.truth, text, PERIODS));
    expect(missing).toEqual([]);
  });
});
