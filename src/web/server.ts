// `boete serve`: one Fastify server with the JSON API under /api (OpenAPI at /api/docs), health and
// readiness, and session login. Every route validates its input with zod at the edge and checks role
// and client: a client user only ever reaches its own client's documents (others answer 404, so ids
// cannot be probed). Operator actions re-assess through src/assess-document.ts, the worker's path.
import { randomBytes } from 'node:crypto';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql } from 'drizzle-orm';
import { Redis } from 'ioredis';
import { z } from 'zod';
import type { AppContext } from '../app-context.js';
import { assessAndStore } from '../assess-document.js';
import {
  clearLoginFailures,
  createSession,
  deleteSession,
  findApiToken,
  findSession,
  findUserForLogin,
  recentLoginFailures,
  recordLoginFailure,
  type ApiToken,
  type User,
} from '../db/account-store.js';
import { documentAuditTrail, documentDetail, documentFile, documentOwner, recordDocumentView } from '../db/document-detail-store.js';
import {
  CORRECTABLE_FIELDS,
  DocumentStateError,
  correctField,
  lockAssessment,
  setResolution,
  storeOperatorLiability,
  type CorrectableField,
} from '../db/operator-store.js';
import { listQueue, queueCounts } from '../db/review-store.js';
import { storeUpload } from '../db/upload-store.js';
import { parseInstant } from '../domain/brussels-time.js';
import { isIsoDate } from '../domain/calendar-date.js';
import { normalisePlate } from '../domain/plate.js';
import { DOCUMENT_KINDS, REVIEW_REASONS } from '../domain/types.js';
import { assessDocumentJob, readDocumentJob } from '../queue/job-contracts.js';
import { MIME_TYPES, sniffDocumentType } from '../reading/document-type.js';
import { safeFilename } from '../mail/safe-filename.js';
import { estimatePages } from '../mail/page-estimate.js';
import { dummyHash, verifyPassword } from './passwords.js';
import { createHash } from 'node:crypto';

export const SESSION_COOKIE = 'boete_session';
const SESSION_TTL_MS = 12 * 3600_000;
const SESSION_IDLE_MS = 2 * 3600_000;
const THROTTLE_WINDOW_MS = 15 * 60_000;
const MAX_FAILURES_PER_EMAIL = 5;
const MAX_FAILURES_PER_IP = 30;

type Auth =
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

const notFound = () => new HttpError(404, 'not_found', 'no such document');
const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

/** Who is asking, and which client's data they may see (null: every client, an operator). */
type Scope = { actor: string; clientId: string | null; userId: string | null; apiTokenId: string | null; operator: boolean };

function scopeOf(request: FastifyRequest): Scope {
  const auth = request.auth;
  if (!auth) throw new HttpError(401, 'unauthenticated', 'log in first (POST /api/login) or send an API token');
  if (auth.kind === 'token') return { actor: `token:${auth.token.name}`, clientId: auth.token.clientId, userId: null, apiTokenId: auth.token.id, operator: false };
  const operator = auth.user.role === 'operator';
  if (!operator && !auth.user.clientId) throw new HttpError(403, 'forbidden', 'this account has no client');
  return { actor: auth.user.email, clientId: operator ? null : auth.user.clientId, userId: auth.user.id, apiTokenId: null, operator };
}

function requireOperator(request: FastifyRequest): Scope {
  const scope = scopeOf(request);
  if (!scope.operator) throw new HttpError(403, 'forbidden', 'only operators may do this');
  return scope;
}

/** The document's owner, when the caller may see it; otherwise 404 (whether or not it exists). */
async function visibleDocument(ctx: AppContext, scope: Scope, id: string) {
  const owner = await documentOwner(ctx.db, id);
  if (!owner || (scope.clientId !== null && owner.clientId !== scope.clientId)) throw notFound();
  return owner;
}

const uuidParam = z.object({ id: z.uuid() });

