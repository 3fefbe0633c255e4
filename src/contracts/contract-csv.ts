// The contract CSV (spec: header row, UTF-8, comma-separated), read the way clients really send it:
// exported from Excel with ";" as the separator (a Belgian Excel's list separator), in
// Windows-1252, with a byte-order mark, CRLF line ends, trailing empty rows. The file is read as a
// stream (csv-parse's stream API), so a 240,000-row file never sits in memory as a whole.
//
// Every error names the file, the line, the field, the value and what is allowed:
//   contracts.csv line 7, fine_policy "Redirect": expected redirect, recharge or empty
// Nothing is imported from a file with one bad row (see import-contracts.ts).
import { pipeline, Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';
import { z } from 'zod';
import { isIsoDate } from '../domain/calendar-date.js';
import { parseInstant } from '../domain/brussels-time.js';
import { normalisePlate } from '../domain/plate.js';
import { InputError } from '../errors.js';
import { decodeText, detectEncoding, EncodingSniffer, ENCODING_NAMES, type ByteSource, type CsvEncoding } from './csv-text.js';

/** The spec's columns, in the spec's order. */
export const CONTRACT_COLUMNS = [
  'client', 'contract_ref', 'plate', 'starts_at', 'ends_at', 'fine_policy', 'renter_type', 'renter_name',
  'renter_address', 'renter_birth_date', 'renter_company_number', 'renter_email', 'admin_fee_cents',
] as const;
/**
 * Instead of `admin_fee_cents` a file may have `admin_fee_eur`, in euros ("15,00" or "15.00"): what
 * a back office types in Excel. In `admin_fee_cents` itself "15,00" is refused, never guessed: read
 * as euros it would be 1500 cents, as cents 15 — a hundredfold error either way round.
 */
export const ADMIN_FEE_EUR = 'admin_fee_eur';
const SEPARATORS = [',', ';', '\t'] as const;
export type Separator = (typeof SEPARATORS)[number];
const SEPARATOR_NAMES: Record<Separator, string> = { ',': '","', ';': '";"', '\t': 'tab' };
/** A record larger than this is a quote that was never closed, not a contract. */
const MAX_RECORD_BYTES = 64 * 1024;

export type ContractRow = {
  line: number;
  client: string;
  contract_ref: string;
  plate: string;
  starts_at: Date;
  ends_at: Date | null;
  fine_policy: 'redirect' | 'recharge' | null;
  renter_type: 'person' | 'company' | null;
  renter_name: string | null;
  renter_address: string | null;
  renter_birth_date: string | null;
  renter_company_number: string | null;
  renter_email: string | null;
  admin_fee_cents: number | null;
};

// ---------------------------------------------------------------------------------------------
// Fields. Each schema's message is what is allowed; the caller puts file, line, field and value in
// front of it. Values arrive trimmed.

const EXPECTED_INSTANT = 'expected an ISO 8601 date-time such as 2026-11-20T09:00 (Brussels time) or 2026-11-20T09:00:00+01:00';
const LOCAL_NUMERIC_DATE = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[ T](\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?)?$/;
const pad = (s: string | undefined) => (s ?? '0').padStart(2, '0');

/** "20/11/2026 9:00" (how a Belgian Excel shows a date) → the ISO text meant, as a hint only. */
function isoHint(value: string): string | null {
  const m = LOCAL_NUMERIC_DATE.exec(value);
  if (!m) return null;
  const date = `${m[3]}-${pad(m[2])}-${pad(m[1])}`;
  if (!isIsoDate(date)) return null;
  return m[4] === undefined ? date : `${date}T${pad(m[4])}:${m[5]}${m[6] ? `:${m[6]}` : ''}`;
}

// A client's file repeats the same start and end moments many times, and turning a Brussels wall
// time into an instant is the costliest step of a row (time-zone rules): remember the last ones.
const instantCache = new Map<string, number | null>();
function cachedInstant(text: string): Date | null {
  let t = instantCache.get(text);
  if (t === undefined) {
    t = parseInstant(text)?.getTime() ?? null;
    if (instantCache.size >= 20_000) instantCache.clear();
    instantCache.set(text, t);
  }
  return t === null ? null : new Date(t);
}

const instant = z.string().transform((v, ctx) => {
  const d = cachedInstant(v);
  if (!d) {
    const hint = isoHint(v);
    ctx.addIssue({ code: 'custom', message: `${EXPECTED_INSTANT}${hint ? ` (did you mean ${hint}?)` : ''}` });
    return z.NEVER;
  }
  return d;
});

/** Empty means null; anything else must satisfy `schema`, whose own message says what is allowed. */
const optional = <T>(schema: z.ZodType<T, string>) =>
  z.string().transform((v, ctx): T | null => {
    if (v === '') return null;
    const r = schema.safeParse(v);
    if (r.success) return r.data;
    for (const issue of r.error.issues) ctx.addIssue({ code: 'custom', message: issue.message });
    return z.NEVER;
  });

const required = (message: string) => z.string().min(1, message);

const adminFeeCents = z.string().transform((v, ctx) => {
  if (/^\d{1,9}$/.test(v)) return Number(v);
  const euros = /^(?:€\s*)?(\d{1,7})[.,](\d{1,2})(?:\s*€)?$/.exec(v);
  const hint = euros ? ` (${Number(euros[1]) * 100 + Number((euros[2] ?? '').padEnd(2, '0'))} for € ${v.replace(/[€\s]/g, '')}; or name the column ${ADMIN_FEE_EUR} to give euros)` : '';
  ctx.addIssue({ code: 'custom', message: `expected a whole number of euro cents, or empty${hint}` });
  return z.NEVER;
});

const adminFeeEur = z.string().transform((v, ctx) => {
  const m = /^(?:€\s*)?(\d{1,7})(?:[.,](\d{1,2}))?(?:\s*€)?$/.exec(v);
  if (!m) {
    ctx.addIssue({ code: 'custom', message: 'expected an amount in euros such as 15,00 or 15.00, or empty' });
    return z.NEVER;
  }
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
});

const fields = {
  client: required('expected the code of a client that is set up'),
  contract_ref: required('expected the contract reference'),
  plate: z
    .string()
    .transform(normalisePlate)
    .pipe(z.string().min(2, 'expected a licence plate (2 to 12 letters and digits)').max(12, 'expected a licence plate (2 to 12 letters and digits)')),
  starts_at: instant,
  ends_at: optional(instant),
  fine_policy: optional(z.enum(['redirect', 'recharge'], { message: 'expected redirect, recharge or empty' })),
  renter_type: optional(z.enum(['person', 'company'], { message: 'expected person, company or empty' })),
  renter_name: optional(z.string()),
  renter_address: optional(z.string()),
  renter_birth_date: optional(
    z.string().transform((v, ctx) => {
      if (isIsoDate(v)) return v;
      const hint = isoHint(v);
      ctx.addIssue({ code: 'custom', message: `expected a date YYYY-MM-DD, or empty${hint && !hint.includes('T') ? ` (did you mean ${hint}?)` : ''}` });
      return z.NEVER;
    }),
  ),
  renter_company_number: optional(z.string()),
  renter_email: optional(z.email({ message: 'expected an e-mail address, or empty' })),
  admin_fee_cents: optional(adminFeeCents),
} satisfies Record<(typeof CONTRACT_COLUMNS)[number], z.ZodType>;

const rowSchema = z.object(fields);
const rowSchemaEur = z.object({ ...fields, admin_fee_cents: optional(adminFeeEur) });

/** How a value is quoted in a message: short, and with control characters visible. */
export function quoteValue(value: string): string {
  if (value === '') return '(empty)';
  const shown = value.length > 60 ? `${value.slice(0, 57)}…` : value;
  return JSON.stringify(shown);
}

// ---------------------------------------------------------------------------------------------
// The header.

export type CsvLayout = {
  encoding: CsvEncoding;
  separator: Separator;
  /** Field index of each spec column (admin_fee_cents: of whichever fee column the file has). */
  index: Record<(typeof CONTRACT_COLUMNS)[number], number>;
  feeInEuros: boolean;
  width: number;
};

const headerNames = (line: string, separator: string) =>
  line.split(separator).map((h) => h.trim().replace(/^"(.*)"$/, '$1').trim().toLowerCase());

const KNOWN = new Set<string>([...CONTRACT_COLUMNS, ADMIN_FEE_EUR]);

/** The separator that makes the most spec columns out of the first line (ties: "," first). */
export function detectSeparator(firstLine: string): Separator {
  let best: Separator = ',';
  let bestCount = -1;
  for (const sep of SEPARATORS) {
    const count = headerNames(firstLine, sep).filter((h) => KNOWN.has(h)).length;
    if (count > bestCount) [best, bestCount] = [sep, count];
  }
  return best;
}

const describeFile = (fileName: string, encoding: CsvEncoding, separator: Separator) =>
  `${fileName} (read as ${ENCODING_NAMES[encoding]}, separator ${SEPARATOR_NAMES[separator]})`;

/** Checks the header record and says where each column is, or throws naming what is wrong. */
export function readHeader(header: string[], fileName: string, encoding: CsvEncoding, separator: Separator): CsvLayout {
  const names = header.map((h) => h.replace(/^\uFEFF/, '').trim().toLowerCase());
  const where = `${describeFile(fileName, encoding, separator)} line 1`;
  const expected = `expected the columns ${CONTRACT_COLUMNS.join(',')} separated by "," or ";"`;
  if (!names.some((n) => KNOWN.has(n))) {
    throw new InputError(`${where}: no known column in the header ${quoteValue(header.join(separator))}; ${expected}`);
  }
  const twice = names.filter((n, i) => n !== '' && names.indexOf(n) !== i);
  if (twice.length > 0) throw new InputError(`${where}: column(s) ${[...new Set(twice)].join(', ')} appear more than once`);
  const feeInEuros = names.includes(ADMIN_FEE_EUR);
  if (feeInEuros && names.includes('admin_fee_cents')) {
    throw new InputError(`${where}: both admin_fee_cents and ${ADMIN_FEE_EUR}; keep one (cents, or euros such as 15,00)`);
  }
  const missing = CONTRACT_COLUMNS.filter((c) => !names.includes(c === 'admin_fee_cents' && feeInEuros ? ADMIN_FEE_EUR : c));
  if (missing.length > 0) {
    const found = names.filter((n) => n !== '').map((n) => (KNOWN.has(n) ? n : `${quoteValue(n)} (unknown)`));
    throw new InputError(`${where}: missing column(s) ${missing.join(', ')}; the header has ${found.join(', ')}; ${expected}`);
  }
  const index = Object.fromEntries(
    CONTRACT_COLUMNS.map((c) => [c, names.indexOf(c === 'admin_fee_cents' && feeInEuros ? ADMIN_FEE_EUR : c)]),
  ) as CsvLayout['index'];
  return { encoding, separator, index, feeInEuros, width: header.length };
}

// ---------------------------------------------------------------------------------------------
// Rows.

export type RowResult = { ok: true; row: ContractRow } | { ok: false; problems: string[] } | { ok: 'empty' };

/** One record (its fields as read) → a contract row, or what is wrong with it. */
export function readRow(fieldsRead: string[], line: number, layout: CsvLayout, fileName: string): RowResult {
  if (fieldsRead.every((f) => f.trim() === '')) return { ok: 'empty' }; // Excel's ";;;;" rows
  const at = `${fileName} line ${line}`;
  const extra = fieldsRead.slice(layout.width).filter((f) => f.trim() !== '');
  if (fieldsRead.length < layout.width || extra.length > 0) {
    return {
      ok: false,
      problems: [
        `${at}: ${fieldsRead.length} fields where the header has ${layout.width} (separator ${SEPARATOR_NAMES[layout.separator]}); a separator missing, or a value with a separator not in double quotes?`,
      ],
    };
  }
  const record = {} as Record<(typeof CONTRACT_COLUMNS)[number], string>;
  const problems: string[] = [];
  for (const c of CONTRACT_COLUMNS) {
    const value = (fieldsRead[layout.index[c]] ?? '').trim();
    if (value.includes('\u0000')) problems.push(`${at}, ${c} ${quoteValue(value)}: expected text without NUL characters`);
    record[c] = value;
  }
  const parsed = (layout.feeInEuros ? rowSchemaEur : rowSchema).safeParse(record);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] ?? '') as (typeof CONTRACT_COLUMNS)[number];
      const name = field === 'admin_fee_cents' && layout.feeInEuros ? ADMIN_FEE_EUR : field;
      problems.push(`${at}, ${name} ${quoteValue(record[field] ?? '')}: ${issue.message}`);
    }
  }
  if (problems.length > 0) return { ok: false, problems };
  const row = { ...(parsed.data as Omit<ContractRow, 'line'>), line };
  if (row.ends_at !== null && row.ends_at.getTime() <= row.starts_at.getTime()) {
    return { ok: false, problems: [`${at}, ends_at ${quoteValue(record.ends_at)}: expected a moment after starts_at ${quoteValue(record.starts_at)}, or empty`] };
  }
  return { ok: true, row };
}

