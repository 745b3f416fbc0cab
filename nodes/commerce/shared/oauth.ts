import { z } from 'zod';
import { FatalError, type HttpClient } from '../../sdk/index.js';
import { bodyExcerpt, providerFailure } from './provider-errors.js';
import type { IssuedToken } from './token-cache.js';

export interface OAuthTokenRequest {
  /** UPPER_SNAKE prefix of error codes: `EBAY`, `AMAZON`. */
  readonly provider: string;
  readonly url: string;
  /** Form fields (`grant_type`, `refresh_token`, ...). */
  readonly form: Readonly<Record<string, string>>;
  /** Extra headers, e.g. `Authorization: Basic ...` for client authentication. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Credential field names to blame per OAuth error, for messages and `param`. */
  readonly fields: { readonly client: string; readonly grant: string; readonly scope?: string };
}

const tokenResponse = z.object({
  access_token: z.string().min(1),
  expires_in: z.coerce.number().positive().optional(),
});

const oauthError = z.object({ error: z.string(), error_description: z.string().optional() });

/**
 * POSTs an RFC 6749 token request (form-encoded) and returns the access token and its lifetime (default 1 h when
 * the answer names none). OAuth errors become FatalError `<P>_AUTH_FAILED` naming the credential field at fault
 * (`invalid_client` → client id/secret, `invalid_grant` → the refresh token/password, `invalid_scope` → scope);
 * 429/5xx are retryable as in `providerFailure`.
 */
export async function requestOAuthToken(http: HttpClient, request: OAuthTokenRequest): Promise<IssuedToken> {
  const response = await http.request<unknown>({
    method: 'POST',
    url: request.url,
    headers: { Accept: 'application/json', ...request.headers },
    body: request.form,
    bodyType: 'form',
    throwOnError: false,
    idempotencyHeader: false,
  });
  if (response.status >= 200 && response.status < 300) {
    const parsed = tokenResponse.safeParse(response.body);
    if (!parsed.success) {
      throw new FatalError(`${request.url} answered without an access_token: ${bodyExcerpt(response.body)}`, {
        code: `${request.provider}_TOKEN_RESPONSE_INVALID`,
      });
    }
    return { accessToken: parsed.data.access_token, expiresInSeconds: parsed.data.expires_in ?? 3600 };
  }
  const error = oauthError.safeParse(response.body);
  if ((response.status === 400 || response.status === 401) && error.success) {
    const field = fieldAtFault(error.data.error, request.fields);
    const description = error.data.error_description ? ` (${error.data.error_description})` : '';
    throw new FatalError(
      `token request rejected: ${error.data.error}${description}${field === undefined ? '' : `; check the credential field "${field}"`}`,
      { code: `${request.provider}_AUTH_FAILED`, httpStatus: response.status, ...(field !== undefined && { param: field }) },
    );
  }
  throw providerFailure({
    provider: request.provider, status: response.status, headers: response.headers,
    action: 'token request', detail: bodyExcerpt(response.body),
  });
}

function fieldAtFault(error: string, fields: OAuthTokenRequest['fields']): string | undefined {
  switch (error) {
    case 'invalid_client':
    case 'unauthorized_client':
      return fields.client;
    case 'invalid_grant':
      return fields.grant;
    case 'invalid_scope':
      return fields.scope;
    default:
      return undefined;
  }
}
