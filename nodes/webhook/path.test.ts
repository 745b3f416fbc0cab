import { describe, expect, it } from 'vitest';
import { webhookPathProblems } from './path.js';

describe('webhook path format', () => {
  it.each(['orders', 'shop/orders', 'orders/:shop', 'v1.2/orders_new/:shopId/x-y~z'])('accepts %s', (path) => {
    expect(webhookPathProblems(path)).toEqual([]);
  });

  it.each([
    ['', 'must not be empty'],
    ['/orders', "must not start or end with '/'"],
    ['orders/', "must not start or end with '/'"],
    ['a//b', "'//'"],
    ['orders/:', "parameter ':'"],
    ['orders/:1shop', "parameter ':1shop'"],
    ['a/:id/b/:id', 'appears twice'],
    ['ord ers', "segment 'ord ers'"],
    ['a/../b', "segment '..'"],
    ['a/?x=1', "segment '?x=1'"],
  ])('rejects %j', (path, message) => {
    expect(webhookPathProblems(path).join('; ')).toContain(message);
  });
});
