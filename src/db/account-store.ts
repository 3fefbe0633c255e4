// Accounts, sessions, login throttling and API tokens for `boete serve`. Tokens (session cookies,
// API tokens) are 32 random bytes; only their SHA-256 is stored, so a copy of the database does not
// let anyone log in.
import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt, isNull, lt, sql } from 'drizzle-orm';
import { apiTokens, clients, loginFailures, sessions, users, type UserRole } from '../../db/schema.js';
import { recordAudit } from './audit.js';
import type { Executor } from './database.js';

export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const newToken = () => randomBytes(32).toString('base64url');

export type User = { id: string; email: string; role: UserRole; clientId: string | null; clientCode: string | null };

const userColumns = { id: users.id, email: users.email, role: users.role, clientId: users.clientId, clientCode: clients.code };

export async function createUser(
  db: Executor,
  input: { email: string; passwordHash: string; role: UserRole; clientId: string | null },
  actor: string,
): Promise<{ id: string } | { exists: true }> {
  const [row] = await db
    .insert(users)
    .values({ email: input.email.toLowerCase(), passwordHash: input.passwordHash, role: input.role, clientId: input.clientId })
    .onConflictDoNothing()
    .returning({ id: users.id });
  if (!row) return { exists: true };
  await recordAudit(db, { actor, action: 'user.created', entity: 'user', entityId: row.id, after: { role: input.role, clientId: input.clientId } });
  return row;
}

export async function findUserForLogin(db: Executor, email: string): Promise<(User & { passwordHash: string }) | null> {
  const [row] = await db
    .select({ ...userColumns, passwordHash: users.passwordHash })
    .from(users)
    .leftJoin(clients, eq(clients.id, users.clientId))
    .where(and(eq(users.email, email.toLowerCase()), isNull(users.disabledAt)));
  return row ?? null;
}

export async function findClientByCode(db: Executor, code: string): Promise<{ id: string; code: string } | null> {
  const [row] = await db.select({ id: clients.id, code: clients.code }).from(clients).where(eq(clients.code, code));
  return row ?? null;
}

export type Session = { user: User; csrfToken: string; expiresAt: Date };

export async function createSession(db: Executor, userId: string, now: Date, ttlMs: number): Promise<{ token: string; csrfToken: string }> {
  const token = newToken();
  const csrfToken = newToken();
  await db.insert(sessions).values({ tokenHash: sha256(token), userId, csrfToken, createdAt: now, lastSeenAt: now, expiresAt: new Date(now.getTime() + ttlMs) });
  // Old sessions are swept here rather than by a job: logins are rare enough.
  await db.delete(sessions).where(lt(sessions.expiresAt, now));
  return { token, csrfToken };
}

/** The session behind a cookie token, when it exists, has not expired, and its user is enabled. */
export async function findSession(db: Executor, token: string, now: Date, idleMs: number): Promise<Session | null> {
  const [row] = await db
    .select({ user: userColumns, csrfToken: sessions.csrfToken, expiresAt: sessions.expiresAt, lastSeenAt: sessions.lastSeenAt })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .leftJoin(clients, eq(clients.id, users.clientId))
    .where(and(eq(sessions.tokenHash, sha256(token)), gt(sessions.expiresAt, now), isNull(users.disabledAt)));
  if (!row) return null;
  if (now.getTime() - row.lastSeenAt.getTime() > idleMs) {
    await deleteSession(db, token);
    return null;
  }
  // Written at most once a minute: the idle timeout needs no finer clock.
  if (now.getTime() - row.lastSeenAt.getTime() > 60_000) {
    await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.tokenHash, sha256(token)));
  }
  return { user: row.user, csrfToken: row.csrfToken, expiresAt: row.expiresAt };
}

export async function deleteSession(db: Executor, token: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.tokenHash, sha256(token)));
}

export async function recordLoginFailure(db: Executor, keys: string[], now: Date): Promise<void> {
  await db.insert(loginFailures).values(keys.map((key) => ({ key, at: now })));
}

export async function recentLoginFailures(db: Executor, key: string, since: Date): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(loginFailures).where(and(eq(loginFailures.key, key), gt(loginFailures.at, since)));
  return row?.n ?? 0;
}

export async function clearLoginFailures(db: Executor, key: string, before: Date): Promise<void> {
  await db.delete(loginFailures).where(and(eq(loginFailures.key, key), lt(loginFailures.at, before)));
}

export type ApiToken = { id: string; clientId: string; clientCode: string; name: string };

export async function createApiToken(db: Executor, clientId: string, name: string, actor: string): Promise<{ id: string; token: string }> {
  // The prefix makes a leaked token recognisable in logs and secret scanners.
  const token = `boete_${newToken()}`;
  const [row] = await db.insert(apiTokens).values({ clientId, name, tokenHash: sha256(token) }).returning({ id: apiTokens.id });
  if (!row) throw new Error('token not stored');
  await recordAudit(db, { actor, action: 'api_token.created', entity: 'api_token', entityId: row.id, after: { clientId, name } });
  return { id: row.id, token };
}

export async function revokeApiToken(db: Executor, id: string, now: Date, actor: string): Promise<boolean> {
  const rows = await db.update(apiTokens).set({ revokedAt: now }).where(and(eq(apiTokens.id, id), isNull(apiTokens.revokedAt))).returning({ id: apiTokens.id });
  if (rows.length === 0) return false;
  await recordAudit(db, { actor, action: 'api_token.revoked', entity: 'api_token', entityId: id });
  return true;
}

export async function listApiTokens(db: Executor) {
  return db
    .select({ id: apiTokens.id, client: clients.code, name: apiTokens.name, createdAt: apiTokens.createdAt, lastUsedAt: apiTokens.lastUsedAt, revokedAt: apiTokens.revokedAt })
    .from(apiTokens)
    .innerJoin(clients, eq(clients.id, apiTokens.clientId))
    .orderBy(apiTokens.createdAt);
}

export async function findApiToken(db: Executor, token: string, now: Date): Promise<ApiToken | null> {
  const [row] = await db
    .select({ id: apiTokens.id, clientId: apiTokens.clientId, clientCode: clients.code, name: apiTokens.name })
    .from(apiTokens)
    .innerJoin(clients, eq(clients.id, apiTokens.clientId))
    .where(and(eq(apiTokens.tokenHash, sha256(token)), isNull(apiTokens.revokedAt)));
  if (!row) return null;
  await db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, row.id));
  return row;
}
