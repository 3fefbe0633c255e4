// Dates and times as issuers print them: 14/12/2026, 14-12-2026, 14.12.2026, 14 december 2026,
// 11 décembre 2026, 1er mars 2027, 14. Dezember 2026; times 14:12, 14u12, 14h12, 09:40 Uhr.
import { isoDateFromParts, type IsoDate } from '../domain/calendar-date.js';

const MONTHS: Record<string, number> = {
  // Dutch
  januari: 1, februari: 2, maart: 3, april: 4, mei: 5, juni: 6, juli: 7, augustus: 8, september: 9, oktober: 10, november: 11, december: 12,
  // French (folded: accents removed)
  janvier: 1, fevrier: 2, mars: 3, avril: 4, mai: 5, juin: 6, juillet: 7, aout: 8, septembre: 9, octobre: 10, novembre: 11, decembre: 12,
  // German (folded)
  januar: 1, februar: 2, marz: 3, maerz: 3, juli_de: 7, oktober_de: 10, dezember: 12, jänner: 1, janner: 1,
  // English
  january: 1, february: 2, march: 3, may: 5, june: 6, july: 7, august: 8, october: 10,
  // Common abbreviations
  jan: 1, feb: 2, febr: 2, mrt: 3, apr: 4, jun: 6, jul: 7, aug: 8, sep: 9, sept: 9, okt: 10, oct: 10, nov: 11, dec: 12, dez: 12,
};

const MONTH_NAMES = Object.keys(MONTHS)
  .filter((m) => !m.includes('_'))
  .sort((a, b) => b.length - a.length)
  .join('|');

// Matched against folded text (lower case, no accents): "14 decembre 2026", "1er mars 2027", "14. dezember 2026".
const TEXTUAL_DATE = new RegExp(`\\b(\\d{1,2})(?:er|e|\\.)?\\s+(${MONTH_NAMES})\\.?\\s+(\\d{4})\\b`, 'g');
const NUMERIC_DATE = /\b(\d{1,2})([./-])(\d{1,2})\2(\d{4}|\d{2})\b(?![./-]\d)/g;
const ISO_DATE = /\b(\d{4})-(\d{2})-(\d{2})\b/g;

export type FoundDate = { date: IsoDate; index: number; length: number };

/** "10 October", "le 6 octobre", "am 9. Oktober" with no year after it. */
const DAY_MONTH = new RegExp(`\\b(\\d{1,2})(?:er|e|\\.)?\\s+(${MONTH_NAMES})\\b(?!\\.?\\s+\\d{4})`, 'g');

/** Days written with their month but no year: day and month only, for a caller that knows the year from elsewhere. */
export function findDaysWithoutYear(folded: string): { day: number; month: number; index: number; length: number }[] {
  return [...folded.matchAll(DAY_MONTH)].flatMap((m) => {
    const day = Number(m[1]);
    const month = MONTHS[m[2] as string];
    return month && day >= 1 && day <= 31 ? [{ day, month, index: m.index, length: m[0].length }] : [];
  });
}

// Dates written out in words, as Belgian prosecutors' letters do: "le douze novembre deux mille
// vingt-six", "op twaalf november tweeduizend zesentwintig". Days 1–31 and the years of this decade.
const FR_UNITS = ['', 'un', 'deux', 'trois', 'quatre', 'cinq', 'six', 'sept', 'huit', 'neuf', 'dix', 'onze', 'douze', 'treize', 'quatorze', 'quinze', 'seize'];
const NL_UNITS = ['', 'een', 'twee', 'drie', 'vier', 'vijf', 'zes', 'zeven', 'acht', 'negen', 'tien', 'elf', 'twaalf', 'dertien', 'veertien', 'vijftien', 'zestien', 'zeventien', 'achttien', 'negentien'];
function frenchNumber(n: number): string {
  if (n <= 16) return FR_UNITS[n] as string;
  if (n < 20) return `dix-${FR_UNITS[n - 10]}`;
  const tens = n < 30 ? 'vingt' : 'trente';
  const unit = n % 10;
  return unit === 0 ? tens : unit === 1 ? `${tens} et un` : `${tens}-${FR_UNITS[unit]}`;
}
function dutchNumber(n: number): string {
  if (n < 20) return NL_UNITS[n] as string;
  const tens = n < 30 ? 'twintig' : 'dertig';
  const unit = n % 10;
  return unit === 0 ? tens : `${NL_UNITS[unit]}en${tens}`; // folded: "tweeëntwintig" reads "tweeentwintig"
}
const WORD_DAYS = new Map<string, number>();
for (let n = 1; n <= 31; n++) {
  WORD_DAYS.set(frenchNumber(n), n);
  WORD_DAYS.set(dutchNumber(n), n);
}
WORD_DAYS.set('premier', 1);
const WORD_YEARS = new Map<string, number>();
for (let y = 2020; y <= 2031; y++) {
  WORD_YEARS.set(`deux mille ${frenchNumber(y - 2000)}`, y);
  WORD_YEARS.set(`tweeduizend ${dutchNumber(y - 2000)}`, y);
  WORD_YEARS.set(`tweeduizend${dutchNumber(y - 2000)}`, y);
}
const alternatives = (keys: Iterable<string>) => [...keys].sort((a, b) => b.length - a.length).map((k) => k.replace(/[-\s]/g, '[-\\s]')).join('|');
const WORD_DATE = new RegExp(`\\b(${alternatives(WORD_DAYS.keys())})\\s+(${MONTH_NAMES})\\s+(${alternatives(WORD_YEARS.keys())})\\b`, 'g');

