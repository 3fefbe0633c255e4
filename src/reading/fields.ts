// What reading a document yields: every field with a confidence (0–1) and where it was read
// (page and line), so an operator can check it and the decision can refuse to guess.
import type { DecisiveField, FieldTrusts } from '../domain/decision-inputs.js';
import type { DocumentKind } from '../domain/types.js';
import type { PlateCountry } from './plates.js';

/** A box on a page as fractions of its width and height, from its top-left corner. */
export type PageBox = { x: number; y: number; w: number; h: number };
/** Where a value was read: its page and line, and for a page read by OCR where that line is on it. */
export type Provenance = { page: number; text: string; box?: PageBox };
export type Field<T> = {
  value: T;
  confidence: number;
  source: Provenance | null;
  /** Set on a deadline computed from a period counted from the document's date. */
  derivedFrom?: 'documentDate';
  /** Set when an operator corrected or confirmed the value. */
  confirmedBy?: string;
};

export type ExtractedFields = {
  kind: Field<DocumentKind>;
  plate: Field<string> | null;
  plateCountry: PlateCountry | null;
  /** ISO 8601 instant. */
  offenceAt: Field<string> | null;
  documentDate: Field<string> | null;
  dueDate: Field<string> | null;
  redirectDeadline: Field<string> | null;
  amountCents: Field<number> | null;
  reference: Field<string> | null;
  issuer: Field<string> | null;
  language: Field<'nl' | 'fr' | 'de' | 'en'> | null;
  paymentReference: Field<string> | null;
  iban: Field<string> | null;
  location: Field<string> | null;
  description: Field<string> | null;
  /**
   * Doubts found while reading, per decisive field, in words an operator can check: two candidates
   * that disagree, a value that is also another role's, a clause that names a deadline not resolved.
   */
  doubts: Partial<Record<DecisiveField, string>>;
  /** The first sentence about naming the driver/renter or an appeal, objection or hearing, if any. */
  redirectClause: Provenance | null;
  /** The first sentence about paying by a date or within a period, if any. */
  paymentClause: Provenance | null;
  /**
   * A line saying the letter goes on beyond the pages received ("blad 1 van 2" on a one-page
   * photo, "zie achterzijde" on a single page): what was not received cannot be proven absent.
   */
  missingPages?: Provenance | null;
  /** The verdict on each decisive field the decision gate reads (field-trust.ts). */
  trust: FieldTrusts;
};

/** Below this, a required field is not trusted for an automatic decision. */
export const CONFIDENT = 0.8;

export function isConfident(field: Field<unknown> | null): boolean {
  return field !== null && field.confidence >= CONFIDENT;
}

