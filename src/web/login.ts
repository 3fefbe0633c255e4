// Logging in, for the API (POST /api/login) and the login page alike: throttled per e-mail address
// and per IP over 15 minutes, a constant-time answer for unknown addresses (a dummy hash is
// verified), and a session cookie that is HttpOnly, SameSite=Lax and Secure over HTTPS.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../app-context.js';
import {
  clearLoginFailures,
  createSession,
  deleteSession,
  findUserForLogin,
  recentLoginFailures,
  recordLoginFailure,
  type User,
} from '../db/account-store.js';
import { HttpError } from './access.js';
import { dummyHash, verifyPassword } from './passwords.js';

export const SESSION_COOKIE = 'boete_session';
export const SESSION_TTL_MS = 12 * 3600_000;
export const SESSION_IDLE_MS = 2 * 3600_000;
const THROTTLE_WINDOW_MS = 15 * 60_000;
const MAX_FAILURES_PER_EMAIL = 5;
const MAX_FAILURES_PER_IP = 30;

/** Checks the password and opens a session (cookie set on `reply`); throws 401 or 429 otherwise. */
export async function attemptLogin(
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
  credentials: { email: string; password: string },
): Promise<{ user: User; csrfToken: string }> {
  const now = ctx.now();
  const email = credentials.email.trim().toLowerCase();
  const since = new Date(now.getTime() - THROTTLE_WINDOW_MS);
  const keys = [`email:${email}`, `ip:${request.ip}`] as const;
  if ((await recentLoginFailures(ctx.db, keys[0], since)) >= MAX_FAILURES_PER_EMAIL || (await recentLoginFailures(ctx.db, keys[1], since)) >= MAX_FAILURES_PER_IP) {
    throw new HttpError(429, 'throttled', 'too many failed logins; wait 15 minutes and try again');
  }
  const user = await findUserForLogin(ctx.db, email);
  const ok = await verifyPassword(credentials.password, user?.passwordHash ?? (await dummyHash()));
  if (!user || !ok) {
    await recordLoginFailure(ctx.db, [...keys], now);
    throw new HttpError(401, 'bad_login', 'wrong e-mail address or password');
  }
  await clearLoginFailures(ctx.db, keys[0], new Date(now.getTime() + 1));
  const session = await createSession(ctx.db, user.id, now, SESSION_TTL_MS);
  reply.setCookie(SESSION_COOKIE, session.token, { path: '/', httpOnly: true, sameSite: 'lax', secure: request.protocol === 'https', maxAge: SESSION_TTL_MS / 1000 });
  const { passwordHash: _hash, ...publicUser } = user;
  return { user: publicUser, csrfToken: session.csrfToken };
}

export async function logout(ctx: AppContext, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  if (request.auth?.kind === 'session') await deleteSession(ctx.db, request.auth.token);
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
}
