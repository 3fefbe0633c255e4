// The contract CSV as a Belgian back office exports it from Excel: ";" or ",", Windows-1252 or
// UTF-8 (with or without a byte-order mark), CRLF, empty rows — and every error naming the file,
// line, field, value and what is allowed.
import { describe, expect, it } from 'vitest';
import { checkContractCsv, parseContractCsv, readContractCsv, type ContractRow } from '../../src/contracts/contract-csv.js';
import { bytesSource, detectEncoding } from '../../src/contracts/csv-text.js';
import { InputError } from '../../src/errors.js';

const HEADER = 'client,contract_ref,plate,starts_at,ends_at,fine_policy,renter_type,renter_name,renter_address,renter_birth_date,renter_company_number,renter_email,admin_fee_cents';
const ROW = 'acme,AC-1,1-ABC-123,2026-01-01T08:00,,redirect,person,Françoise Müller,"Kerkstraat 1, 2000 Antwerpen",1985-04-12,,f@example.be,1500';
const semicolon = (line: string) => line.replace(/,(?![^"]*"(?:[^"]*"[^"]*")*[^"]*$)/g, ';');

/** Windows-1252 bytes (every character used here is Latin-1). */
const cp1252 = (text: string) => Buffer.from(text, 'latin1');

function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as Error).message;
  }
  throw new Error('expected an InputError');
}

async function asyncErrorOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as Error).message;
  }
  throw new Error('expected an InputError');
}

const one = (rows: ContractRow[]) => {
  expect(rows).toHaveLength(1);
  return rows[0]!;
};

