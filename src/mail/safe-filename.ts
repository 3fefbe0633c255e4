// File names come from the sender: they may hold paths, control characters or markup
// ("../../x/<script>.pdf"). Only a plain, short name with the extension of the real content is kept.
import type { DocumentType } from '../reading/document-type.js';

const EXTENSIONS: Record<DocumentType, string> = { pdf: '.pdf', jpeg: '.jpg', png: '.png' };

export function safeFilename(raw: string | undefined | null, type: DocumentType): string {
  const base = (raw ?? '').split(/[\\/]/).pop() ?? '';
  let name = base
    .normalize('NFC')
    .replace(/[\u0000-\u001f\u007f<>:"|?*]/g, '_')
    .replace(/^[.\s]+/, '')
    .trim();
  const ext = EXTENSIONS[type];
  name = name.replace(/\.(pdf|jpe?g|png)$/i, '');
  if (!name) name = 'document';
  return `${name.slice(0, 120)}${ext}`;
}
