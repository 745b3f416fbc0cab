import { z } from 'zod';
import { providerEndpointFields } from '../shared/provider.js';

export const plentyCredentialSchema = z.object({
  ...providerEndpointFields,
  // Each plentymarkets customer has an own system URL (test systems too), so it is required here and the sandbox
  // switch only documents which kind of system it is.
  baseUrl: z.url({ protocol: /^https?$/, error: 'baseUrl must be the http(s) URL of your plentymarkets system' })
    .meta({ title: 'System URL', description: 'Your plentymarkets system, e.g. https://p12345.my.plentysystems.com (the REST API lives under /rest)' }),
  username: z.string().min(1, 'the user name must not be empty')
    .meta({ title: 'User name', description: 'A back-end user with REST API rights for stock management and items' }),
  password: z.string().min(1, 'the password must not be empty').meta({ title: 'Password' }),
});

export type PlentyCredentialData = z.output<typeof plentyCredentialSchema>;

/** The system URL without a trailing slash. */
export function plentyBaseUrl(data: PlentyCredentialData): string {
  return data.baseUrl.replace(/\/+$/, '');
}
