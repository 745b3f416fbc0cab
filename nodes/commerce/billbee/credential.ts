import { defineCredentialType } from '../../sdk/index.js';
import { bodyExcerpt, providerFailure } from '../shared/provider-errors.js';
import { billbeeBaseUrl, billbeeCredentialSchema, billbeeHeaders } from './schema.js';

/**
 * Billbee: developer API key (`X-Billbee-Api-Key`) plus HTTP Basic with the Billbee user and its API password.
 * The credential test lists one product.
 */
export const billbeeCredential = defineCredentialType({
  type: 'billbeeApi',
  displayName: { en: 'Billbee API', de: 'Billbee-API' },
  schema: billbeeCredentialSchema,
  secretFields: ['apiKey', 'apiPassword'],
  test: async (data, tools) => {
    const response = await tools.http.request<unknown>({
      url: `${billbeeBaseUrl(data)}/products`,
      query: { page: 1, pageSize: 1 },
      headers: billbeeHeaders(data),
      throwOnError: false,
      idempotencyHeader: false,
    });
    if (response.status < 200 || response.status >= 300) {
      throw providerFailure({ provider: 'BILLBEE', status: response.status, headers: response.headers, action: 'Billbee GET /products', detail: bodyExcerpt(response.body) });
    }
  },
});
