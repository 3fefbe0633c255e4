// The `boete` command line (spec: "Command line"). Exit codes: 0 done, 1 failed, 2 bad input or
// usage (an unknown command or option, a missing argument: commander's message, then exit 2).
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Table from 'cli-table3';
import { Command, CommanderError, Option } from 'commander';
import { createApp, type AppContext } from '../app-context.js';
import { deleteClient, previewClientDeletion } from '../clients/client-deletion.js';
import { describeCounts } from '../clients/client-data.js';
import { exportClient } from '../clients/client-export.js';
import { purgeExpiredClients } from '../clients/purge-expired.js';
import { brusselsDateOf, formatBrusselsInstant } from '../domain/brussels-time.js';
import { isIsoDate, type IsoDate } from '../domain/calendar-date.js';
import { loadConfig, ConfigError } from '../config.js';
import { describeChecked } from '../contracts/contract-csv.js';
import { fileSource } from '../contracts/csv-text.js';
import { checkContractFile, importCheckedContractFile } from '../contracts/import-contracts.js';
import { runMigrations } from '../db/migrate.js';
import { InputError, ServiceUnavailableError, errorMessage, isDatabaseSetupFailure, toSafeError } from '../errors.js';
import { countMails, exportCsv, exportRecords, mailsWithoutDocument } from '../export/export-records.js';
import { formatExportTable } from '../export/export-table.js';
import { createLogger } from '../logger.js';
import { reassessWaitingDocuments } from '../reassess.js';
import { formatRunReport, type RunReport } from '../run-report.js';
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
  runOnce: (ctx: AppContext) => Promise<RunReport>;
  runWorker: (ctx: AppContext, signal: AbortSignal) => Promise<void>;
  drainQueues: (ctx: AppContext) => Promise<void>;
};
let runtime: CliRuntime;

function withApp<T>(fn: (app: ReturnType<typeof createApp>) => Promise<T>): Promise<T> {
  const app = createApp(loadConfig());
  return fn(app).finally(() => app.close());
}

/** The package's version, from package.json beside src/ (sources) or dist/ (built). */
function packageVersion(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const file = [path.join(here, '../../package.json'), path.join(here, '../../../package.json')].find((f) => existsSync(f));
  return file ? (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version : 'unknown';
}

// exitOverride: commander throws instead of exiting, so runCli sets the exit code (usage → 2).
// Subcommands created after this inherit both settings.
const program = new Command('boete')
  .description('Fine processing for rental and leasing fleets')
  .version(packageVersion(), '-V, --version', 'print the version')
  .exitOverride()
  .showHelpAfterError();

program
  .command('migrate')
  .description('create the database if needed and apply migrations (safe to run from several processes at once)')
  .action(async () => {
    const url = loadConfig().databaseUrl;
    const result = await runMigrations(url);
    const name = decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
    if (result.createdDatabase) console.log(`created database "${name}" and applied ${result.applied} migration(s)`);
    else if (result.applied > 0) console.log(`database "${name}": applied ${result.applied} migration(s)`);
    else console.log(`database "${name}" is up to date`);
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
    // The whole file is validated before anything touches the database (exit 2, nothing imported).
    const source = fileSource(file);
    const checked = await checkContractFile(source);
    await withApp(async ({ ctx }) => {
      const summary = await importCheckedContractFile(ctx.db, source, checked, ctx.now());
      const requeued = await reassessWaitingDocuments(ctx, summary.clientIds);
      await drainIfRequeued(ctx, requeued);
      console.log(
        `${describeChecked(checked)}: ${summary.rows} contract(s): ${summary.created} created, ${summary.updated} updated, ${summary.unchanged} unchanged; ` +
          `re-assessed ${requeued} waiting document(s)`,
      );
    });
  });

/** Re-assessment is quick: do it before returning, so an export right after shows the result. */
async function drainIfRequeued(ctx: ReturnType<typeof createApp>['ctx'], requeued: number) {
  if (requeued > 0) await runtime.drainQueues(ctx);
}

/**
 * `worker` and `run --once` hold connections that retry on their own (Redis, PostgreSQL): once the
 * command is done, anything still open after a grace period must not keep the process alive.
 */
function exitWhenDone() {
  setTimeout(() => process.exit(), 2_000).unref();
}

program
  .command('worker')
  .description('run pollers and workers until stopped (SIGTERM/SIGINT: finish running jobs, then exit)')
  .action(async () => {
    const stop = new AbortController();
    for (const sig of ['SIGTERM', 'SIGINT'] as const) process.once(sig, () => stop.abort());
    try {
      await withApp(async ({ ctx }) => runtime.runWorker(ctx, stop.signal));
    } finally {
      exitWhenDone();
    }
  });

program
  .command('run')
  .description('poll every mailbox once and process until every queue is idle; exit 1 unless everything was done')
  .requiredOption('--once', 'poll once and exit when idle')
  .action(async () => {
    try {
      const report = await withApp(async ({ ctx }) => runtime.runOnce(ctx));
      const text = formatRunReport(report).join('\n');
      if (report.ok) console.log(text);
      else {
        console.error(text);
        process.exitCode = 1;
      }
    } finally {
      exitWhenDone();
    }
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
    // Loaded here, not at start: pdf.js, sharp and Tesseract weigh ~60 MB and a second on every
    // other command (a contract import, an export).
    const [{ parseFineMail }, { readDocument }, { closeOcr }] = await Promise.all([
      import('../mail/parse-mail.js'),
      import('../reading/read-document.js'),
      import('../reading/ocr.js'),
    ]);
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
      console.log(JSON.stringify(isMail ? results : results[0], brusselsInstants, 2));
      return;
    }
    if (results.length === 0) console.log(`${file}: no PDF or image in this mail`);
    for (const r of results) {
      console.log(`${r.file}: ${r.status === 'read' ? `read (${r.pageCount} page(s), ${r.method})` : `unreadable: ${r.cause} — ${r.detail}`}`);
      if (r.status !== 'read') continue;
      const plain = process.stdout.isTTY ? {} : { style: { head: [], border: [] } }; // no colour codes in a pipe or file
      const table = new Table({ head: ['field', 'value', 'confidence', 'source'], ...plain });
      for (const [name, field] of Object.entries(r.fields)) {
        if (field && typeof field === 'object' && 'value' in field) {
          const value = typeof field.value === 'string' && UTC_INSTANT.test(field.value) ? formatBrusselsInstant(new Date(field.value)) : String(field.value);
          table.push([name, value, field.confidence.toFixed(2), field.source ? `p${field.source.page}: ${field.source.text.slice(0, 50)}` : '']);
        }
      }
      console.log(table.toString());
    }
  });

