/**
 * Stand-in for DHL Parcel DE Shipping v2 ("Paket DE Versenden"), following the official OpenAPI 2.1.12
 * (shared/contracts/dhl-parcel-de.yaml) and the SDK fixtures. Start it, point a `dhlParcelDe` credential at it
 * (`standin.credential` is ready-made data for one), and assert on what it recorded.
 *
 *   const dhl = await startDhlParcelStandin();
 *   credentials: { dhlParcel: dhl.credential }            // { sandbox: true, baseUrl, apiKey, username, password }
 *   dhl.failNext(503, 2);                                  // the next two API calls answer 503
 *   expect(dhl.labelsCreated()).toBe(1);                   // labels actually produced, replays not counted
 *
 * Routes (below `baseUrl` = `url` + `/parcel/de/shipping/v2`, as at DHL):
 * - `POST /orders` (query `validate`, `mustEncode`, `docFormat` PDF|ZPL2, `printFormat`, `includeDocs`
 *   include|URL): the body is checked against the zod mirror of the spec's `ShipmentOrderRequest`
 *   (nodes/commerce/dhl/schema.ts); problems → 400 problem+json `{ status, items: [{ propertyPath, message }] }`.
 *   Then per shipment the backend rules below; answer 200 (one shipment) or 207 (several), or 400 when the only
 *   shipment was refused. Created items carry `shipmentNo`, `routingCode`, `label.b64` (a real one-page PDF
 *   naming the shipment; ZPL2 as `label.zpl2`; with includeDocs=URL a `label.url` served by `GET /labels`).
 *   Backend rules: billing number digits 11–12 must match the product's procedure (Error on `billingNumber`);
 *   weight limit 1 kg for V62KP/V62WP/V66WPI, 31.5 kg otherwise (Error on `details.weight`); V01PAK and
 *   V62KP/V62WP only to DEU (Error on `consignee.country`); international products to a country outside the EU
 *   need `customs` (Error on `customs`); a DEU postal code must have 5 digits (Error on
 *   `consignee.postalCode`); a street without any digit and no `addressHouse` gives the Warning "The house number
 *   entered could not be found." on `consignee` (an Error with `mustEncode=true`).
 *   `validate=true` checks only: no shipment numbers, no labels, no state.
 * - `DELETE /orders?profile=…&shipment=…[&shipment=…]`: cancels; unknown or cancelled numbers get
 *   `sstatus { title: 'UnknownShipmentNumber', statusCode: 204 }`; 200 / 207 / 400 as DHL.
 * - `GET /orders?shipment=…` reprints labels of active shipments; `GET /labels?token=<shipmentNo>` serves a PDF;
 *   `GET /` the version info of the fixture.
 * - `POST {url}/parcel/de/account/auth/ropc/v1/token` (form: grant_type=password, username, password,
 *   client_id = API key, client_secret): `{ access_token, token_type: 'Bearer', expires_in }`, else 401
 *   `{ error: 'invalid_grant' }`.
 *
 * Auth on every API route: header `dhl-api-key` must equal `apiKey`, and `Authorization` must be Basic
 * `username:password` or a Bearer token this stand-in issued; otherwise 401 problem+json `RequestStatus`.
 *
 * Idempotency memory (`idempotency: 'refNo'`, the default): a shipment whose `refNo` equals that of an active
 * shipment created earlier is not created again: the earlier item (same shipmentNo, same label) is answered.
 * DHL itself is not documented to do this (apis.md: assume it does not); `idempotency: 'none'` behaves like that.
 * Every request's `Idempotency-Key` header is recorded on the shipments it created.
 *
 * Injected failures: `failNext(status, times, { retryAfterSeconds, afterCreate, detail })` makes the next `times`
 * API calls answer `status` with a problem+json `RequestStatus` (429 with `Retry-After`, default 1 s). With
 * `afterCreate` the request is processed first (labels are created) and only the answer is replaced: a lost
 * response, the case the refNo memory protects against.
 *
 * Held answers: `holdNextAnswer()` makes the next `POST /orders` be processed (labels created) and then wait before
 * answering until `release()` is called or the client's connection closes (the caller died: the answer is never
 * sent, `answersLost()` counts it). `arrived` resolves once the labels of that request exist.
 */
