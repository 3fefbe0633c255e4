// The amount due, by role: a breakdown's total that adds up its lines (amount-breakdown.ts), else a
// labelled amount, else the one amount a sentence asks the holder to pay. A reduced, increased,
// threatened or ranged amount, costs alone, or one part of a written-out sum is never it. Pure.
import { findBreakdowns, findProseSums } from './amount-breakdown.js';
import { findAmounts, type FoundAmount } from './amounts.js';
import { findSchedule, type PaymentSchedule } from './payment-schedule.js';
import type { Field } from './fields.js';
import { allLabelled, BELOW, BESIDE, disagreement, GUESS, quote, SENTENCE, type Segment } from './labelled-values.js';
import { fold, headerAbove, type TextLine } from './text-lines.js';
import { EARLY_PAYMENT_REDUCTION, INCLUDED_COSTS, INSTEAD_OF, LABELS, NON_STANDARD_AMOUNT, PAY_DEMAND, PAYMENT_CONTEXT, PENALTY_RANGE, THREATENED_CONSEQUENCE, INCREASED_DEMAND, withoutNonStandardAside } from './vocabulary.js';

/** Lines whose amounts are never the amount due: reduced, increased, costs alone, a penalty range. */
/**
 * A sentence telling what an earlier letter asked ("Op 06/10/2026 stuurden wij u een administratieve
 * geldboete van € 150,00"): a reminder's history, not what it asks now.
 */
const EARLIER_LETTER =
  /stuurden wij u|(?:hebben|heeft) (?:wij|we|het .{0,30}) u .{0,40}(?:gestuurd|toegezonden|opgelegd)|we (?:sent|issued|served) you|we (?:sent|issued|served) a\b|nous vous avons (?:adresse|envoye|notifie)|vous a ete (?:adresse|envoye|notifie)|wir haben ihnen .{0,40}(?:geschickt|ubersandt|zugesandt|zugestellt)|wurde ihnen .{0,30}(?:zugestellt|ubersandt)/;

const markedNonStandard = (line: TextLine) =>
  NON_STANDARD_AMOUNT.test(withoutNonStandardAside(line.folded).replace(INCLUDED_COSTS, '')) ||
  PENALTY_RANGE.test(line.folded) ||
  THREATENED_CONSEQUENCE.test(line.folded) ||
  EARLIER_LETTER.test(line.folded);

export const standardAmountLine = (line: TextLine) =>
  !markedNonStandard(line) &&
  // "indemnité de 90 € + péage de 7,40 €": a sum written out; its parts are not the amount.
  !/\d\s*(?:€|eur\w*)?\s*\+\s*(?:€|eur\w*)?\s*\d|\d\s*(?:€|eur\w*)?\s*\+\s*\p{L}/u.test(line.folded);

/**
 * "Amount now payable" above "Increased charge, payable by 6 December 2026 … EUR 279.00": a charge
 * certificate or a majoré letter, whose increased amount is the one it asks now.
 */
const NOW_DUE_HEADING = /\b(?:amount now (?:payable|due)|now payable|nu (?:te betalen|verschuldigd)|thans verschuldigd|(?:montant )?desormais du|nunmehr zu zahlen|jetzt zu zahlen)\b/;
/** Costs alone, never the increased charge itself. */
const COSTS = /kosten|frais|fee\b|gebuhr/;
function increasedNowDue(lines: readonly TextLine[], line: TextLine): boolean {
  const i = lines.indexOf(line);
  const heading = lines.slice(Math.max(0, i - 2), i).some((l) => l.page === line.page && NOW_DUE_HEADING.test(l.folded)) || INCREASED_DEMAND.test(line.folded);
  return heading && !EARLY_PAYMENT_REDUCTION.test(line.folded) && !COSTS.test(line.folded) && !PENALTY_RANGE.test(line.folded) && !THREATENED_CONSEQUENCE.test(line.folded) && !EARLIER_LETTER.test(line.folded);
}

/** Words that give an amount a role of its own: it is not the restatement of the line above. */
const OWN_ROLE = /te betalen|a payer|a regler|zu zahlen|to pay\b|now payable|boete|amende|penalty|fine\b|bu(?:ss|ß)geld|verwarnungsgeld|charge|retributie|redevance|toll|peage|\btol\b|vergoeding|forfait|tarif|total|totaal|gesamt|saldo|bedrag|montant|betrag|amount|kosten|frais|fee/;

