/**
 * HubSpot CRM contacts stand-in, on `startHttpStandin`. Contract: apis.md §9 and developers.hubspot.com
 * (contacts batch upsert, error handling).
 *
 * Point a `hubspot` credential's `baseUrl` at `standin.url` (`http://127.0.0.1:PORT`).
 *
 * State: contacts by lower-cased e-mail (`contacts`), each `{ id, properties, createdAt, updatedAt }`, so
 * upserting the same address twice keeps one contact and updates it.
 *
 * Routes (every answer carries `x-hubspot-ratelimit-daily(-remaining)` and `-secondly(-remaining)`):
 * - `GET /crm/v3/objects/contacts?limit=N` → 200 `{ results: [...] }` (the credential test).
 * - `POST /crm/v3/objects/contacts/batch/upsert` `{ inputs: [{ idProperty: "email", id, properties,
 *   objectWriteTraceId? }] }`:
 *   - `Authorization: Bearer <token>` equal to the stand-in's, else 401 category `INVALID_AUTHENTICATION`;
 *   - `inputs` a non-empty array of at most 100 (`maxBatch`), every `idProperty` `email`, no id twice, every
 *     property value a string, else 400 `VALIDATION_ERROR` for the whole batch;
 *   - per input: the id a valid e-mail (`INVALID_EMAIL`) and every property name known (`PROPERTY_DOESNT_EXIST`);
 *     with `rejectInvalidBatch: false` (default) bad inputs fail alone: 207 with `errors[]` (each
 *     `{ status, category: "VALIDATION_ERROR", message, context: { ids: [id] }, errors: [{ code, message, in }] }`)
 *     and `numErrors`, the rest upserted; with `rejectInvalidBatch: true` one bad input rejects the batch with 400
 *     and nothing is stored;
 *   - success: 200 (207 with errors) `{ status: "COMPLETE", results: [{ id, new, properties, createdAt,
 *     updatedAt, archived: false, objectWriteTraceId? }], startedAt, completedAt }`; `properties` holds every
 *     stored property plus `email` and `hs_object_id`.
 * Errors use HubSpot's body `{ status: "error", message, correlationId, category, errors? }`.
 *
 * Injectable failures (each used by the next authorised upsert request, in order):
 * - `failNext({ status, body?, headers?, apply? })`: that answer; with `apply: true` the upsert is stored first
 *   (an answer lost after HubSpot applied it).
 * - `rateLimitNext(seconds, { retryAfter })`: 429 `{ status: "error", message: "You have reached your secondly
 *   limit.", errorType: "RATE_LIMIT", category: "RATE_LIMITS", policyName: "SECONDLY", correlationId }` with
 *   `Retry-After: seconds` unless `retryAfter: false`.
 */
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { sendJson, startHttpStandin, type HttpStandin, type RecordedRequest } from './http-server.js';

