// Multipart forms (file uploads from the portal, several fines at once to POST /api/documents).
// The fields are attached to the body before validation, so the CSRF check in server.ts sees the
// form's `_csrf` like any other form field; files are held in memory up to the limits below
// (the same size a mail may have: an upload is a mail without the envelope).
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../app-context.js';
import { HttpError } from './access.js';

/** Files in one upload, at most. */
export const MAX_FILES = 20;

export type UploadLimits = { fileBytes: number; files: number };

export const uploadLimits = (ctx: AppContext): UploadLimits => ({ fileBytes: ctx.config.maxMessageBytes, files: MAX_FILES });

const mb = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;

export async function registerMultipart(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const limits = uploadLimits(ctx);
  await app.register(multipart, {
    attachFieldsToBody: true,
    limits: { fileSize: limits.fileBytes, files: limits.files, fields: 30, parts: limits.files + 30, fieldSize: 64 * 1024 },
  });
}

/** The plugin's limit errors, said so that the user knows what to change. */
export function multipartLimitMessage(error: { code?: string; part?: { filename?: string } }, limits: UploadLimits): string | null {
  switch (error.code) {
    case 'FST_REQ_FILE_TOO_LARGE':
      return `${error.part?.filename ? `${error.part.filename}: ` : ''}larger than ${mb(limits.fileBytes)}, the most one file may have; nothing was uploaded`;
    case 'FST_FILES_LIMIT':
      return `more than ${limits.files} files at once; upload at most ${limits.files} per form; nothing was uploaded`;
    case 'FST_PARTS_LIMIT':
    case 'FST_FIELDS_LIMIT':
      return 'the form has too many parts; nothing was uploaded';
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return 'expected a multipart/form-data form';
    default:
      return null;
  }
}

type FilePart = { type: 'file'; fieldname: string; filename: string; _buf: Buffer | null };
type FieldPart = { type: 'field'; fieldname: string; value: unknown };

function partsOf(body: unknown, name: string): (FilePart | FieldPart)[] {
  if (!body || typeof body !== 'object') return [];
  const v = (body as Record<string, unknown>)[name];
  if (v === undefined) return [];
  return (Array.isArray(v) ? v : [v]) as (FilePart | FieldPart)[];
}

/** The files sent under `name` (empty file inputs, which browsers send as a nameless part, left out). */
export function multipartFiles(request: FastifyRequest, name: string): { filename: string; bytes: Buffer }[] {
  if (!request.isMultipart()) throw new HttpError(400, 'not_multipart', 'expected a multipart/form-data form with the file(s)');
  return partsOf(request.body, name)
    .filter((p): p is FilePart => p.type === 'file')
    .map((p) => ({ filename: p.filename || 'upload', bytes: p._buf ?? Buffer.alloc(0) }))
    .filter((f) => !(f.filename === 'upload' && f.bytes.length === 0));
}

/** A text field of a multipart form ('' when absent). */
export function multipartField(request: FastifyRequest, name: string): string {
  const part = partsOf(request.body, name)[0];
  return part?.type === 'field' && typeof part.value === 'string' ? part.value : '';
}
