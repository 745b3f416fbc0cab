import { z } from 'zod';
import { defineNode, FatalError, type JsonObject, type PerItemContext } from '../../sdk/index.js';
import { bodyExcerpt, providerFailure } from '../shared/provider-errors.js';
import { stockLineOf, stockLineParams, stockLineParamsDe } from '../shared/stock-line.js';
import { amazonAccessToken, forgetAmazonToken } from './auth.js';
import { amazonCredential } from './credential.js';
import { amazonBaseUrl, type AmazonCredentialData } from './schema.js';

const params = z.object({
  ...stockLineParams,
  productType: z.string().min(1, 'the product type must not be empty').default('PRODUCT').meta({
    title: 'Product type',
    description: 'Amazon product type of the listing (required by the API); PRODUCT works for offer-only updates',
  }),
  fulfillmentChannelCode: z.string().min(1).default('DEFAULT')
    .meta({ title: 'Fulfillment channel', description: 'DEFAULT = merchant fulfilled (the quantity applies to it)' }),
  operation: z.enum(['replace', 'merge']).default('replace')
    .meta({ title: 'Patch operation', description: 'replace sets fulfillment_availability to this one entry; merge changes only it' }),
  marketplaceIds: z.string().regex(/^[A-Z0-9]+(,[A-Z0-9]+)*$/, 'marketplace IDs separated by commas, e.g. A1PA6795UKMFR9,A13V1IB3VIYZZH').optional()
    .meta({ title: 'Marketplace IDs', description: 'Comma-separated; empty: the credential\'s marketplace' }),
  validateOnly: z.boolean().default(false)
    .meta({ title: 'Validate only', description: 'mode=VALIDATION_PREVIEW: Amazon checks the change without applying it (status VALID)' }),
  issueLocale: z.string().regex(/^[a-z]{2}_[A-Z]{2}$/, 'a locale like de_DE').default('de_DE')
    .meta({ title: 'Issue language', description: 'Locale of the issue messages, e.g. de_DE or en_US' }),
});

const issue = z.looseObject({
  code: z.string(),
  message: z.string(),
  severity: z.string(),
  attributeNames: z.array(z.string()).optional(),
  categories: z.array(z.string()).optional(),
});
const submission = z.object({
  sku: z.string(),
  status: z.enum(['ACCEPTED', 'INVALID', 'VALID']),
  submissionId: z.string(),
  issues: z.array(issue).optional(),
});
const errorList = z.object({ errors: z.array(z.object({ code: z.string(), message: z.string(), details: z.string().optional() })) });

type Params = z.output<typeof params>;
type Ctx = PerItemContext<Params, { amazon: { type: typeof amazonCredential; required: true } }>;

/**
 * `amazon.updateQuantity`: per input item, `PATCH /listings/2021-08-01/items/{sellerId}/{sku}` with a JSON Patch
 * of `/attributes/fulfillment_availability` (`[{ fulfillment_channel_code, quantity }]`). Output per SKU:
 * `{ sku, quantity, ok, status, submissionId, issues }`; `status` INVALID (with `issues`) is reported, not thrown.
 * Transport failures throw `AMAZON_*` codes (403 after a fresh token → AMAZON_AUTH_FAILED, 429 →
 * AMAZON_RATE_LIMITED, 400 → AMAZON_REQUEST_REJECTED). The LWA token is shared by all items and runs until it expires.
 */
