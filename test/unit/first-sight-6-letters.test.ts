// The sixth first-sight batch renders, and every hand-written truth value can be found on its letter:
// each date is printed (in one of the ways issuers print dates, two-digit years included) or is the
// letter's own date plus a period the letter states; the offence time and the amount are printed. This
// checks the truth against the letters, not the reader (which never runs here).
import { describe, expect, it } from 'vitest';
import { addDays, addMonths, notRendered, renderLetters, truthInconsistencies, truthNotOnLetter, type StatedPeriod } from '../../fixtures/first-sight/truth-on-letter.js';
import { FIRST_SIGHT_2_LAYOUTS } from '../../fixtures/first-sight-2/index.js';
import { FIRST_SIGHT_3_LAYOUTS } from '../../fixtures/first-sight-3/index.js';
import { FIRST_SIGHT_4_LAYOUTS } from '../../fixtures/first-sight-4/index.js';
import { FIRST_SIGHT_5_LAYOUTS } from '../../fixtures/first-sight-5/index.js';
import { FIRST_SIGHT_6_LAYOUTS, FIRST_SIGHT_6_LETTERS } from '../../fixtures/first-sight-6/index.js';
import { FIRST_SIGHT_LAYOUTS } from '../../fixtures/first-sight/index.js';

// Periods the letters state, counted from the letter's own date.
const PERIODS: StatedPeriod[] = [
  [/binnen zes weken na de dagtekening van deze aanslag/, (d) => addDays(d, 42)],
  [/binnen 14 dagen na de dagtekening van deze aanmaning/, (d) => addDays(d, 14)],
  [/binnen 30 dagen vanaf de verzenddatum van deze brief/, (d) => addDays(d, 30)],
  [/binnen 15 dagen vanaf de verzenddatum van deze brief/, (d) => addDays(d, 15)],
  [/binnen 15 dagen vanaf de verzenddatum van deze herinnering/, (d) => addDays(d, 15)],
  [/dans les 15 jours de la date du présent (courrier|rappel)/, (d) => addDays(d, 15)],
  [/un mois à compter de la date d'envoi figurant en tête/, (d) => addMonths(d, 1)],
  [/dans les 30 jours à compter de la date d'envoi de la présente/, (d) => addDays(d, 30)],
  [/dans les 15 jours à compter de la date d'envoi de la présente/, (d) => addDays(d, 15)],
  [/dans les 15 jours à compter de la date d'envoi du présent rappel/, (d) => addDays(d, 15)],
  [/innert 30 Tagen ab Ausstellungsdatum/, (d) => addDays(d, 30)],
  [/innert 10 Tagen ab Ausstellungsdatum/, (d) => addDays(d, 10)],
  [/innert 10 Tagen ab Datum dieser Zahlungsaufforderung/, (d) => addDays(d, 10)],
  [/innerhalb von 14 Tagen ab dem Datum dieses Schreibens/, (d) => addDays(d, 14)],
  [/binnen 15 dagen vanaf de verzenddatum van dit verzoek/, (d) => addDays(d, 15)],
  [/within 15 days from the date on which this request was sent/, (d) => addDays(d, 15)],
  [/within 28 days of the date of issue/, (d) => addDays(d, 28)],
  [/within 21 days of the date of issue/, (d) => addDays(d, 21)],
  [/within 14 days of the date of this reminder/, (d) => addDays(d, 14)],
];

const rendered = renderLetters(FIRST_SIGHT_6_LETTERS);

describe('first-sight batch 6', () => {
  it('has 33 letters over 11 layouts with unique ids, in four languages and three kinds', () => {
    expect(FIRST_SIGHT_6_LETTERS).toHaveLength(33);
    expect(FIRST_SIGHT_6_LAYOUTS).toHaveLength(11);
    expect(new Set(FIRST_SIGHT_6_LETTERS.map((l) => l.truth.id)).size).toBe(33);
    for (const lang of ['nl', 'fr', 'de', 'en'] as const) {
      expect(new Set(FIRST_SIGHT_6_LETTERS.filter((l) => l.truth.language === lang).map((l) => l.truth.layout)).size, lang).toBeGreaterThanOrEqual(2);
    }
    expect(new Set(FIRST_SIGHT_6_LETTERS.map((l) => l.truth.kind))).toEqual(new Set(['fine', 'parking_charge', 'identification_request']));
  });

  it('reuses no layout of batches 1 to 5', () => {
    const earlier = new Set([...FIRST_SIGHT_LAYOUTS, ...FIRST_SIGHT_2_LAYOUTS, ...FIRST_SIGHT_3_LAYOUTS, ...FIRST_SIGHT_4_LAYOUTS, ...FIRST_SIGHT_5_LAYOUTS]);
    for (const layout of FIRST_SIGHT_6_LAYOUTS) expect(earlier.has(layout), layout).toBe(false);
  });

  it('renders every letter to a PDF with a text layer', async () => {
    expect(notRendered(await rendered)).toEqual([]);
  });

  it('keeps the truth self-consistent', () => {
    expect(FIRST_SIGHT_6_LETTERS.flatMap((l) => truthInconsistencies(l.truth))).toEqual([]);
  });

  it('finds every truth value on its letter (printed, or the letter date plus a stated period)', async () => {
    const missing = (await rendered).flatMap(({ letter, text }) => truthNotOnLetter(letter.truth, text, PERIODS));
    expect(missing).toEqual([]);
  });
});
