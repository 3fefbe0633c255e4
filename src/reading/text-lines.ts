// Extracted text as lines with their page, plus a folded copy (lower case, accents removed) of the
// same length so vocabularies can match "Échéance", "echeance" and "ÉCHÉANCE" alike while indexes
// still point into the original text.

export type TextLine = { page: number; text: string; folded: string };

export function foldChar(ch: string): string {
  const base = ch.normalize('NFD')[0] ?? ch;
  const lower = base.toLowerCase();
  return lower.length === 1 ? lower : ch;
}

export function fold(text: string): string {
  let out = '';
  for (const ch of text) out += foldChar(ch);
  return out;
}

export function cleanLine(text: string): string {
  return text
    .replace(/[\u00a0\u2007\u202f]/g, ' ')
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/[\u2018\u2019\u02bc]/g, "'")
    .replace(/[\t ]+/g, ' ')
    .trim();
}

/**
 * The number of a form's box before its label ("4 Date de l'infraction", "5 Heure", "2) Kenteken"): a
 * label line with nothing else numeric. Dropped, so the line reads as the label it is.
 */
const BOX_NUMBER = /^\d{1,2}[.)]?\s+(?=[A-ZÀ-Ý][^\d]*$)/;
const withoutBoxNumber = (text: string) => {
  const m = BOX_NUMBER.exec(text);
  return m && text.slice(m[0].length).split(' ').length <= 8 ? text.slice(m[0].length) : text;
};

export function toLines(pages: readonly string[]): TextLine[] {
  const lines: TextLine[] = [];
  pages.forEach((pageText, index) => {
    for (const raw of pageText.split(/\r?\n/)) {
      const text = withoutBoxNumber(cleanLine(raw));
      if (text) lines.push({ page: index + 1, text, folded: fold(text) });
    }
  });
  return lines;
}

/** The sentence of `text` that holds [start, end), and where the value starts in it. */
export function sentenceAround(text: string, start: number, end: number): { sentence: string; at: number; from: number } {
  const before = text.slice(0, start);
  const ends = [...before.matchAll(/[.!?;]\s/g)];
  const from = ends.length > 0 ? ends[ends.length - 1]!.index + 2 : 0;
  const after = /[.!?;](?:\s|$)/.exec(text.slice(end));
  return { sentence: text.slice(from, after ? end + after.index : text.length), at: start - from, from };
}

/** A line of labels, not of values: no digit outside brackets ("Date Heure Lieu Infraction (OAO, annexe 1)"). */
export const labelsOnly = (l: TextLine) => !/\d/.test(l.folded.replace(/\([^)]*\)/g, ''));

/**
 * A table header above row `i`, which a narrow column may wrap over several lines ("Datum Terrein / vak
 * Inrijden" / "(camera)" / "Vastgesteld" / "om" / "Kenteken"): the short digit-free lines just above it,
 * joined. A sentence (long, or ending in a full stop) ends the header.
 */
export function headerAbove(lines: readonly TextLine[], i: number, maxLines = 8): string | null {
  const parts: string[] = [];
  for (let j = i - 1; j >= 0 && j >= i - maxLines; j--) {
    const l = lines[j]!;
    if (l.page !== lines[i]!.page || !labelsOnly(l) || l.folded.length > 70 || /[.:]\s*$/.test(l.folded)) break;
    parts.unshift(l.folded);
  }
  // "Ausstellungs-" / "datum": a word the column's width broke is read whole.
  return parts.length ? parts.join(' ').replace(/(\p{L})- (\p{Ll})/gu, '$1$2') : null;
}
