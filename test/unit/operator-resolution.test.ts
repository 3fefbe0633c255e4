import { DECISIVE_FIELDS, type FieldTrusts } from '../../src/domain/decision-inputs.js';
// The operator's choices the domain honours (spec: Review queue, Liability attribution): a picked
// contract, a chosen policy, "not a fine", an accepted sender, a re-attributed liability.
import { describe, expect, it } from 'vitest';
import { assess, type AssessmentInput } from '../../src/domain/assessment.js';
import { brusselsInstant } from '../../src/domain/brussels-time.js';
import type { IsoDate } from '../../src/domain/calendar-date.js';
import type { ContractFacts } from '../../src/domain/types.js';

const d = (s: string) => s as IsoDate;
const at = (date: string, h: number, m = 0) => brusselsInstant(d(date), h, m);
const NOW = at('2026-11-23', 10);

const contract = (over: Partial<ContractFacts>): ContractFacts => ({
  id: 'c1', contractRef: 'C1', plate: '1ABC123', startsAt: at('2026-11-01', 0), endsAt: null, finePolicy: 'redirect',
  renter: { type: 'person', name: 'Jan', address: 'Straat 1', birthDate: d('1980-01-01'), companyNumber: null, email: null },
  adminFeeCents: null, receivedAt: at('2026-10-01', 9), ...over,
});

const allTrusted = Object.fromEntries(DECISIVE_FIELDS.map((f) => [f, { trusted: true, doubt: null }])) as FieldTrusts;

const input = (over: Partial<AssessmentInput> = {}): AssessmentInput => ({
  document: {
    receivedAt: at('2026-11-20', 12), senderAllowed: true, opened: true, trust: allTrusted, kind: 'fine', plate: '1ABC123',
    offenceAt: at('2026-11-09', 8), documentDate: d('2026-11-10'), dueDate: d('2026-12-14'), redirectDeadline: d('2026-12-05'), amountCents: 11600,
  },
  contracts: [contract({})],
  client: { defaultFinePolicy: null, defaultFinePolicyUpdatedAt: null, adminFeeCents: 1500 },
  duplicateOf: null,
  now: NOW,
  ...over,
});

describe('operator resolutions in assess()', () => {
  it('decides an ambiguous match on the contract the operator picked', () => {
    const two = [contract({ id: 'a', contractRef: 'A' }), contract({ id: 'b', contractRef: 'B', finePolicy: 'recharge' })];
    expect(assess(input({ contracts: two })).reviewReasons).toEqual(['ambiguous_contract']);
    const picked = assess(input({ contracts: two, resolution: { contractId: 'b' } }));
    expect(picked).toMatchObject({ decision: 'recharge', reviewReasons: [], contract: { contractRef: 'B' }, processedAt: NOW });
  });

  it('ignores a picked contract that is not one of the plate contracts', () => {
    const two = [contract({ id: 'a' }), contract({ id: 'b' })];
    expect(assess(input({ contracts: two, resolution: { contractId: 'elsewhere' } })).reviewReasons).toEqual(['ambiguous_contract']);
  });

  it("uses the operator's policy when neither contract nor client gives one, and before the contract's", () => {
    const none = [contract({ finePolicy: null })];
    expect(assess(input({ contracts: none })).reviewReasons).toEqual(['no_instruction']);
    expect(assess(input({ contracts: none, resolution: { policy: 'recharge' } }))).toMatchObject({
      decision: 'recharge', policySource: 'operator', rechargeAmountCents: 13100,
    });
    expect(assess(input({ resolution: { policy: 'recharge' } })).decision).toBe('recharge');
  });

  it('still redirects an identification request whatever the operator chose', () => {
    const doc = { ...input().document, kind: 'identification_request' as const, amountCents: null };
    expect(assess(input({ document: doc, resolution: { policy: 'recharge' } }))).toMatchObject({ decision: 'redirect', policySource: 'identification_request' });
  });

  it('closes a document the operator marked not a fine, with nothing waiting', () => {
    const doc = { ...input().document, kind: 'unknown' as const };
    expect(assess(input({ document: doc })).reviewReasons).toEqual(['not_a_fine']);
    expect(assess(input({ document: doc, resolution: { notAFine: true } }))).toMatchObject({
      decision: 'not_a_fine', reviewReasons: [], waitingForClient: false, processedAt: NOW,
    });
  });

  it('decides mail from an unknown sender once the operator accepted the sender', () => {
    const doc = { ...input().document, senderAllowed: false };
    expect(assess(input({ document: doc })).reviewReasons).toEqual(['unknown_sender']);
    expect(assess(input({ document: doc, resolution: { senderAccepted: true } })).decision).toBe('redirect');
  });

  it('keeps a re-attributed liability: incorrect information → client, processing error → processor', () => {
    const note = 'renter data in the contract was wrong';
    expect(assess(input({ resolution: { liability: { reason: 'incorrect_information', note } } })).liability).toEqual({ party: 'client', reason: 'incorrect_information' });
    expect(assess(input({ resolution: { liability: { reason: 'processing_error', note } } })).liability).toEqual({ party: 'processor', reason: 'processing_error' });
  });
});
