/**
 * Stand-in for Hermes Germany HSI (apis.md §2): OAuth2 password grant and `POST /shipmentorders/labels`.
 *
 *   const hermes = await startHermesStandin();
 *   credentials: { hermes: hermes.credential }     // { sandbox, baseUrl: url + '/services/hsi', clientId, ... }
 *   expect(hermes.tokensIssued()).toBe(1);
 *
 * - `POST /authorization-facade/oauth2/access_token` (form `grant_type=password&username&password&client_id
 *   &client_secret`): 200 `{ access_token, token_type: 'bearer', expires_in }` (`tokenLifetimeSeconds`, default
 *   3600); wrong client → 401 `{ error: 'invalid_client' }`, wrong user/password → 400 `{ error: 'invalid_grant' }`.
 * - `POST /services/hsi/shipmentorders/labels`: `Authorization: Bearer` with a live token issued here, else 401
 *   `{ error: 'invalid_token' }`. `Accept` must be a label media type ending in `+json`, else 406. The body must
 *   have receiverName.lastname, receiverAddress street/zipCode/town/countryCode (alpha-2), parcel.parcelWeight
 *   (integer grams, 1–31500); problems → 400 `{ listOfResultCodes: [{ code: 'e001', message: '<field>: …' }] }`.
 *   A missing house number adds the warning `w030`. Success: 200 `{ listOfResultCodes, shipmentID (14 digits),
 *   shipmentOrderID, labelImage (base64 of a real one-page PDF), labelMediatype: 'application/pdf' }`.
 * - Idempotency memory: a `clientReference` seen before answers the earlier shipment again (no new label);
 *   `labelsCreated()` counts real creations.
 * - `failNext(status, times, { retryAfterSeconds })` for label calls (429 sends `Retry-After`);
 *   `expireTokens()` makes every issued token invalid (the next call gets 401).
 */
import { sendJson, startHttpStandin, type HttpStandin, type RecordedRequest } from './http-server.js';
import { labelPdf } from './dhl-pdf.js';

export interface HermesStandinOptions {
  readonly clientId?: string;
  readonly clientSecret?: string;
  readonly username?: string;
  readonly password?: string;
  readonly tokenLifetimeSeconds?: number;
}

export interface HermesShipment {
  readonly shipmentId: string;
  readonly clientReference: string | undefined;
  readonly body: Record<string, unknown>;
  readonly answer: Record<string, unknown>;
}

export interface HermesStandin {
  readonly url: string;
  readonly baseUrl: string;
  readonly credential: { sandbox: boolean; baseUrl: string; clientId: string; clientSecret: string; username: string; password: string };
  readonly http: HttpStandin;
  readonly shipments: readonly HermesShipment[];
  labelsCreated(): number;
  tokensIssued(): number;
  labelRequests(): RecordedRequest[];
  expireTokens(): void;
  failNext(status: number, times?: number, options?: { retryAfterSeconds?: number }): void;
  close(): Promise<void>;
}

const LABELS = '/services/hsi/shipmentorders/labels';
const TOKEN = '/authorization-facade/oauth2/access_token';

