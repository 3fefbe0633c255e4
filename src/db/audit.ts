// Appends to the audit trail (append-only at the database level).
//
// The trail can never be edited, and a client's data must be erasable (spec "Personal data"), so
// the trail holds no personal data: an entry names its entity by id, says which fields changed,
// and gives values only for fields that are not personal (a policy, an amount, a decision, a
// date). The personal values live in the rows themselves (contracts, documents, mails), which
// `boete clients export` hands over and `boete clients delete` removes; what stays behind in the
// trail are ids that no longer lead anywhere, and the record that the deletion happened.
import { sql } from 'drizzle-orm';
import { auditEvents } from '../../db/schema.js';
import type { Executor } from './database.js';

export type AuditEntry = {
  actor: string;
  action: string;
  entity: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
  note?: string;
};

export async function recordAudit(db: Executor, entry: AuditEntry | AuditEntry[]): Promise<void> {
  const entries = Array.isArray(entry) ? entry : [entry];
  if (entries.length === 0) return;
  await db.insert(auditEvents).values(
    entries.map((e) => ({
      actor: e.actor,
      action: e.action,
      entity: e.entity,
      entityId: e.entityId,
      before: e.before ?? null,
      after: e.after ?? null,
      note: e.note ?? null,
    })),
  );
}

/**
 * The same as recordAudit for large batches (a 240,000-row contract import): one array per
 * column (unnest) instead of seven parameters per entry, which the query builder is slow to build.
 */
export async function recordAuditBatch(db: Executor, entries: readonly AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const col = (f: (e: AuditEntry) => string | null) => sql.param(entries.map(f));
  const json = (v: unknown) => (v === undefined || v === null ? null : JSON.stringify(v));
  await db.execute(sql`
    INSERT INTO audit_events (actor, action, entity, entity_id, before, after, note)
    SELECT * FROM unnest(${col((e) => e.actor)}::text[], ${col((e) => e.action)}::text[], ${col((e) => e.entity)}::text[],
                         ${col((e) => e.entityId)}::text[], ${col((e) => json(e.before))}::jsonb[], ${col((e) => json(e.after))}::jsonb[],
                         ${col((e) => e.note ?? null)}::text[])`);
}

const comparable = (v: unknown) => (v instanceof Date ? v.getTime() : Array.isArray(v) ? JSON.stringify(v) : (v ?? null));

/**
 * The audit payload of a change: the names of the fields that changed (all fields set, for a new
 * row) and, of those, the values of the ones listed in `shown` — never of any other field.
 */
export function auditChange<T extends Record<string, unknown>>(
  before: T | null | undefined,
  after: T,
  fields: readonly (keyof T & string)[],
  shown: readonly (keyof T & string)[],
): { before: Record<string, unknown> | null; after: Record<string, unknown> } {
  const changed = fields.filter((k) => (before ? comparable(before[k]) !== comparable(after[k]) : comparable(after[k]) !== null));
  const pick = (row: T) => Object.fromEntries(changed.filter((k) => shown.includes(k)).map((k) => [k, row[k] ?? null]));
  return { before: before ? pick(before) : null, after: { changed, ...pick(after) } };
}
