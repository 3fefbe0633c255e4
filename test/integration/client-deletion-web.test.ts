// Erasing a client also erases what the web interface keeps of it: its users (client accounts) with
// their sessions and failed logins, its API tokens, its uploads, the operators' resolutions of its
// documents and the log of who viewed them. Another client's rows and the operators stay.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, inArray, sql } from 'drizzle-orm';
import { apiTokens, assessments, documentResolutions, documents, documentViews, loginFailures, sessions, uploads, users } from '../../db/schema.js';
import { deleteClient, previewClientDeletion } from '../../src/clients/client-deletion.js';
import { createApiToken, createSession, createUser, findClientByCode, recordLoginFailure } from '../../src/db/account-store.js';
import { recordDocumentView } from '../../src/db/document-detail-store.js';
import { setResolution } from '../../src/db/operator-store.js';
import { brusselsInstant } from '../../src/domain/brussels-time.js';
import type { IsoDate } from '../../src/domain/calendar-date.js';
import { importSetup } from '../../src/setup/import-setup.js';
import { parseSetupFile } from '../../src/setup/setup-file.js';
import { intakeFiles } from '../../src/web/intake.js';
import { drainQueues } from '../../workers/runtime.js';
import { makeFine } from '../../fixtures/fine-truth.js';
import { renderFinePdf } from '../../fixtures/render-fine-pdf.js';
import { createTestEnv, type TestEnv } from '../support/test-env.js';

const d = (s: string) => s as IsoDate;
const NOW = brusselsInstant(d('2026-11-23'), 10);

let t: TestEnv;
let ctx: ReturnType<TestEnv['app']>['ctx'];
const ids: Record<string, string> = {};

async function clientWithWebRows(code: string, seed: number) {
  const client = (await findClientByCode(ctx.db, code))!;
  const user = (await createUser(ctx.db, { email: `user@${code}.test`, passwordHash: 'x', role: 'client', clientId: client.id }, 'test')) as { id: string };
  await createSession(ctx.db, user.id, NOW, 3_600_000);
  await recordLoginFailure(ctx.db, [`email:user@${code}.test`], NOW);
  const token = await createApiToken(ctx.db, client.id, `${code} system`, 'test');
  const pdf = await renderFinePdf(makeFine('be-police-fr', seed, { plateAsPrinted: `1-DEL-00${seed % 10}`, offenceDate: d('2026-11-09'), documentDate: d('2026-11-20'), dueDate: d('2026-12-21') }));
  const stored = await intakeFiles(ctx, { actor: `user:${user.id}`, clientId: client.id, userId: user.id, apiTokenId: null, operator: false }, [{ filename: 'fine.pdf', bytes: pdf }], 'portal');
  const documentId = stored.newDocumentIds[0]!;
  return { client, user, token, documentId };
}

beforeAll(async () => {
  t = await createTestEnv();
  ctx = t.app().ctx;
  ctx.now = () => NOW;
  const setup = {
    mailboxes: [],
    clients: [
      { code: 'gone', name: 'Gone', addresses: ['gone@fines.example.com'], allowedSenders: ['gone.be'] },
      { code: 'stays', name: 'Stays', addresses: ['stays@fines.example.com'], allowedSenders: ['stays.be'] },
    ],
  };
  await importSetup(ctx.db, parseSetupFile(JSON.stringify(setup), 'setup.json'), brusselsInstant(d('2026-11-01'), 9));
  const operator = (await createUser(ctx.db, { email: 'op@boete.test', passwordHash: 'x', role: 'operator', clientId: null }, 'test')) as { id: string };
  ids.operator = operator.id;
  const gone = await clientWithWebRows('gone', 51);
  const stays = await clientWithWebRows('stays', 52);
  await drainQueues(ctx);
  for (const c of [gone, stays]) {
    await recordDocumentView(ctx.db, { documentId: c.documentId, userId: operator.id, what: 'view' });
    await recordDocumentView(ctx.db, { documentId: c.documentId, userId: c.user.id, what: 'file' });
    await recordDocumentView(ctx.db, { documentId: c.documentId, apiTokenId: c.token.id, what: 'view' });
    await setResolution(ctx.db, c.documentId, { policy: 'redirect' }, 'op@boete.test', NOW);
  }
  Object.assign(ids, { goneClient: gone.client.id, goneUser: gone.user.id, goneToken: gone.token.id, goneDoc: gone.documentId, staysUser: stays.user.id, staysDoc: stays.documentId });
}, 120_000);

afterAll(async () => {
  await t?.dispose();
});

describe('deleting a client with web rows', () => {
  it('says it will remove the users, tokens and uploads too', async () => {
    const preview = await previewClientDeletion(ctx.db, 'gone');
    expect(preview.counts).toMatchObject({ documents: 1, users: 1, apiTokens: 1, uploads: 1 });
  });

  it("removes its users, sessions, failed logins, tokens, uploads, resolutions and views, and nothing of another client's", async () => {
    const [assessed] = await ctx.db.select({ n: sql<number>`count(*)::int` }).from(assessments).where(eq(assessments.documentId, ids.goneDoc!));
    expect(assessed?.n).toBe(1); // read and assessed before, so every table has rows of it
    await deleteClient(ctx.db, 'gone', { actor: 'test', reason: 'instruction', now: NOW });
    const count = async (q: Promise<{ n: number }[]>) => (await q)[0]?.n ?? 0;
    const n = sql<number>`count(*)::int`;
    expect(await count(ctx.db.select({ n }).from(users).where(eq(users.id, ids.goneUser!)))).toBe(0);
    expect(await count(ctx.db.select({ n }).from(sessions).where(eq(sessions.userId, ids.goneUser!)))).toBe(0);
    expect(await count(ctx.db.select({ n }).from(loginFailures).where(eq(loginFailures.key, 'email:user@gone.test')))).toBe(0);
    expect(await count(ctx.db.select({ n }).from(apiTokens).where(eq(apiTokens.id, ids.goneToken!)))).toBe(0);
    expect(await count(ctx.db.select({ n }).from(uploads).where(eq(uploads.clientId, ids.goneClient!)))).toBe(0);
    expect(await count(ctx.db.select({ n }).from(documentResolutions).where(eq(documentResolutions.documentId, ids.goneDoc!)))).toBe(0);
    expect(await count(ctx.db.select({ n }).from(documentViews).where(eq(documentViews.documentId, ids.goneDoc!)))).toBe(0);
    expect(await count(ctx.db.select({ n }).from(documents).where(eq(documents.id, ids.goneDoc!)))).toBe(0);
    // The other client and the operator keep everything.
    expect(await count(ctx.db.select({ n }).from(users).where(inArray(users.id, [ids.staysUser!, ids.operator!])))).toBe(2);
    expect(await count(ctx.db.select({ n }).from(sessions).where(eq(sessions.userId, ids.staysUser!)))).toBe(1);
    expect(await count(ctx.db.select({ n }).from(loginFailures).where(eq(loginFailures.key, 'email:user@stays.test')))).toBe(1);
    expect(await count(ctx.db.select({ n }).from(documentViews).where(eq(documentViews.documentId, ids.staysDoc!)))).toBe(3);
    expect(await count(ctx.db.select({ n }).from(documentResolutions).where(eq(documentResolutions.documentId, ids.staysDoc!)))).toBe(1);
  });
});
