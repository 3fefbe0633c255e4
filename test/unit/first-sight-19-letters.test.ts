// The nineteenth first-sight batch renders, and every hand-written truth value can be found on its
// letter: each date is printed (in one of the ways issuers print dates) or is the letter's own date
// plus a period the letter states; the offence time and the amount are printed.
// This checks the truth against the letters, not the reader (which never runs here).
import { describe, expect, it } from 'vitest';
import { addDays, type StatedPeriod } from '../../fixtures/first-sight/truth-on-letter.js';
import { checkFirstSightBatch } from './first-sight-batch-checks.js';
import { FIRST_SIGHT_2_LAYOUTS } from '../../fixtures/first-sight-2/index.js';
import { FIRST_SIGHT_3_LAYOUTS } from '../../fixtures/first-sight-3/index.js';
import { FIRST_SIGHT_4_LAYOUTS } from '../../fixtures/first-sight-4/index.js';
import { FIRST_SIGHT_5_LAYOUTS } from '../../fixtures/first-sight-5/index.js';
import { FIRST_SIGHT_6_LAYOUTS } from '../../fixtures/first-sight-6/index.js';
import { FIRST_SIGHT_7_LAYOUTS } from '../../fixtures/first-sight-7/index.js';
import { FIRST_SIGHT_8_LAYOUTS } from '../../fixtures/first-sight-8/index.js';
import { FIRST_SIGHT_9_LAYOUTS } from '../../fixtures/first-sight-9/index.js';
import { FIRST_SIGHT_10_LAYOUTS } from '../../fixtures/first-sight-10/index.js';
import { FIRST_SIGHT_11_LAYOUTS } from '../../fixtures/first-sight-11/index.js';
import { FIRST_SIGHT_12_LAYOUTS } from '../../fixtures/first-sight-12/index.js';
import { FIRST_SIGHT_13_LAYOUTS } from '../../fixtures/first-sight-13/index.js';
import { FIRST_SIGHT_14_LAYOUTS } from '../../fixtures/first-sight-14/index.js';
import { FIRST_SIGHT_15_LAYOUTS } from '../../fixtures/first-sight-15/index.js';
import { FIRST_SIGHT_16_LAYOUTS } from '../../fixtures/first-sight-16/index.js';
import { FIRST_SIGHT_17_LAYOUTS } from '../../fixtures/first-sight-17/index.js';
import { FIRST_SIGHT_18_LAYOUTS } from '../../fixtures/first-sight-18/index.js';
import { FIRST_SIGHT_19_LAYOUTS, FIRST_SIGHT_19_LETTERS, FIRST_SIGHT_19_UK_LAYOUTS } from '../../fixtures/first-sight-19/index.js';
import { FIRST_SIGHT_LAYOUTS } from '../../fixtures/first-sight/index.js';

// Periods the letters state, counted from the letter's own date.
const PERIODS: StatedPeriod[] = [
  [/binnen 15 dagen te rekenen vanaf de datum van deze brief/, (d) => addDays(d, 15)],
  [/alsnog binnen 10 kalenderdagen vanaf de dagtekening van deze herinnering/, (d) => addDays(d, 10)],
  [/dans les 15 jours de la date de la présente facture/, (d) => addDays(d, 15)],
  [/dans un délai de 45 jours à compter de la date d'envoi du présent avis/, (d) => addDays(d, 45)],
  [/innerhalb von zehn Tagen nach dem Datum dieses Erinnerungsschreibens/, (d) => addDays(d, 10)],
  [/innerhalb von zwei Wochen ab Datum dieses Schreibens/, (d) => addDays(d, 14)],
  [/within 20 calendar days from the date of this notice/, (d) => addDays(d, 20)],
];

const LETTERS = 24;
const LAYOUTS = 8;

describe('first-sight batch 19', () => {
  it(`has ${LETTERS} letters over ${LAYOUTS} layouts with unique ids, in four languages and three kinds`, () => {
    expect(FIRST_SIGHT_19_LETTERS).toHaveLength(LETTERS);
    expect(FIRST_SIGHT_19_LAYOUTS).toHaveLength(LAYOUTS);
    expect(new Set(FIRST_SIGHT_19_LETTERS.map((l) => l.truth.id)).size).toBe(LETTERS);
    const layoutsIn = (lang: string) => new Set(FIRST_SIGHT_19_LETTERS.filter((l) => l.truth.language === lang).map((l) => l.truth.layout)).size;
    expect({ nl: layoutsIn('nl'), fr: layoutsIn('fr'), de: layoutsIn('de'), en: layoutsIn('en') }).toEqual({ nl: 2, fr: 2, de: 2, en: 2 });
    expect(new Set(FIRST_SIGHT_19_LETTERS.map((l) => l.truth.kind))).toEqual(new Set(['fine', 'parking_charge', 'identification_request']));
    const idLayouts = new Set(FIRST_SIGHT_19_LETTERS.filter((l) => l.truth.kind === 'identification_request').map((l) => l.truth.layout));
    expect(idLayouts.size).toBeGreaterThanOrEqual(1);
  });

  it('has three letters per layout, the last of each a reminder, second request, last demand or enforcement notice', () => {
    for (const layout of FIRST_SIGHT_19_LAYOUTS) {
      const ids = FIRST_SIGHT_19_LETTERS.filter((l) => l.truth.layout === layout).map((l) => l.truth.id);
      expect(ids, layout).toEqual([`${layout}-1`, `${layout}-2`, `${layout}-3`]);
    }
    // The letter dates are in October and November 2026.
    for (const { truth } of FIRST_SIGHT_19_LETTERS) expect(truth.documentDate! >= '2026-10-01' && truth.documentDate! <= '2026-11-30', truth.id).toBe(true);
  });

  checkFirstSightBatch({
    letters: FIRST_SIGHT_19_LETTERS,
    layouts: FIRST_SIGHT_19_LAYOUTS,
    earlierLayouts: [...FIRST_SIGHT_LAYOUTS, ...FIRST_SIGHT_2_LAYOUTS, ...FIRST_SIGHT_3_LAYOUTS, ...FIRST_SIGHT_4_LAYOUTS, ...FIRST_SIGHT_5_LAYOUTS, ...FIRST_SIGHT_6_LAYOUTS, ...FIRST_SIGHT_7_LAYOUTS, ...FIRST_SIGHT_8_LAYOUTS, ...FIRST_SIGHT_9_LAYOUTS, ...FIRST_SIGHT_10_LAYOUTS, ...FIRST_SIGHT_11_LAYOUTS, ...FIRST_SIGHT_12_LAYOUTS, ...FIRST_SIGHT_13_LAYOUTS, ...FIRST_SIGHT_14_LAYOUTS, ...FIRST_SIGHT_15_LAYOUTS, ...FIRST_SIGHT_16_LAYOUTS, ...FIRST_SIGHT_17_LAYOUTS, ...FIRST_SIGHT_18_LAYOUTS],
    westernLayouts: FIRST_SIGHT_19_UK_LAYOUTS,
    westernLetters: 3,
    periods: PERIODS,
    minFromSentence: 6,
    minUncomputable: 6,
  });
});
