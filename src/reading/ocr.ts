// OCR of one prepared page image with tesseract.js (Tesseract 5 LSTM compiled to WebAssembly), in
// Dutch, French, German and English. Language models come from the @tesseract.js-data packages on
// the npm registry, read from node_modules: nothing is downloaded at run time.
// One engine per parse thread, created on first use and kept: loading four models takes ~0.8 s.
import { createHash } from 'node:crypto';
import { mkdirSync, readlinkSync, renameSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { threadId } from 'node:worker_threads';
import { createWorker, OEM, PSM, type Worker } from 'tesseract.js';
import { cropPgm, readPgm } from './page-images.js';

const LANGUAGES = ['nld', 'fra', 'deu', 'eng'] as const;
/**
 * The page is read as one block of text lines. Automatic layout analysis (PSM.AUTO) dropped whole
 * regions of noisy scans and photos as "images": a bold title with the letter's date and reference
 * below it, the labels of a bold table. Measured with bench/reading.ts (on the corpus as it was drawn
 * before 2026-11-22, see README): scans 87.5 → 91.7 % and photos 75 → 87.5 % of documents with every
 * field right, in the same time. A line across two columns
 * is read as one line, which joinRows does anyway. (Sparse text, PSM 11, read worse and joined the
 * wrong columns' values.)
 */
const PAGE_LAYOUT = PSM.SINGLE_BLOCK;
/** The "best" LSTM models quantised to integers: more accurate than "fast", same speed here. */
const MODEL_DIR = '4.0.0_best_int';

export type OcrLine = {
  text: string;
  /** Tesseract's mean word confidence on the line, 0–100. */
  confidence: number;
  /** The lowest confidence of a word on the line that holds a digit (dates, amounts, plates, references). */
  weakestNumberWord: number;
  /** Where the line is on the page image, in pixels. */
  box: LineBox;
  /** The line's words with Tesseract's confidence in each, left to right. */
  words: OcrWord[];
};
/** `x0`/`x1`: where the word stands across the page, in pixels. */
export type OcrWord = { text: string; confidence: number; x0: number; x1: number };
export type LineBox = { x0: number; y0: number; x1: number; y1: number };
export type OcrPage = { text: string; confidence: number; lines: OcrLine[]; rotateRadians: number };

const require = createRequire(import.meta.url);

/**
 * tesseract.js reads every model from one directory, but each language is its own npm package: a
 * directory of symbolic links to the packages' files joins them (idempotent, safe between threads).
 * The directory is named after the node_modules it points into: a directory shared by every
 * checkout of the machine kept links into whichever checkout made it first, and once that one was
 * deleted every OCR read elsewhere hung until its timeout. A link that points anywhere else than
 * this checkout's file is replaced (atomically: a reader never sees it missing).
 */
export function languageDirectory(): string {
  const models = LANGUAGES.map((code) => ({ code, target: path.join(path.dirname(require.resolve(`@tesseract.js-data/${code}/package.json`)), MODEL_DIR, `${code}.traineddata.gz`) }));
  const where = createHash('sha256').update(path.dirname(models[0]!.target)).digest('hex').slice(0, 12);
  const dir = path.join(os.tmpdir(), `boete-tessdata-${MODEL_DIR}-${process.getuid?.() ?? 0}-${where}`);
  mkdirSync(dir, { recursive: true });
  for (const { code, target } of models) {
    const link = path.join(dir, `${code}.traineddata.gz`);
    let current: string | null = null;
    try {
      current = readlinkSync(link);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    if (current === target) continue;
    const temporary = `${link}.${process.pid}-${threadId}.tmp`;
    symlinkSync(target, temporary);
    renameSync(temporary, link);
  }
  return dir;
}

let engine: Promise<Worker> | undefined;

function ocrEngine(): Promise<Worker> {
  engine ??= (async () => {
    const worker = await createWorker([...LANGUAGES], OEM.LSTM_ONLY, {
      langPath: languageDirectory(),
      gzip: true,
      cacheMethod: 'none', // the models are read from node_modules; never write a cache into the cwd
      legacyCore: false,
      legacyLang: false,
      errorHandler: () => undefined, // errors reach us as rejected promises
    });
    // Page images are prepared at A4 300 dpi (page-images.ts); saying so spares Tesseract a guess.
    await worker.setParameters({ tessedit_pageseg_mode: PAGE_LAYOUT, preserve_interword_spaces: '1', user_defined_dpi: '300' });
    return worker;
  })().catch((error: unknown) => {
    engine = undefined;
    throw error;
  });
  return engine;
}

export async function ocrPage(image: Buffer): Promise<OcrPage> {
  const worker = await ocrEngine();
  // rotateAuto: Tesseract measures the skew of the text lines and straightens the page first; line
  // boxes are in that straightened frame (rereadLines turns the page by the same angle).
  const { data } = await worker.recognize(image, { rotateAuto: true }, { text: true, blocks: true });
  const lines: OcrLine[] = [];
  for (const block of data.blocks ?? []) {
    for (const paragraph of block.paragraphs) {
      for (const line of paragraph.lines) {
        const height = line.bbox.y1 - line.bbox.y0;
        const kept = line.words.filter((w, k) => !isRuleNoise(w, height) && !isBorderSpeck(w, line.words[k - 1], line.words[k + 1], height));
        const text = kept.map((w) => w.text).join(' ');
        if (!text.trim() || isNoiseLine(kept)) continue;
        const numberWords = kept.filter((w) => /\d/.test(w.text));
        lines.push({
          text,
          confidence: line.confidence,
          weakestNumberWord: numberWords.length > 0 ? Math.min(...numberWords.map((w) => w.confidence)) : 100,
          box: line.bbox,
          words: kept.map((w) => ({ text: w.text, confidence: w.confidence, x0: w.bbox.x0, x1: w.bbox.x1 })),
        });
      }
    }
  }
  const rows = splitSideColumns(transposeLabelRows(wrappedCells(headerColumns(joinRows(lines)))));
  return { text: rows.map((l) => l.text).join('\n'), confidence: data.confidence, lines: rows, rotateRadians: data.rotateRadians ?? 0 };
}

/**
 * A "word" Tesseract made of a table's ruled line or a shaded band: a few letters stretched over far
 * more width than letters take ("ee" over 420 px of a 50 px high line), read with low confidence.
 */
type TesseractWord = { text: string; confidence: number; bbox: { x0: number; x1: number } };

/** A table's ruled border, read by OCR as "|": kept as a cell boundary, never a speck. */
const isBorder = (word: { text: string }) => /^[|]+$/.test(word.text);

export function isRuleNoise(word: TesseractWord, lineHeight: number): boolean {
  const perCharacter = (word.bbox.x1 - word.bbox.x0) / Math.max(1, word.text.length);
  // No printed letter is one and a half times as wide as its line is high, however sure Tesseract is.
  return perCharacter > 1.5 * lineHeight || (word.confidence < 60 && perCharacter > 1.2 * lineHeight);
}

/**
 * A lone doubtful character in a table's margin ("File number a | ZBE-…", "18 September 2026 ‘"): a
 * border or a cell's edge in a photo, read as a letter. One character, read with low confidence, far
 * from the words on either side of it.
 */
export function isBorderSpeck(word: TesseractWord, before: TesseractWord | undefined, after: TesseractWord | undefined, lineHeight: number): boolean {
  if (word.text.length !== 1 || isBorder(word)) return false;
  const apart = (!before || word.bbox.x0 - before.bbox.x1 > lineHeight) && (!after || after.bbox.x0 - word.bbox.x1 > lineHeight);
  return apart && word.confidence < 50;
}

/** What is left of such a line: a few short, doubtful "words" ("TH oe") and nothing read with confidence. */
export const isNoiseLine = (words: readonly { text: string; confidence: number }[]) =>
  words.every((w) => w.confidence < 50 && w.text.replace(/[^\p{L}\p{N}]/gu, '').length <= 3);

/**
 * Tesseract's layout analysis often reads a form's label column and value column as two blocks
 * ("Zahlbar bis:" … later "20. Dezember 2026"). Lines whose vertical centres align and that do not
 * overlap sideways are one printed row: they are joined left to right, rows top to bottom, so a
 * value stands beside its label again. (The page is deskewed first: rows are horizontal.)
 */
export function joinRows(lines: readonly OcrLine[]): OcrLine[] {
  const rows: OcrLine[][] = [];
  const centre = (b: LineBox) => (b.y0 + b.y1) / 2;
  for (const line of [...lines].sort((a, b) => centre(a.box) - centre(b.box))) {
    const height = line.box.y1 - line.box.y0;
    const row = rows.find((r) => {
      const first = r[0]!.box;
      const aligned = Math.abs(centre(first) - centre(line.box)) < 0.4 * Math.min(height, first.y1 - first.y0);
      return aligned && r.every((o) => o.box.x1 <= line.box.x0 || line.box.x1 <= o.box.x0);
    });
    if (row) row.push(line);
    else rows.push([line]);
  }
  return rows.map((row) => {
    const parts = row.sort((a, b) => a.box.x0 - b.box.x0);
    if (parts.length === 1) return parts[0]!;
    return {
      text: parts.map((p) => p.text).join(' '),
      confidence: Math.min(...parts.map((p) => p.confidence)),
      weakestNumberWord: Math.min(...parts.map((p) => p.weakestNumberWord)),
      words: parts.flatMap((p) => p.words),
      box: {
        x0: Math.min(...parts.map((p) => p.box.x0)),
        y0: Math.min(...parts.map((p) => p.box.y0)),
        x1: Math.max(...parts.map((p) => p.box.x1)),
        y1: Math.max(...parts.map((p) => p.box.y1)),
      },
    };
  });
}

/**
 * The cells of a printed row: runs of words apart from the next run by a gap wider than the line is
 * high, or by a ruled border ("|").
 */
export function cellsOf(line: OcrLine): { text: string; x0: number; x1: number; words: OcrWord[] }[] {
  const gap = line.box.y1 - line.box.y0;
  const cells: { text: string; x0: number; x1: number; words: OcrWord[] }[] = [];
  let border = false;
  for (const word of line.words) {
    // A table's ruled border read as "|" stands between two cells, however close they are.
    if (isBorder(word)) {
      border = true;
      continue;
    }
    const last = cells[cells.length - 1];
    const joined = last !== undefined && !border && word.x0 - last.x1 <= gap;
    border = false;
    if (last && joined) {
      last.words.push(word);
      last.text += ` ${word.text}`;
      last.x1 = word.x1;
    } else cells.push({ text: word.text, x0: word.x0, x1: word.x1, words: [word] });
  }
  return cells;
}

/**
 * A strip of values printed above their labels, read by OCR as a row of values over a row of labels
 * ("06/10/2026   RS/2026/048213   1-KFD-482   25,00 €" / "date d'envoi   numéro de dossier   plaque
 * montant à payer"): each label is put back beside its value, one line a cell ("date d'envoi
 * 06/10/2026"), when both rows have the same number of cells, each label under its value, the
 * label row holds no digit and most value cells hold one. A line keeps the value cell's box, so its second reading is of the value.
 */
export function transposeLabelRows(lines: readonly OcrLine[]): OcrLine[] {
  const out: OcrLine[] = [];
  for (let i = 0; i < lines.length; i++) {
    const values = lines[i]!;
    const labels = lines[i + 1];
    const top = cellsOf(values);
    const below = labels ? cellsOf(labels) : [];
    const aligned =
      labels !== undefined &&
      top.length >= 2 &&
      top.length === below.length &&
      // Values are mostly numbers (dates, references, plates, amounts): a row of words beside a panel
      // ("Königreich Belgien   Unser Zeichen   EU.55.L1.021844/26") is a letterhead over its next row, not values.
      top.filter((cell) => !/\d/.test(cell.text)).length <= Math.floor((top.length - 1) / 2) &&
      !/\d/.test(labels.text) &&
      top.every((cell, k) => {
        const label = below[k]!;
        const centre = (label.x0 + label.x1) / 2;
        return (centre >= cell.x0 - (cell.x1 - cell.x0) && centre <= cell.x1 + (cell.x1 - cell.x0)) || (label.x0 <= cell.x1 && cell.x0 <= label.x1);
      });
    if (!aligned) {
      out.push(values);
      continue;
    }
    top.forEach((cell, k) => {
      const label = below[k]!;
      const words = [...label.words, ...cell.words];
      out.push({
        text: `${label.text} ${cell.text}`,
        confidence: Math.min(values.confidence, labels.confidence),
        weakestNumberWord: Math.min(100, ...cell.words.filter((w) => /\d/.test(w.text)).map((w) => w.confidence)),
        words,
        box: { x0: cell.x0, y0: values.box.y0, x1: cell.x1, y1: values.box.y1 },
      });
    });
    i++; // the label row is used
  }
  return out;
}

/**
 * A table header whose narrow columns wrap their labels over several rows ("N° de l'avertis- | Date et
 * heure | Montant de" / "sement | de la consta- | l'avertis-sement" / "tation | taxé"), above a row of
 * values: OCR reads it row by row across the columns, which cuts every label into pieces. The header is
 * read column by column instead, each column's pieces top to bottom ("N° de l'avertis-", "sement",
 * "Date et heure", "de la consta-", "tation", …), as a PDF's text layer gives it, so a label's words are
 * together again. Only a block of at least two rows without digits whose every cell falls in a column
 * of its first row (at least three), directly above a row holding digits.
 */
export function headerColumns(lines: readonly OcrLine[]): OcrLine[] {
  const out: OcrLine[] = [];
  for (let i = 0; i < lines.length; i++) {
    let end = i; // the header block is lines[i, end)
    while (end < lines.length && !/\d/.test(lines[end]!.text) && end - i < 6) end++;
    const header = lines.slice(i, end);
    const below = lines[end];
    // Columns start where any header row starts a cell: a label that wraps may run into its neighbour
    // on one row ("Date et heure Numero") and stand apart on the next ("de la consta-   d'imma-").
    const starts = header.flatMap((row) => cellsOf(row).map((c) => c.x0)).sort((a, b) => a - b)
      .filter((x, k, all) => k === 0 || x - all[k - 1]! > 30);
    // The block starts at a row of at least three cells (a header's first row names its columns): a
    // sentence just above a table is not cut into the table's columns.
    const fits = header.length >= 2 && cellsOf(header[0]!).length >= 3 && starts.length >= 3 && below !== undefined && cellsOf(below).filter((c) => /\d/.test(c.text)).length >= 2;
    if (!fits) {
      out.push(lines[i]!);
      continue;
    }
    const columnOf = (word: OcrWord) => starts.filter((x) => x <= word.x0 + 15).length - 1;
    for (const k of starts.keys()) {
      for (const row of header) {
        const words = row.words.filter((w) => !isBorder(w) && columnOf(w) === k);
        if (words.length === 0) continue;
        out.push({
          text: words.map((w) => w.text).join(' '),
          confidence: row.confidence,
          weakestNumberWord: 100,
          words,
          box: { x0: words[0]!.x0, y0: row.box.y0, x1: words[words.length - 1]!.x1, y1: row.box.y1 },
        });
      }
    }
    i = end - 1;
  }
  return out;
}

/**
 * A table row whose cells wrap onto the rows below it ("AT-DI-2026-04471 | 28/09/2026 14 h | Avenue de
 * la Liberté," over "| 05 | face au n° 52"): OCR reads each printed row across the table, so a cell's
 * second line ("05", the minutes) lands in a row of its own. Rows below a row of at least three cells
 * that leave its first column empty, put each of their cells in one of its columns and go on in lower
 * case or digits are its cells' continuations: each is put back at the end of its cell, and the row is
 * read as one line.
 */
export function wrappedCells(lines: readonly OcrLine[]): OcrLine[] {
  const out: OcrLine[] = [];
  for (let i = 0; i < lines.length; i++) {
    const row = lines[i]!;
    const cells = cellsOf(row);
    const columnOf = (cell: Cell) => cells.findLastIndex((c) => c.x0 <= cell.x0 + 20);
    const continuations: Cell[][] = [];
    for (let j = i + 1; j < lines.length && j <= i + 3; j++) {
      const below = cellsOf(lines[j]!);
      // Wrapped text goes on in lower case or digits ("05", "face au n° 52"); a capital starts a row of
      // its own (the next label of a two-column panel: "Reference S112 …" under "Payment deadline 24.10.2026").
      const fits = cells.length >= 3 && below.length > 0 && below.length < cells.length &&
        below.every((c) => /^[\p{Ll}\d(,.-]/u.test(c.text)) &&
        below.every((c) => columnOf(c) >= 1) &&
        new Set(below.map(columnOf)).size === below.length;
      if (!fits) break;
      continuations.push(below);
    }
    if (continuations.length === 0) {
      out.push(row);
      continue;
    }
    const merged = cells.map((cell, k) => [cell, ...continuations.flatMap((below) => below.filter((c) => columnOf(c) === k))]);
    const words = merged.flatMap((parts) => parts.flatMap((c) => c.words));
    out.push({
      text: merged.map((parts) => parts.map((c) => c.text).join(' ')).join(' '),
      confidence: Math.min(row.confidence, ...continuations.map((_, k) => lines[i + 1 + k]!.confidence)),
      weakestNumberWord: Math.min(100, ...words.filter((w) => /\d/.test(w.text)).map((w) => w.confidence)),
      words,
      box: { ...row.box, y1: lines[i + continuations.length]!.box.y1 },
    });
    i += continuations.length;
  }
  return out;
}

type Cell = ReturnType<typeof cellsOf>[number];

const cellLine = (cell: Cell, row: OcrLine): OcrLine => ({
  text: cell.text,
  confidence: row.confidence,
  weakestNumberWord: Math.min(100, ...cell.words.filter((w) => /\d/.test(w.text)).map((w) => w.confidence)),
  words: cell.words,
  box: { x0: cell.x0, y0: row.box.y0, x1: cell.x1, y1: row.box.y1 },
});

/**
 * A page printed in two columns (a side panel of values beside the body text, or a key-value panel of
 * two columns) that OCR read row by row across both: "15/09/2026 Op de datum en het tijdstip in het
 * kader reed …" / "LEZ-2026-0815377 er was voor die dag geen LEZ-dagpas …". A run of at least three
 * rows split at the same gutter is read column by column (the left cells top to bottom, then the right
 * ones) when it is a side panel beside running text (short cells on the left, sentences going on in
 * lower case on the right) or two columns of label-value pairs ("PCN number MG26PCN0418772" beside
 * "Date of crossing 9 September 2026"). A table of labels and their values stays as rows.
 */
export function splitSideColumns(rows: readonly OcrLine[]): OcrLine[] {
  const out: OcrLine[] = [];
  let i = 0;
  while (i < rows.length) {
    const first = cellsOf(rows[i]!);
    const height = rows[i]!.box.y1 - rows[i]!.box.y0;
    const panel = first.length === 4 ? twoPairPanel(rows, i) : null;
    if (panel) {
      out.push(...panel.lines);
      i = panel.end;
      continue;
    }
    if (first.length !== 2) {
      out.push(rows[i]!);
      i++;
      continue;
    }
    const gutter = first[1]!.x0;
    const left: OcrLine[] = [];
    const right: OcrLine[] = [];
    const pairs: [Cell, Cell][] = [];
    let j = i;
    for (; j < rows.length; j++) {
      const row = rows[j]!;
      const cells = cellsOf(row);
      if (cells.length === 2 && Math.abs(cells[1]!.x0 - gutter) <= 2 * height && cells[0]!.x1 < gutter) {
        left.push(cellLine(cells[0]!, row));
        right.push(cellLine(cells[1]!, row));
        pairs.push([cells[0]!, cells[1]!]);
      } else if (cells.length === 1 && Math.abs(cells[0]!.x0 - gutter) <= 2 * height) right.push(row);
      else if (cells.length === 1 && cells[0]!.x1 < gutter - height) left.push(row);
      else break;
    }
    // A side panel beside running text: short cells on the left, sentences going on in lower case on the right.
    const prose = pairs.filter(([, r]) => /^\p{Ll}/u.test(r.text)).length * 2 >= pairs.length && pairs.filter(([l]) => l.text.split(/\s+/).length <= 3).length * 2 >= pairs.length;
    // Two columns of "label value" pairs: words and a number in both cells of most rows.
    const labelAndValue = (c: Cell) => /\p{L}{2}/u.test(c.text) && /\d/.test(c.text);
    const keyValue = pairs.filter(([l, r]) => labelAndValue(l) && labelAndValue(r)).length * 3 >= pairs.length * 2;
    if (pairs.length >= 3 && (prose || keyValue)) {
      out.push(...left, ...right);
      i = j;
    } else {
      out.push(rows[i]!);
      i++;
    }
  }
  return out;
}

/**
 * A panel of two columns of label-value pairs, each row four cells ("PCN number | MG26PCN0418772 | Date
 * of crossing | 9 September 2026"), the cells of each column aligned from row to row: read as the left
 * pairs top to bottom, then the right ones, each pair a line. Rows of two cells under the left pairs
 * ("Deemed date of service | 17 September 2026") belong to the left column.
 */
function twoPairPanel(rows: readonly OcrLine[], start: number): { lines: OcrLine[]; end: number } | null {
  const columns = cellsOf(rows[start]!).map((c) => c.x0);
  const height = rows[start]!.box.y1 - rows[start]!.box.y0;
  const near = (x: number, k: number) => Math.abs(x - columns[k]!) <= 2 * height;
  const left: OcrLine[] = [];
  const right: OcrLine[] = [];
  let full = 0;
  let j = start;
  for (; j < rows.length; j++) {
    const row = rows[j]!;
    const cells = cellsOf(row);
    const pair = (a: Cell, b: Cell) => cellLine({ text: `${a.text} ${b.text}`, x0: a.x0, x1: b.x1, words: [...a.words, ...b.words] }, row);
    if (cells.length === 4 && cells.every((c, k) => near(c.x0, k)) && /^\p{L}/u.test(cells[0]!.text) && /^\p{L}/u.test(cells[2]!.text)) {
      left.push(pair(cells[0]!, cells[1]!));
      right.push(pair(cells[2]!, cells[3]!));
      full++;
    } else if (full > 0 && cells.length === 2 && near(cells[0]!.x0, 0) && near(cells[1]!.x0, 1)) left.push(pair(cells[0]!, cells[1]!));
    else break;
  }
  return full >= 2 ? { lines: [...left, ...right], end: j } : null;
}

/**
 * Reads the given lines of a page again, each on its own (single-line layout). A misread that depends
 * on the page's layout context does not repeat; a value that reads differently the second time is not
 * trusted. Each line is cut out of the page around where it lies before straightening (a window the
 * size of the tilted line), and Tesseract straightens that small window by the page's angle: 15–70 ms
 * a line, against 140 ms for straightening the whole page again per line.
 */
export async function rereadLines(pageImage: Buffer, rotateRadians: number, boxes: readonly LineBox[]): Promise<string[]> {
  if (boxes.length === 0) return [];
  const worker = await ocrEngine();
  await worker.setParameters({ tessedit_pageseg_mode: PSM.SINGLE_LINE });
  try {
    const texts: string[] = [];
    for (const box of boxes) {
      const { image, rectangle } = lineWindow(pageImage, rotateRadians, box);
      const { data } = await worker.recognize(image, { rectangle, rotateRadians }, { text: true });
      texts.push(data.text.trim());
    }
    return texts;
  } finally {
    await worker.setParameters({ tessedit_pageseg_mode: PAGE_LAYOUT });
  }
}

/**
 * The window of the unstraightened page that holds a line found on the straightened page, and the
 * line's rectangle once Tesseract has straightened the window. Tesseract turns an image about its
 * centre and keeps its size, so a window centred on the line keeps the line at its centre.
 */
export function lineWindow(pageImage: Buffer, rotateRadians: number, box: LineBox) {
  const { width: pageWidth, height: pageHeight } = readPgm(pageImage);
  const w = box.x1 - box.x0;
  const h = box.y1 - box.y0;
  const pad = Math.round(h * 0.2);
  // The line's centre, turned back from the straightened page to the page as scanned.
  const dx = (box.x0 + box.x1) / 2 - pageWidth / 2;
  const dy = (box.y0 + box.y1) / 2 - pageHeight / 2;
  const [cos, sin] = [Math.cos(-rotateRadians), Math.sin(-rotateRadians)];
  const cx = pageWidth / 2 + dx * cos - dy * sin;
  const cy = pageHeight / 2 + dx * sin + dy * cos;
  const margin = 2 * pad + 8;
  const width = Math.ceil(Math.abs(w * cos) + Math.abs(h * sin)) + margin;
  const height = Math.ceil(Math.abs(w * sin) + Math.abs(h * cos)) + margin;
  const image = cropPgm(pageImage, Math.round(cx - width / 2), Math.round(cy - height / 2), width, height);
  const rectangle = { left: Math.round(width / 2 - w / 2 - pad), top: Math.round(height / 2 - h / 2 - pad), width: w + 2 * pad, height: h + 2 * pad };
  return { image, rectangle };
}

export async function closeOcr(): Promise<void> {
  const current = engine;
  engine = undefined;
  if (current) await (await current).terminate();
}
