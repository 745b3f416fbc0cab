/**
 * Brevo (ex-Sendinblue) transactional e-mail stand-in, on `startHttpStandin`. Contract: apis.md §8 and
 * developers.brevo.com (send a transactional email, sandbox mode, batch email idempotency, rate limit headers).
 *
 * Point a `brevo` credential's `baseUrl` at `standin.baseUrl` (`http://127.0.0.1:PORT/v3`).
 *
 * Routes
 * - `GET /v3/account` → 200 `{ email, companyName, plan: [...] }` (the credential test).
 * - `POST /v3/smtp/email` → 201 `{ messageId: "<...@smtp-relay.mailin.fr>" }`.
 *   Checks, in order, each failing with Brevo's error body `{ code, message }`:
 *   - header `api-key` equal to the stand-in's key, else 401 `unauthorized`;
 *   - a JSON object body, else 400 `bad_request`;
 *   - `to` a non-empty array of `{ email, name? }` with valid addresses (also `cc`, `bcc`, `replyTo`), else 400
 *     `missing_parameter` / `invalid_parameter`;
 *   - without `templateId`: `sender.email`, `subject` and `htmlContent` or `textContent` (400
 *     `missing_parameter`); with it: a positive integer among `templates` (400 `invalid_parameter`);
 *     `params` an object;
 *   - `attachment[]`: `{ content (base64), name }` or `{ url }`, the name's extension in Brevo's list (400
 *     `invalid_parameter`);
 *   - `headers.idempotencyKey`: a UUID (else 400 `invalid_parameter`); a key seen within 30 minutes (stand-in
 *     clock `now`) answers 400 `duplicate_parameter` and sends nothing.
 *   `headers["X-Sib-Sandbox"] === "drop"` answers 201 but records the request in `dropped`, not `emails`.
 * - Every answer carries `x-sib-ratelimit-limit`, `-remaining`, `-reset`.
 *
 * Injectable failures (each used by the next valid, authorised, non-duplicate `POST /v3/smtp/email`, in order):
 * - `failNext({ status, body?, headers?, accept? })`: answer that status and body; with `accept: true` the
 *   e-mail is accepted first (recorded, idempotency key taken), as when an answer is lost after Brevo took it.
 * - `rateLimitNext(seconds, { retryAfter })`: 429 `too_many_requests` with `x-sib-ratelimit-reset: seconds`
 *   and, unless `retryAfter: false`, `Retry-After: seconds`.
 * - `dropConnectionNext({ accept })`: destroys the socket without an answer (accepting first when asked).
 */
import type { ServerResponse } from 'node:http';
import { sendJson, startHttpStandin, type HttpStandin, type RecordedRequest } from './http-server.js';

export interface BrevoAddress {
  readonly email: string;
  readonly name?: string;
}

export interface BrevoEmail {
  readonly messageId: string;
  readonly sender?: BrevoAddress;
  readonly to: readonly BrevoAddress[];
  readonly cc: readonly BrevoAddress[];
  readonly bcc: readonly BrevoAddress[];
  readonly subject?: string;
  readonly htmlContent?: string;
  readonly textContent?: string;
  readonly templateId?: number;
  readonly params?: Readonly<Record<string, unknown>>;
  readonly attachments: readonly { readonly name: string; readonly content: Buffer }[];
  readonly headers: Readonly<Record<string, string>>;
  readonly tags: readonly string[];
  /** The request body as sent. */
  readonly body: Readonly<Record<string, unknown>>;
}

export interface BrevoFailure {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  /** Accept (record) the e-mail before answering with the failure. */
  readonly accept?: boolean;
}

export interface BrevoStandinOptions {
  readonly apiKey?: string;
  /** Template ids that exist. Default [1, 2]. */
  readonly templates?: readonly number[];
  /** The stand-in's clock for the idempotency TTL. Default Date.now. */
  readonly now?: () => number;
}

export interface BrevoStandin {
  /** `http://127.0.0.1:PORT/v3`: the credential's baseUrl. */
  readonly baseUrl: string;
  readonly apiKey: string;
  readonly http: HttpStandin;
  /** Delivered (non-sandbox) e-mails in order. */
  readonly emails: readonly BrevoEmail[];
  /** E-mails accepted in sandbox mode (`X-Sib-Sandbox: drop`): validated, not sent. */
  readonly dropped: readonly BrevoEmail[];
  /** Requests to POST /v3/smtp/email, whatever their answer. */
  sendRequests(): readonly RecordedRequest[];
  failNext(...failures: BrevoFailure[]): void;
  rateLimitNext(seconds: number, options?: { readonly retryAfter?: boolean }): void;
  dropConnectionNext(options?: { readonly accept?: boolean }): void;
  close(): Promise<void>;
}

