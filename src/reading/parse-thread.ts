// Worker-thread entry of the parse pool: one task is one file to read, or (named task `renderPage`)
// one page of a file drawn as a PNG for the operators' document view, or (named task `lineBoxes`)
// where quoted lines sit on a text PDF's page, for the same view (line-positions.ts).
import { setPriority } from 'node:os';
import { sniffDocumentType } from './document-type.js';
import { readDocument } from './read-document.js';
import type { ReadResult } from './read-result.js';

// A reading thread runs at a lower priority than the process's main thread (Linux keeps a nice value
// per thread; pid 0 is this thread): the main thread is the serial part, taking mail in, sending every
// statement and job and renewing job locks, and on a busy machine it lost its core to a reading thread
// at each statement it sent. Reading uses what the event loop leaves; with nothing else to do it still
// gets a whole core. Where lowering it is refused, the thread runs at the process's priority.
try {
  setPriority(0, 10);
} catch {
  // left as it is
}

export type ParseTask = { bytes: Uint8Array; maxPages: number };
export type RenderPageTask = { bytes: Uint8Array; page: number; widthPx: number };

/** Nothing: the thread is started and its modules loaded (ParsePool.warmUp). */
export function warmUp(): boolean {
  return true;
}

export default function parse({ bytes, maxPages }: ParseTask): Promise<ReadResult> {
  return readDocument(bytes, { maxPages });
}

/**
 * Page `page` (1-based) as the reader saw it (the same page images OCR reads: grey, levelled), as a
 * PNG at most `widthPx` wide. Only PDFs and images; the same size guards as reading.
 */
export async function renderPage({ bytes, page, widthPx }: RenderPageTask): Promise<Uint8Array> {
  // Loaded when a page is first drawn (see read-document.ts): most threads never draw one.
  const [{ default: sharp }, { prepareImage, readPgm, renderPdfPages }] = await Promise.all([import('sharp'), import('./page-images.js')]);
  const type = sniffDocumentType(bytes);
  let pgm: Buffer | undefined;
  if (type === 'pdf') pgm = (await renderPdfPages(bytes, page))[page - 1];
  else if (type && page === 1) pgm = await prepareImage(bytes);
  if (!pgm) throw new Error(`page ${page} cannot be drawn`);
  const { width, height, pixels } = readPgm(pgm);
  return sharp(pixels, { raw: { width, height, channels: 1 } }).resize({ width: widthPx, withoutEnlargement: true }).png({ compressionLevel: 6 }).toBuffer();
}

export { lineBoxes } from './line-positions.js';