import type { ServerResponse } from 'node:http';
import { requestProblems, PRODUCT_PROCEDURE, PRINT_FORMATS, DHL_PRODUCTS, type DhlProduct } from '../../nodes/commerce/dhl/schema.js';
import { labelPdf } from './dhl-pdf.js';
import { sendBody, sendJson, startHttpStandin, type HttpStandin, type RecordedRequest } from './http-server.js';

export const DHL_STANDIN_DEFAULTS = {
  apiKey: 'standin-dhl-api-key',
  username: 'user-valid',
  password: 'SandboxPasswort2023!',
  apiSecret: 'standin-dhl-api-secret',
} as const;

export interface DhlParcelStandinOptions {
  readonly apiKey?: string;
  readonly username?: string;
  readonly password?: string;
  readonly apiSecret?: string;
  readonly tokenLifetimeSeconds?: number;
  readonly idempotency?: 'refNo' | 'none';
}

export interface StandinShipment {
  readonly shipmentNo: string;
  readonly refNo: string | undefined;
  readonly product: string;
  readonly billingNumber: string;
  readonly consignee: Record<string, unknown>;
  readonly weightG: number;
  readonly idempotencyKey: string | undefined;
  readonly pdf: Buffer;
  readonly item: Record<string, unknown>;
  cancelled: boolean;
}

export interface FailureOptions {
  readonly retryAfterSeconds?: number;
  readonly afterCreate?: boolean;
  readonly detail?: string;
}

export interface DhlParcelStandin {
  readonly url: string;
  /** `url` + `/parcel/de/shipping/v2`: the credential's `baseUrl`. */
  readonly baseUrl: string;
  /** Data for a `dhlParcelDe` credential that this stand-in accepts (Basic auth). */
  readonly credential: { sandbox: boolean; baseUrl: string; apiKey: string; username: string; password: string };
  /** The underlying server: every request, and `on()` to override a route. */
  readonly http: HttpStandin;
  /** Every shipment created, in order (cancelled ones included). */
  readonly shipments: readonly StandinShipment[];
  /** How many labels were produced (replays by refNo and validate runs do not count). */
  labelsCreated(): number;
  /** Recorded `POST /orders` requests. */
  orderRequests(): RecordedRequest[];
  tokensIssued(): number;
  failNext(status: number, times?: number, options?: FailureOptions): void;
  /** Holds the answer of the next `POST /orders` after its labels were created (see the file comment). */
  holdNextAnswer(): HeldAnswer;
  /** Answers to `POST /orders` never sent because the client's connection closed during a hold. */
  answersLost(): number;
  close(): Promise<void>;
}

export interface HeldAnswer {
  /** Resolves when the held request has been processed (its labels exist) and its answer waits. */
  readonly arrived: Promise<void>;
  /** Sends the held answer (if the client is still connected). */
  release(): void;
}

interface Failure extends FailureOptions { readonly status: number }

const SHIPPING = '/parcel/de/shipping/v2';
const TOKEN = '/parcel/de/account/auth/ropc/v1/token';
const MAX_WEIGHT_G: Readonly<Record<DhlProduct, number>> = {
  V01PAK: 31500, V53WPAK: 31500, V54EPAK: 31500, V62WP: 1000, V62KP: 1000, V66WPI: 1000,
};
const PRINT_FORMAT_SET: ReadonlySet<string> = new Set(PRINT_FORMATS);
const NATIONAL: ReadonlySet<string> = new Set(['V01PAK', 'V62WP', 'V62KP']);
const EU: ReadonlySet<string> = new Set([
  'AUT', 'BEL', 'BGR', 'HRV', 'CYP', 'CZE', 'DNK', 'EST', 'FIN', 'FRA', 'DEU', 'GRC', 'HUN', 'IRL', 'ITA', 'LVA', 'LTU',
  'LUX', 'MLT', 'NLD', 'POL', 'PRT', 'ROU', 'SVK', 'SVN', 'ESP', 'SWE',
]);
const TITLES: Readonly<Record<number, string>> = {
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 429: 'Too Many Requests',
  500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Timeout',
};

