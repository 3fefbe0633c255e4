// What the letter is: a fine, a parking charge or a request to identify the driver. Scored from the
// kind words of its title, its head and its whole text, then checked against what it asks for: a
// letter that asks the holder to pay an amount is not an identification request, whatever it says
// about naming the driver, and one that says there is nothing to pay is one. Pure.
import type { DocumentKind } from '../domain/types.js';
import { findAmounts } from './amounts.js';
import type { Field } from './fields.js';
import type { TextLine } from './text-lines.js';
import { sentencesOf, standardAmountLine } from './amount-reading.js';
import { CLOSED_PERIOD, CONDITIONAL, IBAN, KIND_KEYWORDS, NOTHING_TO_PAY, PAY_DEMAND, PAYMENT_CONTEXT } from './vocabulary.js';

/** A title: a short line near the top ("FIXED CHARGE NOTICE", "Verzoek tot identificatie van de bestuurder"). */
const isTitle = (line: TextLine, index: number) => index < 25 && line.folded.split(' ').length <= 8 && !FIELD_LABEL.test(line.folded);
/** "Date of contravention", "Time of contravention", "Datum overtreding", "Lieu de l'infraction": a field's label, not a title. */
const FIELD_LABEL = /^(?:date|time|datum|tijd(?:stip)?|uur|heure|uhrzeit|zeit|tag|place|location|lieu|plaats|ort|amount|bedrag|montant|betrag)\b/;

/**
 * A sentence asking the holder to pay an amount ("Please pay EUR 174.00 within 30 days", "Betaal
 * € 172,50 uiterlijk op …"); with `standardOnly`, one for the standard amount, not a reduced one ("You
 * may pay the reduced amount of € 45.00 within 20 days" is an offer, not the demand). Each sentence on
 * its own: "Pay EUR 114.60 within 60 days … If you pay within 5 days, … EUR 89.70".
 */
function payRequest(lines: readonly TextLine[], standardOnly: boolean): TextLine | null {
  return (
    lines.flatMap(sentencesOf).find(
      (l) =>
        PAY_DEMAND.test(l.folded) &&
        // "Please do not pay any amount in response to this request" is the opposite of a demand.
        !NOTHING_TO_PAY.test(l.folded) &&
        PAYMENT_CONTEXT.test(l.folded) &&
        findAmounts(l.text).some((a) => a.hasCurrency) &&
        (!standardOnly || standardAmountLine(l)),
    ) ?? null
  );
}
const asksHolderToPay = (lines: readonly TextLine[]) => payRequest(lines, true);
/** The holder is offered to pay, if only a reduced amount to end the procedure, into an account the letter prints. */
const offersPayment = (lines: readonly TextLine[]) => (lines.some((l) => IBAN.test(l.text)) ? payRequest(lines, false) : null);

/** "U hoeft nu niets te / betalen." wraps: a line is read alone, then with the next. */
function saysNothingToPay(lines: readonly TextLine[]): TextLine | null {
  return (
    lines.find((l) => NOTHING_TO_PAY.test(l.folded)) ??
    lines.find((l, i) => NOTHING_TO_PAY.test(lines[i + 1]?.page === l.page ? `${l.folded} ${lines[i + 1]!.folded}` : l.folded)) ??
    null
  );
}

/**
 * The addressee's department ("t.a.v. afdeling Boetes", "z. Hd. Abteilung Bußgelder", "Attn: Traffic
 * Fines", "Service Amendes" alone on its line): it names what the rental company calls its mail, not
 * what this letter is.
 */
