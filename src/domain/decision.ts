// Redirect (name the renter to the authority) or recharge (pay, then charge the renter).
import type { ClientFacts, ContractFacts, DocumentKind, FinePolicy, Renter, ReviewReason } from './types.js';

export type PolicySource = 'identification_request' | 'operator' | 'contract' | 'client_default';

export type DecisionOutcome =
  | { kind: 'decided'; decision: FinePolicy; policySource: PolicySource; rechargeAmountCents: number | null; adminFeeCents: number | null }
  | { kind: 'review'; reasons: ReviewReason[]; policy: FinePolicy | null };

export type RenterField = 'type' | 'name' | 'address' | 'birthDate' | 'companyNumber';

/**
 * What a redirect still lacks of the renter: name and address, plus birth date (person) or company
 * number (company); without a type, the type itself. The portal names these to the client.
 */
export function missingRenterFields(renter: Renter): RenterField[] {
  const missing: RenterField[] = [];
  if (!renter.type) missing.push('type');
  if (!renter.name?.trim()) missing.push('name');
  if (!renter.address?.trim()) missing.push('address');
  if (renter.type === 'person' && renter.birthDate === null) missing.push('birthDate');
  if (renter.type === 'company' && !renter.companyNumber?.trim()) missing.push('companyNumber');
  return missing;
}

/** A redirect needs name and address, plus birth date (person) or company number (company). */
export function renterComplete(renter: Renter): boolean {
  return missingRenterFields(renter).length === 0;
}

export function choosePolicy(
  kind: DocumentKind,
  contract: ContractFacts,
  client: ClientFacts,
  operatorPolicy: FinePolicy | null = null,
): { policy: FinePolicy; source: PolicySource } | null {
  if (kind === 'identification_request') return { policy: 'redirect', source: 'identification_request' };
  // An operator's choice is the instruction for this document; it comes before the contract's.
  if (operatorPolicy) return { policy: operatorPolicy, source: 'operator' };
  if (contract.finePolicy) return { policy: contract.finePolicy, source: 'contract' };
  if (client.defaultFinePolicy) return { policy: client.defaultFinePolicy, source: 'client_default' };
  return null;
}

export function decide(
  kind: DocumentKind,
  amountCents: number | null,
  contract: ContractFacts,
  client: ClientFacts,
  operatorPolicy: FinePolicy | null = null,
): DecisionOutcome {
  const chosen = choosePolicy(kind, contract, client, operatorPolicy);
  if (!chosen) return { kind: 'review', reasons: ['no_instruction'], policy: null };
  if (chosen.policy === 'redirect') {
    if (!renterComplete(contract.renter)) return { kind: 'review', reasons: ['missing_renter_data'], policy: 'redirect' };
    return { kind: 'decided', decision: 'redirect', policySource: chosen.source, rechargeAmountCents: null, adminFeeCents: null };
  }
  // A recharge passes on an amount: the decision gate (decision-inputs.ts) holds one without it.
  const adminFeeCents = contract.adminFeeCents ?? client.adminFeeCents ?? 0;
  return {
    kind: 'decided',
    decision: 'recharge',
    policySource: chosen.source,
    rechargeAmountCents: amountCents === null ? null : rechargeTotalCents(amountCents, adminFeeCents),
    adminFeeCents,
  };
}

/** What a recharge passes on: the fine's amount plus the admin fee (the contract's, else the client's). */
export function rechargeTotalCents(amountCents: number, adminFeeCents: number): number {
  return amountCents + adminFeeCents;
}
