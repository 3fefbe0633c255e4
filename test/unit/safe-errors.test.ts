// Database errors are turned into their cause without values (src/errors.ts), and the logger writes
// errors through that (src/logger.ts). The integration test no-leaks.test.ts does the same against
// real services; these pin the shapes: drizzle's wrapper, pg's fields, class-22 messages, URLs.
import { Writable } from 'node:stream';
import { DrizzleQueryError } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { isRetryable, PostgresError, redactUrl, toSafeError } from '../../src/errors.js';
import { createLogger } from '../../src/logger.js';
import { isRetentionOver, lastRetentionDay } from '../../src/clients/retention.js';
import type { IsoDate } from '../../src/domain/calendar-date.js';

/** The shape pg gives a server error (pg-protocol's DatabaseError). */
function pgError(fields: Record<string, string>): Error {
  return Object.assign(new Error(fields.message), { severity: 'ERROR', ...fields });
}

const SECRET = 'imap-secret-123';

describe('toSafeError', () => {
  it('keeps the cause of a drizzle query error and none of its SQL or parameters', () => {
    const cause = pgError({ code: '23505', message: 'duplicate key value violates unique constraint "contracts_client_ref"', constraint: 'contracts_client_ref', table: 'contracts', detail: `Key (renter_name)=(${SECRET}) already exists.` });
    const wrapped = new DrizzleQueryError('insert into "contracts" ("renter_name") values ($1)', [SECRET], cause);
    const safe = toSafeError(wrapped) as PostgresError;
    expect(safe).toBeInstanceOf(PostgresError);
    expect(safe.message).toBe('PostgreSQL: duplicate key value violates unique constraint "contracts_client_ref" (SQLSTATE 23505, constraint contracts_client_ref, table contracts, in insert into contracts)');
    expect({ code: safe.code, constraint: safe.constraint, table: safe.table }).toEqual({ code: '23505', constraint: 'contracts_client_ref', table: 'contracts' });
    expect(JSON.stringify(safe) + safe.stack).not.toContain(SECRET);
  });

  it('drops the value a data exception quotes', () => {
    const safe = toSafeError(pgError({ code: '22007', message: `invalid input syntax for type date: "${SECRET}"` })) as Error;
    expect(safe.message).toBe('PostgreSQL: invalid input syntax for type date: "…" (SQLSTATE 22007)');
  });

  it('keeps what makes an error retryable', () => {
    const lost = new DrizzleQueryError('select 1', [], Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5999'), { code: 'ECONNREFUSED', address: '127.0.0.1', port: 5999 }));
    expect(isRetryable(lost)).toBe(true);
    expect((toSafeError(lost) as Error).message).toBe('PostgreSQL is unreachable at 127.0.0.1:5999 (ECONNREFUSED)');
    expect(isRetryable(new DrizzleQueryError('select 1', [], new Error('Connection terminated unexpectedly')))).toBe(true);
    expect(isRetryable(new DrizzleQueryError('select 1', [], pgError({ code: '57P01', message: 'terminating connection due to administrator command' })))).toBe(true);
    expect(isRetryable(new DrizzleQueryError('select 1', [], pgError({ code: '23505', message: 'duplicate key' })))).toBe(false);
  });

  it('names the server of a setup failure, without its password', () => {
    const missing = toSafeError(pgError({ code: '3D000', message: 'database "boete" does not exist' }), { server: 'postgres://postgres:pw@db.local:5432/boete' });
    expect((missing as Error).message).toBe('PostgreSQL at postgres://postgres@db.local:5432/boete: database "boete" does not exist — run boete migrate (SQLSTATE 3D000)');
    expect(redactUrl('redis://:secret@127.0.0.1:6379')).toBe('redis://127.0.0.1:6379');
  });

  it('leaves other errors alone', () => {
    const error = new Error('something else');
    expect(toSafeError(error)).toBe(error);
  });
});

describe('the logger', () => {
  it('writes a wrapped database error, and errors caused by one, without values', () => {
    let out = '';
    const sink = new Writable({ write: (chunk, _enc, done) => ((out += chunk.toString()), done()) });
    const log = createLogger('info', sink);
    const query = new DrizzleQueryError('insert into "received_mails" ("raw") values ($1)', [Buffer.from(SECRET)], pgError({ code: '23514', message: 'new row violates check constraint "x"', detail: `Failing row contains (${SECRET})` }));
    log.error({ err: query }, 'failed');
    log.error({ err: new Error('poll failed', { cause: query }) }, 'failed');
    log.info({ params: [SECRET], raw: Buffer.from(SECRET), mailbox: { password: SECRET } }, 'fields');
    expect(out).toContain('check constraint');
    expect(out).not.toContain(SECRET);
    expect(out).not.toContain([...Buffer.from(SECRET)].join(','));
    expect(out).not.toContain('Failed query');
  });
});

describe('retention', () => {
  const d = (s: string) => s as IsoDate;
  it('is six months after the end date unless the client said otherwise', () => {
    expect(lastRetentionDay({ endsAt: d('2026-01-31'), retainUntil: null })).toBe('2026-07-31');
    expect(isRetentionOver({ endsAt: d('2026-01-31'), retainUntil: null }, d('2026-07-31'))).toBe(false);
    expect(isRetentionOver({ endsAt: d('2026-01-31'), retainUntil: null }, d('2026-08-01'))).toBe(true);
    expect(isRetentionOver({ endsAt: d('2026-01-31'), retainUntil: d('2026-03-01') }, d('2026-03-02'))).toBe(true);
    expect(isRetentionOver({ endsAt: d('2026-01-31'), retainUntil: d('2027-12-31') }, d('2026-08-01'))).toBe(false);
    expect(isRetentionOver({ endsAt: null, retainUntil: null }, d('2099-01-01'))).toBe(false);
  });
});