/**
 * A short line that restates the amount of a reduced or increased line just above it, in another
 * currency or for other payers ("Reduced penalty £35.00 …" / "Payers abroad: EUR 41.00"): as
 * non-standard as that line.
 */
function restatesNonStandard(lines: readonly TextLine[], line: TextLine): boolean {
  const i = lines.indexOf(line);
  const above = i > 0 ? lines[i - 1]! : undefined;
  if (!above || above.page !== line.page || !markedNonStandard(above) || !/\d/.test(above.text)) return false;
  const words = line.folded.replace(/[\d.,€$£]+/g, ' ').split(/\s+/).filter((w) => /\p{L}{2}/u.test(w));
  return findAmounts(line.text).length === 1 && words.length <= 4 && !OWN_ROLE.test(line.folded);
}

/** An amount inside a bracketed aside about a reduced or increased amount (see withoutNonStandardAside). */
const inNonStandardAside = (line: TextLine, a: FoundAmount) => withoutNonStandardAside(line.folded).slice(a.index, a.index + a.length).trim() === '';

/** The sentences of a line, each as a line of its own (same page). */
export function sentencesOf(line: TextLine): TextLine[] {
  const parts = line.text.split(/(?<=[.!?])\s+(?=[A-Z])/);
  return parts.length < 2 ? [line] : parts.map((text) => ({ page: line.page, text, folded: fold(text) }));
}


/** "0,1500 € par km", "€ 2,20 per uur", "EUR 3.00 pro Stunde": a rate, never an amount due. */
const RATE_AFTER = /^\s*(?:per|par|pro|\/)\s*(?:km|kilomet\w*|uur|heure|hour|stunde|h|dag|jour|day|tag|minute|min|kwartier|maand|mois|month|monat)\b/;
/** "Amende 50,00 € × 8 (décimes additionnels)": the base of a calculation, whose result is printed beside it. */
const MULTIPLIED_AFTER = /^\s*(?:×|x|\*)\s*\d/;
const amountsOf = (text: string) =>
  findAmounts(text).filter((a) => !RATE_AFTER.test(text.slice(a.index + a.length)) && !MULTIPLIED_AFTER.test(text.slice(a.index + a.length)));
/** A sentence that starts by telling the holder to pay ("Betaal € 250,00 vóór …", "Please pay …"), not one that offers a way to ("you can … pay"). */
const PAY_NOW = new RegExp(`^(?:\\d+\\.\\s*)?(?:please\\s+)?(?:${PAY_DEMAND.source})`);

/** The amounts of a sentence, less the one it says is replaced ("€ 250,00 in plaats van € 150,00"). */
function amountsBeforeInstead(line: TextLine) {
  const m = INSTEAD_OF.exec(line.folded);
  return amountsOf(line.text).filter((a) => !m || a.index < m.index);
}

