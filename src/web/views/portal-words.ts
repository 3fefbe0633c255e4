// The portal's words for a client user: what a document's state means, what information it still
// needs from the client (per review reason, in plain words), and how much time is left. The
// deadline arithmetic itself is the domain's (working-days.ts, decision.ts); this only says it.
import { brusselsDateOf, formatBrusselsInstant } from '../../domain/brussels-time.js';
import type { IsoDate } from '../../domain/calendar-date.js';
import { missingRenterFields, type RenterField } from '../../domain/decision.js';
import type { Renter, ReviewReason } from '../../domain/types.js';
import { workingDaysUntil } from '../../domain/working-days.js';
import { html, type Html } from '../html.js';

/** A moment as Brussels wall time, to the minute: 2026-11-09 14:30. */
export const brusselsText = (at: Date): string => formatBrusselsInstant(at).slice(0, 16).replace('T', ' ');

export const RENTER_FIELD_WORDS: Record<RenterField, string> = {
  type: 'whether the renter is a person or a company',
  name: 'name',
  address: 'address',
  birthDate: 'birth date',
  companyNumber: 'company number',
};

export type DocumentState = {
  status: string;
  decision: string | null;
  waitingForClient: boolean;
};

/** The document's state in a few words, with a badge class for how urgent it is for the client. */
export function stateWords(d: DocumentState): { text: string; badge: 'bad' | 'warn' | 'ok' | '' } {
  if (!d.decision) return { text: d.status === 'received' ? 'Being read' : 'Being assessed', badge: '' };
  switch (d.decision) {
    case 'review':
      return d.waitingForClient ? { text: 'Waiting for your information', badge: 'bad' } : { text: 'Being checked by an operator', badge: 'warn' };
    case 'redirect':
      return { text: 'Decided: redirect (renter named to the authority)', badge: 'ok' };
    case 'recharge':
      return { text: 'Decided: recharge (paid, charged to the renter)', badge: 'ok' };
    case 'duplicate':
      return { text: 'Duplicate of a fine already received', badge: 'ok' };
    case 'not_a_fine':
      return { text: 'Not a fine: nothing to do', badge: 'ok' };
    default:
      return { text: d.decision, badge: '' };
  }
}

export type MissingFacts = {
  reasons: readonly ReviewReason[];
  plate: string | null;
  offenceAt: Date | null;
  contract: { contractRef: string; renter: Renter } | null;
};

/** What the client must send, one sentence per reason; reasons for the operators say so. */
export function missingInformation(m: MissingFacts): { needsClient: Html[]; operatorOnly: string[] } {
  const plate = m.plate ?? 'the plate on the fine';
  const when = m.offenceAt ? brusselsText(m.offenceAt) : 'the time of the offence';
  const needsClient: Html[] = [];
  const operatorOnly: string[] = [];
  for (const reason of m.reasons) {
    switch (reason) {
      case 'no_contract':
        needsClient.push(html`a contract covering plate <strong>${plate}</strong> on <strong class="nowrap">${when}</strong>`);
        break;
      case 'ambiguous_contract':
        needsClient.push(html`which contract applies: more than one of your contracts covers plate <strong>${plate}</strong> on <strong class="nowrap">${when}</strong> (correct their start or end)`);
        break;
      case 'no_instruction':
        needsClient.push(html`whether to <strong>redirect</strong> this fine to the renter or <strong>recharge</strong> it (the contract's fine_policy)`);
        break;
      case 'missing_renter_data': {
        const fields = m.contract ? missingRenterFields(m.contract.renter).map((f) => RENTER_FIELD_WORDS[f]) : ['name', 'address', 'birth date or company number'];
        needsClient.push(html`the renter's <strong>${fields.join(', ')}</strong>${m.contract ? html` on contract ${m.contract.contractRef}` : ''}`);
        break;
      }
      case 'unreadable_document':
        operatorOnly.push('an operator is reading the document (it could not be read automatically)');
        break;
      case 'not_a_fine':
        operatorOnly.push('an operator is checking whether this is a fine');
        break;
      case 'unknown_sender':
        operatorOnly.push('an operator is checking who sent it');
        break;
    }
  }
  return { needsClient, operatorOnly };
}

/** Working days left until the latest delivery date, in words, from the domain's count. */
export function daysLeftWords(latest: IsoDate | null, now: Date): { text: string; urgent: boolean } {
  if (!latest) return { text: 'not known yet', urgent: false };
  const left = workingDaysUntil(brusselsDateOf(now), latest);
  if (left > 1) return { text: `${left} working days left`, urgent: left <= 2 };
  if (left === 1) return { text: '1 working day left', urgent: true };
  if (left === 0) return { text: 'today is the last day', urgent: true };
  return { text: `${-left} working day${left === -1 ? '' : 's'} late`, urgent: true };
}

export const BASIS_WORDS: Record<string, string> = { due_date: 'payment due date', redirect_deadline: 'redirect deadline' };
