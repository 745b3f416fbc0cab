import { defineCredentialType } from '../../sdk/index.js';
import { issueLwaToken } from './auth.js';
import { amazonCredentialSchema } from './schema.js';

/**
 * Amazon Selling Partner API: Login with Amazon (LWA) client id/secret and the seller's refresh token; the access
 * token goes in `x-amz-access-token` (SP-API no longer needs AWS SigV4). The credential test requests a token.
 */
export const amazonCredential = defineCredentialType({
  type: 'amazonSpApi',
  displayName: { en: 'Amazon Selling Partner API (LWA)', de: 'Amazon Selling Partner API (LWA)' },
  schema: amazonCredentialSchema,
  secretFields: ['clientSecret', 'refreshToken'],
  test: async (data, tools) => {
    await issueLwaToken(tools.http, data);
  },
});