// The reader keeps instants in UTC (toISOString); people and the export see Brussels time.
const UTC_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?Z$/;
function brusselsInstants(this: unknown, _key: string, value: unknown): unknown {
  return typeof value === 'string' && UTC_INSTANT.test(value) ? formatBrusselsInstant(new Date(value)) : value;
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
      else if (opts.format === 'csv') process.stdout.write(exportCsv(records));
      else {
        const [mails, mailCount] = await Promise.all([mailsWithoutDocument(ctx.db, opts.client), countMails(ctx.db, opts.client)]);
        console.log(formatExportTable(records, mails, { color: process.stdout.isTTY === true, mailCount }));
      }
    });
  });

const documentsCommand = program.command('documents').description('one document: its fields, outcome, audit trail and outputs; its file');
documentsCommand
  .command('show')
  .argument('<id>', 'document id')
  .description('one document with its fields, outcome, audit trail and outputs, as JSON')
  .action(async (id: string) => {
    const { showDocument } = await import('../export/document-show.js');
    await withApp(async ({ ctx }) => {
      console.log(JSON.stringify(await showDocument(ctx.db, id), brusselsInstants, 2));
    });
  });
documentsCommand
  .command('file')
  .argument('<id>', 'document id')
  .addOption(new Option('--kind <kind>', 'which file: the original, or an output of the decision').choices(['original', 'redirect_pack', 'recharge_notice']).default('original'))
  .option('--assessment-version <n>', "with --kind: the output of that assessment version (default: the current decision's); earlier ones are superseded, kept for the audit")
  .option('--output <file>', 'write it to this file (default: standard output)')
  .description('the original file of a document, or one of its outputs (--kind redirect_pack | recharge_notice): the current one, or a given version\'s')
  .action(async (id: string, opts: { kind: 'original' | 'redirect_pack' | 'recharge_notice'; assessmentVersion?: string; output?: string }) => {
    const { documentFileBytes } = await import('../export/document-show.js');
    if (!opts.output && process.stdout.isTTY) throw new InputError('the file is binary: give --output FILE, or redirect standard output');
    const version = opts.assessmentVersion === undefined ? undefined : Number(opts.assessmentVersion);
    if (version !== undefined && !(Number.isInteger(version) && version >= 1)) throw new InputError(`--assessment-version: "${opts.assessmentVersion}" is not a version number (1, 2, …; documents show lists them)`);
    await withApp(async ({ ctx }) => {
      const file = await documentFileBytes(ctx.db, id, opts.kind, version);
      if (opts.output) {
        const { writeFile } = await import('node:fs/promises');
        await writeFile(opts.output, file.content);
        const which = file.assessmentVersion === null ? '' : `, assessment version ${file.assessmentVersion}${file.current ? ' (current)' : ' (superseded)'}`;
        console.error(`${opts.output}: ${file.filename}, ${file.content.length} bytes, sha256 ${file.sha256}${which}`);
      } else {
        await new Promise<void>((resolve, reject) => process.stdout.write(file.content, (e) => (e ? reject(e) : resolve())));
      }
    });
  });

