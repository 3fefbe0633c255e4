// The third first-sight batch renders, and every hand-written truth value can be found on its letter:
// each date is printed (in one of the ways issuers print dates) or is the letter's own date plus a
// period the letter states; the offence time and the amount are printed. This checks the truth against
// the letters, not the reader (which never runs here).
import { PDFParse } from 'pdf-parse';
import { describe, expect, it } from 'vitest';
import { FIRST_SIGHT_3_LAYOUTS, FIRST_SIGHT_3_LETTERS } from '../../fixtures/first-sight-3/index.js';

const MONTHS: Record<string, string[]> = {
  nl: ['januari', 'februari', 'maart', 'april', 'mei', 'juni', 'juli', 'augustus', 'september', 'oktober', 'november', 'december'],
  fr: ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'],
  de: ['Januar', 'Februar', 'März', 'April', 'Mai', 'Juni', 'Juli', 'August', 'September', 'Oktober', 'November', 'Dezember'],
  en: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
};
// French day numbers in words, as the parquet letters write offence dates.
const FR_DAYS = ['', 'premier', 'deux', 'trois', 'quatre', 'cinq', 'six', 'sept', 'huit', 'neuf', 'dix', 'onze', 'douze', 'treize', 'quatorze', 'quinze', 'seize', 'dix-sept', 'dix-huit', 'dix-neuf', 'vingt', 'vingt et un', 'vingt-deux', 'vingt-trois', 'vingt-quatre', 'vingt-cinq', 'vingt-six', 'vingt-sept', 'vingt-huit', 'vingt-neuf', 'trente', 'trente et un'];

function spellings(iso: string): string[] {
  const [y, m, d] = iso.split('-') as [string, string, string];
  const day = Number(d);
  const month = Number(m) - 1;
  const out = [`${d}/${m}/${y}`, `${d}.${m}.${y}`, `${d}-${m}-${y}`];
  for (const names of Object.values(MONTHS)) out.push(`${day} ${names[month]} ${y}`, `${day}. ${names[month]} ${y}`);
  if (day === 1) out.push(`1er ${MONTHS.fr![month]} ${y}`);
  out.push(`${FR_DAYS[day]} ${MONTHS.fr![month]} deux mille vingt-six`);
  return out;
}

function addDays(iso: string, n: number): string {
  const t = new Date(`${iso}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + n);
  return t.toISOString().slice(0, 10);
}
function addMonths(iso: string, n: number): string {
  const t = new Date(`${iso}T00:00:00Z`);
  t.setUTCMonth(t.getUTCMonth() + n);
  return t.toISOString().slice(0, 10);
}

// Periods the letters state, counted from the letter's own date.
const PERIODS: Array<[RegExp, (iso: string) => string]> = [
  [/\b10 jours\b/, (d) => addDays(d, 10)],
  [/\b8 dagen\b/, (d) => addDays(d, 8)],
  [/\b7 dagen\b/, (d) => addDays(d, 7)],
  [/\b14 dagen\b/, (d) => addDays(d, 14)],
  [/\b15 dagen\b/, (d) => addDays(d, 15)],
  [/quinze jours/, (d) => addDays(d, 15)],
  [/trente jours/, (d) => addDays(d, 30)],
  [/d'un mois/, (d) => addMonths(d, 1)],
  [/vier Wochen/, (d) => addDays(d, 28)],
  [/14 days/, (d) => addDays(d, 14)],
  [/28 days/, (d) => addDays(d, 28)],
];

function timeSpellings(hh: number, mm: string): string[] {
  const h2 = String(hh).padStart(2, '0');
  const h12 = hh % 12 === 0 ? 12 : hh % 12;
  return [`${h2}:${mm}`, `${hh}:${mm} Uhr`, `${h2}h${mm}`, `${hh}h${mm}`, `${h2}.${mm}`, `${h2}u${mm}`, `${h12}:${mm} ${hh < 12 ? 'am' : 'pm'}`];
}

function amountSpellings(cents: number): string[] {
  const euros = Math.floor(cents / 100);
  const c = String(cents % 100).padStart(2, '0');
  const grouped = euros.toLocaleString('de-DE');
  return [`${grouped},${c}`, `€${euros}.${c}`, ...(c === '00' ? [`${euros},-`, `${euros},–`] : [])];
}

const rendered = Promise.all(
  FIRST_SIGHT_3_LETTERS.map(async (letter) => {
    const data = await letter.renderPdf();
    const parser = new PDFParse({ data: new Uint8Array(data) });
    try {
      const r = await parser.getText();
      return { letter, data, text: r.text.replace(/\s+/g, ' ') };
    } finally {
      await parser.destroy();
    }
  }),
);

describe('first-sight batch 3', () => {
  it('has 30 letters over 10 layouts with unique ids', () => {
    expect(FIRST_SIGHT_3_LETTERS).toHaveLength(30);
    expect(FIRST_SIGHT_3_LAYOUTS).toHaveLength(10);
    expect(new Set(FIRST_SIGHT_3_LETTERS.map((l) => l.truth.id)).size).toBe(30);
  });

  it('renders every letter to a PDF with a text layer', async () => {
    for (const { letter, data, text } of await rendered) {
      expect(data.subarray(0, 5).toString('latin1'), letter.truth.id).toBe('%PDF-');
      expect(text.length, letter.truth.id).toBeGreaterThan(500);
    }
  });

  it('keeps the truth self-consistent', () => {
    for (const { truth: t } of FIRST_SIGHT_3_LETTERS) {
      if (!t.redirectDeadlineComputable) expect(t.redirectDeadline, t.id).toBeNull();
      if (t.kind === 'identification_request') {
        expect(t.amountCents, t.id).toBeNull();
        expect(t.dueDate, t.id).toBeNull();
      }
      if (t.plate !== null) expect(t.plate, t.id).toMatch(/^[A-Z0-9]+$/);
      expect(t.offenceAt, t.id).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:00\+0[12]:00$/);
      expect(t.id.startsWith(`${t.layout}-`), t.id).toBe(true);
    }
  });

  it('finds every truth value on its letter (printed, or the letter date plus a stated period)', async () => {
    for (const { letter, text } of await rendered) {
      const t = letter.truth;
      const squash = text.toUpperCase().replace(/[^A-Z0-9]/g, '');
      if (t.plate) expect(squash, `${t.id} plate`).toContain(t.plate);
      if (t.reference) expect(text, `${t.id} reference`).toContain(t.reference);
      expect(t.documentDate, t.id).not.toBeNull();
      const doc = t.documentDate!;
      expect(spellings(doc).some((s) => text.includes(s)), `${t.id} documentDate ${doc} printed`).toBe(true);
      for (const field of ['dueDate', 'redirectDeadline'] as const) {
        const v = t[field];
        if (v === null) continue;
        const printed = spellings(v).some((s) => text.includes(s));
        const derived = PERIODS.some(([re, add]) => re.test(text) && add(doc) === v);
        expect(printed || derived, `${t.id} ${field} ${v}`).toBe(true);
      }
      const [day, time] = t.offenceAt!.split('T') as [string, string];
      expect(spellings(day).some((s) => text.includes(s)), `${t.id} offence date ${day}`).toBe(true);
      const [hh, mm] = time.split(':') as [string, string];
      expect(timeSpellings(Number(hh), mm).some((s) => text.includes(s)), `${t.id} offence time ${time}`).toBe(true);
      if (t.amountCents !== null) expect(amountSpellings(t.amountCents).some((s) => text.includes(s)), `${t.id} amount ${t.amountCents}`).toBe(true);
    }
  });
});
