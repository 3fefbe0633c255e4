// The thirteenth first-sight batch renders, and every hand-written truth value can be found on its
// letter: each date is printed (in one of the ways issuers print dates, two-digit years included) or is
// the letter's own date plus a period the letter states; the offence time and the amount are printed.
// This checks the truth against the letters, not the reader (which never runs here).
import { describe, expect, it } from 'vitest';
import { addDays, addMonths, type StatedPeriod } from '../../fixtures/first-sight/truth-on-letter.js';
import { layoutsBefore } from '../../fixtures/first-sight-batches.js';
import { checkFirstSightBatch } from './first-sight-batch-checks.js';
import { FIRST_SIGHT_13_LAYOUTS, FIRST_SIGHT_13_LETTERS, FIRST_SIGHT_13_UK_LAYOUTS } from '../../fixtures/first-sight-13/index.js';

// Periods the letters state, counted from the letter's own date.
const PERIODS: StatedPeriod[] = [
  [/binnen 14 dagen na de factuurdatum/, (d) => addDays(d, 14)],
  [/binnen vijftien dagen na de verzenddatum/, (d) => addDays(d, 15)],
  [/dans un délai de quarante-cinq jours à compter de la date du présent avis/, (d) => addDays(d, 45)],
  [/dans un délai de deux mois à compter de la date d'envoi du présent avis/, (d) => addMonths(d, 2)],
  [/innerhalb von 14 Tagen ab dem Datum dieses Schreibens/, (d) => addDays(d, 14)],
  [/within 28 days of the date of this notice/, (d) => addDays(d, 28)],
];

const LETTERS = 24;
const LAYOUTS = 8;

describe('first-sight batch 13', () => {
  it(`has ${LETTERS} letters over ${LAYOUTS} layouts with unique ids, in four languages and three kinds`, () => {
    expect(FIRST_SIGHT_13_LETTERS).toHaveLength(LETTERS);
    expect(FIRST_SIGHT_13_LAYOUTS).toHaveLength(LAYOUTS);
    expect(new Set(FIRST_SIGHT_13_LETTERS.map((l) => l.truth.id)).size).toBe(LETTERS);
    const layoutsIn = (lang: string) => new Set(FIRST_SIGHT_13_LETTERS.filter((l) => l.truth.language === lang).map((l) => l.truth.layout)).size;
    expect({ nl: layoutsIn('nl'), fr: layoutsIn('fr'), de: layoutsIn('de'), en: layoutsIn('en') }).toEqual({ nl: 2, fr: 2, de: 2, en: 2 });
    expect(new Set(FIRST_SIGHT_13_LETTERS.map((l) => l.truth.kind))).toEqual(new Set(['fine', 'parking_charge', 'identification_request']));
    const idLayouts = new Set(FIRST_SIGHT_13_LETTERS.filter((l) => l.truth.kind === 'identification_request').map((l) => l.truth.layout));
    expect(idLayouts.size).toBeGreaterThanOrEqual(2);
  });

  checkFirstSightBatch({
    letters: FIRST_SIGHT_13_LETTERS,
    layouts: FIRST_SIGHT_13_LAYOUTS,
    earlierLayouts: layoutsBefore(13),
    westernLayouts: FIRST_SIGHT_13_UK_LAYOUTS,
    westernLetters: 3,
    periods: PERIODS,
    minFromSentence: 5,
    minUncomputable: 2,
  });
});
