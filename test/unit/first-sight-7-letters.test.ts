// The seventh first-sight batch renders, and every hand-written truth value can be found on its letter:
// each date is printed (in one of the ways issuers print dates, two-digit years included) or is the
// letter's own date plus a period the letter states; the offence time and the amount are printed. This
// checks the truth against the letters, not the reader (which never runs here).
import { describe, expect, it } from 'vitest';
import { addDays, notRendered, renderLetters, truthInconsistencies, truthNotOnLetter, type StatedPeriod } from '../../fixtures/first-sight/truth-on-letter.js';
import { FIRST_SIGHT_2_LAYOUTS } from '../../fixtures/first-sight-2/index.js';
import { FIRST_SIGHT_3_LAYOUTS } from '../../fixtures/first-sight-3/index.js';
import { FIRST_SIGHT_4_LAYOUTS } from '../../fixtures/first-sight-4/index.js';
import { FIRST_SIGHT_5_LAYOUTS } from '../../fixtures/first-sight-5/index.js';
import { FIRST_SIGHT_6_LAYOUTS } from '../../fixtures/first-sight-6/index.js';
import { FIRST_SIGHT_7_LAYOUTS, FIRST_SIGHT_7_LETTERS } from '../../fixtures/first-sight-7/index.js';
import { FIRST_SIGHT_LAYOUTS } from '../../fixtures/first-sight/index.js';

// Periods the letters state, counted from the letter's own date.
const PERIODS: StatedPeriod[] = [
  [/binnen 14 dagen na de factuurdatum/, (d) => addDays(d, 14)],
  [/binnen 14 dagen na de dagtekening van deze herinnering/, (d) => addDays(d, 14)],
  [/binnen 14 dagen na dagtekening van deze brief/, (d) => addDays(d, 14)],
  [/binnen 30 dagen vanaf de verzenddatum/, (d) => addDays(d, 30)],
  [/binnen 15 dagen vanaf de verzenddatum/, (d) => addDays(d, 15)],
  [/dans les 15 jours de la date du présent rappel/, (d) => addDays(d, 15)],
  [/dans les 30 jours à compter de la date d'envoi du présent avis/, (d) => addDays(d, 30)],
  [/dans les 15 jours à compter de la date d'envoi/, (d) => addDays(d, 15)],
  [/délai de réflexion de 30 jours dès la date d'émission/, (d) => addDays(d, 30)],
  [/binnen zwei Wochen ab dem Datum dieser Mahnung/, (d) => addDays(d, 14)],
  [/innerhalb von 14 Tagen ab Briefdatum/, (d) => addDays(d, 14)],
  [/within 30 days of the date of this reminder/, (d) => addDays(d, 30)],
  [/within twenty \(20\) calendar days from the date of this letter/, (d) => addDays(d, 20)],
];

const rendered = renderLetters(FIRST_SIGHT_7_LETTERS);
const LETTERS = 30;
const LAYOUTS = 10;

describe('first-sight batch 7', () => {
  it(`has ${LETTERS} letters over ${LAYOUTS} layouts with unique ids, in four languages and three kinds`, () => {
    expect(FIRST_SIGHT_7_LETTERS).toHaveLength(LETTERS);
    expect(FIRST_SIGHT_7_LAYOUTS).toHaveLength(LAYOUTS);
    expect(new Set(FIRST_SIGHT_7_LETTERS.map((l) => l.truth.id)).size).toBe(LETTERS);
    for (const lang of ['nl', 'fr', 'de', 'en'] as const) {
      expect(new Set(FIRST_SIGHT_7_LETTERS.filter((l) => l.truth.language === lang).map((l) => l.truth.layout)).size, lang).toBeGreaterThanOrEqual(2);
    }
    expect(new Set(FIRST_SIGHT_7_LETTERS.map((l) => l.truth.kind))).toEqual(new Set(['fine', 'parking_charge', 'identification_request']));
  });

  it('reuses no layout of batches 1 to 6', () => {
    const earlier = new Set([...FIRST_SIGHT_LAYOUTS, ...FIRST_SIGHT_2_LAYOUTS, ...FIRST_SIGHT_3_LAYOUTS, ...FIRST_SIGHT_4_LAYOUTS, ...FIRST_SIGHT_5_LAYOUTS, ...FIRST_SIGHT_6_LAYOUTS]);
    for (const layout of FIRST_SIGHT_7_LAYOUTS) expect(earlier.has(layout), layout).toBe(false);
  });

  it('renders every letter to a PDF with a text layer', async () => {
    expect(notRendered(await rendered)).toEqual([]);
  });

  it('keeps the truth self-consistent (offsets: +02:00 to 24 October 2026, +01:00 from 25 October)', () => {
    expect(FIRST_SIGHT_7_LETTERS.flatMap((l) => truthInconsistencies(l.truth))).toEqual([]);
  });

  it('finds every truth value on its letter (printed, or the letter date plus a stated period)', async () => {
    const missing = (await rendered).flatMap(({ letter, text }) => truthNotOnLetter(letter.truth, text, PERIODS));
    expect(missing).toEqual([]);
  });
});
