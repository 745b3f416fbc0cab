import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpClient } from '../../nodes/sdk/index.js';
import {
  dhlParcelBaseUrl, dhlParcelCredential, dhlTokenUrl, dhlTrackingBaseUrl, dhlTrackingCredential,
} from '../../nodes/commerce/dhl/credentials.js';
import { hermesBaseUrl, hermesCredential, hermesTokenUrl } from '../../nodes/commerce/hermes/credentials.js';
import { clearTokenCache } from '../../nodes/commerce/dhl/password-grant.js';
import { startDhlParcelStandin, type DhlParcelStandin } from '../standins/dhl-parcel.js';
import { startDhlTrackingStandin, type DhlTrackingStandin } from '../standins/dhl-tracking.js';
import { startHermesStandin, type HermesStandin } from '../standins/hermes.js';

const signal = new AbortController().signal;
const http = createHttpClient({ signal, idempotencyKey: 'credential-test' });

describe('shipping credential types', () => {
  it('default to the sandbox and pick production or the base URL override', () => {
    const dhl = dhlParcelCredential.schema.parse({ apiKey: 'k', username: 'user-valid', password: 'p' });
    expect(dhl).toMatchObject({ sandbox: true, authMode: 'basic' });
    expect(dhlParcelBaseUrl(dhl)).toBe('https://api-sandbox.dhl.com/parcel/de/shipping/v2');
    expect(dhlTokenUrl(dhl)).toBe('https://api-sandbox.dhl.com/parcel/de/account/auth/ropc/v1/token');
    const production = { ...dhl, sandbox: false };
    expect(dhlParcelBaseUrl(production)).toBe('https://api-eu.dhl.com/parcel/de/shipping/v2');
    expect(dhlTokenUrl(production)).toBe('https://api-eu.dhl.com/parcel/de/account/auth/ropc/v1/token');
    expect(dhlTokenUrl({ ...dhl, baseUrl: 'http://127.0.0.1:9/parcel/de/shipping/v2' })).toBe('http://127.0.0.1:9/parcel/de/account/auth/ropc/v1/token');

    const tracking = dhlTrackingCredential.schema.parse({ apiKey: 'k', sandbox: false });
    expect(dhlTrackingBaseUrl(tracking)).toBe('https://api-eu.dhl.com/track/shipments');

    const hermes = hermesCredential.schema.parse({ clientId: 'c', clientSecret: 's', username: 'u', password: 'p' });
    expect(hermes.language).toBe('DE');
    expect(hermesBaseUrl(hermes)).toBe('https://de-api-int.hermesworld.com/services/hsi');
    expect(hermesTokenUrl(hermes)).toBe('https://authme-int.myhermes.de/authorization-facade/oauth2/access_token');
    expect(hermesTokenUrl({ ...hermes, sandbox: false })).toBe('https://authme.myhermes.de/authorization-facade/oauth2/access_token');
    expect(hermesTokenUrl({ ...hermes, baseUrl: 'http://127.0.0.1:9/services/hsi' })).toBe('http://127.0.0.1:9/authorization-facade/oauth2/access_token');

    const bad = dhlParcelCredential.schema.safeParse({ apiKey: '', username: 'u', password: 'p', baseUrl: 'ftp://x' });
    expect(bad.error?.issues.map((issue) => issue.path.join('.')).sort()).toEqual(['apiKey', 'baseUrl']);
  });

  describe('credential tests against the stand-ins', () => {
    let dhl: DhlParcelStandin;
    let tracking: DhlTrackingStandin;
    let hermes: HermesStandin;
    beforeAll(async () => {
      [dhl, tracking, hermes] = await Promise.all([startDhlParcelStandin(), startDhlTrackingStandin(), startHermesStandin()]);
    });
    afterAll(async () => { await Promise.all([dhl.close(), tracking.close(), hermes.close()]); });

    it('pass with good data and fail with DHL_AUTH_FAILED / HERMES_AUTH_FAILED otherwise', async () => {
      clearTokenCache();
      const parse = (data: Record<string, unknown>) => dhlParcelCredential.schema.parse(data);
      await expect(dhlParcelCredential.test?.(parse(dhl.credential), { http, signal })).resolves.toBeUndefined();
      await expect(dhlParcelCredential.test?.(parse({ ...dhl.credential, authMode: 'oauth', apiSecret: 'standin-dhl-api-secret' }), { http, signal })).resolves.toBeUndefined();
      expect(dhl.tokensIssued()).toBe(1);
      await expect(dhlParcelCredential.test?.(parse({ ...dhl.credential, password: 'x' }), { http, signal })).rejects.toMatchObject({ code: 'DHL_AUTH_FAILED' });

      const trackingData = dhlTrackingCredential.schema.parse(tracking.credential);
      await expect(dhlTrackingCredential.test?.(trackingData, { http, signal })).resolves.toBeUndefined();
      await expect(dhlTrackingCredential.test?.({ ...trackingData, apiKey: 'x' }, { http, signal })).rejects.toMatchObject({ code: 'DHL_AUTH_FAILED' });

      const hermesData = hermesCredential.schema.parse(hermes.credential);
      await expect(hermesCredential.test?.(hermesData, { http, signal })).resolves.toBeUndefined();
      await expect(hermesCredential.test?.({ ...hermesData, clientSecret: 'x' }, { http, signal })).rejects.toMatchObject({ code: 'HERMES_AUTH_FAILED' });
    });
  });
});
