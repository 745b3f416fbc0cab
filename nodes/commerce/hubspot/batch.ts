import { FatalError, FlowError, RetryableError, RetryAfterError } from '../../sdk/index.js';
import type { HttpClient, HttpResponse, NodeLogger } from '../../sdk/index.js';

/** One contact to upsert: the lower-cased e-mail and its property values as HubSpot strings. */
export interface ContactInput {
  readonly email: string;
  readonly properties: Readonly<Record<string, string>>;
}

export type ContactOutcome =
  | { readonly ok: true; readonly contactId: string; readonly isNew: boolean }
  | { readonly ok: false; readonly code: string; readonly message: string; readonly category?: string; readonly httpStatus?: number };

export interface BatchClient {
  readonly http: HttpClient;
  readonly url: string;
  readonly token: string;
  readonly signal: AbortSignal;
  readonly logger: NodeLogger;
}

const MAX_RATE_LIMIT_WAITS = 5;
const MAX_IN_NODE_WAIT_MS = 60_000;

/**
 * Upserts `inputs` (at most one batch, unique e-mails) with `POST /crm/v3/objects/contacts/batch/upsert`,
 * `idProperty: "email"`. Returns one outcome per input, in input order.
 * - 200/207: results are matched by `objectWriteTraceId` (the input's index, echoed by HubSpot), else by the
 *   returned `properties.email`, else (no errors, one result per input) by position; `errors[]` by `context.ids`
 *   (e-mails); an input with neither gets the unmatched errors' message, or `HUBSPOT_NO_RESULT`.
 * - 400 for the whole batch (HubSpot rejects a batch for one bad input): the batch is split in halves and each
 *   half sent again, down to single inputs, so only the bad inputs fail. When the first half fails with the very
 *   same message as the whole batch, the second half gets that message without another request (a problem of
 *   the request, not of one input).
 * - 429: waits `Retry-After` (else 1 s; 10 s for a ten-secondly policy) up to 5 times while each wait is ≤ 60 s,
 *   then RetryAfterError `HUBSPOT_RATE_LIMITED` (a `DAILY` policy: 1 h) for the node's retry policy.
 * - 401/403 and other 4xx: FatalError `HUBSPOT_<CATEGORY>`; 5xx: RetryableError `HUBSPOT_UNAVAILABLE`. Upserts
 *   are idempotent by e-mail, so a retried node sends every batch again without creating duplicates.
 */
export async function upsertBatch(client: BatchClient, inputs: readonly ContactInput[]): Promise<ContactOutcome[]> {
  const response = await post(client, {
    inputs: inputs.map((input, index) => ({ idProperty: 'email', id: input.email, properties: input.properties, objectWriteTraceId: String(index) })),
  });
  if (response.status >= 200 && response.status < 300) return matchResults(inputs, response.body);
  const error = hubspotError(response);
  if (response.status === 400) {
    const failed: ContactOutcome = { ok: false, code: `HUBSPOT_${error.code}`, message: error.message, category: error.category, httpStatus: 400 };
    if (inputs.length === 1) return [failed];
    const middle = Math.ceil(inputs.length / 2);
    const left = await upsertBatch(client, inputs.slice(0, middle));
    const systemic = left.every((outcome) => !outcome.ok && outcome.message === error.message);
    const right = systemic ? inputs.slice(middle).map(() => failed) : await upsertBatch(client, inputs.slice(middle));
    return [...left, ...right];
  }
  throw failure(response.status, error);
}

async function post(client: BatchClient, body: unknown): Promise<HttpResponse<unknown>> {
  for (let waits = 0; ; waits++) {
    const response = await client.http.request<unknown>({
      method: 'POST',
      url: `${client.url}/crm/v3/objects/contacts/batch/upsert`,
      headers: { authorization: `Bearer ${client.token}`, accept: 'application/json' },
      body,
      idempotencyHeader: false,
      throwOnError: false,
    });
    if (response.status !== 429) return response;
    const policy = stringField(response.body, 'policyName') ?? '';
    const message = stringField(response.body, 'message') ?? 'rate limited';
    const delayMs = policy.toUpperCase().includes('DAILY') ? 3_600_000 : retryAfterMs(response, policy);
    if (waits >= MAX_RATE_LIMIT_WAITS || delayMs > MAX_IN_NODE_WAIT_MS) {
      throw new RetryAfterError(`HubSpot rate limit (${policy || 'unknown policy'}): ${message}`, delayMs, { code: 'HUBSPOT_RATE_LIMITED', httpStatus: 429 });
    }
    client.logger.warn('hubspot: rate limited, waiting', { delayMs, policy });
    await sleep(delayMs, client.signal);
  }
}

