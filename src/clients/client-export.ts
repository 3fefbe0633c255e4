// Everything boete holds about one client, as one ZIP file (spec "Personal data": a client's data
// can be exported when its contract ends). ZIP because a back office opens it without tools; yazl
// because it streams and writes ZIP64 when an export passes 4 GiB. Entries are produced lazily,
// one at a time, so memory stays flat whatever the client's size: a document's file is read from
// the database only when its turn comes.
//
//   manifest.json   what this is, when, counts, what each entry holds
//   client.json     the client as set up, and its mailboxes (never their passwords)
//   contracts.json  every contract, renters included
//   documents.json  every document: receipts, every field read (with confidence and source), assessment
//   outcomes.json   the export record per document, as `boete export --format json --client CODE`
//   mails.json      every mail received for the client (headers, status), without bytes
//   audit.json      every audit entry about the client and its rows
//   documents/<id>/<file name>   the files as received
//   mails/<id>.eml  raw mails that were kept (no document could be taken from them)
import { createWriteStream, existsSync } from 'node:fs';
import { rename, unlink } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { and, asc, eq, gt, inArray, sql } from 'drizzle-orm';
import { ZipFile } from 'yazl';
import { assessments, auditEvents, contracts, documentOutputs, documentReceipts, documents, extractedFields, mailboxes, receivedMails } from '../../db/schema.js';
import type { Database } from '../db/database.js';
import { InputError, errorMessage } from '../errors.js';
import { exportRecords } from '../export/export-records.js';
import { clientRows, countClientRows, findClient, type ClientCounts } from './client-data.js';

export const EXPORT_FORMAT = 'boete-client-export/1';
const PAGE = 500;

export type ClientExport = { code: string; file: string; counts: ClientCounts; bytes: number };

