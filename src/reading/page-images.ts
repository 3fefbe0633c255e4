// Page images for OCR: scanned PDF pages rendered with pdf.js, photos decoded with sharp (libvips),
// both normalised to greyscale at a size Tesseract reads well. Hostile sizes are refused or shrunk
// before anything large is allocated.
import { PDFParse } from 'pdf-parse';
import sharp from 'sharp';
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
  try {
    const { data, info } = await sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS, sequentialRead: true })
      .rotate() // EXIF orientation of phone photos
      .flatten({ background: '#ffffff' }) // transparent rendered pages would turn grey
      .resize({ width: OCR_LONG_SIDE_PX, height: OCR_LONG_SIDE_PX, fit: 'inside' })
      .greyscale()
      .median(3) // scanner speckle and JPEG noise: Tesseract reads clean strokes faster and better
      // Levels: the median (paper, most of any page) becomes white and the darkest 1% black, so grey
      // paper and faint print end up as black text on white.
      .normalise({ lower: 1, upper: 50 })
      .raw()
      .toBuffer({ resolveWithObject: true });
    return toPgm(data, info.width, info.height, info.channels);
  } catch (error) {
    throw new PermanentError(`the image cannot be decoded: ${(error as Error).message}`, 'corrupt_image', { cause: error });
  }
}

/** An uncompressed greyscale PGM: Tesseract (Leptonica) reads it without the cost of PNG encoding. */
function toPgm(pixels: Buffer, width: number, height: number, channels: number): Buffer {
  const grey = channels === 1 ? pixels : Buffer.from(pixels.filter((_, i) => i % channels === 0));
  return Buffer.concat([Buffer.from(`P5\n${width} ${height}\n255\n`, 'latin1'), grey]);
}

/** Renders every page (at most maxPages; the caller checked the count) as an OCR-ready image. */
export async function renderPdfPages(bytes: Uint8Array, maxPages: number): Promise<Buffer[]> {
  const parser = new PDFParse({ data: new Uint8Array(bytes), verbosity: 0 });
  try {
    const info = await parser.getInfo({ parsePageInfo: true });
    for (const page of info.pages ?? []) {
      const long = Math.max(page.width, page.height);
      const short = Math.max(1, Math.min(page.width, page.height));
      if (long > MAX_PAGE_POINTS || long / short > MAX_ASPECT) {
        throw new PermanentError(
          `page ${page.pageNumber} measures ${Math.round(page.width)} × ${Math.round(page.height)} pt; pages larger than A0 or longer than 1:${MAX_ASPECT} are not rendered`,
          'page_too_large',
        );
      }
    }
    const shots = await parser.getScreenshot({ first: maxPages, desiredWidth: RENDER_WIDTH_PX, imageBuffer: true, imageDataUrl: false });
    const images: Buffer[] = [];
    for (const shot of shots.pages) images.push(await prepareImage(shot.data));
    return images;
  } finally {
    await parser.destroy().catch(() => undefined);
  }
}
