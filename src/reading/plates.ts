// Licence plates as printed in the Benelux, France, Germany and Ireland. A plate that fits no country's
// pattern is still reported, with lower confidence.
import { normalisePlate } from '../domain/plate.js';

export type PlateCountry = 'BE' | 'NL' | 'FR' | 'DE' | 'IE' | 'LU';
/** `otherReading`: the same characters read another way (a country code before another country's plate). */
export type FoundPlate = { plate: string; country: PlateCountry | null; index: number; length: number; otherReading?: string };

const S = '[- ]?';
// Order matters: more specific shapes first, so "1-ABC-123" is not read as "ABC-123".
const PATTERNS: { country: PlateCountry; re: RegExp }[] = [
  // Irish: year (2 digits, 3 from 2013 on: 131, 132), county code, serial: 262-D-10455, 05-KE-1190.
  // Printed with its dashes; before the Belgian shape, which would read "D-104" out of nothing.
  { country: 'IE', re: /\b(?:\d{2}|\d{2}[12])-(?:C|CE|CN|CW|D|DL|G|KE|KK|KY|L|LD|LH|LK|LM|LS|MH|MN|MO|OY|RN|SO|T|W|WH|WW|WX)-\d{1,6}\b/g },
  { country: 'BE', re: new RegExp(`\\b[1-9]${S}[A-Z]{3}${S}\\d{3}\\b`, 'g') },
  { country: 'FR', re: new RegExp(`\\b[A-Z]{2}${S}\\d{3}${S}[A-Z]{2}\\b`, 'g') },
  // German: district, separator, letters, digits (K-AB 1234). Before the Dutch codes, whose optional
  // separators would otherwise read "AB 1234" out of it.
  { country: 'DE', re: /\b[A-ZÄÖÜ]{1,3}[- ][A-Z]{1,2} ?\d{1,4}[EH]?\b/g },
  // Dutch RDW side codes ("_" marks a group boundary: dash, space or nothing); 4–14 (1–3, all-digit pairs, are from before 1978 and still run as XX-99-99 etc.).
  ...[
    '[A-Z]{2}_\\d{2}_\\d{2}', '\\d{2}_\\d{2}_[A-Z]{2}', '\\d{2}_[A-Z]{2}_\\d{2}', '[A-Z]{2}_\\d{2}_[A-Z]{2}',
    '[A-Z]{2}_[A-Z]{2}_\\d{2}', '\\d{2}_[A-Z]{2}_[A-Z]{2}', '\\d{2}_[A-Z]{3}_\\d', '\\d_[A-Z]{3}_\\d{2}',
    '[A-Z]{2}_\\d{3}_[A-Z]', '[A-Z]_\\d{3}_[A-Z]{2}', '[A-Z]{3}_\\d{2}_[A-Z]', '[A-Z]_\\d{2}_[A-Z]{3}',
    '\\d_[A-Z]{2}_\\d{3}', '\\d{3}_[A-Z]{2}_\\d',
  ].map((p) => ({ country: 'NL' as const, re: new RegExp(`\\b${p.replace(/_/g, '[- ]?')}\\b`, 'g') })),
  { country: 'BE', re: new RegExp(`\\b[A-Z]{3}${S}\\d{3}\\b`, 'g') },
  { country: 'BE', re: new RegExp(`\\b\\d{3}${S}[A-Z]{3}\\b`, 'g') },
  // Luxembourg: two letters and four digits (ZK 4172).
  { country: 'LU', re: new RegExp(`\\b[A-Z]{2}${S}\\d{4}\\b`, 'g') },
];

/**
 * Country codes printed before a plate ("LU ZK 4172", "L-TB 8821", "B 2-HJK-771", "NL 12-ABC-3"): the
 * same characters also read as a German plate (L-TB 8821 is Leipzig). Such a reading is reported
 * with the other one, and is not trusted.
 */
