// `boete export --format table`: the outcome for a person at a terminal. It fits a 120-column
// terminal (long file names and references wrap inside their column), uses colour only when
// writing to a terminal, and accounts for every mail: a mail that carried no document (a question
// in the body only, an oversized or unparseable mail) is a row of its own. Short codes keep the
// columns narrow; a legend under the table explains the ones that appear in it.
import Table from 'cli-table3';
import type { ExportRecord } from './export-records.js';

export type MailWithoutDocument = { receivedAt: string; client: string | null; subject: string | null; status: string };

export const TABLE_WIDTH = 120;

const KIND = { fine: 'F', parking_charge: 'P', identification_request: 'I', unknown: '?' } as const;
const KIND_LEGEND = { F: 'fine', P: 'parking charge', I: 'identification request (nothing to pay)', '?': 'not a fine, or not read' };
const REASON = {
  unreadable_document: 'UNR',
  not_a_fine: 'NAF',
  no_contract: 'NOC',
  ambiguous_contract: 'AMB',
  no_instruction: 'NOI',
  missing_renter_data: 'MRD',
  unknown_sender: 'UNS',
} as const;
const LIABILITY = {
  late_delivery: 'LD',
  late_information: 'LI',
  incomplete_information: 'II',
  pending: 'P',
  late_processing: 'LP',
  processed_on_time: 'OT',
  incorrect_information: 'IC',
  processing_error: 'PE',
} as const;
const MAIL_STATUS: Record<string, string> = {
  no_document: 'no document',
  oversized: 'oversized',
  unattributed: 'no client',
  unparseable: 'unparseable',
};

/** Control characters (a hostile subject's terminal escapes) shown as "?", never written raw. */
const clean = (s: string) => s.replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, '?');
/** YYYY-MM-DD… → DD/MM (the year is the table's year; the JSON export has full instants). */
const dayMonth = (iso: string | null) => (iso ? `${iso.slice(8, 10)}/${iso.slice(5, 7)}` : '');
const received = (iso: string) => `${dayMonth(iso)} ${iso.slice(11, 16)}`;

type Column = { head: string; width: number; align?: 'left' | 'right' };
// Content widths; with two spaces between columns they add up to 118 of the 120 columns. A
// reference as long as the spec's "BR.33.L3.680287/2026" fits whole. Whether delivery was on time
// is in the liability code (LD late delivery, LI late information; the others were on time).
const COLUMNS: Column[] = [
  { head: 'received', width: 11 },
  { head: 'file', width: 12 },
  { head: 'kind', width: 4 },
  { head: 'plate', width: 8 },
  { head: 'reference', width: 20 },
  { head: 'amount €', width: 8, align: 'right' },
  { head: 'deadline', width: 8 },
  { head: 'contract', width: 8 },
  { head: 'decision', width: 12 },
  { head: 'liability', width: 9 },
];
const GAP = 2;

