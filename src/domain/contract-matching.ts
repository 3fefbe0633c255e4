// The contract that covered a plate at the instant of the offence: start ≤ offenceAt < end.
import { normalisePlate } from './plate.js';
import type { ContractFacts } from './types.js';

export type ContractMatch =
  | { kind: 'matched'; contract: ContractFacts }
  | { kind: 'none' }
  | { kind: 'ambiguous'; contracts: ContractFacts[] };

export function coversInstant(contract: ContractFacts, instant: Date): boolean {
  const t = instant.getTime();
  return contract.startsAt.getTime() <= t && (contract.endsAt === null || t < contract.endsAt.getTime());
}

export function matchContract(contracts: readonly ContractFacts[], plate: string, offenceAt: Date): ContractMatch {
  const wanted = normalisePlate(plate);
  const covering = contracts.filter((c) => normalisePlate(c.plate) === wanted && coversInstant(c, offenceAt));
  if (covering.length === 0) return { kind: 'none' };
  if (covering.length === 1) return { kind: 'matched', contract: covering[0] as ContractFacts };
  return { kind: 'ambiguous', contracts: covering };
}

/**
 * The match, unless an operator picked a contract for this document: then that one, provided it is
 * one of the plate's contracts (a stale or foreign id falls back to the automatic match).
 */
export function matchOrPicked(contracts: readonly ContractFacts[], plate: string, offenceAt: Date, pickedId: string | null | undefined): ContractMatch {
  const picked = pickedId ? contracts.find((c) => c.id === pickedId) : undefined;
  return picked ? { kind: 'matched', contract: picked } : matchContract(contracts, plate, offenceAt);
}
