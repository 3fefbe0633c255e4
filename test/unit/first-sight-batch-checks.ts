// The checks every first-sight batch's truth passes, whoever wrote the batch: it renders, it reuses no
// earlier layout, its offence times carry their place's offset, and every truth value can be found on
// its letter (printed, or the letter's own date plus a period the letter states). Each batch's own test
// adds what is particular to it (its spread of languages and kinds). The reader never runs here.
import { expect, it } from 'vitest';
import { notRendered, printed, renderLetters, truthInconsistencies, truthNotOnLetter, type StatedPeriod } from '../../fixtures/first-sight/truth-on-letter.js';
import type { FirstSightLetter } from '../../fixtures/first-sight/types.js';

export type BatchChecks = {
  letters: readonly FirstSightLetter[];
  layouts: readonly string[];
  earlierLayouts: readonly string[];
  /** Layouts whose times are UK, Irish or Portuguese local time (+01:00 to 24 October 2026, +00:00 from 25 October). */
  westernLayouts: readonly string[];
  westernLetters: number;
  /** Periods the letters state, counted from the letter's own date. */
  periods: StatedPeriod[];
  /** At least so many redirect deadlines only stated as a period in a sentence, and so many not computable (batches from 10 on). */
  minFromSentence?: number;
  minUncomputable?: number;
};

export function checkFirstSightBatch(batch: BatchChecks): void {
  const rendered = renderLetters(batch.letters);
  const western = (layout: string) => batch.westernLayouts.includes(layout);

  it('reuses no layout of the earlier batches', () => {
    const earlier = new Set(batch.earlierLayouts);
    for (const layout of batch.layouts) expect(earlier.has(layout), layout).toBe(false);
  });

  it('renders every letter to a PDF with a text layer', async () => {
    expect(notRendered(await rendered)).toEqual([]);
  });

  it('keeps the truth self-consistent (CET offsets: +02:00 to 24 October 2026, +01:00 from 25 October)', () => {
    const cet = batch.letters.filter((l) => !western(l.truth.layout));
    expect(cet.flatMap((l) => truthInconsistencies(l.truth))).toEqual([]);
  });

  it('gives UK, Irish and Portuguese offence times in local time (+01:00 to 24 October 2026, +00:00 from 25 October)', () => {
    const local = batch.letters.filter((l) => western(l.truth.layout));
    expect(local).toHaveLength(batch.westernLetters);
    // Every other check of truthInconsistencies still applies; the shared one knows only CET, so its
    // offset complaints are the ones left out here and checked below instead.
    expect(local.flatMap((l) => truthInconsistencies(l.truth)).filter((w) => !w.includes(': offset of ') && !w.includes(': offence time '))).toEqual([]);
    for (const { truth } of local) {
      const at = truth.offenceAt ?? '';
      expect(at, truth.id).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:00\+0[01]:00$/);
      expect(at.endsWith(at.slice(0, 10) < '2026-10-25' ? '+01:00' : '+00:00'), truth.id).toBe(true);
    }
  });

  it('finds every truth value on its letter (printed, or the letter date plus a stated period)', async () => {
    const missing = (await rendered).flatMap(({ letter, text }) => truthNotOnLetter(letter.truth, text, batch.periods));
    expect(missing).toEqual([]);
  });

  const { minFromSentence, minUncomputable } = batch;
  if (minFromSentence === undefined || minUncomputable === undefined) return;
  it(`has at least ${minFromSentence} redirect deadlines only stated as a period in a sentence and at least ${minUncomputable} that cannot be computed`, async () => {
    const fromSentence = (await rendered).filter(({ letter, text }) => letter.truth.redirectDeadline !== null && !printed(text, letter.truth.redirectDeadline));
    expect(fromSentence.length).toBeGreaterThanOrEqual(minFromSentence);
    expect(batch.letters.filter((l) => !l.truth.redirectDeadlineComputable).length).toBeGreaterThanOrEqual(minUncomputable);
  });
}
