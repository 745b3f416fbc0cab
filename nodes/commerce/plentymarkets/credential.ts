import { defineCredentialType } from '../../sdk/index.js';
import { plentyLogin } from './auth.js';
import { plentyCredentialSchema } from './schema.js';

/**
 * plentymarkets (plentyONE) REST API: user name and password of a back-end user log in at `<system>/rest/login`
 * for a bearer token, cached until shortly before it expires. The credential test logs in.
 */
export const plentyCredential = defineCredentialType({
  type: 'plentymarketsApi',
  displayName: { en: 'plentymarkets REST API', de: 'plentymarkets-REST-API' },
  schema: plentyCredentialSchema,
  secretFields: ['password'],
  test: async (data, tools) => {
    await plentyLogin(tools.http, data);
  },
});
