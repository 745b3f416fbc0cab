import express from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { errorMiddleware } from '../../server/http/errors.js';
import { isServiceUnavailable } from '../../server/store/unavailable.js';

/** Which errors mean "the database cannot be reached" (503) rather than a bug (500). */

const withCode = (code: string, message = 'x'): Error => Object.assign(new Error(message), { code });

describe('isServiceUnavailable', () => {
  it('recognises socket errors, PostgreSQL connection SQLSTATEs and pg pool messages', () => {
    for (const code of ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EPIPE', '08006', '08001', '57P01', '57P03', '53300']) {
      expect(isServiceUnavailable(withCode(code)), code).toBe(true);
    }
    expect(isServiceUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isServiceUnavailable(new Error('timeout exceeded when trying to connect'))).toBe(true);
    expect(isServiceUnavailable(new Error('Client has encountered a connection error and is not queryable'))).toBe(true);
    expect(isServiceUnavailable(new AggregateError([withCode('ECONNREFUSED')], 'all addresses failed'))).toBe(true);
    expect(isServiceUnavailable(new Error('wrapped', { cause: withCode('ECONNRESET') }))).toBe(true);
  });

  it('leaves constraint violations, syntax errors and plain bugs alone', () => {
    for (const error of [withCode('23505', 'duplicate key'), withCode('42601', 'syntax error'), new TypeError('x is undefined'), 'a string', null, undefined]) {
      expect(isServiceUnavailable(error), String(error)).toBe(false);
    }
  });

  it('the error middleware answers them 503 STORE_UNAVAILABLE with Retry-After, others 500', async () => {
    const app = express();
    app.get('/down', () => { throw withCode('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432'); });
    app.get('/bug', () => { throw new TypeError('boom'); });
    const logged: unknown[] = [];
    app.use(errorMiddleware({ error: (data) => logged.push(data) }));
    const down = await request(app).get('/down');
    expect(down.status).toBe(503);
    expect(down.headers['retry-after']).toBe('5');
    expect(down.body).toEqual({ error: { code: 'STORE_UNAVAILABLE', message: 'the database is not reachable; try again shortly' } });
    const bug = await request(app).get('/bug');
    expect(bug.status).toBe(500);
    expect(bug.body.error.code).toBe('INTERNAL_ERROR');
    expect(logged).toHaveLength(2);
  });
});
