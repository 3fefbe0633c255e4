// `boete serve`: one Fastify server with the JSON API under /api (OpenAPI at /api/docs), health and
// readiness, and session login. Every route validates its input with zod at the edge and checks role
// and client: a client user only ever reaches its own client's documents (others answer 404, so ids
// cannot be probed). Operator actions re-assess through src/assess-document.ts, the worker's path.
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
import { findApiToken, findClientByCode, findSession } from '../db/account-store.js';
import { documentAuditTrail, documentDetail, documentFile, recordDocumentView } from '../db/document-detail-store.js';
import { DocumentStateError } from '../db/operator-store.js';
import { getOutput, listOutputs } from '../db/output-store.js';
import { outputUrl } from './views/output-list.js';
import { listQueue, queueCounts } from '../db/review-store.js';
import type { IsoDate } from '../domain/calendar-date.js';
import { OUTPUT_FILE_KINDS } from '../domain/outputs.js';
import { accountingFileCsv, redirectListCsv } from '../export/decision-csv-files.js';
import { REVIEW_REASONS } from '../domain/types.js';
import { MIME_TYPES, sniffDocumentType } from '../reading/document-type.js';
import { HttpError, notFound, requireOperator, scopeOf, uuidParam, visibleDocument } from './access.js';
import { registerAssets } from './assets.js';
import { html } from './html.js';
import { intakeFiles, intakeOutcomes } from './intake.js';
import { multipartFiles, multipartLimitMessage, registerMultipart, uploadLimits } from './multipart.js';
import { attemptLogin, logout, SESSION_COOKIE, SESSION_IDLE_MS } from './login.js';
import { actionSchema, applyOperatorAction, type OperatorAction } from './operator-actions.js';
import { applyBulkAction, bulkActionSchema, bulkItemsSchema } from './bulk-actions.js';
import { redirectWithNotice, sendPage } from './page-kit.js';
import { registerPages } from './page-routes.js';

export { SESSION_COOKIE } from './login.js';