export async function startDhlParcelStandin(options: DhlParcelStandinOptions = {}): Promise<DhlParcelStandin> {
  const config = { ...DHL_STANDIN_DEFAULTS, ...options };
  const http = await startHttpStandin();
  const shipments: StandinShipment[] = [];
  const failures: Failure[] = [];
  const holds: { readonly arrived: () => void; readonly released: Promise<void> }[] = [];
  let answersLost = 0;
  const tokens = new Set<string>();
  let sequence = 0;
  let tokenCount = 0;

  const authorized = (request: RecordedRequest, response: ServerResponse): boolean => {
    const authorization = request.headers.authorization ?? '';
    const basic = `Basic ${Buffer.from(`${config.username}:${config.password}`, 'utf8').toString('base64')}`;
    const ok = request.headers['dhl-api-key'] === config.apiKey
      && (authorization === basic || (authorization.startsWith('Bearer ') && tokens.has(authorization.slice(7))));
    if (!ok) problem(response, 401, 'Unauthorized for given resource.');
    return ok;
  };

  /** Sends an injected failure when one is due; `phase` says whether the request was processed already. */
  const injected = (response: ServerResponse, phase: 'before' | 'after'): boolean => {
    const next = failures[0];
    if (next === undefined || (next.afterCreate === true) !== (phase === 'after')) return false;
    failures.shift();
    const headers: Record<string, string> = {};
    if (next.status === 429 || next.retryAfterSeconds !== undefined) headers['retry-after'] = String(next.retryAfterSeconds ?? 1);
    problem(response, next.status, next.detail ?? (next.status === 429 ? 'Rate limit exceeded.' : 'Injected failure.'), headers);
    return true;
  };

  const create = async (request: RecordedRequest, response: ServerResponse): Promise<void> => {
    if (!authorized(request, response) || injected(response, 'before')) return;
    let body: unknown;
    try {
      body = request.json();
    } catch {
      schemaError(response, [{ propertyPath: '', message: 'The request body is not valid JSON.' }]);
      return;
    }
    const queryProblems = checkQuery(request);
    const problems = [...queryProblems, ...requestProblems(body)];
    if (problems.length > 0) {
      schemaError(response, problems);
      return;
    }
    const validateOnly = request.query.validate === 'true';
    const mustEncode = request.query.mustEncode === 'true';
    const zpl = request.query.docFormat === 'ZPL2';
    const asUrl = request.query.includeDocs === 'URL';
    const list = shipmentsOf(body);
    const items = list.map((shipment) => {
      const messages = backendMessages(shipment, mustEncode);
      if (messages.some((message) => message.validationState === 'Error')) {
        return { sstatus: { title: 'Bad Request', statusCode: 400, status: 400 }, validationMessages: messages };
      }
      const withMessages = messages.length > 0 ? { validationMessages: messages } : {};
      if (validateOnly) return { sstatus: { title: 'OK', statusCode: 200, status: 200 }, ...withMessages };
      const refNo = typeof shipment.refNo === 'string' ? shipment.refNo : undefined;
      const earlier = config.idempotency !== 'none' && refNo !== undefined
        ? shipments.find((existing) => existing.refNo === refNo && !existing.cancelled)
        : undefined;
      if (earlier !== undefined) return earlier.item;
      sequence++;
      const shipmentNo = `00340434161094${String(sequence).padStart(11, '0')}`;
      const consignee = record(shipment.consignee);
      const pdf = labelPdf(['DHL PAKET (stand-in)', `Sendung ${shipmentNo}`, `Ref ${refNo ?? '-'}`, String(consignee.name1 ?? consignee.name ?? '')]);
      const label = asUrl
        ? { url: `${http.url}${SHIPPING}/labels?token=${shipmentNo}`, fileFormat: 'PDF' }
        : zpl
          ? { zpl2: `^XA^FO50,50^ADN,36,20^FD${shipmentNo}^FS^XZ`, fileFormat: 'ZPL2', printFormat: request.query.printFormat ?? '910-300-710' }
          : { b64: pdf.toString('base64'), fileFormat: 'PDF', printFormat: request.query.printFormat ?? '910-300-710' };
      const item = {
        shipmentNo,
        routingCode: `${String(consignee.postalCode ?? '00000')}+99000943058020`,
        sstatus: { title: 'OK', statusCode: 200, status: 200 },
        ...(refNo !== undefined && { shipmentRefNo: refNo }),
        label,
        ...withMessages,
      };
      const key = request.headers['idempotency-key'];
      shipments.push({
        shipmentNo, refNo, product: String(shipment.product), billingNumber: String(shipment.billingNumber), consignee,
        weightG: weightInGrams(shipment), idempotencyKey: typeof key === 'string' ? key : undefined, pdf, item, cancelled: false,
      });
      return item;
    });
    const hold = holds.shift();
    if (hold !== undefined) {
      const gone = new Promise<'gone'>((resolve) => response.once('close', () => resolve('gone')));
      hold.arrived();
      if (await Promise.race([hold.released.then(() => 'released' as const), gone]) === 'gone' || response.destroyed) {
        answersLost++;
        return;
      }
    }
    if (injected(response, 'after')) return;
    const created = items.filter((item) => record(record(item).sstatus).status === 200).length;
    const verb = validateOnly ? 'validated' : 'created';
    const detail = `${created} of ${items.length} shipment${items.length === 1 ? '' : 's'} successfully ${verb}.`;
    answerItems(response, items.length, created, detail, items);
  };

  const cancel = (request: RecordedRequest, response: ServerResponse): void => {
    if (!authorized(request, response) || injected(response, 'before')) return;
    const numbers = request.queryAll.getAll('shipment');
    const problems: { propertyPath: string; message: string }[] = [];
    if (request.query.profile === undefined || request.query.profile === '') problems.push({ propertyPath: 'profile', message: 'Parameter profile is mandatory.' });
    if (numbers.length === 0 || numbers.length > 30) problems.push({ propertyPath: 'shipment', message: 'Between 1 and 30 shipment numbers are required.' });
    if (problems.length > 0) {
      schemaError(response, problems);
      return;
    }
    const items = numbers.map((shipmentNo) => {
      const found = shipments.find((shipment) => shipment.shipmentNo === shipmentNo && !shipment.cancelled);
      if (found === undefined) {
        return { shipmentNo, sstatus: { title: 'UnknownShipmentNumber', statusCode: 204, detail: 'Unknown shipment number.' } };
      }
      found.cancelled = true;
      return { shipmentNo, sstatus: { title: 'OK', statusCode: 200, status: 200 } };
    });
    if (injected(response, 'after')) return;
    const done = items.filter((item) => item.sstatus.statusCode === 200).length;
    answerItems(response, items.length, done, `${done} of ${items.length} shipment${items.length === 1 ? '' : 's'} successfully canceled.`, items);
  };

  const reprint = (request: RecordedRequest, response: ServerResponse): void => {
    if (!authorized(request, response) || injected(response, 'before')) return;
    const items = request.queryAll.getAll('shipment').map((shipmentNo) => {
      const found = shipments.find((shipment) => shipment.shipmentNo === shipmentNo && !shipment.cancelled);
      return found === undefined
        ? { shipmentNo, sstatus: { title: 'UnknownShipmentNumber', statusCode: 204, detail: 'Unknown shipment number.' } }
        : { shipmentNo, sstatus: { title: 'OK', statusCode: 200, status: 200 }, label: { b64: found.pdf.toString('base64'), fileFormat: 'PDF' } };
    });
    const found = items.filter((item) => item.sstatus.statusCode === 200).length;
    answerItems(response, items.length, found, `${found} of ${items.length} shipment${items.length === 1 ? '' : 's'} found.`, items);
  };

  const token = (request: RecordedRequest, response: ServerResponse): void => {
    const form = new URLSearchParams(request.text());
    const ok = form.get('grant_type') === 'password' && form.get('username') === config.username
      && form.get('password') === config.password && form.get('client_id') === config.apiKey
      && form.get('client_secret') === config.apiSecret;
    if (!ok) {
      sendJson(response, 401, { error: 'invalid_grant', error_description: 'Invalid user credentials' });
      return;
    }
    tokenCount++;
    const accessToken = `dhl-standin-token-${tokenCount}`;
    tokens.add(accessToken);
    sendJson(response, 200, { access_token: accessToken, token_type: 'Bearer', expires_in: config.tokenLifetimeSeconds ?? 1799 });
  };

  http
    .on('GET', `${SHIPPING}`, (request, response) => {
      if (!authorized(request, response)) return;
      sendJson(response, 200, {
        amp: { name: 'pp-parcel-shipping-native', version: 'v0.5.3', rev: '14', env: 'sandbox' },
        backend: { version: '3.3.2', env: 'Versenden' },
      });
    })
    .on('POST', `${SHIPPING}/orders`, create)
    .on('DELETE', `${SHIPPING}/orders`, cancel)
    .on('GET', `${SHIPPING}/orders`, reprint)
    .on('GET', `${SHIPPING}/labels`, (request, response) => {
      const found = shipments.find((shipment) => shipment.shipmentNo === request.query.token);
      if (found === undefined) problem(response, 404, 'Label not found.');
      else sendBody(response, 200, found.pdf, { 'content-type': 'application/pdf' });
    })
    .on('POST', TOKEN, token);

  const baseUrl = http.url + SHIPPING;
  return {
    url: http.url,
    baseUrl,
    credential: { sandbox: true, baseUrl, apiKey: config.apiKey, username: config.username, password: config.password },
    http,
    shipments,
    labelsCreated: () => shipments.length,
    orderRequests: () => http.requests.filter((request) => request.method === 'POST' && request.path === `${SHIPPING}/orders`),
    tokensIssued: () => tokenCount,
    failNext(status, times = 1, failure = {}) {
      for (let index = 0; index < times; index++) failures.push({ status, ...failure });
    },
    holdNextAnswer() {
      let arrived = (): void => {};
      let release = (): void => {};
      const arrival = new Promise<void>((resolve) => { arrived = resolve; });
      const released = new Promise<void>((resolve) => { release = resolve; });
      holds.push({ arrived, released });
      return { arrived: arrival, release };
    },
    answersLost: () => answersLost,
    close: () => http.close(),
  };
}

