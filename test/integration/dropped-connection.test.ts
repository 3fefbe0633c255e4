// The IMAP connection drops in the middle of a poll (a TCP proxy in front of Dovecot cuts it once,
// mid-download). The poll job fails, is retried with backoff on a new connection, and resumes from
// the stored cursor: every mail is stored once and marked on the server.
import net from 'node:net';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { brusselsInstant } from '../../src/domain/brussels-time.js';
import type { IsoDate } from '../../src/domain/calendar-date.js';
import { runOnce } from '../../workers/runtime.js';
import { buildMail } from '../../fixtures/fine-mail.js';
import { LAYOUTS, makeFine } from '../../fixtures/fine-truth.js';
import { renderFinePdf } from '../../fixtures/render-fine-pdf.js';
import { createTestEnv, IMAP_HOST, IMAP_PORT, type TestEnv } from '../support/test-env.js';

const MAILS = 12;

/** Relays to Dovecot; the first connection is cut after `cutAfterBytes` from the server. */
function cuttingProxy() {
  let cutAfterBytes = Infinity;
  let cuts = 0;
  let connections = 0;
  const server = net.createServer((client) => {
    connections += 1;
    const upstream = net.connect(IMAP_PORT, IMAP_HOST);
    let relayed = 0;
    const cutThisOne = cuts === 0;
    client.on('data', (chunk) => upstream.write(chunk));
    upstream.on('data', (chunk) => {
      relayed += chunk.length;
      if (cutThisOne && relayed > cutAfterBytes && cuts === 0) {
        cuts += 1;
        client.destroy();
        upstream.destroy();
        return;
      }
      client.write(chunk);
    });
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  return {
    listen: () => new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port))),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
    stats: () => ({ cuts, connections }),
    cutAfter: (bytes: number) => (cutAfterBytes = bytes),
  };
}

let t: TestEnv;
const proxy = cuttingProxy();

beforeAll(async () => {
  t = await createTestEnv();
  const port = await proxy.listen();
  const { ctx } = t.app();
  const user = t.imapUser('acme');
  await t.setupAcme({ port });
  let mailBytes = 0;
  for (let i = 0; i < MAILS; i++) {
    const pdf = await renderFinePdf(makeFine(LAYOUTS[i % LAYOUTS.length]!, 7000 + i));
    const raw = await buildMail({ from: 'backoffice@acme-rent.be', to: 'acme@fines.example.com', attachments: [{ filename: `boete-${i}.pdf`, content: pdf }] });
    await t.appendMail(user, raw, brusselsInstant('2026-11-20' as IsoDate, 8, i));
    mailBytes += raw.length;
  }
  // Cut once the poller has downloaded about half of the mail.
  proxy.cutAfter(Math.floor(mailBytes / 2));
}, 60_000);

afterAll(async () => {
  await t?.dispose();
  await proxy.close();
});

describe('a connection dropped mid-poll', () => {
  it('is retried on a new connection and loses or repeats nothing', async () => {
    const { ctx } = t.app();
    await runOnce(ctx);
    expect(proxy.stats().cuts).toBe(1);
    expect(proxy.stats().connections).toBeGreaterThanOrEqual(2);
    const n = async (q: ReturnType<typeof sql>) => Number(((await ctx.db.execute(q)).rows[0] as { n: string }).n);
    expect(await n(sql`SELECT count(*) AS n FROM received_mails`)).toBe(MAILS);
    expect(await n(sql`SELECT count(*) AS n FROM received_mails WHERE server_action = 'done'`)).toBe(MAILS);
    expect(await n(sql`SELECT count(*) AS n FROM documents WHERE status = 'assessed'`)).toBe(MAILS);
    expect(await n(sql`SELECT count(*) AS n FROM document_receipts`)).toBe(MAILS);
  }, 60_000);
});