const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

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
  await registerMultipart(app, ctx);
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
    // A url-encoded form's field is a string; a multipart form's is a part ({ value }).
    const field = (request.body as { _csrf?: unknown } | undefined)?._csrf;
    const formToken = typeof field === 'string' ? field : (field as { type?: string; value?: unknown } | undefined)?.type === 'field' ? (field as { value?: unknown }).value : undefined;
    const sent = (request.headers['x-csrf-token'] as string | undefined) ?? formToken;
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
    let answer: { status: number; error: string; message: string };
    if (error instanceof HttpError) answer = { status: error.statusCode, error: error.code, message: error.message };
    else if (error instanceof DocumentStateError) answer = { status: 409, error: 'state', message: error.message };
    else if (multipartLimitMessage(error, uploadLimits(ctx))) answer = { status: 413, error: 'too_large', message: multipartLimitMessage(error, uploadLimits(ctx)) as string };
    else if (error.validation || (error.statusCode && error.statusCode < 500)) answer = { status: error.statusCode ?? 400, error: 'bad_request', message: error.message };
    else {
      ctx.log.error({ err: error, url: request.url }, 'request failed');
      answer = { status: 500, error: 'internal', message: 'something went wrong; it has been logged' };
    }
    if (!isPageRequest(request)) return reply.status(answer.status).send({ error: answer.error, message: answer.message });
    return sendPageError(request, reply, answer);
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
      const { user, csrfToken } = await attemptLogin(ctx, request, reply, request.body);
      return { email: user.email, role: user.role, client: user.clientCode, csrfToken };
    },
  );

  app.post('/api/logout', { schema: { tags: ['session'] } }, async (request, reply) => {
    await logout(ctx, request, reply);
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
        description: 'Documents in review, most urgent first (latest delivery date, then deadline basis; unknown deadlines first). Client users see only their own. `total`: documents this filter matches; `byReason`: documents per reason with the client and status filters but not the reason filter.',
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
      // The counts per reason leave the reason filter out (as the queue page's chips do), so they
      // say how many each other reason would show; `total` is what this filter matches.
      const [rows, counts] = await Promise.all([
        listQueue(ctx.db, filter, { limit: q.limit, offset: q.offset }),
        queueCounts(ctx.db, { clientId: filter.clientId, status: filter.status }),
      ]);
      const total = filter.reason ? (counts.byReason.get(filter.reason) ?? 0) : counts.total;
      return { total, byReason: Object.fromEntries(counts.byReason), documents: rows };
    },
  );

  app.get('/api/documents/:id', { schema: { tags: ['documents'], params: uuidParam } }, async (request) => {
    const scope = scopeOf(request);
    await visibleDocument(ctx, scope, request.params.id);
    const detail = await documentDetail(ctx.db, request.params.id);
    if (!detail) throw notFound();
    await recordDocumentView(ctx.db, { documentId: detail.doc.id, userId: scope.userId, apiTokenId: scope.apiTokenId, what: 'view' });
    const audit = await documentAuditTrail(ctx.db, detail.doc.id);
    // Every version's outputs, newest first; a superseded one's url names its version.
    const outputs = await listOutputs(ctx.db, detail.doc.id);
    return { ...detail, audit, outputs: outputs.map((o) => ({ ...o, superseded: !o.current, url: outputUrl(detail.doc.id, o) })) };
  });

  app.get(
    '/api/documents/:id/outputs/:kind',
    {
      schema: {
        tags: ['documents'],
        description:
          "An output of the document's decision: `redirect_pack` (the case pack for the authority) or `recharge_notice` (the renter's notice), as a PDF attachment. " +
          'The current decision\'s by default; `?version=N` gives the one of assessment version N (a superseded one too: `x-output-superseded: true`).',
        params: z.object({ id: z.uuid(), kind: z.enum(OUTPUT_FILE_KINDS) }),
        querystring: z.object({ version: z.coerce.number().int().min(1).optional() }),
      },
    },
    async (request, reply) => {
      const scope = scopeOf(request);
      // Another client's document answers 404 like a missing one (src/web/access.ts).
      await visibleDocument(ctx, scope, request.params.id);
      const { version } = request.query;
      const output = await getOutput(ctx.db, request.params.id, request.params.kind, version);
      if (!output) throw new HttpError(404, 'not_found', version === undefined ? `this document has no current ${request.params.kind}` : `this document has no ${request.params.kind} of assessment version ${version}`);
      await recordDocumentView(ctx.db, { documentId: request.params.id, userId: scope.userId, apiTokenId: scope.apiTokenId, what: 'output' });
      reply.header('content-type', 'application/pdf');
      reply.header('content-disposition', `attachment; filename="${output.filename.replace(/[^\w.-]/g, '_')}"`);
      reply.header('content-security-policy', "sandbox; default-src 'none'");
      reply.header('x-content-sha256', output.sha256);
      reply.header('x-output-assessment-version', String(output.assessmentVersion));
      reply.header('x-output-superseded', String(!output.current));
      return reply.send(output.content);
    },
  );

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

  // The decisions' per-client CSVs (src/export/decision-csv-files.ts): an operator any client's, a
  // client user or token its own only (another code answers 404, like one that does not exist).
  const clientOfScope = async (request: FastifyRequest, code: string) => {
    const scope = scopeOf(request);
    const client = await findClientByCode(ctx.db, code);
    if (!client || (scope.clientId !== null && client.id !== scope.clientId)) throw new HttpError(404, 'not_found', 'no such client');
    return client;
  };
  const isoDay = z.iso.date('a date as YYYY-MM-DD');
  const csvReply = (reply: FastifyReply, name: string, csv: string) => {
    reply.header('content-type', 'text/csv; charset=utf-8');
    reply.header('content-disposition', `attachment; filename="${name.replace(/[^\w.-]/g, '_')}"`);
    return reply.send(csv);
  };
  app.get(
    '/api/clients/:code/redirects.csv',
    { schema: { tags: ['documents'], description: "Every redirect of the client decided on one Brussels day, with each case pack's SHA-256.", params: z.object({ code: z.string().min(1).max(100) }), querystring: z.object({ day: isoDay }) } },
    async (request, reply) => {
      const client = await clientOfScope(request, request.params.code);
      const { csv } = await redirectListCsv(ctx.db, client.code, request.query.day as IsoDate);
      return csvReply(reply, `redirects-${client.code}-${request.query.day}.csv`, csv);
    },
  );
  app.get(
    '/api/clients/:code/accounting.csv',
    {
      schema: {
        tags: ['documents'],
        description: 'One line per recharge whose dispute window closed in the period (from … to, Brussels days, both included), amounts in cents and euros.',
        params: z.object({ code: z.string().min(1).max(100) }),
        querystring: z.object({ from: isoDay, to: isoDay }).refine((q) => q.from <= q.to, { message: 'to is before from' }),
      },
    },
    async (request, reply) => {
      const client = await clientOfScope(request, request.params.code);
      const { csv } = await accountingFileCsv(ctx.db, client.code, request.query.from as IsoDate, request.query.to as IsoDate, ctx.now());
      return csvReply(reply, `accounting-${client.code}-${request.query.from}-${request.query.to}.csv`, csv);
    },
  );

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
    '/api/documents/bulk-actions',
    {
      schema: {
        tags: ['review'],
        description:
          'One action (not a fine, accept the sender, choose a policy, resolve) on several documents, each with the version the operator saw; each is checked and re-assessed on its own. Answers which succeeded and which failed why.',
        body: z.object({ items: bulkItemsSchema, action: bulkActionSchema, _csrf: z.string().optional() }),
      },
    },
    async (request) => {
      const scope = requireOperator(request);
      return applyBulkAction(ctx, scope, request.body.items, request.body.action);
    },
  );

  app.post(
    '/api/documents',
    {
      schema: {
        tags: ['intake'],
        description:
          'Upload one fine (PDF, JPEG or PNG) as the request body, or several as multipart/form-data (field `file`, repeated), with a client API token (Authorization: Bearer …) or a client user session. The upload instant is their time of receipt; a file already known is not stored twice.',
        querystring: z.object({ filename: z.string().max(200).default('upload') }),
      },
    },
    async (request, reply) => {
      const scope = scopeOf(request);
      const body = request.body;
      if (request.isMultipart()) {
        const files = multipartFiles(request, 'file');
        if (files.length === 0) throw new HttpError(400, 'empty', 'send the files as multipart/form-data parts named "file"');
        const stored = await intakeFiles(ctx, scope, files, 'api');
        return reply.status(stored.newDocumentIds.length > 0 ? 201 : 200).send({
          documentIds: stored.documentIds,
          duplicateFile: stored.repeatedDocumentIds.length > 0,
          files: intakeOutcomes(files, stored).map((o) => ({ filename: o.filename, documentId: o.documentId, duplicate: o.outcome === 'known' })),
        });
      }
      if (!Buffer.isBuffer(body) || body.length === 0) throw new HttpError(400, 'empty', 'send the file as the request body (Content-Type: application/pdf, image/jpeg or image/png)');
      const stored = await intakeFiles(ctx, scope, [{ filename: request.query.filename, bytes: body }], 'api');
      return reply.status(stored.newDocumentIds.length > 0 ? 201 : 200).send({ documentIds: stored.documentIds, duplicateFile: stored.repeatedDocumentIds.length > 0 });
    },
  );

  await registerAssets(app);
  await registerPages(app, ctx);
  return app;
}

