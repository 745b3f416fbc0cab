import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { providerBaseUrl, providerEndpointFields } from './provider.js';

const urls = { production: 'https://api.example.com/v1', sandbox: 'https://sandbox.example.com/v1/' };

describe('provider endpoint fields', () => {
  it('picks the override, else sandbox or production, without a trailing slash', () => {
    expect(providerBaseUrl({ sandbox: true }, urls)).toBe('https://sandbox.example.com/v1');
    expect(providerBaseUrl({ sandbox: false }, urls)).toBe('https://api.example.com/v1');
    expect(providerBaseUrl({ sandbox: false, baseUrl: 'http://127.0.0.1:4000/' }, urls)).toBe('http://127.0.0.1:4000');
  });

  it('defaults to the sandbox and rejects a base URL that is not http(s)', () => {
    const schema = z.object(providerEndpointFields);
    expect(schema.parse({})).toEqual({ sandbox: true });
    const bad = schema.safeParse({ baseUrl: 'ftp://example.com' });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.path).toEqual(['baseUrl']);
  });
});
