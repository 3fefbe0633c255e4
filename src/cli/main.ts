// The `boete` command line (spec: "Command line"). Exit codes: 0 done, 1 failed, 2 bad input.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import Table from 'cli-table3';
import { Command, Option } from 'commander';
import { stringify } from 'csv-stringify/sync';
import { createApp, type AppContext } from '../app-context.js';
import { loadConfig, ConfigError } from '../config.js';
import { parseContractCsv } from '../contracts/contract-csv.js';
import { importContracts } from '../contracts/import-contracts.js';
import { runMigrations } from '../db/migrate.js';
import { InputError, errorMessage } from '../errors.js';
import { EXPORT_COLUMNS, exportRecords, flattenRecord, type ExportRecord } from '../export/export-records.js';
import { createLogger } from '../logger.js';
import { parseFineMail } from '../mail/parse-mail.js';
import { closeOcr } from '../reading/ocr.js';
import { readDocument } from '../reading/read-document.js';
import { reassessWaitingDocuments } from '../reassess.js';
import { importSetup } from '../setup/import-setup.js';
import { parseSetupFile } from '../setup/setup-file.js';

async function readInput(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new InputError(`${file}: cannot read: ${errorMessage(error)}`);
  }
}

/** The worker side (workers/runtime.ts), handed over by bin/boete.mjs: src/ never imports workers/. */
export type CliRuntime = {
  runOnce: (ctx: AppContext) => Promise<void>;
  runWorker: (ctx: AppContext, signal: AbortSignal) => Promise<void>;
  drainQueues: (ctx: AppContext) => Promise<void>;
};
let runtime: CliRuntime;

function withApp<T>(fn: (app: ReturnType<typeof createApp>) => Promise<T>): Promise<T> {
  const app = createApp(loadConfig());
  return fn(app).finally(() => app.close());
}

const program = new Command('boete').description('Fine processing for rental and leasing fleets').showHelpAfterError();

program
  .command('migrate')
  .description('apply database migrations (safe to run from several processes at once)')
  .action(async () => {
    await runMigrations(loadConfig().databaseUrl);
    console.log('database is up to date');
  });

const setup = program.command('setup').description('mailboxes and clients');
setup
  .command('import')
  .argument('<file>', 'setup JSON file')
  .description('create or update mailboxes and clients')
  .action(async (file: string) => {
    const parsed = parseSetupFile(await readInput(file), file);
    await withApp(async ({ ctx }) => {
      const summary = await importSetup(ctx.db, parsed, ctx.now());
      const requeued = await reassessWaitingDocuments(ctx, summary.clientsWithNewPolicy);
      await drainIfRequeued(ctx, requeued);
      console.log(`imported ${summary.clients} client(s) and ${summary.mailboxes} mailbox(es)${requeued ? `; re-assessed ${requeued} waiting document(s)` : ''}`);
    });
  });

const contracts = program.command('contracts').description('rental and lease contracts');
contracts
  .command('import')
  .argument('<file>', 'contract CSV file')
  .description('upsert contracts; re-assess documents waiting for them')
  .action(async (file: string) => {
    const rows = parseContractCsv(await readInput(file), file);
    await withApp(async ({ ctx }) => {
      const summary = await importContracts(ctx.db, rows, ctx.now());
      const requeued = await reassessWaitingDocuments(ctx, summary.clientIds);
      await drainIfRequeued(ctx, requeued);
      console.log(
        `contracts: ${summary.created} created, ${summary.updated} updated, ${summary.unchanged} unchanged; re-assessed ${requeued} waiting document(s)`,
      );
    });
  });

/** Re-assessment is quick: do it before returning, so an export right after shows the result. */
async function drainIfRequeued(ctx: ReturnType<typeof createApp>['ctx'], requeued: number) {
  if (requeued > 0) await runtime.drainQueues(ctx);
}

program
  .command('worker')
  .description('run pollers and workers until stopped (SIGTERM/SIGINT: finish running jobs, then exit)')
  .action(async () => {
    await withApp(async ({ ctx }) => {
      const stop = new AbortController();
      for (const sig of ['SIGTERM', 'SIGINT'] as const) process.once(sig, () => stop.abort());
      await runtime.runWorker(ctx, stop.signal);
    });
  });

program
  .command('run')
  .description('poll every mailbox once and process until every queue is idle')
  .requiredOption('--once', 'poll once and exit when idle')
  .action(async () => {
    await withApp(async ({ ctx }) => runtime.runOnce(ctx));
  });

