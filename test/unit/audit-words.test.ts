import { describe, expect, it } from 'vitest';
import { auditWords } from '../../src/web/views/audit-words.js';

describe('audit events in words', () => {
  it('says per field what it was and what it became, and who set it', () => {
    const w = auditWords({ action: 'field.corrected', before: { field: 'amountCents', confidence: 0.4, value: 5800 }, after: { field: 'amountCents', confidence: 1, value: 10900 }, note: null }, 'op@boete.test');
    expect(w).toEqual({ action: 'corrected a field', changes: [{ what: 'Amount', before: '€ 58,00 (40%)', after: '€ 109,00 (100%), set by op@boete.test' }] });
  });
  it('never invents a personal value the audit did not log (the plate)', () => {
    const w = auditWords({ action: 'field.confirmed', before: { field: 'plate', confidence: 0.6 }, after: { field: 'plate', confidence: 1 }, note: null }, 'op@boete.test');
    expect(w.changes).toEqual([{ what: 'Plate', before: 'value not logged (60%)', after: 'value not logged (100%), confirmed by op@boete.test' }]);
  });
  it("shows an assessment's facts, not its bookkeeping", () => {
    const w = auditWords(
      {
        action: 'document.reassessed',
        before: { decision: 'review' },
        after: { version: 2, clientId: 'c', documentId: 'd', decision: 'recharge', reviewReasons: [], deadlineBasis: 'due_date', latestDeliveryDate: '2026-12-14', waitingForClient: false, contractId: '1234abcd-0000-4000-8000-000000000000', liabilityParty: 'renter', liabilityReason: 'on_time', untrustedInputs: [] },
        note: null,
      },
      'system',
    );
    expect(w.action).toBe('re-assessed');
    expect(w.changes).toEqual([
      { what: 'Decision', before: 'in review', after: 'pay and recharge the renter' },
      { what: 'Review reasons', before: null, after: 'none' },
      { what: 'Deadline basis', before: null, after: 'due date' },
      { what: 'Latest delivery', before: null, after: '2026-12-14' },
      { what: 'Contract', before: null, after: 'id 1234abcd' },
      { what: 'Liable', before: null, after: 'renter' },
      { what: 'Liability reason', before: null, after: 'on time' },
    ]);
  });
  it('lists every changed key of other events, in words', () => {
    const w = auditWords({ action: 'resolution.changed', before: { contractId: null, policy: null }, after: { contractId: 'abcdef12-0000', policy: 'redirect' }, note: 'client phoned' }, 'op');
    expect(w).toEqual({ action: 'changed how it is resolved', changes: [{ what: 'Contract', before: '—', after: 'id abcdef12' }, { what: 'Policy', before: '—', after: 'redirect' }] });
  });
});