const outputsCommand = program.command('outputs').description("the decisions' per-client CSV files");
const isoDay = (option: string, value: string): IsoDate => {
  if (!isIsoDate(value)) throw new InputError(`${option}: "${value}" is not a date (YYYY-MM-DD)`);
  return value;
};
outputsCommand
  .command('redirects')
  .requiredOption('--client <code>', 'the client')
  .requiredOption('--day <date>', 'the Brussels day the redirects were decided (YYYY-MM-DD)')
  .option('--output <file>', 'write the CSV to this file (default: standard output)')
  .description('every redirect of a client decided on one day, as CSV (with each case pack\'s SHA-256)')
  .action(async (opts: { client: string; day: string; output?: string }) => {
    const day = isoDay('--day', opts.day);
    const { redirectListCsv } = await import('../export/decision-csv-files.js');
    await withApp(async ({ ctx }) => {
      const { csv, lines } = await redirectListCsv(ctx.db, opts.client, day);
      await writeCsvOut(csv, opts.output, `${lines} redirect(s) of ${opts.client} decided on ${day}`);
    });
  });
outputsCommand
  .command('accounting')
  .requiredOption('--client <code>', 'the client')
  .requiredOption('--from <date>', 'first Brussels day of the period (YYYY-MM-DD)')
  .requiredOption('--to <date>', 'last Brussels day of the period, included (YYYY-MM-DD)')
  .option('--output <file>', 'write the CSV to this file (default: standard output)')
  .description("a client's accounting file: one line per recharge whose dispute window closed in the period undisputed")
  .action(async (opts: { client: string; from: string; to: string; output?: string }) => {
    const from = isoDay('--from', opts.from);
    const to = isoDay('--to', opts.to);
    if (to < from) throw new InputError(`--to ${to} is before --from ${from}`);
    const { accountingFileCsv } = await import('../export/decision-csv-files.js');
    await withApp(async ({ ctx }) => {
      const r = await accountingFileCsv(ctx.db, opts.client, from, to, ctx.now());
      await writeCsvOut(r.csv, opts.output, `${r.lines} recharge(s) of ${opts.client} booked ${from} … ${to}; ${r.inWindow} still in their dispute window, ${r.disputed} disputed (not included)`);
    });
  });

async function writeCsvOut(csv: string, output: string | undefined, summary: string): Promise<void> {
  if (!output) {
    process.stdout.write(csv);
    console.error(summary);
    return;
  }
  const { writeFile } = await import('node:fs/promises');
  await writeFile(output, csv);
  console.error(`${output}: ${summary}`);
}

/** Who ran a command, for the audit trail: the operating-system user. */
function operator(): string {
  try {
    return `cli:${os.userInfo().username}`;
  } catch {
    return 'cli';
  }
}

const clientsCommand = program.command('clients').description("a client's data: export it, delete it, apply the retention period");
clientsCommand
  .command('export')
  .argument('<code>', 'client code')
  .option('--output <file>', 'ZIP file to write (default: <code>-export-<date>.zip)')
  .description('everything of a client in one ZIP: documents with their files, fields, assessments, contracts, mails, audit entries')
  .action(async (code: string, opts: { output?: string }) => {
    await withApp(async ({ ctx }) => {
      const now = ctx.now();
      const file = opts.output ?? `${code}-export-${brusselsDateOf(now)}.zip`;
      const result = await exportClient(ctx.db, code, file, now);
      console.log(`exported client ${code} to ${file} (${(result.bytes / 1e6).toFixed(1)} MB): ${describeCounts(result.counts)}, ${result.counts.auditEntries} audit entries`);
    });
  });
clientsCommand
  .command('delete')
  .argument('<code>', 'client code')
  .option('--yes', 'really delete (without it: show what would be deleted)')
  .description('delete a client and everything of it: documents, files, contracts, mails, mailboxes (the audit keeps that it happened)')
  .action(async (code: string, opts: { yes?: boolean }) => {
    await withApp(async ({ ctx }) => {
      if (!opts.yes) {
        const preview = await previewClientDeletion(ctx.db, code);
        throw new InputError(
          `would delete client ${code}: ${describeCounts(preview.counts)}. This cannot be undone; export it first (boete clients export ${code}), then run again with --yes`,
        );
      }
      const deletion = await deleteClient(ctx.db, code, { actor: operator(), reason: 'instruction', now: ctx.now() });
      console.log(`deleted client ${code}: ${describeCounts(deletion.counts)}; the audit trail records the deletion. Remove ${code} from the setup file too, or the next setup import creates it again (empty).`);
    });
  });
