// The eleventh first-sight batch renders, and every hand-written truth value can be found on its
// letter: each date is printed (in one of the ways issuers print dates, two-digit years included) or is
// the letter's own date plus a period the letter states; the offence time and the amount are printed.
// This checks the truth against the letters, not the reader (which never runs here).
import { describe, expect, it } from 'vitest';
import { addDays, type StatedPeriod } from '../../fixtures/first-sight/truth-on-letter.js';
import { layoutsBefore } from '../../fixtures/first-sight-batches.js';
import { checkFirstSightBatch } from './first-sight-batch-checks.js';
import { FIRST_SIGHT_11_LAYOUTS, FIRST_SIGHT_11_LETTERS, FIRST_SIGHT_11_UK_LAYOUTS } from '../../fixtures/first-sight-11/index.js';

// Periods the letters state, counted from the letter's own date.
const PERIODS: StatedPeriod[] = [
  [/binnen vijftien kalenderdagen na de verzenddatum van deze brief/, (d) => addDays(d, 15)],
  [/uiterlijk tien dagen na de verzenddatum/, (d) => addDays(d, 10)],
  [/binnen vijftien dagen vanaf de datum bovenaan deze brief/, (d) => addDays(d, 15)],
  [/binnen 6 weken na de dagtekening van deze aanslag/, (d) => addDays(d, 42)],
  [/binnen veertien dagen na de dagtekening van deze aanmaning/, (d) => addDays(d, 14)],
  [/dans les trente jours qui suivent la date d'envoi du présent avis/, (d) => addDays(d, 30)],
  [/endéans les quinze jours à partir de la date figurant en tête de la présente/, (d) => addDays(d, 15)],
  [/innerhalb von zwei Wochen nach dem Datum dieses Schreibens/, (d) => addDays(d, 14)],
  [/binnen zwei Wochen ab dem Ausstellungsdatum/, (d) => addDays(d, 14)],
  [/no later than 21 days from the date this notice was issued/, (d) => addDays(d, 21)],
  [/no more than fifteen days after the issue date shown above/, (d) => addDays(d, 15)],
];

const LETTERS = 30;
const LAYOUTS = 10;

describe('first-sight batch 11', () => {
  it(`has ${LETTERS} letters over ${LAYOUTS} layouts with unique ids, in four languages and three kinds`, () => {
    expect(FIRST_SIGHT_11_LETTERS).toHaveLength(LETTERS);
    expect(FIRST_SIGHT_11_LAYOUTS).toHaveLength(LAYOUTS);
    expect(new Set(FIRST_SIGHT_11_LETTERS.map((l) => l.truth.id)).size).toBe(LETTERS);
    const layoutsIn = (lang: string) => new Set(FIRST_SIGHT_11_LETTERS.filter((l) => l.truth.language === lang).map((l) => l.truth.layout)).size;
    expect({ nl: layoutsIn('nl'), fr: layoutsIn('fr'), de: layoutsIn('de'), en: layoutsIn('en') }).toEqual({ nl: 3, fr: 3, de: 2, en: 2 });
    expect(new Set(FIRST_SIGHT_11_LETTERS.map((l) => l.truth.kind))).toEqual(new Set(['fine', 'parking_charge', 'identification_request']));
    const idLayouts = new Set(FIRST_SIGHT_11_LETTERS.filter((l) => l.truth.kind === 'identification_request').map((l) => l.truth.layout));
    expect(idLayouts.size).toBeGreaterThanOrEqual(2);
  });

  checkFirstSightBatch({
    letters: FIRST_SIGHT_11_LETTERS,
    layouts: FIRST_SIGHT_11_LAYOUTS,
    earlierLayouts: layoutsBefore(11),
    westernLayouts: FIRST_SIGHT_11_UK_LAYOUTS,
    westernLetters: 6,
    periods: PERIODS,
    minFromSentence: 6,
    minUncomputable: 3,
  });
});