/** Parses what an operator typed for a field; the message says what was expected. */
export function parseFieldValue(field: CorrectableField, raw: string): string | number {
  const text = raw.trim();
  const bad = (expected: string) => new HttpError(400, 'bad_value', `${field}: "${raw}" is not ${expected}`);
  switch (field) {
    case 'kind':
      if (!(DOCUMENT_KINDS as readonly string[]).includes(text)) throw bad(`one of ${DOCUMENT_KINDS.join(', ')}`);
      return text;
    case 'plate': {
      const plate = normalisePlate(text);
      if (plate.length < 2 || plate.length > 12) throw bad('a licence plate');
      return plate;
    }
    case 'offenceAt': {
      const instant = parseInstant(text.replace(' ', 'T'));
      if (!instant || !/\d{2}:\d{2}/.test(text)) throw bad('a date and time (YYYY-MM-DD HH:MM, Brussels time)');
      return instant.toISOString();
    }
    case 'documentDate':
    case 'dueDate':
    case 'redirectDeadline': {
      const dmy = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(text);
      const iso = dmy ? `${dmy[3]}-${dmy[2]!.padStart(2, '0')}-${dmy[1]!.padStart(2, '0')}` : text;
      if (!isIsoDate(iso)) throw bad('a date (YYYY-MM-DD or DD/MM/YYYY)');
      return iso;
    }
    case 'amountCents': {
      const m = /^(?:€\s*)?(\d{1,7})(?:[.,](\d{2}))?(?:\s*(?:€|EUR))?$/i.exec(text.replace(/\s+(?=\d{3}\b)/g, ''));
      if (!m) throw bad('an amount in euro (116,00)');
      return Number(m[1]) * 100 + Number(m[2] ?? 0);
    }
    case 'reference':
      if (!text || text.length > 100) throw bad('a reference of 1 to 100 characters');
      return text;
  }
}

const actionSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('correct'), field: z.enum(CORRECTABLE_FIELDS), value: z.string().max(200) }),
  z.object({ action: z.literal('confirm'), fields: z.array(z.enum(CORRECTABLE_FIELDS)).min(1) }),
  z.object({ action: z.literal('pick_contract'), contractId: z.uuid() }),
  z.object({ action: z.literal('choose_policy'), policy: z.enum(['redirect', 'recharge']) }),
  z.object({ action: z.literal('not_a_fine') }),
  z.object({ action: z.literal('accept_sender') }),
  z.object({
    action: z.literal('reattribute'),
    reason: z.enum(['incorrect_information', 'processing_error']),
    note: z.string().trim().min(3, 'a note is required: say why liability changes').max(2000),
  }),
  z.object({ action: z.literal('resolve') }),
]);
export type OperatorAction = z.infer<typeof actionSchema>;

/**
 * One operator action on one document, in one transaction: version check (a conflict is refused
 * with who changed it), the change, then re-assessment with the domain. Later copies of the same
 * fine are sent back to the worker as duplicates after the commit.
 */
export async function applyOperatorAction(ctx: AppContext, scope: Scope, documentId: string, version: number, action: OperatorAction) {
  await visibleDocument(ctx, scope, documentId);
  const now = ctx.now();
  const result = await ctx.db.transaction(async (tx) => {
    const current = await lockAssessment(tx, documentId);
    if (!current) throw new HttpError(409, 'not_assessed', 'this document is still being read; try again in a moment');
    if (current.version !== version) {
      const [last] = await documentAuditTrail(tx, documentId);
      throw new HttpError(
        409,
        'version_conflict',
        `this document changed since you opened it (version ${version}, now ${current.version}${last ? `, by ${last.actor} at ${last.at.toISOString()}` : ''}); your change was not saved — reload it and try again`,
      );
    }
    const decided = current.decision !== 'review';
    switch (action.action) {
      case 'correct':
        await correctField(tx, documentId, action.field, parseFieldValue(action.field, action.value), scope.actor);
        break;
      case 'confirm': {
        const detail = await documentDetail(tx, documentId);
        const fields = (detail?.ext?.fields ?? {}) as Record<string, { value: string | number } | null>;
        for (const f of action.fields) {
          const value = fields[f]?.value;
          if (value === undefined || value === null) throw new HttpError(400, 'bad_value', `${f}: nothing was read to confirm; enter the value instead`);
          await correctField(tx, documentId, f, value, scope.actor);
        }
        break;
      }
      case 'pick_contract': {
        const detail = await documentDetail(tx, documentId);
        if (!detail?.contracts.some((c) => c.id === action.contractId)) {
          throw new HttpError(400, 'bad_value', 'contractId: not one of the contracts of this client for the plate read on this document');
        }
        await setResolution(tx, documentId, { contractId: action.contractId }, scope.actor, now);
        break;
      }
      case 'choose_policy':
        await setResolution(tx, documentId, { policy: action.policy }, scope.actor, now);
        break;
      case 'not_a_fine':
        await setResolution(tx, documentId, { notAFine: true }, scope.actor, now);
        break;
      case 'accept_sender':
        await setResolution(tx, documentId, { senderAccepted: true }, scope.actor, now);
        break;
      case 'reattribute':
        await setResolution(tx, documentId, { liability: { reason: action.reason, note: action.note } }, scope.actor, now);
        // A decided document keeps its decision and processing time; only liability changes.
        if (decided) {
          await storeOperatorLiability(tx, documentId, action.reason, scope.actor, now);
          return { laterCopies: [] as string[] };
        }
        break;
      case 'resolve':
        break;
    }
    const assessed = await assessAndStore(tx, now, documentId, { byOperator: true, actor: scope.actor });
    return { laterCopies: 'laterCopies' in assessed ? assessed.laterCopies : [] };
  });
  for (const later of result.laterCopies) await ctx.queues.enqueue(assessDocumentJob, { documentId: later, asDuplicate: true });
  const after = await lockAssessment(ctx.db, documentId);
  const detail = await documentDetail(ctx.db, documentId);
  return { decision: after?.decision ?? null, reviewReasons: detail?.assessment?.reviewReasons ?? [], version: after?.version ?? null };
}