export const amazonUpdateQuantity = defineNode({
  type: 'amazon.updateQuantity',
  version: 1,
  displayName: 'Amazon: Update Quantity',
  description: 'Sets the merchant-fulfilled quantity per SKU on Amazon (SP-API Listings Items PATCH)',
  group: 'commerce',
  params,
  credentials: { amazon: { type: amazonCredential, required: true } },
  translations: {
    de: {
      displayName: 'Amazon: Bestand aktualisieren',
      description: 'Setzt die Menge (Versand durch Händler) je SKU bei Amazon (SP-API Listings Items PATCH)',
      params: {
        ...stockLineParamsDe,
        productType: { label: 'Produkttyp', description: 'Amazon-Produkttyp des Angebots (von der API verlangt); PRODUCT genügt für reine Angebotsänderungen' },
        fulfillmentChannelCode: { label: 'Versandkanal', description: 'DEFAULT = Versand durch Händler (für ihn gilt die Menge)' },
        operation: { label: 'Patch-Operation', description: 'replace setzt fulfillment_availability auf diesen Eintrag; merge ändert nur ihn' },
        marketplaceIds: { label: 'Marktplatz-IDs', description: 'Durch Kommas getrennt; leer: der Marktplatz der Zugangsdaten' },
        validateOnly: { label: 'Nur prüfen', description: 'mode=VALIDATION_PREVIEW: Amazon prüft die Änderung, ohne sie zu übernehmen (Status VALID)' },
        issueLocale: { label: 'Sprache der Hinweise', description: 'Sprache der Meldungen, z. B. de_DE oder en_US' },
      },
    },
  },
  async run(ctx) {
    const { sku, quantity } = stockLineOf(ctx.params, ctx.item.json, ctx.itemIndex);
    const data = await ctx.credential('amazon');
    const answer = await patchListing(ctx, data, sku, quantity);
    const issues: JsonObject[] = (answer.issues ?? []).map((entry) => ({
      code: entry.code, message: entry.message, severity: entry.severity,
      attributeNames: entry.attributeNames ?? [], categories: entry.categories ?? [],
    }));
    return {
      sku,
      quantity,
      ok: answer.status !== 'INVALID',
      status: answer.status,
      submissionId: answer.submissionId,
      issues,
    };
  },
});

async function patchListing(ctx: Ctx, data: AmazonCredentialData, sku: string, quantity: number): Promise<z.output<typeof submission>> {
  const { params } = ctx;
  const url = `${amazonBaseUrl(data)}/listings/2021-08-01/items/${encodeURIComponent(data.sellerId)}/${encodeURIComponent(sku)}`;
  const body = {
    productType: params.productType,
    patches: [{
      op: params.operation,
      path: '/attributes/fulfillment_availability',
      value: [{ fulfillment_channel_code: params.fulfillmentChannelCode, quantity }],
    }],
  };
  const action = `Amazon patchListingsItem for SKU ${sku}`;
  for (let attempt = 1; ; attempt++) {
    const token = await amazonAccessToken(ctx.http, data, ctx.now());
    const response = await ctx.http.request<unknown>({
      method: 'PATCH',
      url,
      query: {
        marketplaceIds: params.marketplaceIds ?? data.marketplaceId,
        issueLocale: params.issueLocale,
        ...(params.validateOnly && { mode: 'VALIDATION_PREVIEW' }),
      },
      headers: { 'x-amz-access-token': token, Accept: 'application/json', 'User-Agent': 'flowwerk (Language=TypeScript)' },
      body,
      throwOnError: false,
      idempotencyHeader: false,
    });
    if ((response.status === 401 || response.status === 403) && attempt === 1) {
      forgetAmazonToken(data, token);
      continue;
    }
    if (response.status !== 200) {
      throw providerFailure({ provider: 'AMAZON', status: response.status, headers: response.headers, action, detail: errorText(response.body) });
    }
    const parsed = submission.safeParse(response.body);
    if (!parsed.success) {
      throw new FatalError(`${action}: unexpected answer ${bodyExcerpt(response.body)}`, { code: 'AMAZON_RESPONSE_INVALID' });
    }
    return parsed.data;
  }
}

function errorText(body: unknown): string {
  const parsed = errorList.safeParse(body);
  if (!parsed.success) return bodyExcerpt(body);
  return parsed.data.errors.map((error) => `${error.code}: ${error.message}${error.details ? ` (${error.details})` : ''}`).join('; ');
}
