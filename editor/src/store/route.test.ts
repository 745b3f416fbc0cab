import { describe, expect, it } from 'vitest';
import { formatRoute, parseRoute } from './route.js';
import type { Route } from './state.js';

describe('routes', () => {
  it('round-trips every page through the URL', () => {
    const routes: Route[] = [
      { page: 'workflows' },
      { page: 'editor', workflowId: 'order flow' },
      { page: 'editor', workflowId: 'a', executionId: 'e1' },
      { page: 'executions' },
      { page: 'executions', workflowId: 'a' },
      { page: 'credentials' },
      { page: 'stock' },
    ];
    for (const route of routes) {
      const [path, search] = formatRoute(route).split('?');
      expect(parseRoute(path ?? '', search ? `?${search}` : '')).toEqual(route);
    }
  });
});