/** `schedule`: the letter's payment schedule, found once by the caller for both this and the due date. */
export function readAmount(lines: readonly TextLine[], schedule: PaymentSchedule | null = findSchedule(lines)): { field: Field<number> | null; doubt?: string } {
  // A schedule of tiers by day: its standard tier is the amount due (payment-schedule.ts).
  if (schedule) {
    const { standard } = schedule;
    return { field: { value: standard.cents, confidence: SENTENCE, source: { page: standard.line.page, text: standard.line.text } } };
  }
  const balance = readBalanceAfterPayment(lines);
  if (balance) return balance;
  const breakdown = readBreakdownTotal(lines) ?? readRowTotal(lines);
  if (breakdown) return breakdown;
  const parse = (s: Segment) => {
    const a = amountsOf(s.text)[0];
    // "Bedrag van € 75,00 in plaats van de boete": an alternative the letter offers, not the amount due.
    if (a && INSTEAD_OF.test(s.folded)) return null;
    return a ? { value: a.cents, at: a.index } : null;
  };
  const accept = (l: TextLine) => (standardAmountLine(l) || increasedNowDue(lines, l)) && !restatesNonStandard(lines, l);
  const labelled = allLabelled(lines, LABELS.amount, parse, accept);
  if (labelled.length > 0) {
    // A specific label ("geldboete van € 150,00") and a plain "Te betalen € 160,00" that disagree: the
    // letter asks for one of them, and which is for an operator to see.
    const asked = allLabelled(lines, LABELS.amount.slice(1), parse, accept).filter((f) => {
      const at = f.source ? lines.findIndex((l) => l.page === f.source!.page && l.text === f.source!.text) : -1;
      return at >= 0 && [lines[at]!, lines[at - 1]].some((l) => l !== undefined && ASKED_NOW.test(l.folded));
    });
    // "Détail Montant" heading a list of rows: the value below the heading is its first row, one of
    // several (the toll, then the fees), not the amount due; shown, not trusted.
    const first = labelled[0]!;
    const at = first.source ? lines.findIndex((l) => l.page === first.source!.page && l.text === first.source!.text) : -1;
    const nextRow = at >= 0 ? lines[at + 1] : undefined;
    const headsRows = first.confidence === BELOW && nextRow !== undefined && findAmounts(nextRow.text).length > 0;
    // "Montant du péage 5,20 €" / "Indemnité forfaitaire 90,00 €" / "Frais de relance 10,00 €": one row of
    // a list of amounts that did not add up to a total read on the page (OCR lost it, or it is not printed)
    // is one of several, not the amount due.
    // A label that names the amount owed ("Montant à payer", "Amount now payable", "Reste dû") is
    // trusted in a list; a plain one ("Montant du péage") is not.
    const owedLabel = allLabelled(lines, LABELS.amount.slice(0, 1), parse, accept).some((f) => f.source?.text === first.source?.text && f.value === first.value);
    const inList = at >= 0 && !owedLabel && itemRun(lines, at) >= 3;
    // A sentence that asks for another amount ("Betaal € 250,00 vóór 07/12/2026" beside a label that took
    // "€ 75,00 in plaats van de boete") is a rival the letter itself states.
    // So is a sentence that opens with what is asked now ("Frais de rappel: 7,50 €. Total à payer: 65,00 €").
    const payDemands = lines.flatMap(sentencesOf).filter((l) => (PAY_NOW.test(l.folded) || ASKED_NOW.test(l.folded)) && standardAmountLine(l) && !restatesNonStandard(lines, l))
      .flatMap((l) => amountsBeforeInstead(l).filter((a) => a.hasCurrency).map((a) => ({ value: a.cents, confidence: SENTENCE, source: { page: l.page, text: l.text } })));
    const doubt = disagreement('amount', [...labelled, ...asked, ...payDemands]) ?? (inList ? `one row of a list of amounts with no total that adds up: ${quote(first.source)}` : undefined);
    return { field: headsRows || inList ? { ...first, confidence: GUESS } : first, doubt };
  }
  // No label: trust a currency amount only when the document states a single one. Each sentence of a
  // line is judged on its own: "You may pay €160.00 within 28 days. If that is not paid, you may pay €240.00".
  const all = lines.filter((line) => !restatesNonStandard(lines, line)).flatMap((line) =>
    sentencesOf(line)
      .filter((sentence) => standardAmountLine(sentence) || ((sentence.text === line.text || INCREASED_DEMAND.test(sentence.folded)) && increasedNowDue(lines, line)))
      .flatMap((sentence) => amountsBeforeInstead(sentence).filter((a) => a.hasCurrency && !inNonStandardAside(sentence, a)).map((a) => ({ a, line, sentence }))),
  );
  const distinct = new Set(all.map((x) => x.a.cents));
  const first = all[0];
  if (!first) return { field: null };
  // Several amounts, but one sentence that asks for one of them ("U kunt deze zaak afsluiten door € 58,00
  // te betalen", beside a scale "eerste categorie € 58,00, tweede categorie € 116,00"): the amount asked.
  // Two amounts asked ("betaalt u € 43,50, nadien € 58,00") leave it open.
  const asked = all.filter((x) => PAYMENT_CONTEXT.test(x.sentence.folded) && !PENALTY_RANGE.test(x.sentence.folded));
  const askedValues = new Set(asked.map((x) => x.a.cents));
  if (distinct.size > 1 && askedValues.size === 1) {
    const one = asked[0]!;
    return { field: { value: one.a.cents, confidence: 0.85, source: { page: one.line.page, text: one.line.text } } };
  }
  // One amount and no label: trusted only where a sentence asks the holder to pay it; an amount a letter
  // only mentions ("… is een geldstraf van 150 Euro vorgesehen") may be anything.
  // (The line itself, or the table header a few lines above it: "Délai de paiement … Montant".)
  const payingAt = (line: TextLine) => {
    const i = lines.indexOf(line);
    return lines.slice(Math.max(0, i - 3), i + 1).some((l) => l.page === line.page && PAYMENT_CONTEXT.test(l.folded));
  };
  const demanded = distinct.size === 1 && all.some((x) => payingAt(x.line) && !PENALTY_RANGE.test(x.line.folded));
  return { field: { value: first.a.cents, confidence: demanded ? 0.85 : distinct.size === 1 ? 0.75 : GUESS, source: { page: first.line.page, text: first.line.text } } };
}

