// Upserts clients and mailboxes from a validated setup file, in one transaction.
import { eq, inArray, sql } from 'drizzle-orm';
import { clients, mailboxes } from '../../db/schema.js';
import { auditChange, recordAudit } from '../db/audit.js';
import type { Database } from '../db/database.js';
import { InputError } from '../errors.js';
import type { SetupFile } from './setup-file.js';

const CLIENT_FIELDS = [
  'code', 'name', 'addresses', 'allowedSenders', 'notifyEmail', 'adminFeeCents', 'defaultFinePolicy', 'liabilityCapCents', 'endsAt', 'retainUntil', 'language', 'alertMode', 'disputeWindowHours', 'paymentIban',
] as const;
/** Shown in the audit; names and mail addresses are only named as changed (they may be a person's: src/db/audit.ts). */
const CLIENT_AUDITED_VALUES = ['code', 'adminFeeCents', 'defaultFinePolicy', 'liabilityCapCents', 'endsAt', 'retainUntil', 'language', 'alertMode', 'disputeWindowHours'] as const;

export type SetupImportSummary = { clients: number; mailboxes: number; clientsWithNewPolicy: string[] };

export async function importSetup(db: Database, setup: SetupFile, now: Date): Promise<SetupImportSummary> {
  return db.transaction(async (tx) => {
    // Two imports at once must not each give the same address to a different client.
    await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtextextended('boete-setup-import', 0))`);
    const clientsWithNewPolicy: string[] = [];
    for (const c of setup.clients) {
      const [existing] = await tx.select().from(clients).where(eq(clients.code, c.code));
      const policy = c.defaultFinePolicy ?? null;
      const policyChanged = (existing?.defaultFinePolicy ?? null) !== policy;
      const values = {
        code: c.code,
        name: c.name,
        addresses: c.addresses,
        allowedSenders: c.allowedSenders,
        notifyEmail: c.notifyEmail ?? null,
        adminFeeCents: c.adminFeeCents ?? null,
        defaultFinePolicy: policy,
        defaultFinePolicyUpdatedAt: policyChanged ? (policy ? now : null) : (existing?.defaultFinePolicyUpdatedAt ?? null),
        liabilityCapCents: c.liabilityCapCents ?? null,
        endsAt: c.endsAt ?? null,
        retainUntil: c.retainUntil ?? null,
        language: c.language,
        alertMode: c.alerts,
        disputeWindowHours: c.disputeWindowHours,
        paymentIban: c.paymentIban ?? null,
        updatedAt: now,
      };
      const [row] = existing
        ? await tx.update(clients).set(values).where(eq(clients.id, existing.id)).returning()
        : await tx.insert(clients).values(values).returning();
      if (!row) continue;
      if (policyChanged && policy) clientsWithNewPolicy.push(row.id);
      await recordAudit(tx, {
        actor: 'setup-import',
        action: existing ? 'client.updated' : 'client.created',
        entity: 'client',
        entityId: row.id,
        ...auditChange(existing, row, CLIENT_FIELDS, CLIENT_AUDITED_VALUES),
      });
    }

    // An address belongs to one client, or mail for one client could be attributed to another. The
    // file was checked on its own (setup-file.ts); this also catches a client already in the database.
    const { rows: shared } = await tx.execute<{ address: string; owner: string; other: string }>(sql`
      SELECT addr AS address, a.code AS owner, b.code AS other
      FROM clients a CROSS JOIN LATERAL unnest(a.addresses) AS addr JOIN clients b ON b.id <> a.id AND addr = ANY (b.addresses)
      WHERE a.code < b.code ORDER BY addr, a.code, b.code`);
    if (shared.length > 0) {
      const inFile = new Set(setup.clients.map((c) => c.code));
      const describe = (code: string) => `"${code}"${inFile.has(code) ? '' : ' (already in the database)'}`;
      throw new InputError(
        `${shared.map((s) => `clients: address ${s.address} would belong to both ${describe(s.owner)} and ${describe(s.other)}`).join('\n  ')}\n  an address can belong to one client only; nothing imported`,
      );
    }

    const codes = [...new Set(setup.mailboxes.map((m) => m.client).filter((c): c is string => !!c))];
    const known = codes.length ? await tx.select({ id: clients.id, code: clients.code }).from(clients).where(inArray(clients.code, codes)) : [];
    const idByCode = new Map(known.map((k) => [k.code, k.id]));
    const unknown = codes.filter((c) => !idByCode.has(c));
    if (unknown.length > 0) throw new InputError(`mailboxes refer to unknown client(s): ${unknown.join(', ')}; nothing imported`);

    for (const m of setup.mailboxes) {
      const [existing] = await tx.select().from(mailboxes).where(eq(mailboxes.name, m.name));
      const values = {
        name: m.name,
        host: m.host,
        port: m.port,
        secure: m.secure,
        username: m.user,
        password: m.password ?? null,
        passwordEnv: m.passwordEnv ?? null,
        folder: m.folder,
        processedFolder: m.processedFolder ?? null,
        clientId: m.client ? (idByCode.get(m.client) ?? null) : null,
        updatedAt: now,
      };
      const [row] = existing
        ? await tx.update(mailboxes).set(values).where(eq(mailboxes.id, existing.id)).returning({ id: mailboxes.id })
        : await tx.insert(mailboxes).values(values).returning({ id: mailboxes.id });
      if (!row) continue;
      // The audit keeps where a mailbox points, never its password.
      await recordAudit(tx, {
        actor: 'setup-import',
        action: existing ? 'mailbox.updated' : 'mailbox.created',
        entity: 'mailbox',
        entityId: row.id,
        after: { name: m.name, host: m.host, port: m.port, user: m.user, folder: m.folder, client: m.client ?? null },
      });
    }
    return { clients: setup.clients.length, mailboxes: setup.mailboxes.length, clientsWithNewPolicy };
  });
}
