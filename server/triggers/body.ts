import type { IncomingMessage } from 'node:http';
import type { BinaryMap, JsonObject, JsonValue } from '../../nodes/sdk/index.js';
import { ApiError } from '../http/errors.js';

/**
 * Webhook bodies: read raw (bounded; 413 beyond the limit), then parsed by content type. JSON (`application/json`,
 * `+json`) must parse (else 400); form bodies become an object (repeated keys an array); `text/*`, XML and
 * unknown-but-textual types a string; anything else is binary and lands in `binary.data`. The raw bytes are
 * always kept in `binary.rawBody` (base64) for nodes that verify or forward them.
 */

export async function readRawBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    req.resume();
    throw new ApiError(413, 'PAYLOAD_TOO_LARGE', `request body exceeds ${limit} bytes`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > limit) {
      req.resume();
      throw new ApiError(413, 'PAYLOAD_TOO_LARGE', `request body exceeds ${limit} bytes`);
    }
    chunks.push(buffer);
  }
  return chunks.length === 1 && chunks[0] !== undefined ? chunks[0] : Buffer.concat(chunks, size);
}

export interface ParsedBody {
  readonly body: JsonValue;
  readonly binary?: BinaryMap;
}

type BodyKind = 'json' | 'form' | 'text' | 'binary';

export function bodyKind(contentType: string | undefined): BodyKind {
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (type === '' ) return 'json';
  if (type === 'application/json' || type.endsWith('+json')) return 'json';
  if (type === 'application/x-www-form-urlencoded') return 'form';
  if (type.startsWith('text/') || type === 'application/xml' || type.endsWith('+xml') || type === 'application/javascript') return 'text';
  return 'binary';
}

function charsetOf(contentType: string | undefined): BufferEncoding {
  const match = /charset=([^;]+)/i.exec(contentType ?? '');
  const charset = match?.[1]?.trim().replace(/"/g, '').toLowerCase();
  return charset === 'latin1' || charset === 'iso-8859-1' ? 'latin1' : 'utf8';
}

function formToObject(text: string): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of new URLSearchParams(text)) {
    const existing = out[key];
    if (existing === undefined) out[key] = value;
    else if (Array.isArray(existing)) existing.push(value);
    else out[key] = [existing, value];
  }
  return out;
}

export function parseBody(raw: Buffer, contentType: string | undefined): ParsedBody {
  const mimeType = contentType ?? 'application/octet-stream';
  const rawBody: BinaryMap = raw.length === 0 ? {} : { rawBody: { data: raw.toString('base64'), mimeType, fileSize: raw.length } };
  const withRaw = (body: JsonValue): ParsedBody => (raw.length === 0 ? { body } : { body, binary: rawBody });
  const kind = bodyKind(contentType);
  switch (kind) {
    case 'json': {
      const text = raw.toString('utf8');
      if (text.trim() === '') return withRaw({});
      try {
        return withRaw(JSON.parse(text) as JsonValue);
      } catch (error) {
        throw new ApiError(400, 'INVALID_JSON', `malformed JSON body: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    case 'form':
      return withRaw(formToObject(raw.toString(charsetOf(contentType))));
    case 'text':
      return withRaw(raw.toString(charsetOf(contentType)));
    case 'binary':
      if (raw.length === 0) return { body: {} };
      return { body: {}, binary: { data: { data: raw.toString('base64'), mimeType, fileSize: raw.length } } };
    default: {
      const unreachable: never = kind;
      throw new Error(`unknown body kind ${String(unreachable)}`);
    }
  }
}
