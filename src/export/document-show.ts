// `boete documents show ID` and `boete documents file ID`: one document as an operator reads it on
// the command line (fields, outcome, audit trail, outputs), and its original file or an output.
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
    outputs: outputs.map((o) => ({ kind: o.kind, variant: o.variant, filename: o.filename, sha256: o.sha256, bytes: o.sizeBytes, createdAt: o.createdAt })),
    audit: audit.map((e) => ({ at: e.at, actor: e.actor, action: e.action, before: e.before, after: e.after, note: e.note })),
  };
}

export async function documentFileBytes(db: Executor, id: string, kind: 'original' | OutputFileKind): Promise<{ content: Buffer; filename: string; sha256: string }> {
  checkId(id);
  if (kind === 'original') {
    const file = await documentFile(db, id);
    if (!file) throw new InputError(`no document ${id}`);
    return { content: file.content, filename: file.filename, sha256: file.sha256 };
  }
  const output = await getOutput(db, id, kind);
  if (!output) {
    const known = (await listOutputs(db, id)).map((o) => o.kind);
    throw new InputError(`document ${id} has no ${kind}${known.length ? ` (it has: ${known.join(', ')})` : ' (no outputs: not a redirect or recharge, or not generated yet)'}`);
  }
  return { content: output.content, filename: output.filename, sha256: output.sha256 };
}
