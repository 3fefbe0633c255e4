// Reads one file into fields: the PDF's text layer when it has one, OCR of the rendered pages when it
// is a scan, OCR of the image when it is a photo. CPU-heavy: callers run it in the parse pool.
import { PermanentError } from '../errors.js';
import { sniffDocumentType } from './document-type.js';
import { extractFields } from './field-extraction.js';
import { judgeTrust } from './field-trust.js';
import { isConfident, type ExtractedFields, type Provenance } from './fields.js';
import type { OcrPage } from './ocr.js';
import { confirmByRereading, resolveLostPlateDigit, VERIFIED_FIELDS, weighByOcr } from './ocr-confidence.js';
import { cleanLine } from './text-lines.js';
import { OCR_LABEL_REPAIRS } from './vocabulary.js';
import { readPdfText } from './pdf-text.js';
import type { ReadResult, UnreadableCause } from './read-result.js';

export type ReadOptions = { maxPages: number };

// Loaded by the first scan or photo a thread reads, not at its start: sharp, the pdf.js renderer and
// Tesseract cost a parse thread about 0.3 s of CPU to load, which a backlog of text PDFs never needs.
const pageImages = () => import('./page-images.js');
const ocr = () => import('./ocr.js');

/** Fewer letters and digits than this over all pages means there is no usable text (a scan, a blank). */
const MIN_TEXT_CHARS = 40;

/**
 * OCR habits repaired before extraction: misread label words (OCR_LABEL_REPAIRS) and a space read
 * after the separator inside a number ("20/ 11/ 2026", "135, 00 €", "07: 03") or a plate. Values keep
 * their characters.
 */