export interface HubspotContact {
  readonly id: string;
  readonly properties: Readonly<Record<string, string>>;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface HubspotFailure {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  readonly apply?: boolean;
}

export interface HubspotStandinOptions {
  readonly token?: string;
  /** Property names besides the default contact properties. */
  readonly properties?: readonly string[];
  readonly maxBatch?: number;
  /** One invalid input rejects the whole batch with 400 (else 207 per input). Default false. */
  readonly rejectInvalidBatch?: boolean;
}

export interface HubspotStandin {
  /** `http://127.0.0.1:PORT`: the credential's baseUrl. */
  readonly url: string;
  readonly token: string;
  readonly http: HttpStandin;
  /** By lower-cased e-mail. */
  readonly contacts: ReadonlyMap<string, HubspotContact>;
  /** Parsed bodies of upsert requests that passed auth, in order. */
  readonly upsertBodies: readonly { readonly inputs: readonly unknown[] }[];
  failNext(...failures: HubspotFailure[]): void;
  rateLimitNext(seconds: number, options?: { readonly retryAfter?: boolean }): void;
  close(): Promise<void>;
}

const DEFAULT_PROPERTIES = [
  'email', 'firstname', 'lastname', 'phone', 'mobilephone', 'company', 'website', 'address', 'city', 'zip', 'state',
  'country', 'lifecyclestage', 'hs_lead_status', 'hs_language', 'jobtitle', 'date_of_birth', 'notes_last_contacted',
];
const EMAIL = /^[^\s@<>",]+@[^\s@<>",]+\.[^\s@<>",]+$/;

interface InputError {
  readonly id: string;
  readonly code: string;
  readonly message: string;
}

export async function startHubspotStandin(options: HubspotStandinOptions = {}): Promise<HubspotStandin> {
  const token = options.token ?? 'pat-eu1-00000000-test';
  const known = new Set([...DEFAULT_PROPERTIES, ...(options.properties ?? [])]);
  const maxBatch = options.maxBatch ?? 100;
  const http = await startHttpStandin();
  const contacts = new Map<string, HubspotContact>();
  const upsertBodies: { inputs: unknown[] }[] = [];
  const injected: HubspotFailure[] = [];
  let nextId = 1001;

  const rateHeaders = {
    'x-hubspot-ratelimit-daily': '250000', 'x-hubspot-ratelimit-daily-remaining': '249000',
    'x-hubspot-ratelimit-secondly': '10', 'x-hubspot-ratelimit-secondly-remaining': '9',
  };
  const error = (response: ServerResponse, status: number, category: string, message: string, extra: Record<string, unknown> = {}): void =>
    sendJson(response, status, { status: 'error', message, correlationId: randomUUID(), category, ...extra }, rateHeaders);
  const authorized = (request: RecordedRequest): boolean => request.headers.authorization === `Bearer ${token}`;
  const unauthorized = (response: ServerResponse): void => error(response, 401, 'INVALID_AUTHENTICATION',
    'Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview');

  const view = (email: string, contact: HubspotContact, isNew: boolean, traceId: unknown): Record<string, unknown> => ({
    id: contact.id,
    new: isNew,
    properties: { ...contact.properties, email, hs_object_id: contact.id },
    createdAt: contact.createdAt,
    updatedAt: contact.updatedAt,
    archived: false,
    ...(typeof traceId === 'string' && { objectWriteTraceId: traceId }),
  });

  http.on('GET', '/crm/v3/objects/contacts', (request, response) => {
    if (!authorized(request)) return unauthorized(response);
    const limit = Math.max(1, Math.min(100, Number(request.query.limit ?? 10) || 10));
    const results = [...contacts.entries()].slice(0, limit).map(([email, contact]) => view(email, contact, false, undefined));
    sendJson(response, 200, { results }, rateHeaders);
  });

  http.on('POST', '/crm/v3/objects/contacts/batch/upsert', (request, response) => {
    if (!authorized(request)) return unauthorized(response);
    let body: unknown;
    try {
      body = request.json();
    } catch {
      return error(response, 400, 'VALIDATION_ERROR', 'Invalid input JSON on line 1');
    }
    const inputs = isObject(body) ? body.inputs : undefined;
    if (!Array.isArray(inputs) || inputs.length === 0) return error(response, 400, 'VALIDATION_ERROR', 'inputs must be a non-empty list');
    upsertBodies.push({ inputs });
    if (inputs.length > maxBatch) {
      return error(response, 400, 'VALIDATION_ERROR', `The maximum number of inputs supported in a batch request is ${maxBatch}`);
    }
    const seen = new Set<string>();
    for (const input of inputs) {
      if (!isObject(input) || typeof input.id !== 'string') return error(response, 400, 'VALIDATION_ERROR', 'every input needs a string id');
      if (input.idProperty !== 'email') return error(response, 400, 'VALIDATION_ERROR', `idProperty ${String(input.idProperty)} is not supported here (email only)`);
      const key = input.id.trim().toLowerCase();
      if (seen.has(key)) return error(response, 400, 'VALIDATION_ERROR', `Duplicate IDs found in batch input: [${input.id}]. IDs must be unique`);
      seen.add(key);
      const properties = input.properties ?? {};
      if (!isObject(properties) || !Object.values(properties).every((value) => typeof value === 'string')) {
        return error(response, 400, 'VALIDATION_ERROR', `Invalid input: property values must be strings (input ${input.id})`);
      }
    }

    const problems = inputs.flatMap((input) => (isObject(input) ? inputErrors(input, known) : []));
    if (problems.length > 0 && options.rejectInvalidBatch === true) {
      const first = problems[0];
      return error(response, 400, 'VALIDATION_ERROR', `Property values were not valid: ${first?.message ?? ''}`, {
        errors: problems.map((problem) => ({ message: problem.message, code: problem.code, in: problem.id })),
      });
    }
    const failure = injected.shift();
    if (failure !== undefined && failure.apply !== true) {
      sendJson(response, failure.status, failure.body ?? { status: 'error', message: 'injected failure', correlationId: randomUUID(), category: 'INTERNAL_ERROR' }, {
        ...rateHeaders, ...failure.headers,
      });
      return;
    }

    const startedAt = new Date().toISOString();
    const failedIds = new Set(problems.map((problem) => problem.id));
    const results = inputs.flatMap((input) => {
      if (!isObject(input) || typeof input.id !== 'string' || failedIds.has(input.id)) return [];
      const email = input.id.trim().toLowerCase();
      const properties = stringRecord(input.properties);
      const existing = contacts.get(email);
      const stamp = new Date().toISOString();
      const contact: HubspotContact = existing === undefined
        ? { id: String(nextId++), properties, createdAt: stamp, updatedAt: stamp }
        : { ...existing, properties: { ...existing.properties, ...properties }, updatedAt: stamp };
      contacts.set(email, contact);
      return [view(email, contact, existing === undefined, input.objectWriteTraceId)];
    });
    if (failure !== undefined) {
      sendJson(response, failure.status, failure.body ?? { status: 'error', message: 'injected failure', correlationId: randomUUID(), category: 'INTERNAL_ERROR' }, {
        ...rateHeaders, ...failure.headers,
      });
      return;
    }
    const errors = problems.map((problem) => ({
      status: 'error',
      category: 'VALIDATION_ERROR',
      message: `Property values were not valid: ${problem.message}`,
      context: { ids: [problem.id] },
      errors: [{ message: problem.message, code: problem.code, in: problem.id }],
    }));
    sendJson(response, errors.length > 0 ? 207 : 200, {
      status: 'COMPLETE', results, startedAt, completedAt: new Date().toISOString(),
      ...(errors.length > 0 && { errors, numErrors: errors.length }),
    }, rateHeaders);
  });

  return {
    url: http.url,
    token,
    http,
    contacts,
    upsertBodies,
    failNext: (...failures) => injected.push(...failures),
    rateLimitNext: (seconds, rateOptions = {}) => injected.push({
      status: 429,
      body: {
        status: 'error', message: 'You have reached your secondly limit.', errorType: 'RATE_LIMIT', category: 'RATE_LIMITS',
        correlationId: randomUUID(), policyName: 'SECONDLY', groupName: 'publicapi:private-app',
      },
      headers: {
        'x-hubspot-ratelimit-secondly-remaining': '0',
        ...(rateOptions.retryAfter !== false && { 'retry-after': String(seconds) }),
      },
    }),
    close: () => http.close(),
  };
}

function inputErrors(input: Record<string, unknown>, known: ReadonlySet<string>): InputError[] {
  const id = typeof input.id === 'string' ? input.id : '';
  const problems: InputError[] = [];
  if (!EMAIL.test(id.trim())) problems.push({ id, code: 'INVALID_EMAIL', message: `Email address ${id} is invalid` });
  const properties = isObject(input.properties) ? input.properties : {};
  for (const name of Object.keys(properties)) {
    if (!known.has(name)) problems.push({ id, code: 'PROPERTY_DOESNT_EXIST', message: `Property "${name}" does not exist` });
  }
  return problems.slice(0, 1);
}

function stringRecord(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (isObject(value)) for (const [key, entry] of Object.entries(value)) if (typeof entry === 'string') out[key] = entry;
  return out;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
