import { describe, expect, it } from 'vitest';
import { makeFine } from '../../fixtures/fine-truth.js';
import { renderFinePdf } from '../../fixtures/render-fine-pdf.js';
import type { IsoDate } from '../../src/domain/calendar-date.js';
import { lineBoxes, locateQuote, type PositionedLine } from '../../src/reading/line-positions.js';

const box = (y: number) => ({ x: 0.1, y, w: 0.5, h: 0.01 });
const lines: PositionedLine[] = [
  { text: 'Numéro de PV :  LG.54.L7.077828/2026 ', box: box(0.3) },
  { text: 'Si vous n’étiez pas le conducteur, vous êtes tenu de', box: box(0.4) },
  { text: 'communiquer son identité dans un délai de 45 jours.', box: box(0.41) },
  { text: '1', box: box(0.9) },
];

describe('finding a quoted line on the page', () => {
  it('matches the reader’s cleaned line whatever the spacing, quotes or case', () => {
    expect(locateQuote(lines, "NUMERO de PV : LG.54.L7.077828/2026")).toEqual(box(0.3));
  });
  it('joins a sentence that runs over lines into one box', () => {
    const b = locateQuote(lines, "Si vous n'étiez pas le conducteur, vous êtes tenu de communiquer son identité dans un délai de 45 jours.");
    expect(b?.y).toBeCloseTo(0.4);
    expect(b!.y + b!.h).toBeCloseTo(0.42);
  });
  it('finds a part of a line, but not a scrap that is on every page, nor what is not there', () => {
    expect(locateQuote(lines, 'LG.54.L7.077828/2026')).toEqual(box(0.3));
    expect(locateQuote(lines, '1')).toEqual(box(0.9)); // the whole line
    expect(locateQuote(lines, '45')).toBeNull();
    expect(locateQuote(lines, 'Montant à payer')).toBeNull();
  });
  it('finds the lines of a rendered letter in order down the page', async () => {
    const pdf = await renderFinePdf(makeFine('be-police-fr', 31, { plateAsPrinted: '1-NOC-001', offenceDate: '2026-11-09' as IsoDate, documentDate: '2026-11-20' as IsoDate, dueDate: '2026-12-21' as IsoDate }));
    const [pv, amount, missing] = await lineBoxes({ bytes: pdf, page: 1, quotes: ['Numéro de PV :', 'Montant à payer :', 'not on this letter'] });
    expect(pv!.y).toBeLessThan(amount!.y);
    expect(amount!.h).toBeLessThan(0.03);
    expect(missing).toBeNull();
    expect(await lineBoxes({ bytes: pdf, page: 3, quotes: ['Montant à payer :'] })).toEqual([null]);
  });
});
