// Documents are recognised by their bytes, never by the declared MIME type or file name: a PDF sent
// as application/octet-stream or named FINE.PDF is still a PDF.

export type DocumentType = 'pdf' | 'jpeg' | 'png';

export function sniffDocumentType(bytes: Uint8Array): DocumentType | null {
  // "%PDF-" may be preceded by a little junk (some scanners prepend a BOM or whitespace); readers accept 1 KiB.
  const head = Buffer.from(bytes.subarray(0, 1024)).toString('latin1');
  if (head.includes('%PDF-')) return 'pdf';
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  if (bytes.length >= 8 && Buffer.from(bytes.subarray(0, 8)).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'png';
  return null;
}

export const MIME_TYPES: Record<DocumentType, string> = { pdf: 'application/pdf', jpeg: 'image/jpeg', png: 'image/png' };