export const repairOcrText = (text: string) =>
  OCR_LABEL_REPAIRS.reduce((t, [re, by]) => t.replace(re, by), text)
    // A table's ruled borders read as "|" (and dotted leaders as "~~"): they stand between a label and its value.
    .replace(/ *(?:\||~{2,}) */g, ' ')
    .replace(/^ +| +$/gm, '')
    // "; Aalst, 12 oktober 2026": specks before a line's first word.
    .replace(/^[;:,.'`"_~=]+ +(?=[\p{L}\d])/gmu, '')
    // "14 h O5", "1O/10/2026", "0 41 877" read "O 41 877": a capital O among digits is a zero.
    .replace(/(?<=\d[ ./:h-]{0,3})O(?=[ ./:-]?\d)|(?<=\d)O(?=\d)/g, '0')
    // "zBE-2026-0318452": a capital whose lower case has the same shape (c o s v w x z), read small at
    // the start of a code of capitals and digits.
    .replace(/\b[cosvwxz](?=[A-Z]{1,4}[-./]?\d)/g, (c) => c.toUpperCase())
    // "EU.S5.L1.021844/26": in a long number, an S between digits (or a dot and a digit) is a 5.
    .replace(/[\w./-]*\d[\w./-]*/g, (token) => ((token.match(/\d/g)?.length ?? 0) >= 5 ? token.replace(/(?<=[\d.])S(?=\d)|(?<=\d)S(?=[.\d])/g, '5') : token))
    // "BuBgeldbescheid", "auBerhalb", "StraBe": a capital B inside a lower-case word is a German ß.
    .replace(/(?<=\b\p{Lu}?\p{Ll}+)B(?=\p{Ll}*\b)/gu, 'ß')
    // "1500972026 09u47": a date whose slashes OCR read as 0, 7 or 1, in a table row before its time.
    .replace(/\b([0-3]\d)[017]([01]\d)[017](20\d{2})(?= +\d{1,2} ?[u:.h] ?\d{2}\b)/g, (m, d: string, mo: string, y: string) =>
      Number(d) >= 1 && Number(d) <= 31 && Number(mo) >= 1 && Number(mo) <= 12 ? `${d}/${mo}/${y}` : m)
    .replace(/(\d)([/.,:]) (?=\d)/g, '$1$2')
    .replace(/\b(\d{1,2})([./-])(\d{1,2}) (?=(?:19|20)\d{2}\b)/g, '$1$2$3$2') // "04.12 2026": a lost separator
    .replace(/(?<=[A-Z0-9])- (?=[A-Z0-9])/g, '-') // "GZ- 123- KL" (plates in Courier)
    // "1-VFL-61 1": a Belgian plate's last digits split by a space (else read as the Dutch shape 1-VFL-61).
    .replace(/\b([1-9]-[A-Z]{3}-)(\d{1,2}) (\d{1,2})\b/g, (m, head: string, a: string, b: string) => (a.length + b.length === 3 ? `${head}${a}${b}` : m))
    .replace(/\b([A-Z]{2,3}) (?=\d{5,}\b)/g, '$1') // "RP 70839082": a reference prefix set apart
    // "1026 Uhr": a time whose separator OCR lost, before its unit.
    .replace(/\b([01]\d|2[0-3])([0-5]\d)(?= ?(?:Uhr|uur|hrs?)\b)/g, '$1.$2')
    // "VVI2026/118834": the slash after a code's letters read as I or l, when a slash follows its year.
    .replace(/\b([A-Z]{2,4})[Il|](20\d{2})(?=\/\d)/g, '$1/$2')
    .replace(PV_NUMBER, (_m, zone: string, office: string, unit: string, unitDigit: string, serial: string, year: string) =>
      `${zone}.${office}.${/[1Il|]/.test(unit) ? 'L' : unit}${unitDigit}.${serial}/${year}`);

/**
 * A Belgian PV number as OCR reads it: "BR.69.L5.762639/2026" with its dots read as spaces or lost
 * ("BR 69.L5…", "BR.36.L9 949163/2026"), the unit letter read as "1" or "1." ("AN.70.1.5.…"), and
 * the slash lost ("…7785002026"). The unit code is always a letter and a digit, so a "1" there is an L.
 */
const PV_NUMBER = /\b([A-Z]{2})(?:\. ?| )(\d{2})(?:\. ?| )([A-Z1Il|])\.?(\d)(?:\. ?| )(\d{6}) ?\/? ?(\d{4})\b/g;

const letters = (pages: readonly string[]) => pages.join('').replace(/[^\p{L}\p{N}]/gu, '').length;

/**
 * Each field's line located on its OCR page, as fractions of the page image, so the operators' view
 * can outline it on the page (a text PDF's lines are found again from its text layer instead).
 */
function withLineBoxes(fields: ExtractedFields, pages: readonly OcrPage[], images: readonly Buffer[], readPgm: (pgm: Buffer) => { width: number; height: number }): ExtractedFields {
  const out = { ...fields } as Record<string, unknown>;
  for (const [name, value] of Object.entries(fields)) {
    const field = value as { source?: Provenance | null } | null;
    const source = field && typeof field === 'object' && 'source' in field ? field.source : null;
    if (!source) continue;
    const page = pages[source.page - 1];
    const image = images[source.page - 1];
    const line = page?.lines.find((l) => cleanLine(l.text) === source.text);
    if (!line || !image) continue;
    const { width, height } = readPgm(image);
    const b = line.box;
    const box = { x: b.x0 / width, y: b.y0 / height, w: (b.x1 - b.x0) / width, h: (b.y1 - b.y0) / height };
    out[name] = { ...field, source: { ...source, box } };
  }
  return out as ExtractedFields;
}

async function fromOcr(images: Buffer[], pageCount: number): Promise<ReadResult> {
  const [{ ocrPage, rereadLines }, { readPgm }] = await Promise.all([ocr(), pageImages()]);
  const pages: OcrPage[] = [];
  for (const image of images) pages.push(await ocrPage(image)); // one engine per thread: one page at a time
  for (const page of pages) {
    page.text = repairOcrText(page.text);
    for (const line of page.lines) line.text = repairOcrText(line.text);
  }
  const texts = pages.map((p) => p.text);
  if (letters(texts) < MIN_TEXT_CHARS) {
    return { status: 'unreadable', cause: 'no_text', detail: 'no readable text was found, not even with OCR', pageCount };
  }
  const weighed = weighByOcr(extractFields(texts), pages.map((p) => p.lines));

  // A second, independent reading of each line a decision rests on (see rereadLines).
  const secondReadings = new Map<string, string>();
  for (const [index, page] of pages.entries()) {
    // Only fields that would be trusted need confirming; the rest go to review anyway.
    const sources = new Set(
      VERIFIED_FIELDS.map((name) => weighed[name])
        .filter((f) => f !== null && isConfident(f) && f.source?.page === index + 1)
        .map((f) => f!.source!.text),
    );
    const lines = page.lines.filter((l) => sources.has(cleanLine(l.text)));
    const texts2 = await rereadLines(images[index]!, page.rotateRadians, lines.map((l) => l.box));
    lines.forEach((l, i) => secondReadings.set(`${index + 1}:${cleanLine(l.text)}`, repairOcrText(texts2[i]!)));
  }
  const reread = (page: number, text: string) => secondReadings.get(`${page}:${text}`);
  const fields = withLineBoxes(resolveLostPlateDigit(confirmByRereading(weighed, reread), reread), pages, images, readPgm);
  fields.trust = judgeTrust(fields); // confidences changed: judge again
  const ocrConfidence = Math.round(pages.reduce((sum, p) => sum + p.confidence, 0) / pages.length);
  return { status: 'read', pageCount, method: 'ocr', ocrConfidence, fields };
}

export async function readDocument(bytes: Uint8Array, options: ReadOptions): Promise<ReadResult> {
  if (bytes.length === 0) return { status: 'unreadable', cause: 'empty_file', detail: 'the file is empty', pageCount: null };
  const type = sniffDocumentType(bytes);
  if (type === null) {
    return { status: 'unreadable', cause: 'not_a_document', detail: 'the content is neither a PDF nor a JPEG/PNG image (damaged, or another format under that name)', pageCount: null };
  }
  let pageCount: number | null = null;
  try {
    if (type !== 'pdf') {
      pageCount = 1;
      return await fromOcr([await (await pageImages()).prepareImage(bytes)], 1);
    }
    const text = await readPdfText(bytes, options.maxPages);
    pageCount = text.pageCount;
    if (letters(text.pages) >= MIN_TEXT_CHARS) {
      return { status: 'read', pageCount, method: 'text', fields: extractFields(text.pages) };
    }
    return await fromOcr(await (await pageImages()).renderPdfPages(bytes, options.maxPages), pageCount);
  } catch (error) {
    if (error instanceof PermanentError) {
      return { status: 'unreadable', cause: error.code as UnreadableCause, detail: error.message, pageCount };
    }
    throw error;
  }
}