const ADDRESSEE_LINE =
  /^(?:t\.? ?a\.? ?v\.?|tav|z\.? ?hd\.?|attn\.?|att\.|a l'attention|c\/o|afdeling|abteilung)\b|^(?:service|dienst|departement|department|bureau|cellule)\s+(?:des\s+|de\s+|the\s+)?(?:amendes?|boetes?|bu(?:ss|ß)gelder|fines|contraventions|pv)\s*$|^(?:traffic |parking )?(?:fines?|boetes?|amendes?|pv|bu(?:ss|ß)gelder?) (?:desk|department|dept\.?|team|office|unit)\s*$/;

/**
 * The name of a law or regulation ("Steiermärkisches Parkgebührengesetz", "Parkgebührenverordnung"):
 * it names the rule broken, not what the letter is.
 */
const LAW_NAME = /\b\p{L}+(?:gesetz(?:es)?|verordnung)\b/gu;
/** "This is not a fine issued by a public authority", "Dit is geen boete": a kind the letter says it is not. */
const DENIED_KIND = /\b(?:(?:is|are) not an? (?:penalty |criminal )?(?:fine|penalty)|(?:is|zijn) geen (?:\w+ )?(?:boete|geldboete|bekeuring)|(?:n'est|ne sont) pas une? (?:\w+ )?(?:amende|contravention|proces-verbal)|(?:ist|sind) (?:kein(?:e)?|nicht eine?) (?:\w+ )?(?:strafe|geldstrafe|bu(?:ss|ß)geld|verwarnungsgeld|strafzettel))\b/g;
/**
 * "… abgestellt, ohne die Parkgebühr entrichtet zu haben", "without paying the parking fee": the fee
 * left unpaid is the offence told, and says nothing of what the letter is (a penal order for it is a fine).
 */
const UNPAID_FEE = /\b(?:ohne\s+(?:die\s+|eine\s+|das\s+)?(?:\p{L}+\s+)?(?:parkgebuhr|parkentgelt|parkgeld|gebuhr)\p{L}*\s+(?:zu\s+)?(?:entrichte[nt]|bezahlt|bezahlen|zahlen|gezahlt)|sans\s+(?:avoir\s+)?(?:paye|acquitte|regle)\s+(?:la\s+|le\s+|les\s+)?(?:redevance|droits?\s+de\s+stationnement|stationnement)|zonder\s+(?:het\s+|de\s+)?(?:verschuldigde\s+)?(?:parkeergeld|parkeerbelasting|parkeertarief|parkeerretributie|retributie)\p{L}*\s+(?:te\s+)?(?:betalen|betaald|voldoen|voldaan)|without\s+(?:paying|having\s+paid)\s+(?:the\s+|a\s+)?(?:parking\s+)?(?:fee|charge|tariff))/gu;
/**
 * "Die Frist zur Benennung des Fahrers ist abgelaufen", "Le délai pour désigner le conducteur est échu":
 * a naming route the letter says is closed is no sign that it asks who drove.
 */
/** "eine Lenkerauskunft ist nicht erforderlich": a request the letter says it does not make. */
const NOT_NEEDED = /nicht erforderlich|nicht notig|not (?:required|necessary|needed)|niet (?:nodig|vereist)|pas (?:necessaire|requise?)/;
// Without the global flag: a test per sentence, no lastIndex carried between them.
const IDENTIFICATION_WORDS = new RegExp(KIND_KEYWORDS.find((k) => k.kind === 'identification_request')!.re.source);
const withoutClosedNaming = (text: string) =>
  text
    .split(/(?<=[.;!?])\s/)
    .map((sentence) => ((CLOSED_PERIOD.test(sentence) || NOT_NEEDED.test(sentence)) && !CONDITIONAL.test(sentence) && IDENTIFICATION_WORDS.test(sentence) ? ' ' : sentence))
    .join(' ');
const withoutLawNames = (text: string) => withoutClosedNaming(text.replace(LAW_NAME, ' ').replace(DENIED_KIND, ' ').replace(UNPAID_FEE, ' '));

function scoreKinds(lines: readonly TextLine[]) {
  const head = withoutLawNames(lines.slice(0, 25).map((l) => l.folded).join('\n'));
  const all = withoutLawNames(lines.map((l) => l.folded).join('\n'));
  const titles = withoutLawNames(lines.filter(isTitle).map((l) => l.folded).join('\n'));
  return KIND_KEYWORDS.map(({ kind, re, weight }) => ({
    kind,
    re,
    score: weight * ([...titles.matchAll(re)].length * 4 + [...head.matchAll(re)].length * 2 + [...all.matchAll(re)].length),
  })).sort((a, b) => b.score - a.score);
}

/**
 * The kind a letter read as an identification request is when it also labels an amount and a day to
 * pay it by ("Montant de la perception immédiate € 116,00" / "À payer au plus tard le 26/10/2026" beside
 * an enclosed "Formulaire de désignation du conducteur"): the best of the other kinds its words name.
 * None when the letter says there is nothing to pay.
 */
export function kindBesidesIdentification(allLines: readonly TextLine[]): DocumentKind | null {
  const lines = allLines.filter((l) => !ADDRESSEE_LINE.test(l.folded));
  // One that says there is nothing to pay stays a request, whatever it prints.
  if (saysNothingToPay(lines)) return null;
  return scoreKinds(lines).find((s) => s.kind !== 'identification_request' && s.score > 0)?.kind ?? null;
}

export function readKind(allLines: readonly TextLine[]): Field<DocumentKind> {
  const lines = allLines.filter((l) => !ADDRESSEE_LINE.test(l.folded));
  const scored = scoreKinds(lines);
  const top = scored[0];
  if (!top || top.score === 0) {
    // No kind's words ("Auf unsere Anhörung … ist keine Zahlung eingegangen. Zahlen Sie 35,00 € bis zum …"),
    // yet it asks the holder to pay an amount: a penalty of some sort, most likely a fine. Not trusted.
    const demand = asksHolderToPay(lines);
    if (demand) return { value: 'fine', confidence: 0.75, source: { page: demand.page, text: demand.text } };
    return { value: 'unknown', confidence: 0.7, source: null };
  }
  const sourceOf = (re: RegExp) => {
    const hit = lines.find((l) => new RegExp(re.source).test(l.folded));
    return hit ? { page: hit.page, text: hit.text } : null;
  };
  const identification = scored.find((s) => s.kind === 'identification_request')!;
  const nothingToPay = saysNothingToPay(lines);
  // "U hoeft niets te betalen" decides only a letter that asks for no amount anywhere: a reminder that
  // says it received "geen betaling" and asks "Betaal de som van € 174,00" is a fine.
  if (identification.score > 0 && nothingToPay && !asksHolderToPay(lines)) {
    return { value: 'identification_request', confidence: 0.95, source: { page: nothingToPay.page, text: nothingToPay.text } };
  }
  if (top.kind === 'identification_request') {
    const demand = asksHolderToPay(lines);
    const other = scored.find((s) => s.kind !== 'identification_request' && s.score > 0);
    // It names the driver as the way out of a fine it asks to be paid: a fine (or parking charge).
    if (demand) return { value: other?.kind ?? 'fine', confidence: 0.9, source: { page: demand.page, text: demand.text } };
    // Offered to pay (a reduced amount, into a printed account) and asked who drove: a fine or charge
    // whose letter also asks for the driver, not a request with nothing to pay. Not trusted: no
    // sentence asks for its full amount.
    const offer = offersPayment(lines);
    if (offer && other) return { value: other.kind, confidence: 0.75, source: { page: offer.page, text: offer.text } };
  }
  // Trusted when the words of one kind clearly outweigh the others', or when a fine's or charge's
  // words lead and the letter asks the holder to pay (naming the driver is then its way out).
  const runnerUp = scored[1]?.score ?? 0;
  const clear = top.score >= 4 && (runnerUp * 2 <= top.score || asksHolderToPay(lines) !== null);
  return { value: top.kind, confidence: clear ? 0.95 : 0.75, source: sourceOf(top.re) };
}