function checkQuery(request: RecordedRequest): { propertyPath: string; message: string }[] {
  const problems: { propertyPath: string; message: string }[] = [];
  const { docFormat, printFormat, includeDocs } = request.query;
  if (docFormat !== undefined && docFormat !== 'PDF' && docFormat !== 'ZPL2') problems.push({ propertyPath: 'docFormat', message: 'docFormat must be PDF or ZPL2.' });
  if (printFormat !== undefined && !PRINT_FORMAT_SET.has(printFormat)) {
    problems.push({ propertyPath: 'printFormat', message: `printFormat ${printFormat} is not supported.` });
  }
  if (includeDocs !== undefined && includeDocs !== 'include' && includeDocs !== 'URL') problems.push({ propertyPath: 'includeDocs', message: 'includeDocs must be include or URL.' });
  return problems;
}

interface ValidationMessage { property: string; validationMessage: string; validationState: 'Warning' | 'Error' }

function backendMessages(shipment: Record<string, unknown>, mustEncode: boolean): ValidationMessage[] {
  const messages: ValidationMessage[] = [];
  const product = String(shipment.product);
  const billing = String(shipment.billingNumber);
  const consignee = record(shipment.consignee);
  if (isProduct(product) && billing.slice(10, 12) !== PRODUCT_PROCEDURE[product]) {
    messages.push({ property: 'billingNumber', validationMessage: `The billing number ${billing} is not valid for product ${product}.`, validationState: 'Error' });
  }
  if (isProduct(product) && weightInGrams(shipment) > MAX_WEIGHT_G[product]) {
    messages.push({ property: 'details.weight', validationMessage: `The weight exceeds the maximum of ${MAX_WEIGHT_G[product] / 1000} kg for ${product}.`, validationState: 'Error' });
  }
  const country = consignee.country;
  if (NATIONAL.has(product) && country !== undefined && country !== 'DEU') {
    messages.push({ property: 'consignee.country', validationMessage: `The product ${product} is only available for consignees in Germany.`, validationState: 'Error' });
  }
  if (!NATIONAL.has(product) && typeof country === 'string' && !EU.has(country) && shipment.customs === undefined) {
    messages.push({ property: 'customs', validationMessage: `Customs details are required for shipments to ${country}.`, validationState: 'Error' });
  }
  if (country === 'DEU' && consignee.postalCode !== undefined && !/^\d{5}$/.test(String(consignee.postalCode))) {
    messages.push({ property: 'consignee.postalCode', validationMessage: 'The postal code entered is not valid.', validationState: 'Error' });
  }
  if ('addressStreet' in consignee && !/\d/.test(String(consignee.addressStreet)) && consignee.addressHouse === undefined) {
    messages.push({
      property: 'consignee',
      validationMessage: mustEncode ? 'The house number entered could not be found. The shipment is not codeable.' : 'The house number entered could not be found.',
      validationState: mustEncode ? 'Error' : 'Warning',
    });
  }
  return messages;
}

