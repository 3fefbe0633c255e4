// The twelfth first-sight batch renders, and every hand-written truth value can be found on its
// letter: each date is printed (in one of the ways issuers print dates, two-digit years included) or is
// the letter's own date plus a period the letter states; the offence time and the amount are printed.
// This checks the truth against the letters, not the reader (which never runs here).
import { describe, expect, it } from 'vitest';
import { addDays, type StatedPeriod } from '../../fixtures/first-sight/truth-on-letter.js';
import { layoutsBefore } from '../../fixtures/first-sight-batches.js';
import { checkFirstSightBatch } from './first-sight-batch-checks.js';
import { FIRST_SIGHT_12_LAYOUTS, FIRST_SIGHT_12_LETTERS, FIRST_SIGHT_12_UK_LAYOUTS } from '../../fixtures/first-sight-12/index.js';

// Periods the letters state, counted from the letter's own date.
const PERIODS: StatedPeriod[] = [
  [/binnen vijftien dagen na de datum van deze brief/, (d) => addDays(d, 15)],
  [/binnen zes weken na de dagtekening van dit aanslagbiljet/, (d) => addDays(d, 42)],
  [/binnen veertien dagen na de dagtekening van deze aanmaning/, (d) => addDays(d, 14)],
  [/dans les trente jours de la date d'envoi/, (d) => addDays(d, 30)],
  [/dans les quinze jours de la date d'envoi/, (d) => addDays(d, 15)],
  [/innerhalb von fünfzehn Tagen nach dem Datum dieses Schreibens/, (d) => addDays(d, 15)],
  [/innert 30 Tagen ab Datum dieses Schreibens/, (d) => addDays(d, 30)],
  [/within 14 days of the date of this notice/, (d) => addDays(d, 14)],
  [/no later than twenty calendar days after the date of this notice/, (d) => addDays(d, 20)],
];

const LETTERS = 24;
const LAYOUTS = 8;

describe('first-sight batch 12', () => {
  it(`has ${LETTERS} letters over ${LAYOUTS} layouts with unique ids, in four languages and three kinds`, () => {
    expect(FIRST_SIGHT_12_LETTERS).toHaveLength(LETTERS);
    expect(FIRST_SIGHT_12_LAYOUTS).toHaveLength(LAYOUTS);
    expect(new Set(FIRST_SIGHT_12_LETTERS.map((l) => l.truth.id)).size).toBe(LETTERS);
    const layoutsIn = (lang: string) => new Set(FIRST_SIGHT_12_LETTERS.filter((l) => l.truth.language === lang).map((l) => l.truth.layout)).size;
    expect({ nl: layoutsIn('nl'), fr: layoutsIn('fr'), de: layoutsIn('de'), en: layoutsIn('en') }).toEqual({ nl: 2, fr: 2, de: 2, en: 2 });
    expect(new Set(FIRST_SIGHT_12_LETTERS.map((l) => l.truth.kind))).toEqual(new Set(['fine', 'parking_charge', 'identification_request']));
    const idLayouts = new Set(FIRST_SIGHT_12_LETTERS.filter((l) => l.truth.kind === 'identification_request').map((l) => l.truth.layout));
    expect(idLayouts.size).toBeGreaterThanOrEqual(2);
  });

  checkFirstSightBatch({
    letters: FIRST_SIGHT_12_LETTERS,
    layouts: FIRST_SIGHT_12_LAYOUTS,
    earlierLayouts: layoutsBefore(12),
    westernLayouts: FIRST_SIGHT_12_UK_LAYOUTS,
    westernLetters: 0,
    periods: PERIODS,
    minFromSentence: 5,
    minUncomputable: 2,
  });
});
