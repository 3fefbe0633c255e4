// One contract typed into the portal (to add it, or correct one on file): the same columns, the
// same validation and the same messages as a line of the contracts CSV (src/contracts/contract-csv.ts
// readRow), so "plate \"1-A\": expected a licence plate (2 to 12 letters and digits)" reads the
// same in both; only the file and line in front are left out. The client column is the user's own.
import { CONTRACT_COLUMNS, readHeader, readRow, type ContractRow } from '../contracts/contract-csv.js';
import { formatBrusselsInstant } from '../domain/brussels-time.js';

/** The form's fields: every CSV column but `client`. */
export const CONTRACT_FORM_FIELDS = CONTRACT_COLUMNS.filter((c) => c !== 'client');
export type ContractFormField = (typeof CONTRACT_FORM_FIELDS)[number];
export type ContractForm = Record<ContractFormField, string>;

/** What each field is called on the form, and how to fill it in (the CSV's rules, in words). */
export const CONTRACT_FORM_LABELS: Record<ContractFormField, { label: string; hint: string; required?: boolean }> = {
  contract_ref: { label: 'Contract reference', hint: 'the same reference as on file replaces that contract', required: true },
  plate: { label: 'Plate', hint: 'as on the car: 1-ABC-123 or 1ABC123', required: true },
  starts_at: { label: 'Starts at', hint: 'Brussels time, 2026-11-20T09:00', required: true },
  ends_at: { label: 'Ends at', hint: 'empty for an open contract', },
  fine_policy: { label: 'Fine policy', hint: 'redirect, recharge, or empty for your default' },
  renter_type: { label: 'Renter type', hint: 'person or company' },
  renter_name: { label: 'Renter name', hint: '' },
  renter_address: { label: 'Renter address', hint: 'street, number, postcode, town' },
  renter_birth_date: { label: 'Renter birth date', hint: 'YYYY-MM-DD; needed for a person' },
  renter_company_number: { label: 'Company number', hint: 'needed for a company' },
  renter_email: { label: 'Renter e-mail', hint: '' },
  admin_fee_cents: { label: 'Admin fee (cents)', hint: '1500 for € 15,00; empty for none' },
};

const FORM_NAME = 'contract';
// The layout of a file whose header is exactly the spec's columns: field i is column i.
const LAYOUT = readHeader([...CONTRACT_COLUMNS], FORM_NAME, 'utf-8', ',');

export function contractFormOf(body: unknown): ContractForm {
  const b = (body ?? {}) as Record<string, unknown>;
  return Object.fromEntries(CONTRACT_FORM_FIELDS.map((f) => [f, typeof b[f] === 'string' ? (b[f] as string) : ''])) as ContractForm;
}

/** The form as one CSV line of the user's client: a row, or the CSV's messages without "file line N, ". */
export function checkContractForm(values: ContractForm, clientCode: string): { ok: true; row: ContractRow } | { ok: false; problems: string[] } {
  const record = CONTRACT_COLUMNS.map((c) => (c === 'client' ? clientCode : values[c]));
  const result = readRow(record, 1, LAYOUT, FORM_NAME);
  if (result.ok === true) return { ok: true, row: result.row };
  if (result.ok === 'empty') return { ok: false, problems: ['contract_ref (empty): expected the contract reference'] };
  const where = `${FORM_NAME} line 1, `;
  return { ok: false, problems: result.problems.map((p) => (p.startsWith(where) ? p.slice(where.length) : p)) };
}

/** A contract on file as the form shows it, to correct it (times in Brussels time, as the CSV takes them). */
export function contractFormFrom(c: {
  contractRef: string; plate: string; startsAt: Date; endsAt: Date | null; finePolicy: string | null; renterType: string | null; renterName: string | null;
  renterAddress: string | null; renterBirthDate: string | null; renterCompanyNumber: string | null; renterEmail: string | null; adminFeeCents: number | null;
}): ContractForm {
  const local = (d: Date) => formatBrusselsInstant(d).slice(0, 16);
  return {
    contract_ref: c.contractRef,
    plate: c.plate,
    starts_at: local(c.startsAt),
    ends_at: c.endsAt ? local(c.endsAt) : '',
    fine_policy: c.finePolicy ?? '',
    renter_type: c.renterType ?? '',
    renter_name: c.renterName ?? '',
    renter_address: c.renterAddress ?? '',
    renter_birth_date: c.renterBirthDate ?? '',
    renter_company_number: c.renterCompanyNumber ?? '',
    renter_email: c.renterEmail ?? '',
    admin_fee_cents: c.adminFeeCents === null ? '' : String(c.adminFeeCents),
  };
}
