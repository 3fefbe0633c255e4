// The setup file (mailboxes and clients), validated as a whole before anything is written.
import { z } from 'zod';
import { InputError } from '../errors.js';

const policy = z.enum(['redirect', 'recharge']);
const isoDate = z.iso.date('a date as YYYY-MM-DD');
const email = z.string().trim().toLowerCase().pipe(z.email());

const clientSchema = z.strictObject({
  code: z.string().trim().regex(/^[a-z0-9][a-z0-9_-]*$/i, 'letters, digits, "-" and "_" only'),
  name: z.string().trim().min(1),
  addresses: z.array(email).min(1),
  allowedSenders: z.array(z.string().trim().toLowerCase().min(3)).default([]),
  /** The client's notification address: where its alerts go. */
  notifyEmail: email.optional(),
  /** Language of its alert mails. */
  language: z.enum(['nl', 'fr', 'en']).default('nl'),
  /** A mail per alert, or one digest a working day. */
  alerts: z.enum(['immediate', 'digest']).default('immediate'),
  adminFeeCents: z.number().int().nonnegative().optional(),
  defaultFinePolicy: policy.nullable().optional(),
  liabilityCapCents: z.number().int().nonnegative().optional(),
  /** Hours a renter may dispute a recharge before it enters the accounting CSV (the notice goes out at once). */
  disputeWindowHours: z.number().int().nonnegative().max(24 * 365).default(0),
  /** The account renters pay a recharge to, printed on the recharge notice. */
  paymentIban: z
    .string()
    .trim()
    .transform((v) => v.replace(/\s+/g, '').toUpperCase())
    .pipe(z.string().regex(/^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$/, 'an IBAN such as BE71096123456769'))
    .optional(),
  /** Last day of the client's contract with us: its data is deleted six months later (`boete clients purge-expired`). */
  endsAt: isoDate.optional(),
  /** The client's instruction to keep its data until this day instead (earlier or later than six months). */
  retainUntil: isoDate.optional(),
});

const mailboxSchema = z
  .strictObject({
    name: z.string().trim().min(1),
    host: z.string().trim().min(1),
    port: z.number().int().min(1).max(65535),
    secure: z.boolean(),
    user: z.string().min(1),
    password: z.string().min(1).optional(),
    passwordEnv: z.string().regex(/^[A-Z_][A-Z0-9_]*$/i).optional(),
    folder: z.string().min(1).default('INBOX'),
    processedFolder: z.string().min(1).optional(),
    client: z.string().trim().optional(),
  })
  .refine((m) => (m.password === undefined) !== (m.passwordEnv === undefined), {
    message: 'give exactly one of "password" and "passwordEnv"',
  });

export const setupSchema = z.strictObject({
  mailboxes: z.array(mailboxSchema).default([]),
  clients: z.array(clientSchema).default([]),
});

export type SetupFile = z.infer<typeof setupSchema>;
export type ClientSetup = z.infer<typeof clientSchema>;
export type MailboxSetup = z.infer<typeof mailboxSchema>;

function describeIssue(issue: z.core.$ZodIssue, data: unknown): string {
  const path = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '');
  // Name the entry, not just its index: "clients[1] (acme).adminFeeCents".
  let label = path;
  const [section, index] = issue.path;
  if (typeof section === 'string' && typeof index === 'number') {
    const entry = (data as Record<string, unknown[]>)[section]?.[index] as Record<string, unknown> | undefined;
    const id = entry?.code ?? entry?.name;
    if (typeof id === 'string') label = path.replace(`${section}[${index}]`, `${section}[${index}] (${id})`);
  }
  return `${label || '(file)'}: ${issue.message}`;
}

export function parseSetupFile(text: string, fileName: string): SetupFile {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new InputError(`${fileName}: not valid JSON: ${(error as Error).message}`);
  }
  const result = setupSchema.safeParse(data);
  if (!result.success) {
    throw new InputError(`${fileName}: ${result.error.issues.map((i) => describeIssue(i, data)).join('\n  ')}`);
  }
  const setup = result.data;
  const problems: string[] = [];
  const dupes = (values: string[]) => values.filter((v, i) => values.indexOf(v) !== i);
  for (const code of dupes(setup.clients.map((c) => c.code))) problems.push(`clients: code "${code}" appears twice`);
  for (const name of dupes(setup.mailboxes.map((m) => m.name))) problems.push(`mailboxes: name "${name}" appears twice`);
  const owners = new Map<string, string>();
  for (const c of setup.clients) {
    for (const a of c.addresses) {
      const other = owners.get(a);
      if (other && other !== c.code) problems.push(`clients: address ${a} belongs to both "${other}" and "${c.code}"`);
      owners.set(a, c.code);
    }
  }
  if (problems.length > 0) throw new InputError(`${fileName}: ${problems.join('\n  ')}`);
  return setup;
}
