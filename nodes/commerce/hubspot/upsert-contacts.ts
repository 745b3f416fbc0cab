import { z } from 'zod';
import { defineNode, toFlowError } from '../../sdk/index.js';
import type { CredentialSlots, Emitted, JsonObject } from '../../sdk/index.js';
import { upsertBatch, type ContactInput, type ContactOutcome } from './batch.js';
import { hubspotBaseUrl, hubspotCredential } from './credential.js';

const MAX_BATCH = 100;

const params = z.object({
  email: z.string().optional().meta({
    title: 'E-mail', description: 'The contact\'s e-mail address (the upsert key), e.g. {{ $json.customer.email }}',
  }),
  properties: z.record(z.string(), z.unknown()).default({}).meta({
    title: 'Properties',
    description: 'HubSpot property name → value, e.g. { "firstname": "{{ $json.customer.firstName }}", "lifecyclestage": "customer" }',
  }),
  batchSize: z.coerce.number().int().min(1).max(MAX_BATCH).default(MAX_BATCH).meta({
    title: 'Batch size', description: `Contacts per request (HubSpot allows at most ${MAX_BATCH})`,
  }),
});

const credentials = { hubspot: { type: hubspotCredential, required: true } } satisfies CredentialSlots;

/**
 * `hubspot.upsertContacts` (all items at once): creates or updates one HubSpot contact per distinct e-mail with
 * `POST /crm/v3/objects/contacts/batch/upsert` (`idProperty: "email"`), in batches of `batchSize` (≤ 100).
 * Items with the same e-mail (case-insensitive) become one input; later items' properties win.
 *
 * Output, one item per input item, in input order: on `main` the input json plus
 * `hubspot: { email, contactId, new }`; on `failed` the input json plus `hubspot: { email, error: { code,
 * message, category? } }` for contacts HubSpot rejected (207 `errors[]`, or a 400 narrowed down to the input, see
 * batch.ts), items without an e-mail (`HUBSPOT_EMAIL_MISSING`) and items whose params did not evaluate. Failures
 * of the whole request (auth, 5xx, rate limit beyond 60 s) fail the node; see batch.ts.
 *
 * Property values: strings as they are, numbers and booleans as text, arrays joined with `;` (multi-select),
 * objects as JSON; `undefined` and `null` leave the property unchanged, `""` clears it.
 */
export const hubspotUpsertContacts = defineNode({
  type: 'hubspot.upsertContacts',
  version: 1,
  displayName: 'HubSpot: upsert contacts',
  description: 'Creates or updates HubSpot contacts by e-mail, in batches of up to 100',
  group: 'commerce',
  icon: 'users',
  mode: 'allItems',
  outputs: ['main', 'failed'],
  params,
  credentials,
  translations: {
    de: {
      displayName: 'HubSpot: Kontakte anlegen/aktualisieren',
      description: 'Legt HubSpot-Kontakte per E-Mail-Adresse an oder aktualisiert sie, in Stapeln bis 100',
      params: {
        email: { label: 'E-Mail', description: 'E-Mail-Adresse des Kontakts (Schlüssel), z. B. {{ $json.customer.email }}' },
        properties: {
          label: 'Eigenschaften',
          description: 'HubSpot-Eigenschaft → Wert, z. B. { "firstname": "{{ $json.customer.firstName }}" }',
        },
        batchSize: { label: 'Stapelgröße', description: 'Kontakte je Anfrage (HubSpot erlaubt höchstens 100)' },
      },
    },
  },
  run: async (ctx) => {
    if (ctx.items.length === 0) return [];
    const credential = await ctx.credential('hubspot');
    const outcomes: ContactOutcome[] = [];
    const emails: string[] = [];
    const unique = new Map<string, { properties: Record<string, string>; indices: number[] }>();
    let batchSize = MAX_BATCH;

    ctx.items.forEach((_item, index) => {
      let evaluated;
      try {
        evaluated = ctx.paramsAt(index);
      } catch (error) {
        const failure = toFlowError(error);
        emails[index] = '';
        outcomes[index] = { ok: false, code: failure.code, message: failure.message };
        return;
      }
      if (index === 0) batchSize = evaluated.batchSize;
      const email = (evaluated.email ?? '').trim().toLowerCase();
      emails[index] = email;
      if (email === '') {
        outcomes[index] = { ok: false, code: 'HUBSPOT_EMAIL_MISSING', message: `item ${index} has no e-mail address (param "email")` };
        return;
      }
      const entry = unique.get(email) ?? { properties: {}, indices: [] };
      Object.assign(entry.properties, hubspotProperties(evaluated.properties));
      entry.indices.push(index);
      unique.set(email, entry);
    });

    const client = { http: ctx.http, url: hubspotBaseUrl(credential), token: credential.accessToken, signal: ctx.signal, logger: ctx.logger };
    const entries = [...unique.entries()];
    for (let start = 0; start < entries.length; start += batchSize) {
      const chunk = entries.slice(start, start + batchSize);
      const inputs: ContactInput[] = chunk.map(([email, entry]) => ({ email, properties: entry.properties }));
      const results = await upsertBatch(client, inputs);
      chunk.forEach(([, entry], position) => {
        const outcome = results[position];
        if (outcome !== undefined) for (const index of entry.indices) outcomes[index] = outcome;
      });
    }

    return ctx.items.map((item, index): Emitted => {
      const outcome = outcomes[index] ?? { ok: false, code: 'HUBSPOT_NO_RESULT', message: 'no result' };
      const email = emails[index] ?? '';
      const hubspot: JsonObject = outcome.ok
        ? { email, contactId: outcome.contactId, new: outcome.isNew }
        : {
          email,
          error: {
            code: outcome.code, message: outcome.message,
            ...(outcome.category !== undefined && { category: outcome.category }),
            ...(outcome.httpStatus !== undefined && { httpStatus: outcome.httpStatus }),
          },
        };
      return ctx.emit({ ...item.json, hubspot }, { output: outcome.ok ? 'main' : 'failed', pairedIndex: index });
    });
  },
});

/** Property values as HubSpot strings; undefined and null are left out. */
function hubspotProperties(values: Readonly<Record<string, unknown>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(values)) {
    if (value === undefined || value === null) continue;
    if (typeof value === 'string') out[name] = value;
    else if (Array.isArray(value)) out[name] = value.map((entry) => (typeof entry === 'string' ? entry : JSON.stringify(entry))).join(';');
    else if (typeof value === 'object') out[name] = JSON.stringify(value);
    else out[name] = String(value);
  }
  return out;
}
