// A poll stores its mails in batches (one transaction with multi-row inserts per batch): the outcome
// must be the one of storing each mail on its own, in UID order. The same file in two mails of one
// batch is one document (first mail's) and a receipt for each; a file twice in one mail is a repeat;
// a second poll stores nothing; and a backlog larger than one batch is taken in whole, marked \Seen.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { brusselsInstant } from '../../src/domain/brussels-time.js';
import type { IsoDate } from '../../src/domain/calendar-date.js';
import { buildMail } from '../../fixtures/fine-mail.js';
import { LAYOUTS, makeFine } from '../../fixtures/fine-truth.js';
import { renderFinePdf } from '../../fixtures/render-fine-pdf.js';
import { runOnce } from '../../workers/runtime.js';
import { createTestEnv, IMAP_HOST, IMAP_PASSWORD, IMAP_PORT, type TestEnv } from '../support/test-env.js';

const BACKLOG = 45; // past the first two batches (10, 20)

let t: TestEnv;
const at = (i: number) => brusselsInstant('2026-11-20' as IsoDate, 8, i % 60);

beforeAll(async () => {
  t = await createTestEnv();
  await t.setupAcme({ defaultFinePolicy: 'recharge' });
  const user = t.imapUser('acme');
  const x = await renderFinePdf(makeFine(LAYOUTS[0]!, 4100));
  const y = await renderFinePdf(makeFine(LAYOUTS[1]!, 4101));
  const mail = (i: number, attachments: { filename: string; content: Buffer }[]) =>
    buildMail({ from: 'backoffice@acme-rent.be', to: 'acme@fines.example.com', subject: `batch ${i}`, attachments });
  await t.appendMail(user, await mail(1, [{ filename: 'x.pdf', content: x }]), at(1));
  await t.appendMail(user, await mail(2, [{ filename: 'x-again.pdf', content: x }, { filename: 'y.pdf', content: y }]), at(2));
  await t.appendMail(user, await mail(3, [{ filename: 'y-1.pdf', content: y }, { filename: 'y-2.pdf', content: y }]), at(3));
  for (let i = 4; i <= BACKLOG; i++) {
    await t.appendMail(user, await mail(i, [{ filename: `f-${i}.pdf`, content: await renderFinePdf(makeFine(LAYOUTS[i % LAYOUTS.length]!, 4200 + i)) }]), at(i));
  }
}, 120_000);

afterAll(async () => t?.dispose());

describe('a poll in batches', () => {
  it('stores what storing each mail on its own would store', async () => {
    const { ctx } = t.app();
    const report = await runOnce(ctx);
    expect(report.ok).toBe(true);
    const rows = async <T>(q: ReturnType<typeof sql>) => (await ctx.db.execute(q)).rows as T[];
    const n = async (q: ReturnType<typeof sql>) => Number((await rows<{ n: string }>(q))[0]!.n);

    expect(await n(sql`SELECT count(*) AS n FROM received_mails`)).toBe(BACKLOG);
    expect(await n(sql`SELECT count(*) AS n FROM received_mails WHERE server_action = 'done'`)).toBe(BACKLOG);
    expect(await n(sql`SELECT max(last_uid) AS n FROM mailboxes`)).toBe(BACKLOG);
    // x and y once each, plus one document per backlog mail.
    expect(await n(sql`SELECT count(*) AS n FROM documents`)).toBe(2 + (BACKLOG - 3));
    expect(await n(sql`SELECT count(*) AS n FROM documents WHERE status = 'assessed'`)).toBe(2 + (BACKLOG - 3));

    const bySubject = await rows<{ subject: string; first: string[] | null; receipts: string[] }>(sql`
      SELECT m.subject,
             (SELECT array_agg(d.filename ORDER BY d.filename) FROM documents d WHERE d.first_mail_id = m.id) AS first,
             (SELECT array_agg(r.filename ORDER BY r.filename) FROM document_receipts r WHERE r.mail_id = m.id) AS receipts
        FROM received_mails m WHERE m.subject IN ('batch 1', 'batch 2', 'batch 3') ORDER BY m.uid`);
    expect(bySubject).toEqual([
      { subject: 'batch 1', first: ['x.pdf'], receipts: ['x.pdf'] },
      { subject: 'batch 2', first: ['y.pdf'], receipts: ['x-again.pdf', 'y.pdf'] },
      { subject: 'batch 3', first: null, receipts: ['y-1.pdf', 'y-2.pdf'] },
    ]);
    const audit = await rows<{ uid: string; documents: number; repeated: number }>(sql`
      SELECT (after->>'uid') AS uid, jsonb_array_length(after->'documents') AS documents, jsonb_array_length(after->'repeated') AS repeated
        FROM audit_events WHERE action = 'mail.received' AND (after->>'uid')::int <= 3 ORDER BY (after->>'uid')::int`);
    expect(audit).toEqual([
      { uid: '1', documents: 1, repeated: 0 },
      { uid: '2', documents: 1, repeated: 1 },
      { uid: '3', documents: 0, repeated: 2 },
    ]);
  }, 180_000);

  it('stores nothing on a second poll, and left every mail \\Seen', async () => {
    const { ctx } = t.app();
    await runOnce(ctx);
    expect(Number(((await ctx.db.execute(sql`SELECT count(*) AS n FROM received_mails`)).rows[0] as { n: string }).n)).toBe(BACKLOG);
    expect(Number(((await ctx.db.execute(sql`SELECT count(*) AS n FROM audit_events WHERE action = 'mail.received'`)).rows[0] as { n: string }).n)).toBe(BACKLOG);
    const { ImapFlow } = await import('imapflow');
    const client = new ImapFlow({ host: IMAP_HOST, port: IMAP_PORT, secure: false, doSTARTTLS: false, auth: { user: t.imapUser('acme'), pass: IMAP_PASSWORD }, logger: false });
    await client.connect();
    try {
      expect(await client.status('INBOX', { messages: true, unseen: true })).toMatchObject({ messages: BACKLOG, unseen: 0 });
    } finally {
      await client.logout();
    }
  }, 120_000);
});
