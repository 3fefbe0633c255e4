// Appends to the audit trail (append-only at the database level).
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
