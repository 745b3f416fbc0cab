import { z } from 'zod';

/**
 * Fields every commerce credential type carries: a sandbox/production switch and an optional base URL that
 * replaces the provider's host (tests point it at a local stand-in; self-hosted or regional endpoints too).
 * Spread into a credential schema: `z.object({ ...providerEndpointFields, apiKey: ... })`.
 */
export const providerEndpointFields = {
  sandbox: z.boolean().default(true).meta({ title: 'Sandbox', description: 'Use the provider\'s sandbox/test system' }),
  baseUrl: z
    .url({ protocol: /^https?$/, error: 'baseUrl must be an http(s) URL' })
    .optional()
    .meta({ title: 'Base URL', description: 'Overrides the provider\'s URL (leave empty for the default)' }),
};

export interface ProviderEndpoint {
  readonly sandbox: boolean;
  readonly baseUrl?: string | undefined;
}

/** The base URL a request goes to: the override when set, else the sandbox or production URL; no trailing slash. */
export function providerBaseUrl(endpoint: ProviderEndpoint, urls: { readonly production: string; readonly sandbox: string }): string {
  const chosen = endpoint.baseUrl ?? (endpoint.sandbox ? urls.sandbox : urls.production);
  return chosen.replace(/\/+$/, '');
}