program
  .command('parse')
  .argument('<file>', 'a PDF, JPEG/PNG image or .eml mail')
  .option('--json', 'print JSON')
  .description('read one file and print the extracted fields (no database needed)')
  .action(async (file: string, opts: { json?: boolean }) => {
    let bytes: Buffer;
    try {
      bytes = await readFile(file);
    } catch (error) {
      throw new InputError(`${file}: cannot read: ${errorMessage(error)}`);
    }
    const config = loadConfig();
    const isMail = /\.eml$/i.test(file);
    const inputs = isMail
      ? (await parseFineMail(bytes)).documents.map((d) => ({ name: d.filename, bytes: d.content }))
      : [{ name: path.basename(file), bytes }];
    const results = [];
    try {
      for (const input of inputs) results.push({ file: input.name, ...(await readDocument(input.bytes, { maxPages: config.maxPages })) });
    } finally {
      await closeOcr(); // the OCR engine's thread would keep the process alive
    }
    if (opts.json) {
      console.log(JSON.stringify(isMail ? results : results[0], null, 2));
      return;
    }
    if (results.length === 0) console.log(`${file}: no PDF or image in this mail`);
    for (const r of results) {
      console.log(`${r.file}: ${r.status === 'read' ? `read (${r.pageCount} page(s), ${r.method})` : `unreadable: ${r.cause} — ${r.detail}`}`);
      if (r.status !== 'read') continue;
      const table = new Table({ head: ['field', 'value', 'confidence', 'source'] });
      for (const [name, field] of Object.entries(r.fields)) {
        if (field && typeof field === 'object' && 'value' in field) {
          table.push([name, String(field.value), field.confidence.toFixed(2), field.source ? `p${field.source.page}: ${field.source.text.slice(0, 50)}` : '']);
        }
      }
      console.log(table.toString());
    }
  });

function printTable(records: ExportRecord[]) {
  const table = new Table({
    head: ['client', 'file', 'received', 'kind', 'plate', 'deadline', 'amount', 'contract', 'decision', 'delivery', 'liability'],
  });
  for (const r of records) {
    const deadline = r.deadlineBasis === 'redirect_deadline' ? r.redirectDeadline : r.dueDate;
    table.push([
      r.client,
      r.filename.slice(0, 28),
      r.receivedAt.slice(0, 16).replace('T', ' '),
      r.kind ?? '',
      r.plate ?? '',
      deadline ?? '',
      r.amountCents === null ? '' : `€ ${(r.amountCents / 100).toFixed(2)}`,
      r.contractRef ?? '',
      r.decision === 'review' ? `review: ${r.reviewReasons.join(', ')}` : r.decision,
      r.delivery ? `${r.delivery} (≤ ${r.latestDeliveryDate})` : '',
      `${r.liability.party}: ${r.liability.reason}`,
    ]);
  }
  console.log(table.toString());
  console.log(`${records.length} document(s)`);
}

program
  .command('export')
  .addOption(new Option('--format <format>', 'output format').choices(['json', 'csv', 'table']).makeOptionMandatory())
  .option('--client <code>', 'only this client')
  .description('every document with its outcome')
  .action(async (opts: { format: 'json' | 'csv' | 'table'; client?: string }) => {
    await withApp(async ({ ctx }) => {
      const records = await exportRecords(ctx.db, ctx.now(), opts.client);
      if (opts.format === 'json') console.log(JSON.stringify(records, null, 2));
      else if (opts.format === 'csv') process.stdout.write(stringify(records.map(flattenRecord), { header: true, columns: [...EXPORT_COLUMNS] }));
      else printTable(records);
    });
  });

