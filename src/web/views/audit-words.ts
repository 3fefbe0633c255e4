// A document's audit events in words an operator reads: what happened, and per field what it was
// and what it became ("Due date: 2026-11-09 (40%) → 2026-12-21, confirmed by op@…"), instead of the
// stored JSON. Pure: the page escapes every string it returns (values may come from a letter).
import { decisionLabel, FIELD_LABELS, reasonLabel } from './labels.js';

export type AuditEvent = { action: string; before: unknown; after: unknown; note: string | null };
export type AuditChange = { what: string; before: string | null; after: string | null };
export type AuditWords = { action: string; changes: AuditChange[] };

const ACTIONS: Record<string, string> = {
  'document.read': 'read the file',
  'document.assessed': 'assessed',
  'document.reassessed': 're-assessed',
  'field.corrected': 'corrected a field',
  'field.confirmed': 'confirmed a field',
  'resolution.changed': 'changed how it is resolved',
  'liability.reattributed': 're-attributed liability',
  'output.created': 'drew an output',
  'output.kept': 'kept an output for the new version (nothing printed changed)',
  'output.superseded': 'superseded an output (re-assessed)',
};

/** Labels of the stored keys that are not fields (FIELD_LABELS has those). */
const KEY_LABELS: Record<string, string> = {
  decision: 'Decision',
  reviewReasons: 'Review reasons',
  deadlineBasis: 'Deadline basis',
  deadlineBasisDate: 'Deadline basis date',
  latestDeliveryDate: 'Latest delivery',
  delivery: 'Delivery',
  waitingForClient: 'Waiting for the client',
  contractId: 'Contract',
  policy: 'Policy',
  policySource: 'Policy from',
  rechargeAmountCents: 'Recharge amount',
  duplicateOf: 'Duplicate of',
  untrustedInputs: 'Not trusted',
  notAFine: 'Not a fine',
  senderAccepted: 'Sender accepted',
  liabilityReason: 'Liability reason',
  liabilityParty: 'Liable',
  party: 'Liable',
  reason: 'Liability reason',
  readStatus: 'Read',
  cause: 'Why not readable',
  kind: 'Kind',
  fieldsRead: 'Fields found',
  assessmentVersion: 'Assessment version',
  drawnAtVersion: 'File drawn for version',
  supersededByVersion: 'Superseded by version',
};

/** What an assessment event shows: the decision's facts, not its bookkeeping (version, ids, instants). */
const ASSESSMENT_KEYS = ['decision', 'reviewReasons', 'untrustedInputs', 'deadlineBasis', 'deadlineBasisDate', 'latestDeliveryDate', 'delivery', 'waitingForClient', 'contractId', 'policySource', 'rechargeAmountCents', 'duplicateOf', 'liabilityParty', 'liabilityReason'];

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const euro = (cents: number) => `€ ${Math.floor(cents / 100)},${String(Math.abs(cents) % 100).padStart(2, '0')}`;
const words = (code: string) => code.replace(/_/g, ' ');

/** One stored value in words. */
export function valueWords(key: string, value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (key === 'decision') return decisionLabel(String(value));
  if (key === 'reviewReasons' && Array.isArray(value)) return value.length === 0 ? 'none' : value.map((r) => reasonLabel(String(r))).join(', ');
  if (key === 'fieldsRead' && Array.isArray(value)) return value.length === 0 ? 'none' : value.map((f) => FIELD_LABELS[String(f)] ?? String(f)).join(', ');
  if (key === 'untrustedInputs' && Array.isArray(value)) {
    return value.length === 0 ? 'none' : value.map((u) => (isRecord(u) ? `${FIELD_LABELS[String(u.field)] ?? String(u.field)} (${String(u.doubt ?? '')})` : String(u))).join('; ');
  }
  if ((key === 'amountCents' || key === 'rechargeAmountCents') && typeof value === 'number') return euro(value);
  if ((key === 'contractId' || key === 'duplicateOf') && typeof value === 'string') return `id ${value.slice(0, 8)}`;
  if (Array.isArray(value)) return value.map((v) => valueWords(key, v)).join(', ');
  if (isRecord(value)) return JSON.stringify(value);
  return typeof value === 'string' && /^[a-z]+(_[a-z]+)+$/.test(value) ? words(value) : String(value);
}

const label = (key: string) => FIELD_LABELS[key] ?? KEY_LABELS[key] ?? key;

/** A field's value with its confidence: "2026-11-09 (40%)"; a personal field's value is never logged. */
function fieldSide(key: string, side: Record<string, unknown> | null): string | null {
  if (!side) return null;
  const confidence = typeof side.confidence === 'number' ? ` (${Math.round(side.confidence * 100)}%)` : '';
  if (!('value' in side)) return `value not logged${confidence}`;
  return `${valueWords(key, side.value)}${confidence}`;
}

export function auditWords(event: AuditEvent, actor: string): AuditWords {
  const before = isRecord(event.before) ? event.before : null;
  const after = isRecord(event.after) ? event.after : null;
  const action = ACTIONS[event.action] ?? words(event.action.replace(/\./g, ' '));
  if (event.action === 'field.corrected' || event.action === 'field.confirmed') {
    const field = String(after?.field ?? before?.field ?? '');
    const confirmed = event.action === 'field.confirmed';
    return { action, changes: [{ what: label(field), before: fieldSide(field, before), after: `${fieldSide(field, after)}${confirmed ? `, confirmed by ${actor}` : `, set by ${actor}`}` }] };
  }
  if (event.action === 'document.assessed' || event.action === 'document.reassessed') {
    const changes: AuditChange[] = [];
    for (const key of ASSESSMENT_KEYS) {
      if (!after || !(key in after)) continue;
      const value = after[key];
      const empty = value === null || (Array.isArray(value) && value.length === 0) || value === false;
      // An empty fact says nothing, except the decision and the reasons, which are always shown.
      if (empty && key !== 'decision' && key !== 'reviewReasons') continue;
      const was = before && key in before ? valueWords(key, before[key]) : null;
      changes.push({ what: label(key), before: was, after: valueWords(key, value) });
    }
    return { action, changes };
  }
  // A key that only appears afterwards, empty, says nothing ("why not readable: —" on a file that was read).
  const keys = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])].filter((k) => (before && k in before) || (after?.[k] ?? null) !== null);
  return {
    action,
    changes: keys.map((key) => ({
      what: label(key),
      before: before && key in before ? valueWords(key, before[key]) : null,
      after: after && key in after ? valueWords(key, after[key]) : null,
    })),
  };
}
