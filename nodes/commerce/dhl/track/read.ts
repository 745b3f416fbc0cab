/**
 * The unified tracking answer (`{ shipments: [{ id, service, status, events, destination, details }] }`,
 * schema `supermodelIoLogisticsTracking*`; no spec file is stored, fields per apis.md §1c) read leniently into the
 * node's output. `status.statusCode` ∈ pre-transit | transit | delivered | failure | unknown.
 */
import { z } from 'zod';
import type { JsonObject } from '../../../sdk/index.js';

const event = z.looseObject({
  timestamp: z.string().optional(),
  statusCode: z.string().optional(),
  status: z.string().optional(),
  description: z.string().optional(),
  location: z.looseObject({ address: z.looseObject({ addressLocality: z.string().optional() }).optional() }).optional(),
});

const trackingResponse = z.looseObject({
  shipments: z.array(z.looseObject({
    id: z.string().optional(),
    service: z.string().optional(),
    status: event.optional(),
    events: z.array(event).optional(),
    estimatedTimeOfDelivery: z.string().optional(),
  })).optional(),
});

export function readTracking(body: JsonObject, trackingNumber: string): JsonObject | undefined {
  const parsed = trackingResponse.safeParse(body);
  if (!parsed.success) return undefined;
  const shipment = parsed.data.shipments?.find((entry) => entry.id === trackingNumber) ?? parsed.data.shipments?.[0];
  if (shipment === undefined) return undefined;
  const status = shipment.status;
  const eventOf = (entry: z.output<typeof event>): JsonObject => ({
    timestamp: entry.timestamp ?? null,
    statusCode: entry.statusCode ?? 'unknown',
    status: entry.status ?? null,
    description: entry.description ?? null,
    location: entry.location?.address?.addressLocality ?? null,
  });
  return {
    trackingNumber: shipment.id ?? trackingNumber,
    found: true,
    status: status?.statusCode ?? 'unknown',
    statusText: status?.status ?? null,
    description: status?.description ?? null,
    timestamp: status?.timestamp ?? null,
    delivered: status?.statusCode === 'delivered',
    service: shipment.service ?? null,
    ...(shipment.estimatedTimeOfDelivery !== undefined && { estimatedDelivery: shipment.estimatedTimeOfDelivery }),
    events: (shipment.events ?? []).map(eventOf),
  };
}