program
  .command('serve')
  .description('HTTP API (/api, OpenAPI at /api/docs) for operators and client users')
  .option('--port <n>', 'port', '3000')
  .option('--host <h>', 'address to listen on', '127.0.0.1')
  .action(async (opts: { port: string; host: string }) => {
    const port = Number(opts.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new InputError(`--port: "${opts.port}" is not a port number (0–65535)`);
    await withApp(async ({ ctx }) => {
      const { buildServer } = await import('../web/server.js');
      const server = await buildServer(ctx);
      const address = await server.listen({ port, host: opts.host });
      console.log(`boete serve: listening on ${address} (API docs: ${address}/api/docs)`);
      const stop = new AbortController();
      for (const sig of ['SIGTERM', 'SIGINT'] as const) process.once(sig, () => stop.abort());
      await new Promise<void>((resolve) => stop.signal.addEventListener('abort', () => resolve(), { once: true }));
      await server.close();
    });
  });

async function readPassword(fromStdin: boolean): Promise<string> {
  if (fromStdin || !process.stdin.isTTY) {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
  }
  const { createInterface } = await import('node:readline/promises');
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  // Typed characters are not echoed: the line is written over.
  (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = (s: string) => {
    if (s.includes('Password')) process.stdout.write(s);
  };
  try {
    return await rl.question('Password: ');
  } finally {
    rl.close();
    process.stdout.write('\n');
  }
}

const users = program.command('users').description('accounts for boete serve');
users
  .command('add')
  .requiredOption('--email <e>', 'e-mail address (the login)')
  .addOption(new Option('--role <role>', 'operator (every client) or client (one client)').choices(['operator', 'client']).makeOptionMandatory())
  .option('--client <code>', 'the client of a client user')
  .option('--password-stdin', 'read the password from standard input')
  .description('create an account (password from a prompt or --password-stdin)')
  .action(async (opts: { email: string; role: 'operator' | 'client'; client?: string; passwordStdin?: boolean }) => {
    if (!/^[^@\s]+@[^@\s]+$/.test(opts.email)) throw new InputError(`--email: "${opts.email}" is not an e-mail address`);
    if (opts.role === 'client' && !opts.client) throw new InputError('--client CODE is required for --role client');
    if (opts.role === 'operator' && opts.client) throw new InputError('--client is only for --role client (operators see every client)');
    const { hashPassword, MIN_PASSWORD_LENGTH } = await import('../web/passwords.js');
    const password = await readPassword(opts.passwordStdin ?? false);
    if (password.length < MIN_PASSWORD_LENGTH) throw new InputError(`the password must have at least ${MIN_PASSWORD_LENGTH} characters`);
    const { createUser, findClientByCode } = await import('../db/account-store.js');
    await withApp(async ({ ctx }) => {
      const client = opts.client ? await findClientByCode(ctx.db, opts.client) : null;
      if (opts.client && !client) throw new InputError(`--client: no client with code "${opts.client}" (boete setup import creates clients)`);
      const created = await createUser(ctx.db, { email: opts.email, passwordHash: await hashPassword(password), role: opts.role, clientId: client?.id ?? null }, 'cli');
      if ('exists' in created) throw new InputError(`a user ${opts.email.toLowerCase()} already exists`);
      console.log(`created ${opts.role} ${opts.email.toLowerCase()}${client ? ` for client ${client.code}` : ''}`);
    });
  });

const tokens = program.command('tokens').description("API tokens for a client's own system (POST /api/documents)");
tokens
  .command('add')
  .requiredOption('--client <code>', 'the client the token belongs to')
  .requiredOption('--name <name>', 'what uses it (e.g. "fleet system")')
  .description('create a token; it is shown once and stored hashed')
  .action(async (opts: { client: string; name: string }) => {
    const { createApiToken, findClientByCode } = await import('../db/account-store.js');
    await withApp(async ({ ctx }) => {
      const client = await findClientByCode(ctx.db, opts.client);
      if (!client) throw new InputError(`--client: no client with code "${opts.client}"`);
      const created = await createApiToken(ctx.db, client.id, opts.name, 'cli');
      console.log(`token ${created.id} for ${client.code} (shown once, keep it secret):\n${created.token}`);
    });
  });
tokens
  .command('revoke')
  .argument('<id>', 'token id (boete tokens list)')
  .description('revoke a token: it stops working at once')
  .action(async (id: string) => {
    if (!/^[0-9a-f-]{36}$/i.test(id)) throw new InputError(`"${id}" is not a token id (a UUID, see boete tokens list)`);
    const { revokeApiToken } = await import('../db/account-store.js');
    await withApp(async ({ ctx }) => {
      if (!(await revokeApiToken(ctx.db, id, ctx.now(), 'cli'))) throw new InputError(`no active token ${id}`);
      console.log(`revoked ${id}`);
    });
  });
tokens
  .command('list')
  .description('every token (never the token itself)')
  .action(async () => {
    const { listApiTokens } = await import('../db/account-store.js');
    await withApp(async ({ ctx }) => {
      for (const t of await listApiTokens(ctx.db)) {
        console.log(`${t.id}  ${t.client}  ${t.name}  ${t.revokedAt ? `revoked ${t.revokedAt.toISOString()}` : 'active'}`);
      }
    });
  });

export async function runCli(workerSide: CliRuntime): Promise<void> {
  runtime = workerSide;
  try {
    await program.parseAsync(process.argv);
  } catch (error) {
    if (error instanceof InputError || error instanceof ConfigError) {
      console.error(`boete: ${error.message}`);
      process.exitCode = 2;
    } else {
      createLogger('error').error({ err: error }, 'command failed');
      console.error(`boete: ${errorMessage(error)}`);
      process.exitCode = 1;
    }
  }
}
