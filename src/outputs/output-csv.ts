// The per-client CSVs of the decisions: every redirect of a day (what the operators filed, or must
// file, with each authority) and the accounting file of a period (one line per recharge, ready for
// an invoicing system's import). Both through the safe CSV writer (src/csv/safe-csv.ts): a renter's
// name or an issuer's reference can never become a spreadsheet formula.
import { formatCsv } from '../csv/safe-csv.js';
import { formatBrusselsInstant } from '../domain/brussels-time.js';
import type { AuthorityFamily } from '../domain/outputs.js';

export type RedirectLine = {
  documentId: string;
  processedAt: Date;
  reference: string | null;
  plate: string | null;
  offenceAt: Date | null;
  redirectDeadline: string | null;
  authority: AuthorityFamily;
  contractRef: string;
  contractStart: Date;
  contractEnd: Date | null;
  renterType: string | null;
  renterName: string | null;
  renterAddress: string | null;
  renterBirthDate: string | null;
  renterCompanyNumber: string | null;
  packFilename: string | null;
  packSha256: string | null;
};

export const REDIRECT_CSV_COLUMNS = [
  'decidedAt', 'documentId', 'reference', 'plate', 'offenceAt', 'redirectDeadline', 'authority', 'contractRef', 'contractStart', 'contractEnd',
  'renterType', 'renterName', 'renterAddress', 'renterBirthDate', 'renterCompanyNumber', 'packFilename', 'packSha256',
] as const;

const instant = (d: Date | null) => (d ? formatBrusselsInstant(d) : null);

export function redirectCsv(lines: readonly RedirectLine[]): string {
  return formatCsv(
    REDIRECT_CSV_COLUMNS,
    lines.map((l) => ({
      decidedAt: instant(l.processedAt),
      documentId: l.documentId,
      reference: l.reference,
      plate: l.plate,
      offenceAt: instant(l.offenceAt),
      redirectDeadline: l.redirectDeadline,
      authority: l.authority,
      contractRef: l.contractRef,
      contractStart: instant(l.contractStart),
      contractEnd: instant(l.contractEnd),
      renterType: l.renterType,
      renterName: l.renterName,
      renterAddress: l.renterAddress,
      renterBirthDate: l.renterBirthDate,
      renterCompanyNumber: l.renterCompanyNumber,
      packFilename: l.packFilename,
      packSha256: l.packSha256,
    })),
  );
}

export type AccountingLine = {
  documentId: string;
  /** When the dispute window closed: the line's booking instant, which puts it in a period. */
  bookedAt: Date;
  processedAt: Date;
  contractRef: string;
  renterName: string | null;
  renterAddress: string | null;
  renterCompanyNumber: string | null;
  renterEmail: string | null;
  reference: string | null;
  plate: string | null;
  offenceAt: Date | null;
  fineCents: number;
  adminFeeCents: number;
  /** The total the decision stored (src/domain/decision.ts), not added up again here. */
  totalCents: number;
};

export const ACCOUNTING_CSV_COLUMNS = [
  'bookingDate', 'lineId', 'documentId', 'contractRef', 'customerName', 'customerAddress', 'customerCompanyNumber', 'customerEmail',
  'description', 'fineReference', 'plate', 'offenceAt', 'decidedAt', 'fineCents', 'adminFeeCents', 'totalCents', 'fineEur', 'adminFeeEur', 'totalEur', 'currency',
] as const;

/** "116.00": euros with a decimal point, as invoicing imports read them (the cents columns are exact). */
export const eurText = (cents: number) => `${cents < 0 ? '-' : ''}${Math.floor(Math.abs(cents) / 100)}.${String(Math.abs(cents) % 100).padStart(2, '0')}`;

export function accountingCsv(lines: readonly AccountingLine[]): string {
  return formatCsv(
    ACCOUNTING_CSV_COLUMNS,
    lines.map((l) => {
      const total = l.totalCents;
      return {
        bookingDate: formatBrusselsInstant(l.bookedAt).slice(0, 10),
        // Stable per recharge, so a re-imported file updates its lines instead of doubling them.
        lineId: `recharge-${l.documentId}`,
        documentId: l.documentId,
        contractRef: l.contractRef,
        customerName: l.renterName,
        customerAddress: l.renterAddress,
        customerCompanyNumber: l.renterCompanyNumber,
        customerEmail: l.renterEmail,
        description: `Fine ${l.reference ?? ''} ${l.plate ?? ''} ${l.offenceAt ? formatBrusselsInstant(l.offenceAt).slice(0, 16).replace('T', ' ') : ''}`.replace(/\s+/g, ' ').trim(),
        fineReference: l.reference,
        plate: l.plate,
        offenceAt: instant(l.offenceAt),
        decidedAt: instant(l.processedAt),
        fineCents: l.fineCents,
        adminFeeCents: l.adminFeeCents,
        totalCents: total,
        fineEur: eurText(l.fineCents),
        adminFeeEur: eurText(l.adminFeeCents),
        totalEur: eurText(total),
        currency: 'EUR',
      };
    }),
  );
}
