/**
 * One call to DHL Parcel DE Shipping v2 with the credential's authentication:
 * `dhl-api-key` on every request, plus HTTP Basic (GKP user/password) or, with `authMode: oauth`, a cached
 * Bearer token from the password grant (a 401 to a cached token drops it and tries once with a new one).
 *
 * Returns the response for 2xx (200, 207) and 400 (all carry a `LabelDataResponse` the caller reads per shipment);
 * every other status is thrown as the typed error of `dhlHttpFailure`. The run's idempotency key travels in
 * `Idempotency-Key` (DHL documents no such header; it is harmless there and lets stand-ins and proxies dedupe).
 */
import type { HttpClient, HttpMethod, HttpResponse } from '../../sdk/index.js';
import { dhlParcelBaseUrl, dhlTokenUrl, type DhlParcelCredentialData } from './credentials.js';
import { dhlHttpFailure } from './errors.js';
import { forgetToken, passwordGrantToken, type PasswordGrant } from './password-grant.js';

export const DHL_PARCEL_CREDENTIAL_NAME = 'DHL Parcel DE (shipping)';

export interface DhlCallContext {
  readonly http: HttpClient;
  now(): number;
}

export interface DhlParcelCall {
  readonly method: HttpMethod;
  /** Below the API base, e.g. `/orders`. */
  readonly path: string;
  readonly query?: Readonly<Record<string, string | number | boolean | undefined>>;
  readonly body?: unknown;
  readonly language: string;
  /** What the call does, for error messages ("create label", "cancel shipment 0034…"). */
  readonly what: string;
  readonly idempotencyKey?: string;
}

export async function dhlParcelCall(ctx: DhlCallContext, credential: DhlParcelCredentialData, call: DhlParcelCall): Promise<HttpResponse<unknown>> {
  const grant = credential.authMode === 'oauth' ? passwordGrantOf(credential) : undefined;
  for (let attempt = 1; ; attempt++) {
    const authorization = grant === undefined
      ? `Basic ${Buffer.from(`${credential.username}:${credential.password}`, 'utf8').toString('base64')}`
      : `Bearer ${await passwordGrantToken(ctx.http, grant, ctx.now())}`;
    const response = await ctx.http.request({
      method: call.method,
      url: dhlParcelBaseUrl(credential) + call.path,
      ...(call.query !== undefined && { query: call.query }),
      ...(call.body !== undefined && { body: call.body }),
      headers: {
        'dhl-api-key': credential.apiKey,
        authorization,
        accept: 'application/json, application/problem+json',
        'accept-language': call.language,
      },
      ...(call.idempotencyKey !== undefined && { idempotencyKey: call.idempotencyKey }),
      throwOnError: false,
    });
    if (response.status === 401 && grant !== undefined && attempt === 1) {
      forgetToken(grant);
      continue;
    }
    if ((response.status >= 200 && response.status < 300) || response.status === 400) return response;
    throw dhlHttpFailure(response, DHL_PARCEL_CREDENTIAL_NAME, call.what);
  }
}

function passwordGrantOf(credential: DhlParcelCredentialData): PasswordGrant {
  return {
    tokenUrl: dhlTokenUrl(credential),
    clientId: credential.apiKey,
    clientSecret: credential.apiSecret,
    username: credential.username,
    password: credential.password,
    errorPrefix: 'DHL',
    credentialName: DHL_PARCEL_CREDENTIAL_NAME,
  };
}
