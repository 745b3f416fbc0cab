import { z } from 'zod';
import { defineNode } from '../sdk/index.js';
import type { CredentialSlots } from '../sdk/index.js';
import {
  httpAuthHeaders, httpBasicCredential, httpBearerCredential, httpHeaderCredential, type HttpAuth,
} from '../credentials/index.js';
import { responseToEmission } from './response.js';

const params = z.object({
  method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']).default('GET').meta({ title: 'Method' }),
  url: z.string().min(1, 'the URL must not be empty').meta({ title: 'URL', description: 'http(s)://…; may use expressions' }),
  headers: z.record(z.string(), z.string()).default({}).meta({ title: 'Headers', description: 'Name → value' }),
  query: z
    .record(z.string(), z.union([z.string(), z.number(), z.boolean()]))
    .default({})
    .meta({ title: 'Query parameters', description: 'Name → value, appended to the URL' }),
  body: z.unknown().optional().meta({ title: 'Body', description: 'e.g. {{ $json }}; strings are sent as they are' }),
  bodyType: z.enum(['json', 'form', 'text']).default('json').meta({ title: 'Body type' }),
  responseType: z.enum(['json', 'text', 'binary']).default('json').meta({
    title: 'Response type', description: 'binary stores the answer as binary `data` (files, PDFs)',
  }),
  fullResponse: z.boolean().default(false).meta({ title: 'Full response', description: 'Output { status, headers, body }' }),
  timeoutMs: z.number().int().min(1).max(600_000).default(30_000).meta({ title: 'Timeout (ms)', description: 'Per attempt' }),
  sendIdempotencyKey: z.boolean().default(true).meta({
    title: 'Send Idempotency-Key', description: 'The same key on every retry of this item, so the server can drop repeats',
  }),
});

/** Each slot is optional; every slot that is set adds its headers (a header credential last, so it can override). */
const credentials = {
  basicAuth: { type: httpBasicCredential },
  bearerAuth: { type: httpBearerCredential },
  headerAuth: { type: httpHeaderCredential },
} satisfies CredentialSlots;

/**
 * Calls an HTTP API once per item through `ctx.http` (timeouts, Idempotency-Key). Output: see
 * `responseToEmission`. A non-2xx answer fails the item with its status and a body excerpt (HttpError);
 * 429/5xx and network errors are retryable, so the node's `retry` policy repeats them; 4xx never.
 */
export default defineNode({
  type: 'httpRequest',
  version: 1,
  displayName: 'HTTP request',
  description: 'Calls any HTTP API and outputs its answer',
  group: 'action',
  icon: 'globe',
  params,
  credentials,
  translations: {
    de: {
      displayName: 'HTTP-Anfrage',
      description: 'Ruft eine beliebige HTTP-API auf und gibt die Antwort aus',
      params: {
        method: { label: 'Methode' },
        url: { label: 'URL', description: 'http(s)://…; Ausdrücke möglich' },
        headers: { label: 'Header', description: 'Name → Wert' },
        query: { label: 'Query-Parameter', description: 'Name → Wert, an die URL angehängt' },
        body: { label: 'Body', description: 'z. B. {{ $json }}; Texte werden unverändert gesendet' },
        bodyType: { label: 'Body-Typ' },
        responseType: { label: 'Antworttyp', description: 'binary speichert die Antwort als Binärdaten `data` (Dateien, PDFs)' },
        fullResponse: { label: 'Vollständige Antwort', description: 'Ausgabe { status, headers, body }' },
        timeoutMs: { label: 'Zeitlimit (ms)', description: 'Pro Versuch' },
        sendIdempotencyKey: { label: 'Idempotency-Key senden', description: 'Derselbe Schlüssel bei jeder Wiederholung dieses Elements' },
      },
    },
  },
  run: async (ctx) => {
    const p = ctx.params;
    const auths: HttpAuth[] = [];
    if (ctx.hasCredential('basicAuth')) auths.push({ type: 'httpBasic', data: await ctx.credential('basicAuth') });
    if (ctx.hasCredential('bearerAuth')) auths.push({ type: 'httpBearer', data: await ctx.credential('bearerAuth') });
    if (ctx.hasCredential('headerAuth')) auths.push({ type: 'httpHeader', data: await ctx.credential('headerAuth') });
    const headers = auths.reduce((merged, auth) => mergeHeaders(merged, httpAuthHeaders(auth)), { ...p.headers });
    const response = await ctx.http.request({
      method: p.method,
      url: p.url,
      headers,
      query: p.query,
      // An empty body field (as the editor leaves it) sends no body, so GET stays valid.
      body: p.body === '' ? undefined : p.body,
      bodyType: p.bodyType,
      responseType: p.responseType,
      timeoutMs: p.timeoutMs,
      ...(!p.sendIdempotencyKey && { idempotencyHeader: false }),
    });
    return responseToEmission(response, p.fullResponse, (json, options) => ctx.emit(json, options));
  },
});

/** `extra` over `base`, replacing names case-insensitively. */
function mergeHeaders(base: Record<string, string>, extra: Record<string, string>): Record<string, string> {
  const merged = { ...base };
  for (const [name, value] of Object.entries(extra)) {
    for (const existing of Object.keys(merged)) if (existing.toLowerCase() === name.toLowerCase()) delete merged[existing];
    merged[name] = value;
  }
  return merged;
}
