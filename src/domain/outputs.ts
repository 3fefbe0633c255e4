// Which outputs a decision needs (spec "Outputs"), as plain functions of the stored facts and `now`:
// the files a decision produces (a redirect's case pack for the authority, a recharge's notice for
// the renter), the lines it adds to the per-client CSVs, the authority family that shapes a pack,
// and when a recharge may enter the accounting file (the client's dispute window).
import type { ContractFacts, Decision, DocumentKind } from './types.js';

/** Files stored per document: one of each kind at most per assessment version. */
export const OUTPUT_FILE_KINDS = ['redirect_pack', 'recharge_notice'] as const;
export type OutputFileKind = (typeof OUTPUT_FILE_KINDS)[number];
/** Lines a decision adds to the per-client CSVs; computed from the stored facts, never stored on their own. */
export type OutputLineKind = 'redirect_list_line' | 'accounting_line';
export type OutputKind = OutputFileKind | OutputLineKind;

/**
 * Who sent the fine decides what the answer looks like; no authority publishes a bulk format, so
 * each family gets the document its own channel asks for (an online form, a letter, an e-mail).
 */
export const AUTHORITY_FAMILIES = ['be_police', 'be_lez', 'nl_cjib', 'fr_antai', 'de_authority', 'generic'] as const;
export type AuthorityFamily = (typeof AUTHORITY_FAMILIES)[number];

/** What the stored reading says about the sender: the letterhead line, the language, and lines read from the letter. */
export type SenderFacts = {
  issuer: string | null;
  language: 'nl' | 'fr' | 'de' | 'en' | null;
  plateCountry: string | null;
  reference: string | null;
  /** Other lines the reader kept (the redirect and payment clauses, every field's source line). */
  lines: readonly string[];
};

const fold = (s: string) => s.replace(/ß/g, 'ss').normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase();

const CJIB = /\b(cjib|centraal justitieel incassobureau|wahv|wet administratiefrechtelijke handhaving)\b/;
const ANTAI = /\b(antai|agence nationale de traitement automatise|avis de contravention|designation du conducteur|ants\.gouv|antai\.gouv)\b/;
const LEZ = /\b(lage[- ]?emissiezone|lez|low[- ]emission zone|zone de basses emissions|zbe|lez\.brussels|umweltzone)\b/;
// German authorities and their questionnaires; a Belgian police letter in German (Eupen) is Belgian.
const DE = /\b(ordnungsamt|bussgeldstelle|zentrale bussgeldstelle|landratsamt|landkreis|polizeiprasidium|zeugenfragebogen|anhorungsbogen|fahrzeughalter|kreisverwaltung|stadt [a-z]+ -|stadtverwaltung)\b/;
const BE = /\b(politiezone|zone de police|polizeizone|federale politie|police federale|foderale polizei|wegpolitie|police de la route|parket|parquet|procureur des konings|procureur du roi|crossborder|justonweb|verkeersboetes|amendes\.be|onmiddellijke inning|perception immediate|sofortige erhebung|proces-verbaal|proces-verbal|pv-nummer|gas-boete|sanction administrative)\b/;
const BE_REFERENCE = /^[A-Z]{2}\.\d{2}\.[A-Z0-9]{2}\.\d+\/\d{4}$/;
const CJIB_REFERENCE = /^\d{4} ?\d{4} ?\d{4} ?\d{4}$/;

/**
 * The authority family of a fine, from what the reader stored (letterhead, language, reference
 * shape, the lines it kept). Unknown senders get the generic pack, which carries every field.
 */
export function authorityFamily(facts: SenderFacts): AuthorityFamily {
  const text = fold([facts.issuer ?? '', ...facts.lines].join('\n'));
  const reference = facts.reference?.trim() ?? '';
  if (CJIB.test(text) || (CJIB_REFERENCE.test(reference) && facts.language === 'nl' && !BE.test(text))) return 'nl_cjib';
  if (ANTAI.test(text)) return 'fr_antai';
  if (LEZ.test(text) && !DE.test(text)) return 'be_lez';
  if (BE.test(text) || BE_REFERENCE.test(reference)) return 'be_police';
  if (DE.test(text) || (facts.language === 'de' && facts.plateCountry !== 'BE')) return 'de_authority';
  return 'generic';
}

