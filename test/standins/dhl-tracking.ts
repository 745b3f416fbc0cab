/**
 * Stand-in for DHL Shipment Tracking – Unified (`GET /track/shipments?trackingNumber=…`, apis.md §1c).
 *
 *   const tracking = await startDhlTrackingStandin({ parcel: dhl });   // numbers created in the DHL Parcel
 *   credentials: { dhlTracking: tracking.credential }                 // stand-in are known as pre-transit
 *   tracking.setShipment('0034…', { statusCode: 'delivered', events: [...] });
 *
 * - `baseUrl` = `url` + `/track/shipments` (the credential's `baseUrl`).
 * - Auth: header `DHL-API-Key` must equal `apiKey` (default `standin-dhl-tracking-key`), else 401
 *   `{ title: 'Unauthorized', status: 401, detail }` (problem JSON).
 * - No `trackingNumber` → 400; unknown number → 404 `{ title: 'No result found', status: 404, detail: 'No shipment
 *   with given tracking number found.' }`; known → 200 `{ shipments: [{ id, service, origin, destination, status:
 *   { timestamp, statusCode, status, description }, details, events }] }` (events newest first).
 * - `failNext(status, times, { retryAfterSeconds })` as in the DHL Parcel stand-in (429 sends `Retry-After`).
 */
import type { ServerResponse } from 'node:http';
import type { DhlParcelStandin } from './dhl-parcel.js';
import { sendJson, startHttpStandin, type HttpStandin } from './http-server.js';

export type TrackingStatusCode = 'pre-transit' | 'transit' | 'delivered' | 'failure' | 'unknown';

export interface TrackingEvent {
  readonly timestamp: string;
  readonly statusCode: TrackingStatusCode;
  readonly status?: string;
  readonly description: string;
  readonly location?: string;
}

export interface TrackedShipment {
  readonly statusCode: TrackingStatusCode;
  readonly description?: string;
  readonly postalCode?: string;
  readonly city?: string;
  readonly events?: readonly TrackingEvent[];
}

export interface DhlTrackingStandinOptions {
  readonly apiKey?: string;
  /** Numbers created in this DHL Parcel stand-in are known (pre-transit) unless set otherwise. */
  readonly parcel?: DhlParcelStandin;
}

export interface DhlTrackingStandin {
  readonly url: string;
  readonly baseUrl: string;
  readonly credential: { sandbox: boolean; baseUrl: string; apiKey: string };
  readonly http: HttpStandin;
  setShipment(trackingNumber: string, shipment: TrackedShipment): void;
  failNext(status: number, times?: number, options?: { retryAfterSeconds?: number }): void;
  close(): Promise<void>;
}

const STATUS_TEXT: Readonly<Record<TrackingStatusCode, string>> = {
  'pre-transit': 'The instruction data for this shipment have been provided by the sender to DHL electronically',
  transit: 'The shipment has been processed in the parcel center',
  delivered: 'The shipment has been successfully delivered',
  failure: 'The shipment could not be delivered',
  unknown: 'Unknown status',
};

export async function startDhlTrackingStandin(options: DhlTrackingStandinOptions = {}): Promise<DhlTrackingStandin> {
  const apiKey = options.apiKey ?? 'standin-dhl-tracking-key';
  const http = await startHttpStandin();
  const known = new Map<string, TrackedShipment>();
  const failures: { status: number; retryAfterSeconds?: number }[] = [];

  const problem = (response: ServerResponse, status: number, title: string, detail: string, headers: Record<string, string> = {}): void =>
    sendJson(response, status, { title, status, detail }, { 'content-type': 'application/problem+json', ...headers });

  http.on('GET', '/track/shipments', (request, response) => {
    if (request.headers['dhl-api-key'] !== apiKey) {
      problem(response, 401, 'Unauthorized', 'Unauthorized. Invalid or missing API key.');
      return;
    }
    const failure = failures.shift();
    if (failure !== undefined) {
      const headers: Record<string, string> = failure.status === 429 ? { 'retry-after': String(failure.retryAfterSeconds ?? 1) } : {};
      problem(response, failure.status, failure.status === 429 ? 'Too many requests' : 'Service Unavailable', 'Injected failure.', headers);
      return;
    }
    const number = request.query.trackingNumber;
    if (number === undefined || number === '') {
      problem(response, 400, 'Bad Request', 'trackingNumber is required.');
      return;
    }
    const created = options.parcel?.shipments.find((shipment) => shipment.shipmentNo === number);
    const shipment = known.get(number) ?? (created === undefined ? undefined : {
      statusCode: 'pre-transit' as const,
      postalCode: String(created.consignee.postalCode ?? ''),
      city: String(created.consignee.city ?? ''),
    });
    if (shipment === undefined) {
      problem(response, 404, 'No result found', 'No shipment with given tracking number found.');
      return;
    }
    const timestamp = '2026-11-28T10:30:00';
    const events = shipment.events ?? [{ timestamp, statusCode: shipment.statusCode, description: shipment.description ?? STATUS_TEXT[shipment.statusCode] }];
    const latest = events[0];
    sendJson(response, 200, {
      shipments: [{
        id: number,
        service: 'parcel-de',
        origin: { address: { countryCode: 'DE' } },
        destination: { address: { countryCode: 'DE', postalCode: shipment.postalCode ?? '', addressLocality: shipment.city ?? '' } },
        status: {
          timestamp: latest?.timestamp ?? timestamp,
          statusCode: shipment.statusCode,
          status: latest?.status ?? shipment.statusCode,
          description: shipment.description ?? latest?.description ?? STATUS_TEXT[shipment.statusCode],
        },
        details: { product: { productName: 'DHL PAKET' } },
        events: events.map((event) => ({
          timestamp: event.timestamp,
          statusCode: event.statusCode,
          status: event.status ?? event.statusCode,
          description: event.description,
          ...(event.location !== undefined && { location: { address: { addressLocality: event.location } } }),
        })),
      }],
    });
  });

  const baseUrl = `${http.url}/track/shipments`;
  return {
    url: http.url,
    baseUrl,
    credential: { sandbox: true, baseUrl, apiKey },
    http,
    setShipment: (trackingNumber, shipment) => { known.set(trackingNumber, shipment); },
    failNext(status, times = 1, failure = {}) {
      for (let index = 0; index < times; index++) failures.push({ status, ...failure });
    },
    close: () => http.close(),
  };
}