function retryAfterMs(response: HttpResponse<unknown>, policy: string): number {
  const header = response.headers['retry-after']?.trim();
  if (header !== undefined && /^\d+(\.\d+)?$/.test(header)) return Math.round(Number(header) * 1000);
  return policy.toUpperCase().includes('TEN_SECONDLY') ? 10_000 : 1000;
}

function matchResults(inputs: readonly ContactInput[], body: unknown): ContactOutcome[] {
  const outcomes: (ContactOutcome | undefined)[] = inputs.map(() => undefined);
  const byEmail = new Map(inputs.map((input, index) => [input.email, index]));
  const results = arrayField(body, 'results');
  const errors = arrayField(body, 'errors');
  const unplaced: ContactOutcome[] = [];
  for (const result of results) {
    const contactId = stringField(result, 'id');
    if (contactId === undefined) continue;
    const trace = stringField(result, 'objectWriteTraceId');
    const traced = trace !== undefined && /^\d+$/.test(trace) ? Number(trace) : undefined;
    const email = stringField(fieldOf(result, 'properties'), 'email')?.toLowerCase();
    const index = traced !== undefined && traced < inputs.length ? traced : email === undefined ? undefined : byEmail.get(email);
    const outcome: ContactOutcome = { ok: true, contactId, isNew: fieldOf(result, 'new') === true };
    if (index !== undefined) outcomes[index] = outcome;
    else unplaced.push(outcome);
  }
  // Results carrying neither key: by position, but only when every input has exactly one result and none failed.
  if (unplaced.length > 0 && errors.length === 0 && results.length === inputs.length) {
    outcomes.forEach((outcome, index) => {
      if (outcome === undefined) outcomes[index] = unplaced.shift();
    });
  }
  const unmatched: ContactOutcome[] = [];
  for (const entry of errors) {
    const detail = arrayField(entry, 'errors')[0];
    const category = stringField(entry, 'category') ?? 'ERROR';
    const outcome: ContactOutcome = {
      ok: false,
      code: `HUBSPOT_${(stringField(detail, 'code') ?? category).toUpperCase().replace(/[^A-Z0-9]+/g, '_')}`,
      message: stringField(entry, 'message') ?? stringField(detail, 'message') ?? 'HubSpot reported an error',
      category,
    };
    const ids = arrayField(fieldOf(entry, 'context'), 'ids').filter((id): id is string => typeof id === 'string');
    const indices = ids.map((id) => byEmail.get(id.trim().toLowerCase())).filter((index): index is number => index !== undefined);
    if (indices.length === 0) unmatched.push(outcome);
    for (const index of indices) if (outcomes[index] === undefined) outcomes[index] = outcome;
  }
  return outcomes.map((outcome) => outcome ?? unmatched[0] ?? {
    ok: false, code: 'HUBSPOT_NO_RESULT', message: 'HubSpot returned neither a result nor an error for this contact',
  });
}

interface HubspotErrorBody {
  readonly code: string;
  readonly category: string;
  /** HubSpot's message as is (comparable between answers). */
  readonly message: string;
  readonly correlationId: string | undefined;
}

function hubspotError(response: HttpResponse<unknown>): HubspotErrorBody {
  const category = stringField(response.body, 'category') ?? `HTTP_${response.status}`;
  const detail = arrayField(response.body, 'errors')[0];
  const correlationId = stringField(response.body, 'correlationId');
  const message = stringField(response.body, 'message') ?? (typeof response.body === 'string' ? response.body.slice(0, 300) : response.statusText);
  return { code: (stringField(detail, 'code') ?? category).toUpperCase().replace(/[^A-Z0-9]+/g, '_'), category, message, correlationId };
}

function failure(status: number, error: HubspotErrorBody): FlowError {
  const message = `HubSpot answered ${status} ${error.category}: ${error.message}`
    + (error.correlationId === undefined ? '' : ` (correlationId ${error.correlationId})`);
  if (status >= 500) return new RetryableError(message, { code: 'HUBSPOT_UNAVAILABLE', httpStatus: status });
  return new FatalError(message, { code: `HUBSPOT_${error.category.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}`, httpStatus: status });
}

function fieldOf(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? Reflect.get(value, key) : undefined;
}

function stringField(value: unknown, key: string): string | undefined {
  const field = fieldOf(value, key);
  return typeof field === 'string' ? field : undefined;
}

function arrayField(value: unknown, key: string): readonly unknown[] {
  const field = fieldOf(value, key);
  return Array.isArray(field) ? field : [];
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(new FlowError('CANCELLED', 'HubSpot rate-limit wait cancelled'));
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new FlowError('CANCELLED', 'HubSpot rate-limit wait cancelled'));
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
