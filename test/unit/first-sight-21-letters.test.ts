// The twenty-first first-sight batch (unfinished: 2 layouts) renders, and every hand-written truth value
// can be found on its letter. This checks the truth against the letters, not the reader.
import { describe, expect, it } from 'vitest';
import { addDays, type StatedPeriod } from '../../fixtures/first-sight/truth-on-letter.js';
import { layoutsBefore } from '../../fixtures/first-sight-batches.js';
import { checkFirstSightBatch } from './first-sight-batch-checks.js';
import { FIRST_SIGHT_21_LAYOUTS, FIRST_SIGHT_21_LETTERS, FIRST_SIGHT_21_UK_LAYOUTS } from '../../fixtures/first-sight-21/index.js';

const PERIODS: StatedPeriod[] = [
  [/binnen vijftien dagen na de datum van deze brief/, (d) => addDays(d, 15)],
  [/innerhalb von einer Woche ab dem Datum dieses Schreibens/, (d) => addDays(d, 7)],
];

describe('first-sight batch 21', () => {
  it('has three letters per layout with unique ids', () => {
    for (const layout of FIRST_SIGHT_21_LAYOUTS) {
      const ids = FIRST_SIGHT_21_LETTERS.filter((l) => l.truth.layout === layout).map((l) => l.truth.id);
      expect(ids, layout).toEqual([`${layout}-1`, `${layout}-2`, `${layout}-3`]);
    }
    for (const { truth } of FIRST_SIGHT_21_LETTERS) expect(truth.documentDate! >= '2026-10-01' && truth.documentDate! <= '2026-11-30', truth.id).toBe(true);
  });

  checkFirstSightBatch({
    letters: FIRST_SIGHT_21_LETTERS,
    layouts: FIRST_SIGHT_21_LAYOUTS,
    earlierLayouts: layoutsBefore(21),
    westernLayouts: FIRST_SIGHT_21_UK_LAYOUTS,
    westernLetters: 0,
    periods: PERIODS,
    minFromSentence: 2,
    minUncomputable: 2,
  });
});
