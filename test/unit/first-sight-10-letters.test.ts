// The tenth first-sight batch renders, and every hand-written truth value can be found on its letter:
// each date is printed (in one of the ways issuers print dates, two-digit years included) or is the
// letter's own date plus a period the letter states; the offence time and the amount are printed. This
// checks the truth against the letters, not the reader (which never runs here).
import { describe, expect, it } from 'vitest';
import { addDays, type StatedPeriod } from '../../fixtures/first-sight/truth-on-letter.js';
import { layoutsBefore } from '../../fixtures/first-sight-batches.js';
import { checkFirstSightBatch } from './first-sight-batch-checks.js';
import { FIRST_SIGHT_10_LAYOUTS, FIRST_SIGHT_10_LETTERS, FIRST_SIGHT_10_UK_LAYOUTS } from '../../fixtures/first-sight-10/index.js';

// Periods the letters state, counted from the letter's own date.
const PERIODS: StatedPeriod[] = [
  [/dans les quinze jours à compter de la date d'envoi du présent courrier/, (d) => addDays(d, 15)],
  [/binnen vijftien dagen na de verzenddatum van deze kennisgeving/, (d) => addDays(d, 15)],
  [/binnen 15 dagen na de datum van deze herinnering/, (d) => addDays(d, 15)],
  [/innerhalb von 15 Tagen ab dem Datum dieses Schreibens/, (d) => addDays(d, 15)],
  [/binnen 10 Tagen ab dem Datum dieses Schreibens/, (d) => addDays(d, 10)],
  [/uiterlijk zes weken na de dagtekening van dit aanslagbiljet/, (d) => addDays(d, 42)],
  [/uiterlijk twee weken na de dagtekening van deze aanmaning/, (d) => addDays(d, 14)],
  [/binnen vijftien dagen na de datum van deze herinnering/, (d) => addDays(d, 15)],
  [/dans les 30 jours suivant la date d'émission du présent avis/, (d) => addDays(d, 30)],
  [/dans un délai de 21 jours à compter de la date d'émission/, (d) => addDays(d, 21)],
  [/dans les trente jours à compter de la date d'émission/, (d) => addDays(d, 30)],
  [/endéans les vingt jours à compter de la date d'émission/, (d) => addDays(d, 20)],
  [/within 21 days of the date of this notice/, (d) => addDays(d, 21)],
  [/within 14 days of the date of this certificate/, (d) => addDays(d, 14)],
  [/no later than 30 days after the notice date/, (d) => addDays(d, 30)],
  [/no later than 10 days after the notice date/, (d) => addDays(d, 10)],
];

const LETTERS = 30;
const LAYOUTS = 10;

describe('first-sight batch 10', () => {
  it(`has ${LETTERS} letters over ${LAYOUTS} layouts with unique ids, in four languages and three kinds`, () => {
    expect(FIRST_SIGHT_10_LETTERS).toHaveLength(LETTERS);
    expect(FIRST_SIGHT_10_LAYOUTS).toHaveLength(LAYOUTS);
    expect(new Set(FIRST_SIGHT_10_LETTERS.map((l) => l.truth.id)).size).toBe(LETTERS);
    const layoutsIn = (lang: string) => new Set(FIRST_SIGHT_10_LETTERS.filter((l) => l.truth.language === lang).map((l) => l.truth.layout)).size;
    expect({ nl: layoutsIn('nl'), fr: layoutsIn('fr'), de: layoutsIn('de'), en: layoutsIn('en') }).toEqual({ nl: 3, fr: 3, de: 2, en: 2 });
    expect(new Set(FIRST_SIGHT_10_LETTERS.map((l) => l.truth.kind))).toEqual(new Set(['fine', 'parking_charge', 'identification_request']));
  });

  checkFirstSightBatch({
    letters: FIRST_SIGHT_10_LETTERS,
    layouts: FIRST_SIGHT_10_LAYOUTS,
    earlierLayouts: layoutsBefore(10),
    westernLayouts: FIRST_SIGHT_10_UK_LAYOUTS,
    westernLetters: 3,
    periods: PERIODS,
    minFromSentence: 6,
    minUncomputable: 3,
  });
});
