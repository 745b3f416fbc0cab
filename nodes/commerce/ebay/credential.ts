import { defineCredentialType } from '../../sdk/index.js';
import { issueEbayToken } from './auth.js';
import { ebayCredentialSchema } from './schema.js';

/**
 * eBay OAuth2 user token: the refresh-token grant (client id/secret as HTTP Basic) issues a user access token,
 * cached until shortly before it expires. The credential test requests one.
 */
export const ebayCredential = defineCredentialType({
  type: 'ebayOAuth2',
  displayName: { en: 'eBay (OAuth2 user token)', de: 'eBay (OAuth2-Benutzertoken)' },
  schema: ebayCredentialSchema,
  secretFields: ['clientSecret', 'refreshToken'],
  test: async (data, tools) => {
    await issueEbayToken(tools.http, data);
  },
});
