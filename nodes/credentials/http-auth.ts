import type { z } from 'zod';
import type { httpBasicCredential } from './http-basic.js';
import type { httpBearerCredential } from './http-bearer.js';
import type { httpHeaderCredential } from './http-header.js';

/** Credential data of the three HTTP auth types, tagged by type so a switch over it is exhaustive. */
export type HttpAuth =
  | { readonly type: 'httpHeader'; readonly data: z.output<typeof httpHeaderCredential.schema> }
  | { readonly type: 'httpBasic'; readonly data: z.output<typeof httpBasicCredential.schema> }
  | { readonly type: 'httpBearer'; readonly data: z.output<typeof httpBearerCredential.schema> };

/** The request headers that carry `auth`; the caller merges them over its own. */
export function httpAuthHeaders(auth: HttpAuth): Record<string, string> {
  switch (auth.type) {
    case 'httpHeader':
      return { [auth.data.name]: auth.data.value };
    case 'httpBasic':
      return { Authorization: `Basic ${Buffer.from(`${auth.data.user}:${auth.data.password}`, 'utf8').toString('base64')}` };
    case 'httpBearer':
      return { Authorization: `Bearer ${auth.data.token}` };
    default: {
      const never: never = auth;
      throw new Error(`unknown HTTP auth ${JSON.stringify(never)}`);
    }
  }
}
