// Upserts contracts by (client, contract_ref). A contract's received-at stamp moves only when its
// content changes: that stamp is when the client delivered the information.
import { and, eq, inArray } from 'drizzle-orm';
import { clients, contracts } from '../../db/schema.js';
import { auditChange, recordAudit } from '../db/audit.js';
import type { Database } from '../db/database.js';
import { InputError } from '../errors.js';
import type { ContractRow } from './contract-csv.js';

export type ContractImportSummary = { created: number; updated: number; unchanged: number; clientIds: string[] };

type ContractValues = Omit<typeof contracts.$inferInsert, 'id' | 'createdAt' | 'receivedAt'>;

const CONTENT_KEYS = [
  'plate', 'startsAt', 'endsAt', 'finePolicy', 'renterType', 'renterName', 'renterAddress',
  'renterBirthDate', 'renterCompanyNumber', 'renterEmail', 'adminFeeCents',
] as const;
/** The contract fields whose values the audit may show; of the others (the plate, the renter) it names only that they changed. */
const AUDITED_VALUES = ['startsAt', 'endsAt', 'finePolicy', 'renterType', 'adminFeeCents'] as const;

function sameContent(a: ContractValues, b: ContractValues): boolean {
  return CONTENT_KEYS.every((k) => {
    const x = a[k];
    const y = b[k];
    if (x instanceof Date || y instanceof Date) return (x as Date | null)?.getTime() === (y as Date | null)?.getTime();
    return (x ?? null) === (y ?? null);
  });
}

export async function importContracts(db: Database, rows: readonly ContractRow[], now: Date): Promise<ContractImportSummary> {
  const codes = [...new Set(rows.map((r) => r.client))];
  return db.transaction(async (tx) => {
    const known = codes.length ? await tx.select({ id: clients.id, code: clients.code }).from(clients).where(inArray(clients.code, codes)) : [];
    const idByCode = new Map(known.map((k) => [k.code, k.id]));
    const unknown = rows.filter((r) => !idByCode.has(r.client));
    if (unknown.length > 0) {
      const lines = unknown.slice(0, 20).map((r) => `line ${r.line}: client "${r.client}" is not set up`);
      throw new InputError(`nothing imported; unknown clients:\n  ${lines.join('\n  ')}`);
    }
    const summary: ContractImportSummary = { created: 0, updated: 0, unchanged: 0, clientIds: [] };
    const touchedClients = new Set<string>();
    for (const r of rows) {
      const clientId = idByCode.get(r.client) as string;
      const values: ContractValues = {
        clientId,
        contractRef: r.contract_ref,
        plate: r.plate,
        startsAt: r.starts_at,
        endsAt: r.ends_at,
        finePolicy: r.fine_policy,
        renterType: r.renter_type,
        renterName: r.renter_name,
        renterAddress: r.renter_address,
        renterBirthDate: r.renter_birth_date,
        renterCompanyNumber: r.renter_company_number,
        renterEmail: r.renter_email,
        adminFeeCents: r.admin_fee_cents,
      };
      const [existing] = await tx
        .select()
        .from(contracts)
        .where(and(eq(contracts.clientId, clientId), eq(contracts.contractRef, r.contract_ref)));
      if (existing && sameContent(existing, values)) {
        summary.unchanged += 1;
        continue;
      }
      const [row] = existing
        ? await tx.update(contracts).set({ ...values, receivedAt: now }).where(eq(contracts.id, existing.id)).returning()
        : await tx.insert(contracts).values({ ...values, receivedAt: now }).returning();
      if (!row) continue;
      touchedClients.add(clientId);
      if (existing) summary.updated += 1;
      else summary.created += 1;
      await recordAudit(tx, {
        actor: 'contract-import',
        action: existing ? 'contract.updated' : 'contract.created',
        entity: 'contract',
        entityId: row.id,
        ...auditChange(existing, row, CONTENT_KEYS, AUDITED_VALUES),
      });
    }
    summary.clientIds = [...touchedClients];
    return summary;
  });
}