/** A document's file name inside the archive: its own name, never a path. */
function entryName(filename: string): string {
  const base = filename.replace(/[\\/\u0000-\u001f]/g, '_').replace(/^\.+/, '_').slice(0, 200);
  return base || 'document';
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** A JSON array written item by item. */
async function* jsonArray(pages: AsyncIterable<unknown[]>): AsyncGenerator<Buffer> {
  let first = true;
  yield Buffer.from('[');
  for await (const page of pages) {
    for (const item of page) {
      yield Buffer.from(`${first ? '\n' : ',\n'}${JSON.stringify(item)}`);
      first = false;
    }
  }
  yield Buffer.from(first ? ']\n' : '\n]\n');
}

const json = (value: unknown) => Buffer.from(`${JSON.stringify(value, null, 2)}\n`);

export async function exportClient(db: Database, code: string, output: string, now: Date): Promise<ClientExport> {
  if (existsSync(output)) throw new InputError(`${output} exists; give another --output or remove it`);
  // One snapshot: a mail stored or a contract imported meanwhile is in none of the entries or in all.
  return db.transaction((tx) => writeExport(tx as unknown as Database, code, output, now), { isolationLevel: 'repeatable read', accessMode: 'read only' });
}

async function writeExport(db: Database, code: string, output: string, now: Date): Promise<ClientExport> {
  const client = await findClient(db, code);
  const rows = clientRows(db, client.id);
  const counts = await countClientRows(db, client.id);
  const files = await db
    .select({ id: documents.id, filename: documents.filename, sizeBytes: documents.sizeBytes })
    .from(documents)
    .where(eq(documents.clientId, client.id))
    .orderBy(asc(documents.receivedAt), asc(documents.id));
  const mailList = await db
    .select({ id: receivedMails.id, rawKept: sql<boolean>`${receivedMails.raw} is not null` })
    .from(receivedMails)
    .where(rows.mails)
    .orderBy(asc(receivedMails.internalDate), asc(receivedMails.id));
  const rawMails = mailList.filter((m) => m.rawKept);
  const boxes = await db
    .select({ id: mailboxes.id, name: mailboxes.name, host: mailboxes.host, port: mailboxes.port, secure: mailboxes.secure, user: mailboxes.username, folder: mailboxes.folder, processedFolder: mailboxes.processedFolder, lastPolledAt: mailboxes.lastPolledAt })
    .from(mailboxes)
    .where(eq(mailboxes.clientId, client.id));

  const zip = new ZipFile();
  let failure: unknown;
  const mtime = now;
  const lazy = (name: string, produce: () => AsyncIterable<Buffer> | Promise<Buffer>, options: { compress?: boolean } = {}) =>
    zip.addReadStreamLazy(name, { mtime, compress: options.compress ?? true }, (cb) => {
      const source = produce();
      const stream = source instanceof Promise ? Readable.from((async function* () { yield await source; })(), { objectMode: false }) : Readable.from(source, { objectMode: false });
      // A database error halfway must fail the export, not leave it waiting for bytes.
      stream.on('error', (error) => {
        failure ??= error;
        (zip.outputStream as Readable).destroy(error instanceof Error ? error : new Error(String(error)));
      });
      cb(null, stream);
    });

  zip.addBuffer(
    json({
      format: EXPORT_FORMAT,
      client: client.code,
      exportedAt: now.toISOString(),
      counts: { ...counts, files: files.length, rawMails: rawMails.length },
      entries: {
        'client.json': 'the client as set up, and its mailboxes (IMAP passwords are never exported)',
        'contracts.json': 'every contract of the client, renters included',
        'documents.json': 'every document: receipts, every field read with its confidence and source, the assessment',
        'outcomes.json': 'the export record of every document (decision, delivery, liability), as `boete export --format json`',
        'mails.json': 'every mail received for the client: headers and what became of it',
        'audit.json': 'every audit entry about the client and its rows',
        'documents/<id>/<file>': 'each document file as received',
        'documents/<id>/outputs/<file>': "what a decision produced: a redirect's case pack, a recharge's notice to the renter (listed in outcomes.json with their SHA-256)",
        'mails/<id>.eml': 'raw mails that were kept because no document could be taken from them',
      },
    }),
    'manifest.json',
    { mtime },
  );
  zip.addBuffer(json({ client: { ...client }, mailboxes: boxes }), 'client.json', { mtime });
  lazy('contracts.json', async () =>
    json(await db.select().from(contracts).where(eq(contracts.clientId, client.id)).orderBy(asc(contracts.contractRef))),
  );
  lazy('documents.json', () =>
    jsonArray(
      (async function* () {
        for (const page of chunks(files, PAGE)) {
          const ids = page.map((f) => f.id);
          const docs = await db
            .select({
              id: documents.id, filename: documents.filename, contentType: documents.contentType, sizeBytes: documents.sizeBytes,
              sha256: documents.sha256, receivedAt: documents.receivedAt, senderAllowed: documents.senderAllowed, status: documents.status,
              firstMailId: documents.firstMailId, fields: extractedFields, assessment: assessments,
            })
            .from(documents)
            .leftJoin(extractedFields, eq(extractedFields.documentId, documents.id))
            .leftJoin(assessments, eq(assessments.documentId, documents.id))
            .where(inArray(documents.id, ids));
          const receipts = await db.select().from(documentReceipts).where(inArray(documentReceipts.documentId, ids));
          const byId = new Map(docs.map((d) => [d.id, d]));
          yield page.map((f) => {
            const d = byId.get(f.id);
            return { ...d, file: `documents/${f.id}/${entryName(f.filename)}`, receipts: receipts.filter((r) => r.documentId === f.id) };
          });
        }
      })(),
    ),
  );
  lazy('outcomes.json', async () => json(await exportRecords(db, now, client.code)));
  lazy('mails.json', () =>
    jsonArray(
      (async function* () {
        for (const page of chunks(mailList, PAGE)) {
          const mails = await db
            .select({
              id: receivedMails.id, mailboxId: receivedMails.mailboxId, uidValidity: receivedMails.uidValidity, uid: receivedMails.uid,
              messageId: receivedMails.messageId, internalDate: receivedMails.internalDate, from: receivedMails.fromAddress,
              recipients: receivedMails.recipients, subject: receivedMails.subject, sizeBytes: receivedMails.sizeBytes,
              status: receivedMails.status, detail: receivedMails.detail, senderAllowed: receivedMails.senderAllowed,
              serverAction: receivedMails.serverAction,
            })
            .from(receivedMails)
            .where(inArray(receivedMails.id, page.map((m) => m.id)))
            .orderBy(asc(receivedMails.internalDate), asc(receivedMails.id));
          const kept = new Set(page.filter((m) => m.rawKept).map((m) => m.id));
          yield mails.map((m) => ({ ...m, rawFile: kept.has(m.id) ? `mails/${m.id}.eml` : null }));
        }
      })(),
    ),
  );
  lazy('audit.json', () =>
    jsonArray(
      (async function* () {
        let after = 0;
        for (;;) {
          const page = await db.select().from(auditEvents).where(and(rows.audit, gtId(after))).orderBy(asc(auditEvents.id)).limit(PAGE);
          if (page.length === 0) return;
          yield page;
          after = page[page.length - 1]!.id;
        }
      })(),
    ),
  );
  for (const f of files) {
    // Already compressed (PDF, JPEG): stored, not deflated again.
    lazy(`documents/${f.id}/${entryName(f.filename)}`, async () => {
      const [row] = await db.select({ content: documents.content }).from(documents).where(eq(documents.id, f.id));
      return row?.content ?? Buffer.alloc(0);
    }, { compress: false });
  }
  // The decisions' outputs name the renters: they are the client's data too. Each file once (a row
  // that kept an earlier version's file has the same bytes): the current ones under outputs/, the
  // superseded ones of earlier assessment versions under outputs/superseded/ with their version.
  const outputRows = await db
    .select({
      id: documentOutputs.id,
      documentId: documentOutputs.documentId,
      kind: documentOutputs.kind,
      filename: documentOutputs.filename,
      assessmentVersion: documentOutputs.assessmentVersion,
      drawnAtVersion: documentOutputs.drawnAtVersion,
      currentVersion: assessments.version,
    })
    .from(documentOutputs)
    .leftJoin(assessments, eq(assessments.documentId, documentOutputs.documentId))
    .where(eq(documentOutputs.clientId, client.id))
    .orderBy(asc(documentOutputs.documentId), asc(documentOutputs.kind), asc(documentOutputs.assessmentVersion));
  const currentFiles = new Set(outputRows.filter((o) => o.assessmentVersion === o.currentVersion).map((o) => `${o.documentId}/${o.kind}/${o.drawnAtVersion}`));
  const outputs = outputRows
    .filter((o) => o.drawnAtVersion === o.assessmentVersion)
    .map((o) => ({
      id: o.id,
      documentId: o.documentId,
      path: currentFiles.has(`${o.documentId}/${o.kind}/${o.drawnAtVersion}`) ? entryName(o.filename) : `superseded/v${o.assessmentVersion}-${entryName(o.filename)}`,
    }));
  for (const o of outputs) {
    lazy(`documents/${o.documentId}/outputs/${o.path}`, async () => {
      const [row] = await db.select({ content: documentOutputs.content }).from(documentOutputs).where(eq(documentOutputs.id, o.id));
      return row?.content ?? Buffer.alloc(0);
    }, { compress: false });
  }
  for (const m of rawMails) {
    lazy(`mails/${m.id}.eml`, async () => {
      const [row] = await db.select({ raw: receivedMails.raw }).from(receivedMails).where(eq(receivedMails.id, m.id));
      return row?.raw ?? Buffer.alloc(0);
    });
  }
  zip.end();

  // Written beside the target and renamed when complete: a failed export leaves no half archive.
  const partial = `${output}.partial`;
  const out = createWriteStream(partial, { flags: 'wx' });
  let bytes = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      out.on('error', reject);
      zip.outputStream.on('error', reject);
      zip.on('error', reject);
      zip.outputStream.on('data', (chunk: Buffer) => (bytes += chunk.length));
      out.on('finish', resolve);
      zip.outputStream.pipe(out);
    });
  } catch (error) {
    out.destroy();
    if ((error as { code?: string }).code === 'EEXIST') throw new InputError(`${partial} exists: another export is running, or remove it`);
    await unlink(partial).catch(() => undefined);
    throw failure ?? error;
  }
  try {
    await rename(partial, output);
  } catch (error) {
    throw new InputError(`${output}: cannot write: ${errorMessage(error)}`);
  }
  return { code: client.code, file: output, counts, bytes };
}

function gtId(after: number) {
  return after > 0 ? gt(auditEvents.id, after) : undefined;
}