/** Fines uploaded without mail take the mail's path: stored (deduplicated), then read by the worker. */
async function intakeFiles(ctx: AppContext, scope: Scope, files: { filename: string; bytes: Buffer }[], channel: 'portal' | 'api') {
  if (!scope.clientId) throw new HttpError(403, 'forbidden', 'uploads belong to a client: use a client account or that client\'s API token');
  const docs = files.map((f) => {
    const type = sniffDocumentType(f.bytes);
    if (!type) throw new HttpError(400, 'not_a_document', `${f.filename}: not a PDF, JPEG or PNG (recognised by its content)`);
    return {
      filename: safeFilename(f.filename, type), type, contentType: MIME_TYPES[type], content: f.bytes,
      sha256: createHash('sha256').update(f.bytes).digest('hex'), pageEstimate: estimatePages(f.bytes, type),
    };
  });
  const stored = await storeUpload(ctx.db, { clientId: scope.clientId, channel, userId: scope.userId, apiTokenId: scope.apiTokenId, receivedAt: ctx.now(), files: docs, actor: scope.actor });
  for (const documentId of stored.newDocumentIds) await ctx.queues.enqueue(readDocumentJob, { documentId });
  return stored;
}

function sameOrigin(request: FastifyRequest): boolean {
  const origin = request.headers.origin;
  if (!origin) return true;
  try {
    return new URL(origin).host === request.headers.host;
  } catch {
    return false;
  }
}