// ---------------------------------------------------------------------------------------------
// The file, streamed.

/** csv-parse's error for a broken structure, as an InputError naming the line; others unchanged. */
function csvStructureError(error: unknown, where: string): unknown {
  const e = error as { code?: string; lines?: number; message: string };
  if (!e.code?.startsWith('CSV_')) return error;
  const line = e.lines ? ` line ${e.lines}` : '';
  const why =
    e.code === 'CSV_QUOTE_NOT_CLOSED' || e.code === 'CSV_MAX_RECORD_SIZE'
      ? 'a double quote (") opens a value that is never closed'
      : e.code === 'CSV_INVALID_CLOSING_QUOTE'
        ? 'a double quote (") inside a value that is not itself in double quotes (write it as "")'
        : e.message;
  return new InputError(`${where}${line}: ${why}; nothing imported`);
}

export type ReadEvent = { kind: 'row'; row: ContractRow } | { kind: 'problems'; problems: string[] };

/**
 * Streams the file's records: each is a valid row or the problems with it. A broken CSV structure
 * (a quote never closed) ends the stream with an InputError: after it, lines cannot be trusted.
 */
export async function* readContractCsv(source: ByteSource, encoding?: CsvEncoding): AsyncGenerator<ReadEvent, CsvLayout | null> {
  const enc = encoding ?? (await detectEncoding(source));
  const text = decodeText(source, enc);
  // The separator comes from the first line, so peek at it before the parser is set up.
  const head: string[] = [];
  let seen = '';
  let next = await text.next();
  while (!next.done) {
    head.push(next.value);
    seen += next.value;
    if (seen.includes('\n') || seen.length > MAX_RECORD_BYTES) break;
    next = await text.next();
  }
  if (seen.trim() === '') throw new InputError(`${source.name}: the file is empty; expected a header line with the columns ${CONTRACT_COLUMNS.join(',')}`);
  const separator = detectSeparator(seen.split(/\r?\n/, 1)[0] ?? '');
  const rest = async function* () {
    yield* head;
    if (next.done) return;
    yield* text;
  };
  const parser = parse({
    delimiter: separator,
    info: true,
    relax_column_count: true,
    skip_empty_lines: true,
    max_record_size: MAX_RECORD_BYTES,
  });
  pipeline(Readable.from(rest()), parser, () => undefined); // errors surface through the iteration below
  let layout: CsvLayout | null = null;
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      if (!layout) {
        layout = readHeader(record, source.name, enc, separator);
        continue;
      }
      const result = readRow(record, info.lines, layout, source.name);
      if (result.ok === true) yield { kind: 'row', row: result.row };
      else if (result.ok === false) yield { kind: 'problems', problems: result.problems };
    }
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw csvStructureError(error, describeFile(source.name, enc, separator));
  } finally {
    parser.destroy();
  }
  if (!layout) throw new InputError(`${source.name}: no header line; expected the columns ${CONTRACT_COLUMNS.join(',')}`);
  return layout;
}

