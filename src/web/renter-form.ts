// The renter data a client fills in for one document (the portal's form): the contract CSV's renter
// columns, validated with zod, each message naming the field, the value and what is expected. A
// redirect needs the renter complete (src/domain/decision.ts decides what that means), so an
// incomplete form is refused with what is still needed rather than stored half.
import { z } from 'zod';
import { isIsoDate, type IsoDate } from '../domain/calendar-date.js';
import { missingRenterFields, type RenterField } from '../domain/decision.js';
import type { RenterValues } from '../db/portal-store.js';
import { quoteValue } from '../contracts/contract-csv.js';

export const RENTER_FORM_FIELDS = ['renter_type', 'renter_name', 'renter_address', 'renter_birth_date', 'renter_company_number', 'renter_email'] as const;
export type RenterForm = Record<(typeof RENTER_FORM_FIELDS)[number], string>;

const text = (max: number, what: string) => z.string().trim().max(max, `expected ${what} of at most ${max} characters`);
const optionalText = (max: number, what: string) => text(max, what).transform((v) => (v === '' ? null : v));

const schema = z.object({
  renter_type: z.enum(['person', 'company'], { message: 'expected person or company' }),
  renter_name: optionalText(200, 'a name'),
  renter_address: optionalText(300, 'an address'),
  renter_birth_date: z
    .string()
    .trim()
    .transform((v, ctx) => {
      if (v === '') return null;
      const dmy = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(v);
      const iso = dmy ? `${dmy[3]}-${dmy[2]!.padStart(2, '0')}-${dmy[1]!.padStart(2, '0')}` : v;
      if (!isIsoDate(iso)) {
        ctx.addIssue({ code: 'custom', message: 'expected a date YYYY-MM-DD (or DD/MM/YYYY)' });
        return z.NEVER;
      }
      return iso as IsoDate;
    }),
  renter_company_number: optionalText(40, 'a company number'),
  renter_email: z
    .string()
    .trim()
    .transform((v, ctx) => {
      if (v === '') return null;
      if (!z.email().safeParse(v).success) {
        ctx.addIssue({ code: 'custom', message: 'expected an e-mail address, or empty' });
        return z.NEVER;
      }
      return v;
    }),
});

const FIELD_OF: Record<RenterField, (typeof RENTER_FORM_FIELDS)[number]> = {
  type: 'renter_type',
  name: 'renter_name',
  address: 'renter_address',
  birthDate: 'renter_birth_date',
  companyNumber: 'renter_company_number',
};
const NEEDED: Record<RenterField, string> = {
  type: 'expected person or company',
  name: "expected the renter's name",
  address: "expected the renter's address",
  birthDate: 'expected the birth date of a person (YYYY-MM-DD)',
  companyNumber: 'expected the company number of a company (e.g. BE0123456789)',
};

export type RenterProblem = { field: string; message: string };

/** The form's values → renter data, or the problems: `renter_birth_date "12-31-1985": expected …`. */
export function parseRenterForm(form: RenterForm): { ok: true; renter: RenterValues } | { ok: false; problems: RenterProblem[] } {
  const parsed = schema.safeParse(form);
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map((i) => {
        const field = String(i.path[0] ?? '') as keyof RenterForm;
        return { field, message: `${field} ${quoteValue(form[field] ?? '')}: ${i.message}` };
      }),
    };
  }
  const v = parsed.data;
  const renter: RenterValues = {
    type: v.renter_type,
    name: v.renter_name,
    address: v.renter_address,
    // Only what belongs to the type is kept: a company has no birth date, a person no company number.
    birthDate: v.renter_type === 'person' ? v.renter_birth_date : null,
    companyNumber: v.renter_type === 'company' ? v.renter_company_number : null,
    email: v.renter_email,
  };
  const missing = missingRenterFields(renter);
  if (missing.length > 0) {
    return { ok: false, problems: missing.map((f) => ({ field: FIELD_OF[f], message: `${FIELD_OF[f]} ${quoteValue(form[FIELD_OF[f]] ?? '')}: ${NEEDED[f]}` })) };
  }
  return { ok: true, renter };
}

export const renterFormOf = (body: unknown): RenterForm =>
  Object.fromEntries(RENTER_FORM_FIELDS.map((f) => [f, typeof (body as Record<string, unknown> | null)?.[f] === 'string' ? ((body as Record<string, string>)[f] as string) : ''])) as RenterForm;
