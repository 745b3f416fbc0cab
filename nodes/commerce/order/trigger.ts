import { z } from 'zod';
import { FatalError, isJsonObject, type JsonObject, type JsonValue, type PerItemContext } from '../../sdk/index.js';
import { webhookPathSchema } from '../../webhook/path.js';
import '../services.js';
import type { NormaliseOptions } from './build.js';
import type { Order } from './schema.js';

/**
 * What the four order triggers share: params, the run (payload → common order → order history → one item) and
 * their German texts. Each trigger folder declares its node with these.
 */

export const orderTriggerParams = {
  path: webhookPathSchema.meta({ title: 'Path', description: 'The shop calls /webhook/<path>', examples: ['shop/orders'] }),
  shop: z.string().min(1).max(100).meta({
    title: 'Shop name',
    description: 'The order\'s `shop` field and the order history key (set different names for several shops of one system)',
  }),
  skipKnownOrders: z.boolean().default(true).meta({
    title: 'Skip known orders',
    description: 'An order already in the order history (same shop and order id, recorded by another run) starts nothing further',
  }),
};

export const orderTriggerParamsDe = {
  path: { label: 'Pfad', description: 'Der Shop ruft /webhook/<Pfad> auf' },
  shop: { label: 'Shop-Name', description: 'Feld `shop` der Bestellung und Schlüssel der Bestellhistorie (bei mehreren Shops eines Systems verschiedene Namen wählen)' },
  skipKnownOrders: { label: 'Bekannte Bestellungen überspringen', description: 'Eine Bestellung, die schon in der Bestellhistorie steht (gleicher Shop und gleiche Bestell-ID, von einem anderen Lauf erfasst), löst nichts weiter aus' },
} as const;

export const secretParam = z.string().min(1).meta({ title: 'Signing secret', description: 'The secret the shop signs its webhooks with' });

/** A webhook request item `{ body, headers, ... }`; a bare payload (flowwerk run --input) is taken as the body. */
export function payloadOf(json: JsonObject): JsonValue {
  return 'body' in json && isJsonObject(json.headers) ? (json.body ?? null) : json;
}

/** The order as item json: the same object, typed for the engine (absent optional fields are left out). */
export function orderJson(order: Order): JsonObject {
  const json: JsonObject = {};
  for (const [key, value] of Object.entries(order)) if (value !== undefined) json[key] = jsonValue(value);
  return json;
}

function jsonValue(value: unknown): JsonValue {
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (Array.isArray(value)) return value.map(jsonValue);
  if (typeof value === 'object') {
    const out: JsonObject = {};
    for (const [key, inner] of Object.entries(value)) if (inner !== undefined) out[key] = jsonValue(inner);
    return out;
  }
  throw new FatalError(`order field of type ${typeof value} is not JSON`, { code: 'ORDER_INVALID' });
}

export type Normaliser = (payload: JsonValue, options: NormaliseOptions) => Order;

/**
 * The run of an order trigger: normalise (ORDER_INVALID naming the field), record in the order history when the
 * host has one, and output the order — or nothing when `skipKnownOrders` and another run recorded it before.
 * Test calls from the editor (mode `test`) are not recorded and never skipped.
 */
export async function runOrderTrigger(
  ctx: PerItemContext<{ readonly shop: string; readonly skipKnownOrders: boolean }, Record<never, never>>,
  normalise: Normaliser,
): Promise<JsonObject | null> {
  const order = normalise(payloadOf(ctx.item.json), { shop: ctx.params.shop });
  const history = ctx.services.orders;
  if (history !== undefined && ctx.execution.mode !== 'test') {
    const recorded = await history.record(order, ctx.execution.id, ctx.now());
    if (recorded.status === 'known' && recorded.executionId !== ctx.execution.id && ctx.params.skipKnownOrders) {
      ctx.logger.info('order already known: skipped', { shop: order.shop, orderId: order.orderId, recordedBy: recorded.executionId });
      return null;
    }
  }
  return orderJson(order);
}
