// The outputs of a document as the operator's page and the client portal show them: the current
// decision's files first, then the files of earlier assessment versions, marked superseded (kept
// for the audit, never to be filed or sent). One renderer, so both pages say the same.
import { formatBrusselsInstant } from '../../domain/brussels-time.js';
import { html, type Html } from '../html.js';

export type ListedOutput = { kind: string; filename: string; sha256: string; createdAt: Date; assessmentVersion: number; drawnAtVersion: number; current: boolean; variant?: string };

/** Where the web API serves an output: the current one without a version, a superseded one with its version. */
export const outputUrl = (documentId: string, o: { kind: string; assessmentVersion: number; current: boolean }) =>
  `/api/documents/${documentId}/outputs/${o.kind}${o.current ? '' : `?version=${o.assessmentVersion}`}`;

const LABELS: Record<string, string> = { redirect_pack: 'Redirect case pack (PDF)', recharge_notice: "Renter's recharge notice (PDF)" };
export const outputLabel = (kind: string) => LABELS[kind] ?? kind;

const when = (d: Date) => formatBrusselsInstant(d).slice(0, 16).replace('T', ' ');

/** One line of the list: the link, then what identifies the file (name, layout, hash, version). */
function outputLine(documentId: string, o: ListedOutput, detail: boolean): Html {
  const kept = o.drawnAtVersion !== o.assessmentVersion ? ` · same file as version ${o.drawnAtVersion} (nothing printed changed)` : '';
  const facts = detail
    ? `${o.filename}${o.variant ? ` · ${o.variant}` : ''} · sha256 ${o.sha256.slice(0, 12)}… · ${when(o.createdAt)} · assessment version ${o.assessmentVersion}${kept}`
    : `${o.filename} · version ${o.assessmentVersion}${kept}`;
  return html`<li class="${o.current ? 'output-current' : 'output-superseded'}"><a href="${outputUrl(documentId, o)}" download>${outputLabel(o.kind)}</a>${o.current ? '' : html` <strong class="superseded">superseded</strong>`} <span class="muted">${facts}</span></li>`;
}

/**
 * The current outputs as a list, the superseded ones under it in a closed <details> (the audit
 * wants them findable, an operator must not file one by mistake). `detail` adds layout, hash and
 * time (the operator's page); the portal shows name and version.
 */
export function outputList(documentId: string, outputs: readonly ListedOutput[], options: { detail: boolean; pending: boolean }): Html | '' {
  const current = outputs.filter((o) => o.current);
  const superseded = outputs.filter((o) => !o.current);
  if (!current.length && !superseded.length && !options.pending) return '';
  const currentPart = current.length
    ? html`<ul class="outputs-current">${current.map((o) => outputLine(documentId, o, options.detail))}</ul>`
    : options.pending
      ? html`<p class="muted">Being drawn for the current decision — reload in a moment.</p>`
      : html`<p class="muted">The current decision has no outputs.</p>`;
  const supersededPart = superseded.length
    ? html`<details class="outputs-superseded"><summary>Superseded outputs of earlier decisions (${superseded.length})</summary><p class="muted">Kept for the audit; the decision was re-assessed since. Do not file or send these.</p><ul>${superseded.map((o) => outputLine(documentId, o, options.detail))}</ul></details>`
    : '';
  return html`<section class="outputs" aria-label="outputs"><h2>Outputs</h2>${currentPart}${supersededPart}</section>`;
}
