import { z } from 'zod';
import { defineCredentialType } from '../sdk/index.js';

/** HTTP Basic authentication (RFC 7617). */
export const httpBasicCredential = defineCredentialType({
  type: 'httpBasic',
  displayName: { en: 'HTTP Basic auth', de: 'HTTP-Basic-Authentifizierung' },
  schema: z.object({
    user: z.string().min(1, 'the user must not be empty').refine((user) => !user.includes(':'), 'the user must not contain `:`')
      .meta({ title: 'User' }),
    password: z.string().meta({ title: 'Password' }),
  }),
  secretFields: ['password'],
});
