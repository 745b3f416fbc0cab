import { describe, expect, it } from 'vitest';
import { testNode } from '../testing/index.js';
import webhook, { webhookParams, webhookSpec } from './index.js';

const parse = (params: unknown) => webhook.params.safeParse(params);
const messages = (params: unknown): string => {
  const result = parse(params);
  return result.success ? '' : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('\n');
};

describe('webhook', () => {
  it('passes the request item on', async () => {
    const request = { body: { id: 7 }, headers: { 'content-type': 'application/json' }, query: {}, params: { shop: 'a' }, method: 'POST' };
    const result = await testNode(webhook, { params: { path: 'orders/:shop' }, items: [request] });
    expect(result.status).toBe('success');
    expect(result.outputs.main).toEqual([request]);
  });

  it('fills defaults into the spec: POST, onReceived, no auth', () => {
    const params = webhook.params.parse({ path: 'orders' });
    expect(webhook.trigger?.kind).toBe('webhook');
    expect(webhook.trigger?.webhook?.(params)).toEqual({ path: 'orders', method: 'POST', responseMode: 'onReceived', auth: { type: 'none' } });
  });

  it('carries auth and duplicate suppression into the spec', () => {
    const params = webhookParams.parse({
      path: 'shopify/orders',
      method: 'POST',
      responseMode: 'respondNode',
      auth: { type: 'hmac', preset: 'shopify', secret: 's3cret' },
      eventIdHeader: 'X-Shopify-Event-Id',
      dedupeWindowSeconds: 3600,
    });
    expect(webhookSpec(params)).toEqual({
      path: 'shopify/orders',
      method: 'POST',
      responseMode: 'respondNode',
      auth: { type: 'hmac', preset: 'shopify', secret: 's3cret' },
      eventIdHeader: 'X-Shopify-Event-Id',
      dedupeWindowSeconds: 3600,
    });
  });

  it('accepts header and basic auth', () => {
    expect(parse({ path: 'a', auth: { type: 'header', name: 'X-Key', value: 'k' } }).success).toBe(true);
    expect(parse({ path: 'a', auth: { type: 'basic', user: 'u', password: 'p' } }).success).toBe(true);
  });

  it('rejects bad paths, methods and incomplete auth with clear messages', () => {
    expect(messages({ path: '/orders' })).toContain("path: must not start or end with '/'");
    expect(messages({ path: 'a/:id/:id' })).toContain("parameter ':id' appears twice");
    expect(messages({})).toContain('path:');
    expect(messages({ path: 'a', method: 'TRACE' })).toContain('method:');
    expect(messages({ path: 'a', auth: { type: 'hmac', preset: 'generic', secret: 'x' } })).toContain('auth.header: the generic preset needs `header`');
    expect(messages({ path: 'a', auth: { type: 'basic', user: 'u' } })).toContain('auth.password');
    expect(messages({ path: 'a', auth: { type: 'magic' } })).toContain('auth');
  });

  it('fails the node run with PARAM_INVALID naming the param', async () => {
    const result = await testNode(webhook, { params: { path: 'a b' } });
    expect(result.status).toBe('failed');
    expect(result.error).toMatchObject({ code: 'PARAM_INVALID', param: 'path' });
  });
});
