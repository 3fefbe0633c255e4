// What the portal's tests share: two clients (acme, other) with a client user each and an API
// token each, an operator, and a multipart body builder for inject (a browser's file form).
import { randomBytes } from 'node:crypto';
import { createApiToken, createUser, findClientByCode } from '../../src/db/account-store.js';
import { brusselsInstant } from '../../src/domain/brussels-time.js';
import type { IsoDate } from '../../src/domain/calendar-date.js';
import { importSetup } from '../../src/setup/import-setup.js';
import { parseSetupFile } from '../../src/setup/setup-file.js';
import { hashPassword } from '../../src/web/passwords.js';
import type { TestEnv } from './test-env.js';

export const PASSWORD = 'correct horse battery';
export const CONTRACT_HEADER =
  'client,contract_ref,plate,starts_at,ends_at,fine_policy,renter_type,renter_name,renter_address,renter_birth_date,renter_company_number,renter_email,admin_fee_cents';

export type PortalSeed = { acmeId: string; otherId: string; acmeToken: string; otherToken: string };

export async function seedPortal(ctx: ReturnType<TestEnv['app']>['ctx']): Promise<PortalSeed> {
  const setup = {
    mailboxes: [],
    clients: [
      { code: 'acme', name: 'ACME', addresses: ['acme@fines.example.com'], allowedSenders: ['acme-rent.be'] },
      { code: 'other', name: 'Other', addresses: ['other@fines.example.com'], allowedSenders: ['other.be'] },
    ],
  };
  await importSetup(ctx.db, parseSetupFile(JSON.stringify(setup), 'setup.json'), brusselsInstant('2026-11-01' as IsoDate, 9));
  const acme = (await findClientByCode(ctx.db, 'acme'))!;
  const other = (await findClientByCode(ctx.db, 'other'))!;
  const hash = await hashPassword(PASSWORD);
  await createUser(ctx.db, { email: 'op@boete.test', passwordHash: hash, role: 'operator', clientId: null }, 'test');
  await createUser(ctx.db, { email: 'user@acme.test', passwordHash: hash, role: 'client', clientId: acme.id }, 'test');
  await createUser(ctx.db, { email: 'user@other.test', passwordHash: hash, role: 'client', clientId: other.id }, 'test');
  const { token: acmeToken } = await createApiToken(ctx.db, acme.id, 'acme fleet system', 'test');
  const { token: otherToken } = await createApiToken(ctx.db, other.id, 'other system', 'test');
  return { acmeId: acme.id, otherId: other.id, acmeToken, otherToken };
}

/** A multipart/form-data body as a browser sends a form with file inputs. */
export function multipartBody(fields: Record<string, string>, files: { field: string; filename: string; content: Buffer | string; type?: string }[]) {
  const boundary = `----boete${randomBytes(8).toString('hex')}`;
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  }
  for (const f of files) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${f.field}"; filename="${f.filename}"\r\nContent-Type: ${f.type ?? 'application/octet-stream'}\r\n\r\n`));
    parts.push(Buffer.isBuffer(f.content) ? f.content : Buffer.from(f.content));
    parts.push(Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}