const IDEMPOTENCY_TTL_MS = 30 * 60_000;
const EMAIL = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const EXTENSIONS = new Set(('xlsx xls ods docx docm doc csv pdf txt gif jpg jpeg png tif tiff rtf bmp cgm css shtml html htm zip xml '
  + 'ppt pptx tar ez ics mobi msg pub eps odt mp3 m4a m4v wma ogg flac wav aif aifc aiff mp4 mov avi mkv mpeg mpg wmv pkpass xlsm').split(' '));

type Injected = { readonly kind: 'fail'; readonly failure: BrevoFailure } | { readonly kind: 'drop'; readonly accept: boolean };

class BrevoInputError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

export async function startBrevoStandin(options: BrevoStandinOptions = {}): Promise<BrevoStandin> {
  const apiKey = options.apiKey ?? 'xkeysib-test-key';
  const templates = new Set(options.templates ?? [1, 2]);
  const now = options.now ?? Date.now;
  const http = await startHttpStandin();
  const emails: BrevoEmail[] = [];
  const dropped: BrevoEmail[] = [];
  const idempotencyKeys = new Map<string, number>();
  const injected: Injected[] = [];
  let sequence = 0;

  const rateHeaders = { 'x-sib-ratelimit-limit': '1000', 'x-sib-ratelimit-remaining': '999', 'x-sib-ratelimit-reset': '1' };
  const fail = (response: ServerResponse, status: number, code: string, message: string): void =>
    sendJson(response, status, { code, message }, rateHeaders);
  const authorized = (request: RecordedRequest): boolean => request.headers['api-key'] === apiKey;

  http.on('GET', '/v3/account', (request, response) => {
    if (!authorized(request)) return fail(response, 401, 'unauthorized', 'Key not found');
    sendJson(response, 200, { email: 'shop@example.test', companyName: 'Stand-in Shop', plan: [{ type: 'free', credits: 300 }] }, rateHeaders);
  });

  http.on('POST', '/v3/smtp/email', (request, response) => {
    if (!authorized(request)) return fail(response, 401, 'unauthorized', 'Key not found');
    let body: unknown;
    try {
      body = request.json();
    } catch {
      return fail(response, 400, 'bad_request', 'Input must be a valid JSON object');
    }
    let email: BrevoEmail;
    let idempotencyKey: string | undefined;
    try {
      ({ email, idempotencyKey } = parseEmail(body, templates, () => `<${Date.now()}.${++sequence}@smtp-relay.mailin.fr>`));
    } catch (error) {
      if (error instanceof BrevoInputError) return fail(response, 400, error.code, error.message);
      throw error;
    }
    if (idempotencyKey !== undefined) {
      const seen = idempotencyKeys.get(idempotencyKey);
      if (seen !== undefined && now() - seen < IDEMPOTENCY_TTL_MS) {
        return fail(response, 400, 'duplicate_parameter', `idempotencyKey ${idempotencyKey} was already used`);
      }
    }
    const next = injected.shift();
    const accept = (): void => {
      if (idempotencyKey !== undefined) idempotencyKeys.set(idempotencyKey, now());
      (email.headers['X-Sib-Sandbox'] === 'drop' ? dropped : emails).push(email);
    };
    if (next?.kind === 'drop') {
      if (next.accept) accept();
      response.socket?.destroy();
      return;
    }
    if (next?.kind === 'fail') {
      if (next.failure.accept === true) accept();
      sendJson(response, next.failure.status, next.failure.body ?? { code: 'internal_error', message: 'Injected failure' }, {
        ...rateHeaders, ...next.failure.headers,
      });
      return;
    }
    accept();
    sendJson(response, 201, { messageId: email.messageId }, rateHeaders);
  });

  return {
    baseUrl: `${http.url}/v3`,
    apiKey,
    http,
    emails,
    dropped,
    sendRequests: () => http.requests.filter((request) => request.method === 'POST' && request.path === '/v3/smtp/email'),
    failNext: (...failures) => injected.push(...failures.map((failure) => ({ kind: 'fail' as const, failure }))),
    rateLimitNext: (seconds, rateOptions = {}) => injected.push({
      kind: 'fail',
      failure: {
        status: 429,
        body: { code: 'too_many_requests', message: 'The rate limit for this endpoint was exceeded' },
        headers: {
          'x-sib-ratelimit-remaining': '0',
          'x-sib-ratelimit-reset': String(seconds),
          ...(rateOptions.retryAfter !== false && { 'retry-after': String(seconds) }),
        },
      },
    }),
    dropConnectionNext: (dropOptions = {}) => injected.push({ kind: 'drop', accept: dropOptions.accept ?? false }),
    close: () => http.close(),
  };
}

