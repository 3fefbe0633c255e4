// The contract CSV (spec: header row, UTF-8, comma-separated). Every row is validated before any
// is imported: a file with one bad row imports nothing and says which line and field is wrong.
import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import { isIsoDate } from '../domain/calendar-date.js';
import { parseInstant } from '../domain/brussels-time.js';
import { normalisePlate } from '../domain/plate.js';
import { InputError } from '../errors.js';

export const CONTRACT_COLUMNS = [
  'client', 'contract_ref', 'plate', 'starts_at', 'ends_at', 'fine_policy', 'renter_type', 'renter_name',
  'renter_address', 'renter_birth_date', 'renter_company_number', 'renter_email', 'admin_fee_cents',
] as const;

const empty = (v: string) => v.trim() === '';
/** An optional CSV cell: empty means null, anything else must satisfy `schema`. */
const optional = <T extends z.ZodType<unknown, string>>(schema: T) =>
  z
    .string()
    .transform((v) => v.trim())
    .pipe(z.union([z.literal('').transform(() => null), schema]));

const instantField = z.string().transform((v, ctx) => {
  const d = parseInstant(v);
  if (!d) {
    ctx.addIssue({ code: 'custom', message: `"${v}" is not an ISO 8601 date-time` });
    return z.NEVER;
  }
  return d;
});

const rowSchema = z
  .object({
    client: z.string().trim().min(1, 'is empty'),
    contract_ref: z.string().trim().min(1, 'is empty'),
    plate: z
      .string()
      .transform(normalisePlate)
      .pipe(z.string().min(2, 'has no letters or digits').max(12, 'is too long for a plate')),
    starts_at: instantField,
    ends_at: optional(instantField),
    fine_policy: optional(z.enum(['redirect', 'recharge'], { message: 'must be "redirect", "recharge" or empty' })),
    renter_type: optional(z.enum(['person', 'company'], { message: 'must be "person", "company" or empty' })),
    renter_name: optional(z.string()),
    renter_address: optional(z.string()),
    renter_birth_date: optional(z.string().refine(isIsoDate, 'must be a date YYYY-MM-DD')),
    renter_company_number: optional(z.string()),
    renter_email: optional(z.email({ message: 'is not an e-mail address' })),
    admin_fee_cents: optional(z.string().regex(/^\d+$/, 'must be a whole number of cents').transform(Number)),
  })
  .refine((r) => r.ends_at === null || r.ends_at.getTime() > r.starts_at.getTime(), {
    message: 'must be after starts_at',
    path: ['ends_at'],
  });

export type ContractRow = z.infer<typeof rowSchema> & { line: number };

export function parseContractCsv(text: string, fileName: string): ContractRow[] {
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parse(text.replace(/^\uFEFF/, ''), {
      columns: (header: string[]) => {
        const cols = header.map((h) => h.trim().toLowerCase());
        const missing = CONTRACT_COLUMNS.filter((c) => !cols.includes(c));
        if (missing.length > 0) throw new InputError(`${fileName}: line 1: missing column(s) ${missing.join(', ')}`);
        return cols;
      },
      skip_empty_lines: true,
      info: true,
      relax_column_count: false,
    });
  } catch (error) {
    if (error instanceof InputError) throw error;
    const e = error as { message: string; lines?: number };
    throw new InputError(`${fileName}: ${e.lines ? `line ${e.lines}: ` : ''}${e.message}`);
  }
  const rows: ContractRow[] = [];
  const problems: string[] = [];
  const seen = new Map<string, number>();
  for (const { record, info } of records) {
    const line = info.lines;
    if (Object.values(record).every((v) => empty(v ?? ''))) continue;
    const result = rowSchema.safeParse(record);
    if (!result.success) {
      for (const issue of result.error.issues) problems.push(`line ${line}: ${issue.path.join('.') || 'row'} ${issue.message}`);
      continue;
    }
    const key = `${result.data.client}\u0000${result.data.contract_ref}`;
    const earlier = seen.get(key);
    if (earlier !== undefined) problems.push(`line ${line}: contract_ref ${result.data.contract_ref} already appears on line ${earlier}`);
    seen.set(key, line);
    rows.push({ ...result.data, line });
  }
  if (problems.length > 0) {
    const shown = problems.slice(0, 50);
    const more = problems.length > shown.length ? `\n  … and ${problems.length - shown.length} more` : '';
    throw new InputError(`${fileName}: nothing imported; fix these rows:\n  ${shown.join('\n  ')}${more}`);
  }
  return rows;
}