clientsCommand
  .command('purge-expired')
  .option('--dry-run', 'only list the clients whose retention is over')
  .description('delete every client whose retention is over: six months after its end date (setup file "endsAt"), or its "retainUntil" day. Run daily')
  .action(async (opts: { dryRun?: boolean }) => {
    await withApp(async ({ ctx }) => {
      const done = await purgeExpiredClients(ctx.db, ctx.now(), { actor: operator(), dryRun: opts.dryRun ?? false });
      for (const d of done) console.log(`${opts.dryRun ? 'would delete' : 'deleted'} client ${d.code} (kept until ${d.lastRetentionDay}): ${describeCounts(d.counts)}`);
      console.log(`${done.length} client(s) ${opts.dryRun ? 'past their retention' : 'deleted'}`);
    });
  });

program
  .command('serve')
  .description('web interface and HTTP API (/api, OpenAPI at /api/docs) for operators and client users')
  .option('--port <n>', 'port', '3000')
  .option('--host <h>', 'address to listen on', '127.0.0.1')
  .action(async (opts: { port: string; host: string }) => {
    const port = Number(opts.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new InputError(`--port: "${opts.port}" is not a port number (0–65535)`);
    await withApp(async ({ ctx }) => {
      const { buildServer } = await import('../web/server.js');
      const server = await buildServer(ctx);
      const address = await server.listen({ port, host: opts.host });
      console.log(`boete serve: web interface at ${address}/ (API docs: ${address}/api/docs)`);
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

const alertsCommand = program.command('alerts').description('recorded alert mails (the outbox)');
alertsCommand
  .command('list')
  .option('--state <state>', 'pending, sending, sent, failed, digested or skipped')
  .option('--client <code>', "one client's alerts")
  .option('--limit <n>', 'at most this many, newest first', '100')
  .description('recorded alerts with their state, attempts and last error')
  .action(async (opts: { state?: string; client?: string; limit: string }) => {
    const states = ['pending', 'sending', 'sent', 'failed', 'digested', 'skipped'];
    if (opts.state && !states.includes(opts.state)) throw new InputError(`--state: "${opts.state}" is not one of ${states.join(', ')}`);
    const limit = Number(opts.limit);
    if (!Number.isInteger(limit) || limit <= 0) throw new InputError(`--limit: "${opts.limit}" is not a positive whole number`);
    const { listAlerts } = await import('../db/alert-store.js');
    await withApp(async ({ ctx }) => {
      const rows = await listAlerts(ctx.db, { state: opts.state, client: opts.client, limit });
      const table = new Table({ head: ['recorded', 'kind', 'client', 'document / mail', 'to', 'state', 'attempts', 'sent', 'last error'] });
      for (const a of rows) {
        table.push([
          formatBrusselsInstant(a.createdAt),
          a.kind,
          a.client ?? '',
          a.documentId ?? a.mailId ?? '',
          a.recipient ?? (a.audience === 'operators' ? '(operators)' : ''),
          a.delivery === 'digest' && a.state === 'pending' ? 'pending (digest)' : a.state,
          String(a.attempts),
          a.sentAt ? formatBrusselsInstant(a.sentAt) : '',
          a.lastError ?? '',
        ]);
      }
      console.log(rows.length ? table.toString() : 'no alerts recorded');
    });
  });

export async function runCli(workerSide: CliRuntime): Promise<void> {
  runtime = workerSide;
  try {
    await program.parseAsync(process.argv);
  } catch (error) {
    if (error instanceof ServiceUnavailableError) {
      // A service that is down: one line naming it and its address, no stack trace.
      console.error(`boete: ${error.message}`);
      process.exitCode = 1;
    } else if (error instanceof CommanderError) {
      // Commander has printed its message (and the help); --help and --version end with 0.
      process.exitCode = error.exitCode === 0 ? 0 : 2;
    } else if (error instanceof InputError || error instanceof ConfigError) {
      console.error(`boete: ${error.message}`);
      process.exitCode = 2;
    } else if (isDatabaseSetupFailure(error)) {
      // PostgreSQL down, the database missing or not migrated: one line naming it, no stack, no SQL.
      console.error(`boete: ${errorMessage(toSafeError(error, { server: loadConfig().databaseUrl }))}`);
      process.exitCode = 1;
    } else {
      createLogger('error').error({ err: error }, 'command failed');
      console.error(`boete: ${errorMessage(error)}`);
      process.exitCode = 1;
    }
  }
}
