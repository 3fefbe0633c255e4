// The ninth first-sight batch renders, and every hand-written truth value can be found on its letter:
// each date is printed (in one of the ways issuers print dates, two-digit years included) or is the
// letter's own date plus a period the letter states; the offence time and the amount are printed. This
// checks the truth against the letters, not the reader (which never runs here).
import { describe, expect, it } from 'vitest';
import { addDays, addMonths, type StatedPeriod } from '../../fixtures/first-sight/truth-on-letter.js';
import { layoutsBefore } from '../../fixtures/first-sight-batches.js';
import { checkFirstSightBatch } from './first-sight-batch-checks.js';
import { FIRST_SIGHT_9_LAYOUTS, FIRST_SIGHT_9_LETTERS, FIRST_SIGHT_9_UK_LAYOUTS } from '../../fixtures/first-sight-9/index.js';

// Periods the letters state, counted from the letter's own date.
const PERIODS: StatedPeriod[] = [
  [/dans les 15 jours à compter de la date d'envoi du présent avis/, (d) => addDays(d, 15)],
  [/dans les 10 jours à compter de la date d'envoi du présent avis/, (d) => addDays(d, 10)],
  [/binnen 30 dagen na de verzending van deze brief/, (d) => addDays(d, 30)],
  [/binnen 15 dagen na de verzending van deze brief/, (d) => addDays(d, 15)],
  [/innerhalb von 15 Tagen nach dem Versanddatum dieses Schreibens/, (d) => addDays(d, 15)],
  [/binnen 6 weken na dagtekening/, (d) => addDays(d, 42)],
  [/binnen 14 dagen na dagtekening van deze herinnering/, (d) => addDays(d, 14)],
  [/dans un délai d'un mois à compter de la date d'envoi de cet avis/, (d) => addMonths(d, 1)],
  [/innerhalb von zwei Wochen ab dem Datum dieses Schreibens/, (d) => addDays(d, 14)],
  [/binnen vier Wochen ab Ausfertigung/, (d) => addDays(d, 28)],
  [/within 60 days of the date of issue/, (d) => addDays(d, 60)],
  [/within 30 days of the date of this reminder/, (d) => addDays(d, 30)],
  [/within 30 days of the date of this letter/, (d) => addDays(d, 30)],
  [/within 14 days of the date of this letter/, (d) => addDays(d, 14)],
];

const LETTERS = 30;
const LAYOUTS = 10;

describe('first-sight batch 9', () => {
  it(`has ${LETTERS} letters over ${LAYOUTS} layouts with unique ids, in four languages and three kinds`, () => {
    expect(FIRST_SIGHT_9_LETTERS).toHaveLength(LETTERS);
    expect(FIRST_SIGHT_9_LAYOUTS).toHaveLength(LAYOUTS);
    expect(new Set(FIRST_SIGHT_9_LETTERS.map((l) => l.truth.id)).size).toBe(LETTERS);
    for (const lang of ['nl', 'fr', 'de', 'en'] as const) {
      expect(new Set(FIRST_SIGHT_9_LETTERS.filter((l) => l.truth.language === lang).map((l) => l.truth.layout)).size, lang).toBeGreaterThanOrEqual(1);
    }
    expect(new Set(FIRST_SIGHT_9_LETTERS.map((l) => l.truth.kind))).toEqual(new Set(['fine', 'parking_charge', 'identification_request']));
  });

  checkFirstSightBatch({
    letters: FIRST_SIGHT_9_LETTERS,
    layouts: FIRST_SIGHT_9_LAYOUTS,
    earlierLayouts: layoutsBefore(9),
    westernLayouts: FIRST_SIGHT_9_UK_LAYOUTS,
    westernLetters: 3,
    periods: PERIODS,
  });
});
