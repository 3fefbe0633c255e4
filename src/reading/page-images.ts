// Page images for OCR: scanned PDF pages taken from the PDF or rendered with pdf.js, photos decoded
// with sharp (libvips), all normalised to greyscale at a size Tesseract reads well. Hostile sizes are
// refused or shrunk before anything large is allocated.
import { createRequire } from 'node:module';
import path from 'node:path';
import { PDFParse } from 'pdf-parse';
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { PDFPageProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import sharp, { type Sharp } from 'sharp';
import { PermanentError } from '../errors.js';

/**
 * Long side of the image handed to OCR: A4 at about 210 dpi. Larger images are shrunk to it, smaller
 * ones enlarged. Measured on the corpus against 3000 and 3508 px: the same fields right, 30–40% faster;
 * and against 2100 px: fewer fields right. A 200 dpi scan enlarged by sharp reads better than as is
 * (Tesseract confidence 95 against 85) and sharp enlarges far faster than pdf.js renders.
 */
const OCR_LONG_SIDE_PX = 2480;
/** Scanned pages are rendered at this width (A4 at 200 dpi), then enlarged by sharp. */
const RENDER_WIDTH_PX = 1654;
/** An image with more pixels than this is refused unread (a 12,000 × 12,000 image is 144 MP). */
const MAX_INPUT_PIXELS = 200_000_000;
/** Pages larger than A0 (in PDF points) or more elongated than 1:3 are not rendered: rendering bombs. */
const MAX_PAGE_POINTS = 3400;
const MAX_ASPECT = 3;

/**
 * pdf.js's shapes for the standard 14 fonts (Helvetica, Courier, …), which PDFs use without
 * embedding them: without these, pdf.js draws them with a substitute whose glyphs collide.
 */
export const STANDARD_FONTS = `${path.join(path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json')), 'standard_fonts')}/`;

// libvips keeps its own cache and threads; in a pool of single-document threads neither helps.
sharp.cache(false);
sharp.concurrency(1);

export async function prepareImage(bytes: Uint8Array): Promise<Buffer> {
  let width: number | undefined;
  let height: number | undefined;
  try {
    ({ width, height } = await sharp(bytes, { limitInputPixels: false }).metadata());
  } catch (error) {
    throw new PermanentError(`the image cannot be decoded: ${(error as Error).message}`, 'corrupt_image', { cause: error });
  }
  if (!width || !height) throw new PermanentError('the image has no size', 'corrupt_image');
  if (width * height > MAX_INPUT_PIXELS) {
    throw new PermanentError(`the image is ${width} × ${height} pixels; at most ${MAX_INPUT_PIXELS / 1e6} megapixels are read`, 'image_too_large');
  }
  return forOcr(sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS, sequentialRead: true }).rotate()); // rotate(): EXIF orientation of phone photos
}

type RawImage = { data: Uint8Array; width: number; height: number; channels: 1 | 3 | 4 };

async function forOcr(image: Sharp): Promise<Buffer> {
  try {
    const { data, info } = await image
      .flatten({ background: '#ffffff' }) // transparent rendered pages would turn grey
      .greyscale()
      .resize({ width: OCR_LONG_SIDE_PX, height: OCR_LONG_SIDE_PX, fit: 'inside' })
      .median(3) // scanner speckle and JPEG noise: Tesseract reads clean strokes faster and better
      .toColourspace('b-w') // one channel out: a third of the bytes, and what Tesseract wants
      .raw()
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== 1) throw new Error(`expected one grey channel, got ${info.channels}`);
    stretchLevels(data);
    return toPgm(data, info.width, info.height);
  } catch (error) {
    throw new PermanentError(`the image cannot be decoded: ${(error as Error).message}`, 'corrupt_image', { cause: error });
  }
}

/**
 * Levels, in place: the median grey (paper, most of any page) becomes white and the darkest 1%
 * black, so grey paper and faint print end up as black text on white. (sharp's normalise() does the
 * same through a LAB round trip that took 0.5 s a page; a histogram and a table take 20 ms.)
 * The result is an uncompressed PGM: Tesseract (Leptonica) reads it without the cost of PNG.
 */
