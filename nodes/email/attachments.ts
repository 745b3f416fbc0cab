import { z } from 'zod';
import { FatalError } from '../sdk/index.js';
import type { BinaryData, BinaryMap } from '../sdk/index.js';

/**
 * Attachments from an item's binaries. An entry is a binary key (`"label"`) or `{ key, fileName?, mimeType? }`
 * to rename or retype it. The file name is, in order: the entry's `fileName`, the binary's `fileName`, else the
 * key plus the extension of its MIME type when the key has none (`label` + application/pdf → `label.pdf`).
 * The bytes are the binary's base64 data, decoded unchanged.
 */
export const attachmentEntry = z.union([
  z.string().min(1),
  z.object({
    key: z.string().min(1).meta({ title: 'Binary key' }),
    fileName: z.string().min(1).optional().meta({ title: 'File name' }),
    mimeType: z.string().min(1).optional().meta({ title: 'MIME type' }),
  }),
]);

export type AttachmentEntry = z.output<typeof attachmentEntry>;

export interface Attachment {
  readonly fileName: string;
  readonly mimeType: string;
  readonly content: Buffer;
}

const EXTENSIONS: Readonly<Record<string, string>> = {
  'application/pdf': 'pdf', 'text/csv': 'csv', 'text/plain': 'txt', 'text/html': 'html', 'text/calendar': 'ics',
  'application/json': 'json', 'application/xml': 'xml', 'text/xml': 'xml', 'application/zip': 'zip',
  'image/png': 'png', 'image/jpeg': 'jpg', 'image/gif': 'gif', 'image/svg+xml': 'svg', 'image/webp': 'webp',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'application/vnd.ms-excel': 'xls', 'application/msword': 'doc', 'application/x-zpl': 'zpl',
};

/** The attachments for `entries`; a key the item lacks is FatalError `EMAIL_ATTACHMENT_MISSING` naming `param`. */
export function attachmentsOf(binary: BinaryMap | undefined, entries: readonly AttachmentEntry[], param = 'attachments'): Attachment[] {
  return entries.map((entry) => {
    const spec = typeof entry === 'string' ? { key: entry } : entry;
    const data = binary?.[spec.key];
    if (data === undefined) {
      const present = Object.keys(binary ?? {});
      throw new FatalError(`the item has no binary "${spec.key}" to attach (it has: ${present.length > 0 ? present.join(', ') : 'none'})`, {
        code: 'EMAIL_ATTACHMENT_MISSING', param,
      });
    }
    const mimeType = spec.mimeType ?? data.mimeType;
    return { fileName: spec.fileName ?? defaultFileName(spec.key, data, mimeType), mimeType, content: Buffer.from(data.data, 'base64') };
  });
}

function defaultFileName(key: string, data: BinaryData, mimeType: string): string {
  if (data.fileName !== undefined && data.fileName !== '') return data.fileName;
  if (/\.[A-Za-z0-9]{1,5}$/.test(key)) return key;
  const extension = EXTENSIONS[(mimeType.split(';')[0] ?? '').trim().toLowerCase()];
  return extension === undefined ? key : `${key}.${extension}`;
}
