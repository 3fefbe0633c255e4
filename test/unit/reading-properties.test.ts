// Properties of the reader over every letter written by someone else (first-sight batches 1–3, all
// since seen), checked on their text layers:
// 1. Notation: the same letter with its dates, times, amounts or plates printed in another notation
//    that issuers use reads the same, value for value and trust for trust.
// 2. Distraction: the same letter with unrelated sentences holding dates, times and amounts added
//    between its sentences never has a decisive field trusted with a wrong value that it did not
//    have without them, and is never decided unsafely.
// Variants are drawn from a seeded generator, so a failure names a letter and a seed that reproduce it.
import { describe, expect, it } from 'vitest';
import { FIRST_SIGHT_LETTERS } from '../../fixtures/first-sight/index.js';
import { FIRST_SIGHT_2_LETTERS } from '../../fixtures/first-sight-2/index.js';
import { FIRST_SIGHT_3_LETTERS } from '../../fixtures/first-sight-3/index.js';
import { checkGate, type LetterTruth } from '../../fixtures/gate-check.js';
import { DECISIVE_FIELDS } from '../../src/domain/decision-inputs.js';
import { extractFields } from '../../src/reading/field-extraction.js';
import type { ExtractedFields } from '../../src/reading/fields.js';
import { readPdfText } from '../../src/reading/pdf-text.js';
import type { ReadResult } from '../../src/reading/read-result.js';

const LETTERS = [...FIRST_SIGHT_LETTERS, ...FIRST_SIGHT_2_LETTERS, ...FIRST_SIGHT_3_LETTERS];

/** mulberry32: a small seeded generator, so every variant can be made again. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const asRead = (pages: string[]): ReadResult => ({ status: 'read', pageCount: pages.length, method: 'text', fields: extractFields(pages) });

/** What the gate sees of one field: its value and whether it is trusted. */
function verdicts(fields: ExtractedFields): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of DECISIVE_FIELDS) {
    const field = fields[name] as { value: unknown } | null;
    out[name] = { value: field?.value ?? null, trusted: fields.trust[name].trusted };
  }
  out.reference = fields.reference?.value ?? null;
  return out;
}

type Rewrite = { name: string; apply: (text: string) => string };

/** Other notations of the same values, as issuers print them (spec "What is read from a document" and issue #11). */
const NOTATIONS: Rewrite[] = [
  { name: 'dates with dots', apply: (t) => t.replace(/\b(\d{2})\/(\d{2})\/(\d{4})\b/g, '$1.$2.$3') },
  { name: 'dates with dashes', apply: (t) => t.replace(/\b(\d{2})\/(\d{2})\/(\d{4})\b/g, '$1-$2-$3') },
  { name: 'two-digit years', apply: (t) => t.replace(/\b(\d{2})\/(\d{2})\/20(\d{2})\b/g, '$1/$2/$3') },
  { name: 'times with h', apply: (t) => t.replace(/\b([01]\d|2[0-3]):([0-5]\d)\b(?! ?[ap]\.?m)/g, '$1h$2') },
  { name: 'times with u', apply: (t) => t.replace(/\b([01]\d|2[0-3]):([0-5]\d)\b(?! ?[ap]\.?m)/g, '$1u$2') },
  { name: 'amounts with the sign after', apply: (t) => t.replace(/€ ?(\d{1,3}(?:\.\d{3})*,\d{2})\b/g, '$1 €') },
  { name: 'amounts with EUR before', apply: (t) => t.replace(/€ ?(\d{1,3}(?:\.\d{3})*,\d{2})\b/g, 'EUR $1') },
  { name: 'Belgian plates without dashes', apply: (t) => t.replace(/\b([1-9])-([A-Z]{3})-(\d{3})\b/g, '$1$2$3') },
  { name: 'Belgian plates with spaces', apply: (t) => t.replace(/\b([1-9])-([A-Z]{3})-(\d{3})\b/g, '$1 $2 $3') },
];

