// What `boete run --once` tells its user: per mailbox how many mails were taken in and what failed,
// per document what is not finished, and whether everything was done (exit code 0) or not (1).
export type MailboxRun = {
  name: string;
  /** Polled to the end in this run. */
  polled: boolean;
  mailsTakenIn: number;
  /** What went wrong (login refused, TLS mismatch, missing folder, mails not marked, …). */
  problems: string[];
};

export type UnfinishedDocumentRun = { id: string; filename: string; client: string; status: string; error: string | null };

export type RunReport = {
  ok: boolean;
  mailboxes: MailboxRun[];
  /** Documents assessed in this run, per decision. */
  decisions: Record<string, number>;
  unfinished: UnfinishedDocumentRun[];
  /** Other work that failed for good (a re-assessment, the sweep). */
  otherFailures: string[];
};

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const MAX_DOCUMENT_LINES = 50;

const STATUS_TEXT: Record<string, string> = { received: 'not read', read: 'read, not assessed' };

/** A few lines for a person: a summary first, then one line per mailbox and per unfinished document. */
export function formatRunReport(r: RunReport): string[] {
  const mails = r.mailboxes.reduce((a, m) => a + m.mailsTakenIn, 0);
  const assessed = Object.values(r.decisions).reduce((a, b) => a + b, 0);
  const decisions = Object.entries(r.decisions)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([d, n]) => `${n} ${d}`)
    .join(', ');
  const lines = [
    r.ok
      ? `run --once: done — ${plural(r.mailboxes.length, 'mailbox', 'mailboxes')} polled, ${plural(mails, 'mail')} taken in, ${plural(assessed, 'document')} assessed${decisions ? ` (${decisions})` : ''}`
      : `run --once: FAILED — ${plural(r.mailboxes.filter((m) => !m.polled || m.problems.length).length, 'mailbox problem')}, ${plural(r.unfinished.length, 'document')} not finished, ${plural(assessed, 'document')} assessed${decisions ? ` (${decisions})` : ''}`,
  ];
  for (const m of r.mailboxes) {
    const state = m.polled && m.problems.length === 0 ? 'ok' : m.problems.join('; ');
    lines.push(`  mailbox ${m.name}: ${plural(m.mailsTakenIn, 'mail')} taken in — ${state}`);
  }
  for (const d of r.unfinished.slice(0, MAX_DOCUMENT_LINES)) {
    lines.push(`  document ${d.id} (${d.client}, ${d.filename}): ${STATUS_TEXT[d.status] ?? d.status}${d.error ? ` — ${d.error}` : ''}`);
  }
  if (r.unfinished.length > MAX_DOCUMENT_LINES) lines.push(`  … and ${r.unfinished.length - MAX_DOCUMENT_LINES} more document(s) not finished`);
  for (const f of r.otherFailures) lines.push(`  ${f}`);
  if (!r.ok && r.unfinished.length > 0) lines.push('  run `boete run --once` again once the cause is fixed: unfinished work is picked up again');
  return lines;
}
