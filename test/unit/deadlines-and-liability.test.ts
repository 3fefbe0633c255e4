import { describe, expect, it } from 'vitest';
import { assess, type AssessmentInput } from '../../src/domain/assessment.js';
import { brusselsDateOf, brusselsInstant, formatBrusselsInstant, parseInstant } from '../../src/domain/brussels-time.js';
import type { IsoDate } from '../../src/domain/calendar-date.js';
import { matchContract } from '../../src/domain/contract-matching.js';
import { deadlineBasis, deliveryOf, latestDeliveryDate } from '../../src/domain/deadlines.js';
import { attributeLiability, type LiabilityFacts } from '../../src/domain/liability.js';
import { DECISIVE_FIELDS, noTrust, type FieldTrusts } from '../../src/domain/decision-inputs.js';
import type { ContractFacts } from '../../src/domain/types.js';

const d = (s: string) => s as IsoDate;
const at = (date: string, h: number, m = 0) => brusselsInstant(d(date), h, m);

describe('Brussels time', () => {
  it('handles both DST changes', () => {
    expect(formatBrusselsInstant(at('2026-03-29', 2, 30))).toBe('2026-03-29T03:30:00+02:00'); // gap: moves forward
    expect(formatBrusselsInstant(at('2026-07-01', 12))).toBe('2026-07-01T12:00:00+02:00');
    expect(formatBrusselsInstant(at('2026-12-01', 12))).toBe('2026-12-01T12:00:00+01:00');
  });
  it('reads ISO instants without offset as Brussels local time', () => {
    expect(parseInstant('2026-07-01T08:00')?.toISOString()).toBe('2026-07-01T06:00:00.000Z');
    expect(parseInstant('2026-07-01T08:00Z')?.toISOString()).toBe('2026-07-01T08:00:00.000Z');
    expect(parseInstant('2026-02-30')).toBeNull();
  });
  it('takes the Brussels date of an instant, not the UTC date', () => {
    expect(brusselsDateOf(new Date('2026-12-04T23:30:00Z'))).toBe('2026-12-05');
  });
});

describe('the five-working-day rule', () => {
  it('uses the redirect deadline for a redirect, the due date for a recharge, the earliest while open', () => {
    expect(deadlineBasis('redirect', d('2026-12-20'), d('2026-12-05'))).toEqual({ kind: 'redirect_deadline', date: '2026-12-05' });
    expect(deadlineBasis('recharge', d('2026-12-20'), d('2026-12-05'))).toEqual({ kind: 'due_date', date: '2026-12-20' });
    expect(deadlineBasis('recharge', null, d('2026-12-05'))).toEqual({ kind: 'redirect_deadline', date: '2026-12-05' });
    expect(deadlineBasis('open', d('2026-12-20'), d('2026-12-05'))).toEqual({ kind: 'redirect_deadline', date: '2026-12-05' });
    expect(deadlineBasis('open', null, null)).toBeNull();
  });
  it('is on time at 23:40 on the last Friday and late on Saturday morning', () => {
    const latest = latestDeliveryDate(d('2026-11-27'));
    expect(latest).toBe('2026-11-20');
    expect(deliveryOf(at('2026-11-20', 23, 40), latest)).toBe('on_time');
    expect(deliveryOf(at('2026-11-21', 0, 5), latest)).toBe('late');
  });
});

const contract = (over: Partial<ContractFacts>): ContractFacts => ({
  id: 'c1', contractRef: 'C1', plate: '1ABC123', startsAt: at('2026-11-01', 0), endsAt: null, finePolicy: 'redirect',
  renter: { type: 'person', name: 'Jan', address: 'Straat 1', birthDate: d('1980-01-01'), companyNumber: null, email: null },
  adminFeeCents: null, receivedAt: at('2026-10-01', 9), ...over,
});

describe('contract matching', () => {
  const morning = contract({ id: 'a', endsAt: at('2026-11-10', 12) });
  const afternoon = contract({ id: 'b', startsAt: at('2026-11-10', 12) });
  it('takes the contract covering the exact instant (start inclusive, end exclusive)', () => {
    expect(matchContract([morning, afternoon], '1-abc-123', at('2026-11-10', 11, 59))).toMatchObject({ kind: 'matched', contract: { id: 'a' } });
    expect(matchContract([morning, afternoon], '1ABC123', at('2026-11-10', 12, 0))).toMatchObject({ kind: 'matched', contract: { id: 'b' } });
  });
  it('reports none and ambiguous', () => {
    expect(matchContract([morning], '1ABC123', at('2026-11-11', 9)).kind).toBe('none');
    expect(matchContract([contract({ id: 'x' }), contract({ id: 'y' })], '1ABC123', at('2026-11-11', 9)).kind).toBe('ambiguous');
  });
});