function parseEmail(body: unknown, templates: ReadonlySet<number>, newId: () => string): { email: BrevoEmail; idempotencyKey: string | undefined } {
  if (!isObject(body)) throw new BrevoInputError('bad_request', 'Input must be a valid JSON object');
  const to = addresses(body.to, 'to', true);
  const cc = addresses(body.cc, 'cc', false);
  const bcc = addresses(body.bcc, 'bcc', false);
  if (body.replyTo !== undefined) addresses([body.replyTo], 'replyTo', false);
  const sender = body.sender === undefined ? undefined : addresses([body.sender], 'sender', false)[0];
  const templateId = body.templateId;
  if (templateId === undefined) {
    if (sender === undefined) throw new BrevoInputError('missing_parameter', 'sender is missing');
    if (typeof body.subject !== 'string' || body.subject.trim() === '') throw new BrevoInputError('missing_parameter', 'subject is missing');
    if (typeof body.htmlContent !== 'string' && typeof body.textContent !== 'string') {
      throw new BrevoInputError('missing_parameter', 'htmlContent or textContent is missing');
    }
  } else if (typeof templateId !== 'number' || !Number.isInteger(templateId) || templateId <= 0) {
    throw new BrevoInputError('invalid_parameter', 'templateId must be a positive integer');
  } else if (!templates.has(templateId)) {
    throw new BrevoInputError('invalid_parameter', `Template ID ${templateId} does not exist`);
  }
  if (body.params !== undefined && !isObject(body.params)) throw new BrevoInputError('invalid_parameter', 'params must be an object');
  const headers = body.headers === undefined ? {} : stringRecord(body.headers, 'headers');
  const idempotencyKey = headers.idempotencyKey;
  if (idempotencyKey !== undefined && !UUID.test(idempotencyKey)) throw new BrevoInputError('invalid_parameter', 'idempotencyKey must be a UUID');
  const tags = body.tags === undefined ? [] : body.tags;
  if (!Array.isArray(tags) || !tags.every((tag) => typeof tag === 'string')) throw new BrevoInputError('invalid_parameter', 'tags must be a list of strings');
  return {
    idempotencyKey,
    email: {
      messageId: newId(),
      ...(sender !== undefined && { sender }),
      to, cc, bcc,
      ...(typeof body.subject === 'string' && { subject: body.subject }),
      ...(typeof body.htmlContent === 'string' && { htmlContent: body.htmlContent }),
      ...(typeof body.textContent === 'string' && { textContent: body.textContent }),
      ...(typeof templateId === 'number' && { templateId }),
      ...(isObject(body.params) && { params: body.params }),
      attachments: attachments(body.attachment),
      headers,
      tags,
      body,
    },
  };
}

function addresses(value: unknown, field: string, required: boolean): BrevoAddress[] {
  if (value === undefined && !required) return [];
  if (!Array.isArray(value) || value.length === 0) {
    throw new BrevoInputError(value === undefined ? 'missing_parameter' : 'invalid_parameter', `${field} ${value === undefined ? 'is missing' : 'must be a non-empty list'}`);
  }
  return value.map((entry) => {
    if (!isObject(entry) || typeof entry.email !== 'string' || !EMAIL.test(entry.email)) {
      throw new BrevoInputError('invalid_parameter', `email is not valid in ${field}`);
    }
    if (entry.name !== undefined && typeof entry.name !== 'string') throw new BrevoInputError('invalid_parameter', `name must be a string in ${field}`);
    return { email: entry.email, ...(typeof entry.name === 'string' && { name: entry.name }) };
  });
}

function attachments(value: unknown): { name: string; content: Buffer }[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new BrevoInputError('invalid_parameter', 'attachment must be a list');
  return value.map((entry) => {
    if (!isObject(entry)) throw new BrevoInputError('invalid_parameter', 'attachment entries must be objects');
    if (typeof entry.url === 'string') return { name: typeof entry.name === 'string' ? entry.name : entry.url, content: Buffer.alloc(0) };
    if (typeof entry.content !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(entry.content)) {
      throw new BrevoInputError('invalid_parameter', 'attachment content must be base64');
    }
    if (typeof entry.name !== 'string' || entry.name === '') throw new BrevoInputError('missing_parameter', 'attachment name is missing');
    const extension = entry.name.split('.').at(-1)?.toLowerCase() ?? '';
    if (!entry.name.includes('.') || !EXTENSIONS.has(extension)) {
      throw new BrevoInputError('invalid_parameter', `attachment extension of ${entry.name} is not supported`);
    }
    return { name: entry.name, content: Buffer.from(entry.content, 'base64') };
  });
}

function stringRecord(value: unknown, field: string): Record<string, string> {
  if (!isObject(value) || !Object.values(value).every((entry) => typeof entry === 'string')) {
    throw new BrevoInputError('invalid_parameter', `${field} must be an object of strings`);
  }
  const record: Record<string, string> = {};
  for (const [key, entry] of Object.entries(value)) if (typeof entry === 'string') record[key] = entry;
  return record;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