function isProduct(value: string): value is DhlProduct {
  return DHL_PRODUCTS.some((product) => product === value);
}

function weightInGrams(shipment: Record<string, unknown>): number {
  const weight = record(record(shipment.details).weight);
  const value = typeof weight.value === 'number' ? weight.value : 0;
  return weight.uom === 'kg' ? value * 1000 : value;
}

function shipmentsOf(body: unknown): Record<string, unknown>[] {
  const list = record(body).shipments;
  return Array.isArray(list) ? list.map(record) : [];
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? Object.fromEntries(Object.entries(value)) : {};
}

/** 200 for one successful item, 400 when the only item failed, 207 for several (problem+json unless all ok). */
function answerItems(response: ServerResponse, total: number, ok: number, detail: string, items: readonly unknown[]): void {
  const status = total > 1 ? 207 : ok === 1 ? 200 : 400;
  const title = status === 207 ? 'Multi-Status' : status === 200 ? 'OK' : 'Bad Request';
  const contentType = ok === total ? 'application/json' : 'application/problem+json';
  sendJson(response, status, { status: { title, statusCode: status, status, detail }, items }, { 'content-type': contentType });
}

function problem(response: ServerResponse, status: number, detail: string, headers: Record<string, string> = {}): void {
  const title = TITLES[status] ?? 'Error';
  sendJson(response, status, { title, statusCode: status, status, detail }, { 'content-type': 'application/problem+json', ...headers });
}

function schemaError(response: ServerResponse, items: readonly { propertyPath: string; message: string }[]): void {
  sendJson(response, 400, {
    status: { title: 'Bad Request', statusCode: 400, status: 400, detail: 'Your request contained technical errors as listed below.' },
    items,
  }, { 'content-type': 'application/problem+json' });
}