describe('separators and encodings', () => {
  it('reads the spec file: comma-separated UTF-8', () => {
    const r = one(parseContractCsv(`${HEADER}\n${ROW}\n`, 'contracts.csv'));
    expect(r).toMatchObject({ client: 'acme', plate: '1ABC123', renter_name: 'Françoise Müller', renter_address: 'Kerkstraat 1, 2000 Antwerpen', admin_fee_cents: 1500 });
  });

  it('reads a Belgian Excel export: ";" separated, Windows-1252, CRLF, trailing empty rows', async () => {
    const bytes = cp1252(`${semicolon(HEADER)}\r\n${semicolon(ROW)}\r\n;;;;;;;;;;;;\r\n`);
    expect(await detectEncoding(bytesSource('contracts.csv', bytes))).toBe('windows-1252');
    const r = one(parseContractCsv(bytes, 'contracts.csv'));
    expect(r.renter_name).toBe('Françoise Müller');
    expect(r.renter_address).toBe('Kerkstraat 1, 2000 Antwerpen');
    const checked = await checkContractCsv(bytesSource('contracts.csv', bytes));
    expect(checked).toMatchObject({ encoding: 'windows-1252', separator: ';', rows: 1 });
  });

  it('reads UTF-8 with a byte-order mark ("CSV UTF-8" in Excel)', async () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${semicolon(HEADER)}\r\n${semicolon(ROW)}\r\n`)]);
    expect(one(parseContractCsv(bytes, 'c.csv')).renter_name).toBe('Françoise Müller');
    expect(await checkContractCsv(bytesSource('c.csv', bytes))).toMatchObject({ encoding: 'utf-8', separator: ';' });
  });

  it('reads UTF-16 with a byte-order mark ("Unicode text"), tab-separated', async () => {
    const text = `\ufeff${HEADER.replace(/,/g, '\t')}\r\n${ROW.replace('"Kerkstraat 1, 2000 Antwerpen"', 'Kerkstraat 1, 2000 Antwerpen').replace(/,(?! 2000)/g, '\t')}\r\n`;
    const source = bytesSource('c.txt', Buffer.from(text, 'utf16le'));
    expect(await checkContractCsv(source)).toMatchObject({ encoding: 'utf-16le', separator: '\t', rows: 1 });
    const rows: ContractRow[] = [];
    for await (const e of readContractCsv(source)) if (e.kind === 'row') rows.push(e.row);
    expect(rows[0]?.renter_name).toBe('Françoise Müller');
  });

  it('refuses a file with a UTF-8 mark that is not UTF-8, saying how to save it', async () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), cp1252(`${HEADER}\n${ROW}\n`)]);
    expect(await asyncErrorOf(checkContractCsv(bytesSource('c.csv', bytes)))).toMatch(/c\.csv: starts with a UTF-8 byte-order mark but is not UTF-8.*CSV UTF-8/);
  });

  it('names the separator it read when the header is not recognised, instead of listing all 13 columns', () => {
    expect(errorOf(() => parseContractCsv(`${HEADER.replace(/,/g, '|')}\n`, 'c.csv'))).toMatch(
      /^c\.csv \(read as UTF-8, separator ","\) line 1: no known column in the header "client\|contract_ref\|/,
    );
  });

  it('lists only the columns that are really missing', () => {
    const message = errorOf(() => parseContractCsv(`${HEADER.replace(',renter_email', ',renter_mail')}\n`, 'c.csv'));
    expect(message).toMatch(/line 1: missing column\(s\) renter_email; the header has .*"renter_mail" \(unknown\)/);
  });
});

describe('every error names file, line, field, value and what is allowed', () => {
  const withField = (field: string, value: string) => {
    const cells = ROW.replace('"Kerkstraat 1, 2000 Antwerpen"', 'Kerkstraat 1').split(',');
    cells[HEADER.split(',').indexOf(field)] = value;
    return `${HEADER}\n${ROW.replace('AC-1', 'AC-0')}\n${cells.join(',')}\n`;
  };

  it.each([
    ['fine_policy', 'Redirect', 'contracts.csv line 3, fine_policy "Redirect": expected redirect, recharge or empty'],
    ['renter_type', 'Person', 'contracts.csv line 3, renter_type "Person": expected person, company or empty'],
    ['ends_at', '31/12/2026', 'contracts.csv line 3, ends_at "31/12/2026": expected an ISO 8601 date-time such as 2026-11-20T09:00 (Brussels time) or 2026-11-20T09:00:00+01:00 (did you mean 2026-12-31?)'],
    ['ends_at', '2025-06-01', 'contracts.csv line 3, ends_at "2025-06-01": expected a moment after starts_at "2026-01-01T08:00", or empty'],
    ['starts_at', '20/11/2026 9:05', 'contracts.csv line 3, starts_at "20/11/2026 9:05": expected an ISO 8601 date-time such as 2026-11-20T09:00 (Brussels time) or 2026-11-20T09:00:00+01:00 (did you mean 2026-11-20T09:05?)'],
    ['admin_fee_cents', '"15,00"', 'contracts.csv line 3, admin_fee_cents "15,00": expected a whole number of euro cents, or empty (1500 for € 15,00; or name the column admin_fee_eur to give euros)'],
    ['admin_fee_cents', 'vijftien', 'contracts.csv line 3, admin_fee_cents "vijftien": expected a whole number of euro cents, or empty'],
    ['renter_birth_date', '12/04/1985', 'contracts.csv line 3, renter_birth_date "12/04/1985": expected a date YYYY-MM-DD, or empty (did you mean 1985-04-12?)'],
    ['renter_email', 'jan at example.be', 'contracts.csv line 3, renter_email "jan at example.be": expected an e-mail address, or empty'],
    ['plate', '-', 'contracts.csv line 3, plate "-": expected a licence plate (2 to 12 letters and digits)'],
    ['client', '', 'contracts.csv line 3, client (empty): expected the code of a client that is set up'],
  ])('%s %s', (field, value, expected) => {
    const message = errorOf(() => parseContractCsv(withField(field, value), 'contracts.csv'));
    expect(message).toContain('contracts.csv: nothing imported; 1 problem(s):');
    expect(message).toContain(`\n  ${expected}`);
  });

  it('reports every bad field of every row, not just the first', () => {
    const bad = `${HEADER}\nacme,AC-1,1ABC123,2026-01-01,,Redirect,Person,,,,,,15,00\nacme,AC-2,1ABC124,gisteren,,,,,,,,,\n`;
    const message = errorOf(() => parseContractCsv(bad, 'c.csv'));
    expect(message).toContain('c.csv line 2: 14 fields where the header has 13 (separator ",")');
    expect(message).toContain('c.csv line 3, starts_at "gisteren"');
  });

  it('names both lines of a contract that appears twice', async () => {
    const text = `${HEADER}\n${ROW}\n${ROW}\n`;
    expect(errorOf(() => parseContractCsv(text, 'c.csv'))).toContain('c.csv line 3, contract_ref "AC-1": expected once per client; already on line 2');
    expect(await asyncErrorOf(checkContractCsv(bytesSource('c.csv', text)))).toContain('c.csv line 3, contract_ref "AC-1": expected once per client; already on line 2');
  });

  it('stops at a quote that is never closed, naming its line, without reading the rest into memory', async () => {
    const text = `${HEADER}\n${ROW}\nacme,AC-2,1ABC124,2026-01-01,,,,"Jan,Kerkstraat\n${'acme,AC-3,1ABC125,2026-01-01,,,,,,,,,\n'.repeat(5000)}`;
    expect(await asyncErrorOf(checkContractCsv(bytesSource('c.csv', text)))).toMatch(/c\.csv \(read as UTF-8, separator ","\) line \d+: a double quote \(\"\) opens a value that is never closed; nothing imported/);
  });

  it('refuses NUL characters, which PostgreSQL cannot store', () => {
    expect(errorOf(() => parseContractCsv(`${HEADER}\n${ROW.replace('Françoise', 'Fran\u0000çoise')}\n`, 'c.csv'))).toContain('renter_name "Fran\\u0000çoise Müller": expected text without NUL characters');
  });

  it('caps the list at 50 problems and counts the rest', async () => {
    const text = `${HEADER}\n${Array.from({ length: 120 }, (_, i) => `acme,AC-${i},1ABC123,nooit,,,,,,,,,`).join('\n')}\n`;
    const message = await asyncErrorOf(checkContractCsv(bytesSource('c.csv', text)));
    expect(message).toContain('nothing imported; 120 problem(s)');
    expect(message).toContain('… and 70 more');
  });
});

describe('admin fee', () => {
  it('takes euros from a column named admin_fee_eur ("15,00", "15.00", "15")', () => {
    const header = HEADER.replace('admin_fee_cents', 'admin_fee_eur');
    const rows = parseContractCsv(`${semicolon(header)}\nacme;A1;1ABC121;2026-01-01;;;;;;;;;15,00\nacme;A2;1ABC122;2026-01-01;;;;;;;;;7.5\nacme;A3;1ABC123;2026-01-01;;;;;;;;;€ 20\n`, 'c.csv');
    expect(rows.map((r) => r.admin_fee_cents)).toEqual([1500, 750, 2000]);
  });

  it('refuses a file with both fee columns', () => {
    expect(errorOf(() => parseContractCsv(`${HEADER},admin_fee_eur\n`, 'c.csv'))).toContain('both admin_fee_cents and admin_fee_eur');
  });
});

describe('streaming', () => {
  it('gives the same rows as the in-memory reader', async () => {
    const text = `${semicolon(HEADER)}\r\n${Array.from({ length: 3000 }, (_, i) => semicolon(ROW.replace('AC-1', `AC-${i}`))).join('\r\n')}\r\n`;
    const bytes = cp1252(text);
    // Fed in awkward pieces: a chunk boundary inside a multi-byte or quoted value must not matter.
    const source = {
      name: 'c.csv',
      open: async function* () {
        for (let i = 0; i < bytes.length; i += 977) yield bytes.subarray(i, i + 977);
      },
    };
    const streamed: ContractRow[] = [];
    for await (const e of readContractCsv(source)) if (e.kind === 'row') streamed.push(e.row);
    expect(streamed).toEqual(parseContractCsv(bytes, 'c.csv'));
    expect(streamed).toHaveLength(3000);
  });
});
