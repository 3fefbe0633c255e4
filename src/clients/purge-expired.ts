// `boete clients purge-expired`: deletes every client whose retention is over (six months after
// the end of its contract with us, or the day it asked for). Run daily from cron or a systemd
// timer; it is a command rather than part of the worker's sweep so that an irreversible deletion
// has an operator's schedule, a dry run and output of its own.
import { isNotNull, or } from 'drizzle-orm';
import { clients } from '../../db/schema.js';
import type { Database } from '../db/database.js';
import { brusselsDateOf } from '../domain/brussels-time.js';
import type { IsoDate } from '../domain/calendar-date.js';
import { deleteClient, previewClientDeletion, type ClientDeletion } from './client-deletion.js';
import { isRetentionOver, lastRetentionDay } from './retention.js';

export type ExpiredClient = ClientDeletion & { lastRetentionDay: IsoDate };

export async function purgeExpiredClients(db: Database, now: Date, options: { actor: string; dryRun: boolean }): Promise<ExpiredClient[]> {
  const today = brusselsDateOf(now);
  const candidates = await db
    .select({ code: clients.code, endsAt: clients.endsAt, retainUntil: clients.retainUntil })
    .from(clients)
    .where(or(isNotNull(clients.endsAt), isNotNull(clients.retainUntil)));
  const done: ExpiredClient[] = [];
  for (const c of candidates) {
    const facts = { endsAt: c.endsAt as IsoDate | null, retainUntil: c.retainUntil as IsoDate | null };
    if (!isRetentionOver(facts, today)) continue;
    const deletion = options.dryRun
      ? await previewClientDeletion(db, c.code)
      : await deleteClient(db, c.code, { actor: options.actor, reason: 'retention', now });
    done.push({ ...deletion, lastRetentionDay: lastRetentionDay(facts) as IsoDate });
  }
  return done;
}
