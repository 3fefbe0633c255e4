// What one mail and one client may cost to read, decided before the work is done. Pure: the mail
// poller asks `refuseMail` when a mail arrives, the read-document worker asks `refuseRead` before it
// hands a file to the parse pool, each with the figures its repository loaded.
//
// Measured before these bounds (2026-12-02, 2 cores): one 37 KB mail with ten blank 20-page PDFs cost
// 121 s of CPU and 1.3 GB; 990 tiny PDFs in one mail made 990 review items. A mail past a per-mail
// bound is now one recorded mail (its raw bytes kept), not hundreds of documents; a document past a
// budget is one review item naming the budget.
import { READABLE_TYPES, type DocumentType } from './document-type.js';
import type { ReadResult } from './read-result.js';

export type ReadLimits = {
  /** BOETE_MAX_PAGES: the reader refuses a longer PDF itself; here it caps what one document is charged. */
  maxPagesPerDocument: number;
  maxDocumentsPerMail: number;
  maxPagesPerMail: number;
  maxOcrPagesPerMail: number;
  maxPagesPerClientDay: number;
  maxOcrPagesPerClientDay: number;
};

export type MailRefusal = { status: 'too_many_documents' | 'too_many_pages'; detail: string };

/** A mail whose documents together are more than one mail may cost: recorded as one item, none of its documents created. */
export function refuseMail(documents: readonly { pageEstimate: number }[], limits: ReadLimits): MailRefusal | null {
  if (documents.length > limits.maxDocumentsPerMail) {
    return {
      status: 'too_many_documents',
      detail: `${documents.length} documents in one mail; at most ${limits.maxDocumentsPerMail} are taken from one mail (BOETE_MAX_DOCUMENTS_PER_MAIL)`,
    };
  }
  const pages = documents.reduce((sum, d) => sum + Math.min(d.pageEstimate, limits.maxPagesPerDocument), 0);
  if (pages > limits.maxPagesPerMail) {
    return {
      status: 'too_many_pages',
      detail: `${documents.length} documents with ${pages} pages in one mail; at most ${limits.maxPagesPerMail} pages are read from one mail (BOETE_MAX_PAGES_PER_MAIL)`,
    };
  }
  return null;
}

/**
 * Pages already charged, this document left out: pages of documents read (OCR pages: those read
 * with OCR, or that OCR found empty), plus the estimate of documents being read right now, so that
 * documents read side by side cannot each spend the same allowance.
 */
export type ReadUsage = { mailPages: number; mailOcrPages: number; clientPages: number; clientOcrPages: number };

export type ReadCandidate = { type: DocumentType | null; pageEstimate: number | null };

type Refusal = Extract<ReadResult, { status: 'unreadable' }>;

/** What reading this document may cost: its estimated pages, all of them possibly through OCR. */
export const readCharge = (doc: ReadCandidate, limits: ReadLimits) => Math.min(Math.max(1, doc.pageEstimate ?? 1), limits.maxPagesPerDocument);

/** Null when the document may be read; otherwise the unreadable outcome to record instead of reading it. */
export function refuseRead(doc: ReadCandidate, usage: ReadUsage, limits: ReadLimits): Refusal | null {
  if (doc.type !== null && !READABLE_TYPES.has(doc.type)) {
    return { status: 'unreadable', cause: 'unsupported_format', detail: `a ${doc.type.toUpperCase()} image is kept but cannot be read here; convert it to JPEG or PDF`, pageCount: null };
  }
  const pages = readCharge(doc, limits);
  const over = (used: number, limit: number) => used + pages > limit;
  const refuse = (cause: 'mail_budget_exceeded' | 'client_budget_exceeded', what: string, used: number, limit: number, setting: string): Refusal => ({
    status: 'unreadable',
    cause,
    detail: `not read: ${what} ${used} of ${limit} pages already (BOETE_${setting}), and this file may need ${pages} more`,
    pageCount: null,
  });
  if (over(usage.mailPages, limits.maxPagesPerMail)) return refuse('mail_budget_exceeded', 'its mail has used', usage.mailPages, limits.maxPagesPerMail, 'MAX_PAGES_PER_MAIL');
  if (over(usage.mailOcrPages, limits.maxOcrPagesPerMail)) {
    return refuse('mail_budget_exceeded', 'its mail has used OCR on', usage.mailOcrPages, limits.maxOcrPagesPerMail, 'MAX_OCR_PAGES_PER_MAIL');
  }
  if (over(usage.clientPages, limits.maxPagesPerClientDay)) {
    return refuse('client_budget_exceeded', 'its client has used in the last 24 hours', usage.clientPages, limits.maxPagesPerClientDay, 'MAX_PAGES_PER_CLIENT_DAY');
  }
  if (over(usage.clientOcrPages, limits.maxOcrPagesPerClientDay)) {
    return refuse('client_budget_exceeded', 'its client has used OCR in the last 24 hours on', usage.clientOcrPages, limits.maxOcrPagesPerClientDay, 'MAX_OCR_PAGES_PER_CLIENT_DAY');
  }
  return null;
}