export async function startHermesStandin(options: HermesStandinOptions = {}): Promise<HermesStandin> {
  const config = {
    clientId: 'standin-hermes-client', clientSecret: 'standin-hermes-secret', username: 'hermes-user', password: 'hermes-password',
    ...options,
  };
  const http = await startHttpStandin();
  const tokens = new Set<string>();
  const shipments: HermesShipment[] = [];
  const failures: { status: number; retryAfterSeconds?: number }[] = [];
  let tokenCount = 0;

  http.on('POST', TOKEN, (request, response) => {
    const form = new URLSearchParams(request.text());
    if (form.get('grant_type') !== 'password') {
      sendJson(response, 400, { error: 'unsupported_grant_type', error_description: 'only grant_type=password' });
    } else if (form.get('client_id') !== config.clientId || form.get('client_secret') !== config.clientSecret) {
      sendJson(response, 401, { error: 'invalid_client', error_description: 'Client authentication failed' });
    } else if (form.get('username') !== config.username || form.get('password') !== config.password) {
      sendJson(response, 400, { error: 'invalid_grant', error_description: 'Bad credentials' });
    } else {
      tokenCount++;
      const token = `hermes-standin-token-${tokenCount}`;
      tokens.add(token);
      sendJson(response, 200, { access_token: token, token_type: 'bearer', expires_in: config.tokenLifetimeSeconds ?? 3600, scope: 'openid' });
    }
  });

  http.on('POST', LABELS, (request, response) => {
    const authorization = request.headers.authorization ?? '';
    if (!authorization.startsWith('Bearer ') || !tokens.has(authorization.slice(7))) {
      sendJson(response, 401, { error: 'invalid_token', error_description: 'Access token expired or invalid' });
      return;
    }
    const failure = failures.shift();
    if (failure !== undefined) {
      const headers: Record<string, string> = failure.status === 429 ? { 'retry-after': String(failure.retryAfterSeconds ?? 1) } : {};
      sendJson(response, failure.status, { listOfResultCodes: [{ code: 'e999', message: 'Injected failure.' }] }, headers);
      return;
    }
    const accept = request.headers.accept ?? '';
    if (!/^application\/shippinglabel-(pdf|zpl|data)\+json/.test(accept)) {
      sendJson(response, 406, { listOfResultCodes: [{ code: 'e406', message: `Accept ${accept} is not a label media type` }] });
      return;
    }
    let body: Record<string, unknown>;
    try {
      body = record(request.json());
    } catch {
      sendJson(response, 400, { listOfResultCodes: [{ code: 'e001', message: 'The request body is not JSON.' }] });
      return;
    }
    const problems = check(body);
    if (problems.length > 0) {
      sendJson(response, 400, {
        listOfResultCodes: [{ code: 'e001', message: 'The attributes do not correspond to the specification.' }, ...problems.map((message) => ({ code: 'e001', message }))],
      });
      return;
    }
    const clientReference = typeof body.clientReference === 'string' ? body.clientReference : undefined;
    const earlier = clientReference === undefined ? undefined : shipments.find((shipment) => shipment.clientReference === clientReference);
    if (earlier !== undefined) {
      sendJson(response, 200, earlier.answer);
      return;
    }
    const shipmentId = `H10${String(shipments.length + 1).padStart(11, '0')}`;
    const address = record(body.receiverAddress);
    const warnings = address.houseNumber === undefined || address.houseNumber === '' ? [{ code: 'w030', message: 'House number is missing.' }] : [];
    const pdf = labelPdf(['Hermes (stand-in)', `Sendung ${shipmentId}`, `Ref ${clientReference ?? '-'}`]);
    const answer = {
      listOfResultCodes: [{ code: 'i001', message: 'Shipment order created.' }, ...warnings],
      shipmentID: shipmentId,
      shipmentOrderID: String(52269002669 + shipments.length),
      labelImage: pdf.toString('base64'),
      labelMediatype: 'application/pdf',
      commInvoiceImage: '',
    };
    shipments.push({ shipmentId, clientReference, body, answer });
    sendJson(response, 200, answer);
  });

  const baseUrl = `${http.url}/services/hsi`;
  return {
    url: http.url,
    baseUrl,
    credential: { sandbox: true, baseUrl, clientId: config.clientId, clientSecret: config.clientSecret, username: config.username, password: config.password },
    http,
    shipments,
    labelsCreated: () => shipments.length,
    tokensIssued: () => tokenCount,
    labelRequests: () => http.requests.filter((request) => request.path === LABELS),
    expireTokens: () => tokens.clear(),
    failNext(status, times = 1, failure = {}) {
      for (let index = 0; index < times; index++) failures.push({ status, ...failure });
    },
    close: () => http.close(),
  };
}

function check(body: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const name = record(body.receiverName);
  const address = record(body.receiverAddress);
  const parcel = record(body.parcel);
  const text = (value: unknown): boolean => typeof value === 'string' && value.trim() !== '';
  if (!text(name.lastname)) problems.push('receiverName.lastname is mandatory.');
  for (const field of ['street', 'zipCode', 'town'] as const) if (!text(address[field])) problems.push(`receiverAddress.${field} is mandatory.`);
  if (typeof address.countryCode !== 'string' || !/^[A-Z]{2}$/.test(address.countryCode)) problems.push('receiverAddress.countryCode must be ISO 3166-1 alpha-2.');
  const weight = parcel.parcelWeight;
  if (typeof weight !== 'number' || !Number.isInteger(weight) || weight < 1 || weight > 31500) problems.push('parcel.parcelWeight must be an integer in grams (1–31500).');
  if (!text(parcel.productType)) problems.push('parcel.productType is mandatory.');
  return problems;
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? Object.fromEntries(Object.entries(value)) : {};
}
