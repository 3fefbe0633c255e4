// The reader's verdict on each decisive field, for the decision gate (src/domain/decision-inputs.ts):
// a value is trusted when it was read with confidence and nothing cast doubt on it; a field the
// letter lacks is trusted only when its absence is proven. Pure; run again after OCR has weighed
// the fields, since their confidences change there.
import { DECISIVE_FIELDS, type DecisiveField, type FieldTrust, type FieldTrusts } from '../domain/decision-inputs.js';
import { CONFIDENT, type ExtractedFields, type Field, type Provenance } from './fields.js';

const quote = (p: Provenance | null) => (p ? `«${p.text.length > 140 ? `${p.text.slice(0, 137)}…` : p.text}» (page ${p.page})` : 'no line');

function present(field: Field<unknown>, doubt: string | undefined): FieldTrust {
  const trust: FieldTrust = { trusted: false, doubt: null };
  if (field.derivedFrom) trust.derivedFromDocumentDate = true;
  if (field.confirmedBy) return { ...trust, trusted: true };
  if (doubt) return { ...trust, doubt };
  if (field.confidence < CONFIDENT) return { ...trust, doubt: `read with confidence ${field.confidence.toFixed(2)} from ${quote(field.source)}` };
  return { ...trust, trusted: true };
}

/** Whether a field the letter does not have is proven absent, and if not, why. */
function absent(name: DecisiveField, f: Omit<ExtractedFields, 'trust'>, identificationRequest: boolean): FieldTrust {
  const doubt = f.doubts[name];
  if (doubt) return { trusted: false, doubt };
  // A deadline may stand on a page that did not come (the back of a photographed sheet).
  if ((name === 'redirectDeadline' || name === 'dueDate') && f.missingPages) {
    return { trusted: false, doubt: `no ${name === 'dueDate' ? 'due date' : 'redirect deadline'} was read, and the letter has pages that were not received: ${quote(f.missingPages)}` };
  }
  switch (name) {
    case 'documentDate':
      // Needed only for a deadline counted from it, and such a deadline cannot exist without it.
      return { trusted: true, doubt: null };
    case 'dueDate':
      // A letter that asks for money has a day to pay by: not finding it proves nothing.
      if (identificationRequest) return { trusted: true, doubt: null };
      return {
        trusted: false,
        doubt: f.paymentClause ? `the letter speaks of paying, but no due date was read from it: ${quote(f.paymentClause)}` : 'no due date was read from the letter',
      };
    case 'redirectDeadline':
      if (!f.redirectClause) return { trusted: true, doubt: null };
      return { trusted: false, doubt: `the letter speaks of naming the driver or of an appeal, but no deadline was read from it: ${quote(f.redirectClause)}` };
    case 'amountCents':
      // An identification request asks for a name, not money, whatever penalty it threatens.
      if (identificationRequest) return { trusted: true, doubt: null };
      return { trusted: false, doubt: 'no amount to pay was read from the letter' };
    default:
      return { trusted: false, doubt: `no ${name} was read from the letter` };
  }
}

export function judgeTrust(f: Omit<ExtractedFields, 'trust'>): FieldTrusts {
  const kind = present(f.kind, f.doubts.kind);
  const identificationRequest = f.kind.value === 'identification_request' && kind.trusted;
  const verdicts = { kind } as FieldTrusts;
  for (const name of DECISIVE_FIELDS) {
    if (name === 'kind') continue;
    const field = f[name] as Field<unknown> | null;
    verdicts[name] = field ? present(field, f.doubts[name]) : absent(name, f, identificationRequest);
  }
  return verdicts;
}
