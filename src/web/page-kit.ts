// What every page route shares: who is logged in (or a redirect to the login page), sending a page,
// and a one-time notice carried across a redirect (Post/Redirect/Get) in a short-lived cookie.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { User } from '../db/account-store.js';
import { HttpError, scopeOf, type Scope } from './access.js';
import { page, type PageFrame } from './views/layout.js';

const NOTICE_COOKIE = 'boete_notice';

export type PageUser = { user: User; csrfToken: string; scope: Scope };

/** The session user of a page request; a request without one is sent to the login page. */
export function pageUser(request: FastifyRequest): PageUser {
  const auth = request.auth;
  if (auth?.kind !== 'session') throw new HttpError(401, 'unauthenticated', 'log in first');
  return { user: auth.user, csrfToken: auth.csrfToken, scope: scopeOf(request) };
}

export function pageOperator(request: FastifyRequest): PageUser {
  const who = pageUser(request);
  if (!who.scope.operator) throw new HttpError(403, 'forbidden', 'this page is for operators');
  return who;
}

export function pageClientUser(request: FastifyRequest): PageUser {
  const who = pageUser(request);
  if (who.scope.operator || !who.scope.clientId) throw new HttpError(403, 'forbidden', 'this page is for client users');
  return who;
}

/** Sends a page in the common frame, with the notice the previous action left (then forgets it). */
export function sendPage(request: FastifyRequest, reply: FastifyReply, frame: Omit<PageFrame, 'notice'> & { notice?: PageFrame['notice'] }): FastifyReply {
  const carried = takeNotice(request, reply);
  return reply.type('text/html; charset=utf-8').send(page({ ...frame, notice: frame.notice ?? carried }));
}

/** Redirects (303, so the browser GETs) and shows `text` on the next page. */
export function redirectWithNotice(reply: FastifyReply, to: string, text: string, kind: 'ok' | 'error' = 'ok'): FastifyReply {
  reply.setCookie(NOTICE_COOKIE, JSON.stringify({ kind, text: text.slice(0, 500) }), { path: '/', httpOnly: true, sameSite: 'lax', maxAge: 60 });
  return reply.redirect(safeLocalPath(to), 303);
}

function takeNotice(request: FastifyRequest, reply: FastifyReply): PageFrame['notice'] {
  const raw = request.cookies[NOTICE_COOKIE];
  if (!raw) return null;
  reply.clearCookie(NOTICE_COOKIE, { path: '/' });
  try {
    const parsed = JSON.parse(raw) as { kind?: unknown; text?: unknown };
    if ((parsed.kind === 'ok' || parsed.kind === 'error') && typeof parsed.text === 'string') return { kind: parsed.kind, text: parsed.text };
  } catch {
    // a cookie we did not write: ignore it
  }
  return null;
}

/** Only paths on this site: `next=//evil.example` or `next=https://…` become `/`. */
export function safeLocalPath(to: string | undefined | null): string {
  if (!to || !to.startsWith('/') || to.startsWith('//') || to.startsWith('/\\')) return '/';
  return to;
}