export type OutputsInput = {
  decision: Decision;
  kind: DocumentKind;
  /** When the decision was taken (the assessment's processedAt). */
  processedAt: Date | null;
  contract: Pick<ContractFacts, 'renter'> | null;
  client: { disputeWindowHours: number };
  /** An operator marked the recharge disputed (inside the window). */
  rechargeDisputedAt: Date | null;
  now: Date;
};

/**
 * What a decision needs, at `now`: a redirect its case pack and a line in the day's redirect list;
 * a recharge its notice (at once, whatever the dispute window) and, once the window has passed
 * undisputed, its line in the accounting file. Reviews, duplicates and closed documents need nothing.
 */
export function outputsNeeded(input: OutputsInput): OutputKind[] {
  if (!input.processedAt || !input.contract) return [];
  if (input.decision === 'redirect') return ['redirect_pack', 'redirect_list_line'];
  if (input.decision === 'recharge') {
    const booking = rechargeBooking(input.processedAt, input.client.disputeWindowHours, input.rechargeDisputedAt, input.now);
    return booking.state === 'booked' ? ['recharge_notice', 'accounting_line'] : ['recharge_notice'];
  }
  return [];
}

/** One stored output row as the planner sees it (src/db/output-store.ts storedOutputVersions). */
export type StoredOutputVersion = {
  kind: OutputFileKind;
  /** The assessment version the row is an output of. */
  assessmentVersion: number;
  /** The version its file was drawn for (earlier than assessmentVersion when the file was kept). */
  drawnAtVersion: number;
  /** What the file prints, hashed; null for a file drawn before fingerprints were kept (never matches). */
  printedFactsSha256: string | null;
};

export type OutputPlanInput = OutputsInput & {
  /** The assessment's current version: the outputs planned belong to it. */
  assessmentVersion: number;
  /** The fingerprint of what a file of this kind would print from the current facts (asked only for the files the decision needs). */
  printedFactsSha256: (kind: OutputFileKind) => string;
  stored: readonly StoredOutputVersion[];
};

export type OutputPlan = {
  /** Files to draw for the current version: none stored for it, and none earlier that prints the same. */
  draw: OutputFileKind[];
  /** The printed facts did not change: the latest earlier file of the kind stays, recorded for the current version. */
  keep: { kind: OutputFileKind; fromVersion: number; drawnAtVersion: number }[];
  /** Already stored for the current version: never drawn again, so never differently. */
  present: OutputFileKind[];
  /**
   * The outputs that were current until this version (those of the latest earlier version that has
   * any) and whose file is not kept: what this version replaces. Older ones were superseded before.
   */
  superseded: { kind: OutputFileKind; assessmentVersion: number }[];
  /** A newer version than the one planned for is stored already: the facts were loaded before a re-assessment; do nothing. */
  stale: boolean;
};

/**
 * Which files the current decision needs for its version, from the stored outputs of every version:
 * a file stored for this version stays (a redelivered job draws nothing); otherwise the latest
 * earlier file of the kind is kept when it prints the same facts (a re-assessment that changed
 * nothing printed — a liability re-attribution, a confirmed field — draws nothing new), else a new
 * one is drawn. Every row of an earlier version is superseded once the assessment has a newer
 * version (the listings derive it: current = the row's version is the assessment's); rows stay
 * stored for the audit. The plan names the ones this version replaces, for the audit trail. A
 * decision that needs no file (a review, a duplicate) supersedes them all; a recharge that became a
 * redirect draws a pack and supersedes the notice.
 */
