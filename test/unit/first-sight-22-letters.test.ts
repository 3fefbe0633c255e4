// The twenty-second first-sight batch renders, and every hand-written truth value can be found on its
// letter: each date is printed (in one of the ways issuers print dates) or is the letter's own date
// plus a period the letter states; the offence time and the amount are printed.
// This checks the truth against the letters, not the reader (which never runs here).
import { describe, expect, it } from 'vitest';
import { addDays, type StatedPeriod } from '../../fixtures/first-sight/truth-on-letter.js';
import { layoutsBefore } from '../../fixtures/first-sight-batches.js';
import { checkFirstSightBatch } from './first-sight-batch-checks.js';
import { FIRST_SIGHT_22_LAYOUTS, FIRST_SIGHT_22_LETTERS, FIRST_SIGHT_22_UK_LAYOUTS } from '../../fixtures/first-sight-22/index.js';

// Periods the letters state, counted from the letter's own date.
const PERIODS: StatedPeriod[] = [
  [/binnen veertien dagen na de dagtekening van dit voorstel/, (d) => addDays(d, 14)],
  [/binnen 14 dagen na dagtekening van deze aanmaning/, (d) => addDays(d, 14)],
  [/dans un délai de dix jours à compter de la date du présent avis/, (d) => addDays(d, 10)],
  [/dans un délai de vingt jours à compter de la date de la présente demande/, (d) => addDays(d, 20)],
  [/innerhalb von drei Wochen ab dem Datum dieses Schreibens/, (d) => addDays(d, 21)],
  [/within 28 days of the date of this notice/, (d) => addDays(d, 28)],
  [/within 14 days of the date of this certificate/, (d) => addDays(d, 14)],
  [/within 10 days from the date of this notice/, (d) => addDays(d, 10)],
];

const LETTERS = 24;
const LAYOUTS = 8;

describe('first-sight batch 22', () => {
  it(`has ${LETTERS} letters over ${LAYOUTS} layouts with unique ids, in four languages and three kinds`, () => {
    expect(FIRST_SIGHT_22_LETTERS).toHaveLength(LETTERS);
    expect(FIRST_SIGHT_22_LAYOUTS).toHaveLength(LAYOUTS);
    expect(new Set(FIRST_SIGHT_22_LETTERS.map((l) => l.truth.id)).size).toBe(LETTERS);
    const layoutsIn = (lang: string) => new Set(FIRST_SIGHT_22_LETTERS.filter((l) => l.truth.language === lang).map((l) => l.truth.layout)).size;
    expect({ nl: layoutsIn('nl'), fr: layoutsIn('fr'), de: layoutsIn('de'), en: layoutsIn('en') }).toEqual({ nl: 2, fr: 2, de: 2, en: 2 });
    expect(new Set(FIRST_SIGHT_22_LETTERS.map((l) => l.truth.kind))).toEqual(new Set(['fine', 'parking_charge', 'identification_request']));
    const idLayouts = new Set(FIRST_SIGHT_22_LETTERS.filter((l) => l.truth.kind === 'identification_request').map((l) => l.truth.layout));
    expect(idLayouts.size).toBeGreaterThanOrEqual(1);
  });

  it('has three letters per layout, the last of each a reminder, second request, last demand or enforcement notice', () => {
    for (const layout of FIRST_SIGHT_22_LAYOUTS) {
      const ids = FIRST_SIGHT_22_LETTERS.filter((l) => l.truth.layout === layout).map((l) => l.truth.id);
      expect(ids, layout).toEqual([`${layout}-1`, `${layout}-2`, `${layout}-3`]);
    }
    // The letter dates are in October and November 2026.
    for (const { truth } of FIRST_SIGHT_22_LETTERS) expect(truth.documentDate! >= '2026-10-01' && truth.documentDate! <= '2026-11-30', truth.id).toBe(true);
  });

  checkFirstSightBatch({
    letters: FIRST_SIGHT_22_LETTERS,
    layouts: FIRST_SIGHT_22_LAYOUTS,
    earlierLayouts: layoutsBefore(22),
    westernLayouts: FIRST_SIGHT_22_UK_LAYOUTS,
    westernLetters: 3,
    periods: PERIODS,
    minFromSentence: 6,
    minUncomputable: 6,
  });
});
