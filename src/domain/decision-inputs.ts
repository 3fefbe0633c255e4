// The decision gate: the one list of fields read from a letter that each automatic decision rests
// on, and the rule that every one of them must be trusted. Assessment, the reading bench and the
// tests all use this list; nothing else says which fields are decisive.
//
// "Trusted" comes from the reader (src/reading/field-trust.ts): a value read with confidence and
// without a doubt (no disagreeing candidate, no look-alike of another role), or, for a field the
// letter does not have, an absence the reader could prove (no clause about naming the driver, no
// amount on an identification request). An operator's correction or confirmation is trusted too.

export const DECISIVE_FIELDS = ['kind', 'plate', 'offenceAt', 'documentDate', 'dueDate', 'redirectDeadline', 'amountCents'] as const;
export type DecisiveField = (typeof DECISIVE_FIELDS)[number];

/**
 * How far one field is trusted. For a field with no value, `trusted` means its absence is proven.
 * `doubt` says why not, quoting the sentence it came from, for the operator.
 */
export type FieldTrust = { trusted: boolean; doubt: string | null; derivedFromDocumentDate?: boolean };
export type FieldTrusts = Record<DecisiveField, FieldTrust>;

/** What the gate looks at: which fields have a value, and the reader's verdict on each. */
export type GateFacts = {
  kind: string;
  present: Record<DecisiveField, boolean>;
  trust: FieldTrusts;
};

export type DecisionPath = 'redirect' | 'recharge';
/** `value`: must be read and trusted. `value_or_absence`: read and trusted, or proven absent. */
export type Need = 'value' | 'value_or_absence';

/**
 * The fields each decision path needs (spec "The decision" and "The five-working-day rule"):
 * - both: the kind, the plate and offence time (they pick the contract), and every deadline and
 *   amount the record shows, since the deadline basis, latestDeliveryDate and liability follow from
 *   them;
 * - recharge: the amount and the due date it is paid by;
 * - redirect: the redirect deadline or its proven absence; where it is absent, the due date is the
 *   deadline basis and must be read; an identification request needs its redirect deadline itself;
 * - a deadline counted from the document's date needs that date (see needsOf).
 */
export const DECISION_INPUTS: Record<DecisionPath, Readonly<Record<Exclude<DecisiveField, 'documentDate'>, Need>>> = {
  recharge: { kind: 'value', plate: 'value', offenceAt: 'value', amountCents: 'value', dueDate: 'value', redirectDeadline: 'value_or_absence' },
  redirect: { kind: 'value', plate: 'value', offenceAt: 'value', amountCents: 'value_or_absence', dueDate: 'value_or_absence', redirectDeadline: 'value_or_absence' },
};

/** What matching a contract needs, before any path is known. */
export const MATCHING_INPUTS: readonly DecisiveField[] = ['kind', 'plate', 'offenceAt'];

/** The needs of one path for one document, with the rules that depend on the document itself. */
export function needsOf(path: DecisionPath, facts: GateFacts): Partial<Record<DecisiveField, Need>> {
  const needs: Partial<Record<DecisiveField, Need>> = { ...DECISION_INPUTS[path] };
  if (path === 'redirect') {
    if (facts.kind === 'identification_request') needs.redirectDeadline = 'value';
    else if (!facts.present.redirectDeadline) needs.dueDate = 'value';
  }
  const derived = (['dueDate', 'redirectDeadline'] as const).some((f) => needs[f] && facts.present[f] && facts.trust[f].derivedFromDocumentDate);
  if (derived) needs.documentDate = 'value';
  return needs;
}

export type UntrustedInput = { field: DecisiveField; doubt: string };

function untrusted(fields: Partial<Record<DecisiveField, Need>>, facts: GateFacts): UntrustedInput[] {
  const out: UntrustedInput[] = [];
  for (const field of DECISIVE_FIELDS) {
    const need = fields[field];
    if (!need) continue;
    const trust = facts.trust[field];
    const present = facts.present[field];
    if (present && trust.trusted) continue;
    if (!present && need === 'value_or_absence' && trust.trusted) continue;
    out.push({ field, doubt: trust.doubt ?? (present ? 'not read with confidence' : 'not found on the letter') });
  }
  return out;
}

/** The inputs of contract matching that are not trusted. */
export function untrustedForMatching(facts: GateFacts): UntrustedInput[] {
  return untrusted(Object.fromEntries(MATCHING_INPUTS.map((f) => [f, 'value'])), facts);
}

/** The inputs of an automatic decision on `path` that are not trusted: empty means it may be taken. */
export function untrustedForDecision(path: DecisionPath, facts: GateFacts): UntrustedInput[] {
  return untrusted(needsOf(path, facts), facts);
}

/** Nothing trusted: what a document without a reader's verdict (or not read at all) gets. */
export function noTrust(doubt: string): FieldTrusts {
  return Object.fromEntries(DECISIVE_FIELDS.map((f) => [f, { trusted: false, doubt }])) as FieldTrusts;
}
