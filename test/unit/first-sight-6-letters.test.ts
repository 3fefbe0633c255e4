// The sixth first-sight batch renders, and every hand-written truth value can be found on its letter:
// each date is printed (in one of the ways issuers print dates, two-digit years included) or is the
// letter's own date plus a period the letter states; the offence time and the amount are printed. This
// checks the truth against the letters, not the reader (which never runs here).
import { PDFParse } from 'pdf-parse';
import { describe, expect, it } from 'vitest';
import { FIRST_SIGHT_2_LAYOUTS } from '../../fixtures/first-sight-2/index.js';
import { FIRST_SIGHT_3_LAYOUTS } from '../../fixtures/first-sight-3/index.js';
import { FIRST_SIGHT_4_LAYOUTS } from '../../fixtures/first-sight-4/index.js';
import { FIRST_SIGHT_5_LAYOUTS } from '../../fixtures/first-sight-5/index.js';
import { FIRST_SIGHT_6_LAYOUTS, FIRST_SIGHT_6_LETTERS } from '../../fixtures/first-sight-6/index.js';
import { FIRST_SIGHT_LAYOUTS } from '../../fixtures/first-sight/index.js';

const MONTHS: Record<string, string[]> = {
  nl: ['januari', 'februari', 'maart', 'april', 'mei', 'juni', 'juli', 'augustus', 'september', 'oktober', 'november', 'december'],
  fr: ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'],
  de: ['Januar', 'Februar', 'März', 'April', 'Mai', 'Juni', 'Juli', 'August', 'September', 'Oktober', 'November', 'Dezember'],
  en: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
};

function spellings(iso: string): string[] {
  const [y, m, d] = iso.split('-') as [string, string, string];
  const day = Number(d);
  const month = Number(m) - 1;
  const yy = y.slice(2);
  const out = [`${d}/${m}/${y}`, `${d}.${m}.${y}`, `${d}-${m}-${y}`, `${d}/${m}/${yy}`, `${d}-${m}-${yy}`, `${d}.${m}.${yy}`];
  if (day === 1) out.push(`1er ${MONTHS.fr![month]} ${y}`);
  for (const names of Object.values(MONTHS)) out.push(`${day} ${names[month]} ${y}`, `${day}. ${names[month]} ${y}`);
  // A two-digit year must not be the start of a longer number ("05/12/26" but not "05/12/2026").
  return out;
}
function printed(text: string, iso: string): boolean {
  return spellings(iso).some((s) => {
    let i = text.indexOf(s);
    while (i >= 0) {
      const next = text[i + s.length] ?? '';
      if (!/\d/.test(next)) return true;
      i = text.indexOf(s, i + 1);
    }
    return false;
  });
}

