// The twenty-first first-sight batch renders, and every hand-written truth value can be found on its
// letter: each date is printed (in one of the ways issuers print dates) or is the letter's own date
// plus a period the letter states; the offence time and the amount are printed.
// This checks the truth against the letters, not the reader (which never runs here).
import { describe, expect, it } from 'vitest';
import { addDays, type StatedPeriod } from '../../fixtures/first-sight/truth-on-letter.js';
import { layoutsBefore } from '../../fixtures/first-sight-batches.js';
import { checkFirstSightBatch } from './first-sight-batch-checks.js';
import { FIRST_SIGHT_21_LAYOUTS, FIRST_SIGHT_21_LETTERS, FIRST_SIGHT_21_UK_LAYOUTS } from '../../fixtures/first-sight-21/index.js';

// Periods the letters state, counted from the letter's own date.
const PERIODS: StatedPeriod[] = [
  [/binnen vijftien dagen na de datum van deze brief/, (d) => addDays(d, 15)],
  [/innerhalb von einer Woche ab dem Datum dieses Schreibens/, (d) => addDays(d, 7)],
  [/dans un délai de quinze jours à compter de la date de la présente/, (d) => addDays(d, 15)],
  [/dans un délai de huit jours à compter de la date du présent rappel/, (d) => addDays(d, 8)],
  [/dans un délai de quinze jours à compter de la date d'envoi du présent courrier/, (d) => addDays(d, 15)],
  [/innerhalb von zehn Tagen ab dem Datum dieses Schreibens/, (d) => addDays(d, 10)],
  [/within fourteen days from the date of this notice/, (d) => addDays(d, 14)],
  [/within 21 days of the date of this invoice/, (d) => addDays(d, 21)],
];

const LETTERS = 24;
const LAYOUTS = 8;

describe('first-sight batch 21', () => {
  it(`has ${LETTERS} letters over ${LAYOUTS} layouts with unique ids, in four languages and three kinds`, () => {
    expect(FIRST_SIGHT_21_LETTERS).toHaveLength(LETTERS);
    expect(FIRST_SIGHT_21_LAYOUTS).toHaveLength(LAYOUTS);
    expect(new Set(FIRST_SIGHT_21_LETTERS.map((l) => l.truth.id)).size).toBe(LETTERS);
    const layoutsIn = (lang: string) => new Set(FIRST_SIGHT_21_LETTERS.filter((l) => l.truth.language === lang).map((l) => l.truth.layout)).size;
    expect({ nl: layoutsIn('nl'), fr: layoutsIn('fr'), de: layoutsIn('de'), en: layoutsIn('en') }).toEqual({ nl: 2, fr: 2, de: 2, en: 2 });
    expect(new Set(FIRST_SIGHT_21_LETTERS.map((l) => l.truth.kind))).toEqual(new Set(['fine', 'parking_charge', 'identification_request']));
    const idLayouts = new Set(FIRST_SIGHT_21_LETTERS.filter((l) => l.truth.kind === 'identification_request').map((l) => l.truth.layout));
    expect(idLayouts.size).toBeGreaterThanOrEqual(1);
  });

  it('has three letters per layout, the last of each a reminder, second request, last demand or enforcement notice', () => {
    for (const layout of FIRST_SIGHT_21_LAYOUTS) {
      const ids = FIRST_SIGHT_21_LETTERS.filter((l) => l.truth.layout === layout).map((l) => l.truth.id);
      expect(ids, layout).toEqual([`${layout}-1`, `${layout}-2`, `${layout}-3`]);
    }
    // The letter dates are in October and November 2026.
    for (const { truth } of FIRST_SIGHT_21_LETTERS) expect(truth.documentDate! >= '2026-10-01' && truth.documentDate! <= '2026-11-30', truth.id).toBe(true);
  });

  checkFirstSightBatch({
    letters: FIRST_SIGHT_21_LETTERS,
    layouts: FIRST_SIGHT_21_LAYOUTS,
    earlierLayouts: layoutsBefore(21),
    westernLayouts: FIRST_SIGHT_21_UK_LAYOUTS,
    westernLetters: 3,
    periods: PERIODS,
    minFromSentence: 6,
    minUncomputable: 6,
  });
});
