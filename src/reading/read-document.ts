// Reads one file into fields. CPU-heavy: callers run it in the parse pool, not on the event loop.
import { PermanentError } from '../errors.js';
import { sniffDocumentType } from './document-type.js';
import { extractFields } from './field-extraction.js';
import { readPdfText } from './pdf-text.js';
import type { ReadResult, UnreadableCause } from './read-result.js';

export type ReadOptions = { maxPages: number };

/** Fewer letters than this over all pages means there is no usable text layer (a scan). */
const MIN_TEXT_CHARS = 40;

export async function readDocument(bytes: Uint8Array, options: ReadOptions): Promise<ReadResult> {
  if (bytes.length === 0) return { status: 'unreadable', cause: 'empty_file', detail: 'the file is empty', pageCount: null };
  const type = sniffDocumentType(bytes);
  if (type === null) {
    return { status: 'unreadable', cause: 'not_a_document', detail: 'the content is neither a PDF nor a JPEG/PNG image (damaged, or another format under that name)', pageCount: null };
  }
  if (type !== 'pdf') {
    return { status: 'unreadable', cause: 'no_text', detail: `a ${type.toUpperCase()} image needs OCR, which is not available yet`, pageCount: 1 };
  }
  try {
    const { pageCount, pages } = await readPdfText(bytes, options.maxPages);
    const letters = pages.join('').replace(/[^\p{L}\p{N}]/gu, '').length;
    if (letters < MIN_TEXT_CHARS) {
      return { status: 'unreadable', cause: 'no_text', detail: 'the PDF has no text layer (a scan); OCR is not available yet', pageCount };
    }
    return { status: 'read', pageCount, method: 'text', fields: extractFields(pages) };
  } catch (error) {
    if (error instanceof PermanentError) {
      return { status: 'unreadable', cause: error.code as UnreadableCause, detail: error.message, pageCount: null };
    }
    throw error;
  }
}