/** FNV-1a twice (two seeds) over client and reference: a 53-bit number, exact in a double. */
function keyHash(client: string, ref: string): number {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  const mix = (code: number) => {
    a = Math.imul(a ^ code, 0x01000193);
    b = Math.imul(b ^ code, 0x01000193 + 0x1000);
  };
  for (let i = 0; i < client.length; i++) mix(client.charCodeAt(i));
  mix(0);
  for (let i = 0; i < ref.length; i++) mix(ref.charCodeAt(i));
  return (a >>> 0) * 0x200000 + ((b >>> 0) & 0x1fffff);
}

const duplicateProblem = (fileName: string, r: ContractRow, earlier: number) =>
  `${fileName} line ${r.line}, contract_ref ${quoteValue(r.contract_ref)}: expected once per client; already on line ${earlier}`;

export type CheckedFile = {
  name: string;
  encoding: CsvEncoding;
  separator: Separator;
  rows: number;
  /** Each client code the file names, with the first line naming it and how many rows do. */
  clients: Map<string, { line: number; rows: number }>;
};

/** Problems to show at most; the count of the rest is given. */
const SHOWN = 50;

export function problemsError(fileName: string, problems: readonly string[], total = problems.length): InputError {
  const more = total > problems.length ? `\n  … and ${total - problems.length} more` : '';
  return new InputError(`${fileName}: nothing imported; ${total} problem(s):\n  ${problems.join('\n  ')}${more}`);
}