/** Words of a column header that names the amount owed ("Montant restant à payer", "Te betalen", "Zu zahlen"). */
const DUE_COLUMN = /restant a payer|reste a payer|a payer|te betalen|zu zahlen|amount (?:due|to pay|payable)|to pay|verschuldigd|total|totaal|gesamt/;
/** Words of a column header that names what was paid already ("Montant déjà réglé", "Reeds betaald"). */
const PAID_COLUMN = /deja (?:regle|paye)|reeds betaald|al betaald|bereits (?:gezahlt|bezahlt)|already paid|paid/;

/**
 * A table row that holds the whole sum under a header wrapped over many lines ("Montant du forfait
 * (FPS) | Montant déjà réglé … | Montant restant à payer" above "… 60,00 € 2,50 € 57,50 €"): its last
 * amount, when the header's last words name the amount owed and the row adds up (the charge less what
 * was paid, or the sum of the amounts before it).
 */
function readRowTotal(lines: readonly TextLine[]): { field: Field<number> } | null {
  for (const [i, line] of lines.entries()) {
    // "60,00 € 2,50 € 57,50 €": every amount of the row, each once (a sign between two numbers is read
    // with either), on a row that names its currency.
    const found = amountsOf(line.text);
    const amounts = found.filter((a, k) => !found.slice(0, k).some((b) => b.cents === a.cents && a.index < b.index + b.length + 2));
    if (amounts.length < 2 || !found.some((a) => a.hasCurrency)) continue;
    const header = headerAbove(lines, i, 20);
    if (!header || !DUE_COLUMN.test(header.slice(Math.max(0, header.length - 40)))) continue;
    const cents = amounts.map((a) => a.cents);
    const last = cents[cents.length - 1]!;
    const before = cents.slice(0, -1);
    const sum = before.reduce((x, y) => x + y, 0);
    const lessPaid = PAID_COLUMN.test(header) && before.length === 2 && before[0]! - before[1]! === last;
    if (sum !== last && !lessPaid) continue;
    return { field: { value: last, confidence: BESIDE, source: { page: line.page, text: line.text } } };
  }
  return null;
}

/**
 * The total of a breakdown that adds up (see amount-breakdown.ts). Its components are not rivals;
 * another total that disagrees (a second breakdown, a "Totaal" line elsewhere) is a doubt.
 */
function readBreakdownTotal(lines: readonly TextLine[]): { field: Field<number>; doubt?: string } | null {
  // A subtotal another breakdown adds up ("Controletarief (incl. btw) € 65,00" + "Administratiekosten
  // € 7,50" = "Totaal openstaand € 72,50") is one of its lines, not a rival total.
  // A line with several amounts is read sentence by sentence, so a breakdown may run on in prose:
  // "… une amende de 55,00 € reste impayé." / "Frais de rappel: 7,50 €. Total à payer: 62,50 €".
  const lineOf = new Map<TextLine, TextLine>();
  const rows = lines.flatMap((l) => {
    if (findAmounts(l.text).length < 2) return [l];
    const sentences = sentencesOf(l);
    for (const s of sentences) lineOf.set(s, l);
    return sentences;
  });
  const all = [...findBreakdowns(rows).filter((b) => standardAmountLine(b.total)), ...findProseSums(lines)];
  const breakdowns = all.filter((b) => !all.some((outer) => outer !== b && outer.components.includes(b.total)));
  const first = breakdowns[0];
  if (!first) return null;
  const inBreakdown = new Set(breakdowns.flatMap((b) => [b.total, ...b.components]).map((r) => lineOf.get(r) ?? r));
  const total = lineOf.get(first.total) ?? first.total;
  const field: Field<number> = { value: first.cents, confidence: BESIDE, source: { page: total.page, text: total.text } };
  const otherTotals = lines
    .filter((l) => !inBreakdown.has(l) && standardAmountLine(l) && TOTAL_DUE.test(l.folded))
    .flatMap((l) => findAmounts(l.text).filter((a) => a.hasCurrency).map((a) => ({ value: a.cents, confidence: SENTENCE, source: { page: l.page, text: l.text } })));
  const rivals = [...breakdowns.slice(1).map((b) => ({ value: b.cents, confidence: BESIDE, source: { page: b.total.page, text: b.total.text } })), ...otherTotals];
  return { field, doubt: disagreement('amount', [field, ...rivals]) };
}

