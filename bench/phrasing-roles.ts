// The reader against the phrasing corpus (fixtures/phrasings): per role, how many real-world wordings
// it recognises, and how many look-alikes it would trust as the amount due or a deadline (unsafe).
//   node --import tsx bench/phrasing-roles.ts [--failures]
import { judgePhrasing, PHRASINGS } from '../fixtures/phrasings/role-check.js';

const showFailures = process.argv.includes('--failures');
const rows = new Map<string, { n: number; judged: number; recognised: number; unsafe: number }>();
const failures: string[] = [];
for (const p of PHRASINGS) {
  const v = judgePhrasing(p);
  const row = rows.get(p.role) ?? { n: 0, judged: 0, recognised: 0, unsafe: 0 };
  row.n += 1;
  if (v.recognised !== null) {
    row.judged += 1;
    if (v.recognised) row.recognised += 1;
    else failures.push(`${p.id} (${p.role}) not recognised: ${p.sentence}`);
  }
  if (v.unsafe) {
    row.unsafe += 1;
    failures.push(`${p.id} UNSAFE ${v.unsafe}: ${p.sentence}`);
  }
  rows.set(p.role, row);
}
console.log(`phrasing corpus: ${PHRASINGS.length} sentences, each read as the body of a letter dated 20 November 2026`);
console.log('role | sentences | recognised | unsafe');
for (const [role, r] of [...rows].sort()) {
  const share = r.judged ? `${((100 * r.recognised) / r.judged).toFixed(1)}% (${r.recognised}/${r.judged})` : '-';
  console.log(`${role} | ${r.n} | ${share} | ${r.unsafe}`);
}
if (showFailures) for (const f of failures) console.log(`  ${f}`);
