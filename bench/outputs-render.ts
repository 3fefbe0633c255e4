// How long a decision's PDF takes to draw: N redirect packs and N recharge notices through the
// render pool (one worker thread, as the generate-outputs job uses it), p50/p95 per document and
// whether the same facts always gave the same bytes.
//   node --import tsx bench/outputs-render.ts [N]
import { createHash } from 'node:crypto';
import { brusselsInstant } from '../src/domain/brussels-time.js';
import type { IsoDate } from '../src/domain/calendar-date.js';
import { AUTHORITY_FAMILIES } from '../src/domain/outputs.js';
import type { OutputFacts } from '../src/outputs/output-facts.js';
import { rechargeNoticeModel } from '../src/outputs/recharge-notice.js';
import { redirectPackModel } from '../src/outputs/redirect-pack.js';
import { RenderPool } from '../src/outputs/render-pool.js';

const n = Number(process.argv[2] ?? 200);
const at = (date: string, h = 10) => brusselsInstant(date as IsoDate, h);
const facts = (i: number): OutputFacts => ({
  documentId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
  decision: i % 2 ? 'recharge' : 'redirect',
  processedAt: at('2026-11-20'),
  assessmentVersion: 1,
  family: AUTHORITY_FAMILIES[i % AUTHORITY_FAMILIES.length]!,
  fine: { kind: 'fine', reference: `BR.33.L3.${680000 + i}/2026`, plate: '1ABC123', offenceAt: at('2026-11-04', 18), amountCents: 11600, dueDate: '2026-12-14', redirectDeadline: '2026-11-19', issuer: 'Federale Politie', location: 'E40', description: 'snelheid', language: 'nl' },
  contract: { contractRef: `AC-${i}`, startsAt: at('2026-11-01'), endsAt: null, renter: { type: 'person', name: 'Jan Peeters', address: 'Kerkstraat 1, 2000 Antwerpen', birthDate: '1985-04-12' as IsoDate, companyNumber: null, email: null } },
  client: { code: 'acme', name: 'ACME Car Rental NV', language: 'nl', paymentIban: 'BE71096123456769', disputeWindowHours: 0 },
  recharge: { totalCents: 13100, adminFeeCents: 1500 },
});

const pool = new RenderPool({ threads: 1, timeoutMs: 60_000 });
await pool.render(redirectPackModel(facts(0))); // thread start, not counted
const times: number[] = [];
let same = 0;
for (let i = 0; i < n; i++) {
  const f = facts(i);
  const model = f.decision === 'redirect' ? redirectPackModel(f) : rechargeNoticeModel(f);
  const started = performance.now();
  const a = await pool.render(model);
  times.push(performance.now() - started);
  const b = await pool.render(model);
  if (createHash('sha256').update(a).digest('hex') === createHash('sha256').update(b).digest('hex')) same += 1;
}
await pool.close();
times.sort((x, y) => x - y);
const q = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))]!.toFixed(1);
console.log(`${n} PDFs: p50 ${q(0.5)} ms, p95 ${q(0.95)} ms per document; drawn twice with the same bytes: ${same}/${n}`);