const COUNTRY_CODE = /^(?:B|BE|L|LU|LUX|NL|F|A|CH|IRL)$/;
/** A country code and its separator just before a plate: "LU-", "L ", "NL-". */
const COUNTRY_PREFIX = /(?:^|[^A-Z])(B|BE|L|LU|LUX|NL|F|IRL)[- ]$/;
const CURRENCY_CODE = /^(?:EUR|CHF|GBP|USD|SEK|DKK|NOK|PLN|CZK|HUF)\b/;
const CODE_COUNTRY: Record<string, PlateCountry> = { B: 'BE', BE: 'BE', L: 'LU', LU: 'LU', LUX: 'LU', NL: 'NL', F: 'FR', IRL: 'IE' }; // not D: before a German plate it is Düsseldorf or Germany, a German plate either way

/**
 * Plates found in a line of original-case text, without overlaps, in order. Plates are printed in
 * capitals: lower-case letters are words ("550 een overtreding" is not the Dutch plate 550-EEN).
 */
export function findPlates(text: string): FoundPlate[] {
  const found: FoundPlate[] = [];
  for (const { country, re } of PATTERNS) {
    for (const m of text.matchAll(re)) {
      const overlaps = found.some((f) => m.index < f.index + f.length && f.index < m.index + m[0].length);
      const plate = normalisePlate(m[0]);
      if (overlaps || !/[A-Z]/.test(plate) || !/\d/.test(plate)) continue;
      // "CHF 150", "EUR 250", "GBP 100": an amount, not an old Belgian plate.
      if (CURRENCY_CODE.test(m[0])) continue;
      // "3811 MG Amersfoort": a Dutch postcode, not a plate (plates of that side code print as 38-11-MG).
      if (/^\d{4} [A-Z]{2}$/.test(m[0])) continue;
      // "PG 2026/331904", "OB 2610 0847 13": letters and digits that run on into more digits are a
      // reference's first groups, not a Luxembourg or German plate.
      const after = text.slice(m.index + m[0].length);
      // "AT-E 2026 / 0 45 120": a slash with spaces joins a reference's groups too.
      if (/^ ?[/.\-] ?\d/.test(after) || ((country === 'LU' || country === 'DE') && /^ \d{2,}(?![\d:./,])/.test(after))) continue;
      const [first, ...rest] = m[0].split(/[- ]/);
      const remainder = rest.join(' ');
      // The code's own country's shape first ("L-MK 5530": Luxembourg's, though MK-55-30 is also Dutch).
      const codeCountry = CODE_COUNTRY[first ?? ''];
      const fits = (p: (typeof PATTERNS)[number]) => p.country !== 'DE' && new RegExp(`^(?:${p.re.source})$`).test(remainder);
      const asForeign =
        // A code of a known country reads so only in that country's shape: "B-NK 4471" is Berlin's, no Belgian plate has that shape.
        country === 'DE' && COUNTRY_CODE.test(first ?? '') ? (PATTERNS.find((p) => p.country === codeCountry && fits(p)) ?? (codeCountry ? undefined : PATTERNS.find(fits))) : undefined;
      if (asForeign) {
        // The shorter reading is the one a Benelux fleet's plate has; the German one is kept as the doubt.
        found.push({ plate: normalisePlate(remainder), country: asForeign.country, index: m.index, length: m[0].length, otherReading: plate });
        continue;
      }
      // "LU-AB-1234": the country code before it says whose shape it is (AB-12-34 would be Dutch).
      const code = COUNTRY_PREFIX.exec(text.slice(Math.max(0, m.index - 4), m.index))?.[1];
      const prefixed = code ? PATTERNS.find((p) => p.country === CODE_COUNTRY[code] && p.country !== 'DE' && new RegExp(`^(?:${p.re.source})$`).test(m[0])) : undefined;
      found.push({ plate, country: prefixed?.country ?? country, index: m.index, length: m[0].length });
    }
  }
  return found.sort((a, b) => a.index - b.index);
}

/** A loose candidate (letters and digits, 5–9 long, with at least one of each) for unlabelled values. */
export function loosePlate(text: string): string | null {
  const m = /^[A-Z0-9][A-Z0-9 -]{3,10}[A-Z0-9]/i.exec(text.trim());
  // Capitals, as plates are printed: "Locatie 2" after a "Kenteken" label is the next column's label.
  if (!m || /\p{Ll}/u.test(m[0])) return null;
  const plate = normalisePlate(m[0]);
  return plate.length >= 5 && plate.length <= 9 && /[A-Z]/.test(plate) && /\d/.test(plate) ? plate : null;
}
