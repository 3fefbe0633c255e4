// The web interface's frame on real PostgreSQL and Redis (Fastify's inject): the login page and its
// form, redirects for visitors without a session, role-specific home pages, assets under the CSP,
// and markup from a mail never becoming markup on a page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createUser, findClientByCode } from '../../src/db/account-store.js';
import { brusselsInstant } from '../../src/domain/brussels-time.js';
import type { IsoDate } from '../../src/domain/calendar-date.js';
import { importSetup } from '../../src/setup/import-setup.js';
import { parseSetupFile } from '../../src/setup/setup-file.js';
import { buildServer, SESSION_COOKIE } from '../../src/web/server.js';
import { hashPassword } from '../../src/web/passwords.js';
import { createTestEnv, type TestEnv } from '../support/test-env.js';

const NOW = brusselsInstant('2026-11-23' as IsoDate, 10);
const PASSWORD = 'correct horse battery';
let t: TestEnv;
let server: FastifyInstance;

async function formLogin(email: string, next = '') {
  const res = await server.inject({
    method: 'POST',
    url: '/login',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ email, password: PASSWORD, next }).toString(),
  });
  const cookie = res.cookies.find((c) => c.name === SESSION_COOKIE);
  return { res, cookie: cookie ? `${SESSION_COOKIE}=${cookie.value}` : '' };
}

beforeAll(async () => {
  t = await createTestEnv();
  const ctx = t.app().ctx;
  ctx.now = () => NOW;
  const setup = { mailboxes: [], clients: [{ code: 'acme', name: 'ACME <b>Rent</b>', addresses: ['acme@fines.example.com'], allowedSenders: ['acme-rent.be'] }] };
  await importSetup(ctx.db, parseSetupFile(JSON.stringify(setup), 'setup.json'), NOW);
  const acme = (await findClientByCode(ctx.db, 'acme'))!;
  const hash = await hashPassword(PASSWORD);
  await createUser(ctx.db, { email: 'op@boete.test', passwordHash: hash, role: 'operator', clientId: null }, 'test');
  await createUser(ctx.db, { email: 'user@acme.test', passwordHash: hash, role: 'client', clientId: acme.id }, 'test');
  server = await buildServer(ctx);
});

afterAll(async () => {
  await server?.close();
  await t?.dispose();
});

describe('web interface frame', () => {
  it('sends a visitor without a session to the login page, and back after logging in', async () => {
    const res = await server.inject('/queue');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/login?next=%2Fqueue');
    const page = await server.inject('/login?next=%2Fqueue');
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.body).toContain('name="next" value="/queue"');
    const { res: login } = await formLogin('op@boete.test', '/queue');
    expect(login.statusCode).toBe(303);
    expect(login.headers.location).toBe('/queue');
  });

  it('never redirects off the site after login', async () => {
    const { res } = await formLogin('op@boete.test', '//evil.example/x');
    expect(res.headers.location).toBe('/');
  });

  it('shows a wrong password on the login page itself, without saying which part was wrong', async () => {
    const res = await server.inject({
      method: 'POST',
      url: '/login',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ email: 'user@acme.test', password: 'nope' }).toString(),
    });
    expect(res.statusCode).toBe(401);
    expect(res.body).toContain('wrong e-mail address or password');
    expect(res.body).toContain('value="user@acme.test"');
  });

  it('takes operators to the queue and client users to their portal; neither reaches the other room', async () => {
    const op = await formLogin('op@boete.test');
    expect((await server.inject({ url: '/', headers: { cookie: op.cookie } })).headers.location).toBe('/queue');
    const queue = await server.inject({ url: '/queue', headers: { cookie: op.cookie } });
    expect(queue.statusCode).toBe(200);
    expect(queue.body).toContain('Review queue');
    expect(queue.headers['cache-control']).toBe('no-store');
    expect((await server.inject({ url: '/portal', headers: { cookie: op.cookie } })).statusCode).toBe(403);

    const client = await formLogin('user@acme.test');
    expect((await server.inject({ url: '/', headers: { cookie: client.cookie } })).headers.location).toBe('/portal');
    expect((await server.inject({ url: '/portal', headers: { cookie: client.cookie } })).statusCode).toBe(200);
    const refused = await server.inject({ url: '/queue', headers: { cookie: client.cookie } });
    expect(refused.statusCode).toBe(403);
    expect(refused.headers['content-type']).toContain('text/html');
  });

  it('refuses a logout form without the CSRF token', async () => {
    const op = await formLogin('op@boete.test');
    const res = await server.inject({ method: 'POST', url: '/logout', headers: { cookie: op.cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: '' });
    expect(res.statusCode).toBe(303);
    expect((await server.inject({ url: '/queue', headers: { cookie: op.cookie } })).statusCode).toBe(200);
  });

  it('serves its script and styles from /assets under the same CSP', async () => {
    const js = await server.inject('/assets/app.js');
    expect(js.statusCode).toBe(200);
    expect(js.headers['content-type']).toContain('javascript');
    expect((await server.inject('/assets/app.css')).headers['content-type']).toContain('text/css');
    expect((await server.inject('/assets/../package.json')).statusCode).toBe(404);
  });
});
