// OCR of one prepared page image with tesseract.js (Tesseract 5 LSTM compiled to WebAssembly), in
// Dutch, French, German and English. Language models come from the @tesseract.js-data packages on
// the npm registry, read from node_modules: nothing is downloaded at run time.
// One engine per parse thread, created on first use and kept: loading four models takes ~0.8 s.
import { mkdirSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { createWorker, OEM, PSM, type Worker } from 'tesseract.js';

const LANGUAGES = ['nld', 'fra', 'deu', 'eng'] as const;
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
};
export type LineBox = { x0: number; y0: number; x1: number; y1: number };
export type OcrPage = { text: string; confidence: number; lines: OcrLine[]; rotateRadians: number };

const require = createRequire(import.meta.url);

/**
 * tesseract.js reads every model from one directory, but each language is its own npm package: a
 * directory of symbolic links to the packages' files joins them (idempotent, safe between threads).
 */
function languageDirectory(): string {
  const dir = path.join(os.tmpdir(), `boete-tessdata-${MODEL_DIR}-${process.getuid?.() ?? 0}`);
  mkdirSync(dir, { recursive: true });
  for (const code of LANGUAGES) {
    const file = `${code}.traineddata.gz`;
    const target = path.join(path.dirname(require.resolve(`@tesseract.js-data/${code}/package.json`)), MODEL_DIR, file);
    try {
      symlinkSync(target, path.join(dir, file));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
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
    // Automatic layout keeps a label and its value on one line for tables and letters alike.
    // Page images are prepared at A4 300 dpi (page-images.ts); saying so spares Tesseract a guess.
    await worker.setParameters({ tessedit_pageseg_mode: PSM.AUTO, preserve_interword_spaces: '1', user_defined_dpi: '300' });
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
        const text = line.words.map((w) => w.text).join(' ');
        if (!text.trim()) continue;
        const numberWords = line.words.filter((w) => /\d/.test(w.text));
        lines.push({
          text,
          confidence: line.confidence,
          weakestNumberWord: numberWords.length > 0 ? Math.min(...numberWords.map((w) => w.confidence)) : 100,
          box: line.bbox,
        });
      }
    }
  }
  const rows = joinRows(lines);
  return { text: rows.map((l) => l.text).join('\n'), confidence: data.confidence, lines: rows, rotateRadians: data.rotateRadians ?? 0 };
}

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
 * Reads the given lines of a page again, each on its own (single-line layout, the page turned by the
 * same angle as in the first reading so the boxes still fit). A misread that depends on the page's
 * layout context does not repeat; a value that reads differently the second time is not trusted.
 */
export async function rereadLines(pageImage: Buffer, rotateRadians: number, boxes: readonly LineBox[]): Promise<string[]> {
  if (boxes.length === 0) return [];
  const worker = await ocrEngine();
  await worker.setParameters({ tessedit_pageseg_mode: PSM.SINGLE_LINE });
  try {
    const texts: string[] = [];
    for (const b of boxes) {
      const pad = Math.round((b.y1 - b.y0) * 0.2);
      const rectangle = { left: Math.max(0, b.x0 - pad), top: Math.max(0, b.y0 - pad), width: b.x1 - b.x0 + 2 * pad, height: b.y1 - b.y0 + 2 * pad };
      const { data } = await worker.recognize(pageImage, { rectangle, rotateRadians }, { text: true });
      texts.push(data.text.trim());
    }
    return texts;
  } finally {
    await worker.setParameters({ tessedit_pageseg_mode: PSM.AUTO });
  }
}

export async function closeOcr(): Promise<void> {
  const current = engine;
  engine = undefined;
  if (current) await (await current).terminate();
}
