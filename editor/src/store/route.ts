import type { Route } from './state.js';

/** Routes ↔ URL paths (the server answers every non-API path with the editor, so deep links work). */

export function parseRoute(pathname: string, search: string): Route {
  const parts = pathname.split('/').filter((p) => p.length > 0).map(decodeURIComponent);
  const query = new URLSearchParams(search);
  if (parts[0] === 'workflows' && parts[1] !== undefined) {
    if (parts[2] === 'executions' && parts[3] !== undefined) return { page: 'editor', workflowId: parts[1], executionId: parts[3] };
    return { page: 'editor', workflowId: parts[1] };
  }
  if (parts[0] === 'executions') {
    const workflowId = query.get('workflowId');
    return workflowId ? { page: 'executions', workflowId } : { page: 'executions' };
  }
  if (parts[0] === 'credentials') return { page: 'credentials' };
  if (parts[0] === 'stock') return { page: 'stock' };
  return { page: 'workflows' };
}

export function formatRoute(route: Route): string {
  switch (route.page) {
    case 'workflows':
      return '/';
    case 'editor':
      return route.executionId
        ? `/workflows/${encodeURIComponent(route.workflowId)}/executions/${encodeURIComponent(route.executionId)}`
        : `/workflows/${encodeURIComponent(route.workflowId)}`;
    case 'executions':
      return route.workflowId ? `/executions?workflowId=${encodeURIComponent(route.workflowId)}` : '/executions';
    case 'credentials':
      return '/credentials';
    case 'stock':
      return '/stock';
    default: {
      const never: never = route;
      return never;
    }
  }
}
