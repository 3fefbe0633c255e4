// Generating a decision's outputs: load the stored facts, ask the domain which files the current
// assessment version needs (planOutputs), draw each missing file in the render pool and store it
// once for that version. The generate-outputs job runs this after every decision; a second run
// finds the version's rows and draws nothing, so an output is never regenerated for its version
// (and never differently: the bytes depend only on stored facts and the decision's time). A
// re-assessment is a new version: its files are drawn anew unless they print what the latest
// earlier file of the kind prints, which is then kept for it (no churn); earlier rows stay stored,
// superseded.
import type { AppContext } from './app-context.js';
import { keepOutput, loadOutputFacts, recordSuperseded, storedOutputVersions, storeOutput } from './db/output-store.js';
import { planOutputs, type OutputFileKind } from './domain/outputs.js';
import { printedFactsSha256, type OutputFacts, type PrintModel } from './outputs/output-facts.js';
import { rechargeNoticeFilename, rechargeNoticeModel } from './outputs/recharge-notice.js';
import { redirectPackFilename, redirectPackModel } from './outputs/redirect-pack.js';

const DRAW: Record<OutputFileKind, { model: (f: OutputFacts) => PrintModel; filename: (f: OutputFacts) => string; variant: (f: OutputFacts) => string }> = {
  redirect_pack: { model: redirectPackModel, filename: redirectPackFilename, variant: (f) => f.family },
  recharge_notice: { model: rechargeNoticeModel, filename: rechargeNoticeFilename, variant: (f) => f.client.language },
};

export type GenerateResult =
  | { skipped: string }
  | {
      assessmentVersion: number;
      /** Drawn for this version. */
      created: OutputFileKind[];
      /** An earlier file that prints the same, recorded for this version. */
      kept: OutputFileKind[];
      /** Stored for this version already (a redelivery, or another worker first). */
      existing: OutputFileKind[];
      /** Outputs of the previous version this one replaced (audited when this run stored the version's rows). */
      superseded: { kind: OutputFileKind; assessmentVersion: number }[];
    };

export async function generateOutputs(ctx: AppContext, documentId: string): Promise<GenerateResult> {
  const loaded = await loadOutputFacts(ctx.db, documentId);
  if (!loaded) return { skipped: 'unknown or unassessed document' };
  if (!loaded.facts) return { skipped: `no outputs for decision ${loaded.decision}` };
  const facts = loaded.facts;
  const models = new Map<OutputFileKind, PrintModel>();
  const modelOf = (kind: OutputFileKind): PrintModel => {
    const model = models.get(kind) ?? DRAW[kind].model(facts);
    models.set(kind, model);
    return model;
  };
  const plan = planOutputs({
    decision: facts.decision,
    kind: facts.fine.kind,
    processedAt: facts.processedAt,
    contract: facts.contract,
    client: { disputeWindowHours: loaded.disputeWindowHours },
    rechargeDisputedAt: loaded.rechargeDisputedAt,
    now: ctx.now(),
    assessmentVersion: facts.assessmentVersion,
    printedFactsSha256: (kind) => printedFactsSha256(modelOf(kind)),
    stored: await storedOutputVersions(ctx.db, documentId),
  });
  // Loaded before a re-assessment that has its outputs already: that version's job did the work.
  if (plan.stale) return { skipped: `assessment version ${facts.assessmentVersion} is no longer current` };
  const created: OutputFileKind[] = [];
  const kept: OutputFileKind[] = [];
  const existing: OutputFileKind[] = [...plan.present];
  for (const keep of plan.keep) {
    const inserted = await keepOutput(ctx.db, { documentId, kind: keep.kind, fromVersion: keep.fromVersion, toVersion: facts.assessmentVersion });
    (inserted ? kept : existing).push(keep.kind);
  }
  for (const kind of plan.draw) {
    const draw = DRAW[kind];
    const model = modelOf(kind);
    const content = await ctx.renderPool().render(model);
    const inserted = await storeOutput(
      ctx.db,
      {
        documentId,
        clientId: loaded.clientId,
        kind,
        variant: draw.variant(facts),
        filename: draw.filename(facts),
        content,
        assessmentVersion: facts.assessmentVersion,
        printedFactsSha256: printedFactsSha256(model),
      },
      ctx.now(),
    );
    (inserted ? created : existing).push(kind);
  }
  // Audited once: by the run that stored this version's rows (a redelivery stores none).
  if (created.length + kept.length > 0) await recordSuperseded(ctx.db, documentId, facts.assessmentVersion, plan.superseded);
  return { assessmentVersion: facts.assessmentVersion, created, kept, existing, superseded: plan.superseded };
}
