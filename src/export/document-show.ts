// `boete documents show ID` and `boete documents file ID`: one document as an operator reads it on
// the command line (fields, outcome, audit trail, the outputs of every assessment version with which
// are current), and its original file or an output (the current one, or a given version's).
import type { Executor } from '../db/database.js';
import { documentAuditTrail, documentDetail, documentFile } from '../db/document-detail-store.js';
import { getOutput, listOutputs } from '../db/output-store.js';
import type { OutputFileKind } from '../domain/outputs.js';
import { InputError } from '../errors.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function checkId(id: string): void {
  if (!UUID.test(id)) throw new InputError(`"${id}" is not a document id (a UUID, as the export lists them)`);
}

export async function showDocument(db: Executor, id: string) {
  checkId(id);
  const detail = await documentDetail(db, id);
  if (!detail) throw new InputError(`no document ${id}`);
  const outputs = await listOutputs(db, id);
  const audit = await documentAuditTrail(db, id);
  const a = detail.assessment;
  return {
    id: detail.doc.id,
    client: detail.client.code,
    filename: detail.doc.filename,
    sha256: detail.doc.sha256,
    receivedAt: detail.doc.receivedAt,
    status: detail.doc.status,
    read: detail.ext ? { status: detail.ext.readStatus, cause: detail.ext.unreadableCause, method: detail.ext.method, pages: detail.ext.pageCount } : null,
    fields: detail.ext
      ? {
          kind: detail.ext.kind,
          plate: detail.ext.plate,
          offenceAt: detail.ext.offenceAt,
          documentDate: detail.ext.documentDate,
          dueDate: detail.ext.dueDate,
          redirectDeadline: detail.ext.redirectDeadline,
          amountCents: detail.ext.amountCents,
          reference: detail.ext.reference,
        }
      : null,
    outcome: a
      ? {
          decision: a.decision,
          reviewReasons: a.reviewReasons,
          untrustedInputs: a.untrustedInputs,
          contract: detail.contracts.find((c) => c.id === a.contractId)?.contractRef ?? null,
          deadlineBasis: a.deadlineBasis,
          deadlineBasisDate: a.deadlineBasisDate,
          latestDeliveryDate: a.latestDeliveryDate,
          delivery: a.delivery,
          liability: { party: a.liabilityParty, reason: a.liabilityReason },
          rechargeAmountCents: a.rechargeAmountCents,
          adminFeeCents: a.adminFeeCents,
          processedAt: a.processedAt,
          rechargeDisputedAt: detail.resolution?.rechargeDisputedAt ?? null,
          version: a.version,
        }
      : null,
    // Every version's outputs, newest first: the current ones, then the superseded (kept for the audit).
    outputs: outputs.map((o) => ({
      kind: o.kind,
      variant: o.variant,
      filename: o.filename,
      sha256: o.sha256,
      bytes: o.sizeBytes,
      createdAt: o.createdAt,
      assessmentVersion: o.assessmentVersion,
      current: o.current,
      superseded: !o.current,
      // The file of an earlier version, kept because this version prints the same facts.
      keptFromVersion: o.drawnAtVersion !== o.assessmentVersion ? o.drawnAtVersion : null,
    })),
    audit: audit.map((e) => ({ at: e.at, actor: e.actor, action: e.action, before: e.before, after: e.after, note: e.note })),
  };
}

/**
 * The original, or an output: the current one of its kind, or with `assessmentVersion` the one of
 * that version (a superseded one too: they stay stored for the audit).
 */
export async function documentFileBytes(
  db: Executor,
  id: string,
  kind: 'original' | OutputFileKind,
  assessmentVersion?: number,
): Promise<{ content: Buffer; filename: string; sha256: string; assessmentVersion: number | null; current: boolean }> {
  checkId(id);
  if (kind === 'original') {
    if (assessmentVersion !== undefined) throw new InputError('--assessment-version picks an output of a decision: give --kind redirect_pack or recharge_notice');
    const file = await documentFile(db, id);
    if (!file) throw new InputError(`no document ${id}`);
    return { content: file.content, filename: file.filename, sha256: file.sha256, assessmentVersion: null, current: true };
  }
  const output = await getOutput(db, id, kind, assessmentVersion);
  if (!output) {
    const all = await listOutputs(db, id);
    const current = [...new Set(all.filter((o) => o.current).map((o) => o.kind))];
    const versions = all.filter((o) => o.kind === kind).map((o) => o.assessmentVersion);
    const has = current.length ? ` (it has: ${current.join(', ')})` : all.length ? ' (no current outputs: the decision was re-assessed)' : ' (no outputs: not a redirect or recharge, or not generated yet)';
    const earlier = versions.length ? `; ${kind} of assessment version(s) ${versions.join(', ')}: --assessment-version N` : '';
    const what = assessmentVersion === undefined ? kind : `${kind} of assessment version ${assessmentVersion}`;
    throw new InputError(`document ${id} has no ${what}${has}${earlier}`);
  }
  return { content: output.content, filename: output.filename, sha256: output.sha256, assessmentVersion: output.assessmentVersion, current: output.current };
}