describe('liability, row by row', () => {
  const base: LiabilityFacts = {
    receivedAt: at('2026-11-16', 10), latestDeliveryDate: d('2026-11-20'), deadlineBasisDate: d('2026-11-27'),
    informationCompleteAt: at('2026-11-16', 10), waitingForClient: false, processedAt: at('2026-11-17', 10),
  };
  const now = at('2026-11-18', 12);
  it.each<[string, Partial<LiabilityFacts>, Date, string, string]>([
    ['late delivery', { receivedAt: at('2026-11-21', 8) }, now, 'client', 'late_delivery'],
    ['late information', { informationCompleteAt: at('2026-11-23', 9) }, now, 'client', 'late_information'],
    ['still waiting, past the delivery date', { waitingForClient: true, informationCompleteAt: null, processedAt: null }, at('2026-11-23', 9), 'client', 'incomplete_information'],
    ['still waiting, in time', { waitingForClient: true, informationCompleteAt: null, processedAt: null }, now, 'undetermined', 'pending'],
    ['processed after the deadline', { processedAt: at('2026-11-28', 9) }, at('2026-11-28', 9), 'processor', 'late_processing'],
    ['unprocessed past the deadline', { processedAt: null }, at('2026-11-28', 9), 'processor', 'late_processing'],
    ['processed on time', {}, now, 'client', 'processed_on_time'],
    ['processed on the deadline day itself', { processedAt: at('2026-11-27', 23) }, now, 'client', 'processed_on_time'],
  ])('%s', (_name, over, when, party, reason) => {
    expect(attributeLiability({ ...base, ...over }, when)).toEqual({ party, reason });
  });
});

const allTrusted = Object.fromEntries(DECISIVE_FIELDS.map((f) => [f, { trusted: true, doubt: null }])) as FieldTrusts;

describe('assessment', () => {
  const input = (over: Partial<AssessmentInput['document']> = {}, rest: Partial<AssessmentInput> = {}): AssessmentInput => ({
    document: {
      receivedAt: at('2026-11-16', 10), senderAllowed: true, opened: true, trust: allTrusted, kind: 'fine', plate: '1ABC123',
      offenceAt: at('2026-11-10', 9), documentDate: d('2026-11-12'), dueDate: d('2026-12-20'), redirectDeadline: d('2026-12-05'), amountCents: 11600, ...over,
    },
    contracts: [contract({})],
    client: { defaultFinePolicy: null, defaultFinePolicyUpdatedAt: null, adminFeeCents: 1500 },
    duplicateOf: null,
    now: at('2026-11-18', 12),
    ...rest,
  });
  it('redirects when the contract says so and the renter is complete', () => {
    expect(assess(input())).toMatchObject({ decision: 'redirect', deadlineBasis: { kind: 'redirect_deadline' }, latestDeliveryDate: '2026-11-30' });
  });
  it('asks for renter data a redirect needs', () => {
    const c = contract({ renter: { type: 'company', name: 'BV', address: 'Kaai 1', birthDate: null, companyNumber: null, email: null } });
    expect(assess(input({}, { contracts: [c] }))).toMatchObject({ decision: 'review', reviewReasons: ['missing_renter_data'], waitingForClient: true });
  });
  it('recharges amount plus admin fee (contract fee first, else client fee)', () => {
    expect(assess(input({}, { contracts: [contract({ finePolicy: 'recharge' })] }))).toMatchObject({ decision: 'recharge', rechargeAmountCents: 13100 });
    expect(assess(input({}, { contracts: [contract({ finePolicy: 'recharge', adminFeeCents: 500 })] }))).toMatchObject({ rechargeAmountCents: 12100 });
  });
  it('always redirects an identification request', () => {
    expect(assess(input({ kind: 'identification_request', amountCents: null }, { contracts: [contract({ finePolicy: 'recharge' })] })).decision).toBe('redirect');
  });
  it('needs an instruction when neither contract nor client has a policy', () => {
    expect(assess(input({}, { contracts: [contract({ finePolicy: null })] }))).toMatchObject({ decision: 'review', reviewReasons: ['no_instruction'] });
  });
  it('separates unreadable files, non-fines and unreadable fields', () => {
    expect(assess(input({ opened: false })).reviewReasons).toEqual(['unreadable_document']);
    expect(assess(input({ kind: 'unknown', trust: noTrust('unreadable') })).reviewReasons).toEqual(['not_a_fine']);
    expect(assess(input({ trust: noTrust('unreadable') })).reviewReasons).toEqual(['unreadable_document']);
  });
  it('marks a duplicate as processed and points at the first document', () => {
    expect(assess(input({}, { duplicateOf: 'doc-1' }))).toMatchObject({ decision: 'duplicate', duplicateOf: 'doc-1', reviewReasons: [] });
  });
});
