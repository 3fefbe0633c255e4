// The per-client CSV files of the decisions (src/outputs/output-csv.ts), from the stored facts:
// the redirects decided on one Brussels day, and the accounting file of a period — the recharges
// whose dispute window closed in it without a dispute (src/domain/outputs.ts rechargeBooking).
// Both follow the current assessment: a recharge that an operator's re-assessment turned into a
// redirect leaves the accounting file, and a redirect list names the current version's pack only.
// A dispute can only be marked while the window is open, and a line's booking date is fixed by its
// decision time and the window (a re-assessment is a new decision time).
import type { Database } from '../db/database.js';
import { decidedRows, outputsByDocument, senderFacts } from '../db/output-store.js';
import { brusselsInstant } from '../domain/brussels-time.js';
import { addCalendarDays, type IsoDate } from '../domain/calendar-date.js';
import { rechargeTotalCents } from '../domain/decision.js';
import { authorityFamily, rechargeBooking } from '../domain/outputs.js';
import { findClient } from '../clients/client-data.js';
import { accountingCsv, redirectCsv, type AccountingLine, type RedirectLine } from '../outputs/output-csv.js';
import type { ExtractedFields } from '../reading/fields.js';

export async function redirectListCsv(db: Database, clientCode: string, day: IsoDate): Promise<{ csv: string; lines: number }> {
  const client = await findClient(db, clientCode);
  const rows = await decidedRows(db, client.id, 'redirect', brusselsInstant(day), brusselsInstant(addCalendarDays(day, 1)));
  const outputs = await outputsByDocument(db, rows.map((r) => r.documentId));
  const lines: RedirectLine[] = rows.map((r) => {
    // The pack of the current decision only: a superseded one (an earlier version's) is never offered to file.
    const pack = outputs.get(r.documentId)?.find((o) => o.kind === 'redirect_pack' && o.current) ?? null;
    return {
      documentId: r.documentId,
      processedAt: r.processedAt!,
      reference: r.reference,
      plate: r.plate,
      offenceAt: r.offenceAt,
      redirectDeadline: r.redirectDeadline,
      authority: authorityFamily(senderFacts(r.fields as ExtractedFields | null)),
      contractRef: r.contractRef,
      contractStart: r.startsAt,
      contractEnd: r.endsAt,
      renterType: r.renterType,
      renterName: r.renterName,
      renterAddress: r.renterAddress,
      renterBirthDate: r.renterBirthDate,
      renterCompanyNumber: r.renterCompanyNumber,
      packFilename: pack?.filename ?? null,
      packSha256: pack?.sha256 ?? null,
    };
  });
  return { csv: redirectCsv(lines), lines: lines.length };
}

/** Recharges booked from `from` through `to` (Brussels days, both included), as of `now`. */
export async function accountingFileCsv(db: Database, clientCode: string, from: IsoDate, to: IsoDate, now: Date): Promise<{ csv: string; lines: number; inWindow: number; disputed: number }> {
  const client = await findClient(db, clientCode);
  const start = brusselsInstant(from);
  const end = brusselsInstant(addCalendarDays(to, 1));
  const windowMs = client.disputeWindowHours * 3_600_000;
  // Decided up to one window before the period: their window may close inside it.
  const rows = await decidedRows(db, client.id, 'recharge', new Date(start.getTime() - windowMs), end);
  const lines: AccountingLine[] = [];
  let inWindow = 0;
  let disputed = 0;
  for (const r of rows) {
    const booking = rechargeBooking(r.processedAt!, client.disputeWindowHours, r.disputedAt, now);
    if (booking.bookableAt < start || booking.bookableAt >= end) continue;
    if (booking.state === 'in_window') inWindow += 1;
    if (booking.state === 'disputed') disputed += 1;
    if (booking.state !== 'booked') continue;
    lines.push({
      documentId: r.documentId,
      bookedAt: booking.bookableAt,
      processedAt: r.processedAt!,
      contractRef: r.contractRef,
      renterName: r.renterName,
      renterAddress: r.renterAddress,
      renterCompanyNumber: r.renterCompanyNumber,
      renterEmail: r.renterEmail,
      reference: r.reference,
      plate: r.plate,
      offenceAt: r.offenceAt,
      // The decision stored the total (fine + fee) and the fee; the fine's amount is what was read.
      fineCents: r.amountCents ?? (r.rechargeAmountCents ?? 0) - (r.adminFeeCents ?? 0),
      adminFeeCents: r.adminFeeCents ?? 0,
      totalCents: r.rechargeAmountCents ?? rechargeTotalCents(r.amountCents ?? 0, r.adminFeeCents ?? 0),
    });
  }
  return { csv: accountingCsv(lines), lines: lines.length, inWindow, disputed };
}
