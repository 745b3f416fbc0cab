/**
 * A small MIME reader for asserting e-mails in tests (not a general parser): unfolds headers, decodes RFC 2047
 * encoded words (B and Q), splits multipart bodies recursively, and decodes base64 / quoted-printable parts.
 * Leaf parts come out in document order.
 */

export interface MimePart {
  /** Lower-cased header names; values unfolded and decoded. Repeated headers keep the first value. */
  readonly headers: Readonly<Record<string, string>>;
  /** `text/plain`, `application/pdf`, ... without parameters, lower-cased. */
  readonly contentType: string;
  readonly fileName: string | undefined;
  readonly content: Buffer;
}

export interface ParsedMail {
  readonly headers: Readonly<Record<string, string>>;
  /** Every leaf part (text, html, attachments) in order. */
  readonly parts: readonly MimePart[];
  readonly text: string | undefined;
  readonly html: string | undefined;
  /** Leaf parts with a file name or `Content-Disposition: attachment`. */
  readonly attachments: readonly MimePart[];
}

export function parseMail(raw: Buffer | string): ParsedMail {
  const source = typeof raw === 'string' ? raw : raw.toString('latin1');
  const { headers, body } = splitEntity(source);
  const parts = leafParts(headers, body, 0);
  const attachments = parts.filter((part) => part.fileName !== undefined || (part.headers['content-disposition'] ?? '').startsWith('attachment'));
  const inline = parts.filter((part) => !attachments.includes(part));
  return {
    headers,
    parts,
    text: inline.find((part) => part.contentType === 'text/plain')?.content.toString('utf8'),
    html: inline.find((part) => part.contentType === 'text/html')?.content.toString('utf8'),
    attachments,
  };
}

/** Splits a latin1 entity into headers and body at the first empty line. */
function splitEntity(source: string): { headers: Record<string, string>; body: string } {
  const match = /\r?\n\r?\n/.exec(source);
  const head = match === null ? source : source.slice(0, match.index);
  const body = match === null ? '' : source.slice(match.index + match[0].length);
  const headers: Record<string, string> = {};
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (headers[name] === undefined) headers[name] = decodeWords(line.slice(colon + 1).trim());
  }
  return { headers, body };
}

function leafParts(headers: Record<string, string>, body: string, depth: number): MimePart[] {
  const contentType = headers['content-type'] ?? 'text/plain';
  const type = (contentType.split(';')[0] ?? '').trim().toLowerCase();
  if (type.startsWith('multipart/') && depth < 10) {
    const boundary = parameter(contentType, 'boundary');
    if (boundary === undefined) throw new Error('multipart part without boundary');
    const sections = body.split(new RegExp(`\\r?\\n?--${escapeRegExp(boundary)}(?:--)?[ \\t]*\\r?\\n?`));
    return sections
      .slice(1, -1)
      .flatMap((section) => {
        const entity = splitEntity(section);
        return leafParts(entity.headers, entity.body, depth + 1);
      });
  }
  const disposition = headers['content-disposition'] ?? '';
  return [{
    headers,
    contentType: type,
    fileName: parameter(disposition, 'filename') ?? parameter(contentType, 'name'),
    content: decodeBody(body, (headers['content-transfer-encoding'] ?? '7bit').toLowerCase()),
  }];
}

function decodeBody(body: string, encoding: string): Buffer {
  switch (encoding) {
    case 'base64':
      return Buffer.from(body.replace(/\s+/g, ''), 'base64');
    case 'quoted-printable':
      return decodeQuotedPrintable(body.replace(/=\r?\n/g, ''));
    default:
      return Buffer.from(body.replace(/\r?\n$/, ''), 'latin1');
  }
}

function decodeQuotedPrintable(text: string): Buffer {
  const bytes: number[] = [];
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    const hex = text.slice(index + 1, index + 3);
    if (char === '=' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      index += 2;
    } else {
      bytes.push(text.charCodeAt(index) & 0xff);
    }
  }
  return Buffer.from(bytes);
}

/** RFC 2047 `=?charset?B|Q?text?=` words; whitespace between adjacent words is dropped. */
function decodeWords(value: string): string {
  const latin1Bytes = value.replace(/\?=\s+=\?/g, '?==?').replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_word, _charset: string, kind: string, text: string) => {
    const bytes = kind.toUpperCase() === 'B' ? Buffer.from(text, 'base64') : decodeQuotedPrintable(text.replace(/_/g, ' '));
    return bytes.toString('latin1');
  });
  return Buffer.from(latin1Bytes, 'latin1').toString('utf8');
}

/** A header parameter: RFC 2231 `name*` / `name*0*` continuations (UTF-8) win over plain `name`. */
function parameter(header: string, name: string): string | undefined {
  const extended = [...header.matchAll(new RegExp(`(?:^|;)\\s*${name}\\*(\\d+)?(\\*)?\\s*=\\s*("[^"]*"|[^;\\s]+)`, 'gi'))];
  if (extended.length > 0) {
    const ordered = extended.sort((a, b) => Number(a[1] ?? 0) - Number(b[1] ?? 0));
    const joined = ordered.map((match, index) => {
      const raw = (match[3] ?? '').replace(/^"|"$/g, '');
      const encoded = match[1] === undefined || match[2] !== undefined;
      const text = index === 0 && encoded ? raw.replace(/^[^']*'[^']*'/, '') : raw;
      return encoded ? text : encodeURIComponent(text);
    }).join('');
    return decodeURIComponent(joined);
  }
  const match = new RegExp(`(?:^|;)\\s*${name}\\s*=\\s*("([^"]*)"|[^;\\s]+)`, 'i').exec(header);
  if (match === null) return undefined;
  return decodeWords(match[2] ?? match[1] ?? '');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