export function planOutputs(input: OutputPlanInput): OutputPlan {
  const version = input.assessmentVersion;
  const plan: OutputPlan = { draw: [], keep: [], present: [], superseded: [], stale: false };
  if (input.stored.some((s) => s.assessmentVersion > version)) return { ...plan, stale: true };
  const needed = outputsNeeded(input);
  const files = OUTPUT_FILE_KINDS.filter((k) => needed.includes(k));
  const stillCurrent = new Set<string>();
  for (const kind of files) {
    const ofKind = input.stored.filter((s) => s.kind === kind);
    const mine = ofKind.find((s) => s.assessmentVersion === version);
    if (mine) {
      plan.present.push(kind);
      stillCurrent.add(`${kind}@${mine.drawnAtVersion}`);
      continue;
    }
    const latest = ofKind.reduce<StoredOutputVersion | null>((best, s) => (!best || s.assessmentVersion > best.assessmentVersion ? s : best), null);
    if (latest && latest.printedFactsSha256 !== null && latest.printedFactsSha256 === input.printedFactsSha256(kind)) {
      plan.keep.push({ kind, fromVersion: latest.assessmentVersion, drawnAtVersion: latest.drawnAtVersion });
      stillCurrent.add(`${kind}@${latest.drawnAtVersion}`);
    } else {
      plan.draw.push(kind);
    }
  }
  // The outputs that were current until this version: those of the latest earlier version that has
  // any (older ones were superseded by it already). A kept file is not superseded: it goes on.
  const previous = Math.max(0, ...input.stored.filter((s) => s.assessmentVersion < version).map((s) => s.assessmentVersion));
  for (const s of input.stored) {
    if (s.assessmentVersion === previous && !stillCurrent.has(`${s.kind}@${s.drawnAtVersion}`)) plan.superseded.push({ kind: s.kind, assessmentVersion: s.assessmentVersion });
  }
  plan.superseded.sort((a, b) => a.kind.localeCompare(b.kind));
  return plan;
}

export type RechargeBooking = {
  /** in_window: the renter may still dispute it; booked: in the accounting file; disputed: kept out of it. */
  state: 'in_window' | 'booked' | 'disputed';
  /** When the window closes (= processedAt + window): the recharge's booking instant, which puts it in a period. */
  bookableAt: Date;
};

const HOUR_MS = 3_600_000;

/** When a recharge enters the accounting file: once its dispute window has passed without a dispute. */
export function rechargeBooking(processedAt: Date, disputeWindowHours: number, disputedAt: Date | null, now: Date): RechargeBooking {
  const bookableAt = new Date(processedAt.getTime() + Math.max(0, disputeWindowHours) * HOUR_MS);
  // A dispute counts only when it was marked before the window closed (markDispute refuses later ones).
  if (disputedAt && disputedAt.getTime() < bookableAt.getTime()) return { state: 'disputed', bookableAt };
  return { state: now.getTime() >= bookableAt.getTime() ? 'booked' : 'in_window', bookableAt };
}

/**
 * Whether an operator may still mark a recharge disputed: only a recharge whose window is still
 * open, because a booked line is in a period's accounting file that may already have been imported.
 */
export function disputeRefusal(decision: Decision, processedAt: Date | null, disputeWindowHours: number, disputedAt: Date | null, now: Date): string | null {
  if (decision !== 'recharge' || !processedAt) return 'only a recharge can be disputed';
  if (disputedAt) return 'this recharge is already marked disputed';
  const booking = rechargeBooking(processedAt, disputeWindowHours, null, now);
  if (booking.state === 'booked') return `the dispute window closed at ${booking.bookableAt.toISOString()}: the recharge is already in the accounting file`;
  return null;
}

/** Renter fields a redirect pack lists as missing when the contract does not give them. */
export type RenterField = 'name' | 'address' | 'birthDate' | 'birthPlace' | 'companyNumber' | 'drivingLicenceNumber' | 'drivingLicenceDate';

/**
 * The renter fields each authority's form asks for, in the form's order. Contracts carry name,
 * address, birth date or company number; birth place and licence data are never in a contract
 * today, so they are printed as missing where the authority asks for them (ANTAI, Belgian police).
 */
export function renterFieldsAskedBy(family: AuthorityFamily, renterType: 'person' | 'company' | null): RenterField[] {
  if (renterType === 'company') return ['name', 'companyNumber', 'address'];
  switch (family) {
    case 'fr_antai':
      // https://www.antai.gouv.fr/en/designations/ step 3: "name, surname, date of birth, and postal
      // address along with the licence number of the designated person and its issue date"; the
      // paper exemption form also asks the place of birth.
      return ['name', 'birthDate', 'birthPlace', 'address', 'drivingLicenceNumber', 'drivingLicenceDate'];
    case 'be_police':
      // Identification under art. 67ter of the Belgian traffic act, online at Justonweb.be/fines
      // (https://frixis.be/fr/nouvelles/actualite-cat/obligation-didentification-service-public-federal-justice.htm,
      // https://acteo.be/nos-publications/la-bcv-outil-de-simplification-de-la-gestion-des-amendes-et-de-responsabilisation-des-conducteurs):
      // the driver's identity, birth date, address and driving licence.
      return ['name', 'birthDate', 'address', 'drivingLicenceNumber'];
    default:
      return ['name', 'address', 'birthDate'];
  }
}
