/**
 * `createHttpClient`: the `HttpClient` behind `ctx.http`, on Node's global fetch (undici).
 *
 * Contract (see `HttpRequest` in http-types.ts for the fields):
 * - URL: must be absolute http(s); `query` entries are appended (undefined ones skipped). Otherwise FatalError
 *   `HTTP_INVALID_URL`.
 * - Body: string and Uint8Array are sent as is; any other value is serialised per `bodyType` (default json;
 *   `form` encodes an object's entries as `application/x-www-form-urlencoded`, non-string values as JSON;
 *   `text` sends `String(value)`). A Content-Type is set unless the caller gave one (string without bodyType:
 *   text/plain; Uint8Array: application/octet-stream). GET/HEAD with a body is FatalError `HTTP_INVALID_REQUEST`.
 * - Response `body`: `responseType` json (default) parses JSON; an empty body gives `null` and a body that is not
 *   JSON falls back to the text (no error: many APIs answer `OK`). text gives a string, binary a Uint8Array.
 *   Header names are lower-cased; repeated headers are joined with `, `.
 * - Each attempt has its own timeout (`timeoutMs`, default `defaultTimeoutMs`, else 30 s) combined with the run's
 *   signal. A timeout is a retryable FlowError `TIMEOUT`; the run's abort is FlowError `CANCELLED` (not retryable).
 * - The idempotency header (default `Idempotency-Key`, `false` for none) carries `request.idempotencyKey` or the
 *   client's key, on every method, unless the caller already set that header. Retries inside the call reuse it.
 * - Non-2xx with `throwOnError` (default true): HttpError (429/5xx retryable, `Retry-After` as `retryAfterMs`,
 *   body excerpt in the message). Network failures: retryable FlowError `NETWORK_ERROR` (via `toFlowError`).
 * - `retries` (default 0) extra attempts inside the call for 429/5xx/network/timeout failures, waiting
 *   `Retry-After` when given, else 250 ms doubled per attempt (capped at 10 s). A `Retry-After` longer than
 *   60 s is not slept here: the error is thrown so the node's retry policy (which can park the run) decides.
 */
import { FatalError, FlowError, HttpError, toFlowError } from './errors.js';
import type { HttpClient, HttpMethod, HttpRequest, HttpResponse } from './http-types.js';
import type { NodeLogger } from './define-node.js';

export interface HttpClientOptions {
  readonly signal: AbortSignal;
  readonly idempotencyKey: string;
  readonly logger?: NodeLogger;
  /** Per-attempt timeout when a request names none. Default 30 000 ms. */
  readonly defaultTimeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const MAX_IN_CALL_WAIT_MS = 60_000;
const BASE_BACKOFF_MS = 250;
const MAX_BACKOFF_MS = 10_000;

export function createHttpClient(options: HttpClientOptions): HttpClient {
  return {
    request: <B>(request: HttpRequest) => send<B>(request, options),
  };
}

async function send<B>(request: HttpRequest, options: HttpClientOptions): Promise<HttpResponse<B>> {
  const method: HttpMethod = request.method ?? 'GET';
  const url = buildUrl(request);
  const { body, contentType } = encodeBody(method, request);
  const headers = new Headers(request.headers);
  if (contentType !== undefined && !headers.has('content-type')) headers.set('content-type', contentType);
  const keyHeader = request.idempotencyHeader ?? 'Idempotency-Key';
  if (keyHeader !== false && !headers.has(keyHeader)) {
    headers.set(keyHeader, request.idempotencyKey ?? options.idempotencyKey);
  }
  const timeoutMs = request.timeoutMs ?? options.defaultTimeoutMs ?? DEFAULT_TIMEOUT_MS;
  const retries = Math.max(0, Math.floor(request.retries ?? 0));

  for (let attempt = 0; ; attempt++) {
    try {
      const response = await attemptOnce<B>({ method, url, headers, body, timeoutMs, request, options });
      return response;
    } catch (error) {
      const failure = toFlowError(error);
      const waitMs = failure.retryAfterMs ?? Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS * 2 ** attempt);
      if (!failure.retryable || attempt >= retries || waitMs > MAX_IN_CALL_WAIT_MS || options.signal.aborted) {
        throw failure;
      }
      options.logger?.warn('http retry', { method, url: url.origin + url.pathname, attempt: attempt + 1, waitMs, error: failure.message });
      await sleep(waitMs, options.signal);
    }
  }
}

interface Attempt {
  readonly method: HttpMethod;
  readonly url: URL;
  readonly headers: Headers;
  readonly body: string | Uint8Array | undefined;
  readonly timeoutMs: number;
  readonly request: HttpRequest;
  readonly options: HttpClientOptions;
}

