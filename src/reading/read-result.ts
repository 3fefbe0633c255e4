// The outcome of reading one file: either fields, or a specific reason it could not be read.
import type { ExtractedFields } from './fields.js';

export const UNREADABLE_CAUSES = [
  'empty_file',
  'not_a_document',
  'corrupt_pdf',
  'password_protected',
  'too_many_pages',
  'no_text',
  'corrupt_image',
  'image_too_large',
  'page_too_large',
  'timeout',
  'too_large',
  // Refused before reading (src/reading/read-budget.ts): a format the reader cannot open, or a mail
  // or client that has used up the work allowed to it.
  'unsupported_format',
  'mail_budget_exceeded',
  'client_budget_exceeded',
] as const;
export type UnreadableCause = (typeof UNREADABLE_CAUSES)[number];

export type ReadResult =
  | {
      status: 'read';
      pageCount: number;
      method: 'text' | 'ocr';
      /** Mean Tesseract confidence over the pages (0–100) when read with OCR. */
      ocrConfidence?: number;
      fields: ExtractedFields;
    }
  | { status: 'unreadable'; cause: UnreadableCause; detail: string; pageCount: number | null };
