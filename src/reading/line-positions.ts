// Where a line the reader quoted sits on a text PDF's page, for the operators' document view to
// highlight it on the page image. The reader keeps each field's page and line text, not its
// position (see fields.ts); pdf.js's text content has the positions, so the quoted line is looked
// up there again when a page is shown. Runs in the parse pool (pdf.js would stall the server).
// Pages read by OCR have no text layer: their lines' boxes are kept at read time instead (read-document.ts).
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { TextItem } from 'pdfjs-dist/types/src/display/api.js';
import { cleanLine, fold } from './text-lines.js';

import type { PageBox } from './fields.js';

export type { PageBox };
export type PositionedLine = { text: string; box: PageBox };

/** How texts are compared: the reader's cleaning, folded, without any white space (items join with or without it). */
const key = (text: string) => fold(cleanLine(text)).replace(/\s+/g, '');

const union = (boxes: readonly PageBox[]): PageBox => {
  const x0 = Math.min(...boxes.map((b) => b.x));
  const y0 = Math.min(...boxes.map((b) => b.y));
  const x1 = Math.max(...boxes.map((b) => b.x + b.w));
  const y1 = Math.max(...boxes.map((b) => b.y + b.h));
  return { x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
};

/** Lines a quote may run over: the reader quotes a line, or a sentence of a few lines. */
const MAX_LINES_A_QUOTE_SPANS = 4;

/**
 * The box of the quoted text among a page's lines: the first line that is the quote, else the
 * first run of consecutive lines that together are the quote (a sentence over lines), else the
 * first line that contains it. Null when the page does not have it.
 */
export function locateQuote(lines: readonly PositionedLine[], quote: string): PageBox | null {
  const target = key(quote);
  if (target.length === 0) return null;
  const keys = lines.map((l) => key(l.text));
  const exact = keys.indexOf(target);
  if (exact >= 0) return lines[exact]!.box;
  for (let i = 0; i < keys.length; i++) {
    let joined = keys[i]!;
    for (let j = i + 1; j < Math.min(keys.length, i + MAX_LINES_A_QUOTE_SPANS); j++) {
      if (!target.startsWith(joined)) break;
      joined += keys[j]!;
      if (joined === target) return union(lines.slice(i, j + 1).map((l) => l.box));
    }
  }
  // A short quote inside a longer line (four characters at least: "1" is on every page).
  const inside = target.length >= 4 ? keys.findIndex((k) => k.includes(target)) : -1;
  return inside >= 0 ? lines[inside]!.box : null;
}

/**
 * A page's text as lines with their boxes. pdf.js gives runs of text (items) in reading order with
 * their baseline position; a run ends its line when pdf.js says so (hasEOL) or the next run sits on
 * another baseline.
 */
export async function pageLines(bytes: Uint8Array, pageNumber: number): Promise<PositionedLine[]> {
  const doc = await pdfjs.getDocument({ data: new Uint8Array(bytes), verbosity: 0, isEvalSupported: false, disableFontFace: true }).promise;
  try {
    if (pageNumber < 1 || pageNumber > doc.numPages) return [];
    const page = await doc.getPage(pageNumber);
    const viewport = page.getViewport({ scale: 1 });
    const content = await page.getTextContent();
    const lines: PositionedLine[] = [];
    let text = '';
    let boxes: PageBox[] = [];
    let baseline: number | null = null;
    const flush = () => {
      if (text.trim() && boxes.length > 0) lines.push({ text, box: union(boxes) });
      text = '';
      boxes = [];
      baseline = null;
    };
    for (const item of content.items as TextItem[]) {
      if (typeof item.str !== 'string') continue;
      const [, , , d, e, f] = item.transform as [number, number, number, number, number, number];
      const size = Math.abs(item.height || d) || 10;
      if (baseline !== null && Math.abs(f - baseline) > size / 2) flush();
      if (item.str.length > 0) {
        // From a little under the baseline (descenders) to the font's height above it.
        const [x1, y1, x2, y2] = viewport.convertToViewportRectangle([e, f - 0.25 * size, e + item.width, f + 0.9 * size]);
        const left = Math.max(0, Math.min(x1, x2));
        const top = Math.max(0, Math.min(y1, y2));
        const right = Math.min(viewport.width, Math.max(x1, x2));
        const bottom = Math.min(viewport.height, Math.max(y1, y2));
        if (right > left && bottom > top) {
          boxes.push({ x: left / viewport.width, y: top / viewport.height, w: (right - left) / viewport.width, h: (bottom - top) / viewport.height });
        }
        text += item.str;
        baseline = f;
      }
      if (item.hasEOL) flush();
      else if (item.str.length > 0 && !item.str.endsWith(' ')) text += ' ';
    }
    flush();
    page.cleanup();
    return lines;
  } finally {
    await doc.destroy().catch(() => undefined);
  }
}

export type LineBoxesTask = { bytes: Uint8Array; page: number; quotes: string[] };

/** Each quote's box on the page (null: not found there), in the order asked. */
export async function lineBoxes({ bytes, page, quotes }: LineBoxesTask): Promise<(PageBox | null)[]> {
  if (quotes.length === 0) return [];
  const lines = await pageLines(bytes, page);
  return quotes.map((q) => locateQuote(lines, q));
}
