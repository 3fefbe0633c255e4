// The decision gate over every letter we have as a text PDF: the generated layouts the reader was
// developed on, and the first-sight letters written by someone who had not read it. No letter may be
// decided automatically on a wrong input (fixtures/gate-check.ts says what counts). Scans and photos
// are measured by bench/reading.ts (OCR is too slow for the suite).
import { describe, expect, it } from 'vitest';
import { LAYOUTS, letterTruth, makeFine } from '../../fixtures/fine-truth.js';
import { ALL_FIRST_SIGHT_LETTERS } from '../../fixtures/first-sight-batches.js';
import { checkGate } from '../../fixtures/gate-check.js';
import { renderFinePdf } from '../../fixtures/render-fine-pdf.js';
import { readDocument } from '../../src/reading/read-document.js';

const OPTIONS = { maxPages: 20 };

describe('no automatic decision on a misread letter', () => {
  it('developed-on layouts: none unsafe, and every letter read right is decided', async () => {
    const unsafe: string[] = [];
    let right = 0;
    let rightDecided = 0;
    for (const layout of LAYOUTS) {
      for (const seed of [11, 12, 13, 14, 15]) {
        const fine = makeFine(layout, seed * 104_729);
        const verdict = checkGate(await readDocument(await renderFinePdf(fine), OPTIONS), letterTruth(fine));
        if (verdict.unsafe) unsafe.push(`${fine.id}: ${verdict.unsafe}`);
        if (verdict.allRight) right += 1;
        if (verdict.allRight && verdict.decided) rightDecided += 1;
      }
    }
    expect(unsafe).toEqual([]);
    expect(rightDecided).toBe(right);
  }, 120_000);

  // Every batch, each read once at first sight (figures in the README) before it entered this test.
  it('first-sight letters: none unsafe', async () => {
    const unsafe: string[] = [];
    for (const letter of ALL_FIRST_SIGHT_LETTERS) {
      const verdict = checkGate(await readDocument(await letter.renderPdf(), OPTIONS), letter.truth);
      if (verdict.unsafe) unsafe.push(`${letter.truth.id}: ${verdict.unsafe}`);
    }
    expect(unsafe).toEqual([]);
  }, 120_000);
});
