// IMAP IDLE in `worker` mode, against real Dovecot: with the poll interval set to ten minutes, a mail
// appended while the worker runs is stored and assessed long before the next poll is due — only the
// IDLE connection can explain that. Then the IDLE connection is cut (a TCP proxy in front of
// Dovecot drops every connection): the worker logs one line naming the mailbox, reconnects, and the
// next mail is again taken in before any poll was due. SIGTERM closes the IDLE connection.
import net from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildMail } from '../../fixtures/fine-mail.js';
import { LAYOUTS, makeFine } from '../../fixtures/fine-truth.js';
import { renderFinePdf } from '../../fixtures/render-fine-pdf.js';
import { spawnBoete, waitFor, type BoeteProcess } from '../support/boete-process.js';
import { createTestEnv, IMAP_HOST, IMAP_PORT, type TestEnv } from '../support/test-env.js';

const POLL_INTERVAL_S = 600;

/** Relays to Dovecot and can cut every open connection at once. */
function cuttingProxy() {
  const open = new Set<net.Socket>();
  let connections = 0;
  const server = net.createServer((client) => {
    connections += 1;
    const upstream = net.connect(IMAP_PORT, IMAP_HOST);
    open.add(client);
    client.pipe(upstream);
    upstream.pipe(client);
    const end = () => {
      open.delete(client);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  return {
    listen: () => new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port))),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
    cutAll: () => {
      for (const s of open) s.destroy();
    },
    open: () => open.size,
    connections: () => connections,
  };
}

let t: TestEnv;
let db: pg.Client;
let worker: BoeteProcess;
let startedAt: number;
const proxy = cuttingProxy();
const n = async (q: string) => Number((await db.query<{ n: string }>(q)).rows[0]?.n ?? 0);

async function mailFine(i: number) {
  const pdf = await renderFinePdf(makeFine(LAYOUTS[i % LAYOUTS.length]!, 9100 + i));
  const raw = await buildMail({ from: 'backoffice@acme-rent.be', to: 'acme@fines.example.com', attachments: [{ filename: `boete-${i}.pdf`, content: pdf }] });
  await t.appendMail(t.imapUser('acme'), raw, new Date());
}

beforeAll(async () => {
  t = await createTestEnv();
  const port = await proxy.listen();
  await t.setupAcme({ port, defaultFinePolicy: 'recharge' });
  db = new pg.Client({ connectionString: t.env.DATABASE_URL });
  await db.connect();
  startedAt = Date.now();
  worker = spawnBoete(['worker'], { ...t.env, BOETE_POLL_INTERVAL_SECONDS: String(POLL_INTERVAL_S) });
  // The scheduler's first tick and the IDLE connection's first poll: the mailbox is polled once.
  await waitFor(async () => (await n('SELECT count(*) AS n FROM mailboxes WHERE last_polled_at IS NOT NULL')) === 1, 'the first poll', 60_000);
}, 90_000);

afterAll(async () => {
  if (worker && worker.child.exitCode === null) worker.child.kill('SIGKILL');
  await db?.end();
  await t?.dispose();
  await proxy.close();
});

/** Seconds until the next scheduled poll, seen from the worker's start: anything before it was IDLE. */
const nextPollDue = () => startedAt + POLL_INTERVAL_S * 1000;

describe('IMAP IDLE in worker mode', () => {
  it('takes in and assesses a mail appended while the worker runs, before the next poll is due', async () => {
    await mailFine(1);
    await waitFor(async () => (await n("SELECT count(*) AS n FROM documents WHERE status = 'assessed'")) === 1, 'the mail to be assessed', 120_000);
    const { rows } = await db.query<{ stored: Date; assessed: Date }>(
      'SELECT r.created_at AS stored, a.assessed_at AS assessed FROM received_mails r JOIN documents d ON d.first_mail_id = r.id JOIN assessments a ON a.document_id = d.id',
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]!.stored.getTime()).toBeLessThan(nextPollDue());
    expect(rows[0]!.assessed.getTime()).toBeLessThan(nextPollDue());
  }, 150_000);

  it('reconnects after the IDLE connection is dropped, says so in one line, and takes in the next mail', async () => {
    expect(proxy.open()).toBeGreaterThanOrEqual(1); // the IDLE connection
    const before = proxy.connections();
    proxy.cutAll();
    await waitFor(async () => proxy.connections() > before && proxy.open() >= 1, 'the IDLE connection to come back', 60_000);
    await mailFine(2);
    await waitFor(async () => (await n("SELECT count(*) AS n FROM documents WHERE status = 'assessed'")) === 2, 'the second mail to be assessed', 120_000);
    expect(Date.now()).toBeLessThan(nextPollDue());
    expect(await n('SELECT count(*) AS n FROM received_mails')).toBe(2);

    const lines = worker.stderr().split('\n').filter((l) => l.includes('IDLE connection to mailbox acme lost'));
    expect(lines.length).toBeGreaterThanOrEqual(1);
    const logged = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(logged.mailbox).toBe('acme');
    expect(logged.msg).toMatch(/reconnecting in \d+ s/);
    // One line, no stack trace anywhere in what the worker wrote.
    expect(worker.stderr()).not.toMatch(/\n\s+at /);
    expect(JSON.stringify(logged)).not.toMatch(/stack/);
  }, 200_000);

  it('closes the IDLE connection on SIGTERM and exits', async () => {
    worker.child.kill('SIGTERM');
    const exit = await worker.exited;
    expect(exit.code).toBe(0);
    await waitFor(async () => proxy.open() === 0, 'every proxied connection closed', 10_000);
  }, 60_000);
});