/**
 * The validating pass: reads the whole file once, keeps nothing but the keys it has seen, and
 * throws an InputError listing every problem (the first 50) when there is any.
 */
export async function checkContractCsv(source: ByteSource): Promise<CheckedFile> {
  const encoding = await detectEncoding(source);
  const problems: string[] = [];
  let total = 0;
  const add = (p: string) => {
    total += 1;
    if (problems.length < SHOWN) problems.push(p);
  };
  // Duplicate keys: 240,000 key strings in a Map cost ~100 MB of heap, so the pass keeps a 53-bit
  // hash of each key; a hash seen twice is only a suspect, settled exactly by a second, rarer pass.
  const hashes = new Set<number>();
  const suspects = new Set<number>();
  const clients = new Map<string, { line: number; rows: number }>();
  let rows = 0;
  const events = readContractCsv(source, encoding);
  let layout: CsvLayout | null = null;
  for (;;) {
    const next = await events.next();
    if (next.done) {
      layout = next.value;
      break;
    }
    const event = next.value;
    if (event.kind === 'problems') {
      event.problems.forEach(add);
      continue;
    }
    const r = event.row;
    rows += 1;
    const h = keyHash(r.client, r.contract_ref);
    if (hashes.has(h)) suspects.add(h);
    else hashes.add(h);
    const c = clients.get(r.client);
    if (c) c.rows += 1;
    else clients.set(r.client, { line: r.line, rows: 1 });
  }
  hashes.clear();
  if (suspects.size > 0) {
    const seen = new Map<string, number>();
    for await (const event of readContractCsv(source, encoding)) {
      if (event.kind !== 'row' || !suspects.has(keyHash(event.row.client, event.row.contract_ref))) continue;
      const key = `${event.row.client}\u0000${event.row.contract_ref}`;
      const earlier = seen.get(key);
      if (earlier !== undefined) add(duplicateProblem(source.name, event.row, earlier));
      else seen.set(key, event.row.line);
    }
  }
  if (total > 0) throw problemsError(source.name, problems, total);
  return { name: source.name, encoding, separator: layout?.separator ?? ',', rows, clients };
}