export function formatExportTable(
  records: readonly ExportRecord[],
  mails: readonly MailWithoutDocument[],
  options: { color: boolean; mailCount?: number },
): string {
  const used = { kind: new Set<string>(), reason: new Set<string>(), liability: new Set<string>(), basis: new Set<string>() };
  const showClient = new Set([...records.map((r) => r.client), ...mails.map((m) => m.client ?? '')]).size > 1;
  const rows: { at: string; cells: string[] }[] = [];
  const byId = new Map(records.map((r, i) => [r.id, i + 1]));

  for (const r of records) {
    const kind = r.kind ? KIND[r.kind as keyof typeof KIND] ?? '?' : '?';
    used.kind.add(kind);
    const basis = r.deadlineBasis === 'redirect_deadline' ? 'R' : r.deadlineBasis ? 'D' : '';
    if (basis) used.basis.add(basis);
    const deadline = r.deadlineBasis === 'redirect_deadline' ? r.redirectDeadline : r.deadlineBasis ? r.dueDate : (r.dueDate ?? r.redirectDeadline);
    let decision: string = r.decision;
    if (r.decision === 'review') {
      const codes = r.reviewReasons.map((x) => REASON[x as keyof typeof REASON] ?? x);
      codes.forEach((c) => used.reason.add(c));
      decision = `review ${codes.join(',')}`.trim();
    } else if (r.decision === 'duplicate' && r.duplicateOf) {
      decision = byId.has(r.duplicateOf) ? `duplicate #${byId.get(r.duplicateOf)}` : 'duplicate';
    }
    const code = LIABILITY[r.liability.reason as keyof typeof LIABILITY] ?? r.liability.reason;
    used.liability.add(code);
    const party = r.liability.party === 'undetermined' ? 'open' : r.liability.party;
    rows.push({
      at: r.receivedAt,
      cells: [
        received(r.receivedAt),
        `${showClient ? `${r.client}: ` : ''}${r.filename}`,
        kind,
        r.plate ?? '',
        r.reference ?? '',
        r.amountCents === null ? '' : (r.amountCents / 100).toFixed(2),
        deadline ? `${dayMonth(deadline)} ${basis}`.trim() : '',
        r.contractRef ?? '',
        decision,
        `${party} ${code}`,
      ],
    });
  }
  for (const m of mails) {
    rows.push({
      at: m.receivedAt,
      cells: [received(m.receivedAt), `${showClient && m.client ? `${m.client}: ` : ''}(mail) ${m.subject ?? ''}`.trim(), '', '', '', '', '', '', MAIL_STATUS[m.status] ?? m.status, ''],
    });
  }
  rows.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));

  const table = new Table({
    head: COLUMNS.map((c) => c.head),
    colWidths: COLUMNS.map((c) => c.width + GAP), // the last column's gap is trailing space, cut below
    colAligns: COLUMNS.map((c) => c.align ?? 'left'),
    wordWrap: true,
    wrapOnWordBoundary: false,
    chars: {
      top: '', 'top-mid': '', 'top-left': '', 'top-right': '',
      bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '',
      left: '', 'left-mid': '', mid: '', 'mid-mid': '', right: '', 'right-mid': '', middle: '',
    },
    style: { head: options.color ? ['bold'] : [], border: [], 'padding-left': 0, 'padding-right': GAP },
  });
  // A rule under the header, as wide as each column.
  table.push(COLUMNS.map((c) => '─'.repeat(c.width)));
  for (const r of rows) table.push(r.cells.map(clean));

  const lines = [
    table.toString().replace(/[ \t]+$/gm, ''),
    '',
    `${options.mailCount !== undefined ? `${options.mailCount} mail(s): ` : ''}${records.length} document(s)` +
      `${mails.length > 0 ? `, ${mails.length} mail(s) without a document` : ''}${records.length === 0 && mails.length === 0 ? ' — nothing received yet' : ''}`,
    ...legend(used),
  ];
  return lines.join('\n');
}

function legend(used: { kind: Set<string>; reason: Set<string>; liability: Set<string>; basis: Set<string> }): string[] {
  const pick = <T extends Record<string, string>>(codes: Set<string>, names: T) =>
    Object.entries(names)
      .filter(([code]) => codes.has(code))
      .map(([code, name]) => `${code} ${name}`)
      .join(' · ');
  const reasonNames = Object.fromEntries(Object.entries(REASON).map(([name, code]) => [code, name.replace(/_/g, ' ')]));
  const liabilityNames = Object.fromEntries(Object.entries(LIABILITY).map(([name, code]) => [code, name.replace(/_/g, ' ')]));
  const out: string[] = [];
  if (used.kind.size) out.push(`kind: ${pick(used.kind, KIND_LEGEND)}`);
  if (used.basis.size) out.push(`deadline (dd/mm): ${pick(used.basis, { D: 'due date', R: 'redirect deadline' })}; delivered on time up to 5 working days before it`);
  if (used.reason.size) out.push(`review: ${pick(used.reason, reasonNames)}`);
  if (used.liability.size) out.push(`liability (who bears late costs): ${pick(used.liability, liabilityNames)}`);
  return out;
}