/** Sentences that belong to no field: office hours, tariffs, other letters' dates, holidays. */
const DISTRACTORS: Record<string, string[]> = {
  nl: [
    'Ons kantoor is gesloten op 24/12/2026 en op 31/12/2026.',
    'Een bewonerskaart kost € 25,00 per jaar en is geldig tot 31/03/2027.',
    'Onze loketten zijn open van 09:00 tot 12:30 uur.',
    'Uw vorige brief van 02/03/2026 hebben wij goed ontvangen.',
    'Sinds 01/01/2026 geldt een tarief van € 3,50 per uur in de blauwe zone.',
    'Een nieuwe bewonerskaart wordt binnen 10 dagen na uw aanvraag bezorgd.',
  ],
  fr: [
    'Nos bureaux seront fermés le 24/12/2026 et le 31/12/2026.',
    'Une carte riverain coûte 25,00 € par an et reste valable jusqu’au 31/03/2027.',
    'Nos guichets sont ouverts de 09:00 à 12:30.',
    'Nous avons bien reçu votre courrier du 02/03/2026.',
    'Depuis le 01/01/2026, le tarif horaire en zone bleue est de 3,50 €.',
    'Une nouvelle carte riverain est délivrée dans les 10 jours de votre demande.',
  ],
  de: [
    'Unser Büro ist am 24.12.2026 und am 31.12.2026 geschlossen.',
    'Ein Anwohnerparkausweis kostet 25,00 Euro pro Jahr und gilt bis 31.03.2027.',
    'Sprechzeiten: 09:00 bis 12:30 Uhr.',
    'Ihr Schreiben vom 02.03.2026 haben wir erhalten.',
    'Seit dem 01.01.2026 beträgt die Parkgebühr 3,50 Euro je Stunde.',
    'Ein neuer Anwohnerparkausweis wird innerhalb von 10 Tagen nach Antrag zugesandt.',
  ],
  en: [
    'Our office is closed on 24/12/2026 and 31/12/2026.',
    'A residents’ permit costs €25.00 a year and is valid until 31/03/2027.',
    'Our counters are open from 09:00 to 12:30.',
    'We have received your letter of 02/03/2026.',
    'Since 01/01/2026 parking in the blue zone costs €3.50 an hour.',
    'A new residents’ permit is sent within 10 days of your application.',
  ],
};

/** Inserts `count` distractor sentences after lines that end a sentence, chosen by `rnd`. */
function distract(pages: string[], language: string, rnd: () => number, count: number): string[] {
  const pool = DISTRACTORS[language] ?? DISTRACTORS.en!;
  const out = pages.map((p) => p.split('\n'));
  for (let n = 0; n < count; n++) {
    const page = out[Math.floor(rnd() * out.length)]!;
    const ends = page.map((l, i) => (/[.!?]\s*$/.test(l) ? i : -1)).filter((i) => i >= 0);
    if (ends.length === 0) continue;
    const at = ends[Math.floor(rnd() * ends.length)]!;
    page.splice(at + 1, 0, pool[Math.floor(rnd() * pool.length)]!);
  }
  return out.map((lines) => lines.join('\n'));
}

/** Decisive fields trusted with a value that is not the letter's. */
function trustedWrong(fields: ExtractedFields, truth: LetterTruth): string[] {
  const wrong: string[] = [];
  const same = (a: unknown, b: unknown, instant: boolean) =>
    a === null || b === null ? a === b : instant ? new Date(a as string).getTime() === new Date(b as string).getTime() : a === b;
  for (const name of ['kind', 'plate', 'offenceAt', 'dueDate', 'redirectDeadline', 'amountCents'] as const) {
    const field = fields[name] as { value: unknown } | null;
    if (!field || !fields.trust[name].trusted) continue;
    if (!same(field.value, truth[name] ?? null, name === 'offenceAt')) wrong.push(`${name}=${JSON.stringify(field.value)}`);
  }
  return wrong;
}

const textOf = async (letter: (typeof LETTERS)[number]) => (await readPdfText(await letter.renderPdf(), 20)).pages;

describe('the reader over other notations and unrelated sentences', () => {
  it('reads every letter the same in every other notation', async () => {
    const differences: string[] = [];
    for (const letter of LETTERS) {
      const pages = await textOf(letter);
      const base = verdicts(extractFields(pages));
      for (const rewrite of NOTATIONS) {
        const variant = pages.map(rewrite.apply);
        if (variant.join() === pages.join()) continue;
        const read = verdicts(extractFields(variant));
        for (const [name, value] of Object.entries(read)) {
          if (JSON.stringify(value) !== JSON.stringify(base[name])) {
            differences.push(`${letter.truth.id} with ${rewrite.name}: ${name} ${JSON.stringify(base[name])} → ${JSON.stringify(value)}`);
          }
        }
      }
    }
    expect(differences).toEqual([]);
  }, 120_000);

  it('never trusts a wrong value because of unrelated dates, times and amounts', async () => {
    const violations: string[] = [];
    for (const [index, letter] of LETTERS.entries()) {
      const pages = await textOf(letter);
      const before = new Set(trustedWrong(extractFields(pages), letter.truth));
      for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
        const rnd = random(index * 1000 + seed);
        const variant = distract(pages, letter.truth.language, rnd, 1 + Math.floor(rnd() * 3));
        const fields = extractFields(variant);
        const added = trustedWrong(fields, letter.truth).filter((w) => !before.has(w));
        const verdict = checkGate(asRead(variant), letter.truth);
        if (added.length > 0 || verdict.unsafe) {
          violations.push(`${letter.truth.id} seed ${seed}: ${[...added, verdict.unsafe].filter(Boolean).join(', ')}`);
        }
      }
    }
    expect(violations).toEqual([]);
  }, 120_000);
});