/** The unknown-client problems of a checked file, given the codes that are set up. */
export function unknownClientProblems(checked: CheckedFile, knownCodes: readonly string[]): string[] {
  const known = new Set(knownCodes);
  const list = knownCodes.length === 0 ? 'no client is set up yet (boete setup import)' : `set up: ${knownCodes.slice(0, 10).join(', ')}${knownCodes.length > 10 ? ', …' : ''}`;
  return [...checked.clients]
    .filter(([code]) => !known.has(code))
    .map(([code, { line, rows }]) => `${checked.name} line ${line}, client ${quoteValue(code)}: expected a client that is set up (${list})${rows > 1 ? `; ${rows} rows name it` : ''}`);
}

export function describeChecked(checked: Pick<CheckedFile, 'name' | 'encoding' | 'separator'>): string {
  return describeFile(checked.name, checked.encoding, checked.separator);
}

/**
 * Every row of a small CSV held in memory (tests, fixtures), validated as a whole: the same header
 * and row rules as the streamed file, or one InputError with every problem.
 */
export function parseContractCsv(input: string | Uint8Array, fileName: string): ContractRow[] {
  let text: string;
  let encoding: CsvEncoding = 'utf-8';
  if (typeof input === 'string') text = input.replace(/^\uFEFF/, '');
  else {
    const sniffer = new EncodingSniffer(fileName);
    encoding = sniffer.feed(input) ?? sniffer.end();
    text = new TextDecoder(encoding).decode(input);
  }
  const separator = detectSeparator(text.split(/\r?\n/, 1)[0] ?? '');
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parseSync(text, { delimiter: separator, info: true, relax_column_count: true, skip_empty_lines: true }) as unknown as typeof records;
  } catch (error) {
    throw csvStructureError(error, describeFile(fileName, encoding, separator));
  }
  const [header, ...body] = records;
  if (!header) throw new InputError(`${fileName}: the file is empty; expected a header line with the columns ${CONTRACT_COLUMNS.join(',')}`);
  const layout = readHeader(header.record, fileName, encoding, separator);
  const rows: ContractRow[] = [];
  const problems: string[] = [];
  const seen = new Map<string, number>();
  for (const { record, info } of body) {
    const result = readRow(record, info.lines, layout, fileName);
    if (result.ok === 'empty') continue;
    if (result.ok === false) {
      problems.push(...result.problems);
      continue;
    }
    const key = `${result.row.client}\u0000${result.row.contract_ref}`;
    const earlier = seen.get(key);
    if (earlier !== undefined) problems.push(duplicateProblem(fileName, result.row, earlier));
    else seen.set(key, result.row.line);
    rows.push(result.row);
  }
  if (problems.length > 0) throw problemsError(fileName, problems.slice(0, SHOWN), problems.length);
  return rows;
}