export async function buildServer(ctx: AppContext): Promise<FastifyInstance> {
  const app = Fastify({ logger: false, bodyLimit: ctx.config.maxMessageBytes, trustProxy: false }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  await app.register(cookie);
  await app.register(formbody);
  for (const type of ['application/pdf', 'image/jpeg', 'image/png', 'application/octet-stream']) {
    app.addContentTypeParser(type, { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
  }
  await app.register(swagger, {
    openapi: {
      info: { title: 'boete', description: 'Review queue and client API of boete (fine processing)', version: '0.1.0' },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
          token: { type: 'http', scheme: 'bearer', description: 'a client API token (boete tokens add)' },
        },
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true });

  app.decorateRequest('auth', null);
  app.addHook('onRequest', async (request) => {
    const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
    if (bearer) {
      const token = await findApiToken(ctx.db, bearer, ctx.now());
      if (!token) throw new HttpError(401, 'bad_token', 'this API token is unknown or revoked');
      request.auth = { kind: 'token', token };
      return;
    }
    const cookieToken = request.cookies[SESSION_COOKIE];
    if (cookieToken) {
      const session = await findSession(ctx.db, cookieToken, ctx.now(), SESSION_IDLE_MS);
      if (session) request.auth = { kind: 'session', user: session.user, csrfToken: session.csrfToken, token: cookieToken };
    }
  });
  // CSRF: every state change made with the session cookie carries the session's token (header
  // X-CSRF-Token, or _csrf in a form); bearer-token calls carry no ambient credentials.
  app.addHook('preValidation', async (request) => {
    if (['GET', 'HEAD', 'OPTIONS'].includes(request.method)) return;
    if (!sameOrigin(request)) throw new HttpError(403, 'csrf', 'cross-site request refused');
    const auth = request.auth;
    if (auth?.kind !== 'session') return;
    const sent = (request.headers['x-csrf-token'] as string | undefined) ?? (request.body as { _csrf?: string } | undefined)?._csrf;
    const a = Buffer.from(String(sent ?? ''));
    const b = Buffer.from(auth.csrfToken);
    if (a.length !== b.length || !a.equals(b)) throw new HttpError(403, 'csrf', 'missing or wrong CSRF token; reload the page and try again');
  });
  app.addHook('onSend', async (request, reply, payload) => {
    if (!request.url.startsWith('/api/docs')) reply.header('content-security-policy', CSP);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'same-origin');
    if (request.auth?.kind === 'session') reply.header('cache-control', 'no-store');
    return payload;
  });
  app.setErrorHandler((error: Error & { statusCode?: number; code?: string; validation?: unknown }, request, reply) => {
    if (error instanceof HttpError) return reply.status(error.statusCode).send({ error: error.code, message: error.message });
    if (error instanceof DocumentStateError) return reply.status(409).send({ error: 'state', message: error.message });
    if (error.validation || (error.statusCode && error.statusCode < 500)) {
      return reply.status(error.statusCode ?? 400).send({ error: 'bad_request', message: error.message });
    }
    ctx.log.error({ err: error, url: request.url }, 'request failed');
    return reply.status(500).send({ error: 'internal', message: 'something went wrong; it has been logged' });
  });

  app.get('/healthz', { schema: { hide: true } }, async () => ({ ok: true }));
  app.get('/readyz', { schema: { hide: true } }, async (_request, reply) => {
    const checks: Record<string, string> = {};
    await ctx.db.execute(sql`select 1`).then(() => (checks.database = 'ok'), () => (checks.database = 'unreachable'));
    const redis = new Redis(ctx.config.redisUrl, { lazyConnect: true, connectTimeout: 1000, maxRetriesPerRequest: 0, retryStrategy: () => null });
    redis.on('error', () => undefined);
    await redis
      .connect()
      .then(() => redis.ping())
      .then(() => (checks.redis = 'ok'), () => (checks.redis = 'unreachable'))
      .finally(() => redis.disconnect());
    const ok = Object.values(checks).every((v) => v === 'ok');
    return reply.status(ok ? 200 : 503).send({ ok, ...checks });
  });

  app.post(
    '/api/login',
    { schema: { tags: ['session'], body: z.object({ email: z.email(), password: z.string().min(1).max(200) }) } },
    async (request, reply) => {
      const now = ctx.now();
      const email = request.body.email.toLowerCase();
      const since = new Date(now.getTime() - THROTTLE_WINDOW_MS);
      const keys = [`email:${email}`, `ip:${request.ip}`];
      if ((await recentLoginFailures(ctx.db, keys[0]!, since)) >= MAX_FAILURES_PER_EMAIL || (await recentLoginFailures(ctx.db, keys[1]!, since)) >= MAX_FAILURES_PER_IP) {
        throw new HttpError(429, 'throttled', 'too many failed logins; wait 15 minutes and try again');
      }
      const user = await findUserForLogin(ctx.db, email);
      const ok = await verifyPassword(request.body.password, user?.passwordHash ?? (await dummyHash()));
      if (!user || !ok) {
        await recordLoginFailure(ctx.db, keys, now);
        throw new HttpError(401, 'bad_login', 'wrong e-mail address or password');
      }
      await clearLoginFailures(ctx.db, keys[0]!, new Date(now.getTime() + 1));
      const session = await createSession(ctx.db, user.id, now, SESSION_TTL_MS);
      reply.setCookie(SESSION_COOKIE, session.token, { path: '/', httpOnly: true, sameSite: 'lax', secure: request.protocol === 'https', maxAge: SESSION_TTL_MS / 1000 });
      return { email: user.email, role: user.role, client: user.clientCode, csrfToken: session.csrfToken };
    },
  );

  app.post('/api/logout', { schema: { tags: ['session'] } }, async (request, reply) => {
    if (request.auth?.kind === 'session') await deleteSession(ctx.db, request.auth.token);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { ok: true };
  });

  app.get('/api/me', { schema: { tags: ['session'] } }, async (request) => {
    const auth = request.auth;
    if (auth?.kind !== 'session') throw new HttpError(401, 'unauthenticated', 'not logged in');
    return { email: auth.user.email, role: auth.user.role, client: auth.user.clientCode, csrfToken: auth.csrfToken };
  });

  app.get(
    '/api/queue',
    {
      schema: {
        tags: ['review'],
        description: 'Documents in review, most urgent first (latest delivery date, then deadline basis; unknown deadlines first). Client users see only their own.',
        querystring: z.object({
          client: z.uuid().optional(),
          reason: z.enum(REVIEW_REASONS).optional(),
          status: z.enum(['waiting', 'operator']).optional(),
          limit: z.coerce.number().int().min(1).max(500).default(50),
          offset: z.coerce.number().int().min(0).default(0),
        }),
      },
    },
    async (request) => {
      const scope = scopeOf(request);
      const q = request.query;
      const filter = { clientId: scope.clientId ?? q.client ?? null, reason: q.reason ?? null, status: q.status ?? null };
      const [rows, counts] = await Promise.all([listQueue(ctx.db, filter, { limit: q.limit, offset: q.offset }), queueCounts(ctx.db, filter)]);
      return { total: counts.total, byReason: Object.fromEntries(counts.byReason), documents: rows };
    },
  );

  app.get('/api/documents/:id', { schema: { tags: ['documents'], params: uuidParam } }, async (request) => {
    const scope = scopeOf(request);
    await visibleDocument(ctx, scope, request.params.id);
    const detail = await documentDetail(ctx.db, request.params.id);
    if (!detail) throw notFound();
    await recordDocumentView(ctx.db, { documentId: detail.doc.id, userId: scope.userId, apiTokenId: scope.apiTokenId, what: 'view' });
    const audit = await documentAuditTrail(ctx.db, detail.doc.id);
    return { ...detail, audit };
  });

  app.get('/api/documents/:id/file', { schema: { tags: ['documents'], params: uuidParam } }, async (request, reply) => {
    const scope = scopeOf(request);
    await visibleDocument(ctx, scope, request.params.id);
    const file = await documentFile(ctx.db, request.params.id);
    if (!file) throw notFound();
    await recordDocumentView(ctx.db, { documentId: request.params.id, userId: scope.userId, apiTokenId: scope.apiTokenId, what: 'file' });
    // Always a download with a type from the bytes: a file from a mail never runs in our origin.
    const type = sniffDocumentType(file.content);
    reply.header('content-type', type ? MIME_TYPES[type] : 'application/octet-stream');
    reply.header('content-disposition', `attachment; filename="${file.filename.replace(/[^\w.-]/g, '_')}"`);
    reply.header('content-security-policy', "sandbox; default-src 'none'");
    return reply.send(file.content);
  });

  app.post(
    '/api/documents/:id/actions',
    {
      schema: {
        tags: ['review'],
        description: 'An operator action; `version` is the assessment version the operator saw (a newer one is a 409 conflict).',
        params: uuidParam,
        body: z.object({ version: z.number().int().min(1), _csrf: z.string().optional() }).and(actionSchema),
      },
    },
    async (request) => {
      const scope = requireOperator(request);
      const { version, _csrf, ...action } = request.body as { version: number; _csrf?: string } & OperatorAction;
      return applyOperatorAction(ctx, scope, request.params.id, version, action as OperatorAction);
    },
  );

  app.post(
    '/api/documents',
    {
      schema: {
        tags: ['intake'],
        description:
          'Upload one fine (PDF, JPEG or PNG) as the request body, with a client API token (Authorization: Bearer …) or a client user session. The upload instant is its time of receipt.',
        querystring: z.object({ filename: z.string().max(200).default('upload') }),
      },
    },
    async (request, reply) => {
      const scope = scopeOf(request);
      const body = request.body;
      if (!Buffer.isBuffer(body) || body.length === 0) throw new HttpError(400, 'empty', 'send the file as the request body (Content-Type: application/pdf, image/jpeg or image/png)');
      const stored = await intakeFiles(ctx, scope, [{ filename: request.query.filename, bytes: body }], 'api');
      return reply.status(stored.newDocumentIds.length > 0 ? 201 : 200).send({ documentIds: stored.documentIds, duplicateFile: stored.repeatedDocumentIds.length > 0 });
    },
  );

  return app;
}

export const newCsrf = () => randomBytes(16).toString('hex');
export type { FastifyReply };
