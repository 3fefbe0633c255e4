// File names come from the sender: they may hold paths, control characters, markup or bidi
// overrides ("../../x/<script>.pdf", "boete\u202Efdp.exe"). Only a plain, short name with the
// extension of the real content is kept.
import type { DocumentType } from '../reading/document-type.js';
import { storableLine } from './storable-text.js';

const EXTENSIONS: Record<DocumentType, string> = { pdf: '.pdf', jpeg: '.jpg', png: '.png', tiff: '.tif', webp: '.webp', heic: '.heic' };

export function safeFilename(raw: string | undefined | null, type: DocumentType): string {
  const base = (raw ?? '').split(/[\\/]/).pop() ?? '';
  // storableLine drops C0/C1 controls, bidi controls, zero-width characters and lone surrogates.
  let name = storableLine(base.normalize('NFC'), 1000)
    .replace(/[<>:"|?*]/g, '_')
    .replace(/^[.\s]+/, '')
    .trim();
  const ext = EXTENSIONS[type];
  name = name.replace(/\.(pdf|jpe?g|png|tiff?|webp|hei[cf])$/i, '');
  if (!name) name = 'document';
  return `${storableLine(name, 120)}${ext}`;
}
