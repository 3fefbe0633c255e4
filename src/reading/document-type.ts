// Documents are recognised by their bytes, never by the declared MIME type or file name: a PDF sent
// as application/octet-stream or named FINE.PDF is still a PDF.

/** Every format a fine may arrive in: PDFs and the photo formats phones and scanners write. */
export type DocumentType = 'pdf' | 'jpeg' | 'png' | 'tiff' | 'webp' | 'heic';

/**
 * The formats the reader can open. A HEIC photo (iPhones) is kept as a document all the same, so
 * that it reaches review as `unsupported_format` instead of vanishing: sharp's libvips has no HEVC
 * decoder.
 */
export const READABLE_TYPES: ReadonlySet<DocumentType> = new Set(['pdf', 'jpeg', 'png', 'tiff', 'webp']);

const startsWith = (bytes: Uint8Array, magic: readonly number[], at = 0) =>
  bytes.length >= at + magic.length && magic.every((b, i) => bytes[at + i] === b);
const ascii = (bytes: Uint8Array, from: number, to: number) => Buffer.from(bytes.subarray(from, to)).toString('latin1');

const HEIF_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'hevm', 'hevs', 'mif1', 'msf1']);

/** Formats recognised by their magic at offset 0, PDF's own header included. */
function magicAtStart(bytes: Uint8Array): DocumentType | 'other' | null {
  if (ascii(bytes, 0, 5) === '%PDF-') return 'pdf';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(bytes, [0x49, 0x49, 0x2a, 0x00]) || startsWith(bytes, [0x4d, 0x4d, 0x00, 0x2a])) return 'tiff';
  if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 12) === 'WEBP') return 'webp';
  if (ascii(bytes, 4, 8) === 'ftyp' && HEIF_BRANDS.has(ascii(bytes, 8, 12))) return 'heic';
  // Other containers whose first bytes are their own: a PDF stored in a ZIP shows "%PDF-" in the
  // first KiB (the entry's data follows its 30-byte header), and is still a ZIP.
  if (
    startsWith(bytes, [0x50, 0x4b]) || // ZIP, docx, xlsx, odt, jar
    startsWith(bytes, [0x1f, 0x8b]) || // gzip
    startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0]) || // OLE: doc, xls, msg
    ascii(bytes, 0, 4) === 'Rar!' ||
    startsWith(bytes, [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c]) || // 7z
    ascii(bytes, 0, 3) === 'GIF' ||
    ascii(bytes, 0, 2) === 'BM' ||
    ascii(bytes, 0, 4) === 'RIFF' ||
    ascii(bytes, 4, 8) === 'ftyp' || // MP4, MOV, AVIF
    ascii(bytes, 0, 2) === 'MZ' || // Windows executables
    startsWith(bytes, [0x7f, 0x45, 0x4c, 0x46]) // ELF
  ) {
    return 'other';
  }
  return null;
}

export function sniffDocumentType(bytes: Uint8Array): DocumentType | null {
  const atStart = magicAtStart(bytes);
  if (atStart === 'other') return null;
  if (atStart) return atStart;
  // "%PDF-" may be preceded by a little junk (some scanners prepend a BOM or whitespace, mail
  // gateways a line); readers accept 1 KiB. Only when nothing else claims the first bytes.
  return ascii(bytes, 0, 1024).includes('%PDF-') ? 'pdf' : null;
}

export const MIME_TYPES: Record<DocumentType, string> = {
  pdf: 'application/pdf',
  jpeg: 'image/jpeg',
  png: 'image/png',
  tiff: 'image/tiff',
  webp: 'image/webp',
  heic: 'image/heic',
};

/** The document type of a stored MIME type (documents.content_type), or null for anything else. */
export function typeOfMime(contentType: string): DocumentType | null {
  const entry = Object.entries(MIME_TYPES).find(([, mime]) => mime === contentType.toLowerCase());
  return entry ? (entry[0] as DocumentType) : null;
}
