// The eighteenth first-sight batch renders, and every hand-written truth value can be found on its
// letter: each date is printed (in one of the ways issuers print dates) or is the letter's own date
// plus a period the letter states; the offence time and the amount are printed.
// This checks the truth against the letters, not the reader (which never runs here).
import { describe, expect, it } from 'vitest';
import { addDays, type StatedPeriod } from '../../fixtures/first-sight/truth-on-letter.js';
import { layoutsBefore } from '../../fixtures/first-sight-batches.js';
import { checkFirstSightBatch } from './first-sight-batch-checks.js';
import { FIRST_SIGHT_18_LAYOUTS, FIRST_SIGHT_18_LETTERS, FIRST_SIGHT_18_UK_LAYOUTS } from '../../fixtures/first-sight-18/index.js';

// Periods the letters state, counted from the letter's own date.
const PERIODS: StatedPeriod[] = [
  [/binnen 15 dagen vanaf de datum van deze brief/, (d) => addDays(d, 15)],
  [/alsnog binnen 8 dagen vanaf de datum van deze herinnering/, (d) => addDays(d, 8)],
  [/dans les 10 jours à compter de la date de la présente/, (d) => addDays(d, 10)],
  [/binnen 7 Tagen ab dem Datum dieses Schreibens/, (d) => addDays(d, 7)],
  [/innerhalb von 14 Tagen ab dem Datum dieses Schreibens/, (d) => addDays(d, 14)],
  [/binnen 7 Tagen ab dem Datum dieser Erinnerung/, (d) => addDays(d, 7)],
  [/within 28 days of the date of this notice/, (d) => addDays(d, 28)],
];

const LETTERS = 24;
const LAYOUTS = 8;

describe('first-sight batch 18', () => {
  it(`has ${LETTERS} letters over ${LAYOUTS} layouts with unique ids, in four languages and three kinds`, () => {
    expect(FIRST_SIGHT_18_LETTERS).toHaveLength(LETTERS);
    expect(FIRST_SIGHT_18_LAYOUTS).toHaveLength(LAYOUTS);
    expect(new Set(FIRST_SIGHT_18_LETTERS.map((l) => l.truth.id)).size).toBe(LETTERS);
    const layoutsIn = (lang: string) => new Set(FIRST_SIGHT_18_LETTERS.filter((l) => l.truth.language === lang).map((l) => l.truth.layout)).size;
    expect({ nl: layoutsIn('nl'), fr: layoutsIn('fr'), de: layoutsIn('de'), en: layoutsIn('en') }).toEqual({ nl: 2, fr: 2, de: 2, en: 2 });
    expect(new Set(FIRST_SIGHT_18_LETTERS.map((l) => l.truth.kind))).toEqual(new Set(['fine', 'parking_charge', 'identification_request']));
    const idLayouts = new Set(FIRST_SIGHT_18_LETTERS.filter((l) => l.truth.kind === 'identification_request').map((l) => l.truth.layout));
    expect(idLayouts.size).toBeGreaterThanOrEqual(1);
  });

  it('has three letters per layout, the last of each a reminder, second request, last demand or enforcement notice', () => {
    for (const layout of FIRST_SIGHT_18_LAYOUTS) {
      const ids = FIRST_SIGHT_18_LETTERS.filter((l) => l.truth.layout === layout).map((l) => l.truth.id);
      expect(ids, layout).toEqual([`${layout}-1`, `${layout}-2`, `${layout}-3`]);
    }
    // The letter dates are in October and November 2026.
    for (const { truth } of FIRST_SIGHT_18_LETTERS) expect(truth.documentDate! >= '2026-10-01' && truth.documentDate! <= '2026-11-30', truth.id).toBe(true);
  });

  checkFirstSightBatch({
    letters: FIRST_SIGHT_18_LETTERS,
    layouts: FIRST_SIGHT_18_LAYOUTS,
    earlierLayouts: layoutsBefore(18),
    westernLayouts: FIRST_SIGHT_18_UK_LAYOUTS,
    westernLetters: 3,
    periods: PERIODS,
    minFromSentence: 5,
    minUncomputable: 2,
  });
});
