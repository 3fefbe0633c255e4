// The plain facts an output is drawn from (loaded by src/db/output-store.ts), and the printable
// document model the PDF renderer draws. Both are plain data: the model crosses into a render
// thread, and the same facts always give the same model, so the same bytes.
import { createHash } from 'node:crypto';
import { formatBrusselsInstant } from '../domain/brussels-time.js';
import type { AuthorityFamily } from '../domain/outputs.js';
import type { DocumentKind, Renter } from '../domain/types.js';

export type OutputFacts = {
  documentId: string;
  decision: 'redirect' | 'recharge';
  /** When the decision was taken: the PDFs' creation date, so a second rendering is byte-identical. */
  processedAt: Date;
  assessmentVersion: number;
  family: AuthorityFamily;
  fine: {
    kind: DocumentKind;
    reference: string | null;
    plate: string | null;
    offenceAt: Date | null;
    amountCents: number | null;
    dueDate: string | null;
    redirectDeadline: string | null;
    issuer: string | null;
    location: string | null;
    description: string | null;
    language: 'nl' | 'fr' | 'de' | 'en' | null;
  };
  contract: { contractRef: string; startsAt: Date; endsAt: Date | null; renter: Renter };
  client: { code: string; name: string; language: 'nl' | 'fr' | 'en'; paymentIban: string | null; disputeWindowHours: number };
  /** As the decision stored them: the total charged on (fine + fee) and the admin fee (contract's, else client's). */
  recharge: { totalCents: number | null; adminFeeCents: number | null };
};

/** A printable document: a title, the addressee, sections of label/value rows and paragraphs. */
export type PrintModel = {
  /** PDF metadata; creationDate fixed from the decision (ISO string: it crosses a thread boundary). */
  info: { title: string; subject: string; creationDate: string };
  title: string;
  /** Lines at the top left: who writes (the client, as the vehicle's registered holder). */
  sender: string[];
  /** Lines at the top right: to whom. */
  addressee: string[];
  blocks: PrintBlock[];
};

export type PrintBlock =
  | { type: 'heading'; text: string }
  | { type: 'rows'; rows: [label: string, value: string][] }
  | { type: 'paragraph'; text: string };

/**
 * The fingerprint of what a file prints: its model without the creation date (a re-assessment takes
 * a new decision time, which changes the PDF's bytes but nothing a reader sees). Two versions of a
 * decision whose files would print the same get the same fingerprint, so the earlier file is kept.
 * The model is plain data built in a fixed key order, so JSON is a stable encoding of it.
 */
export function printedFactsSha256(model: PrintModel): string {
  const { info, ...printed } = model;
  const shown = { metadataTitle: info.title, subject: info.subject, ...printed };
  return createHash('sha256').update(JSON.stringify(shown)).digest('hex');
}

/** "04/11/2026 18:16" in Brussels time (what the letters print). */
export function wallTime(instant: Date | null): string {
  if (!instant) return '';
  const iso = formatBrusselsInstant(instant); // 2026-11-04T18:16:00+01:00
  return `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)} ${iso.slice(11, 16)}`;
}

/** "14/12/2026" from an ISO date. */
export function dayOf(date: string | null): string {
  if (!date) return '';
  return `${date.slice(8, 10)}/${date.slice(5, 7)}/${date.slice(0, 4)}`;
}

/** "€ 116,00" (two decimals, comma, thousands with a dot). */
export function euros(cents: number | null): string {
  if (cents === null) return '';
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  const whole = Math.floor(abs / 100).toString().replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `${sign}€ ${whole},${String(abs % 100).padStart(2, '0')}`;
}

/** A file name part from free text: letters, digits, dashes only. */
export function fileSafe(text: string | null, fallback: string): string {
  const safe = (text ?? '').normalize('NFKD').replace(/[^A-Za-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40);
  return safe || fallback;
}