function stretchLevels(grey: Buffer): void {
  const histogram = new Uint32Array(256);
  for (const v of grey) histogram[v]! += 1;
  const percentile = (p: number) => {
    let seen = 0;
    for (let v = 0; v < 256; v++) {
      seen += histogram[v]!;
      if (seen >= p * grey.length) return v;
    }
    return 255;
  };
  const black = percentile(0.01);
  const white = Math.max(black + 1, percentile(0.5));
  const table = new Uint8Array(256);
  for (let v = 0; v < 256; v++) table[v] = Math.min(255, Math.max(0, Math.round(((v - black) * 255) / (white - black))));
  for (let i = 0; i < grey.length; i++) grey[i] = table[grey[i]!]!;
}

const toPgm = (grey: Uint8Array, width: number, height: number) =>
  Buffer.concat([Buffer.from(`P5\n${width} ${height}\n255\n`, 'latin1'), grey]);

/** Width, height and pixels of a PGM made by prepareImage. */
export function readPgm(pgm: Buffer): { width: number; height: number; pixels: Buffer } {
  const header = /^P5\n(\d+) (\d+)\n255\n/.exec(pgm.subarray(0, 32).toString('latin1'));
  if (!header) throw new Error('not a PGM made by prepareImage');
  return { width: Number(header[1]), height: Number(header[2]), pixels: pgm.subarray(header[0].length) };
}

/** A width × height window of a PGM whose top-left corner is at (left, top); outside the page is white. */
export function cropPgm(pgm: Buffer, left: number, top: number, width: number, height: number): Buffer {
  const page = readPgm(pgm);
  const out = Buffer.alloc(width * height, 255);
  for (let y = 0; y < height; y++) {
    const sy = top + y;
    if (sy < 0 || sy >= page.height) continue;
    const from = Math.max(0, left);
    const to = Math.min(page.width, left + width);
    if (from < to) page.pixels.copy(out, y * width + (from - left), sy * page.width + from, sy * page.width + to);
  }
  return toPgm(out, width, height);
}

/**
 * Every page (at most maxPages; the caller checked the count) as an OCR-ready image. A page that is
 * one scanned image is taken as that image's pixels; any other page is rendered.
 */
export async function renderPdfPages(bytes: Uint8Array, maxPages: number): Promise<Buffer[]> {
  const doc = await pdfjs.getDocument({
    data: new Uint8Array(bytes), // pdf.js detaches the buffer it is given
    verbosity: 0,
    isEvalSupported: false,
    maxImageSize: MAX_INPUT_PIXELS, // larger images are skipped by pdf.js, never decoded
    disableFontFace: true,
  }).promise;
  try {
    const images: (Buffer | null)[] = [];
    for (let number = 1; number <= Math.min(doc.numPages, maxPages); number++) {
      const page = await doc.getPage(number);
      const [x0, y0, x1, y1] = page.view as [number, number, number, number];
      const long = Math.max(x1 - x0, y1 - y0);
      const short = Math.max(1, Math.min(x1 - x0, y1 - y0));
      if (long > MAX_PAGE_POINTS || long / short > MAX_ASPECT) {
        throw new PermanentError(
          `page ${number} measures ${Math.round(x1 - x0)} × ${Math.round(y1 - y0)} pt; pages larger than A0 or longer than 1:${MAX_ASPECT} are not rendered`,
          'page_too_large',
        );
      }
      const scanned = await scannedImageOf(page);
      images.push(scanned ? await forOcr(sharp(scanned.data, { raw: scanned })) : null);
      page.cleanup();
    }
    const toRender = images.flatMap((image, i) => (image === null ? [i + 1] : []));
    if (toRender.length > 0) {
      const rendered = await renderPages(bytes, toRender);
      toRender.forEach((number, i) => (images[number - 1] = rendered[i]!));
    }
    return images as Buffer[];
  } finally {
    await doc.destroy().catch(() => undefined);
  }
}

/** Renders the given pages with pdf.js onto a canvas (via pdf-parse), then prepares them. */
async function renderPages(bytes: Uint8Array, pageNumbers: number[]): Promise<Buffer[]> {
  const parser = new PDFParse({ data: new Uint8Array(bytes), verbosity: 0, standardFontDataUrl: STANDARD_FONTS });
  try {
    const shots = await parser.getScreenshot({ partial: pageNumbers, desiredWidth: RENDER_WIDTH_PX, imageBuffer: true, imageDataUrl: false });
    const images: Buffer[] = [];
    for (const shot of shots.pages) images.push(await prepareImage(shot.data));
    return images;
  } finally {
    await parser.destroy().catch(() => undefined);
  }
}

