import type { BinaryData, EmitOptions, Emission, HttpResponse, JsonObject, JsonValue } from '../sdk/index.js';
import { isJsonObject } from '../sdk/index.js';
import { toJsonValue } from '../set/to-json.js';
import { fileNameFromDisposition } from './file-name.js';

/** The binary key a `binary` response is stored under. */
export const BINARY_KEY = 'data';

/**
 * Turns one HTTP answer into the node's output item:
 * - `fullResponse`: json `{ status, headers, body }` (body: JSON value or text; for binary, body is omitted and
 *   the bytes are on binary `data`).
 * - otherwise, json/text: a JSON object body is the item's json as is; any other body (array, string, number,
 *   null) is wrapped as `{ body }` so that one request always gives one item (use `splitOut` on `body` for lists).
 * - otherwise, binary: json `{ fileName?, mimeType, fileSize }` and the bytes on binary `data`.
 */
export function responseToEmission(
  response: HttpResponse,
  fullResponse: boolean,
  emit: (json: JsonObject, options?: EmitOptions) => Emission,
): Emission {
  if (response.body instanceof Uint8Array) {
    const binary = toBinary(response.body, response.headers);
    const meta: JsonObject = {
      ...(binary.fileName !== undefined && { fileName: binary.fileName }),
      mimeType: binary.mimeType,
      fileSize: binary.fileSize ?? response.body.byteLength,
    };
    const json: JsonObject = fullResponse ? { status: response.status, headers: response.headers, ...meta } : meta;
    return emit(json, { binary: { [BINARY_KEY]: binary } });
  }
  const body: JsonValue = toJsonValue(response.body);
  if (fullResponse) return { status: response.status, headers: { ...response.headers }, body };
  return isJsonObject(body) ? body : { body };
}

function toBinary(bytes: Uint8Array, headers: Readonly<Record<string, string>>): BinaryData {
  const mimeType = (headers['content-type'] ?? 'application/octet-stream').split(';')[0]?.trim() || 'application/octet-stream';
  const fileName = fileNameFromDisposition(headers['content-disposition']);
  return {
    data: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64'),
    mimeType,
    ...(fileName !== undefined && { fileName }),
    fileSize: bytes.byteLength,
  };
}
