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
import { InputError, ServiceUnavailableError, errorMessage } from '../errors.js';
import { EXPORT_COLUMNS, exportRecords, flattenRecord, type ExportRecord } from '../export/export-records.js';
import { createLogger } from '../logger.js';
import { parseFineMail } from '../mail/parse-mail.js';
import { closeOcr } from '../reading/ocr.js';
import { readDocument } from '../reading/read-document.js';
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
  .description('HTTP API and the operators\' web interface (not available yet)')
  .action(() => {
    throw new InputError('boete serve is not available in this version; use `boete export` for results');
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
    } else if (error instanceof InputError || error instanceof ConfigError) {
      console.error(`boete: ${error.message}`);
      process.exitCode = 2;
    } else {
      createLogger('error').error({ err: error }, 'command failed');
      console.error(`boete: ${errorMessage(error)}`);
      process.exitCode = 1;
    }
  }
}
