// The reader against the phrasing corpus (fixtures/phrasings: 507 real-world wordings collected by
// someone who had not read the reader). A reduced amount, costs, a penalty range or the letter's own
// date, read as the body of a letter, must never come out as a trusted amount due or deadline.
// Recognition per role is measured, not asserted: `node --import tsx bench/phrasing-roles.ts`.
import { describe, expect, it } from 'vitest';
import { judgePhrasing, PHRASINGS } from '../../fixtures/phrasings/role-check.js';

describe('look-alike wordings from the phrasing corpus', () => {
  for (const role of ['reduced_amount', 'costs', 'penalty_range', 'letter_date']) {
    it(`never trusts a ${role.replace('_', ' ')} as the amount due or a deadline`, () => {
      const phrasings = PHRASINGS.filter((p) => p.role === role);
      expect(phrasings.length).toBeGreaterThan(15);
      const unsafe = phrasings.flatMap((p) => {
        const verdict = judgePhrasing(p);
        return verdict.unsafe ? [`${p.id}: ${verdict.unsafe}: ${p.sentence}`] : [];
      });
      expect(unsafe).toEqual([]);
    });
  }
});
