// Generating a decision's outputs: load the stored facts, ask the domain which outputs the decision
// needs, draw each missing file in the render pool and store it once. The generate-outputs job
// runs this after every decision; a second run finds the stored rows and draws nothing, so an
// output is never regenerated (and never differently: the bytes depend only on stored facts and
// the decision's time).
import type { AppContext } from './app-context.js';
import { listOutputs, loadOutputFacts, storeOutput } from './db/output-store.js';
import { OUTPUT_FILE_KINDS, outputsNeeded, type OutputFileKind } from './domain/outputs.js';
import type { OutputFacts, PrintModel } from './outputs/output-facts.js';
import { rechargeNoticeFilename, rechargeNoticeModel } from './outputs/recharge-notice.js';
import { redirectPackFilename, redirectPackModel } from './outputs/redirect-pack.js';

const DRAW: Record<OutputFileKind, { model: (f: OutputFacts) => PrintModel; filename: (f: OutputFacts) => string; variant: (f: OutputFacts) => string }> = {
  redirect_pack: { model: redirectPackModel, filename: redirectPackFilename, variant: (f) => f.family },
  recharge_notice: { model: rechargeNoticeModel, filename: rechargeNoticeFilename, variant: (f) => f.client.language },
};

export type GenerateResult = { skipped: string } | { created: OutputFileKind[]; existing: OutputFileKind[] };

export async function generateOutputs(ctx: AppContext, documentId: string): Promise<GenerateResult> {
  const loaded = await loadOutputFacts(ctx.db, documentId);
  if (!loaded) return { skipped: 'unknown or unassessed document' };
  if (!loaded.facts) return { skipped: `no outputs for decision ${loaded.decision}` };
  const facts = loaded.facts;
  const needed = outputsNeeded({
    decision: facts.decision,
    kind: facts.fine.kind,
    processedAt: facts.processedAt,
    contract: facts.contract,
    client: { disputeWindowHours: loaded.disputeWindowHours },
    rechargeDisputedAt: loaded.rechargeDisputedAt,
    now: ctx.now(),
  });
  const files = OUTPUT_FILE_KINDS.filter((k) => needed.includes(k));
  const stored = new Set((await listOutputs(ctx.db, documentId)).map((o) => o.kind));
  const created: OutputFileKind[] = [];
  const existing: OutputFileKind[] = [];
  for (const kind of files) {
    if (stored.has(kind)) {
      existing.push(kind);
      continue;
    }
    const draw = DRAW[kind];
    const content = await ctx.renderPool().render(draw.model(facts));
    const inserted = await storeOutput(
      ctx.db,
      { documentId, clientId: loaded.clientId, kind, variant: draw.variant(facts), filename: draw.filename(facts), content, assessmentVersion: facts.assessmentVersion },
      ctx.now(),
    );
    (inserted ? created : existing).push(kind);
  }
  return { created, existing };
}
