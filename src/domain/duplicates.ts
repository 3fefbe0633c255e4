// A different file for the same fine (a rescan, a reminder) is recognised by the issuer's reference,
// and the plate where both documents have one.
import { normalisePlate } from './plate.js';

/** References compare without spaces, case or punctuation other than the separators issuers vary. */
export function referenceKey(reference: string): string {
  return reference.toUpperCase().replace(/[\s.\-_/]/g, '');
}

export function sameFine(
  a: { reference: string | null; plate: string | null },
  b: { reference: string | null; plate: string | null },
): boolean {
  if (!a.reference || !b.reference) return false;
  if (referenceKey(a.reference) !== referenceKey(b.reference)) return false;
  if (a.plate && b.plate && normalisePlate(a.plate) !== normalisePlate(b.plate)) return false;
  return true;
}
