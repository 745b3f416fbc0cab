import { z } from 'zod';
import { defineCredentialType } from '../sdk/index.js';

/** A bearer token sent as `Authorization: Bearer <token>` (RFC 6750). */
export const httpBearerCredential = defineCredentialType({
  type: 'httpBearer',
  displayName: { en: 'HTTP Bearer token', de: 'HTTP-Bearer-Token' },
  schema: z.object({
    token: z.string().min(1, 'the token must not be empty').meta({ title: 'Token' }),
  }),
  secretFields: ['token'],
});