/** Pages answer errors as pages; /api and files answer JSON. */
function isPageRequest(request: FastifyRequest): boolean {
  return !request.url.startsWith('/api') && !request.url.startsWith('/assets/') && !request.url.startsWith('/healthz') && !request.url.startsWith('/readyz');
}

/**
 * A page's error: not logged in → the login page (coming back here after); a failed form → back to
 * the page it came from with the message as a notice (nothing was saved); otherwise an error page.
 */
function sendPageError(request: FastifyRequest, reply: FastifyReply, answer: { status: number; error: string; message: string }) {
  if (answer.status === 401) return reply.redirect(`/login?next=${encodeURIComponent(request.method === 'GET' ? request.url : '/')}`, 303);
  if (request.method === 'POST' && answer.status < 500) {
    const referer = request.headers.referer;
    let back = '/';
    try {
      if (referer && new URL(referer).host === request.headers.host) back = new URL(referer).pathname + new URL(referer).search;
    } catch {
      // an unparsable Referer: go home
    }
    return redirectWithNotice(reply, back, answer.message, 'error');
  }
  const auth = request.auth?.kind === 'session' ? request.auth : null;
  const title = answer.status === 404 ? 'Not found' : answer.status === 403 ? 'Not allowed' : 'Something went wrong';
  reply.status(answer.status);
  return sendPage(request, reply, { title, user: auth?.user ?? null, csrfToken: auth?.csrfToken ?? null, body: html`<h1>${title}</h1><p>${answer.message}</p><p><a href="/">Back to the start page</a></p>` });
}