const WORD_YEAR_HINT = /mille|tweeduizend/;

/**
 * The readers ask for the dates of the same lines many times over (each role looks at every line):
 * the last few thousand lines' answers are kept, frozen (a caller cannot change another's answer).
 */
const datesOfLine = new Map<string, readonly FoundDate[]>();

/** Every date in a folded line, in order of appearance. */
export function findDates(folded: string): readonly FoundDate[] {
  let found = datesOfLine.get(folded);
  if (found === undefined) {
    if (datesOfLine.size >= 4096) datesOfLine.clear();
    found = Object.freeze(datesIn(folded).map((d) => Object.freeze(d)));
    datesOfLine.set(folded, found);
  }
  return found;
}

function datesIn(folded: string): FoundDate[] {
  const found: FoundDate[] = [];
  for (const m of folded.matchAll(NUMERIC_DATE)) {
    // A two-digit year ("12/11/26") is this century's: fines are never older than that.
    const year = (m[4] as string).length === 2 ? 2000 + Number(m[4]) : Number(m[4]);
    const date = isoDateFromParts(year, Number(m[3]), Number(m[1]));
    if (date) found.push({ date, index: m.index, length: m[0].length });
  }
  for (const m of folded.matchAll(TEXTUAL_DATE)) {
    const month = MONTHS[m[2] as string];
    const date = month ? isoDateFromParts(Number(m[3]), month, Number(m[1])) : null;
    if (date) found.push({ date, index: m.index, length: m[0].length });
  }
  // Every year in words holds "mille" or "tweeduizend": without either, WORD_DATE (a hundred
  // alternatives tried at every word) cannot match, and it was most of this function's time.
  if (WORD_YEAR_HINT.test(folded)) for (const m of folded.matchAll(WORD_DATE)) {
    const norm = (t: string) => t.replace(/[-\s]+/g, ' ');
    const day = [...WORD_DAYS].find(([k]) => norm(k) === norm(m[1] as string))?.[1];
    const year = [...WORD_YEARS].find(([k]) => norm(k) === norm(m[3] as string))?.[1];
    const month = MONTHS[m[2] as string];
    const date = day && year && month ? isoDateFromParts(year, month, day) : null;
    if (date) found.push({ date, index: m.index, length: m[0].length });
  }
  for (const m of folded.matchAll(ISO_DATE)) {
    const date = isoDateFromParts(Number(m[1]), Number(m[2]), Number(m[3]));
    if (date) found.push({ date, index: m.index, length: m[0].length });
  }
  return found.sort((a, b) => a.index - b.index);
}

// 14:12, 14u12, 14h12, 14 h 05, 14.12 uur, 9h05; optionally followed by "uur"/"uhr"/"h"; 2:12 pm, 2.12 p.m.
// The trailing "h" is not a plate's first letter ("10:09 H-274-ZK"); it may be glued to the time ("17:45h").
const TIME = /\b([01]?\d|2[0-3])\s*(?::|u|h|\.)\s*([0-5]\d)(?:\b|(?=(?:h|uhr|uur)\b))(?:\s*(?:uur|uhr|h)\b(?![./-]\d)|\s*([ap])\.?\s?m\b\.?)?/g;

export type FoundTime = { hours: number; minutes: number; index: number; length: number };

export function findTimes(folded: string): FoundTime[] {
  const found: FoundTime[] = [];
  for (const m of folded.matchAll(TIME)) {
    // "14.12.2026" is a date, not 14:12: skip times glued to a further ".digit" or "/digit".
    const after = folded.slice(m.index + m[0].length, m.index + m[0].length + 2);
    if (/^[./-]\d/.test(after)) continue;
    const before = folded.slice(Math.max(0, m.index - 1), m.index);
    if (/[./-]/.test(before) && /\d/.test(folded.slice(Math.max(0, m.index - 2), m.index - 1))) continue;
    let hours = Number(m[1]);
    if (m[3]) {
      // 12-hour clock: "12:30 am" is just after midnight, "12:30 pm" just after noon; "14:05 pm" is no time.
      if (hours < 1 || hours > 12) continue;
      hours = (hours % 12) + (m[3] === 'p' ? 12 : 0);
    }
    found.push({ hours, minutes: Number(m[2]), index: m.index, length: m[0].length });
  }
  return found;
}
