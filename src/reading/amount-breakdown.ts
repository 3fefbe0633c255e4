// A breakdown of the amount due, as letters print it: one amount per line (the fine, costs, an
// increase, a payment already made), closed by a line whose amount is their sum ("Totaal € 118,00",
// "Gesamtbetrag 98,50 Euro", "MONTANT DÛ 33,00 €", "EUR 73,- thans verschuldigd"). The sum is the
// evidence: a total that adds up is the amount due, whatever the label words of this issuer are,
// and the components it adds up (the fine alone, the costs) are not rivals of it. Pure.
import { findAmounts } from './amounts.js';
import type { TextLine } from './text-lines.js';

/** Words of a line whose amount is a payment made or an amount taken off: it counts negative. */
const DEDUCTED = /reeds (?:ontvangen|betaald|voldaan)|al betaald|afgetrokken|deja (?:regle|paye|percu)|deduit|bereits (?:gezahlt|bezahlt|entrichtet)|abzuglich|gezahlt am|already paid|paid on|received on|less\b/;

/** Words of a closing line: the sum that is owed. */
const TOTAL = /incl\.? (?:btw|vat|mwst)|inkl\.? (?:mwst|ust)|\bttc\b|toutes taxes|totaal|total|saldo|nog te betalen|thans verschuldigd|verschuldigd|te betalen|montant du|reste a payer|a payer|gesamt|insgesamt|zu zahlen|now due|amount due|balance/;

/** A line that names the amount it holds. */
const AMOUNT_NOUN = /\b(?:bedrag|montant|betrag|amount|som|somme|summe)\b/;

export type Breakdown = {
  cents: number;
  /** The closing line, and every line it adds up. */
  total: TextLine;
  components: TextLine[];
};

type Row = { line: TextLine; cents: number };

function insideBrackets(text: string, index: number): boolean {
  const before = text.slice(0, index);
  return before.lastIndexOf('(') > before.lastIndexOf(')');
}

/** The one amount of a line that holds exactly one, signed by the line's words; null otherwise. */
function rowOf(line: TextLine): Row | null {
  // An amount in brackets explains the row ("Gebühr (5 %, mind. 25,00 Euro) 25,00 Euro"); it is not its value.
  const amounts = findAmounts(line.text).filter((a) => !insideBrackets(line.text, a.index));
  if (amounts.length !== 1) return null;
  const a = amounts[0]!;
  const before = line.text.slice(0, a.index);
  const negative = /[-–]\s*$/.test(before) || DEDUCTED.test(line.folded);
  return { line, cents: negative ? -a.cents : a.cents };
}

/**
 * Every breakdown in the letter: a run of at least two consecutive one-amount lines on one page,
 * closed by a total line (total words, a positive amount) equal to the signed sum of the lines
 * above it in the run (the last two or more). The first found first.
 */
export function findBreakdowns(lines: readonly TextLine[]): Breakdown[] {
  const found: Breakdown[] = [];
  let run: Row[] = [];
  for (const line of lines) {
    const row = rowOf(line);
    if (!row || (run.length > 0 && run[run.length - 1]!.line.page !== line.page)) {
      run = row ? [row] : [];
      continue;
    }
    // The closing line says it is the sum owed, or at least names an amount ("Montant de l'ordre de
    // paiement 170,10 EUR" under "Transaction 126,00" and "Majoration de 35 % 44,10"): the sum is the proof.
    if (run.length >= 2 && row.cents > 0 && (TOTAL.test(line.folded) || AMOUNT_NOUN.test(line.folded))) {
      // The components are the lines just above it: the shortest tail (two or more lines) that adds up.
      let sum = 0;
      for (let start = run.length - 1; start >= 0; start--) {
        sum += run[start]!.cents;
        if (run.length - start >= 2 && sum === row.cents) {
          found.push({ cents: row.cents, total: line, components: run.slice(start).map((r) => r.line) });
          break;
        }
      }
    }
    run.push(row);
  }
  return found;
}

/**
 * Words just before an amount that make it the sum of the ones before it: "samen € 68,00", "totaal € 74,40",
 * "betaalt u nu € 82,40", "is added: please pay EUR 60.00" (a demand equal to the sum: the sum is the proof).
 */
const SUM_BEFORE = /(?:samen|totaal|in totaal|total(?: a payer| du)?|soit|au total|insgesamt|zusammen|gesamt|in total|together|altogether|bringing the total to|betaalt u nu|nu te betalen|zahlen sie nun|vous payez donc|you now (?:owe|pay)|please pay|betaal|veuillez (?:payer|regler|verser))\s*(?:van|de|von|of|is|:)?\s*$/;

/**
 * Sums written out in prose, within a sentence or running on from the line before: "€ 58,00
 * vermeerderd met € 10,00 kosten, samen € 68,00"; "… van € 74,40 is niet betaald." / "Met de
 * aanmaningskosten van € 8,00 betaalt u nu € 82,40". An amount whose own words (since the amount before
 * it) say it is the sum, equal to the signed sum of the two or more amounts just before it, closes a
 * breakdown of those lines. Amounts are taken in reading order over consecutive lines of one page that
 * each hold one; a line without an amount ends the run.
 */
export function findProseSums(lines: readonly TextLine[]): Breakdown[] {
  const found: Breakdown[] = [];
  let run: Row[] = [];
  for (const line of lines) {
    const amounts = findAmounts(line.text).filter((a) => a.hasCurrency && !insideBrackets(line.text, a.index)).sort((a, b) => a.index - b.index);
    if (amounts.length === 0 || (run.length > 0 && run[run.length - 1]!.line.page !== line.page)) run = [];
    let from = 0;
    for (const a of amounts) {
      const own = line.folded.slice(from, a.index);
      from = a.index + a.length;
      if (run.length >= 2 && SUM_BEFORE.test(own.trimEnd())) {
        let sum = 0;
        for (let start = run.length - 1; start >= 0; start--) {
          sum += run[start]!.cents;
          if (run.length - start >= 2 && sum === a.cents) {
            found.push({ cents: a.cents, total: line, components: [...new Set(run.slice(start).map((r) => r.line))].filter((l) => l !== line) });
            break;
          }
        }
      }
      run.push({ line, cents: DEDUCTED.test(own) || /[-–]\s*$/.test(own) ? -a.cents : a.cents });
    }
  }
  return found;
}
