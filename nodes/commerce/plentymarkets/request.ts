import type { BaseContext, CredentialSlots, HttpRequest, HttpResponse } from '../../sdk/index.js';
import { bodyExcerpt, providerFailure } from '../shared/provider-errors.js';
import { forgetPlentyToken, plentyAccessToken } from './auth.js';
import { plentyBaseUrl, type PlentyCredentialData } from './schema.js';

/**
 * A REST call below `<system>/rest` with the cached bearer token; on 401 it logs in again once. Non-2xx answers
 * become `PLENTYMARKETS_*` errors via `providerFailure`; a 429 without `Retry-After` waits the
 * `X-Plenty-Global-Short-Period-Decay` seconds plentymarkets sends.
 */
export async function plentyRequest(
  ctx: BaseContext<CredentialSlots>,
  data: PlentyCredentialData,
  request: Omit<HttpRequest, 'url'> & { readonly path: string },
  action: string,
): Promise<HttpResponse<unknown>> {
  const { path, ...rest } = request;
  for (let attempt = 1; ; attempt++) {
    const token = await plentyAccessToken(ctx.http, data, ctx.now());
    const response = await ctx.http.request<unknown>({
      ...rest,
      url: `${plentyBaseUrl(data)}/rest${path}`,
      headers: { Accept: 'application/json', ...rest.headers, Authorization: `Bearer ${token}` },
      throwOnError: false,
      idempotencyHeader: false,
    });
    if (response.status === 401 && attempt === 1) {
      forgetPlentyToken(data, token);
      continue;
    }
    if (response.status >= 200 && response.status < 300) return response;
    const decay = Number(response.headers['x-plenty-global-short-period-decay']);
    throw providerFailure({
      provider: 'PLENTYMARKETS', status: response.status, headers: response.headers, action, detail: bodyExcerpt(response.body),
      ...(Number.isFinite(decay) && decay > 0 && { defaultRetryAfterMs: decay * 1000 }),
    });
  }
}
