import { z } from 'zod';
import { defineNode } from '../sdk/index.js';
import type { JsonValue } from '../sdk/index.js';
import { passAllThrough } from '../noop/pass-through.js';
import { toJsonValue } from '../set/to-json.js';

const params = z.object({
  status: z.int().min(100).max(599).default(200).meta({ title: 'Status code' }),
  body: z
    .unknown()
    .optional()
    .meta({ title: 'Body', description: 'JSON or text; default: the first item\'s json (or every item\'s, see Respond with)' }),
  respondWith: z
    .enum(['firstItem', 'allItems'])
    .default('firstItem')
    .meta({ title: 'Respond with', description: 'Without a body: the first item\'s json, or an array of every item\'s json' }),
  headers: z.record(z.string().min(1), z.string()).default({}).meta({ title: 'Headers' }),
});

/**
 * Answers the webhook call that started the run (webhook `responseMode: respondNode`), once, with params read
 * for the first item; then passes every item on unchanged. Without a responder (not started by a webhook, or the
 * CLI) it only passes the items on.
 */
export default defineNode({
  type: 'respond',
  version: 1,
  displayName: 'Respond to webhook',
  description: 'Answers the webhook call that started the run',
  group: 'flow',
  mode: 'allItems',
  params,
  translations: {
    de: {
      displayName: 'Auf Webhook antworten',
      description: 'Beantwortet den Webhook-Aufruf, der den Lauf gestartet hat',
      params: {
        status: { label: 'Statuscode' },
        body: { label: 'Inhalt', description: 'JSON oder Text; sonst das JSON des ersten Elements (oder aller, siehe Antworten mit)' },
        respondWith: { label: 'Antworten mit', description: 'Ohne Inhalt: JSON des ersten Elements oder ein Array aller' },
        headers: { label: 'Header' },
      },
    },
  },
  run: (ctx) => {
    const responder = ctx.services.webhook;
    if (responder !== undefined) {
      const { status, body, respondWith, headers } = ctx.params;
      responder.respond({ status, headers, body: responseBody(body, respondWith, ctx.items.map((item) => item.json)) });
    }
    return passAllThrough(ctx.items, (json, options) => ctx.emit(json, options));
  },
});

function responseBody(body: unknown, respondWith: 'firstItem' | 'allItems', items: JsonValue[]): JsonValue {
  if (body !== undefined) return toJsonValue(body);
  if (respondWith === 'allItems') return items;
  return items[0] ?? {};
}
