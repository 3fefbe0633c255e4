// Every CSV the product writes goes through here (the export today, accounting files later), so a
// value that came from a mail or a client's CSV (a file name, an issuer reference, a contract ref, a
// renter's name) can never turn into a formula when someone opens the file in a spreadsheet.
//
// OWASP "CSV Injection" (owasp.org/www-community/attacks/CSV_Injection): no cell may begin with
// `=`, `+`, `-`, `@`, tab, carriage return or line feed; such a cell gets a single quote in front,
// which spreadsheets read as "this is text". Every text cell is also wrapped in double quotes with
// its own double quotes doubled (RFC 4180), so a separator (`,` or the `;` a Belgian Excel splits
// on) or a quote inside a value cannot start a new cell whose first character is a formula.
import { stringify } from 'csv-stringify/sync';

/** Characters that make a spreadsheet evaluate a cell (OWASP's list). */
const FORMULA_START = new Set(['=', '+', '-', '@', '\t', '\r', '\n']);
// Spaces and invisible characters a spreadsheet may skip before looking at the first character
// (LibreOffice's "trim spaces", a pasted zero-width space or BOM): "  =1+1" is treated like "=1+1".
const SKIPPABLE_LEAD = /^[\s\u00a0\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064\ufeff]*/u;

/** A text value made safe to be one spreadsheet cell: prefixed with `'` when it could start a formula. */
export function neutraliseCell(value: string): string {
  const first = value.slice(SKIPPABLE_LEAD.exec(value)?.[0].length ?? 0).charAt(0);
  const lead = value.charAt(0);
  return FORMULA_START.has(lead) || FORMULA_START.has(first) ? `'${value}` : value;
}

export type CsvValue = string | number | boolean | null | undefined;

/**
 * A whole CSV document: a header row of `columns`, then one line per row. Text cells are
 * neutralised and quoted; numbers (computed by us, never copied from input) are written as they are;
 * null and undefined are empty cells.
 */
export function formatCsv<C extends string>(columns: readonly C[], rows: readonly Record<C, CsvValue>[]): string {
  return stringify(rows as Record<string, CsvValue>[], {
    header: true,
    columns: [...columns],
    quoted_string: true,
    cast: {
      string: (value) => neutraliseCell(value),
      boolean: (value) => (value ? 'true' : 'false'),
    },
  });
}