async function attemptOnce<B>(a: Attempt): Promise<HttpResponse<B>> {
  const timeout = AbortSignal.timeout(a.timeoutMs);
  const signal = AbortSignal.any([a.options.signal, timeout]);
  const started = Date.now();
  try {
    const response = await fetch(a.url, { method: a.method, headers: a.headers, body: a.body, signal, redirect: 'follow' });
    const headers = headersToRecord(response.headers);
    const ok = response.status >= 200 && response.status < 300;
    a.options.logger?.debug('http response', {
      method: a.method, url: a.url.origin + a.url.pathname, status: response.status, durationMs: Date.now() - started,
    });
    if (!ok && (a.request.throwOnError ?? true)) {
      const text = await response.text();
      throw new HttpError(response.status, response.statusText, text, parseRetryAfter(response.headers.get('retry-after')));
    }
    const body = await decodeBody(response, a.method, a.request.responseType ?? 'json');
    // The caller picks B for the body it expects (like `JSON.parse`); the client cannot check it.
    return { status: response.status, statusText: response.statusText, headers, body: body as B };
  } catch (error) {
    if (error instanceof FlowError) throw error;
    if (a.options.signal.aborted) {
      throw new FlowError('CANCELLED', `HTTP ${a.method} ${a.url.origin}${a.url.pathname} cancelled`, { cause: error });
    }
    if (timeout.aborted) {
      throw new FlowError('TIMEOUT', `HTTP ${a.method} ${a.url.origin}${a.url.pathname} timed out after ${a.timeoutMs} ms`, {
        retryable: true, cause: error,
      });
    }
    const failure = toFlowError(error);
    throw new FlowError(failure.code, `HTTP ${a.method} ${a.url.origin}${a.url.pathname} failed: ${describe(error)}`, {
      retryable: failure.retryable, cause: error,
    });
  }
}

/** The innermost useful message of a fetch failure (`fetch failed` hides the cause). */
function describe(error: unknown): string {
  const messages: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current instanceof Error; depth++) {
    const code = 'code' in current && typeof current.code === 'string' ? ` (${current.code})` : '';
    if (current.message) messages.push(current.message + code);
    current = current.cause;
  }
  return messages.at(-1) ?? String(error);
}

function buildUrl(request: HttpRequest): URL {
  let url: URL;
  try {
    url = new URL(request.url);
  } catch {
    throw new FatalError(`invalid URL: ${JSON.stringify(request.url)}`, { code: 'HTTP_INVALID_URL', param: 'url' });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new FatalError(`unsupported URL protocol ${url.protocol} (http and https only)`, { code: 'HTTP_INVALID_URL', param: 'url' });
  }
  for (const [key, value] of Object.entries(request.query ?? {})) {
    if (value !== undefined) url.searchParams.append(key, String(value));
  }
  return url;
}

interface EncodedBody {
  readonly body: string | Uint8Array | undefined;
  readonly contentType: string | undefined;
}

const CONTENT_TYPES = {
  json: 'application/json',
  form: 'application/x-www-form-urlencoded',
  text: 'text/plain;charset=utf-8',
} as const;

function encodeBody(method: HttpMethod, request: HttpRequest): EncodedBody {
  const value = request.body;
  if (value === undefined || value === null) return { body: undefined, contentType: undefined };
  if (method === 'GET' || method === 'HEAD') {
    throw new FatalError(`a ${method} request cannot have a body`, { code: 'HTTP_INVALID_REQUEST', param: 'body' });
  }
  if (value instanceof Uint8Array) return { body: value, contentType: 'application/octet-stream' };
  if (typeof value === 'string') return { body: value, contentType: CONTENT_TYPES[request.bodyType ?? 'text'] };
  const bodyType = request.bodyType ?? 'json';
  switch (bodyType) {
    case 'json':
      return { body: JSON.stringify(value), contentType: CONTENT_TYPES.json };
    case 'form':
      return { body: encodeForm(value), contentType: CONTENT_TYPES.form };
    case 'text':
      return { body: String(value), contentType: CONTENT_TYPES.text };
    default: {
      const never: never = bodyType;
      throw new FatalError(`unknown bodyType ${String(never)}`, { code: 'HTTP_INVALID_REQUEST', param: 'bodyType' });
    }
  }
}

/** Object entries as form fields; arrays repeat the key; nested objects are sent as JSON text. */
function encodeForm(value: unknown): string {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new FatalError('a form body must be an object of fields', { code: 'HTTP_INVALID_REQUEST', param: 'body' });
  }
  const form = new URLSearchParams();
  const field = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v));
  for (const [key, entry] of Object.entries(value)) {
    if (entry === undefined) continue;
    if (Array.isArray(entry)) for (const element of entry) form.append(key, field(element));
    else form.append(key, field(entry));
  }
  return form.toString();
}

async function decodeBody(response: Response, method: HttpMethod, responseType: 'json' | 'text' | 'binary'): Promise<unknown> {
  switch (responseType) {
    case 'binary':
      return new Uint8Array(await response.arrayBuffer());
    case 'text':
      return response.text();
    case 'json': {
      const text = method === 'HEAD' ? '' : await response.text();
      if (text.trim() === '') return null;
      try {
        return JSON.parse(text);
      } catch {
        return text;
      }
    }
    default: {
      const never: never = responseType;
      throw new FatalError(`unknown responseType ${String(never)}`, { code: 'HTTP_INVALID_REQUEST', param: 'responseType' });
    }
  }
}

function headersToRecord(headers: Headers): Record<string, string> {
  const record: Record<string, string> = {};
  headers.forEach((value, name) => {
    const previous = record[name];
    record[name] = previous === undefined ? value : `${previous}, ${value}`;
  });
  return record;
}

/** `Retry-After` as delay-seconds or an HTTP date, in ms from now; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new FlowError('CANCELLED', 'HTTP retry wait cancelled', { cause: signal.reason }));
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