/** How many lines in a row around `at` (same page) are short rows holding one currency amount each. */
function itemRun(lines: readonly TextLine[], at: number): number {
  const isItem = (l: TextLine | undefined) =>
    l !== undefined && l.page === lines[at]!.page && findAmounts(l.text).filter((a) => a.hasCurrency).length === 1 && l.folded.split(' ').length <= 8;
  if (!isItem(lines[at])) return 0;
  let from = at;
  let to = at;
  while (isItem(lines[from - 1])) from--;
  while (isItem(lines[to + 1])) to++;
  return to - from + 1;
}

/** A line that records a payment received: "Paiement reçu le 28/09/2026 - 300,00 €", "Reeds betaald € 50,00". */
const PAYMENT_RECEIVED = /paiement recu|versement recu|teilzahlung|abzuglich|deelbetaling|ontvangen deelbetaling|acompte|part(?:ial)? payment|deja (?:regle|paye|verse)|betaling ontvangen|ontvangen betaling|reeds betaald|al betaald|zahlung(?:seingang| erhalten| eingegangen)|bereits (?:gezahlt|bezahlt|geleistet)|payment received|already paid|amount paid|paid on/;
/** The label of what is left to pay: "Solde restant dû", "Openstaand saldo", "Restbetrag", "Balance due". */
const BALANCE = /\bsolde\b|\bsaldo\b|restant|reste a payer|resterend|restbetrag|noch offen|offener betrag|\bbalance\b|remaining/;

/**
 * A letter that records a part payment and states the balance left ("Total 678,37 €", "Paiement reçu
 * … - 300,00 €", "Solde restant dû 378,37 €"): the balance is what it asks, when the sum works out.
 * The total above it is what was owed before, not a rival.
 */
function readBalanceAfterPayment(lines: readonly TextLine[]): { field: Field<number> } | null {
  const paidAt = lines.findIndex((l) => PAYMENT_RECEIVED.test(l.folded) && amountsOf(l.text).length > 0);
  if (paidAt < 0) return null;
  const paid = amountsOf(lines[paidAt]!.text).at(-1)!.cents;
  for (const line of lines.slice(paidAt + 1, paidAt + 4)) {
    if (line.page !== lines[paidAt]!.page || !BALANCE.test(line.folded)) continue;
    const balance = amountsOf(line.text).at(-1);
    if (!balance) continue;
    // What was owed before the payment: a total just above it, or the rows above it added up
    // ("Nacherhebungsbetrag 96,31 €", "Säumniszuschlag 0,50 €", "Mahngebühr 7,50 €", "abzüglich Teilzahlung - 40,00 €").
    const above = lines.slice(Math.max(0, paidAt - 6), paidAt).filter((l) => l.page === line.page).map((l) => amountsOf(l.text).at(-1)?.cents ?? null);
    const owed = new Set(above.filter((c): c is number => c !== null)); // a total just above it
    let sum = 0;
    for (const cents of above.toReversed()) {
      if (cents === null) break; // the rows added up must run unbroken up to the payment
      sum += cents;
      owed.add(sum);
    }
    if (!owed.has(balance.cents + paid)) continue;
    return { field: { value: balance.cents, confidence: BESIDE, source: { page: line.page, text: line.text } } };
  }
  return null;
}

/** A plain label of what the letter asks now: "Te betalen", "À payer", "Zu zahlen", "To pay", "Total". */
const ASKED_NOW = /^(?:te betalen|a payer|zu zahlen|to pay|amount payable|totaal|total|gesamt)\b/;

/** Words of a line that states the whole sum owed. */
const TOTAL_DUE = /totaal|\btotal\b|saldo|nog te betalen|verschuldigd|montant du|reste a payer|gesamtbetrag|insgesamt|now due|amount due|balance due/;
