import { z } from 'zod';
import { defineCredentialType } from '../sdk/index.js';

/** One request header carrying a secret (`X-API-Key: ...`, `Authorization: Token ...`). */
export const httpHeaderCredential = defineCredentialType({
  type: 'httpHeader',
  displayName: { en: 'HTTP header', de: 'HTTP-Header' },
  schema: z.object({
    name: z
      .string()
      .regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, 'a header name is letters, digits and -')
      .meta({ title: 'Header name', description: 'e.g. X-API-Key' }),
    value: z.string().min(1, 'the header value must not be empty').meta({ title: 'Header value' }),
  }),
  secretFields: ['value'],
});
