// What reading a document yields: every field with a confidence (0–1) and where it was read
// (page and line), so an operator can check it and the decision can refuse to guess.
import type { DocumentKind } from '../domain/types.js';
import type { PlateCountry } from './plates.js';

export type Provenance = { page: number; text: string };
export type Field<T> = { value: T; confidence: number; source: Provenance | null };

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
};

/** Below this, a required field is not trusted for an automatic decision. */
export const CONFIDENT = 0.8;

export function isConfident(field: Field<unknown> | null): boolean {
  return field !== null && field.confidence >= CONFIDENT;
}

/** Plate, offence time and at least one deadline are needed before anything is decided. */
export function requiredFieldsConfident(fields: ExtractedFields): boolean {
  return (
    isConfident(fields.plate) &&
    isConfident(fields.offenceAt) &&
    (isConfident(fields.dueDate) || isConfident(fields.redirectDeadline))
  );
}
