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
