import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  builtinCredentialTypes, httpAuthHeaders, httpBasicCredential, httpHeaderCredential, smtpCredential,
} from './index.js';
import { createHttpClient } from '../sdk/index.js';
import { startSmtpStandin, type SmtpStandin } from '../../test/standins/index.js';

const tools = () => {
  const signal = new AbortController().signal;
  return { http: createHttpClient({ signal, idempotencyKey: 'credential-test' }), signal };
};

describe('HTTP credential types', () => {
  it('are listed with unique types and secret fields', () => {
    expect(builtinCredentialTypes.map((type) => type.type)).toEqual(['httpHeader', 'httpBasic', 'httpBearer', 'smtp']);
    expect(builtinCredentialTypes.map((type) => type.secretFields)).toEqual([['value'], ['password'], ['token'], ['password']]);
  });

  it('validate their fields', () => {
    expect(httpHeaderCredential.schema.safeParse({ name: 'X-API-Key', value: 'k' }).success).toBe(true);
    expect(httpHeaderCredential.schema.safeParse({ name: 'Bad Header', value: 'k' }).success).toBe(false);
    expect(httpBasicCredential.schema.safeParse({ user: 'a:b', password: 'p' }).success).toBe(false);
    expect(smtpCredential.schema.parse({ host: 'mail.test', from: 'shop@mail.test' })).toEqual({
      host: 'mail.test', port: 587, secure: false, from: 'shop@mail.test',
    });
  });

  it('become the matching request headers', () => {
    expect(httpAuthHeaders({ type: 'httpHeader', data: { name: 'X-API-Key', value: 'k1' } })).toEqual({ 'X-API-Key': 'k1' });
    expect(httpAuthHeaders({ type: 'httpBasic', data: { user: 'shop', password: 'pä55' } })).toEqual({
      Authorization: `Basic ${Buffer.from('shop:pä55').toString('base64')}`,
    });
    expect(httpAuthHeaders({ type: 'httpBearer', data: { token: 't0k' } })).toEqual({ Authorization: 'Bearer t0k' });
  });
});

describe('smtp credential test', () => {
  let smtp: SmtpStandin;
  beforeAll(async () => {
    smtp = await startSmtpStandin({ user: 'shop', password: 'right' });
  });
  afterAll(() => smtp.close());

  const data = (password: string) => smtpCredential.schema.parse({
    host: smtp.host, port: smtp.port, user: 'shop', password, from: 'shop@example.test',
  });

  it('passes with the right password', async () => {
    expect(smtpCredential.test).toBeTypeOf('function');
    await expect(smtpCredential.test?.(data('right'), tools())).resolves.toBeUndefined();
  });

  it('fails with a wrong password', async () => {
    await expect(smtpCredential.test?.(data('wrong'), tools())).rejects.toThrow(/535|auth/i);
  });

  it('fails when nothing listens on the port', async () => {
    const closed = await startSmtpStandin();
    await closed.close();
    const parsed = smtpCredential.schema.parse({ host: '127.0.0.1', port: closed.port, from: 'x@example.test' });
    await expect(smtpCredential.test?.(parsed, tools())).rejects.toThrow(/ECONNREFUSED|connect/i);
  });
});
