// The outcome of reading one file: either fields, or a specific reason it could not be read.
import type { ExtractedFields } from './fields.js';

export const UNREADABLE_CAUSES = [
  'empty_file',
  'not_a_document',
  'corrupt_pdf',
  'password_protected',
  'too_many_pages',
  'no_text',
  'timeout',
  'too_large',
] as const;
export type UnreadableCause = (typeof UNREADABLE_CAUSES)[number];

export type ReadResult =
  | { status: 'read'; pageCount: number; method: 'text'; fields: ExtractedFields }
  | { status: 'unreadable'; cause: UnreadableCause; detail: string; pageCount: number | null };