type Matrix = [number, number, number, number, number, number];
const multiply = ([a1, b1, c1, d1, e1, f1]: Matrix, [a2, b2, c2, d2, e2, f2]: Matrix): Matrix => [
  a1 * a2 + c1 * b2,
  b1 * a2 + d1 * b2,
  a1 * c2 + c1 * d2,
  b1 * c2 + d1 * d2,
  a1 * e2 + c1 * f2 + e1,
  b1 * e2 + d1 * f2 + f1,
];

/** Operators a page that is just a scanned image consists of; anything else is drawn, so rendered. */
const SCAN_PAGE_OPS = new Set([pdfjs.OPS.save, pdfjs.OPS.restore, pdfjs.OPS.transform, pdfjs.OPS.dependency, pdfjs.OPS.paintImageXObject]);

/**
 * A scanner's PDF page is one image painted over the whole page. Such a page's pixels are taken as
 * pdf.js decoded them, which spares drawing them onto a canvas and a PNG round trip (0.4 s a page).
 * Only an upright image that covers the page and nothing else qualifies; every other page is rendered.
 */
async function scannedImageOf(page: PDFPageProxy): Promise<RawImage | null> {
  if (page.rotate % 360 !== 0) return null;
  const { fnArray, argsArray } = await page.getOperatorList();
  if (fnArray.filter((op) => op === pdfjs.OPS.paintImageXObject).length !== 1) return null;
  if (!fnArray.every((op) => SCAN_PAGE_OPS.has(op))) return null;
  let ctm: Matrix = [1, 0, 0, 1, 0, 0];
  const saved: Matrix[] = [];
  let name: string | undefined;
  fnArray.forEach((op, i) => {
    if (op === pdfjs.OPS.save) saved.push(ctm);
    else if (op === pdfjs.OPS.restore) ctm = saved.pop() ?? ctm;
    else if (op === pdfjs.OPS.transform) ctm = multiply(ctm, argsArray[i] as Matrix);
    else if (op === pdfjs.OPS.paintImageXObject) {
      const [a, b, c, d, e, f] = ctm;
      const [x0, y0, x1, y1] = page.view as [number, number, number, number];
      const near = (u: number, v: number) => Math.abs(u - v) <= 0.01 * Math.max(x1 - x0, y1 - y0);
      // Upright (no turn, no mirror) and covering the page: the image's rows run top to bottom.
      if (b === 0 && c === 0 && a > 0 && d > 0 && near(e, x0) && near(f, y0) && near(e + a, x1) && near(f + d, y1)) {
        name = (argsArray[i] as [string])[0];
      }
    }
  });
  if (!name) return null;
  const objects = page.commonObjs.has(name) ? page.commonObjs : page.objs;
  const image = (await new Promise((resolve) => objects.get(name!, resolve))) as {
    width: number;
    height: number;
    kind: number;
    data?: Uint8Array | Uint8ClampedArray;
  } | null;
  if (!image?.data || image.width * image.height > MAX_INPUT_PIXELS) return null;
  const { width, height, kind } = image;
  const data = new Uint8Array(image.data.buffer, image.data.byteOffset, image.data.byteLength);
  if (kind === pdfjs.ImageKind.RGB_24BPP) return { data, width, height, channels: 3 };
  if (kind === pdfjs.ImageKind.RGBA_32BPP) return { data, width, height, channels: 4 };
  if (kind === pdfjs.ImageKind.GRAYSCALE_1BPP) {
    // A black-and-white (fax or CCITT) scan, eight pixels a byte, rows byte-aligned; 1 is white.
    const grey = new Uint8Array(width * height);
    const rowBytes = (width + 7) >> 3;
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) grey[y * width + x] = data[y * rowBytes + (x >> 3)]! & (0x80 >> (x & 7)) ? 255 : 0;
    }
    return { data: grey, width, height, channels: 1 };
  }
  return null;
}
