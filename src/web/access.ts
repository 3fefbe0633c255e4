// Who is asking and what they may reach, for the API and the pages alike: a session user (operator:
// every client; client user: its own client only) or a client's API token. A document of another
// client answers 404, exactly like one that does not exist, so ids cannot be probed.
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../app-context.js';
import type { ApiToken, User } from '../db/account-store.js';
import { documentOwner } from '../db/document-detail-store.js';

export type Auth =
  | { kind: 'session'; user: User; csrfToken: string; token: string }
  | { kind: 'token'; token: ApiToken };

declare module 'fastify' {
  interface FastifyRequest {
    auth: Auth | null;
  }
}

export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export const notFound = () => new HttpError(404, 'not_found', 'no such document');

/** Who is asking, and which client's data they may see (null: every client, an operator). */
export type Scope = { actor: string; clientId: string | null; userId: string | null; apiTokenId: string | null; operator: boolean };

export function scopeOf(request: FastifyRequest): Scope {
  const auth = request.auth;
  if (!auth) throw new HttpError(401, 'unauthenticated', 'log in first (POST /api/login) or send an API token');
  if (auth.kind === 'token') return { actor: `token:${auth.token.name}`, clientId: auth.token.clientId, userId: null, apiTokenId: auth.token.id, operator: false };
  const operator = auth.user.role === 'operator';
  if (!operator && !auth.user.clientId) throw new HttpError(403, 'forbidden', 'this account has no client');
  return { actor: auth.user.email, clientId: operator ? null : auth.user.clientId, userId: auth.user.id, apiTokenId: null, operator };
}

export function requireOperator(request: FastifyRequest): Scope {
  const scope = scopeOf(request);
  if (!scope.operator) throw new HttpError(403, 'forbidden', 'only operators may do this');
  return scope;
}

/** The document's owner, when the caller may see it; otherwise 404 (whether or not it exists). */
export async function visibleDocument(ctx: AppContext, scope: Scope, id: string) {
  const owner = await documentOwner(ctx.db, id);
  if (!owner || (scope.clientId !== null && owner.clientId !== scope.clientId)) throw notFound();
  return owner;
}

export const uuidParam = z.object({ id: z.uuid() });