function addDays(iso: string, n: number): string {
  const t = new Date(`${iso}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + n);
  return t.toISOString().slice(0, 10);
}

// Periods the letters state, counted from the letter's own date.
function addMonths(iso: string, n: number): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const t = new Date(Date.UTC(y, m - 1 + n, d));
  return t.toISOString().slice(0, 10);
}

const PERIODS: Array<[RegExp, (iso: string) => string]> = [
  [/binnen zes weken na de dagtekening van deze aanslag/, (d) => addDays(d, 42)],
  [/binnen 14 dagen na de dagtekening van deze aanmaning/, (d) => addDays(d, 14)],
  [/binnen 30 dagen vanaf de verzenddatum van deze brief/, (d) => addDays(d, 30)],
  [/binnen 15 dagen vanaf de verzenddatum van deze brief/, (d) => addDays(d, 15)],
  [/binnen 15 dagen vanaf de verzenddatum van deze herinnering/, (d) => addDays(d, 15)],
  [/dans les 15 jours de la date du présent (courrier|rappel)/, (d) => addDays(d, 15)],
  [/un mois à compter de la date d'envoi figurant en tête/, (d) => addMonths(d, 1)],
  [/dans les 30 jours à compter de la date d'envoi de la présente/, (d) => addDays(d, 30)],
  [/dans les 15 jours à compter de la date d'envoi de la présente/, (d) => addDays(d, 15)],
  [/dans les 15 jours à compter de la date d'envoi du présent rappel/, (d) => addDays(d, 15)],
  [/innert 30 Tagen ab Ausstellungsdatum/, (d) => addDays(d, 30)],
  [/innert 10 Tagen ab Ausstellungsdatum/, (d) => addDays(d, 10)],
  [/innert 10 Tagen ab Datum dieser Zahlungsaufforderung/, (d) => addDays(d, 10)],
  [/innerhalb von 14 Tagen ab dem Datum dieses Schreibens/, (d) => addDays(d, 14)],
  [/binnen 15 dagen vanaf de verzenddatum van dit verzoek/, (d) => addDays(d, 15)],
  [/within 15 days from the date on which this request was sent/, (d) => addDays(d, 15)],
  [/within 28 days of the date of issue/, (d) => addDays(d, 28)],
  [/within 21 days of the date of issue/, (d) => addDays(d, 21)],
  [/within 14 days of the date of this reminder/, (d) => addDays(d, 14)],
];

function timeSpellings(hh: number, mm: string): string[] {
  const h2 = String(hh).padStart(2, '0');
  const h12 = hh % 12 === 0 ? 12 : hh % 12;
  return [`${h2}:${mm}`, `${hh}:${mm}`, `${h2}h${mm}`, `${hh}h${mm}`, `${h2}.${mm}`, `${hh}.${mm}`, `${h2}u${mm}`, `${hh}u${mm}`, `${h12}:${mm} ${hh < 12 ? 'am' : 'pm'}`, `${hh} h ${mm}`];
}

function amountSpellings(cents: number): string[] {
  const euros = Math.floor(cents / 100);
  const c = String(cents % 100).padStart(2, '0');
  const grouped = euros.toLocaleString('de-DE');
  return [`€ ${grouped},${c}`, `${grouped},${c} €`, `${grouped},${c} Euro`, `${grouped},${c} EUR`, `EUR ${euros.toLocaleString('en-GB')}.${c}`, ...(c === '00' ? [`€ ${euros},-`, `${euros} euros`] : [])];
}

const rendered = Promise.all(
  FIRST_SIGHT_6_LETTERS.map(async (letter) => {
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

describe('first-sight batch 6', () => {
  it('has 33 letters over 11 layouts with unique ids, in four languages and three kinds', () => {
    expect(FIRST_SIGHT_6_LETTERS).toHaveLength(33);
    expect(FIRST_SIGHT_6_LAYOUTS).toHaveLength(11);
    expect(new Set(FIRST_SIGHT_6_LETTERS.map((l) => l.truth.id)).size).toBe(33);
    for (const lang of ['nl', 'fr', 'de', 'en'] as const) {
      expect(new Set(FIRST_SIGHT_6_LETTERS.filter((l) => l.truth.language === lang).map((l) => l.truth.layout)).size, lang).toBeGreaterThanOrEqual(2);
    }
    expect(new Set(FIRST_SIGHT_6_LETTERS.map((l) => l.truth.kind))).toEqual(new Set(['fine', 'parking_charge', 'identification_request']));
  });

  it('reuses no layout of batches 1 to 5', () => {
    const earlier = new Set([...FIRST_SIGHT_LAYOUTS, ...FIRST_SIGHT_2_LAYOUTS, ...FIRST_SIGHT_3_LAYOUTS, ...FIRST_SIGHT_4_LAYOUTS, ...FIRST_SIGHT_5_LAYOUTS]);
    for (const layout of FIRST_SIGHT_6_LAYOUTS) expect(earlier.has(layout), layout).toBe(false);
  });

  it('renders every letter to a PDF with a text layer', async () => {
    for (const { letter, data, text } of await rendered) {
      expect(data.subarray(0, 5).toString('latin1'), letter.truth.id).toBe('%PDF-');
      expect(text.length, letter.truth.id).toBeGreaterThan(500);
    }
  });

  it('keeps the truth self-consistent', () => {
    for (const { truth: t } of FIRST_SIGHT_6_LETTERS) {
      if (!t.redirectDeadlineComputable) expect(t.redirectDeadline, t.id).toBeNull();
      if (t.kind === 'identification_request') {
        expect(t.amountCents, t.id).toBeNull();
        expect(t.dueDate, t.id).toBeNull();
      }
      if (t.plate !== null) expect(t.plate, t.id).toMatch(/^[A-Z0-9]+$/);
      expect(t.offenceAt, t.id).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:00\+0[12]:00$/);
      // Summer time (+02:00) until 25 October 2026, winter (+01:00) from then on.
      const day = t.offenceAt!.slice(0, 10);
      expect(t.offenceAt!.endsWith(day < '2026-10-25' ? '+02:00' : '+01:00'), `${t.id} offset`).toBe(true);
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
      expect(printed(text, doc), `${t.id} documentDate ${doc} printed`).toBe(true);
      for (const field of ['dueDate', 'redirectDeadline'] as const) {
        const v = t[field];
        if (v === null) continue;
        const derived = PERIODS.some(([re, add]) => re.test(text) && add(doc) === v);
        expect(printed(text, v) || derived, `${t.id} ${field} ${v}`).toBe(true);
      }
      const [day, time] = t.offenceAt!.split('T') as [string, string];
      expect(printed(text, day), `${t.id} offence date ${day}`).toBe(true);
      const [hh, mm] = time.split(':') as [string, string];
      expect(timeSpellings(Number(hh), mm).some((s) => text.includes(s)), `${t.id} offence time ${time}`).toBe(true);
      if (t.amountCents !== null) expect(amountSpellings(t.amountCents).some((s) => text.includes(s)), `${t.id} amount ${t.amountCents}`).toBe(true);
    }
  });
});
