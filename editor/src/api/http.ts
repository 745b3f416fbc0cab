import type { z } from 'zod';
import { ApiError, apiErrorFrom } from './errors.js';

/** Sends one JSON request to the API (same origin, session cookie) and parses the answer with `schema`. */
export async function request<T extends z.ZodType>(
  method: string,
  path: string,
  schema: T,
  body?: unknown,
  headers: Readonly<Record<string, string>> = {},
): Promise<z.output<T>> {
  const init: RequestInit = { method, credentials: 'same-origin', headers: { ...headers, accept: 'application/json' } };
  if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers = { ...headers, accept: 'application/json', 'content-type': 'application/json' };
  }
  let response: Response;
  try {
    response = await fetch(path, init);
  } catch (error) {
    throw new ApiError(0, 'NETWORK_ERROR', error instanceof Error ? error.message : String(error));
  }
  const text = await response.text();
  let json: unknown = undefined;
  if (text.length > 0) {
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
  }
  if (!response.ok) throw apiErrorFrom(response.status, response.statusText, json);
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    throw new ApiError(response.status, 'BAD_RESPONSE', `${method} ${path}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  return parsed.data;
}
