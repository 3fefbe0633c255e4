// The web interface's own routes: login and logout pages, the home page (operators go to the queue,
// client users to their portal), and the two rooms registered from their modules. Page forms post
// url-encoded bodies with the session's CSRF token in `_csrf` (checked in server.ts for every state
// change) and answer with a redirect (Post/Redirect/Get).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../app-context.js';
import { HttpError } from './access.js';
import { html } from './html.js';
import { attemptLogin, logout } from './login.js';
import { registerOperatorPages } from './operator-pages.js';
import { safeLocalPath, sendPage } from './page-kit.js';
import { registerPortalPages } from './portal-pages.js';

export async function registerPages(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const hidden = { hide: true };

  routes.get('/', { schema: hidden }, async (request, reply) => {
    const auth = request.auth;
    if (auth?.kind !== 'session') return reply.redirect('/login', 303);
    return reply.redirect(auth.user.role === 'operator' ? '/queue' : '/portal', 303);
  });

  const loginForm = (next: string, email = '', error: string | null = null) =>
    html`<section class="login">
  <h1>Log in</h1>
  ${error ? html`<p class="notice notice-error" role="alert">${error}</p>` : ''}
  <form method="post" action="/login">
    <input type="hidden" name="next" value="${next}">
    <label>E-mail address <input type="email" name="email" value="${email}" autocomplete="username" required autofocus></label>
    <label>Password <input type="password" name="password" autocomplete="current-password" required></label>
    <button type="submit" class="primary">Log in</button>
  </form>
</section>`;

  routes.get('/login', { schema: { ...hidden, querystring: z.object({ next: z.string().max(500).optional() }) } }, async (request, reply) => {
    if (request.auth?.kind === 'session') return reply.redirect(safeLocalPath(request.query.next), 303);
    return sendPage(request, reply, { title: 'Log in', body: loginForm(safeLocalPath(request.query.next)) });
  });

  routes.post(
    '/login',
    { schema: { ...hidden, body: z.object({ email: z.string().max(200), password: z.string().max(200), next: z.string().max(500).optional() }) } },
    async (request, reply) => {
      const next = safeLocalPath(request.body.next);
      try {
        await attemptLogin(ctx, request, reply, request.body);
      } catch (error) {
        if (!(error instanceof HttpError)) throw error;
        return sendPage(request, reply.status(error.statusCode), { title: 'Log in', body: loginForm(next, request.body.email, error.message) });
      }
      return reply.redirect(next, 303);
    },
  );

  routes.post('/logout', { schema: hidden }, async (request, reply) => {
    await logout(ctx, request, reply);
    return reply.redirect('/login', 303);
  });

  await registerOperatorPages(app, ctx);
  await registerPortalPages(app, ctx);
}
